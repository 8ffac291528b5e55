// The whole explanation of one call, in two parts (the verdict on top, the evidence below) so the
// what-if controls can sit between them. Rendered on the server for /diagnose and /d/<id> (static
// HTML, nothing to hydrate but the diagrams and copy buttons), and in the browser only once a
// what-if has changed the call — so it imports nothing server-only.

import { MermaidDiagram } from '@/components/mermaid-diagram';
import type { AssumeRoleRequest, Diagnosis, Snapshot } from '@/lib/engine/types';
import { CheckPanels } from './check-panels';
import { ContextTable } from './context-table';
import { FixList } from './fix-list';
import { RequestSummary } from './request-summary';
import { VerdictBanner } from './verdict-banner';

export type DiagnosisViewProps = {
  diagnosis: Diagnosis;
  request: AssumeRoleRequest;
  /** The data the diagnosis used (or the slice of it that holds the policies involved). */
  snapshot: Snapshot;
  tree: string;
  sequence: string;
  /** The what-if controls, placed right under the verdict when the view is interactive. */
  whatIf?: React.ReactNode;
};

type TopProps = Pick<DiagnosisViewProps, 'diagnosis' | 'request'>;
type BodyProps = Omit<DiagnosisViewProps, 'whatIf'>;

export function DiagnosisTop({ diagnosis, request }: TopProps) {
  return (
    <div className="space-y-6 wrap-anywhere">
      <VerdictBanner diagnosis={diagnosis} request={request} />
      <RequestSummary request={request} />
    </div>
  );
}

export function DiagnosisBody({ diagnosis, request, snapshot, tree, sequence }: BodyProps) {
  return (
    // ARNs are long unbreakable words: let them wrap anywhere rather than widen the page on phones.
    <div className="space-y-6 wrap-anywhere">
      {/* One above the other: a sequence is as wide as its participants (often 1,800 px); shrunk
          into half a row its text was 3-4 px high. It keeps its own size across the full width and
          scrolls sideways (a toggle fits it). */}
      <div className="grid grid-cols-1 items-start gap-4">
        <MermaidDiagram source={tree} title="Decision tree" testId="decision-tree" focusSelector="g.node.fail" />
        <MermaidDiagram source={sequence} title="Sequence of the call" testId="sequence-diagram" scale="natural" />
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <CheckPanels checks={diagnosis.checks} snapshot={snapshot} request={request} />
        <div className="space-y-6">
          <FixList fixes={diagnosis.fixes} />
          {diagnosis.problems && diagnosis.problems.length > 0 ? (
            <section aria-labelledby="problems-heading" className="space-y-2">
              <h2 id="problems-heading" className="text-lg font-semibold">
                Statements skipped
              </h2>
              <ul className="space-y-1 text-sm">
                {diagnosis.problems.map((problem, index) => (
                  <li key={index} className="rounded border border-[var(--warn)] p-2">
                    <span className="font-medium">{problem.policy.name}</span>
                    {problem.statementIndex !== undefined ? ` statement ${problem.statementIndex}` : ''}: {problem.message}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <ContextTable context={diagnosis.context} />
        </div>
      </div>
    </div>
  );
}

export function DiagnosisView({ whatIf, ...props }: DiagnosisViewProps) {
  return (
    <div className="space-y-6">
      <DiagnosisTop diagnosis={props.diagnosis} request={props.request} />
      {whatIf}
      <DiagnosisBody {...props} />
    </div>
  );
}
