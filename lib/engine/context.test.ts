import { describe, expect, it } from 'vitest';
import { sessionIssuer } from './context';
import { diagnose } from './diagnose';
import type { ContextEntry } from './types';
import {
  CALLER_ACCOUNT,
  ROLE_ACCOUNT,
  account,
  assumeRequest,
  organization,
  role,
  roleArn,
  sessionArn,
  snapshot,
  trustStatement,
  user,
  userArn,
} from './checks/testing';

function contextOf(snap: ReturnType<typeof snapshot>, request: Record<string, unknown>, now?: string): Map<string, ContextEntry> {
  const d = diagnose(snap, request, now ? { now } : {});
  return new Map(d.context.map((e) => [e.key, e]));
}

const world = snapshot(
  [
    account(CALLER_ACCOUNT, {
      users: [user('alice', { id: 'AIDAALICE00000000001', tags: [{ Key: 'team', Value: 'blue' }] })],
      roles: [role('Builder', { account: CALLER_ACCOUNT, path: '/ci/', id: 'AROABUILDER000000001', trust: [], tags: [{ Key: 'team', Value: 'ops' }] })],
    }),
    account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement('*')], tags: [{ Key: 'env', Value: 'prod' }] })] }),
  ],
  organization(),
);

describe('request context: principal keys (R-43, R-44)', () => {
  it('for an IAM user: PrincipalArn, Account, Type, userid, username, tags, org id and paths', () => {
    const ctx = contextOf(world, assumeRequest());
    expect(ctx.get('aws:PrincipalArn')).toMatchObject({ values: [userArn('alice')], origin: 'derived' });
    expect(ctx.get('aws:PrincipalAccount')?.values).toEqual([CALLER_ACCOUNT]);
    expect(ctx.get('aws:PrincipalType')?.values).toEqual(['User']);
    expect(ctx.get('aws:userid')?.values).toEqual(['AIDAALICE00000000001']);
    expect(ctx.get('aws:username')?.values).toEqual(['alice']);
    expect(ctx.get('aws:PrincipalTag/team')?.values).toEqual(['blue']);
    expect(ctx.get('aws:PrincipalOrgID')?.values).toEqual(['o-a1b2c3d4e5']);
    expect(ctx.get('aws:PrincipalOrgPaths')?.values).toEqual(['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/']);
    expect(ctx.get('aws:PrincipalIsAWSService')?.values).toEqual(['false']);
    expect(ctx.get('aws:ResourceTag/env')?.values).toEqual(['prod']);
  });

  it('R-23: for a role session aws:PrincipalArn is the role ARN (with its path), userid is roleId:session, no username', () => {
    const ctx = contextOf(world, assumeRequest({ caller: sessionArn('Builder', 'job-7'), callerSession: { issuedBy: 'AssumeRole', tags: [{ Key: 'Team', Value: 'red' }], issuedAt: '2026-11-22T08:00:00Z' } }));
    expect(ctx.get('aws:PrincipalArn')?.values).toEqual([roleArn('Builder', CALLER_ACCOUNT, '/ci/')]);
    expect(ctx.get('aws:PrincipalType')?.values).toEqual(['AssumedRole']);
    expect(ctx.get('aws:userid')?.values).toEqual(['AROABUILDER000000001:job-7']);
    expect(ctx.has('aws:username')).toBe(false);
    // Session tags override the role's tag of the same key, whatever its case.
    expect(ctx.get('aws:PrincipalTag/Team')?.values).toEqual(['red']);
    expect(ctx.has('aws:PrincipalTag/team')).toBe(false);
    expect(ctx.get('aws:TokenIssueTime')?.values).toEqual(['2026-11-22T08:00:00Z']);
  });

  it('R-43: no organization, no aws:PrincipalOrgID', () => {
    const noOrg = snapshot(world.accounts);
    expect(contextOf(noOrg, assumeRequest()).has('aws:PrincipalOrgID')).toBe(false);
  });
});

