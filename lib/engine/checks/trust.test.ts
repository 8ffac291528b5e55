import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose';
import {
  CALLER_ACCOUNT,
  ROLE_ACCOUNT,
  account,
  allowAssume,
  assumeRequest,
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

describe('trust-principal', () => {
  it('R-13: a trust policy that names someone else refuses the call, with the STS AccessDenied text (R-62)', () => {
    const snap = twoAccounts([trustStatement({ AWS: userArn('bob') })]);
    const d = diagnose(snap, assumeRequest());
    expect(d.decision).toBe('denied');
    expect(d.failedChecks).toEqual(['trust-principal']);
    const c = check(d, 'trust-principal');
    expect(c.denial).toBe('implicit');
    expect(c.summary).toContain('no Allow statement for sts:AssumeRole names arn:aws:iam::111111111111:user/alice');
    expect(d.awsError?.message).toBe(
      'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Deploy',
    );
    expect(c.evidence[0]?.principalMatched).toBe(false);
  });

  it('R-13: a statement naming the caller for another action is called out', () => {
    const snap = twoAccounts([{ Effect: 'Allow', Principal: { AWS: userArn('alice') }, Action: 'sts:TagSession' }]);
    const d = diagnose(snap, assumeRequest());
    expect(check(d, 'trust-principal').summary).toContain('names the caller but allows sts:TagSession, not sts:AssumeRole');
  });

  it('R-19: a role session assuming its own role needs an explicit self-grant', () => {
    const self = role('Deploy', { account: CALLER_ACCOUNT, trust: [trustStatement({ Service: 'ec2.amazonaws.com' })], statements: [allowAssume()] });
    const call = assumeRequest({ caller: sessionArn('Deploy', 'i-0abc'), roleArn: roleArn('Deploy', CALLER_ACCOUNT) });
    const d = diagnose(snapshot([account(CALLER_ACCOUNT, { roles: [{ ...self, CreateDate: '2024-02-01T00:00:00Z' }] })]), call);
    expect(d.decision).toBe('denied');
    const c = check(d, 'trust-principal');
    expect(c.rules).toContain('R-19');
    expect(c.summary).toContain('must name itself');
    // Created before July 2022: it may be on AWS's implicit self-trust allowlist.
    const old = diagnose(snapshot([account(CALLER_ACCOUNT, { roles: [{ ...self, CreateDate: '2021-02-01T00:00:00Z' }] })]), call);
    expect(check(old, 'trust-principal').status).toBe('unknown');
    expect(diagnose(snapshot([account(CALLER_ACCOUNT, { roles: [{ ...self, CreateDate: '2021-02-01T00:00:00Z' }] })]), call, { mode: 'verdict' }).decision).toBe('inconclusive');
  });

  it('R-19: naming its own role ARN lets the role assume itself', () => {
    const self = role('Deploy', { account: CALLER_ACCOUNT, trust: [trustStatement({ AWS: roleArn('Deploy', CALLER_ACCOUNT) })] });
    const snap = snapshot([account(CALLER_ACCOUNT, { roles: [self] })]);
    const d = diagnose(snap, assumeRequest({ caller: sessionArn('Deploy', 'again'), roleArn: roleArn('Deploy', CALLER_ACCOUNT) }));
    expect(d.decision).toBe('allowed');
  });

  it('R-22: a unique id in the Principal means the named principal was deleted; recreating it does not help', () => {
    const snap = twoAccounts([trustStatement({ AWS: 'AIDAJQABLZS4A3QDU576Q' })]);
    const d = diagnose(snap, assumeRequest());
    const c = check(d, 'trust-principal');
    expect(c.status).toBe('fail');
    expect(c.rules).toEqual(expect.arrayContaining(['R-22', 'R-23']));
    expect(c.summary).toContain('AIDAJQABLZS4A3QDU576Q');
    expect(c.summary).toContain('deleted');
  });

  it('R-22: a unique id that the current caller holds still matches it', () => {
    const snap = snapshot([
      account(CALLER_ACCOUNT, { users: [user('alice', { id: 'AIDAALICECURRENT0001', statements: [allowAssume()] })] }),
      account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: 'AIDAALICECURRENT0001' })] })] }),
    ]);
    expect(diagnose(snap, assumeRequest()).decision).toBe('allowed');
  });

  it('R-25: a service principal is trusted by name', () => {
    const snap = twoAccounts([trustStatement({ Service: 'ec2.amazonaws.com' })]);
    const d = diagnose(snap, assumeRequest({ caller: 'ec2.amazonaws.com' }));
    expect(d.decision).toBe('allowed');
    expect(check(d, 'identity-policy').status).toBe('skip');
    // an RCP on the role's account still applies to a service caller; the text must not say the trust policy "alone" decides.
    expect(check(d, 'identity-policy').summary).toContain("the role's trust policy decides (an RCP on the role's account can still deny)");
    expect(check(d, 'caller').summary).toContain("an RCP on the role's account can still deny");
    // The rule the text leans on is listed with the check's rules.
    expect(check(d, 'identity-policy').rules).toEqual(expect.arrayContaining(['R-25', 'R-09']));
    expect(check(d, 'caller').rules).toContain('R-09');
    const other = diagnose(snap, assumeRequest({ caller: 'lambda.amazonaws.com' }));
    expect(other.failedChecks).toEqual(['trust-principal']);
  });

  it('R-27: NotPrincipal in a trust policy is skipped as a problem, not a failure of the whole run', () => {
    const snap = twoAccounts([
      { Effect: 'Deny', NotPrincipal: { AWS: userArn('bob') }, Action: 'sts:AssumeRole' },
      trustStatement({ AWS: userArn('alice') }),
    ]);
    const d = diagnose(snap, assumeRequest());
    expect(d.decision).toBe('allowed');
    expect(d.problems?.some((p) => /NotPrincipal/.test(p.message))).toBe(true);
    const deny = check(d, 'trust-deny');
    expect(deny.disputed).toBe(true);
    expect(deny.summary).toMatch(/disputed/i);
  });

  it('R-27: only an ignored Deny that covers the call makes trust-deny disputed', () => {
    // An Allow with NotPrincipal is refused too, but no Deny was ignored: nothing to dispute.
    const allowOnly = diagnose(
      twoAccounts([{ Effect: 'Allow', NotPrincipal: { AWS: userArn('bob') }, Action: 'sts:AssumeRole' }, trustStatement({ AWS: userArn('alice') })]),
      assumeRequest(),
    );
    expect(allowOnly.problems?.some((p) => /NotPrincipal/.test(p.message))).toBe(true);
    expect(check(allowOnly, 'trust-deny').disputed).toBeUndefined();
    expect(check(allowOnly, 'trust-deny').summary).not.toMatch(/disputed/i);
    // A Deny with NotPrincipal for another action would not have refused this call under either text.
    const otherAction = diagnose(
      twoAccounts([{ Effect: 'Deny', NotPrincipal: { AWS: userArn('bob') }, Action: 'sts:TagSession' }, trustStatement({ AWS: userArn('alice') })]),
      assumeRequest(),
    );
    expect(check(otherAction, 'trust-deny').disputed).toBeUndefined();
    // One written with a wildcard action does.
    const wildcard = diagnose(
      twoAccounts([{ Effect: 'Deny', NotPrincipal: { AWS: userArn('bob') }, Action: 'sts:*' }, trustStatement({ AWS: userArn('alice') })]),
      assumeRequest(),
    );
    expect(check(wildcard, 'trust-deny').disputed).toBe(true);
  });
});

