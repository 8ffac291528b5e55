import { describe, expect, it } from 'vitest';
import { DoctorError } from '@/lib/errors';
import { parseCaller } from './arn';
import { diagnose } from './diagnose';
import { compilePolicy } from './policy';
import type { CallerIdentity, CompiledPolicy, PrincipalMatch, StatementEvaluation } from './policy/types';
import { loadSnapshot, trustPrincipals, type TrustPrincipalKind } from './snapshot';
import { STS_ACTIONS } from './types';
import {
  CALLER_ACCOUNT,
  ROLE_ACCOUNT,
  account,
  assumeRequest,
  organization,
  policy,
  role,
  roleArn,
  sessionArn,
  snapshot,
  trustStatement,
  twoAccounts,
  user,
  userArn,
} from './checks/testing';

function thrown(fn: () => unknown): DoctorError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DoctorError) return error;
    throw error;
  }
  throw new Error('expected a DoctorError');
}

describe('loadSnapshot: validation at the edge', () => {
  it('names the exact field of a bad role ARN', () => {
    const snap = twoAccounts([]);
    snap.accounts[1].authorizationDetails.RoleDetailList![0].Arn = 'not-an-arn';
    const error = thrown(() => loadSnapshot(snap));
    expect(error.code).toBe('bad-snapshot');
    expect(error.field).toBe('accounts[1].authorizationDetails.RoleDetailList[0].Arn');
  });

  it('names a missing required field and a bad account id', () => {
    const missing = twoAccounts([]) as unknown as { accounts: { authorizationDetails: { RoleDetailList: Record<string, unknown>[] } }[] };
    delete missing.accounts[1].authorizationDetails.RoleDetailList[0].RoleId;
    expect(thrown(() => loadSnapshot(missing)).field).toBe('accounts[1].authorizationDetails.RoleDetailList[0].RoleId');
    const badId = snapshot([account('12345')]);
    const error = thrown(() => loadSnapshot(badId));
    expect(error.field).toBe('accounts[0].accountId');
    expect(error.message).toContain('12-digit');
  });

  it('refuses a capturedAt that is not an ISO 8601 time, naming the field (F6)', () => {
    for (const bad of ['2026\r\nX-Injected: y', '"x;', 'yesterday', '1795338000', '2026-02-30', ' 2026-11-22', '']) {
      const error = thrown(() => loadSnapshot({ ...twoAccounts([]), capturedAt: bad }));
      expect(error.code, bad).toBe('bad-snapshot');
      expect(error.field).toBe('capturedAt');
      expect(error.message).toMatch(/ISO 8601/);
    }
    for (const good of ['2026-11-22', '2026-11-22T09:00:00Z', '2026-11-22T09:00:00.123Z', '2026-11-22T09:00:00+02:00']) {
      expect(() => loadSnapshot({ ...twoAccounts([]), capturedAt: good }), good).not.toThrow();
    }
  });

  it('refuses a role listed under the wrong account', () => {
    const snap = snapshot([account(CALLER_ACCOUNT, { roles: [role('Deploy', { account: ROLE_ACCOUNT, trust: [] })] })]);
    expect(thrown(() => loadSnapshot(snap)).message).toContain('differs from the account');
  });

  it('refuses a policy that is not an IAM policy, naming the field', () => {
    const snap = twoAccounts([]);
    snap.accounts[1].authorizationDetails.RoleDetailList![0].AssumeRolePolicyDocument = '{"not": "a policy"}';
    const error = thrown(() => loadSnapshot(snap));
    expect(error.field).toContain('accounts[1].authorizationDetails.RoleDetailList[0].AssumeRolePolicyDocument');
  });

  it('ignores unknown fields', () => {
    const snap = { ...twoAccounts([trustStatement({ AWS: userArn('alice') })]), extra: true, source: 'test' } as Record<string, unknown>;
    expect(() => loadSnapshot(snap)).not.toThrow();
  });

  it('a wrong format string is refused', () => {
    expect(thrown(() => loadSnapshot({ format: 'x', accounts: [] })).field).toBe('format');
  });
});

