// Verdict mode takes shortcuts (decide() instead of evaluate(), condition evidence left out when no
// key a policy reads is unknown): whatever the shortcut, its decision, failed checks and every
// check's status must equal full mode's. Fresh request objects each time, verdict first, so no
// memo of full mode can leak into the verdict.

import { describe, expect, it } from 'vitest';
import { buildSyntheticOrg } from '@/bench/synthetic-org';
import { diagnose } from './diagnose';
import { loadSnapshot } from './snapshot';
import type { AssumeRoleRequest } from './types';

describe('verdict mode equals full mode', () => {
  const org = buildSyntheticOrg(7);
  const indexed = loadSnapshot(org.snapshot);
  const fresh = (request: AssumeRoleRequest) => JSON.parse(JSON.stringify(request)) as AssumeRoleRequest;

  // Without its context a request leaves keys unknown, which sends verdict mode down its full path.
  const withoutContext = (request: AssumeRoleRequest) => {
    const copy = fresh(request);
    delete copy.context;
    return copy;
  };

  // As a replayed record without ExternalId reads: the ExternalId declared unknown instead of
  // given, and a role-session caller's tags incomplete.
  const externalIdUnknown = (request: AssumeRoleRequest) => {
    const copy = fresh(request);
    if (copy.action !== 'sts:AssumeRole') return copy;
    delete copy.externalId;
    if (!Object.keys(copy.context ?? {}).some((key) => key.toLowerCase() === 'sts:externalid')) copy.unknownContext = ['sts:ExternalId'];
    if (/:assumed-role\//.test(copy.caller ?? '')) copy.callerSession = { ...copy.callerSession, tagsComplete: false };
    return copy;
  };

  it.each([
    ['without a clock', undefined, fresh],
    ['with options.now', '2026-01-15T10:00:00Z', fresh],
    ['without request.context', undefined, withoutContext],
    ['with sts:ExternalId unknown and session tags incomplete', undefined, externalIdUnknown],
  ])('on every synthetic request, %s', (_name, now, variant) => {
    const decisions = new Set<string>();
    for (const original of org.requests) {
      const request = variant(original);
      const verdict = diagnose(indexed, fresh(request), { mode: 'verdict', now });
      const full = diagnose(indexed, fresh(request), { now, fixes: false, diagrams: false });
      expect(verdict.decision).toBe(full.decision);
      expect(verdict.failedChecks).toEqual(full.failedChecks);
      expect(verdict.checks.map((c) => [c.id, c.status])).toEqual(full.checks.map((c) => [c.id, c.status]));
      decisions.add(full.decision);
    }
    expect(decisions.has('allowed') && decisions.has('denied')).toBe(true);
    if (variant === externalIdUnknown) expect(decisions.has('inconclusive')).toBe(true);
  });
});

describe('verdict mode equals full mode on keys the request declares unknown', () => {
  const trust = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Vendor', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'abc-123' } } },
      { Sid: 'TeamRed', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/Caller' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } },
      { Sid: 'NoBlue', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
      { Sid: 'HomeRegion', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
    ],
  };
  const allowAssume = { PolicyName: 'Assume', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } };
  const snapshot = {
    format: 'assumerole-doctor/snapshot@1' as const,
    accounts: [
      {
        accountId: '111111111111',
        authorizationDetails: {
          UserDetailList: [{ UserName: 'alice', UserId: 'AIDAQALICE00000000001', Arn: 'arn:aws:iam::111111111111:user/alice', UserPolicyList: [allowAssume] }],
          RoleDetailList: [
            { RoleName: 'Caller', RoleId: 'AROAQCALLER000000001', Arn: 'arn:aws:iam::111111111111:role/Caller', RolePolicyList: [allowAssume], Tags: [{ Key: 'team', Value: 'red' }] },
            { RoleName: 'Untagged', RoleId: 'AROAQUNTAGGED0000001', Arn: 'arn:aws:iam::111111111111:role/Untagged', RolePolicyList: [allowAssume] },
          ],
        },
      },
      { accountId: '222222222222', authorizationDetails: { RoleDetailList: [{ RoleName: 'Target', RoleId: 'AROAQTARGET000000005', Arn: 'arn:aws:iam::222222222222:role/Target', AssumeRolePolicyDocument: trust }] } },
    ],
  };
  const indexed = loadSnapshot(snapshot);
  const base = { action: 'sts:AssumeRole' as const, roleArn: 'arn:aws:iam::222222222222:role/Target', roleSessionName: 's1' };
  const alice = 'arn:aws:iam::111111111111:user/alice';
  const session = (role: string) => `arn:aws:sts::111111111111:assumed-role/${role}/s1`;
  const requests: AssumeRoleRequest[] = [
    { ...base, caller: alice, unknownContext: ['sts:ExternalId'] },
    { ...base, caller: alice, externalId: 'abc-123' },
    { ...base, caller: alice, externalId: 'nope' },
    { ...base, caller: alice, externalId: 'abc-123', unknownContext: ['aws:SourceIp'] },
    { ...base, caller: session('Caller'), callerSession: { issuedBy: 'AssumeRole', tagsComplete: false }, unknownContext: ['sts:ExternalId'] },
    { ...base, caller: session('Untagged'), callerSession: { issuedBy: 'AssumeRole', tagsComplete: false } },
    { ...base, caller: session('Untagged'), callerSession: { issuedBy: 'AssumeRole' } },
    { ...base, caller: session('Caller'), callerSession: { issuedBy: 'AssumeRole', tags: [{ Key: 'team', Value: 'blue' }], tagsComplete: false } },
    { ...base, caller: session('Caller'), callerSession: { issuedBy: 'AssumeRole' }, unknownContext: ['aws:PrincipalTag/team'] },
  ];
  it('same decision, failed checks and statuses for each', () => {
    const decisions = new Set<string>();
    for (const request of requests) {
      const copy = () => JSON.parse(JSON.stringify(request)) as AssumeRoleRequest;
      const verdict = diagnose(indexed, copy(), { mode: 'verdict' });
      const full = diagnose(indexed, copy(), { fixes: false, diagrams: false });
      expect(verdict.decision, JSON.stringify(request)).toBe(full.decision);
      expect(verdict.failedChecks).toEqual(full.failedChecks);
      expect(verdict.checks.map((c) => [c.id, c.status])).toEqual(full.checks.map((c) => [c.id, c.status]));
      decisions.add(full.decision);
    }
    expect([...decisions].sort()).toEqual(['allowed', 'denied', 'inconclusive']);
  });
});
