// Every fix, applied with applyFix, must make the same call pass when diagnosed again — and must
// do so without widening trust: no "*" principal, no dropped condition, the exact ARN or value.
import { describe, expect, it } from 'vitest';
import { diagnose } from '@/lib/engine/diagnose';
import type { AssumeRoleRequest, Diagnosis, Fix, RoleDetail, Snapshot, UserDetail } from '@/lib/engine/types';
import { applyFix, buildFixes } from './index';
import { policyCli, policyTerraform } from './render';

const A = '111111111111'; // caller account
const B = '222222222222'; // role account
const NOW = { 'aws:CurrentTime': '2026-11-22T09:00:00Z' };

/** A GitHub Actions call to role Deploy with the token's audience sts.amazonaws.com and the other claims given. */
function githubCall(claims: Record<string, unknown>): AssumeRoleRequest {
  return { action: 'sts:AssumeRoleWithWebIdentity', roleArn: `arn:aws:iam::${B}:role/Deploy`, roleSessionName: 'gha', context: NOW, webIdentity: { claims: { iss: `https://${GITHUB}`, aud: 'sts.amazonaws.com', ...claims } } };
}
const GITHUB = 'token.actions.githubusercontent.com';

function doc(...Statement: unknown[]) {
  return { Version: '2012-10-17', Statement };
}

function role(name: string, trust: unknown, extra: Partial<RoleDetail> = {}): RoleDetail {
  return { RoleName: name, RoleId: `AROA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(12, 'X').slice(0, 12)}`, Arn: `arn:aws:iam::${extra.Arn?.split(':')[4] ?? B}:role/${name}`, Path: '/', AssumeRolePolicyDocument: trust as never, ...extra };
}

function user(account: string, name: string, extra: Partial<UserDetail> = {}): UserDetail {
  return { UserName: name, UserId: `AIDA${name.toUpperCase().padEnd(12, 'X').slice(0, 12)}`, Arn: `arn:aws:iam::${account}:user/${name}`, Path: '/', ...extra };
}

const allowAssumeDeploy = { PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/Deploy` }) };

function snapshot(parts: { callerUsers?: UserDetail[]; callerRoles?: RoleDetail[]; roles?: RoleDetail[]; rolePolicies?: unknown[]; callerPolicies?: unknown[]; providers?: unknown[] }): Snapshot {
  return {
    format: 'assumerole-doctor/snapshot@1',
    accounts: [
      { accountId: A, authorizationDetails: { UserDetailList: parts.callerUsers ?? [], RoleDetailList: parts.callerRoles ?? [], GroupDetailList: [], Policies: (parts.callerPolicies ?? []) as never } },
      {
        accountId: B,
        authorizationDetails: { UserDetailList: [], RoleDetailList: parts.roles ?? [], GroupDetailList: [], Policies: (parts.rolePolicies ?? []) as never },
        openIdConnectProviders: (parts.providers ?? []) as never,
      },
    ],
  };
}

function request(extra: Partial<AssumeRoleRequest>): AssumeRoleRequest {
  return { action: 'sts:AssumeRole', caller: `arn:aws:iam::${A}:user/alice`, roleArn: `arn:aws:iam::${B}:role/Deploy`, roleSessionName: 'alice', context: NOW, ...extra };
}

function run(world: Snapshot, call: AssumeRoleRequest): Diagnosis {
  return diagnose(world, call, { mode: 'full' });
}

/** Diagnoses, checks the expected failure, applies the fix for it and diagnoses again. */
function fixAndRediagnose(world: Snapshot, call: AssumeRoleRequest, failing: string, pick: (fixes: Fix[]) => Fix | undefined = (fixes) => fixes[0]) {
  const before = run(world, call);
  expect(before.failedChecks).toEqual([failing]);
  const fix = pick(before.fixes.filter((candidate) => candidate.check === failing));
  expect(fix, `a fix for ${failing}`).toBeDefined();
  const frozen = structuredClone(world);
  const applied = applyFix(world, call, fix!);
  expect(world).toEqual(frozen); // applyFix is pure
  const after = run(applied.snapshot, applied.request);
  return { before, fix: fix!, after, applied };
}

/** The kinds of policy the fixes for `check` patch, once its summary is replaced by `summary` (the fix must read data, not words). */
function fixedKindsWithSummary(diagnosis: Diagnosis, check: Diagnosis['checks'][number], summary: string, world: Snapshot, call: AssumeRoleRequest) {
  const reworded: Diagnosis = { ...diagnosis, checks: diagnosis.checks.map((candidate) => (candidate === check ? { ...check, summary } : candidate)) };
  return buildFixes(reworded, world, call)
    .filter((fix) => fix.check === check.id)
    .map((fix) => fix.policyPatch?.locator?.kind);
}

/** The diagnosis fails `check` alone, and its one fix for it is advice: no policy change, no command. */
function onlyAdvice(diagnosis: Diagnosis, check: string): Fix {
  expect(diagnosis.failedChecks).toEqual([check]);
  const fixes = diagnosis.fixes.filter((candidate) => candidate.check === check);
  expect(fixes).toHaveLength(1);
  expect(fixes[0].policyPatch).toBeUndefined();
  expect(fixes[0].cli).toBeUndefined();
  return fixes[0];
}

function principalsOf(document: unknown): unknown[] {
  const statements = (document as { Statement: { Principal?: unknown }[] }).Statement;
  return statements.map((statement) => statement.Principal);
}

function noWildcardPrincipal(fix: Fix) {
  if (!fix.policyPatch) return;
  for (const principal of principalsOf(fix.policyPatch.after)) {
    expect(JSON.stringify(principal ?? null)).not.toMatch(/"\*"/);
  }
}

describe('trust-principal fixes', () => {
  it('R-13/R-14: adds the exact cross-account user ARN to the existing trust statement', () => {
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })],
      roles: [role('Deploy', doc({ Sid: 'Ci', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/bob` }, Action: 'sts:AssumeRole' }))],
    });
    const { fix, after } = fixAndRediagnose(world, request({}), 'trust-principal');
    expect(after.decision).toBe('allowed');
    expect(fix.policyPatch?.target).toBe(`trust policy of arn:aws:iam::${B}:role/Deploy`);
    expect(fix.policyPatch?.locator).toEqual({ kind: 'trust', account: B, roleName: 'Deploy' });
    expect((fix.policyPatch?.after as { Statement: { Principal: { AWS: string[] } }[] }).Statement[0].Principal.AWS).toEqual([`arn:aws:iam::${A}:user/bob`, `arn:aws:iam::${A}:user/alice`]);
    expect(fix.cli).toContain("aws iam update-assume-role-policy --role-name 'Deploy' --policy-document '");
    expect(fix.terraform).toContain('assume_role_policy = jsonencode(');
    noWildcardPrincipal(fix);
  });

  it('R-20: a statement that lets the caller in only through "*" for another action is not given sts:AssumeRole', () => {
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })],
      roles: [
        role(
          'Deploy',
          doc(
            { Sid: 'Tags', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:TagSession' },
            { Sid: 'Ops', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/bob` }, Action: 'sts:AssumeRole' },
          ),
        ),
      ],
    });
    const { fix, after } = fixAndRediagnose(world, request({}), 'trust-principal');
    expect(after.decision).toBe('allowed');
    const statements = (fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements[0]).toEqual({ Sid: 'Tags', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:TagSession' });
    expect(statements[1].Principal).toEqual({ AWS: [`arn:aws:iam::${A}:user/bob`, `arn:aws:iam::${A}:user/alice`] });
    expect(fix.cli).not.toContain('"Principal":{"AWS":"*"},"Action":["sts:TagSession","sts:AssumeRole"]');
  });

  it('a statement without a Sid is named by the same 0-based index the evidence shows', () => {
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })],
      roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/bob` }, Action: 'sts:AssumeRole' }))],
    });
    const { fix } = fixAndRediagnose(world, request({}), 'trust-principal');
    expect(fix.explanation).toContain('statement #1');
    expect(fix.explanation).not.toContain('statement #2');
  });

  it('R-20, R-34: element and principal-type names in any case are read as IAM reads them: a lowercase "aws": "*" statement is not given sts:AssumeRole', () => {
    const alice = `arn:aws:iam::${A}:user/alice`;
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })],
      roles: [role('Deploy', doc({ sid: 'Tags', effect: 'Allow', principal: { aws: ['*', alice] }, action: 'sts:TagSession' }))],
    });
    const { fix, after } = fixAndRediagnose(world, request({}), 'trust-principal');
    expect(after.decision).toBe('allowed');
    const statements = (fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement;
    // The "*" statement keeps its one action; alice gets a statement naming her alone.
    expect(statements[0]).toEqual({ Sid: 'Tags', Effect: 'Allow', Principal: { AWS: ['*', alice] }, Action: 'sts:TagSession' });
    expect(statements[1]).toMatchObject({ Effect: 'Allow', Principal: { AWS: alice }, Action: 'sts:AssumeRole' });
  });

  it('R-15/R-20: a statement naming the caller\'s account root for another action gets no sts:AssumeRole; the exact ARN gets a statement of its own', () => {
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })],
      roles: [role('Deploy', doc({ Sid: 'Tags', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:TagSession' }))],
    });
    const { fix, after } = fixAndRediagnose(world, request({}), 'trust-principal');
    expect(after.decision).toBe('allowed');
    const statements = (fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements[0]).toEqual({ Sid: 'Tags', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:TagSession' });
    expect(statements[1]).toMatchObject({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole' });
    expect(statements[1].Condition).toBeUndefined();
    expect(fix.cli).toContain(`"Principal":{"AWS":"arn:aws:iam::${A}:user/alice"},"Action":"sts:AssumeRole"`);
  });

  it('R-13/R-40: a conditioned statement written for someone else is not extended; the caller gets a statement of its own', () => {
    const C = '333333333333';
    const otherAlice = { Sid: 'TrustAlice', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${C}:user/alice` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', doc(otherAlice))] });
    const { fix, after } = fixAndRediagnose(world, request({}), 'trust-principal');
    expect(after.decision).toBe('allowed');
    const statements = (fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements[0]).toEqual(otherAlice);
    expect(statements[1]).toMatchObject({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole' });
    expect(statements[1].Condition).toBeUndefined();
  });

  it('R-19: a role assuming itself gets its own role ARN in its trust policy', () => {
    const self = role('Deploy', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), {
      RolePolicyList: [{ PolicyName: 'self', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/Deploy` }) }],
      CreateDate: '2024-02-01T00:00:00Z',
    });
    const world = snapshot({ roles: [self] });
    const { fix, after } = fixAndRediagnose(world, request({ caller: `arn:aws:sts::${B}:assumed-role/Deploy/i-0abc`, callerSession: { issuedBy: 'ec2' } }), 'trust-principal');
    expect(after.decision).toBe('allowed');
    expect(JSON.stringify(fix.policyPatch?.after)).toContain(`"AWS":"arn:aws:iam::${B}:role/Deploy"`);
    noWildcardPrincipal(fix);
  });

  it('R-56/R-58: a GitHub workflow not trusted at all gets a statement pinned to its exact sub and aud', () => {
    const world = snapshot({
      roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))],
      providers: [{ Arn: `arn:aws:iam::${B}:oidc-provider/${GITHUB}`, Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] }],
    });
    const call: AssumeRoleRequest = githubCall({ sub: 'repo:acme/api:ref:refs/heads/main' });
    const { fix, after } = fixAndRediagnose(world, call, 'trust-principal');
    expect(after.decision).toBe('allowed');
    const added = (fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement[1];
    expect(added).toMatchObject({
      Principal: { Federated: `arn:aws:iam::${B}:oidc-provider/${GITHUB}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com', [`${GITHUB}:sub`]: 'repo:acme/api:ref:refs/heads/main' } },
    });
    expect(JSON.stringify(added)).not.toContain('*');
  });

  it.each([
    ['R-39', 'session tags', { tags: [{ Key: 'team', Value: 'red' }] }, ['tag-session'], ['sts:AssumeRole', 'sts:TagSession']],
    ['R-39', 'transitive tag keys', { tags: [{ Key: 'team', Value: 'red' }], transitiveTagKeys: ['team'] }, ['tag-session'], ['sts:AssumeRole', 'sts:TagSession']],
    ['R-38', 'a source identity', { sourceIdentity: 'alice' }, ['source-identity'], ['sts:AssumeRole', 'sts:SetSourceIdentity']],
    ['R-38, R-39', 'session tags and a source identity', { tags: [{ Key: 'team', Value: 'red' }], sourceIdentity: 'alice' }, ['tag-session', 'source-identity'], ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']],
  ] as const)('%s: an untrusted caller sending %s is trusted for every action the call needs, so the trust fix alone allows it; the other account keeps what it had', (_rule, _what, extra, alsoFailing, actions) => {
    const vendor = { Sid: 'Vendor', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'sts:AssumeRole' };
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [{ PolicyName: 'a', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Resource: '*' }) }] })],
      roles: [role('Deploy', doc(vendor))],
    });
    const call = request(extra as Partial<AssumeRoleRequest>);
    const before = run(world, call);
    expect(before.failedChecks).toEqual(['trust-principal', ...alsoFailing]);
    const fix = before.fixes.find((candidate) => candidate.check === 'trust-principal')!;
    const applied = applyFix(world, call, fix);
    expect(run(applied.snapshot, applied.request).decision).toBe('allowed');
    const statements = (fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements[0]).toEqual(vendor);
    expect(statements[1]).toMatchObject({ Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: actions });
    noWildcardPrincipal(fix);
  });

  it('R-38: a role session carrying a source identity into an untrusted role is trusted for sts:SetSourceIdentity too', () => {
    const runner = role('Runner', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), {
      Arn: `arn:aws:iam::${A}:role/Runner`,
      RolePolicyList: [{ PolicyName: 'a', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: '*' }) }],
    });
    const world = snapshot({ callerRoles: [runner], roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'sts:AssumeRole' }))] });
    const call = request({ caller: `arn:aws:sts::${A}:assumed-role/Runner/s1`, callerSession: { issuedBy: 'AssumeRole', sourceIdentity: 'alice' } });
    const before = run(world, call);
    expect(before.failedChecks).toEqual(['trust-principal', 'source-identity']);
    const fix = before.fixes.find((candidate) => candidate.check === 'trust-principal')!;
    const applied = applyFix(world, call, fix);
    expect(run(applied.snapshot, applied.request).decision).toBe('allowed');
    expect((fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement[1]).toMatchObject({ Principal: { AWS: `arn:aws:iam::${A}:role/Runner` }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] });
  });

  it('R-39: a statement naming only the caller for another action gets every action the call needs', () => {
    const alice = `arn:aws:iam::${A}:user/alice`;
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [{ PolicyName: 'a', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }) }] })],
      roles: [role('Deploy', doc({ Sid: 'Alice', Effect: 'Allow', Principal: { AWS: alice }, Action: 'sts:SetSourceIdentity' }))],
    });
    const call = request({ tags: [{ Key: 'team', Value: 'red' }] });
    const before = run(world, call);
    expect(before.failedChecks).toEqual(['trust-principal', 'tag-session']);
    const fix = before.fixes.find((candidate) => candidate.check === 'trust-principal')!;
    expect((fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement).toEqual([
      { Sid: 'Alice', Effect: 'Allow', Principal: { AWS: alice }, Action: ['sts:SetSourceIdentity', 'sts:AssumeRole', 'sts:TagSession'] },
    ]);
    const applied = applyFix(world, call, fix);
    expect(run(applied.snapshot, applied.request).decision).toBe('allowed');
  });

  it('R-58/R-26: a GitHub statement with the wrong action and no sub condition is not extended; after the fix a token from another repository is still denied', () => {
    const provider = `arn:aws:iam::${B}:oidc-provider/${GITHUB}`;
    const wrongAction = { Sid: 'GitHub', Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRole', Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' } } };
    const world = snapshot({ roles: [role('Deploy', doc(wrongAction))], providers: [{ Arn: provider, Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] }] });
    const call = (sub: string): AssumeRoleRequest => (githubCall({ sub }));
    const { fix, after, applied } = fixAndRediagnose(world, call('repo:acme/api:ref:refs/heads/main'), 'trust-principal');
    expect(after.decision).toBe('allowed');
    const statements = (fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement;
    // The statement that constrains no subject keeps its one action; the workflow gets a pinned statement.
    expect(statements[0]).toEqual(wrongAction);
    expect(statements[1]).toMatchObject({
      Principal: { Federated: provider },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com', [`${GITHUB}:sub`]: 'repo:acme/api:ref:refs/heads/main' } },
    });
    expect(fix.explanation).toContain(`does not constrain ${GITHUB}:sub`);
    expect(run(applied.snapshot, call('repo:stranger/anything:pull_request')).decision).toBe('denied');
  });

  it('R-57: a Google token with an azp gets a statement pinning accounts.google.com:aud to the azp (the value IAM compares), so another client of the same audience stays out', () => {
    const world = snapshot({ roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))] });
    const call = (azp: string): AssumeRoleRequest => ({
      action: 'sts:AssumeRoleWithWebIdentity',
      roleArn: `arn:aws:iam::${B}:role/Deploy`,
      roleSessionName: 'gsess',
      context: NOW,
      webIdentity: { claims: { iss: 'https://accounts.google.com', aud: '1111-server.apps.googleusercontent.com', azp, sub: '1234567890' } },
    });
    const { fix, after, applied } = fixAndRediagnose(world, call('2222-android.apps.googleusercontent.com'), 'trust-principal');
    expect(after.decision).toBe('allowed');
    expect((fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement[1]).toMatchObject({
      Principal: { Federated: 'accounts.google.com' },
      Condition: { StringEquals: { 'accounts.google.com:aud': '2222-android.apps.googleusercontent.com', 'accounts.google.com:sub': '1234567890' } },
    });
    expect(run(applied.snapshot, call('3333-other.apps.googleusercontent.com')).decision).toBe('denied');
  });

  it('R-58/R-26: a GitHub statement with the wrong action that already constrains the sub gets the action added', () => {
    const provider = `arn:aws:iam::${B}:oidc-provider/${GITHUB}`;
    const world = snapshot({
      roles: [role('Deploy', doc({ Sid: 'GitHub', Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRole', Condition: { StringLike: { [`${GITHUB}:sub`]: 'repo:acme/api:*' } } }))],
      providers: [{ Arn: provider, Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] }],
    });
    const call: AssumeRoleRequest = githubCall({ sub: 'repo:acme/api:ref:refs/heads/main' });
    const { fix, after } = fixAndRediagnose(world, call, 'trust-principal');
    expect(after.decision).toBe('allowed');
    const statements = (fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toEqual(['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity']);
  });
});

describe('fixes for a side refused either way', () => {
  it('R-02, R-14: an Allow fix beside a Deny on an unknown key says the Deny may still refuse the call', () => {
    const guarded = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } });
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [{ PolicyName: 'guard', PolicyDocument: guarded }] })],
      roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))],
    });
    const diagnosis = diagnose(world, request({}));
    expect(diagnosis.failedChecks).toEqual(['identity-policy']);
    const fix = diagnosis.fixes.find((candidate) => candidate.check === 'identity-policy' && candidate.policyPatch);
    expect(fix?.explanation).toContain('the Deny statement the check names may still refuse the call');
    // The check names the key that decides the Deny, and the fix repeats it.
    expect(diagnosis.checks.find((check) => check.id === 'identity-policy')?.denialDependsOn).toEqual(['aws:SourceIp']);
    expect(fix?.explanation).toContain('depends on aws:SourceIp');
  });
});

describe('fixes: hostile text in what they quote', () => {
  it('a line break in a policy value quoted in a comment cannot end the comment and run what follows', () => {
    const hostile = 'repo:acme/api:ref:refs/heads/main\ntouch /tmp/owned #';
    const world = snapshot({
      roles: [
        role(
          'Deploy',
          doc({
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${B}:oidc-provider/${GITHUB}` },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${GITHUB}:sub`]: hostile } },
          }),
        ),
      ],
      providers: [{ Arn: `arn:aws:iam::${B}:oidc-provider/${GITHUB}`, Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] }],
    });
    const call: AssumeRoleRequest = githubCall({ sub: 'repo:acme/api:pull_request' });
    const lines = (diagnose(world, call).fixes ?? []).flatMap((fix) => fix.cli?.split('\n') ?? []);
    // Every line is a comment or an aws command (the policy JSON writes the break as \n).
    for (const line of lines) expect(line).toMatch(/^(#|aws )/);
    // A comment quoting the value shows its line break as \u000a.
    const quoted = lines.filter((line) => line.startsWith('#') && line.includes('touch /tmp/owned'));
    expect(quoted.length).toBeGreaterThan(0);
    for (const line of quoted) expect(line).toContain('\\u000atouch /tmp/owned');
  });
});

/**
 * A web identity call from the OIDC provider `idp` (audience 'doctor') to role Deploy, whose trust
 * statement requires `conditions` beside the audience and allows sts:SetSourceIdentity.
 */
function exampleIdpCall(conditions: Record<string, string>, roleSessionName = 'idp', actions = ['sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity']) {
  const idp = 'auth.example.com';
  const trust = doc({
    Sid: 'Idp',
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${B}:oidc-provider/${idp}` },
    Action: actions,
    Condition: { StringEquals: { [`${idp}:aud`]: 'doctor', ...conditions } },
  });
  const world = snapshot({ roles: [role('Deploy', trust)], providers: [{ Arn: `arn:aws:iam::${B}:oidc-provider/${idp}`, Url: idp, ClientIDList: ['doctor'] }] });
  const call: AssumeRoleRequest = {
    action: 'sts:AssumeRoleWithWebIdentity',
    roleArn: `arn:aws:iam::${B}:role/Deploy`,
    roleSessionName,
    context: NOW,
    webIdentity: { claims: { iss: `https://${idp}`, aud: 'doctor', sub: 'user-42' } },
  };
  return { world, call };
}

