import { describe, expect, it } from 'vitest';
import { DoctorError } from '@/lib/errors';
import { diagnose } from './diagnose';
import { rolesNaming, whoCanAssume, whoCanAssumeReport } from './who-can-assume';
import {
  CALLER_ACCOUNT,
  ROLE_ACCOUNT,
  account,
  allowAssume,
  assumeRequest,
  role,
  roleArn,
  sameAccountWorld,
  snapshot,
  trustStatement,
  twoAccounts,
  user,
  userArn,
} from './checks/testing';

const world = snapshot([
  account(CALLER_ACCOUNT, {
    users: [user('alice', { statements: [allowAssume()] }), user('bob')],
    roles: [role('Builder', { account: CALLER_ACCOUNT, trust: [], statements: [allowAssume()] })],
  }),
  account(ROLE_ACCOUNT, {
    users: [user('carol', { account: ROLE_ACCOUNT })],
    roles: [
      role('Deploy', {
        trust: [
          trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` }, { Sid: 'Ops', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
          trustStatement({ AWS: userArn('carol', ROLE_ACCOUNT), Service: 'ec2.amazonaws.com' }),
          trustStatement({ AWS: 'AROAGONE000000000001' }),
          { Effect: 'Allow', Principal: { AWS: userArn('bob') }, Action: 's3:GetObject' },
        ],
      }),
    ],
  }),
]);

describe('whoCanAssume', () => {
  const entries = whoCanAssume(world, roleArn('Deploy'));

  it('R-15, R-14: an account principal needs an identity allow; its known principals carry their verdicts', () => {
    const acct = entries.find((e) => e.kind === 'account')!;
    expect(acct.principal).toBe(CALLER_ACCOUNT);
    expect(acct.needsIdentityPolicy).toBe(true);
    expect(acct.conditions).toEqual([{ operator: 'Bool', key: 'aws:MultiFactorAuthPresent', policyValues: ['true'] }]);
    expect(acct.statement).toEqual({ index: 0, sid: 'Ops' });
    const byArn = new Map(acct.knownPrincipals.map((p) => [p.arn, p.decision]));
    // A plain call carries no MFA, so even alice (who has the identity allow) is denied by the condition.
    expect(byArn.get(userArn('alice'))).toBe('denied');
    expect(byArn.has(userArn('bob'))).toBe(true);
    expect(byArn.has(`arn:aws:sts::${CALLER_ACCOUNT}:assumed-role/Builder/who-can-assume`)).toBe(true);
  });

  it('R-16: a same-account user ARN needs no identity allow and is allowed', () => {
    const carol = entries.find((e) => e.kind === 'user')!;
    expect(carol.needsIdentityPolicy).toBe(false);
    expect(carol.identityPolicyNote).toContain('R-16');
    expect(carol.knownPrincipals).toEqual([{ arn: userArn('carol', ROLE_ACCOUNT), decision: 'allowed' }]);
  });

  it('R-25: service principals are listed', () => {
    expect(entries.find((e) => e.kind === 'service')?.principal).toBe('ec2.amazonaws.com');
  });

  it('R-22: a unique id nobody holds is flagged as deleted', () => {
    const gone = entries.find((e) => e.kind === 'unique-id')!;
    expect(gone.deleted).toBe(true);
  });

  it('statements for other actions are not listed', () => {
    expect(entries.some((e) => e.principal === userArn('bob'))).toBe(false);
  });

  it('R-13, R-31: a trust statement granting through a wildcard action, a NotAction or lowercase element names is listed, as diagnose allows it', () => {
    const carol = userArn('carol', ROLE_ACCOUNT);
    const forms: Record<string, unknown>[] = [
      { Effect: 'Allow', Principal: { AWS: carol }, Action: 'sts:Assume*' },
      { Effect: 'Allow', Principal: { AWS: carol }, NotAction: 'iam:*' },
      { effect: 'Allow', principal: { aws: carol }, action: 'sts:AssumeRole' },
    ];
    for (const form of forms) {
      const w = snapshot([account(ROLE_ACCOUNT, { users: [user('carol', { account: ROLE_ACCOUNT })], roles: [role('Deploy', { trust: [form] })] })]);
      const listed = whoCanAssume(w, roleArn('Deploy'));
      expect(listed.map((e) => e.principal), JSON.stringify(form)).toEqual([carol]);
      expect(listed[0].knownPrincipals).toEqual([{ arn: carol, decision: 'allowed' }]);
      expect(rolesNaming(w, carol).map((r) => r.roleArn)).toEqual([roleArn('Deploy')]);
    }
    // A NotAction that leaves out sts:AssumeRole grants nothing here.
    const excluded = snapshot([account(ROLE_ACCOUNT, { users: [user('carol', { account: ROLE_ACCOUNT })], roles: [role('Deploy', { trust: [{ Effect: 'Allow', Principal: { AWS: carol }, NotAction: 'sts:*' }] })] })]);
    expect(whoCanAssume(excluded, roleArn('Deploy'))).toEqual([]);
  });

  it('R-48: a federated-user session named in a trust policy is said to be unable to assume it', () => {
    const fed = `arn:aws:sts::${ROLE_ACCOUNT}:federated-user/dana`;
    const w = snapshot([account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: fed })] })] })]);
    const entry = whoCanAssume(w, roleArn('Deploy')).find((e) => e.principal === fed)!;
    expect(entry.kind).toBe('federated-user');
    expect(entry.identityPolicyNote).toContain('cannot call sts:AssumeRole');
  });

  it('R-20, R-14: "*" stands for every caller of the snapshot; the same-account ones are allowed, other accounts only with an identity allow', () => {
    const w = snapshot([
      account(CALLER_ACCOUNT, { users: [user('alice', { statements: [allowAssume()] }), user('bob')] }),
      account(ROLE_ACCOUNT, { users: [user('carol', { account: ROLE_ACCOUNT })], roles: [role('Open', { trust: [trustStatement('*')] })] }),
    ]);
    const [open] = whoCanAssume(w, roleArn('Open'));
    expect(open.kind).toBe('wildcard');
    expect(open.identityPolicyNote).toContain('other accounts also need an identity allow');
    // No identity allow is not a free pass: the note does not let SCPs and denies drop out of mind.
    expect(open.identityPolicyNote).toContain('SCPs and explicit denies still apply to both');
    expect(Object.fromEntries(open.knownPrincipals.map((p) => [p.arn, p.decision]))).toEqual({
      [userArn('alice')]: 'allowed',
      [userArn('bob')]: 'denied', // no identity allow in its own account
      [userArn('carol', ROLE_ACCOUNT)]: 'allowed',
      [`arn:aws:sts::${ROLE_ACCOUNT}:assumed-role/Open/who-can-assume`]: 'allowed',
    });
  });

  it('R-01: Deny statements are reported as denials, and the verdicts of the principals they name say denied', () => {
    const carol = userArn('carol', ROLE_ACCOUNT);
    const w = sameAccountWorld([
      trustStatement({ AWS: ROLE_ACCOUNT }),
      { Sid: 'NoCarol', Effect: 'Deny', Principal: { AWS: carol }, Action: 'sts:AssumeRole' },
      { Effect: 'Deny', Principal: '*', Action: 'sts:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Effect: 'Deny', Principal: '*', Action: 'sts:TagSession' },
    ]);
    const report = whoCanAssumeReport(w, roleArn('Deploy'));
    expect(report.denials).toEqual([
      { statement: { index: 1, sid: 'NoCarol' }, principals: [{ principal: carol, kind: 'user' }], actions: ['sts:AssumeRole'], conditions: [] },
      { statement: { index: 2 }, principals: [{ principal: '*', kind: 'wildcard' }], actions: ['sts:*'], conditions: [{ operator: 'Bool', key: 'aws:SecureTransport', policyValues: ['false'] }] },
    ]);
    const decisions = new Map(report.principals[0].knownPrincipals.map((p) => [p.arn, p.decision]));
    expect(decisions.get(carol)).toBe('denied');
  });

  it('R-21: a statement AWS would refuse to store (a partial wildcard in a principal ARN) lets nobody in and is not listed', () => {
    const w = snapshot([
      account(ROLE_ACCOUNT, {
        users: [user('carol', { account: ROLE_ACCOUNT })],
        roles: [role('Deploy', { trust: [trustStatement({ AWS: `arn:aws:iam::${ROLE_ACCOUNT}:user/car*` }), trustStatement({ AWS: userArn('carol', ROLE_ACCOUNT) })] })],
      }),
    ]);
    expect(whoCanAssume(w, roleArn('Deploy')).map((e) => [e.statement.index, e.principal])).toEqual([[1, userArn('carol', ROLE_ACCOUNT)]]);
    expect(rolesNaming(w, userArn('carol', ROLE_ACCOUNT)).map((r) => r.statement.index)).toEqual([1]);
  });

  it('an unknown account or role is not-found', () => {
    expect(() => whoCanAssume(world, roleArn('Nope'))).toThrow(DoctorError);
    expect(() => whoCanAssume(world, roleArn('Deploy', '444444444444'))).toThrow(/not in the snapshot/);
  });
});

describe('whoCanAssume conditions are the ones the verdict tests', () => {
  it('R-32, R-36: a Condition written twice in different case is a malformed statement: neither block is tested or reported', () => {
    // Element names are read whatever their case, so both spellings name one element: which block
    // counted would depend on the spelling. The statement is refused (a problem), as other
    // malformed statements are, and no verdict or report rests on either block.
    const trust = trustStatement({ AWS: CALLER_ACCOUNT }, { condition: { StringEquals: { 'sts:ExternalId': 'ignored' } }, Condition: { StringEquals: { 'sts:ExternalId': 'tested' } } });
    const w = twoAccounts([trust]);
    expect(diagnose(w, assumeRequest({ externalId: 'tested' }), { mode: 'verdict' }).decision).toBe('denied');
    expect(diagnose(w, assumeRequest({ externalId: 'ignored' }), { mode: 'verdict' }).decision).toBe('denied');
    const problems = diagnose(w, assumeRequest({ externalId: 'tested' })).problems ?? [];
    expect(problems.some((p) => /"condition" and "Condition"/.test(p.message))).toBe(true);
    expect(whoCanAssume(w, roleArn('Deploy'))).toEqual([]);
  });

  it('R-32: values are reported as the evaluator compares them (numbers and booleans as strings)', () => {
    const w = twoAccounts([trustStatement({ AWS: CALLER_ACCOUNT }, { Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, Bool: { 'aws:MultiFactorAuthPresent': true } } })]);
    expect(whoCanAssume(w, roleArn('Deploy'))[0].conditions).toEqual([
      { operator: 'NumericLessThan', key: 'aws:MultiFactorAuthAge', policyValues: ['3600'] },
      { operator: 'Bool', key: 'aws:MultiFactorAuthPresent', policyValues: ['true'] },
    ]);
  });
});

describe('rolesNaming (the trust index, reversed)', () => {
  it('finds roles naming a principal by ARN or by its account', () => {
    const carol = rolesNaming(world, userArn('carol', ROLE_ACCOUNT));
    expect(carol.map((r) => [r.roleArn, r.kind])).toEqual([[roleArn('Deploy'), 'user']]);
    const alice = rolesNaming(world, userArn('alice'));
    expect(alice).toEqual([{ roleArn: roleArn('Deploy'), statement: { index: 0, sid: 'Ops' }, principal: CALLER_ACCOUNT, kind: 'account', hasConditions: true }]);
  });

  it('R-32: a Condition whose operator names no key is not reported as a condition, as the verdict does not test one', () => {
    // The evaluator reads an operator without keys as an empty AND: nothing to test, the account is let in.
    const w = twoAccounts([trustStatement({ AWS: CALLER_ACCOUNT }, { Condition: { StringEquals: {} } })]);
    expect(diagnose(w, assumeRequest(), { mode: 'verdict' }).decision).toBe('allowed');
    expect(rolesNaming(w, userArn('alice'))).toEqual([{ roleArn: roleArn('Deploy'), statement: { index: 0 }, principal: CALLER_ACCOUNT, kind: 'account', hasConditions: false }]);
    expect(whoCanAssume(w, roleArn('Deploy'))[0].conditions).toEqual([]);
  });
});


describe('whoCanAssumeReport: bounded work on an oversized trust policy', () => {
  // 1,500 statements, one per user: far over IAM's trust-policy size limit, but a file can hold it.
  // Each verdict reads the whole policy, so listing them all would cost 1,500 × 1,500 statement
  // evaluations (48 s for 5,500 statements on the role page). The report stops giving verdicts
  // after 1,000 distinct callers and says the list is cut.
  const names = Array.from({ length: 1500 }, (_, i) => `u${i}`);
  const big = snapshot([
    account(CALLER_ACCOUNT, { users: names.map((name) => user(name, { statements: [allowAssume()] })) }),
    account(ROLE_ACCOUNT, { roles: [role('Wide', { trust: names.map((name) => trustStatement({ AWS: userArn(name) })) })] }),
  ]);

  it('R-14: gives 1,000 verdicts, then marks the remaining entries as cut instead of diagnosing them', () => {
    const report = whoCanAssumeReport(big, roleArn('Wide'));
    expect(report.principals).toHaveLength(1500);
    const withVerdict = report.principals.filter((entry) => entry.knownPrincipals.length > 0);
    expect(withVerdict).toHaveLength(1000);
    expect(withVerdict.every((entry) => entry.knownPrincipals[0].decision === 'allowed' && !entry.knownPrincipalsTruncated)).toBe(true);
    const cut = report.principals.filter((entry) => entry.knownPrincipals.length === 0);
    expect(cut).toHaveLength(500);
    expect(cut.every((entry) => entry.knownPrincipalsTruncated === true)).toBe(true);
  });

  it('a caller named by several statements is diagnosed once and shows the same verdict in each', () => {
    const twice = snapshot([
      account(CALLER_ACCOUNT, { users: [user('alice', { statements: [allowAssume()] })] }),
      account(ROLE_ACCOUNT, { roles: [role('Twice', { trust: [trustStatement({ AWS: userArn('alice') }), trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` })] })] }),
    ]);
    const report = whoCanAssumeReport(twice, roleArn('Twice'));
    const verdicts = report.principals.map((entry) => entry.knownPrincipals.find((known) => known.arn === userArn('alice'))?.decision);
    expect(verdicts).toEqual(['allowed', 'allowed']);
  });
});
