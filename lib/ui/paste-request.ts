// From what an engineer pasted to the request to diagnose. A CloudTrail record names the request
// itself. An error message names only part of it (caller, role, a bad parameter value), so we
// look for the failed call it describes among the CloudTrail records we hold. We take a record
// only when the paste identifies the call: it names the role or the caller, or carries the
// record's event id or request id. A paste that names nothing of the sort ("Not authorized to
// perform sts:AssumeRoleWithWebIdentity") may fit many calls: we list the records it fits and let
// the engineer pick, never guess. Failing both, the request is pre-filled from what the message
// names. Pure.

import { isFailedStsEvent, unwrapCloudTrailEvent } from '@/lib/engine/cloudtrail';
import { normaliseCode, type Pasted, type PastedError } from '@/lib/engine/paste';
import type { AssumeRoleRequest, CloudTrailEvent, StsAction } from '@/lib/engine/types';
import { parseRequest } from '@/lib/engine/request';
import { encodeRequest } from '@/lib/share';
import { requestFromLink } from './link-request';
import { replayCall, type RequestOverrides } from './replay';

export interface PastedRequest {
  /** A request complete enough to diagnose, when there is one. */
  request?: AssumeRoleRequest;
  /** The CloudTrail record the message was matched to. */
  matchedEventId?: string;
  /** What the message names, for the request form when no request could be completed. */
  prefill: Partial<AssumeRoleRequest>;
  /** Why no request could be built, in words for the user. */
  problem?: string;
  /** What AWS's message names beyond the call (the refusing policy's ARN, the authorization id), in words for the user. */
  named?: string;
  /** Recorded calls the message fits when it names nothing that identifies one: newest first, at most MAX_CANDIDATES. */
  candidates?: PasteCandidate[];
  /** How many more records fit than `candidates` lists. */
  moreCandidates?: number;
}

/** A recorded call a paste fits, for the engineer to pick. */
export interface PasteCandidate {
  eventId: string;
  time: string;
  request: AssumeRoleRequest;
  /** Who made the call, in words: the caller ARN, or the token's subject / the SAML provider. */
  who: string;
}

export const MAX_CANDIDATES = 10;

