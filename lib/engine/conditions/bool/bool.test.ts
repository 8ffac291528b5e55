import { describe, expect, it } from 'vitest';
import { evaluateConditionBlock } from '../evaluate';
import { contextOf, type ConditionCase } from '../test-helpers';

const V = { version: '2012-10-17' };
const MFA = 'aws:MultiFactorAuthPresent';

const cases: ConditionCase[] = [
  ['R-31 Bool true matches "true"', { Bool: { [MFA]: 'true' } }, { [MFA]: 'true' }, true],
  ['R-31 Bool true does not match "false"', { Bool: { [MFA]: 'true' } }, { [MFA]: 'false' }, false],
  ['R-31 Bool accepts an unquoted JSON boolean', { Bool: { [MFA]: true } }, { [MFA]: 'true' }, true],
  ['R-31 Bool false matches "false"', { Bool: { [MFA]: false } }, { [MFA]: 'false' }, true],
  ['R-31 Bool compares without regard to case', { Bool: { [MFA]: 'True' } }, { [MFA]: 'TRUE' }, true],
  ['R-40 Bool on a missing key is false (long-term credentials carry no MFA key)', { Bool: { [MFA]: 'true' } }, {}, false],
  ['R-40 Bool false on a missing key is false too: a Deny with it misses long-term keys', { Bool: { [MFA]: 'false' } }, {}, false],
  ['R-29 BoolIfExists false on a missing key is true (the recommended Deny)', { BoolIfExists: { [MFA]: 'false' } }, {}, true],
  ['R-29 BoolIfExists still compares a present key', { BoolIfExists: { [MFA]: 'false' } }, { [MFA]: 'true' }, false],
  ['R-34 Bool key names ignore case', { Bool: { 'AWS:MULTIFACTORAUTHPRESENT': 'true' } }, { [MFA]: 'true' }, true],
  ['R-33 ForAnyValue:Bool on a set', { 'ForAnyValue:Bool': { 'test:flags': 'true' } }, { 'test:flags': ['false', 'true'] }, true],
  ['R-33 ForAllValues:Bool on a set', { 'ForAllValues:Bool': { 'test:flags': 'true' } }, { 'test:flags': ['false', 'true'] }, false],
  ['R-31 a request value that is neither true nor false never matches', { Bool: { [MFA]: 'true' } }, { [MFA]: 'yes' }, false],
];

describe('Bool condition operator', () => {
  it.each(cases)('%s', (_name, condition, context, expected) => {
    expect(evaluateConditionBlock(condition, contextOf(context), V).matched).toBe(expected);
  });

  it('R-35 (disputed) a policy variable in Bool is substituted and the evidence says it is disputed', () => {
    const result = evaluateConditionBlock(
      { Bool: { 'aws:SecureTransport': '${aws:MultiFactorAuthPresent}' } },
      contextOf({ 'aws:SecureTransport': 'true', [MFA]: 'true' }),
      V,
    );
    expect(result.matched).toBe(true);
    expect(result.conditions[0].resolvedPolicyValues).toEqual(['true']);
    expect(result.conditions[0].note).toMatch(/disputed/);
  });
});