describe('the caller the snapshot holds, whatever spelling the request gives (R-16…R-18, R-22, R-23, R-44)', () => {
  // alice has the path /team/; the session's role Builder has /ci/. IAM user and role names are
  // unique per account regardless of case, so the principal AWS evaluates is the snapshot's.
  const pathed = { ...user('alice', { id: 'AIDAALICE00000000001', statements: [] }), Arn: `arn:aws:iam::${CALLER_ACCOUNT}:user/team/alice`, Path: '/team/' };
  const spelt = snapshot([
    account(CALLER_ACCOUNT, { users: [pathed], roles: [role('Builder', { account: CALLER_ACCOUNT, path: '/ci/', id: 'AROABUILDER000000001', trust: [] })] }),
    account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement('*')] })] }),
  ]);
  const resolved = async (caller: string) => {
    const { prepareRequest } = await import('./request');
    const { resolveCaller } = await import('./context');
    const { loadSnapshot } = await import('./snapshot');
    return resolveCaller(loadSnapshot(spelt), prepareRequest(assumeRequest({ caller })));
  };

  it.each([
    ['without its path', userArn('alice')],
    ['in another case', `arn:aws:iam::${CALLER_ACCOUNT}:user/team/Alice`],
    ['with another path and case', `arn:aws:iam::${CALLER_ACCOUNT}:user/ops/ALICE`],
  ])('a user ARN %s is the snapshot user: its ARN is matched and derived, the request\'s is kept aside', async (_how, typed) => {
    const facts = await resolved(typed);
    expect(facts.identity).toMatchObject({ kind: 'user', arn: pathed.Arn, uniqueId: 'AIDAALICE00000000001' });
    expect(facts.requestedArn).toBe(typed);
    const { matchPrincipal } = await import('./policy/principal');
    expect(matchPrincipal({ AWS: pathed.Arn }, facts.identity)).toMatchObject({ matched: true, via: 'user-arn' });
    expect(matchPrincipal({ AWS: typed }, facts.identity).matched).toBe(false);
    const ctx = contextOf(spelt, assumeRequest({ caller: typed }));
    expect(ctx.get('aws:PrincipalArn')?.values).toEqual([pathed.Arn]);
    expect(ctx.get('aws:username')?.values).toEqual(['alice']);
    expect(ctx.get('aws:userid')?.values).toEqual(['AIDAALICE00000000001']);
  });

  it('the snapshot ARN itself needs no respelling', async () => {
    const facts = await resolved(pathed.Arn);
    expect(facts.identity.arn).toBe(pathed.Arn);
    expect(facts.requestedArn).toBeUndefined();
  });

  it('a session names the role with its real name: the session name is kept, the role ARN has its path', async () => {
    const facts = await resolved(sessionArn('builder', 'Job-7'));
    expect(facts.identity).toMatchObject({ kind: 'role-session', arn: sessionArn('Builder', 'Job-7'), roleArn: roleArn('Builder', CALLER_ACCOUNT, '/ci/'), uniqueId: 'AROABUILDER000000001' });
    expect(facts.requestedArn).toBe(sessionArn('builder', 'Job-7'));
    const { matchPrincipal } = await import('./policy/principal');
    expect(matchPrincipal({ AWS: roleArn('Builder', CALLER_ACCOUNT, '/ci/') }, facts.identity)).toMatchObject({ matched: true, via: 'role-arn' });
    expect(matchPrincipal({ AWS: sessionArn('Builder', 'Job-7') }, facts.identity)).toMatchObject({ matched: true, via: 'session-arn' });
    const ctx = contextOf(spelt, assumeRequest({ caller: sessionArn('builder', 'Job-7') }));
    expect(ctx.get('aws:PrincipalArn')?.values).toEqual([roleArn('Builder', CALLER_ACCOUNT, '/ci/')]);
    expect(ctx.get('aws:userid')?.values).toEqual(['AROABUILDER000000001:Job-7']);
  });

  it("a session whose role name is the role's own is kept as given (session ARNs carry no path)", async () => {
    const facts = await resolved(sessionArn('Builder', 's'));
    expect(facts.identity.arn).toBe(sessionArn('Builder', 's'));
    expect(facts.identity.roleArn).toBe(roleArn('Builder', CALLER_ACCOUNT, '/ci/'));
    expect(facts.requestedArn).toBeUndefined();
  });

  it.each([
    ['a user the known account does not hold', userArn('bob')],
    ['a user of an account the snapshot does not hold', userArn('alice', '444444444444')],
    ['a session of a role the known account does not hold', sessionArn('gone', 's')],
  ])('%s keeps the ARN the request gives', async (_what, typed) => {
    const facts = await resolved(typed);
    expect(facts.identity.arn).toBe(typed);
    expect(facts.requestedArn).toBeUndefined();
    if (facts.identity.kind === 'user') expect(contextOf(spelt, assumeRequest({ caller: typed })).get('aws:PrincipalArn')?.values).toEqual([typed]);
  });
});

