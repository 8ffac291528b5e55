// A CloudTrail record replayed as the request it describes, with the facts CloudTrail does not
// record (by eventID) laid over it: the one place the incident list, the paste box and the role
// pages turn a record into a request. Pure.

import { requestFromEvent } from '@/lib/engine/cloudtrail';
import { settleUnknownContext } from '@/lib/engine/unknown-context';
import type { AssumeRoleRequest, CloudTrailEvent } from '@/lib/engine/types';

/** Facts CloudTrail does not hold, by eventID, applied on top of the replayed request. */
export type RequestOverrides = ReadonlyMap<string, Partial<AssumeRoleRequest>>;

export interface ReplayedCall {
  /** The request to diagnose: the record's, with its overrides applied. */
  request: AssumeRoleRequest;
  /** The request exactly as the record describes it (no overrides). */
  recorded: AssumeRoleRequest;
  eventId: string;
  time: string;
  errorCode?: string;
  errorMessage?: string;
  /** What the record did not hold that the decision may need. */
  gaps: string[];
}

/** Throws as requestFromEvent does (a DoctorError) when the record does not describe an AssumeRole* call. */
export function replayCall(record: CloudTrailEvent, overrides: RequestOverrides = new Map()): ReplayedCall {
  const replay = requestFromEvent(record);
  const { eventId, eventTime, errorCode, errorMessage } = replay.observed;
  return {
    // What an override gives (the ExternalId a vendor sent, …) settles the unknown the record left.
    request: settleUnknownContext({ ...replay.request, ...(overrides.get(eventId) ?? {}) }),
    recorded: replay.request,
    eventId,
    time: eventTime,
    errorCode,
    errorMessage,
    gaps: replay.gaps,
  };
}

/** Why each override's facts are known although the record lacks them, by eventID (shown beside the call). */
export type OverrideReasons = ReadonlyMap<string, string>;

/** The reasons a list of calls gives for its overrides. */
export function overrideReasonsOf(calls: readonly { eventID: string; overrideReason?: string }[]): OverrideReasons {
  return new Map(calls.filter((call) => call.overrideReason).map((call) => [call.eventID, call.overrideReason!] as const));
}

/** The overrides a list of calls carries (the demo's incidents restore the ExternalId a vendor sent, …). */
export function overridesOf(calls: readonly { eventID: string; requestOverrides?: Partial<AssumeRoleRequest> }[]): RequestOverrides {
  return new Map(calls.filter((call) => call.requestOverrides).map((call) => [call.eventID, call.requestOverrides!] as const));
}

/**
 * A cross-account call is logged twice: in the caller's account and in the role's, whose copy has
 * no caller ARN (userIdentity type AWSAccount). Drops the role account's copy when the caller's is
 * present, so one call is listed once and diagnosed from the copy that names its caller.
 */
export function withoutRoleAccountCopies(records: readonly CloudTrailEvent[]): CloudTrailEvent[] {
  const callerSide = new Set<string>();
  for (const record of records) {
    const identity = record.userIdentity as { type?: string } | undefined;
    if (identity?.type !== 'AWSAccount') for (const id of [record.sharedEventID, record.requestID]) if (typeof id === 'string') callerSide.add(id);
  }
  return records.filter((record) => {
    const identity = record.userIdentity as { type?: string } | undefined;
    return identity?.type !== 'AWSAccount' || ![record.sharedEventID, record.requestID].some((id) => typeof id === 'string' && callerSide.has(id));
  });
}

