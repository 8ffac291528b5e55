import type { CheckStatus, Decision } from '@/lib/engine/types';

export const STATUS_TEXT: Record<CheckStatus, string> = { pass: 'pass', fail: 'fail', skip: 'skipped', unknown: 'unknown' };
const STATUS_ICON: Record<CheckStatus, string> = { pass: '✓', fail: '✗', skip: '–', unknown: '?' };
const STATUS_COLOR: Record<CheckStatus, string> = {
  pass: 'border-[var(--pass)] text-[var(--pass)]',
  fail: 'border-[var(--fail)] text-[var(--fail)]',
  skip: 'border-[var(--border)] text-[var(--muted)]',
  unknown: 'border-[var(--warn)] text-[var(--warn)]',
};

export function StatusBadge({ status }: { status: CheckStatus }) {
  return (
    <span className={`inline-flex shrink-0 items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-semibold ${STATUS_COLOR[status]}`}>
      <span aria-hidden="true">{STATUS_ICON[status]}</span>
      {STATUS_TEXT[status]}
    </span>
  );
}

export const DECISION_TEXT: Record<Decision, string> = {
  allowed: 'Allowed',
  denied: 'Denied',
  invalid: 'Rejected as invalid',
  inconclusive: 'Inconclusive',
};

export const DECISION_COLOR: Record<Decision, string> = {
  allowed: 'border-[var(--pass)]',
  denied: 'border-[var(--fail)]',
  invalid: 'border-[var(--fail)]',
  inconclusive: 'border-[var(--warn)]',
};