describe('request context: MFA (R-40)', () => {
  it('long-term credentials without SerialNumber carry no MFA key', () => {
    expect(contextOf(world, assumeRequest()).has('aws:MultiFactorAuthPresent')).toBe(false);
  });
  it('SerialNumber + TokenCode on the call set it to true', () => {
    const ctx = contextOf(world, assumeRequest({ serialNumber: 'arn:aws:iam::111111111111:mfa/alice', tokenCode: '123456' }));
    expect(ctx.get('aws:MultiFactorAuthPresent')?.values).toEqual(['true']);
    expect(ctx.get('aws:MultiFactorAuthAge')?.values).toEqual(['0']);
  });
  it('a session carries it from callerSession.mfaAuthenticated, with its age from issuedAt', () => {
    const ctx = contextOf(world, assumeRequest({ caller: sessionArn('Builder', 's'), callerSession: { mfaAuthenticated: true, issuedAt: '2026-11-22T08:00:00Z' } }), '2026-11-22T08:10:00Z');
    expect(ctx.get('aws:MultiFactorAuthPresent')?.values).toEqual(['true']);
    expect(ctx.get('aws:MultiFactorAuthAge')?.values).toEqual(['600']);
    const without = contextOf(world, assumeRequest({ caller: sessionArn('Builder', 's'), callerSession: { mfaAuthenticated: false } }));
    expect(without.get('aws:MultiFactorAuthPresent')?.values).toEqual(['false']);
    const instance = contextOf(world, assumeRequest({ caller: sessionArn('Builder', 'i-0abc'), callerSession: { issuedBy: 'ec2' } }));
    expect(instance.get('aws:MultiFactorAuthPresent')?.values).toEqual(['false']);
  });
  it('a session whose MFA the request does not state makes an MFA condition inconclusive, not denied', () => {
    const snap = snapshot([
      account(CALLER_ACCOUNT, { roles: [role('Builder', { account: CALLER_ACCOUNT, trust: [], statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] })] }),
      account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: roleArn('Builder', CALLER_ACCOUNT) }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })] })] }),
    ]);
    const unstated = diagnose(snap, assumeRequest({ caller: sessionArn('Builder', 's'), callerSession: { issuedBy: 'AssumeRole' } }));
    expect(unstated.decision).toBe('inconclusive');
    expect(unstated.checks.find((c) => c.id === 'trust-conditions')?.summary).toContain('aws:MultiFactorAuthPresent');
  });
});

describe('request context: the same MFA facts give the same answer however they are written', () => {
  it('R-40: a given aws:MultiFactorAuthPresent false leaves no MFA age, with or without an empty callerSession', () => {
    const snap = snapshot([
      account(CALLER_ACCOUNT, { roles: [role('Builder', { account: CALLER_ACCOUNT, trust: [], statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] })] }),
      account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: roleArn('Builder', CALLER_ACCOUNT) }, { Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } })] })] }),
    ]);
    const base = { caller: sessionArn('Builder', 's'), context: { 'aws:MultiFactorAuthPresent': 'false' } };
    for (const extra of [{}, { callerSession: {} }]) {
      const d = diagnose(snap, assumeRequest({ ...base, ...extra }));
      expect(d.checks.find((c) => c.id === 'trust-conditions')?.status, JSON.stringify(extra)).toBe('fail');
    }
  });
});

