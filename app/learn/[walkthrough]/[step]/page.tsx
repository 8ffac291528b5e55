import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { BreakItPanel, type BreakChoice } from '@/components/learn/break-it-panel';
import { CodeBlock } from '@/components/learn/code-block';
import { MarkStepVisited, StepVisitedMark } from '@/components/learn/progress';
import { RolePicker } from '@/components/learn/role-picker';
import { StepKeyboardNav } from '@/components/learn/step-keyboard-nav';
import { MermaidDiagram } from '@/components/mermaid-diagram';
import { breaksFor } from '@/lib/learn/breaks';
import { loadLearnData } from '@/lib/learn/data';
import { LAB_TITLES, buildLab } from '@/lib/learn/labs';
import { findWalkthrough } from '@/lib/learn/walkthroughs';

type Params = Promise<{ walkthrough: string; step: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export async function generateMetadata({ params, searchParams }: { params: Params; searchParams: SearchParams }): Promise<Metadata> {
  const { walkthrough: walkthroughSlug, step: stepSlug } = await params;
  // The same argument as the page's, so the cached reading is shared with it.
  const { walkthroughs } = await loadLearnData(single((await searchParams).role));
  const walkthrough = findWalkthrough(walkthroughs, walkthroughSlug);
  const step = walkthrough?.steps.find((candidate) => candidate.slug === stepSlug);
  return { title: step && walkthrough ? `${step.title} · ${walkthrough.title}` : 'Learn' };
}

export default async function LearnStepPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { walkthrough: walkthroughSlug, step: stepSlug } = await params;
  const query = await searchParams;
  const data = await loadLearnData(single(query.role));
  const walkthrough = findWalkthrough(data.walkthroughs, walkthroughSlug);
  const index = walkthrough ? walkthrough.steps.findIndex((candidate) => candidate.slug === stepSlug) : -1;
  if (!walkthrough || index < 0) notFound();
  const step = walkthrough.steps[index];

  const roleQuery = data.subjectRoleArn ? `?role=${encodeURIComponent(data.subjectRoleArn)}` : '';
  const hrefOf = (slug: string) => `/learn/${walkthrough.slug}/${slug}${roleQuery}`;
  const previous = index > 0 ? { href: hrefOf(walkthrough.steps[index - 1].slug), title: walkthrough.steps[index - 1].title } : undefined;
  const next = index < walkthrough.steps.length - 1 ? { href: hrefOf(walkthrough.steps[index + 1].slug), title: walkthrough.steps[index + 1].title } : undefined;

  const useSubject = Boolean(step.usesSubjectRole && data.subjectLab);
  const lab = step.lab ? (useSubject && data.subjectLab ? data.subjectLab : buildLab(step.lab.id, data.labSnapshot)) : undefined;
  const breaks: BreakChoice[] = step.lab
    ? breaksFor(step.lab.id, step.lab.breakIds).map(({ id, label, explanation, expected, rules }) => ({ id, label, explanation, expected, rules }))
    : [];
  const scenario = useSubject && data.subjectRoleArn ? `your role ${data.subjectRoleArn}` : step.lab ? LAB_TITLES[step.lab.id] : '';

  return (
    <article className="space-y-6" data-testid="learn-step" data-walkthrough={walkthrough.slug} data-step={step.slug}>
      <MarkStepVisited walkthrough={walkthrough.slug} step={step.slug} />
      <nav aria-label="Breadcrumb" className="text-sm text-[var(--muted)]">
        <Link href="/learn" className="hover:underline">
          Learn
        </Link>{' '}
        / <span>{walkthrough.title}</span>
      </nav>

      <header className="space-y-1">
        <p className="text-sm text-[var(--muted)]" data-testid="learn-step-position">
          Step {index + 1} of {walkthrough.steps.length}
        </p>
        <h1 className="text-2xl font-semibold">{step.title}</h1>
      </header>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[14rem_minmax(0,1fr)]">
        <nav aria-label={`Steps of ${walkthrough.title}`} className="min-w-0">
          <ol className="space-y-1 text-sm">
            {walkthrough.steps.map((candidate, position) => (
              <li key={candidate.slug}>
                <Link
                  href={hrefOf(candidate.slug)}
                  aria-current={position === index ? 'step' : undefined}
                  className="block rounded px-2 py-1 hover:bg-[var(--card)] aria-[current=step]:bg-[var(--card)] aria-[current=step]:font-semibold"
                >
                  {position + 1}. {candidate.title} <StepVisitedMark walkthrough={walkthrough.slug} step={candidate.slug} />
                </Link>
              </li>
            ))}
          </ol>
        </nav>

        <div className="min-w-0 space-y-5">
          {step.usesSubjectRole ? (
            <RolePicker
              action={`/learn/${walkthrough.slug}/${step.slug}`}
              roles={data.roleChoices}
              selected={data.subjectRoleArn}
              label={data.source === 'demo' ? 'Explain with another demo role' : 'Explain with one of your roles'}
            />
          ) : null}
          {data.unknownRole ? (
            <p role="alert" className="text-sm text-[var(--warn)]">
              No role {data.unknownRole} in the current data: showing the demo role instead.
            </p>
          ) : null}
          {step.note ? (
            <p className="rounded border border-[var(--warn)] px-3 py-2 text-sm" data-testid="learn-overlay-note">
              {step.note}
            </p>
          ) : null}

          <div className="max-w-3xl space-y-3" data-testid="learn-explanation">
            {step.body.map((paragraph) => (
              <p key={paragraph}>{paragraph}</p>
            ))}
            {step.rules.length > 0 ? <p className="text-xs text-[var(--muted)]">Rules: {step.rules.join(', ')}</p> : null}
          </div>

          {step.diagrams.map((diagram) => (
            <MermaidDiagram key={diagram.id} source={diagram.source} title={diagram.title} testId={`learn-diagram-${diagram.id}`} />
          ))}

          {step.subRows ? (
            <div className="max-w-full overflow-x-auto">
              <table className="w-full border-collapse text-sm" data-testid="learn-sub-table">
                <caption className="mb-2 text-left text-[var(--muted)]">Each sub claim, evaluated by the engine against the demo trust policy</caption>
                <thead>
                  <tr className="border-b border-[var(--border)] text-left">
                    <th scope="col" className="py-1 pr-3">Job</th>
                    <th scope="col" className="py-1 pr-3">sub claim</th>
                    <th scope="col" className="py-1">Result</th>
                  </tr>
                </thead>
                <tbody>
                  {step.subRows.map((row) => (
                    <tr key={row.sub} className="border-b border-[var(--border)]" data-testid="learn-sub-row" data-admitted={row.admitted ? 'true' : 'false'}>
                      <td className="py-1 pr-3">{row.kind}</td>
                      <td className="py-1 pr-3">
                        <code className="break-all">{row.sub}</code>
                      </td>
                      <td className={`py-1 ${row.admitted ? 'text-[var(--pass)]' : 'text-[var(--fail)]'}`}>
                        {row.admitted ? 'admitted' : `refused (${row.failedChecks.join(', ')})`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}

          {/* One block per row, full width: side by side, commands and their comments were cut in half. */}
          <div className="space-y-4" data-testid="learn-code">
            {step.code.map((block, position) => (
              <CodeBlock key={`${block.label}-${position}`} block={block} testId={`learn-code-${position}`} />
            ))}
          </div>

          {lab ? (
            <Suspense fallback={null}>
              <BreakItPanel lab={lab} breaks={breaks} scenario={scenario} />
            </Suspense>
          ) : null}
        </div>
      </div>

      <StepKeyboardNav previous={previous} next={next} />
    </article>
  );
}
