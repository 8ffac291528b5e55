// Merging known facts over a request that declares some context keys unknown (request.unknownContext).
// Pure and dependency-free, so client components (the what-if panel) can use it without the engine.

import type { AssumeRoleRequest } from './types';

/**
 * The request without the unknownContext entries it now gives a value for: for merging known facts
 * over a replayed request (an override, a what-if edit), where the fact given replaces the
 * "unknown" the record left. Keys are compared without regard to case; fields read from a token or
 * an assertion are not looked at (replay declares none of theirs unknown). Returns the request
 * itself when nothing changes.
 */
export function settleUnknownContext(request: AssumeRoleRequest): AssumeRoleRequest {
  const list = request.unknownContext;
  if (list === undefined || !Array.isArray(list)) return request;
  const given = new Set<string>();
  const add = (key: string) => given.add(key.toLowerCase());
  for (const key in request.context ?? {}) {
    add(key);
    if (key.toLowerCase() === 'aws:currenttime' || key.toLowerCase() === 'aws:epochtime') {
      add('aws:CurrentTime');
      add('aws:EpochTime');
    }
  }
  if (request.externalId !== undefined) add('sts:ExternalId');
  if (request.roleSessionName !== undefined) add('sts:RoleSessionName');
  if (request.sourceIdentity !== undefined) add('sts:SourceIdentity');
  if (request.region !== undefined) add('aws:RequestedRegion');
  if (request.action === 'sts:AssumeRole' && Array.isArray(request.tags) && request.tags.length > 0) {
    add('aws:TagKeys');
    for (const t of request.tags) if (t && typeof t.Key === 'string') add(`aws:RequestTag/${t.Key}`);
  }
  if (request.action === 'sts:AssumeRole' && Array.isArray(request.transitiveTagKeys) && request.transitiveTagKeys.length > 0) add('sts:TransitiveTagKeys');
  if (request.callerSession?.sourceIdentity !== undefined) add('aws:SourceIdentity');
  for (const t of request.callerSession?.tags ?? []) if (t && typeof t.Key === 'string') add(`aws:PrincipalTag/${t.Key}`);
  const kept = list.filter((key) => typeof key !== 'string' || !given.has(key.toLowerCase()));
  if (kept.length === list.length) return request;
  const next: AssumeRoleRequest = { ...request, unknownContext: kept };
  if (kept.length === 0) delete next.unknownContext;
  return next;
}