describe('trust-conditions fixes', () => {
  const vendorTrust = doc({ Sid: 'Vendor', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } });

  it('R-36: an ExternalId mismatch is fixed by the caller sending the agreed value, not by editing the policy', () => {
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', vendorTrust)] });
    const { fix, after } = fixAndRediagnose(world, request({ externalId: 'abd' }), 'trust-conditions');
    expect(after.decision).toBe('allowed');
    expect(fix.policyPatch).toBeUndefined();
    expect(fix.requestPatch).toEqual({ externalId: 'abc' });
    expect(fix.explanation).toMatch(/confused deputy/);
    // R-36: AWS does not treat the external ID as a secret; the fix must not teach that it is one.
    expect(fix.explanation).toContain('It is not a secret');
    expect(fix.explanation).not.toMatch(/is a secret/);
    expect(fix.cli).toContain("--external-id 'abc'");
  });

  it('R-58: a GitHub sub under StringEquals gains exactly the observed subject', () => {
    const trust = doc({
      Sid: 'Gha',
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${B}:oidc-provider/${GITHUB}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com', [`${GITHUB}:sub`]: 'repo:acme/api:ref:refs/heads/main' } },
    });
    const world = snapshot({ roles: [role('Deploy', trust)], providers: [{ Arn: `arn:aws:iam::${B}:oidc-provider/${GITHUB}`, Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] }] });
    const call: AssumeRoleRequest = githubCall({ sub: 'repo:acme/api:environment:production' });
    // The policy change is the second, warned option; the first is the caller-side one.
    const { fix, after } = fixAndRediagnose(world, call, 'trust-conditions', (fixes) => fixes.find((candidate) => candidate.policyPatch));
    expect(after.decision).toBe('allowed');
    const condition = (fix.policyPatch?.after as { Statement: { Condition: Record<string, Record<string, unknown>> }[] }).Statement[0].Condition;
    expect(condition.StringEquals[`${GITHUB}:sub`]).toEqual(['repo:acme/api:ref:refs/heads/main', 'repo:acme/api:environment:production']);
    expect(condition.StringEquals[`${GITHUB}:aud`]).toBe('sts.amazonaws.com'); // kept
  });

  it('R-38, R-56: a web identity call missing the source identity the trust policy expects is told to present a token carrying the claim; the retry command has no --source-identity (the command has none)', () => {
    const { world, call } = exampleIdpCall({ 'sts:SourceIdentity': 'alice' });
    const { fix, after, applied } = fixAndRediagnose(world, call, 'trust-conditions');
    expect(after.decision).toBe('allowed');
    expect(fix.policyPatch).toBeUndefined();
    expect(fix.requestPatch).toEqual({ webIdentity: { claims: { 'https://aws.amazon.com/source_identity': 'alice' } } });
    expect(applied.request.sourceIdentity).toBeUndefined();
    expect(fix.title).toBe('Present a token with the source identity the trust policy expects');
    expect(fix.explanation).toContain("https://aws.amazon.com/source_identity claim is 'alice'");
    expect(fix.cli).toContain("# no policy change: present a token with https://aws.amazon.com/source_identity 'alice'");
    expect(fix.cli).toContain('aws sts assume-role-with-web-identity');
    expect(fix.cli).not.toContain('--source-identity');

    // R-57: a GitHub workflow cannot present such a token (no custom claims): advice, no patch.
    const github = doc({
      Sid: 'Gha',
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${B}:oidc-provider/${GITHUB}` },
      Action: ['sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity'],
      Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com', 'sts:SourceIdentity': 'alice' } },
    });
    const githubWorld = snapshot({ roles: [role('Deploy', github)], providers: [{ Arn: `arn:aws:iam::${B}:oidc-provider/${GITHUB}`, Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] }] });
    const githubCall: AssumeRoleRequest = { ...call, webIdentity: { claims: { iss: `https://${GITHUB}`, aud: 'sts.amazonaws.com', sub: 'repo:acme/api:ref:refs/heads/main' } } };
    const advice = run(githubWorld, githubCall).fixes.filter((candidate) => candidate.check === 'trust-conditions');
    expect(advice).toHaveLength(1);
    expect(advice[0].requestPatch).toBeUndefined();
    expect(advice[0].policyPatch).toBeUndefined();
    expect(advice[0].explanation).toContain('GitHub Actions tokens carry no such claim');
    expect(advice[0].explanation).toContain('a workflow cannot add one');
  });

  it('R-37, R-38: a fix that changes a parameter as well as the token says so: its title names the parameter, and the retry is not "the same call"', () => {
    const { world, call } = exampleIdpCall({ 'sts:SourceIdentity': 'alice', 'sts:RoleSessionName': 'deploy' }, 'x1');
    const { fix, after } = fixAndRediagnose(world, call, 'trust-conditions');
    expect(after.decision).toBe('allowed');
    expect(fix.title).toBe('Send the roleSessionName and present a token with the source identity the trust policy expects');
    expect(fix.cli).toContain('then make this call (with the roleSessionName changed):');
    expect(fix.cli).toContain("--role-session-name 'deploy'");
    expect(fix.cli).not.toContain('the same call');
  });

  it('R-38: when the statement lacks sts:SetSourceIdentity, the source-identity fix adds it, so the call passes rather than failing one check later', () => {
    const { world, call } = exampleIdpCall({ 'sts:SourceIdentity': 'alice' }, 'idp', ['sts:AssumeRoleWithWebIdentity']);
    const { fix, after } = fixAndRediagnose(world, call, 'trust-conditions');
    expect(after.decision).toBe('allowed');
    expect(fix.title).toBe('Change the request and allow sts:SetSourceIdentity in statement "Idp" (#0)');
    expect((fix.policyPatch?.after as { Statement: { Action: unknown }[] }).Statement[0].Action).toEqual(['sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity']);
    expect(fix.requestPatch).toEqual({ webIdentity: { claims: { 'https://aws.amazon.com/source_identity': 'alice' } } });
    expect(fix.explanation).toContain('also needs sts:SetSourceIdentity in the trust statement (R-38)');
    // The snapshot's own statement is untouched.
    expect((world.accounts[1].authorizationDetails.RoleDetailList![0].AssumeRolePolicyDocument as unknown as { Statement: { Action: unknown }[] }).Statement[0].Action).toEqual(['sts:AssumeRoleWithWebIdentity']);
  });

  it('R-38, R-60: a SAML call gets the SourceIdentity attribute, merged into the assertion\'s others with the provider kept', () => {
    const okta = `arn:aws:iam::${B}:saml-provider/Okta`;
    const trust = doc({ Sid: 'Okta', Effect: 'Allow', Principal: { Federated: okta }, Action: ['sts:AssumeRoleWithSAML', 'sts:SetSourceIdentity'], Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml', 'sts:SourceIdentity': 'alice' } } });
    const world = snapshot({ roles: [role('Deploy', trust)] });
    world.accounts[1].samlProviders = [{ Arn: okta }];
    const call: AssumeRoleRequest = {
      action: 'sts:AssumeRoleWithSAML',
      roleArn: `arn:aws:iam::${B}:role/Deploy`,
      context: NOW,
      saml: { principalArn: okta, attributes: { 'saml:aud': 'https://signin.aws.amazon.com/saml', 'saml:sub': 'alice@example.com' } },
    };
    const { fix, after, applied } = fixAndRediagnose(world, call, 'trust-conditions');
    expect(after.decision).toBe('allowed');
    expect(applied.request.saml).toEqual({ principalArn: okta, attributes: { ...call.saml!.attributes, 'https://aws.amazon.com/SAML/Attributes/SourceIdentity': 'alice' } });
    expect(fix.cli).toContain(`--principal-arn '${okta}'`);
    expect(fix.cli).toContain("have the identity provider put https://aws.amazon.com/SAML/Attributes/SourceIdentity 'alice' in the SAML assertion");
    expect(fix.cli).not.toContain('--source-identity');
  });

  it('R-58: a GitHub sub under StringLike gets a copy of the statement with StringEquals, never a new pattern', () => {
    const trust = doc({
      Sid: 'Gha',
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${B}:oidc-provider/${GITHUB}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${GITHUB}:sub`]: 'repo:acme/api:ref:refs/heads/*' } },
    });
    const world = snapshot({ roles: [role('Deploy', trust)], providers: [{ Arn: `arn:aws:iam::${B}:oidc-provider/${GITHUB}`, Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] }] });
    const call: AssumeRoleRequest = githubCall({ sub: 'repo:acme/api:pull_request' });
    // The policy change is the second, warned option; the first is the caller-side one.
    const { fix, after } = fixAndRediagnose(world, call, 'trust-conditions', (fixes) => fixes.find((candidate) => candidate.policyPatch));
    expect(after.decision).toBe('allowed');
    const statements = (fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements[0]).toEqual(trust.Statement[0]); // original untouched
    expect(statements[1]).toMatchObject({ Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com', [`${GITHUB}:sub`]: 'repo:acme/api:pull_request' } } });
    expect((statements[1] as { Condition: Record<string, unknown> }).Condition.StringLike).toBeUndefined();
  });

  it('R-40: an MFA condition stays; the caller passes its MFA device', () => {
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', trust)] });
    const { fix, after } = fixAndRediagnose(world, request({}), 'trust-conditions');
    expect(after.decision).toBe('allowed');
    expect(fix.policyPatch).toBeUndefined();
    expect(fix.requestPatch).toMatchObject({ serialNumber: `arn:aws:iam::${A}:mfa/alice` });
    // R-40: the device ARN is a guess, and the fix says so.
    expect(fix.explanation).toContain('not read from the snapshot');
  });

  it('R-40/R-15/R-20: the MFA advice says how the statement covers the caller: its account, "*", or its ARN beside broader entries', () => {
    const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
    const explain = (principal: unknown) => {
      const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', doc({ Sid: 'RequireMfa', Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', Condition: mfa }))] });
      const { fix, after } = fixAndRediagnose(world, request({}), 'trust-conditions');
      expect(after.decision).toBe('allowed');
      return fix.explanation;
    };
    const viaAccount = explain({ AWS: `arn:aws:iam::${A}:root` });
    expect(viaAccount).toContain(`covers the caller through its account (arn:aws:iam::${A}:root, R-15), but aws:MultiFactorAuthPresent does not hold`);
    expect(explain({ AWS: A })).toContain(`covers the caller through its account (${A}, R-15)`);
    expect(explain({ AWS: '*' })).toContain('covers the caller through the wildcard principal "*" (every principal, R-20)');
    expect(explain({ AWS: [`arn:aws:iam::${A}:user/alice`, '444444444444'] })).toContain('names the caller, beside 444444444444, which covers more principals');
    for (const text of [viaAccount]) expect(text).not.toContain('"*" or its account');
  });

  it('R-20: a PrincipalTag condition on a "*" statement is not widened; a copy names the caller alone and strangers with the same tag stay out', () => {
    const allowAll = [{ PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }];
    const teamOps = {
      Sid: 'TeamOps',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' }, Bool: { 'aws:SecureTransport': 'true' } },
    };
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: allowAll, Tags: [{ Key: 'team', Value: 'dev' }] })], roles: [role('Deploy', doc(teamOps))] });
    const call = request({ context: { ...NOW, 'aws:SecureTransport': 'true' } });
    const { fix, after, applied } = fixAndRediagnose(world, call, 'trust-conditions');
    expect(after.decision).toBe('allowed');
    const statements = (fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements[0]).toEqual(teamOps);
    expect(statements[1]).toEqual({
      Sid: 'TeamOpsCaller',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${A}:user/alice` },
      Action: 'sts:AssumeRole',
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
    });
    expect(fix.cli).not.toContain('"aws:PrincipalTag/team":["ops","dev"]');
    // Someone else, in another account, tagged team=dev: refused before and after the fix.
    const stranger = '999999999999';
    const mallory = { accountId: stranger, authorizationDetails: { UserDetailList: [user(stranger, 'mallory', { UserPolicyList: allowAll, Tags: [{ Key: 'team', Value: 'dev' }] })] } };
    const strangerCall = request({ caller: `arn:aws:iam::${stranger}:user/mallory`, context: { ...NOW, 'aws:SecureTransport': 'true' } });
    expect(run({ ...applied.snapshot, accounts: [...applied.snapshot.accounts, mallory] }, strangerCall).decision).toBe('denied');
  });

  it('R-43: a PrincipalOrgID miss on a "*" statement is explained, never widened automatically', () => {
    const trust = doc({ Sid: 'Org', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } });
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', trust)] });
    const diagnosis = run(world, request({ context: { ...NOW, 'aws:PrincipalOrgID': 'o-other' } }));
    expect(diagnosis.failedChecks).toEqual(['trust-conditions']);
    const fix = diagnosis.fixes.find((candidate) => candidate.check === 'trust-conditions');
    expect(fix?.policyPatch).toBeUndefined();
    expect(fix?.cli).toBeUndefined();
  });

  it('R-41: a SourceIp miss allows exactly the observed address (/32), keeping the other ranges', () => {
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' }, StringEquals: { 'sts:ExternalId': 'abc' } } });
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', trust)] });
    const { fix, after } = fixAndRediagnose(world, request({ externalId: 'abc', context: { ...NOW, 'aws:SourceIp': '198.51.100.7' } }), 'trust-conditions');
    expect(after.decision).toBe('allowed');
    const condition = (fix.policyPatch?.after as { Statement: { Condition: Record<string, Record<string, unknown>> }[] }).Statement[0].Condition;
    expect(condition.IpAddress['aws:SourceIp']).toEqual(['203.0.113.0/24', '198.51.100.7/32']);
    expect(condition.StringEquals['sts:ExternalId']).toBe('abc');
    // It widens who may call: the fix says so, as every widening fix does (not only subject fixes).
    expect(fix.warning).toBe('Widens aws:SourceIp to accept 198.51.100.7/32 as well; only make this change if that address is yours.');
  });
});

