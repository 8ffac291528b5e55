import { describe, expect, it } from 'vitest';
import { evaluateConditionBlock } from '../evaluate';
import { contextOf, type ConditionCase } from '../test-helpers';

const V = { version: '2012-10-17' };
const KEY = 'test:blob';

const cases: ConditionCase[] = [
  ['R-31 BinaryEquals matches the same base-64 bytes', { BinaryEquals: { [KEY]: 'QmluYXJ5VmFsdWU=' } }, { [KEY]: 'QmluYXJ5VmFsdWU=' }, true],
  ['R-31 BinaryEquals ignores base-64 padding', { BinaryEquals: { [KEY]: 'QmluYXJ5VmFsdWU=' } }, { [KEY]: 'QmluYXJ5VmFsdWU' }, true],
  ['R-31 BinaryEquals is byte-exact (base-64 is case-sensitive)', { BinaryEquals: { [KEY]: 'QmluYXJ5VmFsdWU=' } }, { [KEY]: 'qmluyxj5vmfsdwu=' }, false],
  ['R-31 BinaryEquals with other bytes is false', { BinaryEquals: { [KEY]: 'QmluYXJ5VmFsdWU=' } }, { [KEY]: 'T3RoZXI=' }, false],
  ['R-28 BinaryEquals on a missing key is false', { BinaryEquals: { [KEY]: 'QmluYXJ5VmFsdWU=' } }, {}, false],
  ['R-29 BinaryEqualsIfExists on a missing key is true', { BinaryEqualsIfExists: { [KEY]: 'QmluYXJ5VmFsdWU=' } }, {}, true],
  ['R-32 BinaryEquals ORs several values', { BinaryEquals: { [KEY]: ['T3RoZXI=', 'QmluYXJ5VmFsdWU='] } }, { [KEY]: 'QmluYXJ5VmFsdWU=' }, true],
  ['R-34 binary key names ignore case', { BinaryEquals: { 'TEST:BLOB': 'T3RoZXI=' } }, { [KEY]: 'T3RoZXI=' }, true],
];

describe('BinaryEquals condition operator', () => {
  it.each(cases)('%s', (_name, condition, context, expected) => {
    expect(evaluateConditionBlock(condition, contextOf(context), V).matched).toBe(expected);
  });

  it('R-31 a policy value that is not base-64 is explained', () => {
    const result = evaluateConditionBlock({ BinaryEquals: { [KEY]: 'not base64!' } }, contextOf({ [KEY]: 'T3RoZXI=' }), V);
    expect(result.matched).toBe(false);
    expect(result.conditions[0].note).toMatch(/base-64/);
  });
});
