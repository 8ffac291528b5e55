import { describe, expect, it } from 'vitest';
import { evaluateConditionBlock } from '../evaluate';
import { contextOf, type ConditionCase } from '../test-helpers';

const V = { version: '2012-10-17' };
const AGE = 'aws:MultiFactorAuthAge';

const cases: ConditionCase[] = [
  ['R-31 NumericEquals matches the same number', { NumericEquals: { [AGE]: '300' } }, { [AGE]: '300' }, true],
  ['R-31 NumericEquals compares numbers, not text', { NumericEquals: { [AGE]: '300' } }, { [AGE]: '300.0' }, true],
  ['R-31 NumericEquals accepts an unquoted number in the policy', { NumericEquals: { [AGE]: 300 } }, { [AGE]: '300' }, true],
  ['R-31 NumericEquals with a different number is false', { NumericEquals: { [AGE]: '300' } }, { [AGE]: '301' }, false],
  ['R-31 NumericNotEquals with a different number is true', { NumericNotEquals: { [AGE]: '300' } }, { [AGE]: '301' }, true],
  ['R-28 NumericNotEquals on a missing key is true', { NumericNotEquals: { [AGE]: '300' } }, {}, true],
  ['R-31 NumericLessThan is strict', { NumericLessThan: { [AGE]: '3600' } }, { [AGE]: '3600' }, false],
  ['R-31 NumericLessThan below the limit', { NumericLessThan: { [AGE]: '3600' } }, { [AGE]: '120' }, true],
  ['R-31 NumericLessThanEquals includes the limit', { NumericLessThanEquals: { [AGE]: '3600' } }, { [AGE]: '3600' }, true],
  ['R-31 NumericGreaterThan is strict', { NumericGreaterThan: { [AGE]: '10' } }, { [AGE]: '10' }, false],
  ['R-31 NumericGreaterThan above', { NumericGreaterThan: { [AGE]: '10' } }, { [AGE]: '11' }, true],
  ['R-31 NumericGreaterThanEquals includes the limit', { NumericGreaterThanEquals: { [AGE]: '10' } }, { [AGE]: '10' }, true],
  ['R-31 a request value that is not a number never matches', { NumericLessThan: { [AGE]: '3600' } }, { [AGE]: 'soon' }, false],
  ['R-28 NumericLessThan on a missing key is false', { NumericLessThan: { [AGE]: '3600' } }, {}, false],
  ['R-29 NumericLessThanIfExists on a missing key is true', { NumericLessThanIfExists: { [AGE]: '3600' } }, {}, true],
  ['R-32 NumericEquals ORs several values', { NumericEquals: { [AGE]: ['1', '2'] } }, { [AGE]: '2' }, true],
  ['R-33 ForAllValues:NumericLessThan needs every value below', { 'ForAllValues:NumericLessThan': { 'test:sizes': '10' } }, { 'test:sizes': ['1', '12'] }, false],
  ['R-33 ForAnyValue:NumericLessThan needs one value below', { 'ForAnyValue:NumericLessThan': { 'test:sizes': '10' } }, { 'test:sizes': ['1', '12'] }, true],
  ['R-34 numeric key names ignore case', { NumericLessThan: { 'AWS:MULTIFACTORAUTHAGE': '3600' } }, { [AGE]: '5' }, true],
  ['R-35 policy variables are not substituted in numeric values', { NumericEquals: { [AGE]: '${aws:EpochTime}' } }, { [AGE]: '5', 'aws:EpochTime': '5' }, false],
];

describe('numeric condition operators', () => {
  it.each(cases)('%s', (_name, condition, context, expected) => {
    expect(evaluateConditionBlock(condition, contextOf(context), V).matched).toBe(expected);
  });

  it('R-31 a policy value that is not a number is explained and never matches', () => {
    const result = evaluateConditionBlock({ NumericEquals: { [AGE]: 'ten' } }, contextOf({ [AGE]: '10' }), V);
    expect(result.matched).toBe(false);
    expect(result.conditions[0].note).toMatch(/not a number/);
  });
});
