import type { Finding } from '@/lib/findings';

const SEVERITY_CLASS = {
  high: 'border-[var(--fail)] text-[var(--fail)]',
  medium: 'border-[var(--warn)] text-[var(--warn)]',
  low: 'border-[var(--border)] text-[var(--muted)]',
} as const;

export function SeverityBadge({ severity }: { severity: Finding['severity'] }) {
  return <span className={`rounded-full border px-2 py-0.5 text-xs font-semibold ${SEVERITY_CLASS[severity]}`}>{severity}</span>;
}

export function FindingList({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) {
    return (
      <p className="text-sm text-[var(--muted)]" data-testid="no-findings">
        None of the role checks flagged this role (unconditioned wildcard principals, cross-account trust without an ExternalId, human roles without MFA, GitHub trust without a sub condition, deleted principals, long sessions). That is not a verdict on any call: diagnose one to see.
      </p>
    );
  }
  return (
    <ul className="space-y-2">
      {findings.map((finding, index) => (
        <li key={index} className="rounded-lg border border-[var(--border)] bg-[var(--card)] p-3" data-testid="finding" data-finding={finding.id} data-severity={finding.severity}>
          <p className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={finding.severity} />
            <span className="font-medium">{finding.title}</span>
            <span className="text-xs text-[var(--muted)]">{finding.rules.join(', ')}</span>
          </p>
          <p className="mt-1 text-sm text-[var(--muted)]">{finding.detail}</p>
        </li>
      ))}
    </ul>
  );
}
