import Link from 'next/link';
import type { Decision, WhoCanAssumeCondition, WhoCanAssumeReport } from '@/lib/engine';
import { diagnoseHref } from '@/lib/share';

const DECISION_CLASS: Record<Decision, string> = {
  allowed: 'text-[var(--pass)]',
  denied: 'text-[var(--fail)]',
  invalid: 'text-[var(--fail)]',
  inconclusive: 'text-[var(--warn)]',
};

function Conditions({ conditions, lead }: { conditions: WhoCanAssumeCondition[]; lead: string }) {
  if (conditions.length === 0) return null;
  return (
    <span className="block text-xs">
      {lead}{' '}
      {conditions.map((condition, index) => (
        <code key={index} className="mr-2">
          {condition.key} {condition.operator} {condition.policyValues.join(' | ')}
        </code>
      ))}
    </span>
  );
}

function tally(decisions: Decision[]): string {
  const counts = new Map<Decision, number>();
  for (const decision of decisions) counts.set(decision, (counts.get(decision) ?? 0) + 1);
  return [...counts].map(([decision, count]) => `${count} ${decision}`).join(', ');
}

/**
 * The trust policy read principal by principal: how each is trusted, whether it also needs an
 * identity allow, and what a plain call by each principal of the current data gets (a link opens
 * that diagnosis); then whom the Deny statements refuse.
 */
export function WhoCanAssumeList({ report }: { report: WhoCanAssumeReport }) {
  return (
    <div className="space-y-3">
      <ul className="space-y-1 text-sm" data-testid="who-can-assume-list">
        {report.principals.map((entry, index) => (
          <li key={index} className="rounded border border-[var(--border)] p-2" data-testid="who-can-assume-entry">
            <span className="font-mono text-xs">{entry.principal}</span>{' '}
            <span className="text-xs text-[var(--muted)]">
              ({entry.kind}
              {entry.deleted ? ', deleted' : ''})
            </span>
            <Conditions conditions={entry.conditions} lead="if" />
            {entry.identityPolicyNote ? <span className="block text-xs text-[var(--muted)]">{entry.identityPolicyNote}</span> : null}
            {entry.knownPrincipals.length ? (
              <details className="mt-1 text-xs" data-testid="known-principals">
                <summary className="cursor-pointer">
                  {entry.knownPrincipals.length}
                  {entry.knownPrincipalsTruncated ? '+' : ''} in this data, a plain call (no tags, external id or MFA): {tally(entry.knownPrincipals.map((known) => known.decision))}
                </summary>
                <ul className="mt-1 space-y-0.5">
                  {entry.knownPrincipals.map((known) => (
                    <li key={known.arn} className="flex flex-wrap items-center gap-x-2" data-testid="known-principal" data-decision={known.decision}>
                      <span className={`font-semibold ${DECISION_CLASS[known.decision]}`}>{known.decision}</span>
                      <span className="min-w-0 break-all font-mono">{known.arn}</span>
                      <Link
                        href={diagnoseHref({ action: 'sts:AssumeRole', caller: known.arn, roleArn: report.roleArn, roleSessionName: 'who-can-assume' })}
                        prefetch={false}
                        className="text-[var(--accent)] underline"
                      >
                        Diagnose
                      </Link>
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
      {report.denials.length ? (
        <div className="space-y-1" data-testid="who-cannot-assume">
          <h3 className="text-sm font-semibold">Refused by a Deny statement (an explicit deny wins)</h3>
          <ul className="space-y-1 text-sm">
            {report.denials.map((denial) => (
              <li key={denial.statement.index} className="rounded border border-[var(--fail)] p-2" data-testid="trust-denial">
                <span className="text-xs font-semibold">{denial.statement.sid ?? `Statement ${denial.statement.index}`}</span>{' '}
                <span className="text-xs text-[var(--muted)]">({denial.actions.join(', ')})</span>
                <span className="block font-mono text-xs">{denial.principals.map((p) => (p.principal === '*' ? 'everyone (*)' : p.principal)).join(', ')}</span>
                <Conditions conditions={denial.conditions} lead="when" />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