describe('trust-conditions fixes on a statement open to every account', () => {
  it('R-20, R-41: a SourceIp miss on a "*" statement widens a copy naming the caller, not the statement everyone else goes through', () => {
    const allowAll = [{ PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }];
    const office = { Sid: 'Office', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } };
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: allowAll })], roles: [role('Deploy', doc(office))] });
    const call = request({ context: { ...NOW, 'aws:SourceIp': '198.51.100.7' } });
    const { fix, after, applied } = fixAndRediagnose(world, call, 'trust-conditions');
    expect(after.decision).toBe('allowed');
    const statements = (fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements[0]).toEqual(office);
    expect(statements[1]).toMatchObject({ Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7/32'] } } });
    expect(fix.explanation).toContain('open to every AWS account');
    // Anyone else calling from the same address is refused before and after.
    const stranger = '999999999999';
    const mallory = { accountId: stranger, authorizationDetails: { UserDetailList: [user(stranger, 'mallory', { UserPolicyList: allowAll })] } };
    const strangerCall = request({ caller: `arn:aws:iam::${stranger}:user/mallory`, context: { ...NOW, 'aws:SourceIp': '198.51.100.7' } });
    expect(run({ ...applied.snapshot, accounts: [...applied.snapshot.accounts, mallory] }, strangerCall).decision).toBe('denied');
  });
});

