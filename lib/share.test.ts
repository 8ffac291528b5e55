import { describe, expect, it } from 'vitest';
import { decodeRequest, encodeRequest } from './share';
import type { AssumeRoleRequest } from './engine/types';

describe('share links', () => {
  it('round-trips a common request through readable params only', () => {
    const request: AssumeRoleRequest = {
      action: 'sts:AssumeRole',
      caller: 'arn:aws:iam::111111111111:user/alice',
      roleArn: 'arn:aws:iam::222222222222:role/Deploy',
      roleSessionName: 'alice',
      externalId: 'abc',
      durationSeconds: 7200,
      tags: [{ Key: 'team', Value: 'a=b' }],
      context: { 'aws:SourceIp': '203.0.113.10', 'aws:MultiFactorAuthPresent': 'true', 'aws:CurrentTime': '2026-11-22T09:00:00Z' },
    };
    const params = encodeRequest(request);
    expect(params.has('x')).toBe(false);
    expect(params.get('role')).toBe(request.roleArn);
    expect(decodeRequest(new URLSearchParams(params.toString()))).toEqual(request);
  });

  it('keeps what has no readable param in the compact part', () => {
    const request: AssumeRoleRequest = {
      action: 'sts:AssumeRoleWithWebIdentity',
      roleArn: 'arn:aws:iam::222222222222:role/GitHubDeploy',
      roleSessionName: 'gh',
      webIdentity: { claims: { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:acme/api:ref:refs/heads/main', aud: 'sts.amazonaws.com', job_workflow_ref: 'x' } },
      callerSession: { issuedBy: 'AssumeRole', mfaAuthenticated: true },
      context: { 'aws:SourceVpce': 'vpce-1' },
    };
    const params = encodeRequest(request);
    expect(params.get('sub')).toBe('repo:acme/api:ref:refs/heads/main');
    expect(params.has('x')).toBe(true);
    expect(decodeRequest(params)).toEqual(request);
  });

  it('keeps a replay\'s unknownContext and callerSession.tagsComplete (no readable param) in the compact part', () => {
    const request: AssumeRoleRequest = {
      action: 'sts:AssumeRole',
      caller: 'arn:aws:sts::333333333333:assumed-role/MonitoringCollector/i-0abc123def4567890',
      roleArn: 'arn:aws:iam::222222222222:role/VendorMonitoring',
      roleSessionName: 'vendor-monitoring-sync',
      unknownContext: ['sts:ExternalId'],
      callerSession: { issuedBy: 'ec2', mfaAuthenticated: false, tagsComplete: false },
      context: { 'aws:SourceIp': '198.51.100.77', 'aws:CurrentTime': '2026-11-17T12:00:06Z' },
    };
    const params = encodeRequest(request);
    expect(params.has('x')).toBe(true);
    const decoded = decodeRequest(new URLSearchParams(params.toString()));
    expect(decoded).toEqual(request);
    expect(decoded.unknownContext).toEqual(['sts:ExternalId']);
    expect(decoded.callerSession?.tagsComplete).toBe(false);
  });

  it('accepts Next.js searchParams objects and names the bad field', () => {
    expect(decodeRequest({ role: 'arn:aws:iam::1:role/x', tag: ['a=1', 'b=2'] }).tags).toHaveLength(2);
    expect(() => decodeRequest({ role: 'r', duration: 'soon' })).toThrow(/duration/);
    expect(() => decodeRequest({ x: '%%%' })).toThrow(/compact part/);
  });

  it('never puts a web-identity token or an MFA code in a link', () => {
    const payload = Buffer.from(JSON.stringify({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:acme/api:pull_request', aud: 'sts.amazonaws.com' })).toString('base64url');
    const token = `eyJhbGciOiJSUzI1NiJ9.${payload}.c2lnbmF0dXJl`;
    const params = encodeRequest({
      action: 'sts:AssumeRoleWithWebIdentity',
      roleArn: 'arn:aws:iam::222222222222:role/GitHubDeploy',
      roleSessionName: 'gh',
      webIdentity: { token },
      serialNumber: 'arn:aws:iam::111111111111:mfa/alice',
      tokenCode: '481516',
    });
    const link = params.toString();
    expect(link).not.toContain(payload);
    expect(link).not.toContain('481516');
    const decoded = decodeRequest(params);
    expect(decoded.webIdentity).toEqual({ claims: { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:acme/api:pull_request', aud: 'sts.amazonaws.com' } });
    expect(decoded.tokenCode).toBe('000000');
  });

  it('keeps a malformed MFA code malformed and refuses a token the engine would refuse, so a link never changes the verdict', () => {
    const base = { action: 'sts:AssumeRole' as const, caller: 'arn:aws:iam::111111111111:user/alice', roleArn: 'arn:aws:iam::222222222222:role/Deploy', serialNumber: 'arn:aws:iam::111111111111:mfa/alice' };
    // STS refuses a code that is not six digits; so must the diagnosis opened from the link.
    expect(decodeRequest(encodeRequest({ ...base, tokenCode: '12345' })).tokenCode).toBe('00000');
    expect(decodeRequest(encodeRequest({ ...base, tokenCode: '12a456' })).tokenCode).toBe('00a000');
    // Two parts are not a JWT for the engine, nor for a link.
    const payload = Buffer.from(JSON.stringify({ iss: 'https://token.actions.githubusercontent.com' })).toString('base64url');
    expect(() => encodeRequest({ action: 'sts:AssumeRoleWithWebIdentity', roleArn: base.roleArn, webIdentity: { token: `eyJ9.${payload}` } })).toThrow(/three base64url parts/);
  });
});
