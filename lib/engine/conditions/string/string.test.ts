import { describe, expect, it } from 'vitest';
import { evaluateConditionBlock } from '../evaluate';
import { contextOf, type ConditionCase } from '../test-helpers';

const V = { version: '2012-10-17' };

const cases: ConditionCase[] = [
  // R-31 StringEquals: exact and case-sensitive
  ['R-31 StringEquals matches the exact value', { StringEquals: { 'sts:ExternalId': 'abc' } }, { 'sts:ExternalId': 'abc' }, true],
  ['R-31 StringEquals is case-sensitive', { StringEquals: { 'sts:ExternalId': 'abc' } }, { 'sts:ExternalId': 'ABC' }, false],
  ['R-31 StringEquals treats * literally', { StringEquals: { 'sts:ExternalId': 'a*' } }, { 'sts:ExternalId': 'abc' }, false],
  ['R-32 StringEquals with several values ORs them', { StringEquals: { 'sts:ExternalId': ['x', 'abc'] } }, { 'sts:ExternalId': 'abc' }, true],
  ['R-28 StringEquals on a missing key is false', { StringEquals: { 'sts:ExternalId': 'abc' } }, {}, false],
  ['R-29 StringEqualsIfExists on a missing key is true', { StringEqualsIfExists: { 'sts:ExternalId': 'abc' } }, {}, true],
  ['R-29 StringEqualsIfExists still compares a present key', { StringEqualsIfExists: { 'sts:ExternalId': 'abc' } }, { 'sts:ExternalId': 'abd' }, false],
  // negated
  ['R-31 StringNotEquals with a different value is true', { StringNotEquals: { 'sts:ExternalId': 'abc' } }, { 'sts:ExternalId': 'abd' }, true],
  ['R-31 StringNotEquals with the same value is false', { StringNotEquals: { 'sts:ExternalId': 'abc' } }, { 'sts:ExternalId': 'abc' }, false],
  ['R-32 StringNotEquals NORs several values', { StringNotEquals: { 'sts:ExternalId': ['x', 'abc'] } }, { 'sts:ExternalId': 'abc' }, false],
  ['R-28 StringNotEquals on a missing key is true', { StringNotEquals: { 'sts:ExternalId': 'abc' } }, {}, true],
  ['R-29 StringNotEqualsIfExists on a missing key is true', { StringNotEqualsIfExists: { 'sts:ExternalId': 'abc' } }, {}, true],
  // ignore case
  ['R-31 StringEqualsIgnoreCase ignores case', { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Red' } }, { 'aws:PrincipalTag/team': 'rED' }, true],
  ['R-31 StringEqualsIgnoreCase still needs the same letters', { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Red' } }, { 'aws:PrincipalTag/team': 'reds' }, false],
  ['R-31 StringNotEqualsIgnoreCase is false for a case variant', { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Red' } }, { 'aws:PrincipalTag/team': 'RED' }, false],
  ['R-28 StringNotEqualsIgnoreCase on a missing key is true', { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Red' } }, {}, true],
  // like
  ['R-31 StringLike * matches any run', { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/api:*' } }, { 'token.actions.githubusercontent.com:sub': 'repo:acme/api:ref:refs/heads/main' }, true],
  ['R-31 StringLike ? matches exactly one character', { StringLike: { 'sts:RoleSessionName': 'job-?' } }, { 'sts:RoleSessionName': 'job-12' }, false],
  ['R-31 StringLike ? matches one character', { StringLike: { 'sts:RoleSessionName': 'job-?' } }, { 'sts:RoleSessionName': 'job-1' }, true],
  ['R-31 StringLike is case-sensitive', { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:Acme/*' } }, { 'token.actions.githubusercontent.com:sub': 'repo:acme/api:pull_request' }, false],
  ['R-31 StringLike without wildcards needs the whole value', { StringLike: { 'sts:RoleSessionName': 'job' } }, { 'sts:RoleSessionName': 'job-1' }, false],
  ['R-31 StringNotLike is false when the pattern matches', { StringNotLike: { 'sts:RoleSessionName': 'job-*' } }, { 'sts:RoleSessionName': 'job-1' }, false],
  ['R-28 StringNotLike on a missing key is true', { StringNotLike: { 'sts:RoleSessionName': 'job-*' } }, {}, true],
  ['R-29 StringLikeIfExists on a missing key is true', { StringLikeIfExists: { 'sts:RoleSessionName': 'job-*' } }, {}, true],
  // key names
  ['R-34 condition key names ignore case', { StringEquals: { 'STS:EXTERNALID': 'abc' } }, { 'sts:ExternalId': 'abc' }, true],
  ['R-34 the tag-key part of a key ignores case', { StringEquals: { 'aws:PrincipalTag/Team': 'red' } }, { 'aws:principaltag/team': 'red' }, true],
  // set operators with multivalued keys
  ['R-33 ForAnyValue:StringEquals true when one request value matches', { 'ForAnyValue:StringEquals': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } }, { 'cognito-identity.amazonaws.com:amr': ['authenticated', 'graph.facebook.com'] }, true],
  ['R-33 ForAnyValue:StringEquals false when none matches', { 'ForAnyValue:StringEquals': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } }, { 'cognito-identity.amazonaws.com:amr': ['unauthenticated'] }, false],
  ['R-33 ForAnyValue:StringEquals false when the key is missing', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' } }, {}, false],
  ['R-33 ForAnyValue:StringEquals false on an empty set', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' } }, { 'aws:TagKeys': [] }, false],
  ['R-33 ForAllValues:StringEquals true when every value is allowed', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'cost'] } }, { 'aws:TagKeys': ['team', 'cost'] }, true],
  ['R-33 ForAllValues:StringEquals false when one value is not allowed', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'cost'] } }, { 'aws:TagKeys': ['team', 'owner'] }, false],
  ['R-33 ForAllValues:StringEquals true when the key is missing', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, {}, true],
  ['R-33 ForAllValues:StringEquals true on an empty set', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, { 'aws:TagKeys': [] }, true],
  ['R-33 ForAnyValue:StringLike "*" false when the values resolve to an empty set (an empty string)', { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': '*' } }, { 'cognito-identity.amazonaws.com:amr': [''] }, false],
  ['R-33 ForAnyValue:StringNotEquals false on an empty string', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': 'team' } }, { 'aws:TagKeys': [''] }, false],
  ['R-33 ForAnyValue:StringLikeIfExists false on an empty string: the key is present', { 'ForAnyValue:StringLikeIfExists': { 'cognito-identity.amazonaws.com:amr': '*' } }, { 'cognito-identity.amazonaws.com:amr': [''] }, false],
  ['R-33 ForAllValues:StringEquals true on an empty string', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, { 'aws:TagKeys': [''] }, true],
  ['R-33 an empty string among other values is a value', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, { 'aws:TagKeys': ['team', ''] }, false],
  ['R-33 without a set qualifier an empty string is a value', { StringEquals: { 'sts:ExternalId': '' } }, { 'sts:ExternalId': '' }, true],
  ['R-33 ForAllValues:StringLike applies wildcards to every value', { 'ForAllValues:StringLike': { 'aws:TagKeys': 'app-*' } }, { 'aws:TagKeys': ['app-a', 'app-b'] }, true],
  ['R-33 ForAnyValue:StringNotEquals true when some value is outside the list', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['team'] } }, { 'aws:TagKeys': ['team', 'owner'] }, true],
  ['R-33 ForAllValues:StringNotEquals false when some value is in the list', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['team'] } }, { 'aws:TagKeys': ['team', 'owner'] }, false],
  ['R-33 ForAllValues:StringNotEquals true when no value is in the list', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, { 'aws:TagKeys': ['team', 'owner'] }, true],
  ['R-33 ForAllValues:StringEqualsIgnoreCase folds case per value', { 'ForAllValues:StringEqualsIgnoreCase': { 'aws:TagKeys': ['Team'] } }, { 'aws:TagKeys': ['TEAM', 'team'] }, true],
  // values normalised (numbers/booleans written unquoted)
  ['R-34 an unquoted number is compared as its text', { StringEquals: { 'aws:PrincipalTag/level': 3 } }, { 'aws:PrincipalTag/level': '3' }, true],
];

describe('string condition operators', () => {
  it.each(cases)('%s', (_name, condition, context, expected) => {
    const result = evaluateConditionBlock(condition, contextOf(context), V);
    expect(result.matched).toBe(expected);
    expect(result.conditions).toHaveLength(Object.values(condition).reduce<number>((n, keys) => n + Object.keys(keys as object).length, 0));
  });

  it('R-28 reports a missing key in the evidence with the operator and key as written', () => {
    const result = evaluateConditionBlock({ 'ForAnyValue:StringLike': { 'STS:ExternalId': ['a*'] } }, contextOf({}), V);
    expect(result.conditions[0]).toMatchObject({
      operator: 'ForAnyValue:StringLike',
      key: 'STS:ExternalId',
      policyValues: ['a*'],
      requestValues: [],
      matched: false,
      keyMissing: true,
    });
  });

  it('R-31 evidence carries the request values that were compared', () => {
    const result = evaluateConditionBlock({ StringEquals: { 'sts:ExternalId': 'abc' } }, contextOf({ 'sts:ExternalId': 'abd' }), V);
    expect(result.conditions).toEqual([
      { operator: 'StringEquals', key: 'sts:ExternalId', policyValues: ['abc'], requestValues: ['abd'], matched: false },
    ]);
  });
});
