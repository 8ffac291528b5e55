import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose';
import {
  CALLER_ACCOUNT,
  ROLE_ACCOUNT,
  account,
  allowAssume,
  assumeRequest,
  group,
  managedPolicy,
  role,
  roleArn,
  sessionArn,
  snapshot,
  trustStatement,
  twoAccounts,
  user,
  userArn,
  check,
} from './testing';


const DENY_ASSUME = { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' };
const ROOT = (acct: string) => `arn:aws:iam::${acct}:root`;

/** One account holding the caller and the role (same-account cases). */
function sameAccount(trust: Record<string, unknown>[], alice: Parameters<typeof user>[1] = {}, extra: { roles?: ReturnType<typeof role>[]; policies?: ReturnType<typeof managedPolicy>[] } = {}) {
  return snapshot([
    account(CALLER_ACCOUNT, {
      users: [user('alice', alice)],
      roles: [role('Target', { account: CALLER_ACCOUNT, trust }), ...(extra.roles ?? [])],
      policies: extra.policies,
    }),
  ]);
}
const sameRequest = (extra: Record<string, unknown> = {}) => assumeRequest({ roleArn: roleArn('Target', CALLER_ACCOUNT), ...extra });

describe('identity-policy: when an identity allow is needed', () => {
  it('R-14: cross-account, the trust policy naming the user is not enough without an identity allow', () => {
    const snap = twoAccounts([trustStatement({ AWS: userArn('alice') })], {});
    const d = diagnose(snap, assumeRequest());
    expect(d.failedChecks).toEqual(['identity-policy']);
    const c = check(d, 'identity-policy');
    expect(c.denial).toBe('implicit');
    expect(c.rules).toContain('R-14');
    expect(c.summary).toContain('No identity policy of user alice allows sts:AssumeRole');
    expect((d.awsError as { documentedVariant?: string }).documentedVariant).toContain('because no identity-based policy allows the sts:AssumeRole action');
  });

  it('R-14: an identity allow scoped to another role does not count', () => {
    const snap = twoAccounts([trustStatement({ AWS: userArn('alice') })], { statements: [allowAssume(roleArn('Other'))] });
    expect(diagnose(snap, assumeRequest()).failedChecks).toEqual(['identity-policy']);
  });

  it('R-15: same account, trust naming the account needs an identity allow', () => {
    const snap = sameAccount([trustStatement({ AWS: ROOT(CALLER_ACCOUNT) })]);
    const d = diagnose(snap, sameRequest());
    expect(d.failedChecks).toEqual(['identity-policy']);
    expect(check(d, 'identity-policy').rules).toContain('R-15');
    const allowed = diagnose(sameAccount([trustStatement({ AWS: CALLER_ACCOUNT })], { statements: [allowAssume()] }), sameRequest());
    expect(allowed.decision).toBe('allowed');
  });

  it('R-15, R-41: an unknown trust condition does not hide a certain refusal by the missing identity allow', () => {
    const snap = sameAccount([trustStatement({ AWS: ROOT(CALLER_ACCOUNT) }, { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })]);
    const d = diagnose(snap, sameRequest());
    expect(check(d, 'trust-conditions').status).toBe('unknown');
    expect(d.failedChecks).toEqual(['identity-policy']);
    expect(d.decision).toBe('denied');
  });

  it('R-16: same account, trust naming the user ARN needs no identity policy (skip says why)', () => {
    const d = diagnose(sameAccount([trustStatement({ AWS: userArn('alice') })]), sameRequest());
    expect(d.decision).toBe('allowed');
    const c = check(d, 'identity-policy');
    expect(c.status).toBe('skip');
    expect(c.rules).toContain('R-16');
    expect(c.summary).toContain('No identity allow is needed');
  });

  it('R-01, R-02: with an implicit trust refusal and an explicit identity Deny, the error reports the explicit deny', () => {
    const d = diagnose(sameAccount([trustStatement({ AWS: userArn('bob') })], { statements: [DENY_ASSUME] }), sameRequest());
    expect(d.failedChecks).toEqual(['trust-principal', 'identity-policy']);
    expect(d.awsError?.documentedVariant).toMatch(/with an explicit deny in an identity-based policy$/);
  });

  it('R-16, R-02: an identity Deny still refuses when the trust names the user', () => {
    const d = diagnose(sameAccount([trustStatement({ AWS: userArn('alice') })], { statements: [DENY_ASSUME] }), sameRequest());
    expect(d.failedChecks).toEqual(['identity-policy']);
    expect(check(d, 'identity-policy').denial).toBe('explicit');
  });

  it('R-17: same account, trust naming the caller role ARN needs no identity policy (M)', () => {
    const caller = role('Builder', { account: CALLER_ACCOUNT, trust: [] });
    const snap = sameAccount([trustStatement({ AWS: roleArn('Builder', CALLER_ACCOUNT) })], {}, { roles: [caller] });
    const d = diagnose(snap, sameRequest({ caller: sessionArn('Builder', 'ci') }));
    expect(d.decision).toBe('allowed');
    expect(check(d, 'identity-policy').rules).toContain('R-17');
  });

  it('R-18: same account, trust naming the exact session ARN is not limited by boundary or session policy', () => {
    const boundary = managedPolicy('OnlyS3', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
    const caller = role('Builder', { account: CALLER_ACCOUNT, trust: [], boundary: boundary.Arn });
    const snap = sameAccount([trustStatement({ AWS: sessionArn('Builder', 'ci') })], {}, { roles: [caller], policies: [boundary] });
    const d = diagnose(snap, sameRequest({ caller: sessionArn('Builder', 'ci'), callerSession: { issuedBy: 'AssumeRole', sessionPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } } }));
    expect(d.decision).toBe('allowed');
    expect(check(d, 'permissions-boundary').status).toBe('skip');
    expect(check(d, 'session-policy').status).toBe('skip');
    expect(check(d, 'permissions-boundary').rules).toContain('R-18');
  });

  it('R-20: "*" lets same-account callers in without an identity allow, but other accounts need one', () => {
    const same = diagnose(sameAccount([trustStatement('*')]), sameRequest());
    expect(same.decision).toBe('allowed');
    const cross = diagnose(twoAccounts([trustStatement('*')], {}), assumeRequest());
    expect(cross.failedChecks).toEqual(['identity-policy']);
  });

  it('group policies count as the user\'s identity policies', () => {
    const snap = snapshot([
      account(CALLER_ACCOUNT, { users: [user('alice', { groups: ['deployers'] })], groups: [group('deployers', [allowAssume(roleArn('Deploy'))])] }),
      account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: ROOT(CALLER_ACCOUNT) })] })] }),
    ]);
    const d = diagnose(snap, assumeRequest());
    expect(d.decision).toBe('allowed');
    expect(check(d, 'identity-policy').evidence[0].policy.kind).toBe('group-inline');
  });

  it('a managed policy missing from the snapshot makes the identity check unknown, not allowed', () => {
    const snap = twoAccounts([trustStatement({ AWS: ROOT(CALLER_ACCOUNT) })], { managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
    const d = diagnose(snap, assumeRequest());
    expect(d.decision).toBe('inconclusive');
    expect(check(d, 'identity-policy').summary).toContain('AdministratorAccess');
  });

  it('a caller account missing from the snapshot is unknown, not empty', () => {
    const snap = snapshot([account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: ROOT(CALLER_ACCOUNT) })] })] })]);
    const d = diagnose(snap, assumeRequest());
    expect(d.decision).toBe('inconclusive');
    expect(check(d, 'identity-policy').status).toBe('unknown');
  });
});

