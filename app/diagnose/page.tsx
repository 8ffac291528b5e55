import type { Metadata } from 'next';
import Link from 'next/link';
import { ShareBar } from '@/components/diagnosis/share-bar';
import { DiagnosisBody, DiagnosisTop } from '@/components/diagnosis/diagnosis-view';
import { WhatIfControls, WhatIfProvider, WhatIfSwitch, WhatIfUnedited } from '@/components/diagnosis/what-if';
import { InputError } from '@/components/input-error';
import { SourceLine } from '@/components/source-line';
import { drawnDiagrams } from '@/lib/diagram';
import { diagnose } from '@/lib/engine';
import { isDoctorError } from '@/lib/errors';
import { hasRequest } from '@/lib/share';
import { requestFromLink } from '@/lib/ui/link-request';
import { currentData, demoOverrides } from '@/lib/ui/current';
import { MATCHED_PARAM, matchedRecord } from '@/lib/ui/paste-request';
import { sliceForRequest } from '@/lib/ui/snapshot-views';
import { freezeDiagnosisAction } from './actions';

export const metadata: Metadata = { title: 'Diagnosis' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DiagnosePage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  if (!hasRequest(params)) {
    return (
      <section className="space-y-3">
        <h1 className="text-2xl font-semibold">Diagnosis</h1>
        <p>
          This page explains one call, named in its address. Start from an <Link className="text-[var(--accent)] underline" href="/">incident, a pasted error or the request form</Link>.
        </p>
      </section>
    );
  }

  let request;
  try {
    // A hand-made (or older) link may give a web-identity or SAML call an External id or MFA,
    // which such calls cannot carry: they are read as AWS would receive the call, without them.
    request = requestFromLink(params);
  } catch (error) {
    if (isDoctorError(error)) return <InputError title="This link does not describe a call AssumeRole Doctor can read" error={error} />;
    throw error;
  }

  const { snapshot, indexed, source } = await currentData();
  // The clock is read here, at the edge; the engine itself never reads it.
  const diagnosis = diagnose(indexed, request, { now: new Date().toISOString() });
  const drawn = drawnDiagrams(diagnosis);
  const slice = sliceForRequest(snapshot, request);
  // Set by the paste box when it matched the pasted text to a recorded call: say so, with which one.
  const fromParam = params[MATCHED_PARAM];
  // Shown only when that record, replayed, is exactly this call (a link's claim is checked, not trusted).
  const matched = matchedRecord(snapshot.events ?? [], Array.isArray(fromParam) ? fromParam[0] : fromParam, request, demoOverrides(source));

  return (
    <section className="space-y-4">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Diagnosis</h1>
        <SourceLine source={source} />
      </div>
      <ShareBar freeze={freezeDiagnosisAction} />
      <WhatIfProvider request={request} slice={slice} basePath="/diagnose">
        <div className="space-y-6">
          {matched ? (
            // Only about the call as opened: after a what-if edit the page shows another call.
            <WhatIfUnedited>
              <p className="text-sm text-[var(--muted)] wrap-anywhere" data-testid="matched-record">
                Matched to the CloudTrail record <code>{matched.eventId}</code>
                {matched.time ? (
                  <>
                    {' '}at <time dateTime={matched.time}>{matched.time}</time>
                  </>
                ) : null}
                : the diagnosis replays that call.
              </p>
            </WhatIfUnedited>
          ) : null}
          <WhatIfSwitch part="top">
            <DiagnosisTop diagnosis={diagnosis} request={request} />
          </WhatIfSwitch>
          <WhatIfControls />
          <WhatIfSwitch part="body">
            <DiagnosisBody diagnosis={diagnosis} request={request} snapshot={slice} tree={drawn.mermaid} sequence={drawn.sequence} />
          </WhatIfSwitch>
        </div>
      </WhatIfProvider>
    </section>
  );
}
