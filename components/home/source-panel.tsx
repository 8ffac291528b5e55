import { formatTime } from '@/components/source-line';
import type { SourceView } from '@/lib/ui/current';
import type { DataGap } from '@/lib/ui/data-gaps';
import type { PullView } from '@/lib/ui/pull-view';
import { DataGaps } from './data-gaps';
import { SourceControls } from './source-controls';

const KIND_TEXT = { demo: 'Demo data', live: 'Live accounts', import: 'Imported data' } as const;

export function SourcePanel({ source, pull, gaps }: { source: SourceView; pull: PullView | null; gaps: DataGap[] }) {
  return (
    <section aria-label="Data source" className="space-y-2 rounded-lg border border-[var(--border)] bg-[var(--card)] p-3">
      <p className="text-sm" data-testid="data-source" data-kind={source.kind}>
        <span className="mr-2 rounded bg-[var(--bg)] px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide">{KIND_TEXT[source.kind]}</span>
        Showing {source.label}: {source.accountCount} account{source.accountCount === 1 ? '' : 's'}
        {source.capturedAt ? <>, captured {formatTime(source.capturedAt)}</> : null}.
      </p>
      {source.storeProblem ? (
        <p className="text-xs text-[var(--warn)]" role="alert">
          The local store could not be read ({source.storeProblem}); showing the demo meanwhile.
        </p>
      ) : null}
      <DataGaps gaps={gaps} />
      {source.whyReadOnly ? <p className="text-xs text-[var(--muted)]">{source.whyReadOnly}</p> : null}
      <p className="text-xs">
        {/* A plain download: the snapshot file the CLI and imports read. */}
        <a href="/api/source/export" download data-testid="export-snapshot" className="text-[var(--accent)] underline">
          Export this data as a snapshot file
        </a>
      </p>
      {source.canRefresh || source.canImport ? <SourceControls canRefresh={source.canRefresh} canImport={source.canImport} initialPull={pull} /> : null}
    </section>
  );
}