describe('identity-policy fixes', () => {
  it('R-14: a cross-account user gets an inline policy allowing sts:AssumeRole on exactly the role ARN', () => {
    const world = snapshot({ callerUsers: [user(A, 'alice')], roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))] });
    const { fix, after } = fixAndRediagnose(world, request({}), 'identity-policy');
    expect(after.decision).toBe('allowed');
    expect(fix.policyPatch?.locator).toEqual({ kind: 'user-inline', account: A, userName: 'alice', policyName: 'AllowAssume-Deploy' });
    expect(fix.policyPatch?.before).toBeNull();
    expect(fix.policyPatch?.after).toEqual(doc({ Sid: 'AllowAssumeDeploy', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/Deploy` }));
    expect(fix.cli).toContain("aws iam put-user-policy --user-name 'alice' --policy-name 'AllowAssume-Deploy'");
    expect(fix.terraform).toContain('resource "aws_iam_user_policy"');
  });

  it('R-14: a role session caller gets the allow on its role, with sts:TagSession when it passes tags (R-39)', () => {
    const runner = role('Runner', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), { Arn: `arn:aws:iam::${A}:role/Runner` });
    const world = snapshot({ callerRoles: [runner], roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }))] });
    const call = request({ caller: `arn:aws:sts::${A}:assumed-role/Runner/i-1`, callerSession: { issuedBy: 'ec2' }, tags: [{ Key: 'team', Value: 'red' }] });
    const before = run(world, call);
    expect(before.failedChecks).toContain('identity-policy');
    const fix = before.fixes.find((candidate) => candidate.check === 'identity-policy')!;
    expect(fix.policyPatch?.locator).toMatchObject({ kind: 'role-inline', account: A, roleName: 'Runner' });
    expect(fix.cli).toContain("aws iam put-role-policy --role-name 'Runner'");
    expect(JSON.stringify(fix.policyPatch?.after)).toContain('sts:TagSession');
    // The identity fix covers the tag-session side too, so applying it alone is enough.
    const applied = applyFix(world, call, fix);
    expect(run(applied.snapshot, applied.request).decision).toBe('allowed');
  });

  it('R-40: an identity allow gated on MFA keeps its condition; the caller retries with its MFA device', () => {
    const mfaOnly = { PolicyName: 'AllowAssume-Deploy', PolicyDocument: doc({ Sid: 'MfaOnly', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/Deploy`, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) };
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [mfaOnly] })],
      roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))],
    });
    const { fix, after } = fixAndRediagnose(world, request({}), 'identity-policy');
    expect(after.decision).toBe('allowed');
    expect(fix.policyPatch).toBeUndefined();
    expect(fix.requestPatch).toMatchObject({ serialNumber: `arn:aws:iam::${A}:mfa/alice` });
    expect(fix.cli).toContain(`--serial-number 'arn:aws:iam::${A}:mfa/alice' --token-code "$MFA_CODE"`);
    // Pastes into a shell as is: no <placeholder> that the shell would read as a redirection.
    expect(fix.cli).not.toMatch(/[<>]/);
    expect(fix.cli).toMatch(/^# set MFA_CODE to the current 6-digit code/m);
    expect(fix.cli).not.toContain('put-user-policy');
  });

  it('R-40/R-39: an MFA-gated identity allow with tags passed: the MFA retry plus sts:TagSession for the caller together allow the call', () => {
    const mfaOnly = { PolicyName: 'AllowAssume-Deploy', PolicyDocument: doc({ Sid: 'MfaOnly', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/Deploy`, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) };
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [mfaOnly] })],
      roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }))],
    });
    const call = request({ tags: [{ Key: 'team', Value: 'red' }] });
    const before = run(world, call);
    expect(before.fixes.some((fix) => fix.policyPatch && JSON.stringify(fix.policyPatch.after).includes('"Action":["sts:AssumeRole"'))).toBe(false);
    let state = { snapshot: world, request: call };
    for (const fix of before.fixes) state = applyFix(state.snapshot, state.request, fix);
    expect(run(state.snapshot, state.request).decision).toBe('allowed');
    // The MFA condition is still there after every fix is applied.
    const alice = state.snapshot.accounts[0].authorizationDetails.UserDetailList![0];
    expect(JSON.stringify(alice.UserPolicyList)).toContain('"aws:MultiFactorAuthPresent":"true"');
  });

  it('R-14: an identity allow whose SourceIp condition fails gets advice, not an unconditioned allow beside it', () => {
    const officeOnly = { PolicyName: 'AllowAssume-Deploy', PolicyDocument: doc({ Sid: 'Office', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/Deploy`, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }) };
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [officeOnly] })],
      roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))],
    });
    const diagnosis = run(world, request({ context: { ...NOW, 'aws:SourceIp': '198.51.100.7' } }));
    const fix = onlyAdvice(diagnosis, 'identity-policy');
    expect(fix.explanation).toContain('Office');
  });

  it('R-14: an IAM Identity Center caller is told to change its permission set, not given a put-role-policy IAM would refuse', () => {
    const sso = 'AWSReservedSSO_Admin_0123456789abcdef';
    const ssoRole = role(sso, doc({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${A}:saml-provider/AWSSSO_abc_DO_NOT_DELETE` }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'] }), {
      Arn: `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/${sso}`,
      Path: '/aws-reserved/sso.amazonaws.com/',
    });
    const world = snapshot({ callerRoles: [ssoRole], roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))] });
    const diagnosis = run(world, request({ caller: `arn:aws:sts::${A}:assumed-role/${sso}/alice@example.com` }));
    const fix = onlyAdvice(diagnosis, 'identity-policy');
    expect(fix.title).toContain('permission set Admin');
    expect(fix.explanation).toContain(`"Resource":"arn:aws:iam::${B}:role/Deploy"`);
  });

  it('R-14, R-39: an Identity Center caller passing session tags gets the permission-set advice once, naming sts:TagSession too', () => {
    const sso = 'AWSReservedSSO_Admin_0123456789abcdef';
    const ssoRole = role(sso, doc({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${A}:saml-provider/AWSSSO_abc_DO_NOT_DELETE` }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'] }), {
      Arn: `arn:aws:iam::${A}:role/aws-reserved/sso.amazonaws.com/${sso}`,
      Path: '/aws-reserved/sso.amazonaws.com/',
    });
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
    const world = snapshot({ callerRoles: [ssoRole], roles: [role('Deploy', trust)] });
    const diagnosis = run(world, request({ caller: `arn:aws:sts::${A}:assumed-role/${sso}/alice@example.com`, tags: [{ Key: 'team', Value: 'ops' }] }));
    expect(diagnosis.failedChecks).toEqual(['identity-policy', 'tag-session']);
    const permissionSetFixes = diagnosis.fixes.filter((fix) => fix.title.includes('permission set Admin'));
    expect(permissionSetFixes).toHaveLength(1);
    expect(permissionSetFixes[0].explanation).toContain('sts:TagSession');
  });

  it('R-14: a service-linked role caller gets no policy change: its permissions belong to the service', () => {
    const slr = 'AWSServiceRoleForExample';
    const slrRole = role(slr, doc({ Effect: 'Allow', Principal: { Service: 'example.amazonaws.com' }, Action: 'sts:AssumeRole' }), {
      Arn: `arn:aws:iam::${A}:role/aws-service-role/example.amazonaws.com/${slr}`,
      Path: '/aws-service-role/example.amazonaws.com/',
    });
    const world = snapshot({ callerRoles: [slrRole], roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))] });
    const diagnosis = run(world, request({ caller: `arn:aws:sts::${A}:assumed-role/${slr}/session` }));
    const fix = onlyAdvice(diagnosis, 'identity-policy');
    expect(fix.explanation).toContain('service-linked');
  });

  it('R-02: an explicit identity deny gets advice, never a generated change', () => {
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy, { PolicyName: 'deny', PolicyDocument: doc({ Sid: 'NoProd', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }) }] })],
      roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))],
    });
    const diagnosis = run(world, request({}));
    expect(diagnosis.failedChecks).toEqual(['identity-policy']);
    const fix = diagnosis.fixes.find((candidate) => candidate.check === 'identity-policy')!;
    expect(fix.policyPatch).toBeUndefined();
    expect(fix.explanation).toMatch(/explicit Deny/);
  });
});

describe('permissions-boundary fixes', () => {
  it('R-11/R-14: a customer managed boundary gets a new default version allowing exactly this role', () => {
    const boundaryArn = `arn:aws:iam::${A}:policy/DevBoundary`;
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy], PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundaryArn } })],
      callerPolicies: [{ PolicyName: 'DevBoundary', Arn: boundaryArn, DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }] }],
      roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))],
    });
    const { fix, after, applied } = fixAndRediagnose(world, request({}), 'permissions-boundary');
    expect(after.decision).toBe('allowed');
    expect(fix.policyPatch?.locator).toEqual({ kind: 'managed', account: A, policyArn: boundaryArn });
    expect(fix.cli).toContain(`aws iam create-policy-version --policy-arn '${boundaryArn}'`);
    expect(fix.cli).toContain('--set-as-default');
    // A boundary is shared: the change reaches everyone it bounds, and the text says so.
    expect(fix.explanation).toContain('for every user and role whose boundary is DevBoundary');
    const policy = applied.snapshot.accounts[0].authorizationDetails.Policies![0];
    expect(policy.DefaultVersionId).toBe('v2');
    expect(policy.PolicyVersionList?.filter((version) => version.IsDefaultVersion)).toHaveLength(1);
  });

  it('R-11: a boundary that already has five versions: the CLI first deletes the oldest non-default version, and applying it keeps five', () => {
    const boundaryArn = `arn:aws:iam::${A}:policy/team/Boundary`;
    // v2 is the default; v1 is the oldest version that is not, so it is the one deleted.
    const versions = [1, 2, 3, 4, 5].map((n) => ({ VersionId: `v${n}`, IsDefaultVersion: n === 2, Document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }));
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy], PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundaryArn } })],
      callerPolicies: [{ PolicyName: 'Boundary', Arn: boundaryArn, Path: '/team/', DefaultVersionId: 'v2', PolicyVersionList: versions }],
      roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))],
    });
    const { fix, after, applied } = fixAndRediagnose(world, request({}), 'permissions-boundary');
    expect(after.decision).toBe('allowed');
    const lines = fix.cli!.split('\n').filter((line) => !line.startsWith('#'));
    expect(lines[0]).toBe(`aws iam delete-policy-version --policy-arn '${boundaryArn}' --version-id 'v1'`);
    expect(lines[1]).toContain(`aws iam create-policy-version --policy-arn '${boundaryArn}'`);
    expect(fix.explanation).toContain('v1');
    const policy = applied.snapshot.accounts[0].authorizationDetails.Policies![0];
    expect(policy.PolicyVersionList?.map((version) => version.VersionId)).toEqual(['v2', 'v3', 'v4', 'v5', 'v6']);
    expect(policy.DefaultVersionId).toBe('v6');
  });

  it('applyFix refuses a managed-policy patch that would make a sixth version', () => {
    const boundaryArn = `arn:aws:iam::${A}:policy/Boundary`;
    const versions = [1, 2, 3, 4, 5].map((n) => ({ VersionId: `v${n}`, IsDefaultVersion: n === 5, Document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }));
    const world = snapshot({ callerPolicies: [{ PolicyName: 'Boundary', Arn: boundaryArn, DefaultVersionId: 'v5', PolicyVersionList: versions }] });
    const fix: Fix = { check: 'permissions-boundary', title: 't', explanation: 'e', policyPatch: { target: 't', before: null, after: doc(), locator: { kind: 'managed', account: A, policyArn: boundaryArn } } };
    expect(() => applyFix(world, request({}), fix)).toThrow(/five|versions/);
  });
});