describe('trust-conditions', () => {
  it('R-36: names the statement Sid, operator, key and both values', () => {
    const snap = twoAccounts([trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` }, { Sid: 'TrustVendor', Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } })]);
    const d = diagnose(snap, assumeRequest({ externalId: 'abd' }));
    expect(d.failedChecks).toEqual(['trust-conditions']);
    const c = check(d, 'trust-conditions');
    expect(c.summary).toContain('"TrustVendor"');
    expect(c.summary).toContain("sts:ExternalId is 'abd' but StringEquals requires 'abc'");
    expect(c.rules).toContain('R-36');
    expect(c.evidence[0].conditions?.[0]).toMatchObject({ operator: 'StringEquals', key: 'sts:ExternalId', policyValues: ['abc'], requestValues: ['abd'], matched: false });
  });

  it('R-36, R-28: a missing external id is reported as absent', () => {
    const snap = twoAccounts([trustStatement({ AWS: userArn('alice') }, { Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } })]);
    const d = diagnose(snap, assumeRequest());
    const c = check(d, 'trust-conditions');
    expect(c.status).toBe('fail');
    expect(c.summary).toContain('sts:ExternalId is absent');
    expect(c.rules).toEqual(expect.arrayContaining(['R-36', 'R-28']));
  });

  it('R-40: MFA required by the trust policy; passing SerialNumber and TokenCode satisfies it', () => {
    const snap = twoAccounts([trustStatement({ AWS: userArn('alice') }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })]);
    expect(diagnose(snap, assumeRequest()).failedChecks).toEqual(['trust-conditions']);
    const withMfa = diagnose(snap, assumeRequest({ serialNumber: 'arn:aws:iam::111111111111:mfa/alice', tokenCode: '123456' }));
    expect(withMfa.decision).toBe('allowed');
  });

  it('R-41: a condition on aws:SourceIp the request does not give is inconclusive, not denied', () => {
    const snap = twoAccounts([trustStatement({ AWS: userArn('alice') }, { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })]);
    const unknown = diagnose(snap, assumeRequest());
    expect(unknown.decision).toBe('inconclusive');
    expect(check(unknown, 'trust-conditions').status).toBe('unknown');
    expect(check(unknown, 'trust-conditions').summary).toContain('aws:SourceIp');
    expect(diagnose(snap, assumeRequest({ context: { 'aws:SourceIp': '203.0.113.10' } })).decision).toBe('allowed');
    expect(diagnose(snap, assumeRequest({ context: { 'aws:SourceIp': '198.51.100.1' } })).failedChecks).toEqual(['trust-conditions']);
  });

  it('R-58: a GitHub sub mismatch explains the sub formats', () => {
    const provider = `arn:aws:iam::${ROLE_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    const snap = snapshot([
      account(ROLE_ACCOUNT, {
        roles: [
          role('Deploy', {
            trust: [
              {
                Effect: 'Allow',
                Principal: { Federated: provider },
                Action: 'sts:AssumeRoleWithWebIdentity',
                Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/api:ref:refs/heads/main' } },
              },
            ],
          }),
        ],
        oidc: [{ Arn: provider, Url: 'token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'] }],
      }),
    ]);
    const d = diagnose(snap, {
      action: 'sts:AssumeRoleWithWebIdentity',
      roleArn: roleArn('Deploy'),
      roleSessionName: 'gha',
      webIdentity: { claims: { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:acme/api:environment:prod', aud: 'sts.amazonaws.com' } },
    });
    expect(d.failedChecks).toEqual(['trust-conditions']);
    const c = check(d, 'trust-conditions');
    expect(c.rules).toEqual(expect.arrayContaining(['R-57', 'R-58']));
    expect(c.summary).toContain("'repo:acme/api:environment:prod'");
    expect(c.summary).toContain('environment:<name>');
    // GitHub's immutable sub format (numeric owner/repo ids) is mentioned, hedged, without a made-up exact layout.
    expect(c.summary).toContain('can use GitHub’s immutable format');
    expect(d.awsError?.message).toBe('Not authorized to perform sts:AssumeRoleWithWebIdentity');
  });
});

describe('trust-deny', () => {
  it('R-02: a Deny in the trust policy wins over its Allow and is explicit', () => {
    const snap = twoAccounts([
      trustStatement({ AWS: userArn('alice') }),
      { Sid: 'NoAlice', Effect: 'Deny', Principal: { AWS: userArn('alice') }, Action: 'sts:AssumeRole' },
    ]);
    const d = diagnose(snap, assumeRequest());
    expect(d.failedChecks).toEqual(['trust-deny']);
    const c = check(d, 'trust-deny');
    expect(c.denial).toBe('explicit');
    expect(c.summary).toContain('"NoAlice"');
    expect((d.awsError as { documentedVariant?: string }).documentedVariant).toContain('with an explicit deny in the role trust policy');
  });
});

describe('how the trust named the caller', () => {
  it('R-20, R-24: "*" listed beside the account still grants same-account callers without an identity allow', () => {
    const snap = snapshot([account(ROLE_ACCOUNT, { users: [user('dave', { account: ROLE_ACCOUNT })], roles: [role('Deploy', { trust: [trustStatement({ AWS: ['*', ROLE_ACCOUNT] })] })] })]);
    const d = diagnose(snap, assumeRequest({ caller: userArn('dave', ROLE_ACCOUNT) }));
    expect(d.decision).toBe('allowed');
    expect(check(d, 'identity-policy').rules).toContain('R-20');
  });

  it('R-23: aws:PrincipalArn of a session whose role is not in the snapshot is unknown (session ARNs carry no path)', () => {
    const snap = snapshot([account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement('*', { Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/Builder' } } })] })] })]);
    const d = diagnose(snap, assumeRequest({ caller: sessionArn('Builder', 'ci') }));
    expect(check(d, 'trust-conditions').status).toBe('unknown');
    expect(check(d, 'trust-conditions').summary).toContain('aws:PrincipalArn');
  });
});

describe('unique ids and unknown callers', () => {
  it('R-22: a unique-id principal cannot be judged when the caller is not in the snapshot', () => {
    const snap = snapshot([account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: 'AIDAJQABLZS4A3QDU576Q' })] })] })]);
    const d = diagnose(snap, assumeRequest());
    expect(check(d, 'trust-principal').status).toBe('unknown');
    expect(d.decision).toBe('inconclusive');
  });
});

