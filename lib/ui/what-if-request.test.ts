import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import { diagnose } from '@/lib/engine';
import type { AssumeRoleRequest } from '@/lib/engine/types';
import { decodeRequest, encodeRequest } from '@/lib/share';
import { mfaState, withMfa } from './what-if-request';

// The demo's mfa-required incident: alice (an IAM user, long-term keys) calls BreakGlassAdmin,
// whose trust policy requires MFA; the call says nothing about MFA.
const silent: AssumeRoleRequest = {
  action: 'sts:AssumeRole',
  roleArn: 'arn:aws:iam::222222222222:role/BreakGlassAdmin',
  roleSessionName: 'alice-incident',
  caller: 'arn:aws:iam::111111111111:user/alice',
  context: { 'aws:CurrentTime': '2026-11-17T21:14:03Z', 'aws:SourceIp': '203.0.113.25' },
};

describe('what-if MFA', () => {
  it('is unknown when the request does not say, not absent', () => {
    expect(mfaState(silent)).toBe('unknown');
    expect(mfaState({ ...silent, callerSession: { issuedBy: 'GetSessionToken' } })).toBe('unknown');
    // A serial number without a code is not MFA on the call (STS takes them together).
    expect(mfaState({ ...silent, serialNumber: 'arn:aws:iam::111111111111:mfa/alice' })).toBe('unknown');
  });

  it('reads what the request says, the given context key first', () => {
    expect(mfaState({ ...silent, serialNumber: 'arn:aws:iam::111111111111:mfa/alice', tokenCode: '123456' })).toBe('present');
    expect(mfaState({ ...silent, callerSession: { mfaAuthenticated: true } })).toBe('present');
    expect(mfaState({ ...silent, callerSession: { mfaAuthenticated: false } })).toBe('absent');
    expect(mfaState({ ...silent, callerSession: { issuedBy: 'ec2' } })).toBe('absent');
    expect(mfaState({ ...silent, context: { 'aws:MultiFactorAuthPresent': 'false' }, callerSession: { mfaAuthenticated: true } })).toBe('absent');
    expect(mfaState({ ...silent, context: { 'aws:MultiFactorAuthPresent': ['true'] } })).toBe('present');
  });

  it('choosing present or absent says so explicitly, and the link carries it', () => {
    const present = withMfa(silent, 'present');
    expect(mfaState(present)).toBe('present');
    expect(encodeRequest(present).get('mfa')).toBe('true');
    expect(diagnose(demoSnapshot, present).decision).toBe('allowed');

    const absent = withMfa({ ...silent, serialNumber: 'arn:aws:iam::111111111111:mfa/alice', tokenCode: '123456' }, 'absent');
    expect(absent.serialNumber).toBeUndefined();
    expect(absent.tokenCode).toBeUndefined();
    expect(encodeRequest(absent).get('mfa')).toBe('false');
    expect(mfaState(decodeRequest(encodeRequest(absent)))).toBe('absent');
    expect(diagnose(demoSnapshot, absent).decision).toBe('denied');
  });

  it('choosing unknown removes everything that says either way', () => {
    const said: AssumeRoleRequest = { ...withMfa(silent, 'present'), callerSession: { mfaAuthenticated: true, issuedBy: 'GetSessionToken' } };
    const unknown = withMfa(said, 'unknown');
    expect(mfaState(unknown)).toBe('unknown');
    expect(unknown.context).toEqual(silent.context);
    expect(unknown.callerSession).toEqual({ issuedBy: 'GetSessionToken' });
    expect(encodeRequest(unknown).has('mfa')).toBe(false);
  });
});
