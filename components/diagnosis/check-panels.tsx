import type { AssumeRoleRequest, Check, ConditionEvidence, PolicyRef, Snapshot, StatementEvidence } from '@/lib/engine/types';
import { softBreakSegments } from '@/lib/ui/soft-breaks';
import { policyDocumentFor } from '@/lib/ui/snapshot-views';
import { PolicyJson } from './policy-json';
import { StatusBadge } from './status';

const POLICY_KIND_TEXT: Record<PolicyRef['kind'], string> = {
  trust: 'Trust policy',
  'identity-inline': 'Inline identity policy',
  'identity-managed': 'Managed identity policy',
  'group-inline': 'Group inline policy',
  'group-managed': 'Group managed policy',
  'permissions-boundary': 'Permissions boundary',
  'session-policy': 'Session policy',
  scp: 'Service control policy',
  rcp: 'Resource control policy',
};

function policyKey(ref: PolicyRef): string {
  return [ref.kind, ref.account ?? '', ref.arn ?? '', ref.name, ref.owner ?? '', ref.attachedTo ?? ''].join('|');
}

function policyLabel(ref: PolicyRef): string {
  const parts = [`${POLICY_KIND_TEXT[ref.kind]} ${ref.name}`];
  if (ref.owner) parts.push(`of ${ref.owner}`);
  if (ref.attachedTo) parts.push(`attached to ${ref.attachedTo}`);
  if (ref.account) parts.push(`in ${ref.account}`);
  return parts.join(' ');
}

/** A long value that wraps only after its separators (see softBreakSegments), never mid-word. */
function Breakable({ value, longRun }: { value: string; longRun?: number }) {
  const segments = softBreakSegments(value, longRun);
  return (
    <>
      {segments.map((segment, index) => (
        <span key={index}>
          {index > 0 ? <wbr /> : null}
          {segment}
        </span>
      ))}
    </>
  );
}

function Values({ values, missing }: { values: string[]; missing?: boolean }) {
  if (missing) return <span className="font-semibold text-[var(--warn)]">missing from the request</span>;
  if (values.length === 0) return <span className="text-[var(--muted)]">(none)</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {values.map((value, index) => (
        <code key={index} className="rounded bg-[var(--bg)] px-1 [overflow-wrap:break-word]">
          <Breakable value={value} />
        </code>
      ))}
    </span>
  );
}

