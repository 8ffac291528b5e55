// From what an engineer pasted to the request to diagnose. A CloudTrail record names the request
// itself. An error message names only part of it (caller, role, a bad parameter value), so we
// look for the failed call it describes among the CloudTrail records we hold and take that one;
// failing that, the request is pre-filled from what the message names. Pure.

import { isFailedStsEvent, unwrapCloudTrailEvent } from '@/lib/engine/cloudtrail';
import { normaliseCode, type Pasted, type PastedError } from '@/lib/engine/paste';
import type { AssumeRoleRequest, CloudTrailEvent, StsAction } from '@/lib/engine/types';
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
  if (typeof record.errorMessage === 'string' && record.errorMessage === pasted.message) score += 2;
  return score;
}

export function requestFromPasted(
  pasted: Pasted,
  events: readonly CloudTrailEvent[],
  overrides: RequestOverrides = new Map(),
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
  let best: { score: number; time: string; request: AssumeRoleRequest; eventId: string } | undefined;
  for (const event of events) {
    const record = unwrapCloudTrailEvent(event);
    if (!record || !isFailedStsEvent(record)) continue;
    let replay;
    try {
      replay = replayCall(record, overrides);
    } catch {
      continue;
    }
    const { request, time, eventId } = replay;
    const score = matchScore(prefill, pasted, record, request);
    // Something specific must agree: the role, or the exact message.
    if (score <= 0 || (prefill.roleArn === undefined && score < 2 && !(pasted.validation?.length && score >= 1))) continue;
    if (!best || score > best.score || (score === best.score && time > best.time)) best = { score, time, request, eventId };
  }
  if (best) return { request: best.request, matchedEventId: best.eventId, prefill, ...extra };

  if (!prefill.roleArn) {
    return { prefill, problem: 'The message does not name the role, and no CloudTrail record we hold matches it. Fill in the rest of the call below.', ...extra };
  }
  const request: AssumeRoleRequest = { action: prefill.action ?? 'sts:AssumeRole', roleArn: prefill.roleArn, ...prefill };
  if (request.roleSessionName === undefined && request.action !== 'sts:AssumeRoleWithSAML') request.roleSessionName = PLACEHOLDER_SESSION;
  return { request, prefill, ...extra };
}

/** R-61: newer denials name the policy that refused and an authorization id; both are worth showing as AWS wrote them. */
function namedByAws(pasted: PastedError): string | undefined {
  const parts: string[] = [];
  if (pasted.policyArn) parts.push(`AWS names the policy that refused: ${pasted.policyArn}${pasted.policyType ? ` (${pasted.policyType})` : ''}.`);
  if (pasted.authorizationId) parts.push(`Authorization id ${pasted.authorizationId}: GetRequestAuthorizationDetails gives AWS's own account of this denial.`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
