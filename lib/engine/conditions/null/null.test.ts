import { describe, expect, it } from 'vitest';
import { evaluateConditionBlock } from '../evaluate';
import { contextOf, type ConditionCase } from '../test-helpers';

const V = { version: '2012-10-17' };
const EXT = 'sts:ExternalId';

const cases: ConditionCase[] = [
  ['R-30 Null true holds when the key is absent', { Null: { [EXT]: 'true' } }, {}, true],
  ['R-30 Null true fails when the key is present', { Null: { [EXT]: 'true' } }, { [EXT]: 'abc' }, false],
  ['R-30 Null false holds when the key is present', { Null: { [EXT]: 'false' } }, { [EXT]: 'abc' }, true],
  ['R-30 Null false fails when the key is absent', { Null: { [EXT]: 'false' } }, {}, false],
  ['R-30 Null accepts unquoted JSON booleans', { Null: { [EXT]: false } }, { [EXT]: 'abc' }, true],
  ['R-30 Null treats an empty set as absent', { Null: { 'aws:TagKeys': 'true' } }, { 'aws:TagKeys': [] }, true],
  ['R-34 Null key names ignore case', { Null: { 'STS:EXTERNALID': 'false' } }, { [EXT]: 'abc' }, true],
  ['R-32 Null with several keys ANDs them', { Null: { [EXT]: 'false', 'sts:SourceIdentity': 'false' } }, { [EXT]: 'abc' }, false],
];

describe('Null condition operator', () => {
  it.each(cases)('%s', (_name, condition, context, expected) => {
    expect(evaluateConditionBlock(condition, contextOf(context), V).matched).toBe(expected);
  });

  it('R-30 the evidence says whether the key was missing', () => {
    const result = evaluateConditionBlock({ Null: { [EXT]: 'false' } }, contextOf({}), V);
    expect(result.conditions[0]).toMatchObject({ operator: 'Null', key: EXT, matched: false, keyMissing: true, requestValues: [] });
  });

  it.each([['NullIfExists'], ['ForAnyValue:Null']])('R-30 %s is not an operator: the condition fails with a reason', (operator) => {
    const result = evaluateConditionBlock({ [operator]: { [EXT]: 'true' } }, contextOf({}), V);
    expect(result.matched).toBe(false);
    expect(result.conditions.at(-1)?.note).toMatch(/unknown condition operator/);
  });
});