describe('tag-session and source-identity fixes', () => {
  it('R-39: tags passed to a role whose trust statement lacks sts:TagSession: the action is added to that statement', () => {
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [{ PolicyName: 'a', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }) }] })], roles: [role('Deploy', doc({ Sid: 'Ci', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))] });
    const { fix, after } = fixAndRediagnose(world, request({ tags: [{ Key: 'team', Value: 'red' }] }), 'tag-session');
    expect(after.decision).toBe('allowed');
    expect((fix.policyPatch?.after as { Statement: { Action: unknown }[] }).Statement[0].Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
  });

  it.each([
    ['R-39', 'tag-session', 'sts:TagSession', { tags: [{ Key: 'team', Value: 'red' }] }],
    ['R-38', 'source-identity', 'sts:SetSourceIdentity', { sourceIdentity: 'alice' }],
  ] as const)('%s: when both the trust policy and the cross-account caller refuse, a %s fix is given for each side and applying all allows the call', (_rule, checkId, action, extra) => {
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })],
      roles: [role('Deploy', doc({ Sid: 'Alice', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole' }))],
    });
    const call = request(extra as Partial<AssumeRoleRequest>);
    const before = run(world, call);
    expect(before.failedChecks).toEqual([checkId]);
    const fixes = before.fixes.filter((fix) => fix.check === checkId);
    expect(fixes.map((fix) => fix.policyPatch?.locator?.kind)).toEqual(['trust', 'user-inline']);
    expect((fixes[0].policyPatch?.after as { Statement: { Action: unknown }[] }).Statement[0].Action).toEqual(['sts:AssumeRole', action]);
    expect(fixes[1].policyPatch?.after).toMatchObject({ Statement: [{ Effect: 'Allow', Action: action, Resource: `arn:aws:iam::${B}:role/Deploy` }] });
    expect(fixes[1].cli).toContain("aws iam put-user-policy --user-name 'alice'");
    let state = { snapshot: world, request: call };
    for (const fix of fixes) state = applyFix(state.snapshot, state.request, fix);
    expect(run(state.snapshot, state.request).decision).toBe('allowed');
  });

  it('R-39: when the identity-policy fix carries sts:TagSession, the tag-session fix says that fix is needed too', () => {
    const world = snapshot({
      callerUsers: [user(A, 'alice')],
      roles: [role('Deploy', doc({ Sid: 'Alice', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole' }))],
    });
    const call = request({ tags: [{ Key: 'team', Value: 'red' }] });
    const before = run(world, call);
    expect(before.failedChecks).toEqual(['identity-policy', 'tag-session']);
    const tagFixes = before.fixes.filter((fix) => fix.check === 'tag-session');
    expect(tagFixes.map((fix) => fix.policyPatch?.locator?.kind)).toEqual(['trust']);
    expect(tagFixes[0].explanation).toContain('apply every tag-session fix and the identity-policy fix');
    let state = { snapshot: world, request: call };
    for (const fix of before.fixes) state = applyFix(state.snapshot, state.request, fix);
    expect(run(state.snapshot, state.request).decision).toBe('allowed');
  });

  it('R-39: when the trust side allows tagging but the cross-account caller does not, the caller gets sts:TagSession on the role', () => {
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }))] });
    const { fix, after } = fixAndRediagnose(world, request({ tags: [{ Key: 'team', Value: 'red' }] }), 'tag-session');
    expect(after.decision).toBe('allowed');
    expect(fix.policyPatch?.locator).toMatchObject({ kind: 'user-inline', userName: 'alice', policyName: 'AllowTagSession-Deploy' });
  });

  it('R-39: the failing side is the check\'s failedPart, even when the failing part cites no statement and the words say otherwise', () => {
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }))] });
    const call = request({ tags: [{ Key: 'team', Value: 'red' }] });
    const before = run(world, call);
    const check = before.checks.find((candidate) => candidate.id === 'tag-session')!;
    expect(check.failedPart).toBe('identity');
    expect(check.evidence).toEqual([]);
    // Words that name the trust side: the fix must still go to the caller's identity policies.
    expect(fixedKindsWithSummary(before, check, 'Trust policy: the caller may not tag', world, call)).toEqual(['user-inline']);
  });

  it('the failing side comes from the check\'s data (failedPart), not from words in the summary', () => {
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [{ PolicyName: 'a', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: '*' }) }] })], roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))] });
    const call = request({ sourceIdentity: 'alice' });
    const before = run(world, call);
    const check = before.checks.find((candidate) => candidate.id === 'source-identity')!;
    expect(check.evidence.map((item) => item.policy.kind)).toEqual(['trust']);
    expect(check.failedPart).toBe('trust');
    // A summary whose words point at the identity side (SetSourceIdentity, a quoted "Identity policies: ").
    expect(fixedKindsWithSummary(before, check, "sts:SetSourceIdentity: Identity policies: 'x'", world, call)).toEqual(['trust']);
  });

  it('R-02: a boundary Deny on sts:TagSession is advice filed under tag-session, naming that Deny', () => {
    const boundaryArn = `arn:aws:iam::${A}:policy/NoTagging`;
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [{ PolicyName: 'a', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }) }], PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundaryArn } })],
      callerPolicies: [
        {
          PolicyName: 'NoTagging',
          Arn: boundaryArn,
          DefaultVersionId: 'v1',
          PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }, { Sid: 'NeverTag', Effect: 'Deny', Action: 'sts:TagSession', Resource: '*' }] } }],
        },
      ],
      roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }))],
    });
    const diagnosis = run(world, request({ tags: [{ Key: 'team', Value: 'red' }] }));
    expect(diagnosis.failedChecks).toEqual(['tag-session']);
    const advice = diagnosis.fixes.filter((fix) => fix.title.startsWith('Remove or narrow the explicit deny'));
    expect(advice.map((fix) => fix.check)).toEqual(['tag-session']);
    expect(advice[0].explanation).toContain('statement "NeverTag" (#1) of NoTagging');
  });

  it('R-38: a source identity passed to a role whose trust lacks sts:SetSourceIdentity', () => {
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [{ PolicyName: 'a', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: '*' }) }] })], roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))] });
    const { after } = fixAndRediagnose(world, request({ sourceIdentity: 'alice' }), 'source-identity');
    expect(after.decision).toBe('allowed');
  });
});

