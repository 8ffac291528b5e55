import { IncidentTable } from '@/components/home/incident-table';
import { PasteBox } from '@/components/home/paste-box';
import { RequestForm } from '@/components/home/request-form';
import { SourcePanel } from '@/components/home/source-panel';
import { decodeRequest } from '@/lib/share';
import { currentData, demoOverrideReasons, demoOverrides } from '@/lib/ui/current';
import { dataGaps } from '@/lib/ui/data-gaps';
import { groupFailedCalls } from '@/lib/ui/incidents';
import { pullView } from '@/lib/ui/pull-view';
import { formFromRequest, type FormValues } from '@/lib/ui/request-form';
import { openPastedAction, openRequestAction } from './actions';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The request form's defaults from the query (a pasted message that did not name everything). */
function prefill(params: Record<string, string | string[] | undefined>): FormValues {
  try {
    return formFromRequest(decodeRequest(params));
  } catch {
    return {};
  }
}

export default async function HomePage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const { snapshot, source, info } = await currentData();
  const groups = groupFailedCalls(snapshot.events ?? [], demoOverrides(source), demoOverrideReasons(source));
  const failedCalls = groups.reduce((sum, group) => sum + group.count, 0);

  const defaults = prefill(params);
  return (
    <div className="space-y-6 wrap-anywhere">
      <section className="space-y-3">
        <h1 className="text-2xl font-semibold">AssumeRole Doctor</h1>
        <p className="text-sm text-[var(--muted)]">
          Why did <code>sts:AssumeRole</code> fail? Pick a failed call, paste the error, or describe the call.
        </p>
        <SourcePanel source={source} pull={info.pull ? pullView(info.pull) : null} gaps={dataGaps(snapshot)} />
      </section>

      <section className="rounded-lg border border-[var(--border)] bg-[var(--card)] p-4">
        <PasteBox action={openPastedAction} />
      </section>

      <section aria-labelledby="incidents-heading" className="space-y-2">
        <h2 id="incidents-heading" className="text-lg font-semibold">
          Failed calls{' '}
          <span className="text-sm font-normal text-[var(--muted)]">
            ({failedCalls} in CloudTrail, {groups.length} distinct)
          </span>
        </h2>
        <IncidentTable groups={groups} />
      </section>

      <section className="rounded-lg border border-[var(--border)] bg-[var(--card)] p-4">
        {/* Keyed by the prefill: a paste's "open the request form" link lands on this same page, and the
            form (with the call kind it shows) must start over from the new values. */}
        <RequestForm key={JSON.stringify(defaults)} action={openRequestAction} defaults={defaults} />
      </section>
    </div>
  );
}
