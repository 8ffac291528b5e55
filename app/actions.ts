'use server';

// The home page's two ways in besides the incident list: a pasted error / CloudTrail record, and
// the request form. Both end on /diagnose?… — the diagnosis is a URL.

import { redirect } from 'next/navigation';
import { parseRequest } from '@/lib/engine';
import { parsePasted } from '@/lib/engine/paste';
import { toDoctorError } from '@/lib/errors';
import { diagnoseHref, encodeRequest } from '@/lib/share';
import { currentData, demoOverrides } from '@/lib/ui/current';
import { MATCHED_PARAM, requestFromPasted } from '@/lib/ui/paste-request';
import { formError, requestFromForm, valuesFromForm, type FormValues } from '@/lib/ui/request-form';

/** A recorded call a paste fits, as the paste box lists it. */
export type PasteCandidateView = { eventId: string; time: string; role: string; who: string; href: string };
export type PasteState = { problem?: string; prefillHref?: string; text?: string; candidates?: PasteCandidateView[]; moreCandidates?: number };

/** The diagnosis of a recorded call, saying which record it was matched to (rendered by /diagnose). */
function matchedHref(request: Parameters<typeof parseRequest>[0], eventId: string): string {
  return `${diagnoseHref(parseRequest(request))}&${MATCHED_PARAM}=${encodeURIComponent(eventId)}`;
}
export type RequestFormState = { error?: string; field?: string; values?: FormValues };

const MAX_PASTE = 512 * 1024;

export async function openPastedAction(_state: PasteState, form: FormData): Promise<PasteState> {
  const text = String(form.get('pasted') ?? '');
  if (text.length > MAX_PASTE) return { problem: `The pasted text is ${text.length} characters; the limit is ${MAX_PASTE}.`, text: '' };
  const { snapshot, source } = await currentData();
  const outcome = requestFromPasted(parsePasted(text), snapshot.events ?? [], demoOverrides(source), text);
  if (!outcome.request || outcome.matchedEventId === undefined) {
    const params = encodeRequest({ action: 'sts:AssumeRole', roleArn: '', ...outcome.prefill });
    if (!outcome.prefill.roleArn) params.delete('role');
    if (outcome.candidates) {
      // The message fits several recorded calls and names none: list them, never pick one.
      // Every candidate replays to a valid request (requestFromPasted keeps no other).
      const candidates = outcome.candidates.map(({ eventId, time, request, who }) => ({ eventId, time, role: request.roleArn, who, href: matchedHref(request, eventId) }));
      const problem = outcome.named ? `${outcome.problem} ${outcome.named}` : outcome.problem;
      return { problem, prefillHref: `/?${params.toString()}#request-form`, text, candidates, moreCandidates: outcome.moreCandidates };
    }
    // A message alone does not say what the call sent: diagnosing it as if it had sent nothing more
    // could blame (or clear) a condition the real call met. The engineer completes the call first.
    const problem = outcome.request
      ? 'No CloudTrail record we hold matches this message, so the ExternalId, MFA, source IP, tags and time of the call are not known. Check the call in the form below, then diagnose it.'
      : (outcome.problem ?? 'This could not be read.');
    return { problem: outcome.named ? `${problem} ${outcome.named}` : problem, prefillHref: `/?${params.toString()}#request-form`, text };
  }
  let href: string;
  try {
    href = matchedHref(outcome.request, outcome.matchedEventId);
  } catch (error) {
    return { problem: toDoctorError(error).message, text };
  }
  redirect(href);
}

export async function openRequestAction(_state: RequestFormState, form: FormData): Promise<RequestFormState> {
  const values = valuesFromForm(form);
  let href: string;
  try {
    href = diagnoseHref(parseRequest(requestFromForm(values)));
  } catch (error) {
    const doctorError = toDoctorError(error);
    // Named by the form's label and attached to its field, not by the request's internal path.
    const shown = formError(doctorError, values);
    return { error: shown.message, field: shown.field, values };
  }
  redirect(href);
}

