import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import { diagnose } from '@/lib/engine';
import type { AssumeRoleRequest, Snapshot } from '@/lib/engine/types';
import { decodeRequest, encodeRequest } from '@/lib/share';
import { mfaChoices, mfaState, withMfa } from './what-if-request';

// The demo's mfa-required incident: alice (an IAM user, long-term keys) calls BreakGlassAdmin,
// whose trust policy requires MFA; the call passes no MFA code.
const longTerm: AssumeRoleRequest = {
  action: 'sts:AssumeRole',
  roleArn: 'arn:aws:iam::222222222222:role/BreakGlassAdmin',
  roleSessionName: 'alice-incident',
  caller: 'arn:aws:iam::111111111111:user/alice',
  context: { 'aws:CurrentTime': '2026-11-17T21:14:03Z', 'aws:SourceIp': '203.0.113.25' },
};
// The same call from a role session whose request says nothing about MFA.
const session: AssumeRoleRequest = { ...longTerm, caller: 'arn:aws:sts::111111111111:assumed-role/PlatformEngineer/alice' };
const SERIAL = 'arn:aws:iam::111111111111:mfa/alice';

describe('what-if MFA (R-40)', () => {
  it('long-term keys without an MFA code are absent, never unknown: AWS sends no key', () => {
    expect(mfaState(longTerm)).toBe('absent');
    // A serial number without a code is not MFA on the call (STS takes them together).
    expect(mfaState({ ...longTerm, serialNumber: SERIAL })).toBe('absent');
    expect(mfaChoices(longTerm)).toEqual(['present', 'absent']);
  });

  it('a session the request says nothing about is unknown', () => {
    expect(mfaState(session)).toBe('unknown');
    expect(mfaState({ ...longTerm, callerSession: { issuedBy: 'GetSessionToken' } })).toBe('unknown');
    expect(mfaChoices(session)).toEqual(['unknown', 'present', 'absent']);
  });

  it('reads what the request says, the given context key first', () => {
    expect(mfaState({ ...longTerm, serialNumber: SERIAL, tokenCode: '123456' })).toBe('present');
    expect(mfaState({ ...session, callerSession: { mfaAuthenticated: true } })).toBe('present');
    expect(mfaState({ ...session, callerSession: { mfaAuthenticated: false } })).toBe('absent');
    expect(mfaState({ ...session, callerSession: { issuedBy: 'ec2' } })).toBe('absent');
    expect(mfaState({ ...session, callerSession: { issuedBy: 'eks' } })).toBe('absent');
    expect(mfaState({ ...session, context: { 'aws:MultiFactorAuthPresent': 'false' }, callerSession: { mfaAuthenticated: true } })).toBe('absent');
    expect(mfaState({ ...session, context: { 'aws:MultiFactorAuthPresent': ['true'] } })).toBe('present');
  });

  it('choosing present says so explicitly, and the link carries it', () => {
    const present = withMfa(longTerm, 'present');
    expect(mfaState(present)).toBe('present');
    expect(encodeRequest(present).get('mfa')).toBe('true');
    expect(diagnose(demoSnapshot, present).decision).toBe('allowed');
  });

  it('choosing absent for long-term keys removes the key, as AWS would send none; a `Bool false` Deny does not apply', () => {
    // alice may assume Target, but an identity Deny refuses everything when MFA is "false".
    const world: Snapshot = {
      format: 'assumerole-doctor/snapshot@1',
      accounts: [
        {
          accountId: '111111111111',
          authorizationDetails: {
            UserDetailList: [
              {
                UserName: 'alice',
                UserId: 'AIDAALICEXXXXXXXXXXX',
                Arn: 'arn:aws:iam::111111111111:user/alice',
                Path: '/',
                UserPolicyList: [
                  {
                    PolicyName: 'assume-with-mfa-deny',
                    PolicyDocument: {
                      Version: '2012-10-17',
                      Statement: [
                        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
                        { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
                      ],
                    },
                  },
                ],
              },
            ],
            RoleDetailList: [],
            GroupDetailList: [],
            Policies: [],
          },
        },
        {
          accountId: '222222222222',
          authorizationDetails: {
            UserDetailList: [],
            RoleDetailList: [
              {
                RoleName: 'Target',
                RoleId: 'AROATARGETXXXXXXXXXX',
                Arn: 'arn:aws:iam::222222222222:role/Target',
                Path: '/',
                AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] },
              },
            ],
            GroupDetailList: [],
            Policies: [],
          },
        },
      ],
    };
    const call: AssumeRoleRequest = { ...longTerm, roleArn: 'arn:aws:iam::222222222222:role/Target', serialNumber: SERIAL, tokenCode: '123456' };
    const absent = withMfa(call, 'absent');
    expect(absent.serialNumber).toBeUndefined();
    expect(absent.tokenCode).toBeUndefined();
    expect(absent.context?.['aws:MultiFactorAuthPresent']).toBeUndefined();
    expect(mfaState(absent)).toBe('absent');
    expect(diagnose(world, absent).decision).toBe('allowed');
    expect(diagnose(world, { ...absent, context: { ...absent.context, 'aws:MultiFactorAuthPresent': 'false' } }).decision).toBe('denied');
  });

  it('choosing present for long-term keys is an MFA code on the call: age 0, so an MFA-age condition passes as it would for the real call', () => {
    const world = structuredClone(demoSnapshot);
    const target = world.accounts.flatMap((a) => a.authorizationDetails.RoleDetailList ?? []).find((r) => r.RoleName === 'BreakGlassAdmin')!;
    target.AssumeRolePolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/alice' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } }],
    };
    const present = withMfa(longTerm, 'present');
    expect(present.context?.['aws:MultiFactorAuthAge']).toBe('0');
    const withCode = diagnose(world, { ...longTerm, serialNumber: SERIAL, tokenCode: '123456' });
    expect(withCode.decision).toBe('allowed');
    expect(diagnose(world, present).decision).toBe('allowed');
    expect(withMfa(present, 'absent').context?.['aws:MultiFactorAuthAge']).toBeUndefined();
  });

  it('choosing absent for a session says "false", and the link keeps it', () => {
    const absent = withMfa({ ...session, callerSession: { mfaAuthenticated: true, issuedBy: 'AssumeRole' } }, 'absent');
    expect(absent.context?.['aws:MultiFactorAuthPresent']).toBe('false');
    expect(absent.callerSession).toEqual({ mfaAuthenticated: false, issuedBy: 'AssumeRole' });
    expect(encodeRequest(absent).get('mfa')).toBe('false');
    expect(mfaState(decodeRequest(encodeRequest(absent)))).toBe('absent');
  });

  it('choosing unknown removes everything that says either way', () => {
    const said: AssumeRoleRequest = { ...withMfa(session, 'present'), callerSession: { mfaAuthenticated: true, issuedBy: 'GetSessionToken' } };
    const unknown = withMfa(said, 'unknown');
    expect(mfaState(unknown)).toBe('unknown');
    expect(unknown.context).toEqual(session.context);
    expect(unknown.callerSession).toEqual({ issuedBy: 'GetSessionToken' });
    expect(encodeRequest(unknown).has('mfa')).toBe(false);
  });
});
