import { describe, expect, it } from 'vitest';
import { compileConditionBlock, conditionBlockHolds, evaluateCompiledConditionBlock, evaluateConditionBlock } from './evaluate';
import { contextOf, type ConditionCase } from './test-helpers';

const V = { version: '2012-10-17' };

const combinations: ConditionCase[] = [
  [
    'R-32 several operators are ANDed: all hold',
    { StringEquals: { 'sts:ExternalId': 'abc' }, Bool: { 'aws:SecureTransport': 'true' } },
    { 'sts:ExternalId': 'abc', 'aws:SecureTransport': 'true' },
    true,
  ],
  [
    'R-32 several operators are ANDed: one fails',
    { StringEquals: { 'sts:ExternalId': 'abc' }, Bool: { 'aws:SecureTransport': 'true' } },
    { 'sts:ExternalId': 'abc', 'aws:SecureTransport': 'false' },
    false,
  ],
  [
    'R-32 several keys under one operator are ANDed',
    { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/api:ref:refs/heads/main' } },
    { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/api:pull_request' },
    false,
  ],
  ['R-32 an empty Condition element holds', {}, {}, true],
];

const variables: ConditionCase[] = [
  ['R-35 ${aws:username} is substituted', { StringEquals: { 'sts:RoleSessionName': '${aws:username}' } }, { 'sts:RoleSessionName': 'alice', 'aws:username': 'alice' }, true],
  ['R-35 a variable inside a StringLike pattern', { StringLike: { 'sts:RoleSessionName': '${aws:username}-*' } }, { 'sts:RoleSessionName': 'alice-ci', 'aws:username': 'alice' }, true],
  ['R-35 variable names are looked up without regard to case', { StringEquals: { 'sts:RoleSessionName': '${AWS:UserName}' } }, { 'sts:RoleSessionName': 'alice', 'aws:username': 'alice' }, true],
  ['R-35 an unresolvable variable fails the condition (aws:username is absent for role sessions)', { StringEquals: { 'sts:RoleSessionName': '${aws:username}' } }, { 'sts:RoleSessionName': 'alice' }, false],
  ['R-35 an unresolvable variable fails even a negated operator', { StringNotEquals: { 'sts:RoleSessionName': '${aws:username}' } }, { 'sts:RoleSessionName': 'alice' }, false],
  ['R-35 a default value is used when the key is absent', { StringEquals: { 'sts:RoleSessionName': "${aws:username, 'anonymous'}" } }, { 'sts:RoleSessionName': 'anonymous' }, true],
  ['R-35 the default is ignored when the key is present', { StringEquals: { 'sts:RoleSessionName': "${aws:username, 'anonymous'}" } }, { 'sts:RoleSessionName': 'anonymous', 'aws:username': 'bob' }, false],
  ['R-35 ${*} is a literal asterisk in StringLike', { StringLike: { 'sts:ExternalId': 'a${*}' } }, { 'sts:ExternalId': 'abc' }, false],
  ['R-35 ${*} matches a literal asterisk', { StringLike: { 'sts:ExternalId': 'a${*}' } }, { 'sts:ExternalId': 'a*' }, true],
  ['R-35 ${?} and ${$} are literal characters', { StringEquals: { 'sts:ExternalId': '${?}${$}' } }, { 'sts:ExternalId': '?$' }, true],
  ['R-35 a substituted value is literal text, not a pattern', { StringLike: { 'sts:ExternalId': '${aws:PrincipalTag/ext}' } }, { 'sts:ExternalId': 'abc', 'aws:PrincipalTag/ext': 'a*' }, false],
  ['R-33 a multivalued key cannot be a policy variable', { StringEquals: { 'sts:ExternalId': '${aws:TagKeys}' } }, { 'sts:ExternalId': 'a', 'aws:TagKeys': ['a', 'b'] }, false],
];

describe('condition combination (R-32)', () => {
  it.each(combinations)('%s', (_name, condition, context, expected) => {
    expect(evaluateConditionBlock(condition, contextOf(context), V).matched).toBe(expected);
  });

  it('R-32 evidence lists every condition, not only the first that failed', () => {
    const result = evaluateConditionBlock(
      { StringEquals: { 'sts:ExternalId': 'abc' }, Bool: { 'aws:SecureTransport': 'true' } },
      contextOf({ 'sts:ExternalId': 'x', 'aws:SecureTransport': 'false' }),
      V,
    );
    expect(result.conditions.map((c) => [c.operator, c.matched])).toEqual([
      ['StringEquals', false],
      ['Bool', false],
    ]);
  });
});

describe('policy variables (R-35)', () => {
  it.each(variables)('%s', (_name, condition, context, expected) => {
    expect(evaluateConditionBlock(condition, contextOf(context), V).matched).toBe(expected);
  });

  it('R-35 the evidence shows the substituted values', () => {
    const result = evaluateConditionBlock(
      { StringLike: { 'sts:RoleSessionName': '${aws:username}-*' } },
      contextOf({ 'sts:RoleSessionName': 'alice-ci', 'aws:username': 'alice' }),
      V,
    );
    expect(result.conditions[0]).toMatchObject({ policyValues: ['${aws:username}-*'], resolvedPolicyValues: ['alice-*'], matched: true });
  });

  it('R-35 an unresolvable variable is explained in the note', () => {
    const result = evaluateConditionBlock({ StringEquals: { 'sts:RoleSessionName': '${aws:username}' } }, contextOf({ 'sts:RoleSessionName': 'x' }), V);
    expect(result.conditions[0].note).toMatch(/aws:username.*not present/);
  });

  it.each([[undefined], ['2008-10-17']])('R-35 with Version %s variables are literal text', (version) => {
    const condition = { StringEquals: { 'sts:RoleSessionName': '${aws:username}' } };
    expect(evaluateConditionBlock(condition, contextOf({ 'sts:RoleSessionName': 'alice', 'aws:username': 'alice' }), { version }).matched).toBe(false);
    expect(evaluateConditionBlock(condition, contextOf({ 'sts:RoleSessionName': '${aws:username}' }), { version }).matched).toBe(true);
  });

  it.each([['IpAddress', 'aws:SourceIp', '${aws:PrincipalTag/cidr}', '10.0.0.1'], ['DateLessThan', 'aws:CurrentTime', '${aws:PrincipalTag/until}', '2020-01-01']])(
    'R-35 %s does not substitute variables: the value is read literally',
    (operator, key, value, request) => {
      const result = evaluateConditionBlock({ [operator]: { [key]: value } }, contextOf({ [key]: request, 'aws:PrincipalTag/cidr': '10.0.0.0/8', 'aws:PrincipalTag/until': '2030-01-01' }), V);
      expect(result.matched).toBe(false);
      expect(result.conditions[0].resolvedPolicyValues).toBeUndefined();
    },
  );
});

describe('malformed Condition elements', () => {
  it.each([
    ['unknown operator', { StringEqualz: { 'sts:ExternalId': 'a' } }, /unknown condition operator 'StringEqualz'/],
    ['operator not mapping keys', { StringEquals: 'sts:ExternalId' }, /must map condition keys/],
    ['object value', { StringEquals: { 'sts:ExternalId': { nested: 'x' } } }, /strings, numbers or booleans/],
    ['null value', { StringEquals: { 'sts:ExternalId': null } }, /strings, numbers or booleans/],
    ['empty value list', { StringEquals: { 'sts:ExternalId': [] } }, /no values/],
    ['not an object', ['StringEquals'], /must be an object/],
  ])('a Condition with %s is a fatal problem', (_name, element, message) => {
    const { problems } = compileConditionBlock(element, V);
    expect(problems.some((p) => p.fatal && message.test(p.message))).toBe(true);
  });

  it('operator names are read without regard to case and keep their spelling in evidence', () => {
    const result = evaluateConditionBlock({ 'forAnyValue:stringEquals': { 'aws:TagKeys': 'a' } }, contextOf({ 'aws:TagKeys': ['a'] }), V);
    expect(result.matched).toBe(true);
    expect(result.conditions[0].operator).toBe('forAnyValue:stringEquals');
  });
});

describe('verdict-only path agrees with the explained path', () => {
  const all = [...combinations, ...variables];
  it.each(all)('%s', (_name, condition, context) => {
    const { block } = compileConditionBlock(condition, V);
    const ctx = contextOf(context);
    expect(conditionBlockHolds(block, ctx)).toBe(evaluateCompiledConditionBlock(block, ctx).matched);
  });
});
