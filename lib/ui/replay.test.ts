import { describe, expect, it } from 'vitest';
import { demoIncidents, demoSnapshot, demoSuccessfulCalls } from '@/lib/demo';
import type { CloudTrailEvent } from '@/lib/engine/types';
import { overridesOf, replayCall } from './replay';

const overrides = overridesOf([...demoIncidents, ...demoSuccessfulCalls]);

describe('replaying a CloudTrail record', () => {
  it('lays the facts CloudTrail does not record over the request, and keeps the record as logged', () => {
    const call = [...demoIncidents, ...demoSuccessfulCalls].find((candidate) => candidate.requestOverrides?.externalId)!;
    const record = (demoSnapshot.events ?? []).find((event) => (event as { eventID?: string }).eventID === call.eventID) as CloudTrailEvent;
    const replayed = replayCall(record, overrides);
    expect(replayed.eventId).toBe(call.eventID);
    expect(replayed.request.externalId).toBe(call.requestOverrides!.externalId);
    expect(replayed.recorded.externalId).toBeUndefined();
    expect(replayed.time).toBe(record.eventTime);
    expect(replayed.errorCode).toBe(record.errorCode);
    expect(replayCall(record).request).toEqual(replayed.recorded);
  });

  it('refuses a record that is not an AssumeRole call', () => {
    expect(() => replayCall({ eventSource: 's3.amazonaws.com', eventName: 'GetObject' } as CloudTrailEvent)).toThrow();
  });
});
