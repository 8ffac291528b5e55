// The dashboard's list: failed STS calls from the snapshot's CloudTrail records, grouped by who
// called, which role and which error, newest first. Pure.

import { isFailedStsEvent, unwrapCloudTrailEvent } from '@/lib/engine/cloudtrail';
import type { AssumeRoleRequest, CloudTrailEvent } from '@/lib/engine/types';
import { encodeRequest } from '@/lib/share';
import { replayCall, withoutRoleAccountCopies, type OverrideReasons, type RequestOverrides } from './replay';

export interface IncidentGroup {
  key: string;
  /** Who called, in words: an ARN, a service, or the federated identity. */
  caller: string;
  roleArn: string;
  action: string;
  errorCode: string;
  errorMessage?: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** The newest call of the group: the one "Diagnose" opens. */
  latestEventId: string;
  request: AssumeRoleRequest;
  href: string;
  /** What CloudTrail did not record for the newest call. */
  gaps: string[];
  /**
   * False when the record does not name the caller of an sts:AssumeRole (the role account's copy
   * of a cross-account call, an identity type that names nobody): a diagnosis needs the caller, so
   * the list offers the request form, prefilled, instead of a diagnosis that can only fail.
   */
  diagnosable: boolean;
  /** The home page's request form, prefilled with what the record holds. */
  completeHref: string;
  /** Facts laid over the record (the demo's overrides) and why they are known. */
  supplied?: string;
}

/** Who made a replayed call, in one line: the caller ARN, the token's subject, the SAML subject, or CloudTrail's identity type. */
export function callerLabel(request: AssumeRoleRequest, identityType: string | undefined, principalId: string | undefined): string {
  if (request.caller) return request.caller;
  const claims = request.webIdentity?.claims ?? {};
  if (request.webIdentity) return `web identity ${typeof claims.sub === 'string' ? claims.sub : ''}`.trim();
  if (request.saml) {
    const subject = request.saml.attributes?.['saml:sub'];
    return `SAML ${Array.isArray(subject) ? subject.join(',') : (subject ?? request.saml.principalArn)}`;
  }
  return `${identityType ?? 'unknown caller'}${principalId ? ` ${principalId}` : ''}`;
}

/**
 * Where a listed call leads (the incident list, the role page): its diagnosis, and the home page's
 * form prefilled with it — the only way on when the record names no caller of an sts:AssumeRole
 * (the role account's copy of a cross-account call), as a diagnosis needs the caller.
 */
export function callLinks(request: AssumeRoleRequest): { href: string; diagnosable: boolean; completeHref: string } {
  const query = encodeRequest(request).toString();
  return { href: `/diagnose?${query}`, diagnosable: request.action !== 'sts:AssumeRole' || request.caller !== undefined, completeHref: `/?${query}#request-form` };
}

/**
 * @param overrides facts CloudTrail does not hold, by eventID (the demo's incidents restore the
 *   ExternalId a vendor sent, for instance); applied on top of the replayed request.
 */
export function groupFailedCalls(events: readonly CloudTrailEvent[], overrides: RequestOverrides = new Map(), reasons: OverrideReasons = new Map()): IncidentGroup[] {
  const records = withoutRoleAccountCopies(events.map((event) => unwrapCloudTrailEvent(event)).filter((record): record is CloudTrailEvent => Boolean(record) && isFailedStsEvent(record)));

  const groups = new Map<string, IncidentGroup>();
  for (const record of records) {
    const identity = (record.userIdentity ?? {}) as { type?: string; principalId?: string };
    let replay;
    try {
      replay = replayCall(record, overrides);
    } catch {
      continue; // a record without a role ARN cannot be diagnosed; nothing to list
    }
    const { request, eventId, time } = replay;
    const caller = callerLabel(request, identity.type, identity.principalId);
    const errorCode = replay.errorCode ?? 'Error';
    const key = `${caller}\u0000${request.roleArn}\u0000${errorCode}`;
    const existing = groups.get(key);
    if (!existing) {
      groups.set(key, {
        key,
        caller,
        roleArn: request.roleArn,
        action: request.action,
        errorCode,
        errorMessage: replay.errorMessage,
        count: 1,
        firstSeen: time,
        lastSeen: time,
        latestEventId: eventId,
        request,
        // Set once the group is complete (its newest call decides).
        href: '',
        diagnosable: true,
        completeHref: '',
        gaps: replay.gaps,
        ...(reasons.has(eventId) ? { supplied: reasons.get(eventId) } : {}),
      });
      continue;
    }
    existing.count += 1;
    if (time < existing.firstSeen) existing.firstSeen = time;
    if (time >= existing.lastSeen) {
      Object.assign(existing, {
        lastSeen: time,
        latestEventId: eventId,
        request,
        gaps: replay.gaps,
        errorMessage: replay.errorMessage,
        supplied: reasons.get(eventId),
      });
    }
  }
  for (const group of groups.values()) Object.assign(group, callLinks(group.request));
  return [...groups.values()].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
}
