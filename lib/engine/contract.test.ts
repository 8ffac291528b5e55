// Conformance: the engine keeps the machine contract described in docs/contract.md
// (snapshot@1 in, request@1 in, diagnosis@1 out). Everything this file needs is inline: the contract
// is restated here on purpose, so a rename or a dropped field in lib/engine shows up as a failure
// instead of silently changing what every consumer (CLI, HTTP, web pages) receives.

import { describe, expect, it } from 'vitest';
import { diagnose } from './index';
import type { AssumeRoleRequest, Diagnosis, PolicyDocumentInput, Snapshot } from './types';

/** The 17 contract check ids, in tree order (docs/contract.md, "Check ids"). */
const CONTRACT_CHECK_IDS = [
  'request-valid',
  'caller',
  'role-exists',
  'sts-region',
  'scp',
  'rcp',
  'trust-principal',
  'trust-conditions',
  'trust-deny',
  'identity-policy',
  'permissions-boundary',
  'session-policy',
  'tag-session',
  'source-identity',
  'duration',
  'web-identity',
  'saml',
];
const DECISIONS = ['allowed', 'denied', 'invalid', 'inconclusive'];
const STATUSES = ['pass', 'fail', 'skip', 'unknown'];

const CALLER_ACCOUNT = '111111111111';
const ROLE_ACCOUNT = '222222222222';
const ALICE = `arn:aws:iam::${CALLER_ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${CALLER_ACCOUNT}:user/bob`;
const DEPLOY = `arn:aws:iam::${ROLE_ACCOUNT}:role/Deploy`;
const OFFICE = `arn:aws:iam::${ROLE_ACCOUNT}:role/Office`;
const LOCKED = `arn:aws:iam::${ROLE_ACCOUNT}:role/Locked`;
const NOW = '2026-11-22T09:00:00Z';

type Doc = Record<string, unknown>;
const policy = (...Statement: Doc[]): Doc => ({ Version: '2012-10-17', Statement });

/**
 * Two accounts: alice and bob in 111111111111 (each with an inline identity allow, needed because
 * the call crosses accounts), three roles in 222222222222:
 *  - Deploy trusts alice by user ARN when sts:ExternalId is 'abc';
 *  - Office trusts the caller account from 203.0.113.0/24 (aws:SourceIp is not in any snapshot);
 *  - Locked trusts the caller account but denies alice by aws:PrincipalArn.
 * `encoded`: every policy document is a URL-encoded JSON string (the SDK form) instead of an object.
 */
