'use server';

import { redirect } from 'next/navigation';
import type { FreezeState } from '@/components/diagnosis/share-bar';
import { diagnose } from '@/lib/engine';
import { toDoctorError } from '@/lib/errors';
import { redactFreeze } from '@/lib/redact';
import { withoutCredentials } from '@/lib/share';
import { requestFromLink } from '@/lib/ui/link-request';
import { dataSource } from '@/lib/data-source';
import { currentData } from '@/lib/ui/current';
import { sliceForRequest } from '@/lib/ui/snapshot-views';

/**
 * Freezes the diagnosis the browser is looking at (its URL, which the what-if keeps current):
 * the request, the slice of data it used and the result, optionally redacted, under an
 * unguessable id. The diagnosis is recomputed here from the URL — the browser's copy is never trusted.
 */
export async function freezeDiagnosisAction(_state: FreezeState, form: FormData): Promise<FreezeState> {
  let id: string;
  try {
    const query = String(form.get('query') ?? '').replace(/^\?/, '');
    const redact = form.get('redact') === '1';
    // A hand-made link can still hold a raw token in its compact part: what is stored never does.
    // …and never an External id, MFA or session tags its kind of call cannot have (as the page reads it).
    const request = withoutCredentials(requestFromLink(new URLSearchParams(query)));
    const { snapshot, indexed, source } = await currentData();
    const diagnosis = diagnose(indexed, request, { now: new Date().toISOString() });
    const slice = sliceForRequest(snapshot, request);
    const sourceText = `${source.label}${source.capturedAt ? `, captured ${source.capturedAt}` : ''}`;
    const plain = { request, diagnosis, snapshot: slice, source: sourceText };
    const frozen = redact ? redactFreeze(plain) : plain;
    id = dataSource().store().freezeDiagnosis({ ...frozen, redacted: redact }).id;
  } catch (error) {
    const doctorError = toDoctorError(error);
    if (doctorError.code === 'internal') console.error('freeze failed', error);
    return { error: doctorError.message };
  }
  redirect(`/d/${id}`);
}
