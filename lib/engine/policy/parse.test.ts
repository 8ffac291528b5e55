import { describe, expect, it } from 'vitest';
import { DoctorError, type ErrorCode } from '@/lib/errors';
import { parsePolicyDocument, statementsOf } from './parse';

const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }],
};

function nestedObject(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i++) value = { Statement: value };
  return value;
}

function failure(input: unknown): DoctorError {
  try {
    parsePolicyDocument(input, 'roles[0].AssumeRolePolicyDocument');
  } catch (error) {
    if (error instanceof DoctorError) return error;
    throw error;
  }
  throw new Error('expected parsePolicyDocument to throw');
}

describe('parsePolicyDocument accepts every form AWS hands out', () => {
  it.each([
    ['an object (CLI form)', POLICY],
    ['a JSON string', JSON.stringify(POLICY)],
    ['a pretty-printed JSON string with a byte-order mark', `\ufeff${JSON.stringify(POLICY, null, 2)}\n`],
    ['a URL-encoded JSON string (SDK form)', encodeURIComponent(JSON.stringify(POLICY))],
  ])('%s', (_name, input) => {
    const document = parsePolicyDocument(input, 'policy');
    expect(document.Version).toBe('2012-10-17');
    expect(statementsOf(document)).toHaveLength(1);
  });

  it('a single Statement object is read as a one-statement list', () => {
    const document = parsePolicyDocument({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }, 'policy');
    expect(statementsOf(document)).toEqual([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  });
});

describe('parsePolicyDocument refuses what is not a policy, naming the field', () => {
  const rows: [string, unknown, ErrorCode, RegExp][] = [
    ['null', null, 'bad-policy', /got null/],
    ['a JSON array instead of a policy', [POLICY], 'bad-policy', /got an array/],
    ['the JSON text of an array', JSON.stringify([POLICY]), 'bad-policy', /got an array/],
    ['the JSON text null', 'null', 'bad-policy', /got null/],
    ['a number', 42, 'bad-policy', /got a number/],
    ['an empty string', '   ', 'bad-policy', /empty/],
    ['malformed JSON', '{"Statement": [', 'bad-policy', /not valid JSON/],
    ['broken percent-encoding', '%7B%22Statement%E0%A4%A', 'bad-policy', /percent-encoding/],
    ['no Statement', { Version: '2012-10-17' }, 'bad-policy', /no "Statement"/],
    ['a string Statement', { Statement: 'Allow everything' }, 'bad-policy', /"Statement" is a string/],
    ['a null Statement', { Statement: null }, 'bad-policy', /"Statement" is null/],
    ['a 10 MB string', `{"Statement":"${'x'.repeat(10 * 1024 * 1024)}"}`, 'too-large', /at most 1048576/],
    ['a 2 MB object', { Statement: [{ Sid: 'x'.repeat(2 * 1024 * 1024) }] }, 'too-large', /larger than 1048576/],
    ['1,000-deep nesting as text', `${'{"Statement":'.repeat(1000)}1${'}'.repeat(1000)}`, 'too-deep', /deeper than 32/],
    ['1,000-deep nesting as an object', nestedObject(1000), 'too-deep', /deeper than 32/],
    ['1,000-deep arrays as text', `{"Statement":${'['.repeat(1000)}${']'.repeat(1000)}}`, 'too-deep', /deeper than 32/],
  ];

  it.each(rows)('%s', (_name, input, code, message) => {
    const error = failure(input);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.field?.startsWith('roles[0].AssumeRolePolicyDocument')).toBe(true);
    expect(error.message).toContain('roles[0].AssumeRolePolicyDocument');
  });

  it('says what was expected', () => {
    expect(failure([]).message).toMatch(/expected an IAM policy: a JSON object with a "Statement"/);
  });
});