describe('request context: what a role session carries beyond its role (R-38, R-39, R-44)', () => {
  const snap = (trust: Record<string, unknown>[]) =>
    snapshot([
      account(CALLER_ACCOUNT, { roles: [role('Builder', { account: CALLER_ACCOUNT, trust: [], tags: [{ Key: 'team', Value: 'ops' }], statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] })] }),
      account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust })] }),
    ]);
  const builder = trustStatement({ AWS: roleArn('Builder', CALLER_ACCOUNT) });

  it('with nothing said about the session, a tag the role lacks and the source identity are unknown, so a Deny on them is inconclusive', () => {
    for (const condition of [{ StringEquals: { 'aws:PrincipalTag/quarantined': 'true' } }, { StringLike: { 'aws:SourceIdentity': 'contractor-*' } }]) {
      const world = snap([builder, { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: condition }]);
      const unstated = diagnose(world, assumeRequest({ caller: sessionArn('Builder', 's') }));
      expect(unstated.decision, JSON.stringify(condition)).toBe('inconclusive');
      expect(unstated.checks.find((c) => c.id === 'trust-deny')?.status).toBe('unknown');
      // Stated: the session carries no session tags and no source identity (as a CloudTrail record says).
      const stated = diagnose(world, assumeRequest({ caller: sessionArn('Builder', 's'), callerSession: { issuedBy: 'AssumeRole', tags: [] } }));
      expect(stated.decision, JSON.stringify(condition)).toBe('allowed');
    }
  });

  it('R-39: a session tag may override the role\'s tag of the same key, so the role\'s tag is known only once the session\'s tags are', () => {
    const world = snap([trustStatement({ AWS: roleArn('Builder', CALLER_ACCOUNT) }, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } })]);
    const silent = diagnose(world, assumeRequest({ caller: sessionArn('Builder', 's') }));
    expect(silent.decision).toBe('inconclusive');
    expect(silent.unknownContextKeys).toContain('aws:principaltag/team');
    // A session said to carry no tags: the role's tag is the principal's.
    expect(diagnose(world, assumeRequest({ caller: sessionArn('Builder', 's'), callerSession: { issuedBy: 'AssumeRole', tags: [] } })).decision).toBe('allowed');
    // Only some of the session's tags shown (a replayed record): still open.
    expect(diagnose(world, assumeRequest({ caller: sessionArn('Builder', 's'), callerSession: { issuedBy: 'AssumeRole', tags: [], tagsComplete: false } })).decision).toBe('inconclusive');
  });
});