/** Event ids and request ids a paste may carry (SDK exceptions print "Request ID: …"; a record's JSON has eventID / requestID). */
export function identifiersIn(text: string | undefined): Set<string> {
  const ids = new Set<string>();
  if (!text) return ids;
  for (const match of text.matchAll(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi)) ids.add(match[0].toLowerCase());
  for (const match of text.matchAll(/\b(?:request[ _-]?id|event[ _-]?id)["']?\s*[:=]\s*["']?([A-Za-z0-9-]{8,64})/gi)) ids.add(match[1].toLowerCase());
  return ids;
}

function recordIds(record: CloudTrailEvent): string[] {
  return [record.eventID, record.requestID, record.sharedEventID].filter((id): id is string => typeof id === 'string').map((id) => id.toLowerCase());
}

/** Who made a call, for a candidate row: the caller, else the web-identity subject or the SAML provider. */
export function whoCalled(request: AssumeRoleRequest): string {
  if (request.caller) return request.caller;
  const claims = request.webIdentity?.claims;
  if (claims && typeof claims.sub === 'string') return `token subject ${claims.sub}${typeof claims.iss === 'string' ? ` from ${claims.iss}` : ''}`;
  if (request.saml?.principalArn) return `a SAML user of ${request.saml.principalArn}`;
  return 'not recorded';
}

const STS_ACTIONS: readonly string[] = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];
/** Session name used when the message does not give one: valid for AWS, and visible in the URL. */
export const PLACEHOLDER_SESSION = 'pasted-error';

function prefillFromError(pasted: PastedError): Partial<AssumeRoleRequest> {
  const action = (pasted.operation ?? (STS_ACTIONS.includes(pasted.action) ? pasted.action : 'sts:AssumeRole')) as StsAction;
  const prefill: Partial<AssumeRoleRequest> = { action };
  if (pasted.caller && action === 'sts:AssumeRole') prefill.caller = pasted.caller;
  if (pasted.roleArn && /:role\//.test(pasted.roleArn)) prefill.roleArn = pasted.roleArn;
  for (const problem of pasted.validation ?? []) {
    if (problem.parameter === 'roleSessionName' && problem.value) prefill.roleSessionName = problem.value;
    if (problem.parameter === 'durationSeconds' && /^\d+$/.test(problem.value)) prefill.durationSeconds = Number(problem.value);
    if (problem.parameter === 'externalId' && problem.value) prefill.externalId = problem.value;
    if (problem.parameter === 'sourceIdentity' && problem.value) prefill.sourceIdentity = problem.value;
  }
  return prefill;
}

function matchScore(prefill: Partial<AssumeRoleRequest>, pasted: PastedError, record: CloudTrailEvent, request: AssumeRoleRequest): number {
  // The SDKs spell some codes with "Exception" ("ExpiredTokenException"); the parser gives the wire code.
  if (pasted.code && normaliseCode(String(record.errorCode ?? '')) !== normaliseCode(pasted.code)) return -1;
  if (pasted.account && !request.roleArn.includes(`::${pasted.account}:`)) return -1;
  let score = 0;
  for (const field of ['caller', 'roleArn', 'roleSessionName', 'durationSeconds', 'externalId', 'sourceIdentity'] as const) {
    const want = prefill[field];
    if (want === undefined) continue;
    if (request[field] !== want) return -1;
    score += 1;
  }
  // A message that names the operation (or an action only one operation has) must be about the same call.
  if (!pasted.actionInferred && STS_ACTIONS.includes(pasted.operation ?? pasted.action) && request.action !== (pasted.operation ?? pasted.action)) return -1;
  if (typeof record.errorMessage === 'string' && record.errorMessage === pasted.message) score += 2;
  return score;
}

export function requestFromPasted(
  pasted: Pasted,
  events: readonly CloudTrailEvent[],
  overrides: RequestOverrides = new Map(),
  /** The text as pasted, wrappers and all: where an SDK's "Request ID" or a record's eventID is. */
  text?: string,
): PastedRequest {
  if (pasted.kind === 'unknown') return { prefill: {}, problem: pasted.message };
  if (pasted.kind === 'event') {
    try {
      const replay = replayCall(pasted.event, overrides);
      return { request: replay.request, matchedEventId: replay.eventId, prefill: replay.recorded };
    } catch (error) {
      return { prefill: {}, problem: error instanceof Error ? error.message : String(error) };
    }
  }

  const prefill = prefillFromError(pasted);
  const named = namedByAws(pasted);
  const extra = named ? { named } : {};
  const ids = identifiersIn(text);
  // What identifies one call: the role or the caller the message names (an id is checked per record).
  const identifies = prefill.roleArn !== undefined || prefill.caller !== undefined;
  type Fit = { score: number; time: string; request: AssumeRoleRequest; eventId: string };
  let best: Fit | undefined;
  const fits: Fit[] = [];
  for (const event of events) {
    const record = unwrapCloudTrailEvent(event);
    if (!record || !isFailedStsEvent(record)) continue;
    let replay;
    try {
      replay = replayCall(record, overrides);
      // A record that does not replay to a valid request has no diagnosis to link to: it is no
      // candidate, so the count the message gives and the rows listed agree.
      parseRequest(replay.request);
    } catch {
      continue;
    }
    const { request, time, eventId } = replay;
    const score = matchScore(prefill, pasted, record, request);
    if (score < 0) continue;
    // The paste carries this record's own id: that is the call, whatever else fits.
    if (ids.size > 0 && recordIds(record).some((id) => ids.has(id))) return { request, matchedEventId: eventId, prefill, ...extra };
    // Something specific must agree: a field the message names, or the exact message.
    if (score <= 0) continue;
    const fit = { score, time, request, eventId };
    fits.push(fit);
    if (identifies && (!best || score > best.score || (score === best.score && time > best.time))) best = fit;
  }
  if (best) return { request: best.request, matchedEventId: best.eventId, prefill, ...extra };

  if (!identifies && fits.length > 0) {
    // Names no role, caller or id: any of these calls could be the one. Do not pick; list them.
    const sorted = [...fits].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
    const candidates = sorted.slice(0, MAX_CANDIDATES).map(({ eventId, time, request }) => ({ eventId, time, request, who: whoCalled(request) }));
    return {
      prefill,
      candidates,
      ...(sorted.length > candidates.length ? { moreCandidates: sorted.length - candidates.length } : {}),
      problem:
        candidates.length === 1
          ? 'The message names no role, caller or request id, so it is not matched automatically. One recorded call fits it: diagnose it if it is yours, or fill in the call below.'
          : `The message names no role, caller or request id, and ${sorted.length} recorded calls fit it. Pick yours, or fill in the call below.`,
      ...extra,
    };
  }

  if (!prefill.roleArn) {
    return { prefill, problem: 'The message does not name the role, and no CloudTrail record we hold matches it. Fill in the rest of the call below.', ...extra };
  }
  const request: AssumeRoleRequest = { action: prefill.action ?? 'sts:AssumeRole', roleArn: prefill.roleArn, ...prefill };
  if (request.roleSessionName === undefined && request.action !== 'sts:AssumeRoleWithSAML') request.roleSessionName = PLACEHOLDER_SESSION;
  return { request, prefill, ...extra };
}

/** The `from` query parameter: which recorded call a diagnosis was matched to. */
export const MATCHED_PARAM = 'from';

/**
 * The diagnosis page's "matched to" line: the record's id and time, only when the current data
 * holds that record and replaying it gives exactly the call on the page. The `from` parameter is
 * only a claim a link makes: a crafted link naming another (or no) record shows nothing.
 */
export function matchedRecord(
  events: readonly CloudTrailEvent[],
  from: string | undefined,
  pageRequest: AssumeRoleRequest,
  overrides: RequestOverrides = new Map(),
): { eventId: string; time?: string } | undefined {
  if (!from || !/^[A-Za-z0-9_-]{1,128}$/.test(from)) return undefined;
  for (const event of events) {
    let record: CloudTrailEvent | undefined;
    try {
      record = unwrapCloudTrailEvent(event);
    } catch {
      continue;
    }
    if (record?.eventID !== from) continue;
    let replayed: AssumeRoleRequest;
    try {
      // Through the same link encoding and reading the page's request went through.
      replayed = requestFromLink(encodeRequest(parseRequest(replayCall(record, overrides).request)));
    } catch {
      return undefined;
    }
    if (JSON.stringify(replayed) !== JSON.stringify(pageRequest)) return undefined;
    return { eventId: from, time: typeof record.eventTime === 'string' ? record.eventTime : undefined };
  }
  return undefined;
}

/** R-61: newer denials name the policy that refused and an authorization id; both are worth showing as AWS wrote them. */
function namedByAws(pasted: PastedError): string | undefined {
  const parts: string[] = [];
  if (pasted.policyArn) parts.push(`AWS names the policy that refused: ${pasted.policyArn}${pasted.policyType ? ` (${pasted.policyType})` : ''}.`);
  if (pasted.authorizationId) parts.push(`Authorization id ${pasted.authorizationId}: GetRequestAuthorizationDetails gives AWS's own account of this denial.`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