function world(encoded = false): Snapshot {
  const doc = (d: Doc): PolicyDocumentInput => (encoded ? encodeURIComponent(JSON.stringify(d)) : d);
  return {
    format: 'assumerole-doctor/snapshot@1',
    capturedAt: NOW,
    accounts: [
      {
        accountId: CALLER_ACCOUNT,
        authorizationDetails: {
          UserDetailList: [
            {
              UserName: 'alice',
              UserId: 'AIDAALICE0000000000001',
              Arn: ALICE,
              UserPolicyList: [
                { PolicyName: 'AssumeInRoleAccount', PolicyDocument: doc(policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ROLE_ACCOUNT}:role/*` })) },
              ],
            },
            {
              UserName: 'bob',
              UserId: 'AIDABOB00000000000001',
              Arn: BOB,
              UserPolicyList: [{ PolicyName: 'AssumeAny', PolicyDocument: doc(policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })) }],
            },
          ],
          GroupDetailList: [],
          RoleDetailList: [],
          Policies: [],
        },
      },
      {
        accountId: ROLE_ACCOUNT,
        authorizationDetails: {
          UserDetailList: [],
          GroupDetailList: [],
          Policies: [],
          RoleDetailList: [
            {
              RoleName: 'Deploy',
              RoleId: 'AROADEPLOY000000000001',
              Arn: DEPLOY,
              AssumeRolePolicyDocument: doc(
                policy({ Sid: 'TrustVendor', Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } }),
              ),
            },
            {
              RoleName: 'Office',
              RoleId: 'AROAOFFICE000000000001',
              Arn: OFFICE,
              AssumeRolePolicyDocument: doc(
                policy({
                  Sid: 'FromOffice',
                  Effect: 'Allow',
                  Principal: { AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` },
                  Action: 'sts:AssumeRole',
                  Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
                }),
              ),
            },
            {
              RoleName: 'Locked',
              RoleId: 'AROALOCKED000000000001',
              Arn: LOCKED,
              AssumeRolePolicyDocument: doc(
                policy(
                  { Sid: 'Account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
                  { Sid: 'NoAlice', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalArn': ALICE } } },
                ),
              ),
            },
          ],
        },
      },
    ],
  };
}

function call(fields: Partial<AssumeRoleRequest> = {}): AssumeRoleRequest {
  return {
    format: 'assumerole-doctor/request@1',
    action: 'sts:AssumeRole',
    caller: ALICE,
    roleArn: DEPLOY,
    roleSessionName: 'alice',
    externalId: 'abc',
    context: { 'aws:CurrentTime': NOW },
    ...fields,
  };
}

/** One request per decision, plus the other policy failures the shape tests rely on. */
const CASES = {
  allowed: { request: call(), decision: 'allowed', failedChecks: [] },
  // the external id is compared as sent.
  wrongExternalId: { request: call({ externalId: 'abd' }), decision: 'denied', failedChecks: ['trust-conditions'] },
  // request-valid: DurationSeconds below 900 is a ValidationError, not a denial.
  shortDuration: { request: call({ durationSeconds: 100 }), decision: 'invalid', failedChecks: ['request-valid'] },
  // Nothing fails, but aws:SourceIp is not known: the trust condition cannot be settled.
  unknownSourceIp: { request: call({ roleArn: OFFICE, externalId: undefined }), decision: 'inconclusive', failedChecks: [] },
  bobNotTrusted: { request: call({ caller: BOB, roleSessionName: 'bob' }), decision: 'denied', failedChecks: ['trust-principal'] },
  explicitTrustDeny: { request: call({ roleArn: LOCKED, externalId: undefined }), decision: 'denied', failedChecks: ['trust-deny'] },
} as const satisfies Record<string, { request: AssumeRoleRequest; decision: string; failedChecks: readonly string[] }>;
type CaseName = keyof typeof CASES;
const CASE_NAMES = Object.keys(CASES) as CaseName[];

const objectSnapshot = world(false);
const encodedSnapshot = world(true);
const run = (name: CaseName, snapshot: Snapshot = objectSnapshot): Diagnosis => diagnose(snapshot, CASES[name].request);

const check = (d: Diagnosis, id: string) => {
  const found = d.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
};

describe('diagnosis@1: the envelope', () => {
  it.each(CASE_NAMES)('%s: format, decision and failedChecks', (name) => {
    const d = run(name);
    expect(d.format).toBe('assumerole-doctor/diagnosis@1');
    expect(DECISIONS).toContain(d.decision);
    expect(d.decision).toBe(CASES[name].decision);
    expect(d.failedChecks).toEqual([...CASES[name].failedChecks]);
    // failedChecks is derived: the ids of the failing checks, in tree order.
    expect(d.failedChecks).toEqual(d.checks.filter((c) => c.status === 'fail').map((c) => c.id));
  });

  it('covers all four decisions', () => {
    expect(new Set(CASE_NAMES.map((name) => run(name).decision))).toEqual(new Set(DECISIONS));
  });

  it.each(CASE_NAMES)('%s: every contract check exactly once, in the contract order', (name) => {
    const ids = run(name).checks.map((c) => c.id);
    for (const id of CONTRACT_CHECK_IDS) expect(ids.filter((x) => x === id)).toHaveLength(1);
    // Checks may be added between them, so compare the contract ids' relative order.
    expect(ids.filter((id) => CONTRACT_CHECK_IDS.includes(id))).toEqual(CONTRACT_CHECK_IDS);
  });

  it.each(CASE_NAMES)('%s: each check has id, title, status, summary, rules and evidence', (name) => {
    for (const c of run(name).checks) {
      expect(typeof c.title).toBe('string');
      expect(c.title.length).toBeGreaterThan(0);
      expect(STATUSES).toContain(c.status);
      expect(typeof c.summary).toBe('string');
      expect(Array.isArray(c.rules)).toBe(true);
      for (const rule of c.rules) expect(rule).toMatch(/^R-\d+[a-z]?$/);
      expect(Array.isArray(c.evidence)).toBe(true);
      if (c.denial !== undefined) {
        expect(c.status).toBe('fail');
        expect(['explicit', 'implicit']).toContain(c.denial);
      }
      // A check that does not apply says why.
      if (c.status === 'skip') expect(c.summary.length).toBeGreaterThan(0);
    }
  });

  it('context, fixes and diagram are always present in full mode', () => {
    for (const name of CASE_NAMES) {
      const d = run(name);
      expect(Array.isArray(d.context)).toBe(true);
      expect(Array.isArray(d.fixes)).toBe(true);
      expect(typeof d.diagram?.mermaid).toBe('string');
      expect(d.diagram!.mermaid.startsWith('flowchart')).toBe(true);
    }
  });
});

describe('diagnosis@1: denial and evidence on policy failures', () => {
  it('a failed trust condition is an implicit denial with condition evidence (R-36)', () => {
    const c = check(run('wrongExternalId'), 'trust-conditions');
    expect(c.status).toBe('fail');
    expect(c.denial).toBe('implicit');
    expect(c.rules).toContain('R-36');
    expect(c.evidence.length).toBeGreaterThan(0);
    const e = c.evidence[0];
    expect(e.policy).toMatchObject({ kind: 'trust', name: 'Deploy', account: ROLE_ACCOUNT, arn: DEPLOY });
    expect(e.statement).toEqual({ index: 0, sid: 'TrustVendor' });
    expect(e.effect).toBe('Allow');
    expect(e.principalMatched).toBe(true);
    expect(e.actionMatched).toBe(true);
    expect(e.conditionsMatched).toBe(false);
    expect(e.conditions).toEqual([
      expect.objectContaining({ operator: 'StringEquals', key: 'sts:ExternalId', policyValues: ['abc'], requestValues: ['abd'], matched: false }),
    ]);
  });

  it('a trust policy that names no one matching is an implicit denial at trust-principal', () => {
    const c = check(run('bobNotTrusted'), 'trust-principal');
    expect(c.status).toBe('fail');
    expect(c.denial).toBe('implicit');
    expect(c.evidence[0]).toMatchObject({ policy: { kind: 'trust', name: 'Deploy', account: ROLE_ACCOUNT, arn: DEPLOY }, statement: { index: 0, sid: 'TrustVendor' }, effect: 'Allow', principalMatched: false });
  });

  it('a Deny in the trust policy is an explicit denial with the Deny statement as evidence', () => {
    const c = check(run('explicitTrustDeny'), 'trust-deny');
    expect(c.status).toBe('fail');
    expect(c.denial).toBe('explicit');
    const e = c.evidence[0];
    expect(e).toMatchObject({
      policy: { kind: 'trust', name: 'Locked', account: ROLE_ACCOUNT, arn: LOCKED },
      statement: { index: 1, sid: 'NoAlice' },
      effect: 'Deny',
      principalMatched: true,
      actionMatched: true,
      conditionsMatched: true,
    });
    expect(e.conditions).toEqual([expect.objectContaining({ operator: 'StringEquals', key: 'aws:PrincipalArn', policyValues: [ALICE], requestValues: [ALICE], matched: true })]);
  });

  it('every evidence item has the contract shape', () => {
    for (const name of CASE_NAMES) {
      for (const c of run(name).checks) {
        for (const e of c.evidence) {
          expect(typeof e.policy.kind).toBe('string');
          expect(typeof e.policy.name).toBe('string');
          expect(typeof e.statement.index).toBe('number');
          expect(['Allow', 'Deny']).toContain(e.effect);
          for (const cond of e.conditions ?? []) {
            expect(typeof cond.operator).toBe('string');
            expect(typeof cond.key).toBe('string');
            expect(Array.isArray(cond.policyValues)).toBe(true);
            expect(Array.isArray(cond.requestValues)).toBe(true);
            expect(typeof cond.matched).toBe('boolean');
          }
        }
      }
    }
  });

  it('a condition on a key no snapshot holds leaves the check unknown, not failed', () => {
    const d = run('unknownSourceIp');
    expect(check(d, 'trust-conditions').status).toBe('unknown');
    expect(check(d, 'trust-conditions').denial).toBeUndefined();
    expect(d.awsError).toBeUndefined();
  });
});

describe('diagnosis@1: context', () => {
  it('lists {key, values, origin} entries, given or derived', () => {
    for (const name of CASE_NAMES) {
      for (const entry of run(name).context) {
        expect(Object.keys(entry).sort()).toEqual(['key', 'origin', 'values']);
        expect(typeof entry.key).toBe('string');
        expect(Array.isArray(entry.values)).toBe(true);
        for (const value of entry.values) expect(typeof value).toBe('string');
        expect(['given', 'derived']).toContain(entry.origin);
      }
    }
  });

  it('derives aws:PrincipalArn (always present, R-44) and keeps a key given in request.context as given', () => {
    const context = run('wrongExternalId').context;
    expect(context).toContainEqual({ key: 'aws:PrincipalArn', values: [ALICE], origin: 'derived' });
    expect(context).toContainEqual({ key: 'aws:PrincipalAccount', values: [CALLER_ACCOUNT], origin: 'derived' });
    expect(context).toContainEqual({ key: 'aws:CurrentTime', values: [NOW], origin: 'given' });
  });

  it('lists the external id the request sends as sts:ExternalId, origin given (contract example; R-36)', () => {
    expect(run('wrongExternalId').context).toContainEqual({ key: 'sts:ExternalId', values: ['abd'], origin: 'given' });
  });

  it('has no sts:ExternalId when the request sends none (R-36: present only when supplied)', () => {
    expect(run('explicitTrustDeny').context.some((entry) => entry.key.toLowerCase() === 'sts:externalid')).toBe(false);
  });
});

describe('diagnosis@1: awsError', () => {
  it('a denied AssumeRole gives AccessDenied in the observed text shape (R-61, R-62)', () => {
    for (const [name, role] of [
      ['wrongExternalId', DEPLOY],
      ['explicitTrustDeny', LOCKED],
    ] as const) {
      const error = run(name).awsError;
      expect(error?.code).toBe('AccessDenied');
      expect(error?.message).toBe(`User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${role}`);
    }
    const bob = run('bobNotTrusted').awsError;
    expect(bob?.message).toMatch(/^User: arn:aws:iam::\d{12}:user\/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\d{12}:role\/Deploy$/);
  });

  it('an invalid request gives a ValidationError; allowed and inconclusive give none', () => {
    const invalid = run('shortDuration').awsError;
    expect(invalid?.code).toBe('ValidationError');
    expect(typeof invalid?.message).toBe('string');
    expect(run('allowed').awsError).toBeUndefined();
    expect(run('unknownSourceIp').awsError).toBeUndefined();
  });
});

describe('diagnosis@1: fixes', () => {
  it('every fix has a title and an explanation; a policy change carries target/before/after, a CLI command and Terraform', () => {
    let patches = 0;
    for (const name of CASE_NAMES) {
      const d = run(name);
      if (d.decision === 'allowed') expect(d.fixes).toEqual([]);
      for (const fix of d.fixes) {
        expect(typeof fix.title).toBe('string');
        expect(fix.title.length).toBeGreaterThan(0);
        expect(typeof fix.explanation).toBe('string');
        if (fix.policyPatch === undefined) continue;
        patches++;
        expect(typeof fix.policyPatch.target).toBe('string');
        expect(fix.policyPatch).toHaveProperty('before');
        expect(fix.policyPatch).toHaveProperty('after');
        expect(typeof fix.cli).toBe('string');
        expect(typeof fix.terraform).toBe('string');
      }
    }
    expect(patches).toBeGreaterThan(0);
  });

  it('the trust-principal fix patches the trust policy and names the AWS CLI call', () => {
    const fix = run('bobNotTrusted').fixes.find((f) => f.policyPatch);
    expect(fix?.policyPatch?.target).toContain(DEPLOY);
    expect(JSON.stringify(fix?.policyPatch?.before)).not.toContain(BOB);
    expect(JSON.stringify(fix?.policyPatch?.after)).toContain(BOB);
    expect(fix?.cli).toContain('aws iam update-assume-role-policy');
    expect(fix?.terraform).toContain('assume_role_policy');
  });
});

describe('snapshot@1: policy documents as URL-encoded strings', () => {
  it.each(CASE_NAMES)('%s: same decision and failed checks as with objects', (name) => {
    const plain = run(name, objectSnapshot);
    const encoded = run(name, encodedSnapshot);
    expect(encoded.decision).toBe(plain.decision);
    expect(encoded.failedChecks).toEqual(plain.failedChecks);
    expect(encoded.checks.map((c) => c.status)).toEqual(plain.checks.map((c) => c.status));
    expect(encoded.awsError).toEqual(plain.awsError);
  });
});