function ConditionTable({ conditions }: { conditions: ConditionEvidence[] }) {
  return (
    // The page lets text wrap anywhere; here a column is as wide as its longest unbreakable piece
    // (headers never break, values break after their separators) and the table scrolls sideways
    // when that is wider than the panel.
    <div className="overflow-x-auto [overflow-wrap:normal] [word-break:normal]" tabIndex={0} role="region" aria-label="Conditions, scrollable">
      <table className="w-full min-w-[36rem] text-left text-xs" data-testid="condition-table">
        <caption className="sr-only">Conditions: policy values against request values</caption>
        <thead className="text-[var(--muted)]">
          <tr>
            <th scope="col" className="whitespace-nowrap py-1 pr-2 font-medium">Result</th>
            <th scope="col" className="whitespace-nowrap py-1 pr-2 font-medium">Operator</th>
            <th scope="col" className="whitespace-nowrap py-1 pr-2 font-medium">Key</th>
            <th scope="col" className="whitespace-nowrap py-1 pr-2 font-medium">Policy wants</th>
            <th scope="col" className="whitespace-nowrap py-1 font-medium">Request has</th>
          </tr>
        </thead>
        <tbody>
          {conditions.map((condition, index) => (
            <tr
              key={index}
              data-testid="condition-row"
              data-matched={condition.matched ? 'true' : 'false'}
              className={`border-t border-[var(--border)] align-top ${condition.matched ? '' : 'bg-[color-mix(in_srgb,var(--fail)_10%,transparent)]'}`}
            >
              <td className={`whitespace-nowrap py-1 pr-2 font-semibold ${condition.matched ? 'text-[var(--pass)]' : 'text-[var(--fail)]'}`}>
                {condition.matched ? '✓ holds' : '✗ fails'}
              </td>
              <td className="py-1 pr-2 font-mono">{condition.operator}</td>
              <td className="py-1 pr-2 font-mono">
                {/* A key is a name: a long one may also wrap after its dots (token.actions.…). */}
                <Breakable value={condition.key} longRun={24} />
              </td>
              <td className="py-1 pr-2">
                <Values values={condition.resolvedPolicyValues ?? condition.policyValues} />
                {condition.resolvedPolicyValues ? (
                  <span className="mt-1 block text-[var(--muted)]">
                    written as <Values values={condition.policyValues} />
                  </span>
                ) : null}
              </td>
              <td className="py-1">
                <Values values={condition.requestValues} missing={condition.keyMissing} />
                {condition.note ? <span className="mt-1 block text-[var(--warn)]">{condition.note}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Matched({ label, value }: { label: string; value: boolean | undefined }) {
  if (value === undefined) return null;
  return (
    <span className={value ? 'text-[var(--pass)]' : 'text-[var(--fail)]'}>
      {value ? '✓' : '✗'} {label}
    </span>
  );
}

function StatementSummary({ evidence }: { evidence: StatementEvidence }) {
  return (
    <div className="space-y-2 rounded border border-[var(--border)] p-2" data-testid="statement-evidence">
      <p className="flex flex-wrap gap-x-3 gap-y-1 text-xs">
        <span className="font-medium">
          {evidence.effect} statement {evidence.statement.index}
          {evidence.statement.sid ? <> ({evidence.statement.sid})</> : null}
        </span>
        <Matched label={`principal${evidence.principalMatchedBy ? ` (${evidence.principalMatchedBy})` : ''}`} value={evidence.principalMatched} />
        <Matched label="action" value={evidence.actionMatched} />
        <Matched label="resource" value={evidence.resourceMatched} />
        <Matched label="conditions" value={evidence.conditionsMatched} />
      </p>
      {evidence.conditions && evidence.conditions.length > 0 ? <ConditionTable conditions={evidence.conditions} /> : null}
    </div>
  );
}

function highlightFor(check: Check, evidence: StatementEvidence): 'fail' | 'pass' | 'neutral' {
  if (check.status === 'fail') {
    if (evidence.effect === 'Deny') return 'fail';
    if (evidence.principalMatched === false || evidence.conditionsMatched === false || evidence.actionMatched === false) return 'fail';
    return 'neutral';
  }
  return check.status === 'pass' ? 'pass' : 'neutral';
}

function EvidenceByPolicy({ check, snapshot, request }: { check: Check; snapshot: Snapshot; request: AssumeRoleRequest }) {
  const groups = new Map<string, { ref: PolicyRef; items: StatementEvidence[] }>();
  for (const evidence of check.evidence) {
    const key = policyKey(evidence.policy);
    const group = groups.get(key) ?? { ref: evidence.policy, items: [] };
    group.items.push(evidence);
    groups.set(key, group);
  }
  return (
    <div className="space-y-4">
      {[...groups.values()].map(({ ref, items }) => {
        const document = policyDocumentFor(snapshot, ref, request);
        const highlight = new Map(items.map((item) => [item.statement.index, highlightFor(check, item)] as const));
        return (
          <div key={policyKey(ref)} className="space-y-2">
            <h4 className="text-sm font-medium">{policyLabel(ref)}</h4>
            {items.map((item, index) => (
              <StatementSummary key={index} evidence={item} />
            ))}
            {document ? (
              <PolicyJson document={document} highlight={highlight} label={policyLabel(ref)} />
            ) : (
              items
                .filter((item) => item.source !== undefined)
                .map((item, index) => (
                  <pre key={index} className="overflow-auto rounded border border-[var(--border)] bg-[var(--bg)] p-2 text-xs" data-testid="deciding-statement">
                    {JSON.stringify(item.source, null, 2)}
                  </pre>
                ))
            )}
          </div>
        );
      })}
    </div>
  );
}

export function CheckPanels({ checks, snapshot, request }: { checks: Check[]; snapshot: Snapshot; request: AssumeRoleRequest }) {
  return (
    <section aria-labelledby="checks-heading" className="space-y-2">
      <h2 id="checks-heading" className="text-lg font-semibold">
        Checks
      </h2>
      <ol className="space-y-2">
        {checks.map((check) => (
          <li key={check.id}>
            <details
              id={`check-${check.id}`}
              open={check.status === 'fail' || check.status === 'unknown'}
              data-testid={`check-${check.id}`}
              data-status={check.status}
              className="rounded-lg border border-[var(--border)] bg-[var(--card)]"
            >
              <summary className="flex cursor-pointer flex-wrap items-start gap-2 p-3">
                <StatusBadge status={check.status} />
                <span className="min-w-0 flex-1">
                  <span className="font-medium">{check.title}</span>
                  <span className="ml-2 font-mono text-xs text-[var(--muted)]">{check.id}</span>
                  <span className="block text-sm text-[var(--muted)]">{check.summary}</span>
                </span>
                {check.disputed ? (
                  <span
                    data-testid={`disputed-${check.id}`}
                    title="The AWS documentation contradicts itself on the rule this check follows"
                    className="rounded-full border border-[var(--warn)] px-2 py-0.5 text-xs font-semibold text-[var(--warn)]"
                  >
                    disputed
                  </span>
                ) : null}
                {check.denial ? <span className="text-xs text-[var(--muted)]">{check.denial} deny</span> : null}
              </summary>
              <div className="space-y-3 border-t border-[var(--border)] p-3">
                {check.rules.length > 0 ? (
                  <p className="text-xs text-[var(--muted)]">
                    Rules: {check.rules.join(', ')}
                    {check.disputed ? ' — the AWS documentation disagrees with itself here; the verdict follows the current documentation text (the check summary gives the other reading).' : ''}
                  </p>
                ) : null}
                {check.evidence.length > 0 ? (
                  <EvidenceByPolicy check={check} snapshot={snapshot} request={request} />
                ) : (
                  <p className="text-xs text-[var(--muted)]">No policy statement involved.</p>
                )}
              </div>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