describe('trust policy size', () => {
  // IAM counts a role trust policy without whitespace against a default quota of 2,048 characters
  // (raisable to 4,096): update-assume-role-policy fails with LimitExceeded above it.
  function subjectWorld(count: number): Snapshot {
    const provider = `arn:aws:iam::${B}:oidc-provider/${GITHUB}`;
    const subjects = Array.from({ length: count }, (_, i) => `repo:acme-corp/service-${String(i).padStart(2, '0')}:ref:refs/heads/main`);
    return snapshot({
      roles: [role('Deploy', doc({ Sid: 'GitHubMain', Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${GITHUB}:sub`]: subjects } } }))],
      providers: [{ Arn: provider, Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] }],
    });
  }
  const call: AssumeRoleRequest = githubCall({ sub: 'repo:acme-corp/service-30:ref:refs/heads/main' });

  it('a fix that takes the trust policy past 2,048 characters says so, naming its size and the quota', () => {
    const world = subjectWorld(30);
    const before = JSON.stringify(world.accounts[1].authorizationDetails.RoleDetailList![0].AssumeRolePolicyDocument).length;
    expect(before).toBeLessThanOrEqual(2048);
    const policyFixes = run(world, call).fixes.filter((fix) => fix.policyPatch);
    expect(policyFixes).toHaveLength(1);
    const size = JSON.stringify(policyFixes[0].policyPatch!.after).replace(/\s/g, '').length;
    expect(size).toBeGreaterThan(2048);
    expect(policyFixes[0].explanation).toContain(`${size.toLocaleString('en-US')} characters`);
    expect(policyFixes[0].explanation).toContain('2,048');
    expect(policyFixes[0].explanation).toContain('LimitExceeded');
  });

  it('a fix whose trust policy stays within 2,048 characters carries no size warning', () => {
    const policyFixes = run(subjectWorld(5), call).fixes.filter((fix) => fix.policyPatch);
    expect(policyFixes).toHaveLength(1);
    expect(JSON.stringify(policyFixes[0].policyPatch!.after).length).toBeLessThan(2048);
    expect(policyFixes[0].explanation).not.toContain('LimitExceeded');
  });
});

describe('statements written with NotAction', () => {
  const alice = `arn:aws:iam::${A}:user/alice`;
  const aliceAllowsAll = user(A, 'alice', { UserPolicyList: [{ PolicyName: 'a', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Resource: '*' }) }] });

  function statementsOf(fix: Fix) {
    return (fix.policyPatch?.after as { Statement: Record<string, unknown>[] }).Statement;
  }

  it.each([
    ['R-13', 'trust-principal', 'sts:AssumeRole', { Sid: 'A', Effect: 'Allow', Principal: { AWS: alice }, NotAction: 'sts:AssumeRole' }, {}],
    ['R-39', 'tag-session', 'sts:TagSession', { Sid: 'A', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, NotAction: ['sts:TagSession', 'sts:SetSourceIdentity'] }, { tags: [{ Key: 'k', Value: 'v' }] }],
    ['R-38', 'source-identity', 'sts:SetSourceIdentity', { Sid: 'A', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, NotAction: 'sts:SetSourceIdentity' }, { sourceIdentity: 'alice' }],
    [
      'R-38',
      'trust-conditions',
      'sts:SetSourceIdentity',
      { Sid: 'A', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, NotAction: 'sts:SetSourceIdentity', Condition: { StringEquals: { 'sts:SourceIdentity': 'alice' } } },
      {},
    ],
  ] as const)('%s: a %s fix never puts an Action beside a NotAction; the statement stays and the caller gets %s in a statement naming it alone', (_rule, checkId, action, statement, extra) => {
    const world = snapshot({ callerUsers: [aliceAllowsAll], roles: [role('Deploy', doc(statement))] });
    const { fix, after } = fixAndRediagnose(world, request(extra as Partial<AssumeRoleRequest>), checkId);
    expect(after.decision).toBe('allowed');
    const statements = statementsOf(fix);
    expect(statements[0]).toEqual(statement);
    expect(statements.filter((item) => item.Action !== undefined && item.NotAction !== undefined)).toEqual([]);
    expect(statements[1]).toMatchObject({ Effect: 'Allow', Principal: { AWS: alice }, Action: action });
    expect(after.problems ?? []).toEqual([]);
  });

  it('R-38: a NotAction statement that does not exclude sts:SetSourceIdentity needs no action change: the fix only sends the source identity', () => {
    const statement = { Sid: 'A', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, NotAction: 'sts:TagSession', Condition: { StringEquals: { 'sts:SourceIdentity': 'alice' } } };
    const world = snapshot({ callerUsers: [aliceAllowsAll], roles: [role('Deploy', doc(statement))] });
    const { fix, after } = fixAndRediagnose(world, request({}), 'trust-conditions');
    expect(after.decision).toBe('allowed');
    expect(fix.policyPatch).toBeUndefined();
    expect(fix.requestPatch).toEqual({ sourceIdentity: 'alice' });
  });
});

describe('tag-session and source-identity: a condition or a Deny already decides the extra action', () => {
  // alice may assume Deploy and call both extra actions from her own account (cross-account: R-14).
  const allowAll = { PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Resource: `arn:aws:iam::${B}:role/Deploy` }) };
  const assumeStatement = { Sid: 'Assume', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' };

  /** Every fix for `checkId`, applied alone: the call `outside` (which the condition refuses) is still refused by that check. */
  function conditionStillHolds(world: Snapshot, diagnosis: Diagnosis, checkId: string, outside: AssumeRoleRequest) {
    const fixes = diagnosis.fixes.filter((fix) => fix.check === checkId);
    expect(fixes.length).toBeGreaterThan(0);
    for (const fix of fixes) {
      // No new grant of the extra action: the fix changes the request, or it is advice.
      expect(fix.policyPatch, fix.title).toBeUndefined();
      const fixed = applyFix(world, outside, { ...fix, requestPatch: undefined });
      const again = run(fixed.snapshot, outside);
      expect(again.failedChecks, fix.title).toContain(checkId);
    }
    return fixes;
  }

  it('R-38: sts:SetSourceIdentity allowed only for sts:SourceIdentity ${aws:username}: the fix sends the caller\'s user name, never adds the action to the unconditioned statement', () => {
    const trust = doc(assumeStatement, { Sid: 'SourceIdIsUserName', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:SetSourceIdentity', Condition: { StringLike: { 'sts:SourceIdentity': '${aws:username}' } } });
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAll] })], roles: [role('Deploy', trust)] });
    const call = request({ sourceIdentity: 'mallory' });
    const diagnosis = run(world, call);
    expect(diagnosis.failedChecks).toEqual(['source-identity']);
    const [fix] = conditionStillHolds(world, diagnosis, 'source-identity', call);
    expect(fix.requestPatch).toEqual({ sourceIdentity: 'alice' });
    expect(fix.cli).toContain("--source-identity 'alice'");
    expect(fix.explanation).toContain('SourceIdIsUserName');
    expect(fix.explanation).not.toContain('exactly the callers already trusted');
    const fixed = applyFix(world, call, fix);
    expect(run(fixed.snapshot, fixed.request).decision).toBe('allowed');
  });

  it('R-39: sts:TagSession allowed only with aws:RequestTag/env = prod: the fix sends env=prod, keeping the other tags', () => {
    const trust = doc(assumeStatement, { Sid: 'Tags', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:TagSession', Condition: { StringEquals: { 'aws:RequestTag/env': 'prod' } } });
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAll] })], roles: [role('Deploy', trust)] });
    const call = request({ tags: [{ Key: 'team', Value: 'red' }, { Key: 'env', Value: 'dev' }] });
    const diagnosis = run(world, call);
    expect(diagnosis.failedChecks).toEqual(['tag-session']);
    const [fix] = conditionStillHolds(world, diagnosis, 'tag-session', call);
    expect(fix.requestPatch).toEqual({ tags: [{ Key: 'team', Value: 'red' }, { Key: 'env', Value: 'prod' }] });
    const fixed = applyFix(world, call, fix);
    expect(run(fixed.snapshot, fixed.request).decision).toBe('allowed');
  });

  it('R-39, R-14: the caller\'s own policy allows sts:TagSession only for env=prod: no unconditioned allow beside it; the fix sends env=prod', () => {
    const policy = { PolicyName: 'AssumeRoles', PolicyDocument: doc({ Sid: 'Assume', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }, { Sid: 'TagProdOnly', Effect: 'Allow', Action: 'sts:TagSession', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/env': 'prod' } } }) };
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [policy] })], roles: [role('Deploy', doc({ ...assumeStatement, Action: ['sts:AssumeRole', 'sts:TagSession'] }))] });
    const call = request({ tags: [{ Key: 'env', Value: 'dev' }] });
    const diagnosis = run(world, call);
    expect(diagnosis.failedChecks).toEqual(['tag-session']);
    const [fix] = conditionStillHolds(world, diagnosis, 'tag-session', call);
    expect(fix.requestPatch).toEqual({ tags: [{ Key: 'env', Value: 'prod' }] });
    expect(fix.explanation).toContain('TagProdOnly');
    const fixed = applyFix(world, call, fix);
    expect(run(fixed.snapshot, fixed.request).decision).toBe('allowed');
  });

  it('R-39: a condition no request value can satisfy (aws:TagKeys) gets advice for its owner, not a grant beside it', () => {
    const trust = doc(assumeStatement, { Sid: 'TeamTagOnly', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:TagSession', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } });
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAll] })], roles: [role('Deploy', trust)] });
    const call = request({ tags: [{ Key: 'env', Value: 'dev' }] });
    const diagnosis = run(world, call);
    const [fix] = conditionStillHolds(world, diagnosis, 'tag-session', call);
    expect(fix.requestPatch).toBeUndefined();
    expect(fix.cli).toBeUndefined();
    expect(fix.explanation).toContain('TeamTagOnly');
  });

  it('R-38: with both the trust policy and the identity policy allowing sts:SetSourceIdentity only under a failing condition, neither side gets a grant', () => {
    const trust = doc(assumeStatement, { Sid: 'SourceIdIsUserName', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:SetSourceIdentity', Condition: { StringLike: { 'sts:SourceIdentity': '${aws:username}' } } });
    const policy = { PolicyName: 'AssumeRoles', PolicyDocument: doc({ Sid: 'Assume', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }, { Sid: 'OwnName', Effect: 'Allow', Action: 'sts:SetSourceIdentity', Resource: '*', Condition: { StringEquals: { 'sts:SourceIdentity': '${aws:username}' } } }) };
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [policy] })], roles: [role('Deploy', trust)] });
    const call = request({ sourceIdentity: 'mallory' });
    const diagnosis = run(world, call);
    expect(diagnosis.failedChecks).toEqual(['source-identity']);
    const fixes = conditionStillHolds(world, diagnosis, 'source-identity', call);
    let state = { snapshot: world, request: call };
    for (const fix of fixes) state = applyFix(state.snapshot, state.request, fix);
    expect(run(state.snapshot, state.request).decision).toBe('allowed');
  });

  it('R-14, R-39: with no identity allow at all and sts:TagSession allowed only for env=prod, the identity-policy fix grants sts:AssumeRole alone', () => {
    const policy = { PolicyName: 'Tagging', PolicyDocument: doc({ Sid: 'TagProdOnly', Effect: 'Allow', Action: 'sts:TagSession', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/env': 'prod' } } }) };
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [policy] })], roles: [role('Deploy', doc({ ...assumeStatement, Action: ['sts:AssumeRole', 'sts:TagSession'] }))] });
    const call = request({ tags: [{ Key: 'env', Value: 'dev' }] });
    const diagnosis = run(world, call);
    expect(diagnosis.failedChecks).toEqual(['identity-policy', 'tag-session']);
    const identityFix = diagnosis.fixes.find((fix) => fix.check === 'identity-policy')!;
    expect(identityFix.policyPatch?.after).toMatchObject({ Statement: [{ Action: 'sts:AssumeRole' }] });
    const tagFixes = diagnosis.fixes.filter((fix) => fix.check === 'tag-session');
    expect(tagFixes.map((fix) => fix.requestPatch)).toEqual([{ tags: [{ Key: 'env', Value: 'prod' }] }]);
    // The policy changes alone leave a call tagged env=dev refused; with the tag changed, it passes.
    const policyOnly = applyFix(world, call, identityFix);
    expect(run(policyOnly.snapshot, call).failedChecks).toEqual(['tag-session']);
    let state = { snapshot: world, request: call };
    for (const fix of diagnosis.fixes) state = applyFix(state.snapshot, state.request, fix);
    expect(run(state.snapshot, state.request).decision).toBe('allowed');
  });

  it('R-02, R-14, R-39: with no identity allow at all and sts:TagSession denied, the identity-policy fix grants sts:AssumeRole alone and the Deny gets advice', () => {
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [{ PolicyName: 'NoTags', PolicyDocument: doc({ Sid: 'NeverTag', Effect: 'Deny', Action: 'sts:TagSession', Resource: '*' }) }] })],
      roles: [role('Deploy', doc({ ...assumeStatement, Action: ['sts:AssumeRole', 'sts:TagSession'] }))],
    });
    const diagnosis = run(world, request({ tags: [{ Key: 'env', Value: 'dev' }] }));
    expect(diagnosis.failedChecks).toEqual(['identity-policy', 'tag-session']);
    expect(diagnosis.fixes.find((fix) => fix.check === 'identity-policy')!.policyPatch?.after).toMatchObject({ Statement: [{ Action: 'sts:AssumeRole' }] });
    const tagFixes = diagnosis.fixes.filter((fix) => fix.check === 'tag-session');
    expect(tagFixes.map((fix) => fix.title)).toEqual(['Remove or narrow the explicit deny in an identity policy']);
    expect(tagFixes[0].explanation).not.toContain('identity-policy fix');
  });

  it('R-02, R-39: an identity Deny on sts:TagSession gets advice naming the Deny, never an Allow that cannot override it', () => {
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAll, { PolicyName: 'NoTags', PolicyDocument: doc({ Sid: 'NeverTag', Effect: 'Deny', Action: 'sts:TagSession', Resource: '*' }) }] })],
      roles: [role('Deploy', doc({ ...assumeStatement, Action: ['sts:AssumeRole', 'sts:TagSession'] }))],
    });
    const fix = onlyAdvice(run(world, request({ tags: [{ Key: 'env', Value: 'dev' }] })), 'tag-session');
    expect(fix.title).toContain('Remove or narrow the explicit deny');
    expect(fix.explanation).toContain('statement "NeverTag" (#0) of NoTags');
  });

  it('R-02, R-39: a trust-policy Deny on sts:TagSession gets advice naming the Deny, never an Allow that cannot override it', () => {
    const trust = doc(assumeStatement, { Sid: 'NoTags', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:TagSession' });
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAll] })], roles: [role('Deploy', trust)] });
    const fix = onlyAdvice(run(world, request({ tags: [{ Key: 'env', Value: 'dev' }] })), 'tag-session');
    expect(fix.title).toContain('Remove or narrow the explicit deny');
    expect(fix.explanation).toContain('statement "NoTags" (#1)');
  });

  it('R-02, R-38: the trust policy lacks sts:SetSourceIdentity and the caller\'s own policy denies it: the trust side gets its grant, the identity side advice on the Deny', () => {
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAll, { PolicyName: 'NoSourceId', PolicyDocument: doc({ Sid: 'NeverSet', Effect: 'Deny', Action: 'sts:SetSourceIdentity', Resource: '*' }) }] })],
      roles: [role('Deploy', doc(assumeStatement))],
    });
    const diagnosis = run(world, request({ sourceIdentity: 'alice' }));
    expect(diagnosis.failedChecks).toEqual(['source-identity']);
    const fixes = diagnosis.fixes.filter((fix) => fix.check === 'source-identity');
    expect(fixes.map((fix) => fix.policyPatch?.locator?.kind ?? 'advice')).toEqual(['trust', 'advice']);
    expect(fixes[1].title).toContain('Remove or narrow the explicit deny');
    expect(fixes[1].explanation).toContain('statement "NeverSet" (#0) of NoSourceId');
    expect(diagnosis.fixes.some((fix) => fix.policyPatch?.locator?.kind === 'user-inline')).toBe(false);
  });
});

describe('fixes that change the same document', () => {
  // update-assume-role-policy and create-policy-version replace the whole document: a later fix
  // written from the snapshot's version would undo an earlier fix to the same policy.
  const boundaryArn = `arn:aws:iam::${A}:policy/Ceiling`;
  const ceiling = { PolicyName: 'Ceiling', Arn: boundaryArn, DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }] };
  const allowAll = { PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Resource: `arn:aws:iam::${B}:role/Deploy` }) };

  function applyAll(world: Snapshot, call: AssumeRoleRequest, fixes: Fix[]) {
    let state = { snapshot: world, request: call };
    for (const fix of fixes) state = applyFix(state.snapshot, state.request, fix);
    return run(state.snapshot, state.request);
  }

  it('R-11, R-39: the permissions-boundary fix already allows sts:TagSession: no second boundary version that would drop sts:AssumeRole', () => {
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAll], PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundaryArn } })],
      callerPolicies: [ceiling],
      roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }))],
    });
    const call = request({ tags: [{ Key: 'k', Value: 'v' }] });
    const diagnosis = run(world, call);
    expect(diagnosis.failedChecks).toEqual(['permissions-boundary', 'tag-session']);
    const boundaryFixes = diagnosis.fixes.filter((fix) => fix.policyPatch?.locator?.kind === 'managed');
    expect(boundaryFixes).toHaveLength(1);
    expect(boundaryFixes[0].check).toBe('permissions-boundary');
    expect(boundaryFixes[0].alsoClears).toEqual(['tag-session']);
    expect(boundaryFixes[0].explanation).toContain('tag-session');
    expect(applyAll(world, call, diagnosis.fixes).decision).toBe('allowed');
  });

  it('R-11, R-39: the boundary and the trust policy both refuse sts:TagSession: the boundary fix covers its side, the trust side keeps its own fix', () => {
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAll], PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundaryArn } })],
      callerPolicies: [ceiling],
      roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))],
    });
    const call = request({ tags: [{ Key: 'k', Value: 'v' }] });
    const diagnosis = run(world, call);
    expect(diagnosis.failedChecks).toEqual(['permissions-boundary', 'tag-session']);
    expect(diagnosis.fixes.map((fix) => [fix.check, fix.policyPatch?.locator?.kind])).toEqual([
      ['permissions-boundary', 'managed'],
      ['tag-session', 'trust'],
    ]);
    expect(diagnosis.fixes[0].alsoClears).toBeUndefined();
    expect(diagnosis.fixes[0].explanation).toContain('also covers what the tag-session check needs');
    expect(applyAll(world, call, diagnosis.fixes).decision).toBe('allowed');
  });

  it('R-41, R-39: a SourceIp fix and a TagSession fix to the same trust policy: the second starts from the first one\'s result and says so', () => {
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAll] })],
      roles: [role('Deploy', doc({ Sid: 'A', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))],
    });
    const call = request({ tags: [{ Key: 'k', Value: 'v' }], context: { ...NOW, 'aws:SourceIp': '192.0.2.1' } });
    const diagnosis = run(world, call);
    expect(diagnosis.failedChecks).toEqual(['trust-conditions', 'tag-session']);
    const [sourceIp, tagging] = diagnosis.fixes;
    expect(sourceIp.check).toBe('trust-conditions');
    expect(tagging.check).toBe('tag-session');
    expect(tagging.buildsOn).toBe(0);
    expect(tagging.policyPatch?.before).toEqual(sourceIp.policyPatch?.after);
    expect(tagging.policyPatch?.after).toMatchObject({ Statement: [{ Sid: 'A', Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.1/32'] } } }] });
    expect(tagging.explanation).toContain('Apply after fix 1');
    // Applied in the order given, the fixes allow the call; the condition is kept, widened only by the warned address.
    expect(applyAll(world, call, diagnosis.fixes).decision).toBe('allowed');
    const both = applyFix(applyFix(world, call, sourceIp).snapshot, call, tagging);
    expect(run(both.snapshot, { ...call, context: { ...NOW, 'aws:SourceIp': '198.51.100.9' } }).failedChecks).toContain('trust-conditions');
  });

  it('R-39, R-38: sts:TagSession and sts:SetSourceIdentity both missing from the trust statement: one change, then the other built on it', () => {
    const world = snapshot({
      callerUsers: [user(A, 'alice', { UserPolicyList: [allowAll] })],
      roles: [role('Deploy', doc({ Sid: 'Alice', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole' }))],
    });
    const call = request({ tags: [{ Key: 'k', Value: 'v' }], sourceIdentity: 'alice' });
    const diagnosis = run(world, call);
    expect(diagnosis.failedChecks).toEqual(['tag-session', 'source-identity']);
    expect(diagnosis.fixes.map((fix) => fix.check)).toEqual(['tag-session', 'source-identity']);
    expect(diagnosis.fixes[1].policyPatch?.after).toMatchObject({ Statement: [{ Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }] });
    expect(applyAll(world, call, diagnosis.fixes).decision).toBe('allowed');
  });
});

describe('partitions and role paths', () => {
  const gov = (account: string, resource: string) => `arn:aws-us-gov:iam::${account}:${resource}`;
  const webCall = (roleArn: string): AssumeRoleRequest => ({
    action: 'sts:AssumeRoleWithWebIdentity',
    roleArn,
    roleSessionName: 'gha',
    region: 'us-gov-west-1',
    context: NOW,
    webIdentity: { claims: { iss: `https://${GITHUB}`, aud: 'sts.amazonaws.com', sub: 'repo:acme/api:ref:refs/heads/main' } },
  });

  it('P-01: a GovCloud role gets a trust statement naming the provider in its own partition, and the target names the role\'s ARN', () => {
    const webRole = role('WebRole', doc({ Effect: 'Allow', Principal: { AWS: gov(A, 'root') }, Action: 'sts:AssumeRole' }), { Arn: gov(B, 'role/ci/WebRole'), Path: '/ci/' });
    const world: Snapshot = {
      format: 'assumerole-doctor/snapshot@1',
      accounts: [{ accountId: B, partition: 'aws-us-gov', authorizationDetails: { RoleDetailList: [webRole] }, openIdConnectProviders: [{ Arn: gov(B, `oidc-provider/${GITHUB}`), Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] }] }],
    } as Snapshot;
    const { fix, after } = fixAndRediagnose(world, webCall(gov(B, 'role/ci/WebRole')), 'trust-principal');
    expect(after.decision).toBe('allowed');
    expect(fix.policyPatch?.target).toBe(`trust policy of ${gov(B, 'role/ci/WebRole')}`);
    expect(fix.cli).toContain(`"Principal":{"Federated":"${gov(B, `oidc-provider/${GITHUB}`)}"}`);
    expect(fix.cli).not.toContain('arn:aws:iam::');
  });

  it('P-01/R-59: registering the OIDC provider for a GovCloud role names it in that partition', () => {
    const webRole = role('WebRole', doc({ Effect: 'Allow', Principal: { Federated: gov(B, `oidc-provider/${GITHUB}`) }, Action: 'sts:AssumeRoleWithWebIdentity' }), { Arn: gov(B, 'role/WebRole') });
    const world: Snapshot = { format: 'assumerole-doctor/snapshot@1', accounts: [{ accountId: B, partition: 'aws-us-gov', authorizationDetails: { RoleDetailList: [webRole] }, openIdConnectProviders: [] }] } as Snapshot;
    const { fix, after } = fixAndRediagnose(world, webCall(gov(B, 'role/WebRole')), 'web-identity');
    expect(after.decision).toBe('allowed');
    expect(fix.settingPatch?.target).toBe(`OIDC provider ${gov(B, `oidc-provider/${GITHUB}`)}`);
  });
});

describe('statement ids', () => {
  function sids(document: unknown): string[] {
    return (document as { Statement: { Sid?: string }[] }).Statement.map((statement) => statement.Sid ?? '');
  }

  it('R-58: a second exact-subject copy of a GitHub statement gets a Sid of its own', () => {
    const provider = { Arn: `arn:aws:iam::${B}:oidc-provider/${GITHUB}`, Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] };
    const trust = doc({ Sid: 'GitHubMain', Effect: 'Allow', Principal: { Federated: provider.Arn }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${GITHUB}:sub`]: 'repo:acme/api:ref:refs/heads/main' } } });
    const world = snapshot({ roles: [role('WebRole', trust)], providers: [provider] });
    const call = (sub: string): AssumeRoleRequest => ({ action: 'sts:AssumeRoleWithWebIdentity', roleArn: `arn:aws:iam::${B}:role/WebRole`, roleSessionName: 'gha', context: NOW, webIdentity: { claims: { iss: `https://${GITHUB}`, aud: 'sts.amazonaws.com', sub } } });
    const policyChange = (fixes: Fix[]) => fixes.find((candidate) => candidate.policyPatch);
    const first = fixAndRediagnose(world, call('repo:acme/api:pull_request'), 'trust-conditions', policyChange);
    const second = fixAndRediagnose(first.applied.snapshot, call('repo:acme/api:environment:prod'), 'trust-conditions', policyChange);
    expect(second.after.decision).toBe('allowed');
    const ids = sids(second.fix.policyPatch?.after);
    expect(ids).toHaveLength(3);
    expect(new Set(ids.map((id) => id.toLowerCase())).size).toBe(3);
    expect(second.fix.cli).toContain('"Sid":"GitHubMainExactSubject2"');
  });

  it('R-14: an inline policy that already holds the generated Sid gets the new statement under another Sid', () => {
    const stale = { PolicyName: 'AllowAssume-Deploy', PolicyDocument: doc({ Sid: 'AllowAssumeDeploy', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/Deploy-old` }) };
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [stale] })], roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))] });
    const { fix, after } = fixAndRediagnose(world, request({}), 'identity-policy');
    expect(after.decision).toBe('allowed');
    expect(sids(fix.policyPatch?.after)).toEqual(['AllowAssumeDeploy', 'AllowAssumeDeploy2']);
    expect(fix.cli).toContain("--policy-name 'AllowAssume-Deploy'");
  });
});

describe('request-valid advice', () => {
  it('R-52: names the error the check chose — MalformedPolicyDocument for a malformed session policy, even beside another documented limit', () => {
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }))] });
    const diagnosis = run(world, request({ policy: 'garbage{{', tags: [{ Key: 'team', Value: 'a' }, { Key: 'TEAM', Value: 'b' }] }));
    expect(diagnosis.awsError?.code).toBe('MalformedPolicyDocument');
    const advice = diagnosis.fixes.find((fix) => fix.check === 'request-valid');
    expect(advice?.explanation).toContain('STS answers with MalformedPolicyDocument');
  });
});

describe('duration fixes', () => {
  const plainTrust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole' });

  it('R-49: offers a shorter DurationSeconds and, separately, a higher MaxSessionDuration; each alone passes', () => {
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', plainTrust, { MaxSessionDuration: 3600 })] });
    const call = request({ durationSeconds: 7200 });
    const shorter = fixAndRediagnose(world, call, 'duration', (fixes) => fixes.find((fix) => fix.requestPatch));
    expect(shorter.fix.requestPatch).toEqual({ durationSeconds: 3600 });
    expect(shorter.after.decision).toBe('allowed');
    const longer = fixAndRediagnose(world, call, 'duration', (fixes) => fixes.find((fix) => fix.settingPatch));
    expect(longer.fix.cli).toContain("aws iam update-role --role-name 'Deploy' --max-session-duration 7200");
    expect(longer.fix.terraform).toContain('max_session_duration = 7200');
    expect(longer.after.decision).toBe('allowed');
  });

  it('R-49/R-39: the retry command is the same call: tags, transitive keys, session policies and external ID are kept', () => {
    const taggingTrust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
    const allowAll = [{ PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: `arn:aws:iam::${B}:role/Deploy` }) }];
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: allowAll })], roles: [role('Deploy', taggingTrust, { MaxSessionDuration: 3600 })] });
    const sessionPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
    const call = request({
      durationSeconds: 7200,
      externalId: 'ext-1',
      tags: [{ Key: 'team', Value: 'ops east' }],
      transitiveTagKeys: ['team'],
      policy: sessionPolicy,
      policyArns: [`arn:aws:iam::${B}:policy/ReadOnly`],
    });
    const { fix, after } = fixAndRediagnose(world, call, 'duration', (fixes) => fixes.find((candidate) => candidate.requestPatch));
    expect(after.decision).toBe('allowed');
    expect(fix.cli).toContain('--duration-seconds 3600');
    expect(fix.cli).toContain("--external-id 'ext-1'");
    expect(fix.cli).toContain(`--tags '[{"Key":"team","Value":"ops east"}]'`);
    expect(fix.cli).toContain("--transitive-tag-keys 'team'");
    expect(fix.cli).toContain(`--policy '${JSON.stringify(sessionPolicy)}'`);
    expect(fix.cli).toContain(`--policy-arns '[{"arn":"arn:aws:iam::${B}:policy/ReadOnly"}]'`);
  });

  it('R-50: role chaining only gets the one-hour request fix, never a MaxSessionDuration change', () => {
    const runner = role('Runner', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }), {
      Arn: `arn:aws:iam::${A}:role/Runner`,
      RolePolicyList: [allowAssumeDeploy],
    });
    const world = snapshot({ callerRoles: [runner], roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/Runner` }, Action: 'sts:AssumeRole' }), { MaxSessionDuration: 43200 })] });
    const call = request({ caller: `arn:aws:sts::${A}:assumed-role/Runner/s1`, callerSession: { issuedBy: 'AssumeRole' }, durationSeconds: 7200 });
    const { before, fix, after } = fixAndRediagnose(world, call, 'duration');
    expect(before.fixes.filter((candidate) => candidate.settingPatch)).toHaveLength(0);
    expect(fix.requestPatch).toEqual({ durationSeconds: 3600 });
    expect(after.decision).toBe('allowed');
  });

  it('R-40, §10 #9: the MFA fix for a role-session caller says the MFA carry-over is disputed and gives the fallback', () => {
    const runner = role('Runner', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }), {
      Arn: `arn:aws:iam::${A}:role/Runner`,
      RolePolicyList: [allowAssumeDeploy],
    });
    const mfaTrust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/Runner` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
    const world = snapshot({ callerRoles: [runner], roles: [role('Deploy', mfaTrust)] });
    const diagnosis = run(world, request({ caller: `arn:aws:sts::${A}:assumed-role/Runner/s1`, callerSession: { issuedBy: 'AssumeRole', mfaAuthenticated: false } }));
    const fix = diagnosis.fixes.find((candidate) => candidate.check === 'trust-conditions')!;
    expect(fix.explanation).toContain('Obtain the calling session with MFA and retry');
    expect(fix.explanation).toContain('is disputed');
    expect(fix.explanation).toContain('--serial-number and --token-code, or use GetSessionToken with MFA');
  });
});

describe('web-identity fixes', () => {
  const gha = doc({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${B}:oidc-provider/${GITHUB}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${GITHUB}:sub`]: 'repo:acme/api:ref:refs/heads/main' } } });
  const call: AssumeRoleRequest = githubCall({ sub: 'repo:acme/api:ref:refs/heads/main' });

  it('R-59: no OIDC provider for the issuer: register it with the token audience', () => {
    const { fix, after } = fixAndRediagnose(snapshot({ roles: [role('Deploy', gha)] }), call, 'web-identity');
    expect(after.decision).toBe('allowed');
    expect(fix.cli).toContain(`aws iam create-open-id-connect-provider --url 'https://${GITHUB}' --client-id-list 'sts.amazonaws.com'`);
    expect(fix.terraform).toContain('resource "aws_iam_openid_connect_provider"');
  });

  it('R-59: audience missing from the provider client IDs: add exactly that client ID', () => {
    const world = snapshot({ roles: [role('Deploy', gha)], providers: [{ Arn: `arn:aws:iam::${B}:oidc-provider/${GITHUB}`, Url: GITHUB, ClientIDList: ['other'] }] });
    const { fix, after } = fixAndRediagnose(world, call, 'web-identity');
    expect(after.decision).toBe('allowed');
    expect(fix.cli).toContain(`add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn 'arn:aws:iam::${B}:oidc-provider/${GITHUB}' --client-id 'sts.amazonaws.com'`);
  });
});

