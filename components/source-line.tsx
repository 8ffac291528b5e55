import type { SourceView } from '@/lib/ui/current';

export function formatTime(iso: string | undefined): string {
  if (!iso) return 'unknown time';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "Against: demo data, captured …" — every result says which data it was computed on. */
export function SourceLine({ source }: { source: SourceView }) {
  return (
    <p className="text-sm text-[var(--muted)]" data-testid="diagnosis-source">
      Computed against <span className="font-medium text-[var(--fg)]">{source.label}</span>
      {source.capturedAt ? <>, captured {formatTime(source.capturedAt)}</> : null}.
    </p>
  );
}
