import { describe, expect, it } from 'vitest';
import { evaluateConditionBlock } from '../evaluate';
import { contextOf, type ConditionCase } from '../test-helpers';

const V = { version: '2012-10-17' };
const NOW = 'aws:CurrentTime';
const EPOCH = 'aws:EpochTime';

const cases: ConditionCase[] = [
  ['R-31 DateLessThan: before the deadline', { DateLessThan: { [NOW]: '2026-12-01T00:00:00Z' } }, { [NOW]: '2026-11-22T09:00:00Z' }, true],
  ['R-31 DateLessThan: after the deadline', { DateLessThan: { [NOW]: '2026-11-01T00:00:00Z' } }, { [NOW]: '2026-11-22T09:00:00Z' }, false],
  ['R-31 DateLessThan is strict', { DateLessThan: { [NOW]: '2026-11-22T09:00:00Z' } }, { [NOW]: '2026-11-22T09:00:00Z' }, false],
  ['R-31 DateLessThanEquals includes the instant', { DateLessThanEquals: { [NOW]: '2026-11-22T09:00:00Z' } }, { [NOW]: '2026-11-22T09:00:00Z' }, true],
  ['R-31 DateGreaterThan after the start', { DateGreaterThan: { [NOW]: '2026-01-01' } }, { [NOW]: '2026-11-22T09:00:00Z' }, true],
  ['R-31 DateGreaterThanEquals at the start', { DateGreaterThanEquals: { [NOW]: '2026-11-22T09:00:00Z' } }, { [NOW]: '2026-11-22T09:00:00Z' }, true],
  ['R-31 DateEquals compares instants, not text (offsets)', { DateEquals: { [NOW]: '2026-11-22T10:00:00+01:00' } }, { [NOW]: '2026-11-22T09:00:00Z' }, true],
  ['R-31 DateEquals compares instants, not text (fractions)', { DateEquals: { [NOW]: '2026-11-22T09:00:00.000Z' } }, { [NOW]: '2026-11-22T09:00:00Z' }, true],
  ['R-31 DateNotEquals with another instant is true', { DateNotEquals: { [NOW]: '2026-11-22T09:00:01Z' } }, { [NOW]: '2026-11-22T09:00:00Z' }, true],
  ['R-31 epoch seconds in the policy compare with ISO in the request', { DateLessThan: { [NOW]: '1795338001' } }, { [NOW]: '2026-11-22T09:00:00Z' }, true],
  ['R-31 epoch seconds in the request compare with ISO in the policy', { DateGreaterThan: { [EPOCH]: '2026-01-01T00:00:00Z' } }, { [EPOCH]: '1795338000' }, true],
  ['R-31 a request value that is not a date never matches', { DateGreaterThan: { [NOW]: '2026-01-01' } }, { [NOW]: 'yesterday' }, false],
  ['R-31 wildcards are not permitted in dates', { DateEquals: { [NOW]: '2026-*' } }, { [NOW]: '2026-11-22T09:00:00Z' }, false],
  ['R-28 DateLessThan on a missing key is false', { DateLessThan: { 'aws:TokenIssueTime': '2026-12-01' } }, {}, false],
  ['R-28 DateNotEquals on a missing key is true', { DateNotEquals: { 'aws:TokenIssueTime': '2026-12-01' } }, {}, true],
  ['R-29 DateGreaterThanIfExists on a missing key is true', { DateGreaterThanIfExists: { 'aws:TokenIssueTime': '2026-12-01' } }, {}, true],
  ['R-32 DateEquals ORs several values', { DateEquals: { [NOW]: ['2020-01-01', '2026-11-22T09:00:00Z'] } }, { [NOW]: '2026-11-22T09:00:00Z' }, true],
  ['R-33 ForAnyValue:DateLessThan on a set', { 'ForAnyValue:DateLessThan': { 'test:dates': '2026-01-01' } }, { 'test:dates': ['2027-01-01', '2025-01-01'] }, true],
  ['R-34 date key names ignore case', { DateLessThan: { 'AWS:CURRENTTIME': '2026-12-01' } }, { [NOW]: '2026-11-22T09:00:00Z' }, true],
  ['R-31 a time without a zone is read as UTC', { DateEquals: { [NOW]: '2026-11-22T09:00:00' } }, { [NOW]: '2026-11-22T09:00:00Z' }, true],
  ['R-31 an impossible calendar date never matches', { DateLessThan: { [NOW]: '2026-02-30' } }, { [NOW]: '2026-01-01T00:00:00Z' }, false],
];

describe('date condition operators', () => {
  it.each(cases)('%s', (_name, condition, context, expected) => {
    expect(evaluateConditionBlock(condition, contextOf(context), V).matched).toBe(expected);
  });

  it('R-31 a policy value that is not a date is explained', () => {
    const result = evaluateConditionBlock({ DateLessThan: { [NOW]: 'tomorrow' } }, contextOf({ [NOW]: '2026-11-22T09:00:00Z' }), V);
    expect(result.conditions[0].note).toMatch(/ISO 8601/);
  });
});