describe('rendering', () => {
  it('keeps IAM policy variables literal in Terraform and quotes the shell safely', () => {
    const after = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/o'brien` }, Action: 'sts:AssumeRole', Condition: { StringLike: { 'sts:RoleSessionName': '${aws:username}' } } });
    const locator = { kind: 'trust' as const, account: B, roleName: 'Deploy' };
    const terraform = policyTerraform(locator, after);
    expect(terraform).toContain('"$${aws:username}"');
    expect(terraform).not.toMatch(/[^$]\$\{aws/);
    const cli = policyCli(locator, after);
    expect(cli).toContain(`o'\\''brien`);
    // The command, run by a POSIX shell, receives the document unchanged.
    const quoted = cli.split('--policy-document ')[1];
    const unquoted = quoted.slice(1, -1).replace(/'\\''/g, "'");
    expect(JSON.parse(unquoted)).toEqual(after);
  });
});

describe('fixes that must not pretend', () => {
  const callerWithAllow = () => user(A, 'alice', { UserPolicyList: [{ PolicyName: 'a', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'], Resource: '*' }) }] });

  it('R-40: an MFA age limit is met by a fresh MFA code, the condition kept', () => {
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } });
    const world = snapshot({ callerUsers: [callerWithAllow()], roles: [role('Deploy', trust)] });
    const { fix, after } = fixAndRediagnose(world, request({ serialNumber: `arn:aws:iam::${A}:mfa/alice`, tokenCode: '123456', context: { ...NOW, 'aws:MultiFactorAuthAge': '7200' } }), 'trust-conditions');
    expect(after.decision).toBe('allowed');
    expect(fix.policyPatch).toBeUndefined();
  });

  it('R-21: a partial-wildcard principal is not extended; the exact ARN goes in a new statement', () => {
    const trust = doc({ Sid: 'Partial', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/ali*` }, Action: 'sts:AssumeRole' });
    const world = snapshot({ callerUsers: [callerWithAllow()], roles: [role('Deploy', trust)] });
    const { fix, after } = fixAndRediagnose(world, request({}), 'trust-principal');
    expect(after.decision).toBe('allowed');
    const statements = (fix.policyPatch?.after as { Statement: { Principal: unknown }[] }).Statement;
    expect(statements).toHaveLength(2);
    expect(statements[1].Principal).toEqual({ AWS: `arn:aws:iam::${A}:user/alice` });
    expect(fix.explanation).toMatch(/R-21/);
  });

  it('R-35: a policy variable the caller cannot resolve gets advice, not a value added beside it', () => {
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:RoleSessionName': '${aws:PrincipalTag/missing}' } } });
    const world = snapshot({ callerUsers: [callerWithAllow()], roles: [role('Deploy', trust)] });
    const diagnosis = run(world, request({ roleSessionName: 'red' }));
    expect(diagnosis.failedChecks).toEqual(['trust-conditions']);
    const fixes = diagnosis.fixes.filter((fix) => fix.check === 'trust-conditions');
    expect(fixes.every((fix) => !fix.policyPatch && !fix.requestPatch)).toBe(true);
    expect(fixes[0].explanation).toMatch(/R-35/);
  });

  it('R-31/R-36: an ExternalId condition no caller can satisfy (StringEquals with *) gets advice, not a request STS would reject', () => {
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'abc-*' } } });
    const world = snapshot({ callerUsers: [callerWithAllow()], roles: [role('Deploy', trust)] });
    const diagnosis = run(world, request({ externalId: 'abc-123' }));
    const fixes = diagnosis.fixes.filter((fix) => fix.check === 'trust-conditions');
    expect(fixes.every((fix) => !fix.requestPatch)).toBe(true);
    expect(fixes[0].explanation).toMatch(/literally/);
  });

  it('R-38: a chained call inheriting a source identity gets sts:SetSourceIdentity in the trust statement, not a second identity grant', () => {
    const runner = role('Runner', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), {
      Arn: `arn:aws:iam::${A}:role/Runner`,
      RolePolicyList: [{ PolicyName: 'a', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: '*' }) }],
    });
    const world = snapshot({ callerRoles: [runner], roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))] });
    const call = request({ caller: `arn:aws:sts::${A}:assumed-role/Runner/s1`, callerSession: { issuedBy: 'AssumeRole', sourceIdentity: 'alice' } });
    const { fix, after } = fixAndRediagnose(world, call, 'source-identity');
    expect(fix.policyPatch?.locator?.kind).toBe('trust');
    expect(after.decision).toBe('allowed');
  });
});

describe('request and region fixes', () => {
  const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole' });

  it('R-37/R-54: an invalid session name is replaced by one STS accepts', () => {
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', trust)] });
    const { fix, after } = fixAndRediagnose(world, request({ roleSessionName: 'PowerUser/alice smith' }), 'request-valid');
    expect(fix.requestPatch).toEqual({ roleSessionName: 'PowerUser-alice-smith' });
    expect(after.decision).toBe('allowed');
    // The docs do not say when STS validates relative to authorization (§9 step 1): no ordering claim.
    expect(fix.explanation).toContain('STS answers with a ValidationError, whatever the policies say (R-54)');
    expect(fix.explanation).not.toContain('before any policy is read');
  });

  it('R-37, R-53: a bad session name beside a tag value STS refuses: no patch that would leave the call invalid', () => {
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', trust)] });
    const before = run(world, request({ roleSessionName: 'alice smith', tags: [{ Key: 'team', Value: 'blue!' }] }));
    expect(before.decision).toBe('invalid');
    expect(before.failedChecks).toContain('request-valid');
    const fix = before.fixes.find((candidate) => candidate.check === 'request-valid')!;
    // Renaming the session alone would still be refused for the tag: the fix names both, patches neither.
    expect(fix.requestPatch).toBeUndefined();
    expect(fix.explanation).toContain("a session name of 2-64 characters from [A-Za-z0-9_+=,.@-] ('alice-smith')");
    // Named with the constraint the check found broken (the value's characters), not a length it meets.
    expect(fix.explanation).toContain('the session tags (tags.1.member.value: Member must satisfy regular expression pattern');
  });

  it('R-37, R-40: a bad session name beside an MFA token code STS refuses: both are named', () => {
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', trust)] });
    const before = run(world, request({ roleSessionName: 'a', serialNumber: `arn:aws:iam::${A}:mfa/alice`, tokenCode: '12345' }));
    expect(before.failedChecks).toEqual(['request-valid']);
    const fix = before.fixes.find((candidate) => candidate.check === 'request-valid')!;
    expect(fix.requestPatch).toBeUndefined();
    expect(fix.explanation).toContain('the MFA token code (tokenCode: Member must have length greater than or equal to 6)');
  });

  it('R-49: DurationSeconds below 900 with a bad session name: one patch fixes both', () => {
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', trust)] });
    const { fix, after } = fixAndRediagnose(world, request({ roleSessionName: 'x', durationSeconds: 60 }), 'request-valid');
    expect(fix.requestPatch).toEqual({ roleSessionName: 'xsession', durationSeconds: 900 });
    expect(after.decision).toBe('allowed');
  });

  it('R-55: STS not active in the region for the role account: call the global endpoint', () => {
    const world = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] })], roles: [role('Deploy', trust)] });
    world.accounts[1].stsRegions = { disabled: ['ap-east-1'] };
    const { fix, after } = fixAndRediagnose(world, request({ region: 'ap-east-1' }), 'sts-region');
    expect(fix.requestPatch).toEqual({ region: 'global' });
    expect(fix.explanation).toContain(B);
    expect(after.decision).toBe('allowed');
    // The command printed is the retried call itself: it must go to the global endpoint, not ap-east-1 again.
    expect(fix.cli).toContain('--region us-east-1 --endpoint-url https://sts.amazonaws.com');
    expect(fix.cli).not.toContain('ap-east-1');
  });
});

describe('confused-deputy guards', () => {
  it('R-25: an aws:SourceAccount mismatch for a service caller is explained, never widened automatically', () => {
    const trust = doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': B } } });
    const world = snapshot({ roles: [role('Deploy', trust)] });
    const diagnosis = run(world, request({ caller: 'lambda.amazonaws.com', context: { ...NOW, 'aws:SourceAccount': '999999999999' } }));
    expect(diagnosis.failedChecks).toEqual(['trust-conditions']);
    const fixes = diagnosis.fixes.filter((fix) => fix.check === 'trust-conditions');
    expect(fixes).toHaveLength(1);
    expect(fixes[0].policyPatch).toBeUndefined();
    expect(fixes[0].explanation).toMatch(/protection/);
  });
});

describe('service principals', () => {
  it('R-25: a service not trusted gets a statement naming the service, pinned to the account it acts for', () => {
    const world = snapshot({ roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }))] });
    const { fix, after } = fixAndRediagnose(world, request({ caller: 'lambda.amazonaws.com', context: { ...NOW, 'aws:SourceAccount': B } }), 'trust-principal');
    expect(after.decision).toBe('allowed');
    expect((fix.policyPatch?.after as { Statement: unknown[] }).Statement[1]).toMatchObject({
      Principal: { Service: 'lambda.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': B } },
    });
  });
});

describe('web identity from a raw token', () => {
  it('R-59: claims are read from the token when only the JWT is given', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${encode({ alg: 'RS256' })}.${encode({ iss: `https://${GITHUB}`, aud: 'sts.amazonaws.com', sub: 'repo:acme/api:ref:refs/heads/main' })}.c2ln`;
    const gha = doc({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${B}:oidc-provider/${GITHUB}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${GITHUB}:sub`]: 'repo:acme/api:ref:refs/heads/main' } } });
    const call: AssumeRoleRequest = { action: 'sts:AssumeRoleWithWebIdentity', roleArn: `arn:aws:iam::${B}:role/Deploy`, roleSessionName: 'gha', context: NOW, webIdentity: { token } };
    const { fix, after } = fixAndRediagnose(snapshot({ roles: [role('Deploy', gha)] }), call, 'web-identity');
    expect(fix.cli).toContain(`--url 'https://${GITHUB}'`);
    expect(after.decision).toBe('allowed');
  });
});

describe('caller fixes say why the credentials were refused', () => {
  const trusting = snapshot({ callerUsers: [user(A, 'alice', { UserPolicyList: [allowAssumeDeploy] } as never)], roles: [role('Deploy', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }))] });
  const callerFix = (call: AssumeRoleRequest) => {
    const diagnosis = run(trusting, call);
    expect(diagnosis.failedChecks).toContain('caller');
    // Nothing on the policy side can help: the only fix offered is the caller's.
    expect(diagnosis.fixes.map((fix) => fix.check)).toEqual(['caller']);
    return diagnosis.fixes[0];
  };

  it('R-48: root credentials are told to use an IAM user or role', () => {
    expect(callerFix(request({ caller: `arn:aws:iam::${A}:root` })).title).toBe('Call with an IAM user or role');
  });

  it('an expired calling session is told to get fresh credentials, not to stop using a role', () => {
    const fix = callerFix(request({ caller: `arn:aws:sts::${A}:assumed-role/Ci/run`, callerSession: { expiration: '2026-11-22T08:00:00Z' } }));
    expect(fix.title).toBe('Call again with fresh credentials');
    expect(fix.explanation).toContain('expired');
    expect(fix.explanation).not.toContain('root');
  });

  it('a caller refusal the advice does not know is not called an expired session', () => {
    const call = request({ caller: `arn:aws:sts::${A}:assumed-role/Ci/run`, callerSession: { expiration: '2026-11-22T08:00:00Z' } });
    const diagnosis = run(trusting, call);
    // The same failing caller check, answered with another error than ExpiredToken.
    const other: Diagnosis = { ...diagnosis, awsError: { ...diagnosis.awsError!, code: 'InvalidClientTokenId' } };
    const [fix] = buildFixes(other, trusting, call).filter((candidate) => candidate.check === 'caller');
    expect(fix.title).toBe("Review the caller's credentials");
    expect(fix.explanation).not.toContain('expired');
  });

  it('P-01: a caller in another partition is pointed to cross-partition federation, with no policy change offered', () => {
    const fix = callerFix(request({ caller: `arn:aws-cn:iam::${A}:user/alice` }));
    expect(fix.title).toMatch(/partition/);
    expect(fix.explanation).toContain('GetWebIdentityToken');
    expect(fix.policyPatch).toBeUndefined();
  });
});
