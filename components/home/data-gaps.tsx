import Link from 'next/link';
import type { DataGap } from '@/lib/ui/data-gaps';

// What the current data could not read, inside the data-source panel: during an incident the
// failed-calls list or a verdict may be incomplete, and this says where and why before anyone
// trusts it. Reasons and part names come from AWS error messages and imported files: they are
// rendered as React text only.

export function DataGaps({ gaps }: { gaps: DataGap[] }) {
  if (gaps.length === 0) return null;
  return (
    <section id="data-gaps" aria-labelledby="data-gaps-heading" data-testid="data-gaps" className="space-y-1 border-t border-[var(--border)] pt-2 text-xs">
      <h2 id="data-gaps-heading" className="font-semibold text-[var(--warn)]">
        What could not be read ({gaps.length})
      </h2>
      <ul className="space-y-1">
        {gaps.map((gap, index) => (
          // Two gaps may share every field (one per CloudTrail event name cut by the cap): the index keeps keys unique.
          <li key={`${gap.scope}|${gap.what}|${index}`} data-testid="data-gap" data-kind={gap.kind} data-scope={gap.scope}>
            <span className="font-mono text-[var(--muted)]">{gap.where}</span>: <span className="font-medium">{gap.what}</span> not read — {gap.why}{' '}
            <span className="block text-[var(--muted)]">So {gap.meaning}.</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One line for other pages (the roles list): how many gaps, and a link to the list on the home page. */
export function DataGapsSummary({ gaps }: { gaps: DataGap[] }) {
  if (gaps.length === 0) return null;
  return (
    <p className="text-xs text-[var(--warn)]" data-testid="data-gaps-summary">
      {gaps.length} part{gaps.length === 1 ? '' : 's'} of this data could not be read, so roles, durations or findings may be missing or inconclusive:{' '}
      <Link href="/#data-gaps" className="text-[var(--accent)] underline">
        see what could not be read
      </Link>
      .
    </p>
  );
}