describe('permissions-boundary', () => {
  const onlyS3 = managedPolicy('OnlyS3', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);

  it('R-11, R-07: the boundary applies when an identity allow is needed and must allow too', () => {
    const snap = snapshot([
      account(CALLER_ACCOUNT, { users: [user('alice', { statements: [allowAssume()], boundary: onlyS3.Arn })], policies: [onlyS3] }),
      account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: ROOT(CALLER_ACCOUNT) })] })] }),
    ]);
    const d = diagnose(snap, assumeRequest());
    expect(d.failedChecks).toEqual(['permissions-boundary']);
    const c = check(d, 'permissions-boundary');
    expect(c.summary).toContain('OnlyS3');
    expect(c.rules).toContain('R-11');
    expect(c.disputed).toBeUndefined();
  });

  it('R-16b (disputed): trust naming the user ARN in the same account — the boundary still applies, flagged disputed', () => {
    const d = diagnose(sameAccount([trustStatement({ AWS: userArn('alice') })], { boundary: onlyS3.Arn }, { policies: [onlyS3] }), sameRequest());
    expect(d.failedChecks).toEqual(['permissions-boundary']);
    const c = check(d, 'permissions-boundary');
    expect(c.disputed).toBe(true);
    expect(c.summary).toMatch(/disputed/i);
    expect(c.rules).toContain('R-16b');
  });

  it('R-17: trust naming the role ARN — the role\'s boundary applies', () => {
    const caller = role('Builder', { account: CALLER_ACCOUNT, trust: [], boundary: onlyS3.Arn });
    const d = diagnose(sameAccount([trustStatement({ AWS: roleArn('Builder', CALLER_ACCOUNT) })], {}, { roles: [caller], policies: [onlyS3] }), sameRequest({ caller: sessionArn('Builder', 'ci') }));
    expect(d.failedChecks).toEqual(['permissions-boundary']);
    expect(check(d, 'permissions-boundary').rules).toContain('R-17');
  });

  it('R-20, R-23: "*" in the same account is not limited by the boundary', () => {
    const d = diagnose(sameAccount([trustStatement('*')], { boundary: onlyS3.Arn }, { policies: [onlyS3] }), sameRequest());
    expect(d.decision).toBe('allowed');
    expect(check(d, 'permissions-boundary').status).toBe('skip');
  });
});

