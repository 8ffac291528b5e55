// request.unknownContext: context keys whose value is not known for a call (a replayed CloudTrail
// record does not show them). Which keys may be declared so, and which ones a request gives a
// value for: read by request validation (a key both given and declared unknown is refused) and by
// merges of known facts over a replayed request (the fact given settles the unknown). Pure and
// dependency-free, so client components (the what-if panel) can use it without the engine.

import type { AssumeRoleRequest } from './types';

/**
 * The keys a request may declare unknown (lowercased): only keys whose value comes from the call
 * itself and that the engine reads through policy conditions alone — never a key the engine works
 * out from the snapshot or the caller ARN (aws:PrincipalArn, aws:PrincipalOrgID,
 * aws:ResourceTag/…), which the engine knows, and never one a check reads as a parameter (the
 * Region for sts-region, the session tags and source identity for tag-session / source-identity,
 * the session name for request-valid): those checks would still read the missing parameter as
 * "not sent", so declaring them unknown would be half-honoured. A token's or assertion's keys have
 * their own switch (webIdentity.claimsComplete, saml.attributesComplete).
 */
export const UNKNOWN_CONTEXT_KEYS: ReadonlySet<string> = new Set([
  // a call parameter CloudTrail is not documented to log
  'sts:externalid',
  // where, how and when the call was sent
  'aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:vpcsourceip', 'aws:useragent', 'aws:currenttime', 'aws:epochtime',
]);

/** `aws:PrincipalTag/<key>`: a role session's own tags (a session tag may override the role's); only for a role-session caller. */
export const PRINCIPAL_TAG_PREFIX = 'aws:principaltag/';

/** The time of the call is one clock: aws:CurrentTime and aws:EpochTime (lowercased) stand for each other. */
export function sameClock(lower: string): string | undefined {
  return lower === 'aws:currenttime' ? 'aws:epochtime' : lower === 'aws:epochtime' ? 'aws:currenttime' : undefined;
}

/**
 * The context keys this request gives a value for through its own fields (lowercased), with where:
 * a `context` entry (and its clock twin), and the parameters and caller-session facts the engine
 * reads a key from. Validation refuses a key both given and declared unknown; a merge over a
 * replayed request settles the unknown it now gives. (A token's or assertion's keys are not
 * listed: none of theirs may be declared unknown.)
 */
export function givenContextKeys(request: AssumeRoleRequest): Map<string, string> {
  const out = new Map<string, string>();
  const add = (key: string, source: string) => {
    const lower = key.toLowerCase();
    if (!out.has(lower)) out.set(lower, source);
  };
  for (const key in request.context ?? {}) {
    add(key, `request.context.${key}`);
    const twin = sameClock(key.toLowerCase());
    if (twin) add(twin, `request.context.${key}`);
  }
  if (request.externalId !== undefined) add('sts:ExternalId', 'request.externalId');
  if (request.roleSessionName !== undefined) add('sts:RoleSessionName', 'request.roleSessionName');
  if (request.sourceIdentity !== undefined) add('sts:SourceIdentity', 'request.sourceIdentity');
  if (request.region !== undefined) add('aws:RequestedRegion', 'request.region');
  if (request.action === 'sts:AssumeRole' && Array.isArray(request.tags) && request.tags.length > 0) {
    add('aws:TagKeys', 'request.tags');
    for (const t of request.tags) if (t && typeof t.Key === 'string') add(`aws:RequestTag/${t.Key}`, 'request.tags');
  }
  if (request.action === 'sts:AssumeRole' && Array.isArray(request.transitiveTagKeys) && request.transitiveTagKeys.length > 0) add('sts:TransitiveTagKeys', 'request.transitiveTagKeys');
  if (request.callerSession?.sourceIdentity !== undefined) add('aws:SourceIdentity', 'request.callerSession.sourceIdentity');
  for (const t of request.callerSession?.tags ?? []) if (t && typeof t.Key === 'string') add(`aws:PrincipalTag/${t.Key}`, 'request.callerSession.tags');
  return out;
}

/**
 * The request without the unknownContext entries it now gives a value for: for merging known facts
 * over a replayed request (an override, a what-if edit), where the fact given replaces the
 * "unknown" the record left. Keys are compared without regard to case. Returns the request itself
 * when nothing changes.
 */
export function settleUnknownContext(request: AssumeRoleRequest): AssumeRoleRequest {
  const list = request.unknownContext;
  if (list === undefined || !Array.isArray(list)) return request;
  const given = givenContextKeys(request);
  const kept = list.filter((key) => typeof key !== 'string' || !given.has(key.toLowerCase()));
  if (kept.length === list.length) return request;
  const next: AssumeRoleRequest = { ...request, unknownContext: kept };
  if (kept.length === 0) delete next.unknownContext;
  return next;
}
