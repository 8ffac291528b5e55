import { describe, expect, it } from 'vitest';
import { DoctorError } from '@/lib/errors';
import { diagnose } from './diagnose';
import { loadSnapshot } from './snapshot';
import { CALLER_ACCOUNT, ROLE_ACCOUNT, account, assumeRequest, organization, policy, role, roleArn, snapshot, trustStatement, twoAccounts, user, userArn } from './checks/testing';

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
