import { describe, expect, it } from 'vitest';
import { evaluateConditionBlock } from '../evaluate';
import { contextOf, type ConditionCase } from '../test-helpers';

const V = { version: '2012-10-17' };
const PA = 'aws:PrincipalArn';
const ROLE = 'arn:aws:iam::111111111111:role/ci/Deploy';

const cases: ConditionCase[] = [
  ['R-31 ArnEquals matches the same ARN', { ArnEquals: { [PA]: ROLE } }, { [PA]: ROLE }, true],
  ['R-31 ArnEquals is case-sensitive', { ArnEquals: { [PA]: ROLE } }, { [PA]: ROLE.toLowerCase() }, false],
  ['R-31 ArnEquals and ArnLike behave identically: wildcards work in ArnEquals', { ArnEquals: { [PA]: 'arn:aws:iam::111111111111:role/*' } }, { [PA]: ROLE }, true],
  ['R-31 ArnLike with a wildcard resource', { ArnLike: { [PA]: 'arn:aws:iam::111111111111:role/ci/*' } }, { [PA]: ROLE }, true],
  ['R-31 ArnLike with a wildcard account', { ArnLike: { [PA]: 'arn:aws:iam::*:role/ci/Deploy' } }, { [PA]: ROLE }, true],
  ['R-31 ArnLike checks each part on its own: * in the region cannot eat the account', { ArnLike: { [PA]: 'arn:aws:iam:*::role/ci/Deploy' } }, { [PA]: ROLE }, false],
  ['R-31 ArnLike: a different account does not match', { ArnLike: { [PA]: 'arn:aws:iam::222222222222:role/*' } }, { [PA]: ROLE }, false],
  ['R-31 ArnLike: the resource part keeps its colons', { ArnLike: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111111111111:log-group:app:*' } }, { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111111111111:log-group:app:log-stream:x' }, true],
  ['R-31 ArnLike: ? matches one character within a part', { ArnLike: { [PA]: 'arn:aws:iam::11111111111?:role/ci/Deploy' } }, { [PA]: ROLE }, true],
  ['R-31 ArnLike: a value that is not an ARN does not match', { ArnLike: { [PA]: 'arn:aws:iam::*:role/*' } }, { [PA]: 'Deploy' }, false],
  ['R-31 ArnLike: "*" alone matches any ARN', { ArnLike: { [PA]: '*' } }, { [PA]: ROLE }, true],
  ['R-31 ArnNotLike true for another account', { ArnNotLike: { [PA]: 'arn:aws:iam::222222222222:role/*' } }, { [PA]: ROLE }, true],
  ['R-31 ArnNotEquals false for the same ARN', { ArnNotEquals: { [PA]: ROLE } }, { [PA]: ROLE }, false],
  ['R-32 ArnNotLike NORs several patterns', { ArnNotLike: { [PA]: ['arn:aws:iam::222222222222:role/*', 'arn:aws:iam::111111111111:role/ci/*'] } }, { [PA]: ROLE }, false],
  ['R-28 ArnLike on a missing key is false', { ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:*:111111111111:instance/*' } }, {}, false],
  ['R-28 ArnNotLike on a missing key is true', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:ec2:*:111111111111:instance/*' } }, {}, true],
  ['R-29 ArnLikeIfExists on a missing key is true', { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:ec2:*:111111111111:instance/*' } }, {}, true],
  ['R-34 ARN key names ignore case', { ArnEquals: { 'AWS:PRINCIPALARN': ROLE } }, { [PA]: ROLE }, true],
  ['R-33 ForAnyValue:ArnLike on a set', { 'ForAnyValue:ArnLike': { 'test:arns': 'arn:aws:iam::*:role/ci/*' } }, { 'test:arns': ['arn:aws:iam::1:user/x', ROLE] }, true],
  ['R-33 ForAllValues:ArnLike on a set', { 'ForAllValues:ArnLike': { 'test:arns': 'arn:aws:iam::*:role/ci/*' } }, { 'test:arns': ['arn:aws:iam::111111111111:user/x', ROLE] }, false],
  ['R-35 ARN operators substitute policy variables', { ArnEquals: { [PA]: 'arn:aws:iam::${aws:PrincipalAccount}:role/ci/Deploy' } }, { [PA]: ROLE, 'aws:PrincipalAccount': '111111111111' }, true],
];

describe('ARN condition operators', () => {
  it.each(cases)('%s', (_name, condition, context, expected) => {
    expect(evaluateConditionBlock(condition, contextOf(context), V).matched).toBe(expected);
  });
});

describe('ARN condition values that are not ARNs', () => {
  it('R-31 a pattern without six parts never matches, and the evidence says why', () => {
    const result = evaluateConditionBlock({ ArnLike: { [PA]: 'arn:aws:iam:*:role/ci/Deploy' } }, contextOf({ [PA]: ROLE }), V);
    expect(result.matched).toBe(false);
    expect(result.conditions[0].note).toMatch(/six colon-separated parts/);
  });
});
