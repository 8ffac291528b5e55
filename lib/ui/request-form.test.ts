import { describe, expect, it } from 'vitest';
import { formFromRequest, requestFromForm } from './request-form';

describe('request form', () => {
  it('reads every field of the contract it offers and writes them back', () => {
    const request = requestFromForm({
      action: 'AssumeRoleWithWebIdentity',
      role: 'arn:aws:iam::111111111111:role/GitHubActionsDeploy',
      session: 'gh',
      duration: '900',
      sourceIp: '203.0.113.9',
      mfa: 'false',
      tags: 'team=red\nenv=prod',
      time: '2026-11-22T09:00:00Z',
      claims: '{"sub": "repo:acme/api:ref:refs/heads/main", "aud": "sts.amazonaws.com"}',
    });
    expect(request).toEqual({
      action: 'sts:AssumeRoleWithWebIdentity',
      roleArn: 'arn:aws:iam::111111111111:role/GitHubActionsDeploy',
      roleSessionName: 'gh',
      durationSeconds: 900,
      context: { 'aws:SourceIp': '203.0.113.9', 'aws:MultiFactorAuthPresent': 'false', 'aws:CurrentTime': '2026-11-22T09:00:00Z' },
      tags: [
        { Key: 'team', Value: 'red' },
        { Key: 'env', Value: 'prod' },
      ],
      webIdentity: { claims: { sub: 'repo:acme/api:ref:refs/heads/main', aud: 'sts.amazonaws.com' } },
    });
    expect(requestFromForm(formFromRequest(request))).toEqual(request);
  });

  it('names the field that is wrong', () => {
    expect(() => requestFromForm({ role: 'arn:aws:iam::1:role/x', claims: '{oops' })).toThrow(/claims/);
    expect(() => requestFromForm({})).toThrow(/role/);
    expect(() => requestFromForm({ action: 'AssumeRoleWithSAML', role: 'arn:aws:iam::222222222222:role/Okta' })).toThrow(/SAML provider/);
  });
});