describe('session-policy', () => {
  const builder = role('Builder', { account: CALLER_ACCOUNT, trust: [], statements: [allowAssume()] });
  const s3Only = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

  it('R-12: a calling session whose session policy does not allow sts:AssumeRole is refused', () => {
    const snap = snapshot([account(CALLER_ACCOUNT, { roles: [builder] }), account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: ROOT(CALLER_ACCOUNT) })] })] })]);
    const d = diagnose(snap, assumeRequest({ caller: sessionArn('Builder', 'ci'), callerSession: { issuedBy: 'AssumeRole', sessionPolicy: s3Only } }));
    expect(d.failedChecks).toEqual(['session-policy']);
    expect(check(d, 'session-policy').rules).toContain('R-12');
    expect((d.awsError as { documentedVariant?: string }).documentedVariant).toContain('because no session policy allows');
  });

  it('R-18, R-02: a managed session policy missing from the snapshot could still deny: unknown, not skipped', () => {
    const self = role('Builder', { account: CALLER_ACCOUNT, trust: [trustStatement({ AWS: sessionArn('Builder', 'ci') })] });
    const snap = snapshot([account(CALLER_ACCOUNT, { roles: [self] })]);
    const d = diagnose(snap, assumeRequest({ caller: sessionArn('Builder', 'ci'), roleArn: roleArn('Builder', CALLER_ACCOUNT), callerSession: { issuedBy: 'AssumeRole', mfaAuthenticated: false, sessionPolicyArns: ['arn:aws:iam::111111111111:policy/Gone'] } }));
    expect(check(d, 'session-policy').status).toBe('unknown');
    expect(d.decision).toBe('inconclusive');
  });

  it('R-12: a session policy passed IN the call constrains the new session, not this call', () => {
    const snap = snapshot([account(CALLER_ACCOUNT, { roles: [builder] }), account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: ROOT(CALLER_ACCOUNT) })] })] })]);
    const d = diagnose(snap, assumeRequest({ caller: sessionArn('Builder', 'ci'), policy: s3Only }));
    expect(d.decision).toBe('allowed');
  });
});
