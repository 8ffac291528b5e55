import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose';
import { CALLER_ACCOUNT, ROLE_ACCOUNT, account, allowAssume, assumeRequest, role, roleArn, sessionArn, snapshot, trustStatement, twoAccounts, user, userArn, check } from './testing';


const trustAccount = twoAccounts([trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` })]);

describe('caller', () => {
  it('R-48: root credentials can never assume a role', () => {
    const d = diagnose(trustAccount, assumeRequest({ caller: `arn:aws:iam::${CALLER_ACCOUNT}:root` }));
    expect(d.decision).toBe('denied');
    expect(d.failedChecks[0]).toBe('caller');
    expect(d.awsError).toMatchObject({ code: 'AccessDenied', message: 'Roles may not be assumed by root accounts.' });
  });

  it('R-48: GetFederationToken credentials cannot call sts:AssumeRole', () => {
    const d = diagnose(trustAccount, assumeRequest({ caller: `arn:aws:sts::${CALLER_ACCOUNT}:federated-user/bob` }));
    expect(check(d, 'caller').status).toBe('fail');
    expect(check(d, 'caller').rules).toContain('R-48');
    const viaSession = diagnose(trustAccount, assumeRequest({ callerSession: { issuedBy: 'GetFederationToken' } }));
    expect(check(viaSession, 'caller').status).toBe('fail');
  });

  it('R-48: GetSessionToken credentials may call sts:AssumeRole', () => {
    expect(check(diagnose(trustAccount, assumeRequest({ callerSession: { issuedBy: 'GetSessionToken' } })), 'caller').status).toBe('pass');
  });

  it('an expired calling session fails at caller with ExpiredToken; without a time it is unknown', () => {
    const session = { issuedBy: 'AssumeRole', expiration: '2026-11-22T09:00:00Z' };
    const expired = diagnose(trustAccount, assumeRequest({ context: { 'aws:CurrentTime': '2026-11-22T10:00:00Z' }, callerSession: session }));
    expect(expired.failedChecks).toContain('caller');
    expect(expired.awsError?.code).toBe('ExpiredToken');
    const valid = diagnose(trustAccount, assumeRequest({ callerSession: session }), { now: '2026-11-22T08:30:00Z' });
    expect(check(valid, 'caller').status).toBe('pass');
    const noClock = diagnose(trustAccount, assumeRequest({ callerSession: session }));
    expect(check(noClock, 'caller').status).toBe('unknown');
    // Expired only by the time of the diagnosis (`now`, no call time in the request): not "expired".
    const later = diagnose(trustAccount, assumeRequest({ callerSession: session }), { now: '2026-11-22T10:00:00Z' });
    expect(check(later, 'caller').status).toBe('unknown');
    expect(check(later, 'caller').summary).toContain('aws:CurrentTime');
  });
});

describe('role-exists', () => {
  it('a role missing from a known account fails, and AWS answers with the same AccessDenied (R-62)', () => {
    const d = diagnose(trustAccount, assumeRequest({ roleArn: roleArn('Nope') }));
    expect(d.failedChecks).toEqual(['role-exists']);
    expect(d.awsError?.message).toBe(`User: ${userArn('alice')} is not authorized to perform: sts:AssumeRole on resource: ${roleArn('Nope')}`);
    expect(check(d, 'trust-principal').status).toBe('skip');
  });

  it('a role in an account absent from the snapshot is unknown, not missing', () => {
    const d = diagnose(trustAccount, assumeRequest({ roleArn: roleArn('Deploy', '444444444444') }));
    expect(check(d, 'role-exists').status).toBe('unknown');
    expect(d.decision).toBe('inconclusive');
  });

  it('a differently spelled ARN (case or path) is not guessed at', () => {
    const d = diagnose(trustAccount, assumeRequest({ roleArn: roleArn('deploy') }));
    expect(check(d, 'role-exists').status).toBe('unknown');
    expect(check(d, 'role-exists').summary).toContain(roleArn('Deploy'));
  });

  it('a role with a path is found by its full ARN', () => {
    const snap = snapshot([account(CALLER_ACCOUNT), account(ROLE_ACCOUNT, { roles: [role('Deploy', { path: '/ci/', trust: [trustStatement({ AWS: `arn:aws:iam::${ROLE_ACCOUNT}:root` })] })] })]);
    expect(check(diagnose(snap, assumeRequest({ roleArn: roleArn('Deploy', ROLE_ACCOUNT, '/ci/') })), 'role-exists').status).toBe('pass');
  });
});

describe('sts-region', () => {
  it("R-55: STS deactivated in the role's account fails with RegionDisabledException naming that account", () => {
    const snap = snapshot([account(CALLER_ACCOUNT), account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [] })], stsDisabled: ['ap-east-1'] })]);
    const d = diagnose(snap, assumeRequest({ region: 'ap-east-1' }));
    expect(d.failedChecks).toContain('sts-region');
    expect(d.awsError).toMatchObject({
      code: 'RegionDisabledException',
      message: `STS is not activated in this region for account:${ROLE_ACCOUNT}. Your account administrator can activate STS in this region using the IAM Console.`,
    });
  });

  it("R-55: the caller's account settings do not matter", () => {
    const snap = snapshot([account(CALLER_ACCOUNT, { stsDisabled: ['eu-west-3'] }), account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [] })] })]);
    expect(check(diagnose(snap, assumeRequest({ region: 'eu-west-3' })), 'sts-region').status).toBe('pass');
  });

  it('R-45: the global endpoint is always active and is evaluated as us-east-1', () => {
    const d = diagnose(trustAccount, assumeRequest());
    expect(check(d, 'sts-region').status).toBe('pass');
    expect(d.context.find((c) => c.key === 'aws:RequestedRegion')?.values).toEqual(['us-east-1']);
  });

  it('an opt-in Region without recorded STS settings is unknown', () => {
    expect(check(diagnose(trustAccount, assumeRequest({ region: 'me-south-1' })), 'sts-region').status).toBe('unknown');
  });
});

describe('caller: role sessions', () => {
  it('a session of a role the snapshot does not know in a known account is unknown, not allowed', () => {
    const d = diagnose(trustAccount, assumeRequest({ caller: sessionArn('Ghost', 's') }));
    expect(check(d, 'identity-policy').status).toBe('unknown');
    expect(d.decision).toBe('inconclusive');
  });
});

describe('caller: an ARN spelt differently from the snapshot (R-16, R-17, R-23)', () => {
  // alice at /team/ (trusted by that ARN) and the role Builder at /ci/ (trusted by its role ARN).
  const pathedAlice = `arn:aws:iam::${CALLER_ACCOUNT}:user/team/alice`;
  const builder = roleArn('Builder', CALLER_ACCOUNT, '/ci/');
  const world = snapshot([
    account(CALLER_ACCOUNT, {
      users: [{ ...user('alice', { statements: [allowAssume()] }), Arn: pathedAlice, Path: '/team/' }],
      roles: [role('Builder', { account: CALLER_ACCOUNT, path: '/ci/', trust: [], statements: [allowAssume()] })],
    }),
    account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: [pathedAlice, builder] })] })] }),
  ]);

  it.each([
    ['a user ARN without its path', userArn('alice'), pathedAlice],
    ['a user name in another case', `arn:aws:iam::${CALLER_ACCOUNT}:user/team/ALICE`, pathedAlice],
    ['a session with the role name in another case', sessionArn('builder', 's'), sessionArn('Builder', 's')],
  ])('%s: the caller passes, says the request differs, and the snapshot ARN is diagnosed in both modes', (_what, typed, diagnosed) => {
    const full = diagnose(world, assumeRequest({ caller: typed }));
    const verdict = diagnose(world, assumeRequest({ caller: typed }), { mode: 'verdict' });
    expect(full.decision).toBe('allowed');
    expect(check(full, 'caller').status).toBe('pass');
    expect(check(full, 'caller').summary).toContain(`The caller ${diagnosed} is`);
    expect(check(full, 'caller').summary).toContain(`The request's caller ARN ${typed} differs from the snapshot's`);
    expect(check(full, 'trust-principal').summary).toContain(`names ${diagnosed}`);
    expect(verdict.decision).toBe(full.decision);
    expect(verdict.failedChecks).toEqual(full.failedChecks);
    expect(verdict.checks.map((c) => [c.id, c.status])).toEqual(full.checks.map((c) => [c.id, c.status]));
  });

  it('the ARN in the AccessDenied message and in the trust fix is the snapshot one', () => {
    const other = snapshot([...world.accounts.slice(0, 1), account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:user/someone` })] })] })]);
    const d = diagnose(other, assumeRequest({ caller: userArn('Alice') }));
    expect(d.failedChecks).toEqual(['trust-principal']);
    expect(d.awsError?.message).toContain(`User: ${pathedAlice} is not authorized`);
    expect(check(d, 'trust-principal').summary).toContain(`names ${pathedAlice}`);
    const trustFix = d.fixes.find((f) => f.check === 'trust-principal');
    expect(trustFix?.title).toContain(pathedAlice);
    expect(trustFix?.explanation).not.toContain(userArn('Alice'));
  });

  it('the snapshot ARN as given, or a caller the snapshot does not hold, says nothing of a difference', () => {
    for (const caller of [pathedAlice, sessionArn('Builder', 's'), userArn('bob'), sessionArn('Gone', 's')]) {
      expect(check(diagnose(world, assumeRequest({ caller })), 'caller').summary).not.toContain('differs');
    }
  });
});
