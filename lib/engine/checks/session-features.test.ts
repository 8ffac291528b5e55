import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose';
import { CALLER_ACCOUNT, ROLE_ACCOUNT, account, assumeRequest, role, sessionArn, snapshot, trustStatement, twoAccounts, userArn, check } from './testing';


const ALL = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'];
const tags = [{ Key: 'team', Value: 'red' }];

describe('tag-session', () => {
  it('R-39: tags passed while the trust policy allows only sts:AssumeRole', () => {
    const snap = twoAccounts([trustStatement({ AWS: userArn('alice') })], { statements: [{ Effect: 'Allow', Action: ALL, Resource: '*' }] });
    const d = diagnose(snap, assumeRequest({ tags }));
    expect(d.decision).toBe('denied');
    expect(d.failedChecks).toEqual(['tag-session']);
    expect(check(d, 'tag-session').summary).toContain('Trust policy');
    expect(check(d, 'tag-session').failedPart).toBe('trust');
    expect(d.awsError?.message).toBe(`User: ${userArn('alice')} is not authorized to perform: sts:TagSession on resource: arn:aws:iam::222222222222:role/Deploy`);
  });

  it('R-39: cross-account, the caller\'s identity policy must allow sts:TagSession too (M)', () => {
    const snap = twoAccounts([trustStatement({ AWS: userArn('alice') }, { Action: ['sts:AssumeRole', 'sts:TagSession'] })], { statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
    const d = diagnose(snap, assumeRequest({ tags }));
    expect(d.failedChecks).toEqual(['tag-session']);
    expect(check(d, 'tag-session').summary).toContain('Identity policies');
    expect(check(d, 'tag-session').failedPart).toBe('identity');
  });

  it('R-02, R-39: with several sides refusing, failedPartDenials says how each refused and the evidence holds each side\'s statements', () => {
    const snap = twoAccounts([trustStatement({ AWS: userArn('alice') })], {
      statements: [
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
        { Sid: 'NeverTag', Effect: 'Deny', Action: 'sts:TagSession', Resource: '*' },
      ],
    });
    const tagSession = check(diagnose(snap, assumeRequest({ tags })), 'tag-session');
    expect(tagSession.failedParts).toEqual(['trust', 'identity']);
    expect(tagSession.denial).toBe('implicit');
    expect(tagSession.failedPartDenials).toEqual({ trust: 'implicit', identity: 'explicit' });
    expect(tagSession.evidence.map((item) => [item.policy.kind, item.effect])).toEqual([
      ['trust', 'Allow'],
      ['identity-inline', 'Deny'],
    ]);
    // One refusing side: its denial is the check's, and no failedPartDenials is added.
    expect(check(diagnose(twoAccounts([trustStatement({ AWS: userArn('alice') })], { statements: [{ Effect: 'Allow', Action: ALL, Resource: '*' }] }), assumeRequest({ tags })), 'tag-session').failedPartDenials).toBeUndefined();
  });

  it('R-39: the refusing side is reported only on a failure, and verdict mode reports the same side', () => {
    const snap = twoAccounts([trustStatement({ AWS: userArn('alice') }, { Action: ['sts:AssumeRole', 'sts:TagSession'] })], { statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
    expect(check(diagnose(snap, assumeRequest({ tags }), { mode: 'verdict' }), 'tag-session').failedPart).toBe('identity');
    const allowed = twoAccounts([trustStatement({ AWS: userArn('alice') }, { Action: ['sts:AssumeRole', 'sts:TagSession'] })], { statements: [{ Effect: 'Allow', Action: ALL, Resource: '*' }] });
    expect(check(diagnose(allowed, assumeRequest({ tags })), 'tag-session').failedPart).toBeUndefined();
  });

  it('R-39: both sides allowing sts:TagSession passes; aws:RequestTag and aws:TagKeys are in the context', () => {
    const snap = twoAccounts(
      [trustStatement({ AWS: userArn('alice') }, { Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringEquals: { 'aws:RequestTag/team': 'red' } } })],
      { statements: [{ Effect: 'Allow', Action: ALL, Resource: '*' }] },
    );
    const d = diagnose(snap, assumeRequest({ tags, transitiveTagKeys: ['team'] }));
    expect(d.decision).toBe('allowed');
    expect(d.context.find((c) => c.key === 'aws:TagKeys')?.values).toEqual(['team']);
    expect(d.context.find((c) => c.key === 'sts:TransitiveTagKeys')?.values).toEqual(['team']);
  });

  it('no tags: skip, and the reason is given', () => {
    const d = diagnose(twoAccounts([trustStatement({ AWS: userArn('alice') })], { statements: [{ Effect: 'Allow', Action: ALL, Resource: '*' }] }), assumeRequest());
    expect(check(d, 'tag-session').status).toBe('skip');
    expect(check(d, 'tag-session').summary).toContain('No session tags');
  });
});

describe('source-identity', () => {
  const builder = role('Builder', { account: CALLER_ACCOUNT, trust: [], statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });

  it('R-38: a source identity needs sts:SetSourceIdentity in the trust policy', () => {
    const snap = twoAccounts([trustStatement({ AWS: userArn('alice') })], { statements: [{ Effect: 'Allow', Action: ALL, Resource: '*' }] });
    const d = diagnose(snap, assumeRequest({ sourceIdentity: 'alice' }));
    expect(d.failedChecks).toEqual(['source-identity']);
    expect(d.awsError?.message).toContain('sts:SetSourceIdentity on resource');
  });

  it('R-38: role chaining carries the source identity, so the chained role session needs sts:SetSourceIdentity itself', () => {
    const snap = snapshot([
      account(CALLER_ACCOUNT, { roles: [builder] }),
      account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` }, { Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] })] })] }),
    ]);
    const d = diagnose(snap, assumeRequest({ caller: sessionArn('Builder', 'ci'), callerSession: { issuedBy: 'AssumeRole', sourceIdentity: 'alice' } }));
    expect(d.failedChecks).toEqual(['source-identity']);
    expect(check(d, 'source-identity').summary).toContain('inherited');
    expect(check(d, 'source-identity').summary).toContain('Identity policies');
  });

  it('R-38: a source identity cannot change along a chain', () => {
    const permissive = role('Builder', { account: CALLER_ACCOUNT, trust: [], statements: [{ Effect: 'Allow', Action: ALL, Resource: '*' }] });
    const snap = snapshot([
      account(CALLER_ACCOUNT, { roles: [permissive] }),
      account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` }, { Action: ALL })] })] }),
    ]);
    const same = diagnose(snap, assumeRequest({ caller: sessionArn('Builder', 'ci'), sourceIdentity: 'alice', callerSession: { issuedBy: 'AssumeRole', sourceIdentity: 'alice' } }));
    expect(same.decision).toBe('allowed');
    const changed = diagnose(snap, assumeRequest({ caller: sessionArn('Builder', 'ci'), sourceIdentity: 'mallory', callerSession: { issuedBy: 'AssumeRole', sourceIdentity: 'alice' } }));
    expect(changed.failedChecks).toEqual(['source-identity']);
    expect(check(changed, 'source-identity').summary).toContain('cannot be changed');
  });
});