describe('loadSnapshot: policy documents', () => {
  it('accepts URL-encoded JSON strings (SDK form) and objects (CLI form) alike', () => {
    const trust = policy(trustStatement({ AWS: userArn('alice') }));
    const encoded = twoAccounts([], { statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
    encoded.accounts[1].authorizationDetails.RoleDetailList![0].AssumeRolePolicyDocument = encodeURIComponent(JSON.stringify(trust));
    expect(diagnose(encoded, assumeRequest()).decision).toBe('allowed');
    const plain = twoAccounts([], { statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
    plain.accounts[1].authorizationDetails.RoleDetailList![0].AssumeRolePolicyDocument = JSON.stringify(trust);
    expect(diagnose(plain, assumeRequest()).decision).toBe('allowed');
  });

  it('a single malformed statement is a problem (skipped), not a failure', () => {
    const snap = twoAccounts([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/*' }, Action: 'sts:AssumeRole' }, trustStatement({ AWS: userArn('alice') })], {
      statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
    });
    const indexed = loadSnapshot(snap);
    expect(indexed.problems).toHaveLength(1);
    const d = diagnose(indexed, assumeRequest());
    expect(d.decision).toBe('allowed');
    expect(d.problems?.[0].statementIndex).toBe(0);
  });
});

describe('loadSnapshot: indexes', () => {
  it('indexes roles and users by ARN, principals by unique id, and the org path of each account', () => {
    const snap = snapshot(
      [account(CALLER_ACCOUNT, { users: [user('alice', { id: 'AIDAALICE00000000001' })] }), account(ROLE_ACCOUNT, { roles: [role('Deploy', { id: 'AROADEPLOY0000000001', trust: [] })] })],
      organization(),
    );
    const indexed = loadSnapshot(snap);
    expect(indexed.rolesByArn.get(roleArn('Deploy'))?.name).toBe('Deploy');
    expect(indexed.usersByArn.get(userArn('alice'))?.uniqueId).toBe('AIDAALICE00000000001');
    expect(indexed.principalsById.get('AROADEPLOY0000000001')?.arn).toBe(roleArn('Deploy'));
    const path = indexed.organization!.paths.get(CALLER_ACCOUNT)!;
    expect(path.map((l) => l.kind)).toEqual(['root', 'ou', 'account']);
    expect(path.map((l) => l.id)).toEqual(['r-ab12', 'ou-ab12-11111111', CALLER_ACCOUNT]);
    expect(path[1].scps[0].ref).toMatchObject({ kind: 'scp', name: 'FullAWSAccess', attachedTo: 'ou-ab12-11111111' });
  });

  it('indexes trust policies by principal for who-can-assume', () => {
    const indexed = loadSnapshot(twoAccounts([trustStatement({ AWS: [userArn('alice'), CALLER_ACCOUNT], Service: 'ec2.amazonaws.com' })]));
    expect(indexed.trustByPrincipal.get(`arn:${userArn('alice')}`)?.[0].roleArn).toBe(roleArn('Deploy'));
    expect(indexed.trustByPrincipal.get(`account:${CALLER_ACCOUNT}`)).toHaveLength(1);
    expect(indexed.trustByPrincipal.get('service:ec2.amazonaws.com')).toHaveLength(1);
  });

  it('the same snapshot object is indexed once', () => {
    const snap = twoAccounts([]);
    expect(loadSnapshot(snap)).toBe(loadSnapshot(snap));
  });

  it('indexes 2,000 roles quickly (target < 200 ms on an idle core; generous bound here for shared CI)', () => {
    const roles = Array.from({ length: 2000 }, (_, i) =>
      role(`role-${i}`, {
        trust: [trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` }, { Condition: { StringEquals: { 'sts:ExternalId': `ext-${i}` } } })],
        statements: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::bucket-${i}/*` }],
      }),
    );
    const json = JSON.stringify(snapshot([account(CALLER_ACCOUNT), account(ROLE_ACCOUNT, { roles })]));
    loadSnapshot(JSON.parse(json));
    const start = performance.now();
    const indexed = loadSnapshot(JSON.parse(json));
    const elapsed = performance.now() - start;
    expect(indexed.rolesByArn.size).toBe(2000);
    expect(elapsed).toBeLessThan(2000);
  });
});

describe('trustPrincipals names what the evaluator matches (parity with the compiled trust policy)', () => {
  const ROLE = roleArn('Deploy', CALLER_ACCOUNT, '/ci/');
  const SESSION = sessionArn('Deploy', 'build-42');
  const FEDERATED_USER = `arn:aws:sts::${CALLER_ACCOUNT}:federated-user/bob`;
  const USER_ID = 'AIDAALICE000000000001';
  const ROLE_ID = 'AROADEPLOY00000000001';
  const OIDC = `arn:aws:iam::${ROLE_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  const SAML = `arn:aws:iam::${ROLE_ACCOUNT}:saml-provider/Okta`;

  /** Every kind of caller STS sees, holding the identities the table below names. */
  const CALLERS: CallerIdentity[] = [
    { ...parseCaller(userArn('alice'), 'caller'), uniqueId: USER_ID },
    { ...parseCaller(SESSION, 'caller'), roleArn: ROLE, uniqueId: ROLE_ID },
    parseCaller(`arn:aws:iam::${CALLER_ACCOUNT}:root`, 'caller'),
    parseCaller(FEDERATED_USER, 'caller'),
    parseCaller(userArn('dave', ROLE_ACCOUNT), 'caller'),
    parseCaller('ec2.amazonaws.com', 'caller'),
    { kind: 'web-identity', arn: 'token.actions.githubusercontent.com', partition: 'aws', federatedProviders: [OIDC] },
    { kind: 'web-identity', arn: 'accounts.google.com', partition: 'aws', federatedProviders: ['accounts.google.com'] },
    { kind: 'saml', arn: 'Okta', partition: 'aws', federatedProviders: [SAML] },
  ];

  /** A caller of the identity a listed principal stands for; undefined for a canonical user, which no STS caller is. */
  function callerNamedBy(kind: TrustPrincipalKind, value: string): CallerIdentity | undefined {
    switch (kind) {
      case 'wildcard':
        return CALLERS[0];
      case 'account':
        return parseCaller(`arn:aws:iam::${value}:user/someone`, 'caller');
      case 'arn': {
        const [, partition, , , accountId, resource] = value.split(':');
        // A role is named through a session of it; sessions carry the role name, not its path.
        if (resource.startsWith('role/')) return { ...parseCaller(`arn:${partition}:sts::${accountId}:assumed-role/${resource.split('/').pop()}/s`, 'caller'), roleArn: value };
        return parseCaller(value, 'caller');
      }
      case 'unique-id':
        // the principal that holds the id now.
        return value.startsWith('AROA') ? { ...parseCaller(sessionArn('Holder', 's'), 'caller'), uniqueId: value } : { ...parseCaller(userArn('holder'), 'caller'), uniqueId: value };
      case 'service':
        return parseCaller(value, 'caller');
      case 'federated':
        return { kind: value.includes(':saml-provider/') ? 'saml' : 'web-identity', arn: value, partition: 'aws', federatedProviders: [value] };
      case 'canonical-user':
        return undefined;
    }
  }

  /** The trust index's name for the entry the evaluator matched: R-24, the root ARN and the bare id are one account. */
  function listingOf(match: PrincipalMatch): { kind: TrustPrincipalKind; value: string } {
    switch (match.via!) {
      case 'wildcard':
        return { kind: 'wildcard', value: '*' };
      case 'account':
        return { kind: 'account', value: match.value!.startsWith('arn:') ? match.value!.split(':')[4] : match.value! };
      case 'user-arn':
      case 'role-arn':
      case 'session-arn':
      case 'federated-user-arn':
        return { kind: 'arn', value: match.value! };
      default:
        return { kind: match.via as TrustPrincipalKind, value: match.value! };
    }
  }

  function evaluated(trust: CompiledPolicy, caller: CallerIdentity, action: string): StatementEvaluation[] {
    return trust.evaluate({ action, resource: roleArn('Deploy'), caller, context: new Map() }).statements;
  }

  const allow = (principal: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });
  const rows: [name: string, statement: Record<string, unknown>][] = [
    ['R-20 the string "*"', allow('*')],
    ['R-20 {"AWS": "*"}', allow({ AWS: '*' })],
    ['R-15, R-24 a bare 12-digit account id', allow({ AWS: CALLER_ACCOUNT })],
    ['R-15, R-24 the root ARN of an account', allow({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` })],
    ['R-16 a user ARN', allow({ AWS: userArn('alice') })],
    ['R-17 a role ARN with a path', allow({ AWS: ROLE })],
    ['R-18 an assumed-role session ARN', allow({ AWS: SESSION })],
    ['R-48 a federated-user ARN', allow({ AWS: FEDERATED_USER })],
    ['R-22 a role unique id (AROA…)', allow({ AWS: ROLE_ID })],
    ['R-22 a user unique id (AIDA…)', allow({ AWS: USER_ID })],
    ['R-22 a string that is no account, ARN or unique id ("alice")', allow({ AWS: 'alice' })],
    ['R-21 a partial wildcard in a principal ARN', allow({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:role/ci-*` })],
    ['R-25 a service principal', allow({ Service: 'ec2.amazonaws.com' }, { Action: 'sts:AssumeRole' })],
    ['R-26 an OIDC provider ARN', allow({ Federated: OIDC }, { Action: 'sts:AssumeRoleWithWebIdentity' })],
    ['R-26 an OIDC provider by host name', allow({ Federated: 'accounts.google.com' }, { Action: 'sts:AssumeRoleWithWebIdentity' })],
    ['R-26, R-60 a SAML provider ARN', allow({ Federated: SAML }, { Action: 'sts:AssumeRoleWithSAML' })],
    ['a canonical user', allow({ CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' })],
    ['R-24 several principals of every type in one statement', allow({ AWS: [CALLER_ACCOUNT, userArn('alice'), ROLE, ROLE_ID], Service: 'ec2.amazonaws.com', Federated: OIDC }, { Action: 'sts:Assume*' })],
    ['R-24 lowercase element and type names (principal, aws)', { effect: 'Allow', principal: { aws: [userArn('alice'), `arn:aws:iam::${CALLER_ACCOUNT}:root`] }, action: 'sts:AssumeRole' }],
    ['R-27 NotPrincipal in a trust policy', { Effect: 'Deny', NotPrincipal: { AWS: userArn('alice') }, Action: 'sts:AssumeRole' }],
    ['R-01 a Deny statement', { Effect: 'Deny', Principal: { AWS: SESSION }, Action: 'sts:*' }],
    ['R-13 a NotAction that leaves the assume actions in', allow({ AWS: userArn('alice') }, { Action: undefined, NotAction: 's3:*' })],
    ['R-13 a NotAction that leaves them out', allow({ AWS: userArn('alice') }, { Action: undefined, NotAction: 'sts:*' })],
    ['R-31 sts:Assume*', allow({ AWS: userArn('alice') }, { Action: 'sts:Assume*' })],
    ['R-31 sts:*', allow({ AWS: userArn('alice') }, { Action: 'sts:*' })],
    ['R-31 *', allow({ AWS: userArn('alice') }, { Action: '*' })],
    ['R-31 actions of which only one is an assume action', allow({ AWS: userArn('alice') }, { Action: ['s3:GetObject', 'STS:assumerole', 'sts:TagSession'] })],
    ['R-13 no assume action at all', allow({ AWS: userArn('alice') }, { Action: 's3:GetObject' })],
    ['R-32 a condition', allow({ AWS: CALLER_ACCOUNT }, { Sid: 'Mfa', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })],
    ['R-32 an operator that names no key constrains nothing', allow({ AWS: CALLER_ACCOUNT }, { Sid: 'Empty', Condition: { StringEquals: {} } })],
  ];

  it.each(rows)('%s', (_, statement) => {
    const written = Object.fromEntries(Object.entries(statement).filter(([, value]) => value !== undefined));
    const trust = compilePolicy({ Version: '2012-10-17', Statement: [written, allow({ AWS: userArn('bob') }, { Sid: 'Other' })] }, { kind: 'trust', name: 'Deploy', account: ROLE_ACCOUNT }, 'trust');
    const listed = trustPrincipals(trust);
    // The statements listed are the ones the evaluator reads, with their Sid and Effect.
    const read = evaluated(trust, CALLERS[0], 'sts:AssumeRole');
    expect(listed.map((st) => [st.index, st.sid, st.effect])).toEqual(read.map((ev) => [ev.statement.index, ev.statement.sid, ev.effect]));

    for (const st of listed) {
      const at = read.findIndex((ev) => ev.statement.index === st.index);
      // Actions: listed exactly when the evaluator's action test covers an assume action.
      const covered = STS_ACTIONS.filter((action) => evaluated(trust, CALLERS[0], action)[at].actionMatched);
      expect(st.actions.length > 0, 'covers an assume action').toBe(covered.length > 0);
      // A NotAction lists the assume actions it leaves in: exactly those the evaluator covers.
      if (Object.keys(written).some((name) => name.toLowerCase() === 'notaction')) expect(st.actions).toEqual(covered);
      const action = covered[0] ?? 'sts:AssumeRole';

      // Every principal listed names a caller of that identity, by the evaluator's reading.
      for (const principal of st.principals) {
        const caller = callerNamedBy(principal.kind, principal.value);
        if (!caller) {
          // A canonical user is listed as written but names no STS caller.
          expect(CALLERS.some((c) => evaluated(trust, c, action)[at].principalMatched)).toBe(false);
          continue;
        }
        const ev = evaluated(trust, caller, action)[at];
        expect(ev.principalMatched, `${principal.kind} ${principal.value}`).toBe(true);
        if (st.principals.length === 1) expect(listingOf(ev.principal!)).toEqual(principal);
      }

      // Every caller the evaluator matches by name is listed under that name.
      for (const caller of CALLERS) {
        const ev = evaluated(trust, caller, action)[at];
        if (ev.principalMatched && !ev.usesNotPrincipal) expect(st.principals, caller.arn).toContainEqual(listingOf(ev.principal!));
      }

      // Conditions: present exactly when the evaluator has a condition to test for a caller it names.
      const named = CALLERS.find((caller) => evaluated(trust, caller, action)[at].principalMatched);
      if (named && covered.length > 0) expect(st.hasConditions).toBe((evaluated(trust, named, action)[at].conditions ?? []).length > 0);
    }
  });
});

describe('loadSnapshot: hostile nesting from library callers', () => {
  /** An OU chain `levels` deep under the root, the caller account at the bottom. */
  function ouChain(levels: number) {
    let node: { id?: string; accountId?: string; children?: unknown[] } = { accountId: CALLER_ACCOUNT };
    for (let i = levels; i >= 1; i--) node = { id: `ou-ab12-${String(i).padStart(8, '0')}`, children: [node] };
    return { id: 'o-a1b2c3d4e5', root: { id: 'r-ab12', children: [node] } } as never;
  }

  it('an organization tree deeper than AWS allows is bad-snapshot naming the path', () => {
    // AWS nests OUs at most five levels under the root; the bound is a generous ten.
    expect(() => loadSnapshot(snapshot([account(CALLER_ACCOUNT, {})], ouChain(5)))).not.toThrow();
    expect(() => loadSnapshot(snapshot([account(CALLER_ACCOUNT, {})], ouChain(9)))).not.toThrow();
    const error = thrown(() => loadSnapshot(snapshot([account(CALLER_ACCOUNT, {})], ouChain(12))));
    expect(error.code).toBe('bad-snapshot');
    expect(error.status).toBe(422);
    expect(error.exitCode).toBe(2);
    expect(error.field).toMatch(/^organization\.root(\.children\[0\]){11}$/);
  });

  it('a 10,000-deep organization.root is too-deep, not a stack overflow', () => {
    const error = thrown(() => loadSnapshot(snapshot([account(CALLER_ACCOUNT, {})], ouChain(10_000))));
    expect(error.code).toBe('too-deep');
    expect(error.status).toBe(422);
    expect(error.field).toMatch(/^organization\.root\.children/);
  });

  it('any value nesting past 64 levels is too-deep naming where; a LookupEvents record given as text too', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = [deep];
    const events = thrown(() => loadSnapshot({ ...twoAccounts([]), events: [{ eventName: 'AssumeRole', extra: deep }] }));
    expect(events.code).toBe('too-deep');
    expect(events.field).toMatch(/^events\[0\]\.extra/);
    const text = `{"eventName":"AssumeRole","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const asText = thrown(() => loadSnapshot({ ...twoAccounts([]), events: [{ EventId: 'e1', CloudTrailEvent: text }] }));
    expect(asText.code).toBe('too-deep');
    expect(asText.field).toBe('events[0].CloudTrailEvent');
  });

  it('diagnose() refuses a deep snapshot or request itself (no edge in front of it)', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const request = { action: 'sts:AssumeRoleWithWebIdentity', roleArn: roleArn('Deploy'), roleSessionName: 's', webIdentity: { claims: { iss: 'https://token.actions.githubusercontent.com', sub: deep } } };
    const error = thrown(() => diagnose(twoAccounts([]), request));
    expect(error.code).toBe('too-deep');
    expect(error.field).toMatch(/^request\.webIdentity\.claims\.sub/);
    expect(thrown(() => diagnose({ ...twoAccounts([]), extra: deep }, assumeRequest())).code).toBe('too-deep');
  });
});
