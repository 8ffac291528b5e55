import Link from 'next/link';
import { ResetProgressButton, StepVisitedMark, WalkthroughProgress } from '@/components/learn/progress';
import { loadLearnData } from '@/lib/learn/data';

export const metadata = { title: 'Learn' };
export const dynamic = 'force-dynamic';

export default async function LearnPage() {
  const { walkthroughs } = await loadLearnData(undefined);
  return (
    <section className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Learn how AssumeRole works — and how it breaks</h1>
        <p className="max-w-3xl text-[var(--muted)]">
          Every diagram here is drawn from the demo organization’s real roles and policies, and every “break it” button runs the same engine that
          diagnoses real failures. Your progress stays in this browser.
        </p>
        <ResetProgressButton />
      </header>
      <ol className="grid gap-4 md:grid-cols-2" data-testid="learn-walkthroughs">
        {walkthroughs.map((walkthrough, index) => (
          <li key={walkthrough.slug} className="space-y-2 rounded-lg border border-[var(--border)] bg-[var(--card)] p-4" data-testid={`walkthrough-${walkthrough.slug}`}>
            <div className="flex items-baseline justify-between gap-2">
              <h2 className="text-lg font-semibold">
                <Link href={`/learn/${walkthrough.slug}/${walkthrough.steps[0].slug}`} className="hover:underline">
                  {index + 1}. {walkthrough.title}
                </Link>
              </h2>
              <WalkthroughProgress walkthrough={walkthrough.slug} steps={walkthrough.steps.map((step) => step.slug)} />
            </div>
            <p className="text-sm text-[var(--muted)]">{walkthrough.summary}</p>
            <ol className="list-decimal space-y-1 pl-5 text-sm">
              {walkthrough.steps.map((step) => (
                <li key={step.slug}>
                  <Link href={`/learn/${walkthrough.slug}/${step.slug}`} className="hover:underline" data-testid={`step-link-${walkthrough.slug}-${step.slug}`}>
                    {step.title}
                  </Link>{' '}
                  <StepVisitedMark walkthrough={walkthrough.slug} step={step.slug} />
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </section>
  );
}
