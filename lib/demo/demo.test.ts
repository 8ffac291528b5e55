// Replays every CloudTrail record of the demo organization through requestFromEvent + diagnose and
// checks it against what the incident list says: the decision, the exact failing checks, and that
// the error AWS would return has the code the record logged.

import { describe, expect, it } from 'vitest';
import { diagnose } from '@/lib/engine';
import { isFailedStsEvent, requestFromEvent } from '@/lib/engine/cloudtrail';
import { parsePasted } from '@/lib/engine/paste';
import type { AssumeRoleRequest, CloudTrailEvent } from '@/lib/engine/types';
import { settleUnknownContext } from '@/lib/engine/unknown-context';
import { demoEvents, demoIncidents, demoSnapshot, demoSuccessfulCalls, findDemoIncident } from './index';

function eventById(eventID: string): CloudTrailEvent {
  const event = demoEvents.find((candidate) => candidate.eventID === eventID);
  if (!event) throw new Error(`no demo event ${eventID}`);
  return event;
}

function withOverrides(request: AssumeRoleRequest, overrides: Partial<AssumeRoleRequest> | undefined): AssumeRoleRequest {
  if (!overrides) return request;
  const merged: AssumeRoleRequest = { ...request, ...overrides };
  if (overrides.context) merged.context = { ...request.context, ...overrides.context };
  if (overrides.callerSession) merged.callerSession = { ...request.callerSession, ...overrides.callerSession };
  // As the product merges overrides (lib/ui/replay.ts): a value given settles what the record left unknown.
  return settleUnknownContext(merged);
}

function inReservedRange(ip: string): boolean {
  return ip.startsWith('203.0.113.') || ip.startsWith('198.51.100.');
}

describe('demo organization: shape', () => {
  it('is a demo snapshot of three accounts with the management account outside them', () => {
    expect(demoSnapshot.source).toBe('demo');
    expect(demoSnapshot.capturedAt).toBeDefined();
    expect(demoSnapshot.accounts.map((account) => account.accountId)).toEqual(['111111111111', '222222222222', '333333333333']);
    expect(demoSnapshot.organization?.managementAccountId).toBe('999999999999');
  });

  it('lists every event exactly once, as an incident or a successful call', () => {
    const listed = [...demoIncidents.map((incident) => incident.eventID), ...demoSuccessfulCalls.map((call) => call.eventID)];
    expect(new Set(listed).size).toBe(listed.length);
    expect(new Set(listed)).toEqual(new Set(demoEvents.map((event) => event.eventID)));
  });

  it('has at least twelve failures, each an incident, with unique slugs', () => {
    const failures = demoEvents.filter((event) => isFailedStsEvent(event));
    expect(failures.length).toBeGreaterThanOrEqual(12);
    expect(new Set(failures.map((event) => event.eventID))).toEqual(new Set(demoIncidents.map((incident) => incident.eventID)));
    expect(new Set(demoIncidents.map((incident) => incident.slug)).size).toBe(demoIncidents.length);
    for (const slug of [
      'github-oidc-sub-mismatch',
      'vendor-external-id-mismatch',
      'cross-account-no-identity-allow',
      'scp-deny-outside-org',
      'mfa-required',
      'trust-names-deleted-role',
      'role-chaining-over-one-hour',
      'duration-above-max-session',
      'missing-tag-session',
      'invalid-session-name',
      'sts-region-not-activated',
      'boundary-explicit-deny',
    ]) {
      expect(findDemoIncident(slug), slug).toBeDefined();
    }
  });

  it('uses only documentation IP ranges and happens before capturedAt', () => {
    for (const event of demoEvents) {
      const ip = String(event.sourceIPAddress);
      if (!ip.endsWith('.amazonaws.com')) expect(inReservedRange(ip), ip).toBe(true);
      expect(String(event.eventTime) < String(demoSnapshot.capturedAt)).toBe(true);
      expect(event.eventSource).toBe('sts.amazonaws.com');
      expect(event.eventType).toBe('AwsApiCall');
    }
  });
});

describe('demo organization: every incident replays to its diagnosis', () => {
  for (const incident of demoIncidents) {
    it(`${incident.slug}: ${incident.expected.decision} at ${incident.expected.failedChecks.join(', ')}`, () => {
      const event = eventById(incident.eventID);
      expect(isFailedStsEvent(event)).toBe(true);
      const replay = requestFromEvent(event);
      const request = withOverrides(replay.request, incident.requestOverrides);
      const diagnosis = diagnose(demoSnapshot, request);
      expect(diagnosis.failedChecks).toEqual(incident.expected.failedChecks);
      expect(diagnosis.decision).toBe(incident.expected.decision);
      expect(diagnosis.awsError?.code).toBe(replay.observed.errorCode);
    });
  }
});

describe('demo organization: every successful call replays as allowed', () => {
  for (const call of demoSuccessfulCalls) {
    it(call.slug, () => {
      const event = eventById(call.eventID);
      expect(isFailedStsEvent(event)).toBe(false);
      const replay = requestFromEvent(event);
      if (call.roleSideOf) {
        // The role account's copy names no caller: the replay says so, and its partner (same sharedEventID) is allowed.
        expect(replay.request.caller).toBeUndefined();
        expect(replay.gaps.some((gap) => gap.includes("role account's copy"))).toBe(true);
        const partner = eventById(call.roleSideOf);
        expect(partner.sharedEventID).toBe(event.sharedEventID);
        const partnerReplay = requestFromEvent(partner);
        expect(diagnose(demoSnapshot, partnerReplay.request).decision).toBe('allowed');
        return;
      }
      const diagnosis = diagnose(demoSnapshot, withOverrides(replay.request, call.requestOverrides));
      expect(diagnosis.failedChecks).toEqual([]);
      expect(diagnosis.decision).toBe('allowed');
    });
  }
});

describe('demo organization: pasting what an engineer would see', () => {
  for (const incident of demoIncidents) {
    it(`${incident.slug}: the logged error message points at ${incident.expected.failedChecks.join(', ')}`, () => {
      const event = eventById(incident.eventID);
      const pasted = parsePasted(String(event.errorMessage));
      expect(pasted.kind).toBe('error');
      if (pasted.kind !== 'error') return;
      expect(pasted.code).toBe(event.errorCode);
      for (const check of incident.expected.failedChecks) expect(pasted.candidateChecks).toContain(check);
      const asRecord = parsePasted(JSON.stringify({ Records: [event] }, null, 2));
      expect(asRecord.kind).toBe('event');
      if (asRecord.kind === 'event') expect(asRecord.event.eventID).toBe(incident.eventID);
    });
  }
});
