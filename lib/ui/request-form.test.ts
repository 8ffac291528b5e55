import { describe, expect, it } from 'vitest';
import { decodeRequest, encodeRequest } from '@/lib/share';
import { formFromRequest, requestFromForm } from './request-form';
import { formatTags, parseTagText } from './tags';

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

describe('request form and share link agree', () => {
  it('reads the fields a link carries exactly as the link does', () => {
    const values = {
      role: 'arn:aws:iam::222222222222:role/Okta',
      caller: 'arn:aws:iam::111111111111:user/alice',
      session: 'alice',
      externalId: 'ext-1',
      duration: '900',
      sourceIdentity: 'alice@example.com',
      region: 'us-east-1',
      sourceIp: '203.0.113.9',
      mfa: 'true',
      time: '2026-11-22T09:00:00Z',
    };
    const request = requestFromForm(values);
    expect(request).toEqual(decodeRequest(encodeRequest(request)));
    expect(formFromRequest(decodeRequest(encodeRequest(request)))).toEqual({ action: 'AssumeRole', ...values });
  });

  it('names the field of a bad duration or tag as the link would', () => {
    expect(() => requestFromForm({ role: 'arn:aws:iam::1:role/x', duration: 'soon' })).toThrow("duration: 'soon' is not a whole number of seconds");
    expect(() => requestFromForm({ role: 'arn:aws:iam::1:role/x', tags: 'team=red, oops' })).toThrow("tags: 'oops' is not a tag written Key=Value");
    expect(requestFromForm({ role: 'arn:aws:iam::1:role/x', mfa: 'maybe' }).context).toBeUndefined();
  });
});

describe('tag text', () => {
  it('reads Key=Value per line (and by comma where asked), trimmed, and writes it back', () => {
    const tags = [
      { Key: 'team', Value: 'red' },
      { Key: 'env', Value: 'a=b' },
    ];
    expect(parseTagText(' team = red \n\nenv=a=b\n')).toEqual(tags);
    expect(parseTagText('team=red, env=a=b', { commas: true })).toEqual(tags);
    expect(parseTagText('team=red, env=a=b')).toEqual([{ Key: 'team', Value: 'red, env=a=b' }]);
    expect(parseTagText(formatTags(tags))).toEqual(tags);
    expect(formatTags(tags, ', ')).toBe('team=red, env=a=b');
    expect(formatTags(undefined)).toBe('');
  });

  it('names the entry that is not Key=Value and the field', () => {
    expect(() => parseTagText('team=red\n=blue', { field: 'request.tags' })).toThrow("request.tags: '=blue' is not a tag written Key=Value");
  });
});
