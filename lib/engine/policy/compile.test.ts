import { describe, expect, it } from 'vitest';
import type { PolicyKind, PolicyRef } from '../types';
import { parseCaller } from '../arn';
import { contextOf } from '../conditions/test-helpers';
import { compilePolicy } from './compile';
import type { CallerIdentity, EvaluationRequest } from './types';

const ROLE_ARN = 'arn:aws:iam::222222222222:role/Deploy';
const ALICE: CallerIdentity = parseCaller('arn:aws:iam::111111111111:user/alice', 'caller');
const trustRef: PolicyRef = { kind: 'trust', name: 'Deploy', account: '222222222222' };

function ref(kind: PolicyKind): PolicyRef {
  return { kind, name: `${kind}-policy` };
}

function request(overrides: Partial<EvaluationRequest> = {}, context: Record<string, string | string[]> = {}): EvaluationRequest {
  return { action: 'sts:AssumeRole', resource: ROLE_ARN, caller: ALICE, context: contextOf(context), ...overrides };
}

const GOOD = { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' };

/** A valid statement of each policy kind, to show the rest of a policy still counts. */
function validStatement(kind: PolicyKind): Record<string, unknown> {
  if (kind === 'trust') return GOOD;
  if (kind === 'rcp') return { ...GOOD, Principal: '*', Resource: '*' };
  return { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' };
}

describe('statements IAM would refuse are skipped and reported', () => {
  const rows: [string, PolicyKind, Record<string, unknown>, RegExp][] = [
    ['missing Effect', 'trust', { Principal: '*', Action: 'sts:AssumeRole' }, /no Effect/],
    ['an Effect that is not Allow or Deny', 'trust', { Effect: 'allow ', Principal: '*', Action: 'sts:AssumeRole' }, /Effect must be "Allow" or "Deny"/],
    ['both Action and NotAction', 'trust', { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', NotAction: 's3:*' }, /both Action and NotAction/],
    ['neither Action nor NotAction', 'trust', { Effect: 'Allow', Principal: '*' }, /no Action/],
    ['an action without a service prefix', 'trust', { Effect: 'Allow', Principal: '*', Action: 'AssumeRole' }, /not an action/],
    ['an empty action list', 'trust', { Effect: 'Allow', Principal: '*', Action: [] }, /non-empty list/],
    ['both Principal and NotPrincipal', 'trust', { Effect: 'Deny', Principal: '*', NotPrincipal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' }, /both Principal and NotPrincipal/],
    ['R-27 NotPrincipal with Allow', 'rcp', { Effect: 'Allow', NotPrincipal: { AWS: '111111111111' }, Action: 'sts:*', Resource: '*' }, /NotPrincipal can only be used with "Effect": "Deny" \(R-27\)/],
    ['R-27 NotPrincipal in a trust policy (disputed)', 'trust', { Effect: 'Deny', NotPrincipal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' }, /disputed/],
    ['R-27 NotPrincipal in an SCP', 'scp', { Effect: 'Deny', NotPrincipal: { AWS: '111111111111' }, Action: '*', Resource: '*' }, /do not support NotPrincipal/],
    ['R-21 a partial wildcard in a principal ARN', 'trust', { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/ci-*' }, Action: 'sts:AssumeRole' }, /R-21/],
    ['a trust statement without a Principal', 'trust', { Effect: 'Allow', Action: 'sts:AssumeRole' }, /must name a Principal/],
    ['a Resource in a trust policy', 'trust', { ...GOOD, Resource: '*' }, /cannot have a Resource/],
    ['a Principal in an identity policy', 'identity-inline', { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }, /cannot name a Principal/],
    ['an identity statement without Resource', 'identity-managed', { Effect: 'Allow', Action: 'sts:AssumeRole' }, /no Resource/],
    ['both Resource and NotResource', 'permissions-boundary', { Effect: 'Allow', Action: '*', Resource: '*', NotResource: 'x' }, /both Resource and NotResource/],
    ['an unknown condition operator', 'trust', { ...GOOD, Condition: { StringEqualsX: { 'sts:ExternalId': 'a' } } }, /unknown condition operator 'StringEqualsX'/],
    ['condition values that are objects', 'trust', { ...GOOD, Condition: { StringEquals: { 'sts:ExternalId': { a: 1 } } } }, /strings, numbers or booleans/],
    // Element names are read without regard to case: one element in two cases is ambiguous.
    ['Effect written twice in different case', 'trust', { ...GOOD, EFFECT: 'Deny' }, /both "Effect" and "EFFECT"/],
    ['Action written twice in different case', 'identity-inline', { Effect: 'Allow', Action: 'sts:AssumeRole', action: 's3:*', Resource: '*' }, /both "Action" and "action"/],
    ['Condition written twice in different case', 'trust', { ...GOOD, condition: { StringEquals: { 'sts:ExternalId': 'a' } }, Condition: { StringEquals: { 'sts:ExternalId': 'b' } } }, /both "condition" and "Condition"/],
    ['a principal type named like an Object member', 'trust', { ...GOOD, Principal: { constructor: '111111111111' } }, /unknown principal type "constructor"/],
  ];

  it.each(rows)('%s', (_name, kind, statement, message) => {
    const policy = compilePolicy({ Version: '2012-10-17', Statement: [statement, validStatement(kind)] }, ref(kind), 'policy');
    expect(policy.problems).toHaveLength(1);
    expect(policy.problems[0]).toMatchObject({ statementIndex: 0 });
    expect(policy.problems[0].message).toMatch(message);
    expect(policy.problems[0].message).toMatch(/statement skipped/);
    expect(policy.problems[0].field.startsWith('policy.Statement[0]')).toBe(true);
    expect(policy.statementCount).toBe(2);
    // The skipped statement is not evaluated; the rest of the policy still is.
    const evaluation = policy.evaluate(request({ caller: kind === 'trust' || kind === 'rcp' ? ALICE : undefined }));
    expect(evaluation.statements.map((s) => s.statement.index)).toEqual([1]);
    expect(evaluation.allows).toHaveLength(1);
  });

  it('a statement that is not an object is reported', () => {
    const policy = compilePolicy({ Statement: ['Allow everything', GOOD] }, trustRef, 'policy');
    expect(policy.problems[0]).toMatchObject({ statementIndex: 0, message: expect.stringMatching(/must be an object/) });
  });

  it('a bad CIDR is reported without skipping the statement (the condition can never match)', () => {
    const policy = compilePolicy({ Version: '2012-10-17', Statement: [{ ...GOOD, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/99' } } }] }, trustRef, 'policy');
    expect(policy.problems).toHaveLength(1);
    expect(policy.problems[0].message).not.toMatch(/skipped/);
    const evaluation = policy.evaluate(request({}, { 'aws:SourceIp': '10.0.0.1' }));
    expect(evaluation.statements[0].conditionsMatched).toBe(false);
    expect(evaluation.statements[0].conditions?.[0].note).toMatch(/CIDR/);
  });

  it('an unknown Version is reported and variables are read literally', () => {
    const policy = compilePolicy({ Version: '2020-01-01', Statement: [GOOD] }, trustRef, 'policy');
    expect(policy.version).toBeUndefined();
    expect(policy.problems[0].message).toMatch(/Version must be/);
  });
});

describe('Action and NotAction', () => {
  const rows: [string, unknown, boolean, string?][] = [
    ['exact action', 'sts:AssumeRole', true],
    ['action names ignore case', 'STS:assumerole', true],
    ['service wildcard', 'sts:*', true],
    ['everything', '*', true],
    ['prefix wildcard', 'sts:Assume*', true],
    ['? wildcard', 'sts:AssumeRol?', true],
    ['a longer action does not match a shorter name', 'sts:AssumeRoleWithSAML', false],
    ['wildcard does not cross services', 's3:*', false],
    ['list ORs its entries', ['s3:GetObject', 'sts:AssumeRole'], true],
    ['NotAction excludes the action', undefined, false, 'sts:AssumeRole'],
    ['NotAction of another action matches', undefined, true, 'sts:TagSession'],
    ['NotAction with wildcards', undefined, false, 'sts:*'],
  ];
  it.each(rows)('%s', (_name, action, expected, notAction) => {
    const statement = notAction === undefined ? { Effect: 'Allow', Action: action, Resource: '*' } : { Effect: 'Allow', NotAction: notAction, Resource: '*' };
    const policy = compilePolicy({ Version: '2012-10-17', Statement: statement }, ref('identity-inline'), 'policy');
    const evaluation = policy.evaluate(request({ caller: undefined }));
    expect(evaluation.statements[0].actionMatched).toBe(expected);
    expect(evaluation.allows.length > 0).toBe(expected);
  });
});

describe('Resource and NotResource', () => {
  const rows: [string, Record<string, unknown>, boolean, Record<string, string>?][] = [
    ['exact role ARN', { Resource: ROLE_ARN }, true],
    ['resource ARNs are case-sensitive', { Resource: ROLE_ARN.toLowerCase() }, false],
    ['* matches any role', { Resource: 'arn:aws:iam::222222222222:role/*' }, true],
    ['another account does not match', { Resource: 'arn:aws:iam::333333333333:role/*' }, false],
    ['list ORs its entries', { Resource: ['arn:aws:s3:::bucket', ROLE_ARN] }, true],
    ['NotResource excludes the role', { NotResource: ROLE_ARN }, false],
    ['NotResource of another resource matches', { NotResource: 'arn:aws:s3:::*' }, true],
    ['R-35 a policy variable in the resource', { Resource: 'arn:aws:iam::222222222222:role/${aws:PrincipalTag/target}' }, true, { 'aws:PrincipalTag/target': 'Deploy' }],
    ['R-35 an unresolvable variable in the resource matches nothing', { Resource: 'arn:aws:iam::222222222222:role/${aws:PrincipalTag/target}' }, false, {}],
    ['R-35 an unresolvable variable in NotResource makes the statement not apply', { NotResource: 'arn:aws:s3:::${aws:PrincipalTag/bucket}' }, false, {}],
    ['R-35 a resolvable variable in NotResource excludes only that resource', { NotResource: 'arn:aws:s3:::${aws:PrincipalTag/bucket}' }, true, { 'aws:PrincipalTag/bucket': 'logs' }],
    ['R-35 a default value in the resource', { Resource: "arn:aws:iam::222222222222:role/${aws:PrincipalTag/target, 'Deploy'}" }, true, {}],
  ];
  it.each(rows)('%s', (_name, resource, expected, context) => {
    const policy = compilePolicy({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', ...resource } }, ref('identity-inline'), 'policy');
    const evaluation = policy.evaluate(request({ caller: undefined }, context));
    expect(evaluation.statements[0].resourceMatched).toBe(expected);
  });

  it('R-35 without Version 2012-10-17 a variable in the resource is literal text', () => {
    const policy = compilePolicy({ Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/${aws:username}' } }, ref('identity-inline'), 'policy');
    expect(policy.evaluate(request({ caller: undefined }, { 'aws:username': 'Deploy' })).statements[0].resourceMatched).toBe(false);
    expect(policy.evaluate(request({ caller: undefined, resource: 'arn:aws:iam::222222222222:role/${aws:username}' })).statements[0].resourceMatched).toBe(true);
  });
});

describe('evaluate explains every statement; decide agrees with it', () => {
  const trust = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'TrustVendor', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } },
      { Sid: 'TagSessions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/alice' }, Action: 'sts:TagSession' },
      { Sid: 'NoBob', Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111111111111:user/bob' }, Action: 'sts:*' },
      { Sid: 'OnlyFromOffice', Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
    ],
  };
  const policy = compilePolicy(trust, trustRef, 'roles[0].AssumeRolePolicyDocument');

  it('R-36 a statement naming the caller whose condition fails is explained with its evidence', () => {
    const evaluation = policy.evaluate(request({}, { 'sts:ExternalId': 'abd', 'aws:SourceIp': '203.0.113.10' }));
    expect(evaluation.allows).toHaveLength(0);
    expect(evaluation.denies).toHaveLength(0);
    expect(evaluation.statements[0]).toMatchObject({
      policy: trustRef,
      statement: { index: 0, sid: 'TrustVendor' },
      effect: 'Allow',
      principalMatched: true,
      principalMatchedBy: 'account',
      actionMatched: true,
      conditionsMatched: false,
      applies: false,
      conditions: [{ operator: 'StringEquals', key: 'sts:ExternalId', policyValues: ['abc'], requestValues: ['abd'], matched: false }],
      source: trust.Statement[0],
    });
    expect(evaluation.statements[0].resourceMatched).toBeUndefined();
  });

  it('conditions are not evaluated for statements whose action does not match', () => {
    const evaluation = policy.evaluate(request({}, { 'sts:ExternalId': 'abc', 'aws:SourceIp': '203.0.113.10' }));
    expect(evaluation.allows.map((s) => s.statement.sid)).toEqual(['TrustVendor']);
    expect(evaluation.statements[1]).toMatchObject({ actionMatched: false, applies: false });
  });

  it('conditions are not evaluated for statements whose principal does not match', () => {
    const evaluation = policy.evaluate(request({}, {}));
    expect(evaluation.statements[2]).toMatchObject({ principalMatched: false, applies: false });
    expect(evaluation.statements[2].conditions).toBeUndefined();
  });

  it('R-02 a Deny that applies is listed in denies', () => {
    const evaluation = policy.evaluate(request({}, { 'sts:ExternalId': 'abc', 'aws:SourceIp': '198.51.100.1' }));
    expect(evaluation.denies.map((s) => s.statement.sid)).toEqual(['OnlyFromOffice']);
    expect(evaluation.allows.map((s) => s.statement.sid)).toEqual(['TrustVendor']);
  });

  const requests: [string, EvaluationRequest, 'allow' | 'deny' | 'none', number | undefined][] = [
    ['allowed by the account statement', request({}, { 'sts:ExternalId': 'abc', 'aws:SourceIp': '203.0.113.10' }), 'allow', 0],
    ['no statement applies', request({}, { 'sts:ExternalId': 'abd', 'aws:SourceIp': '203.0.113.10' }), 'none', undefined],
    ['R-02 the deny wins over the allow', request({}, { 'sts:ExternalId': 'abc', 'aws:SourceIp': '198.51.100.1' }), 'deny', 3],
    ['R-28 a missing aws:SourceIp makes NotIpAddress true: denied', request({}, { 'sts:ExternalId': 'abc' }), 'deny', 3],
    ['a denied user', request({ caller: parseCaller('arn:aws:iam::111111111111:user/bob', 'c') }, { 'aws:SourceIp': '203.0.113.10' }), 'deny', 2],
    ['TagSession allowed for alice by user ARN', request({ action: 'sts:TagSession' }, { 'aws:SourceIp': '203.0.113.10' }), 'allow', 1],
  ];
  it.each(requests)('decide: %s', (_name, req, decision, index) => {
    const decided = policy.decide(req);
    expect(decided.decision).toBe(decision);
    expect(decided.statementIndex).toBe(index);
    const evaluation = policy.evaluate(req);
    const expected = evaluation.denies.length > 0 ? 'deny' : evaluation.allows.length > 0 ? 'allow' : 'none';
    expect(expected).toBe(decision);
  });

  it('R-22 unique ids in a Principal are reported on the evaluation', () => {
    const stale = compilePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'AROAOLDDEPLOY00000001' }, Action: 'sts:AssumeRole' }] }, trustRef, 'p');
    const evaluation = stale.evaluate(request());
    expect(evaluation.statements[0].principal).toEqual({ matched: false, uniqueIds: ['AROAOLDDEPLOY00000001'] });
  });

  it('accepts the SDK form (URL-encoded JSON) and keeps the parsed document for display', () => {
    const encoded = compilePolicy(encodeURIComponent(JSON.stringify(trust)), trustRef, 'p');
    expect(encoded.document).toEqual(trust);
    expect(encoded.version).toBe('2012-10-17');
    expect(encoded.statementCount).toBe(4);
    expect(encoded.decide(request({}, { 'sts:ExternalId': 'abc', 'aws:SourceIp': '203.0.113.10' })).decision).toBe('allow');
  });
});

describe('NotPrincipal outside trust policies', () => {
  it('R-27 RCPs refuse NotPrincipal even with Deny', () => {
    const policy = compilePolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111111111111:user/alice' }, Action: 's3:*', Resource: '*' }] },
      { kind: 'rcp', name: 'x' } as PolicyRef,
      'p',
    );
    expect(policy.problems[0].message).toMatch(/R-27/);
  });
});
