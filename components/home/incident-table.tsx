import Link from 'next/link';
import { formatTime } from '@/components/source-line';
import type { IncidentGroup } from '@/lib/ui/incidents';

function shortArn(arn: string): string {
  const match = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):(.+)$/.exec(arn);
  return match ? `${match[2]} (${match[1]})` : arn;
}

/** Failed STS calls, grouped by caller + role + error, newest first. */
export function IncidentTable({ groups }: { groups: IncidentGroup[] }) {
  if (groups.length === 0) {
    return (
      <p className="rounded-lg border border-[var(--border)] bg-[var(--card)] p-4 text-sm text-[var(--muted)]" data-testid="no-incidents">
        No failed AssumeRole calls in the CloudTrail records of this data.
      </p>
    );
  }
  return (
    <ul className="divide-y divide-[var(--border)] rounded-lg border border-[var(--border)] bg-[var(--card)]" data-testid="incident-list">
      {groups.map((group) => (
        <li
          key={group.key}
          className="grid grid-cols-1 gap-2 p-3 md:grid-cols-[minmax(0,1fr)_auto] md:items-center"
          data-testid="incident"
          data-event-id={group.latestEventId}
        >
          <div className="min-w-0 space-y-1">
            <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
              <span className="rounded bg-[color-mix(in_srgb,var(--fail)_15%,transparent)] px-1.5 py-0.5 font-mono text-xs font-semibold text-[var(--fail)]">
                {group.errorCode}
              </span>
              <span className="break-all font-medium" title={group.caller}>
                {shortArn(group.caller)}
              </span>
              <span className="text-[var(--muted)]">→</span>
              <span className="break-all font-medium" title={group.roleArn}>
                {shortArn(group.roleArn)}
              </span>
            </p>
            {group.errorMessage ? <p className="line-clamp-2 break-all font-mono text-xs text-[var(--muted)]">{group.errorMessage}</p> : null}
            <p className="text-xs text-[var(--muted)]">
              <span data-testid="incident-count">
                {group.count} {group.count === 1 ? 'call' : 'calls'}
              </span>
              , last seen <time dateTime={group.lastSeen}>{formatTime(group.lastSeen)}</time>
              {group.count > 1 ? (
                <>
                  , first <time dateTime={group.firstSeen}>{formatTime(group.firstSeen)}</time>
                </>
              ) : null}
              {' · '}
              {group.action}
            </p>
            {group.supplied ? (
              <p className="text-xs text-[var(--muted)]" data-testid="incident-supplied">
                Not in the record, supplied: {group.supplied}
              </p>
            ) : null}
            {group.gaps.length > 0 ? (
              // Open when the call cannot be diagnosed without them: the first thing to read then.
              <details className="text-xs text-[var(--muted)]" data-testid="incident-gaps" open={!group.diagnosable}>
                <summary className="cursor-pointer">What CloudTrail did not record ({group.gaps.length})</summary>
                <ul className="ml-4 list-disc space-y-0.5">
                  {group.gaps.map((gap, index) => (
                    <li key={index}>{gap}</li>
                  ))}
                </ul>
              </details>
            ) : null}
          </div>
          {group.diagnosable ? (
            <Link
              href={group.href}
              prefetch={false}
              data-testid="diagnose-link"
              aria-label={`Diagnose ${group.errorCode} for ${group.caller} on ${group.roleArn}`}
              className="justify-self-start rounded bg-[var(--accent)] px-3 py-1.5 text-sm font-medium text-[var(--card)] md:justify-self-end"
            >
              Diagnose
            </Link>
          ) : (
            <Link
              href={group.completeHref}
              prefetch={false}
              data-testid="complete-link"
              aria-label={`Add the caller ARN for ${group.errorCode} on ${group.roleArn}, then diagnose`}
              className="justify-self-start rounded border border-[var(--accent)] px-3 py-1.5 text-sm font-medium text-[var(--accent)] md:justify-self-end"
            >
              Add the caller ARN
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}