describe('request context: the call (R-36…R-39, R-45…R-47)', () => {
  it('derives the STS keys only when given, and the always-present keys', () => {
    const ctx = contextOf(world, assumeRequest({ externalId: 'abc', sourceIdentity: 'alice', tags: [{ Key: 'team', Value: 'red' }], transitiveTagKeys: ['team'], region: 'eu-west-1' }));
    expect(ctx.get('sts:ExternalId')?.values).toEqual(['abc']);
    expect(ctx.get('sts:RoleSessionName')?.values).toEqual(['alice']);
    expect(ctx.get('sts:SourceIdentity')?.values).toEqual(['alice']);
    expect(ctx.get('aws:RequestTag/team')?.values).toEqual(['red']);
    expect(ctx.get('aws:TagKeys')?.values).toEqual(['team']);
    expect(ctx.get('sts:TransitiveTagKeys')?.values).toEqual(['team']);
    expect(ctx.get('aws:RequestedRegion')?.values).toEqual(['eu-west-1']);
    expect(ctx.get('aws:SecureTransport')?.values).toEqual(['true']);
    expect(ctx.get('aws:ViaAWSService')?.values).toEqual(['false']);
    const plain = contextOf(world, assumeRequest());
    expect(plain.has('sts:ExternalId')).toBe(false);
    expect(plain.has('aws:TokenIssueTime')).toBe(false);
  });

  it('time comes from aws:CurrentTime or the now option, never the clock', () => {
    const given = contextOf(world, assumeRequest({ context: { 'aws:CurrentTime': '2026-11-22T09:00:00Z' } }));
    expect(given.get('aws:CurrentTime')).toMatchObject({ values: ['2026-11-22T09:00:00Z'], origin: 'given' });
    expect(given.get('aws:EpochTime')).toMatchObject({ values: ['1795338000'], origin: 'derived' });
    expect(contextOf(world, assumeRequest()).has('aws:CurrentTime')).toBe(false);
    expect(contextOf(world, assumeRequest(), '2026-11-22T09:00:00Z').get('aws:CurrentTime')?.values).toEqual(['2026-11-22T09:00:00Z']);
    // The request's own time wins over the option.
    const both = contextOf(world, assumeRequest({ context: { 'aws:CurrentTime': '2026-11-22T09:00:00Z' } }), '2030-01-01T00:00:00Z');
    expect(both.get('aws:EpochTime')?.values).toEqual(['1795338000']);
  });

  it('R-31: a time without a zone is UTC for every key derived from it, whatever the machine\'s time zone', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const given = contextOf(world, assumeRequest({ context: { 'aws:CurrentTime': '2026-11-22T09:00:00' } }));
      expect(given.get('aws:EpochTime')?.values).toEqual(['1795338000']);
      const option = contextOf(world, assumeRequest(), '2026-11-22T09:00:00');
      expect(option.get('aws:CurrentTime')?.values).toEqual(['2026-11-22T09:00:00Z']);
      expect(option.get('aws:EpochTime')?.values).toEqual(['1795338000']);
      // A date the calendar does not have is refused, with an offset as without one.
      expect(() => contextOf(world, assumeRequest(), '2026-02-30T00:00:00+01:00')).toThrow(/options.now|ISO 8601/);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('given keys win over derived ones and are marked given', () => {
    const ctx = contextOf(world, assumeRequest({ context: { 'aws:PrincipalTag/team': 'green', 'aws:SourceIp': '203.0.113.10' } }));
    expect(ctx.get('aws:PrincipalTag/team')).toMatchObject({ values: ['green'], origin: 'given' });
    expect(ctx.get('aws:SourceIp')).toMatchObject({ values: ['203.0.113.10'], origin: 'given' });
  });

  it('R-25: a service caller gets PrincipalIsAWSService and PrincipalServiceName', () => {
    const ctx = contextOf(world, assumeRequest({ caller: 'ec2.amazonaws.com' }));
    expect(ctx.get('aws:PrincipalIsAWSService')?.values).toEqual(['true']);
    expect(ctx.get('aws:PrincipalServiceName')?.values).toEqual(['ec2.amazonaws.com']);
  });
});

describe('request context: federation (R-57, R-60)', () => {
  it('OIDC keys are <issuer host+path>:claim; session tags come from the aws tags claim', () => {
    const ctx = contextOf(world, {
      action: 'sts:AssumeRoleWithWebIdentity',
      roleArn: roleArn('Deploy'),
      roleSessionName: 'gha',
      webIdentity: {
        claims: {
          iss: 'https://token.actions.githubusercontent.com',
          sub: 'repo:acme/api:ref:refs/heads/main',
          aud: 'sts.amazonaws.com',
          'https://aws.amazon.com/tags': { principal_tags: { team: ['red'] }, transitive_tag_keys: ['team'] },
        },
      },
    });
    expect(ctx.get('token.actions.githubusercontent.com:sub')?.values).toEqual(['repo:acme/api:ref:refs/heads/main']);
    expect(ctx.get('token.actions.githubusercontent.com:aud')?.values).toEqual(['sts.amazonaws.com']);
    expect(ctx.get('aws:RequestTag/team')?.values).toEqual(['red']);
    expect(ctx.get('sts:TransitiveTagKeys')?.values).toEqual(['team']);
    expect(ctx.has('aws:PrincipalArn')).toBe(false);
  });

  it('saml:* keys come from the assertion attributes', () => {
    const ctx = contextOf(world, {
      action: 'sts:AssumeRoleWithSAML',
      roleArn: roleArn('Deploy'),
      saml: { principalArn: `arn:aws:iam::${ROLE_ACCOUNT}:saml-provider/Okta`, attributes: { 'saml:aud': 'https://signin.aws.amazon.com/saml', 'saml:sub': 'alice' } },
    });
    expect(ctx.get('saml:aud')?.values).toEqual(['https://signin.aws.amazon.com/saml']);
    expect(ctx.get('saml:sub')?.values).toEqual(['alice']);
  });

  it('R-38, R-39: the session attributes are read only when spelled exactly as AWS names them', () => {
    const call = (attributes: Record<string, string>) =>
      contextOf(world, { action: 'sts:AssumeRoleWithSAML', roleArn: roleArn('Deploy'), saml: { principalArn: `arn:aws:iam::${ROLE_ACCOUNT}:saml-provider/Okta`, attributes } });
    const exact = call({ 'https://aws.amazon.com/SAML/Attributes/SourceIdentity': 'alice', 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team': 'red' });
    expect(exact.get('sts:SourceIdentity')?.values).toEqual(['alice']);
    expect(exact.get('aws:RequestTag/team')?.values).toEqual(['red']);
    // The attribute Name is case-sensitive: AWS ignores these, so they set nothing.
    const lower = call({ 'https://aws.amazon.com/saml/attributes/sourceidentity': 'alice', 'https://aws.amazon.com/SAML/Attributes/principaltag:team': 'red' });
    expect(lower.has('sts:SourceIdentity')).toBe(false);
    expect(lower.has('aws:RequestTag/team')).toBe(false);
  });
});

describe('request context: built whole (full mode) or group by group as keys are read (verdict mode)', () => {
  const requests: Record<string, unknown>[] = [
    assumeRequest(),
    assumeRequest({ externalId: 'abc', sourceIdentity: 'alice', tags: [{ Key: 'team', Value: 'red' }], transitiveTagKeys: ['team'], region: 'eu-west-1', serialNumber: 'arn:aws:iam::111111111111:mfa/alice', tokenCode: '123456' }),
    assumeRequest({ caller: sessionArn('Builder', 'job-7'), callerSession: { issuedBy: 'AssumeRole', tags: [{ Key: 'Team', Value: 'red' }], mfaAuthenticated: true, issuedAt: '2026-11-22T08:00:00Z', sourceIdentity: 'alice' } }),
    assumeRequest({ caller: sessionArn('Gone', 'x'), context: { 'aws:SourceVpce': 'vpce-1', 'aws:CurrentTime': '2026-11-22T09:00:00Z', 'aws:PrincipalTag/team': 'given' } }),
    assumeRequest({ caller: 'ec2.amazonaws.com' }),
    assumeRequest({ caller: `arn:aws:iam::${CALLER_ACCOUNT}:root`, roleArn: `arn:aws:iam::${ROLE_ACCOUNT}:role/Missing` }),
    // Spelt differently from the snapshot: the user's name in another case, the role's name in another case.
    assumeRequest({ caller: userArn('ALICE') }),
    assumeRequest({ caller: sessionArn('builder', 'job-8') }),
    {
      action: 'sts:AssumeRoleWithWebIdentity',
      roleArn: roleArn('Deploy'),
      roleSessionName: 'gha',
      webIdentity: { claims: { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:acme/api:ref:refs/heads/main', aud: 'sts.amazonaws.com', amr: ['a', 'b'] } },
    },
    {
      action: 'sts:AssumeRoleWithSAML',
      roleArn: roleArn('Deploy'),
      saml: { principalArn: `arn:aws:iam::${ROLE_ACCOUNT}:saml-provider/Okta`, attributes: { 'saml:sub': 'alice', 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team': 'red' } },
    },
  ];
  // Every key either build can produce, and keys nobody derives, in both cases of spelling.
  const probes = [
    'aws:CurrentTime', 'aws:EpochTime', 'aws:PrincipalArn', 'aws:PrincipalType', 'aws:username', 'aws:userid', 'aws:PrincipalAccount',
    'aws:PrincipalIsAWSService', 'aws:PrincipalServiceName', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalTag/team',
    'aws:PrincipalTag/Team', 'aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge', 'aws:TokenIssueTime', 'aws:SourceIdentity',
    'aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:ResourceTag/env', 'aws:ResourceTag/other', 'sts:ExternalId',
    'sts:RoleSessionName', 'sts:SourceIdentity', 'aws:RequestTag/team', 'aws:TagKeys', 'sts:TransitiveTagKeys', 'aws:RequestedRegion',
    'aws:SecureTransport', 'aws:ViaAWSService', 'aws:SourceIp', 'aws:UserAgent', 'aws:SourceVpc', 'aws:SourceVpce', 'aws:VpcSourceIp',
    'aws:FederatedProvider', 'token.actions.githubusercontent.com:sub', 'token.actions.githubusercontent.com:amr', 'saml:sub',
    'aws:CalledVia', 'ec2:SourceInstanceArn', 'nobody:derives',
  ];

  it('gives every key the same value and the same known/unknown answer, whatever order keys are read in', async () => {
    const { prepareRequest } = await import('./request');
    const { buildContext, isUnknownKey, resolveCaller } = await import('./context');
    const { findRole, loadSnapshot } = await import('./snapshot');
    const indexed = loadSnapshot(world);
    const build = (raw: Record<string, unknown>, eager: boolean) => {
      const prepared = prepareRequest(structuredClone(raw));
      const lookup = findRole(indexed, prepared.role.account, prepared.role.arn, prepared.role.resourceName);
      const caller = resolveCaller(indexed, prepared);
      const role = lookup.found === 'exact' ? lookup.role : undefined;
      return buildContext(indexed, prepared, caller, { now: '2026-11-22T10:00:00Z' }, role, lookup.found === 'no' && lookup.reason === 'missing', eager);
    };
    for (const request of requests) {
      const whole = build(request, true);
      // Each key read first, on its own: only its group is built, so a key routed to the wrong group shows.
      for (const key of probes) {
        const lower = key.toLowerCase();
        expect(build(request, false).get(lower), `${key} read first in ${JSON.stringify(request)}`).toEqual(whole.get(lower));
        expect(build(request, false).isUnknown(lower), `${key} unknown when read first? ${JSON.stringify(request)}`).toBe(isUnknownKey(whole, key));
      }
      for (const order of [probes, [...probes].reverse()]) {
        const lazy = build(request, false);
        for (const key of order) {
          const lower = key.toLowerCase();
          expect(lazy.isUnknown(lower), `${key} unknown? ${JSON.stringify(request)}`).toBe(isUnknownKey(whole, key));
          expect(lazy.get(lower), `${key} in ${JSON.stringify(request)}`).toEqual(whole.get(lower));
        }
        expect(lazy.now).toBe(whole.now);
      }
    }
  });
});

describe('how the calling session was issued: one reading for MFA, the caller check and role chaining', () => {
  it.each([
    [undefined, 'unstated'],
    ['AssumeRole', 'assume-role'],
    ['assumerole', 'assume-role'],
    ['AssumeRoleWithWebIdentity', 'federation'],
    ['assumerolewithsaml', 'federation'],
    ['GetFederationToken', 'federation-token'],
    ['GetSessionToken', 'session-token'],
    ['ec2', 'compute'],
    ['EKS', 'compute'],
    ['lambda', 'compute'],
    ['codebuild', 'other'],
    ['', 'other'],
  ] as const)('issuedBy %s reads as %s', (issuedBy, kind) => {
    expect(sessionIssuer(issuedBy)).toBe(kind);
  });

  // Each issuer as the three places that read it see it: the MFA key, whether the caller
  // may call sts:AssumeRole at all, and the role-chaining cap on a 2-hour session.
  const snap = snapshot([
    account(CALLER_ACCOUNT, { roles: [role('Builder', { account: CALLER_ACCOUNT, trust: [] })] }),
    account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: roleArn('Builder', CALLER_ACCOUNT) })], maxSessionDuration: 7200 })] }),
  ]);
  it.each([
    ['AssumeRole', undefined, 'pass', 'fail'],
    ['AssumeRoleWithSAML', 'false', 'pass', 'fail'],
    ['GetFederationToken', 'false', 'fail', 'pass'],
    ['GetSessionToken', undefined, 'pass', 'pass'],
    ['ecs', 'false', 'pass', 'pass'],
    ['codebuild', undefined, 'pass', 'pass'],
  ] as const)('R-40, R-48, R-50: a session issued by %s: MFA %s, caller %s, duration %s', (issuedBy, mfa, caller, duration) => {
    const d = diagnose(snap, assumeRequest({ caller: sessionArn('Builder', 's'), durationSeconds: 7200, callerSession: { issuedBy } }));
    expect(d.context.find((e) => e.key === 'aws:MultiFactorAuthPresent')?.values[0]).toBe(mfa);
    expect(d.checks.find((c) => c.id === 'caller')?.status).toBe(caller);
    expect(d.checks.find((c) => c.id === 'duration')?.status).toBe(duration);
  });
});

