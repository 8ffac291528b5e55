import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DiagnosisView } from '@/components/diagnosis/diagnosis-view';
import { formatTime } from '@/components/source-line';
import { dataSource } from '@/lib/data-source';
import { diagramsOf } from '@/lib/diagram';
import { SNAPSHOT_FORMAT, type Snapshot } from '@/lib/engine/types';
import { diagnoseHref } from '@/lib/share';

export const metadata: Metadata = { title: 'Frozen diagnosis', robots: { index: false } };

/**
 * A frozen diagnosis: the request, the data and the result as they were when someone pressed
 * Freeze. Nothing here is recomputed against today's data, so the page tells the same story
 * after the policies change.
 */
export default async function FrozenDiagnosisPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const frozen = dataSource().getFrozenDiagnosis(id);
  if (!frozen) notFound();
  // Snapshots behind a share link are never pruned; an empty one only if the store was edited by hand.
  const snapshot: Snapshot = frozen.snapshot ?? { format: SNAPSHOT_FORMAT, accounts: [] };
  const { diagnosis, request } = frozen;
  const diagrams = diagramsOf(diagnosis);

  return (
    <section className="space-y-4">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Frozen diagnosis</h1>
        <p className="rounded-lg border border-[var(--border)] bg-[var(--card)] p-3 text-sm" data-testid="frozen-banner">
          Frozen <time dateTime={frozen.frozenAt}>{formatTime(frozen.frozenAt)}</time> from <span data-testid="frozen-source">{frozen.source}</span>.
          {frozen.redacted ? (
            <span data-testid="frozen-redacted"> Account ids, names, unique ids, ExternalIds, IP addresses, source identities, tag values, web identity subjects and claims and the people SAML assertions name are replaced by pseudonyms.</span>
          ) : (
            <>
              {' '}
              This shows the data as it was then.{' '}
              <Link href={diagnoseHref(request)} className="text-[var(--accent)] underline" data-testid="rediagnose-link">
                Diagnose the same call against today&apos;s data
              </Link>
            </>
          )}
        </p>
      </div>
      <DiagnosisView diagnosis={diagnosis} request={request} snapshot={snapshot} tree={diagrams.mermaid} sequence={diagrams.sequence} />
    </section>
  );
}
