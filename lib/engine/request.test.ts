import { describe, expect, it } from 'vitest';
import { DoctorError } from '@/lib/errors';
import { fastShape, parseRequest, schemaShape } from './request';

function thrown(raw: unknown): DoctorError {
  try {
    parseRequest(raw);
  } catch (error) {
    if (error instanceof DoctorError) return error;
    throw error;
  }
  throw new Error('expected a DoctorError');
}

const base = { action: 'sts:AssumeRole', caller: 'arn:aws:iam::111111111111:user/alice', roleArn: 'arn:aws:iam::222222222222:role/Deploy', roleSessionName: 'alice' };

describe('parseRequest', () => {
  it('accepts the contract request and keeps its fields', () => {
    const request = parseRequest({ ...base, durationSeconds: 3600, tags: [{ Key: 'team', Value: 'red' }], context: { 'aws:SourceIp': '203.0.113.10' } });
    expect(request.roleArn).toBe(base.roleArn);
    expect(request.tags).toEqual([{ Key: 'team', Value: 'red' }]);
  });

  it('a bad role ARN is bad-arn naming request.roleArn', () => {
    const error = thrown({ ...base, roleArn: 'arn:aws:iam::222222222222:user/Deploy' });
    expect(error.code).toBe('bad-arn');
    expect(error.field).toBe('request.roleArn');
    expect(thrown({ ...base, roleArn: 'Deploy' }).field).toBe('request.roleArn');
  });

  it('a bad caller is bad-arn naming request.caller; a missing caller for AssumeRole is bad-request', () => {
    expect(thrown({ ...base, caller: 'arn:aws:iam::111111111111:role/Builder' }).field).toBe('request.caller');
    const { caller: _caller, ...noCaller } = base;
    const error = thrown(noCaller);
    expect(error.code).toBe('bad-request');
    expect(error.field).toBe('request.caller');
  });

  it('an unknown action and a wrongly typed field name the field', () => {
    expect(thrown({ ...base, action: 'sts:GetCallerIdentity' }).field).toBe('request.action');
    expect(thrown({ ...base, durationSeconds: '3600' }).field).toBe('request.durationSeconds');
    expect(thrown({ ...base, tags: [{ Key: 'a' }] }).field).toBe('request.tags[0].Value');
  });

  it('R-37, R-49, R-36: parameter LIMIT violations are not input errors (they become the decision invalid)', () => {
    expect(() => parseRequest({ ...base, roleSessionName: 'has space', durationSeconds: 60, externalId: 'x' })).not.toThrow();
    const { roleSessionName: _name, ...noName } = base;
    expect(() => parseRequest(noName)).not.toThrow();
  });

  it('web identity needs claims or a token with an issuer', () => {
    const web = { action: 'sts:AssumeRoleWithWebIdentity', roleArn: base.roleArn, roleSessionName: 's' };
    expect(thrown(web).field).toBe('request.webIdentity');
    expect(thrown({ ...web, webIdentity: { claims: { sub: 'x' } } }).field).toBe('request.webIdentity.claims.iss');
    expect(thrown({ ...web, webIdentity: { token: 'not-a-jwt' } }).field).toBe('request.webIdentity.token');
  });

  it('SAML needs a SAML provider ARN', () => {
    const saml = { action: 'sts:AssumeRoleWithSAML', roleArn: base.roleArn };
    expect(thrown(saml).field).toBe('request.saml');
    expect(thrown({ ...saml, saml: { principalArn: 'arn:aws:iam::222222222222:role/Okta' } }).field).toBe('request.saml.principalArn');
  });

  it('context values are strings or lists of strings', () => {
    const request = parseRequest({ ...base, context: { 'aws:MultiFactorAuthPresent': true, 'aws:EpochTime': 1763802000 } });
    expect(request.context).toEqual({ 'aws:MultiFactorAuthPresent': 'true', 'aws:EpochTime': '1763802000' });
  });

  it.each([
    ['aws:SourceIp', '::::'],
    ['aws:SourceIp', '10.1.2.3/99'],
    ['aws:sourceip', 5],
    ['aws:CurrentTime', 'notatime'],
    ['aws:CurrentTime', '9999-99-99'],
    ['aws:EpochTime', 'yesterday'],
    ['aws:MultiFactorAuthPresent', 'maybe'],
    ['aws:MultiFactorAuthAge', '-5'],
    ['aws:SecureTransport', 'yes'],
  ])('a value AWS never writes for %s (%s) is an error naming that key, not a verdict', (key, value) => {
    const error = thrown({ ...base, context: { [key]: value } });
    expect(error.code).toBe('bad-request');
    expect(error.field).toBe(`request.context.${key}`);
    expect(error.message).toMatch(/expected /);
  });

  it('values in the forms AWS writes are accepted', () => {
    const context = { 'aws:SourceIp': ['203.0.113.10', '2001:db8::1'], 'aws:CurrentTime': '2026-11-22T09:00:00Z', 'aws:EpochTime': '1795338000', 'aws:MultiFactorAuthPresent': 'TRUE', 'aws:MultiFactorAuthAge': '300', 'team:custom': 'anything' };
    expect(parseRequest({ ...base, context }).context).toEqual(context);
  });
});

describe('the fast path reads requests exactly as the schema does', () => {
  const samples: unknown[] = [
    base,
    { ...base, unknownField: 1, durationSeconds: 900, region: 'eu-west-1', externalId: 'x', tags: [{ Key: 'a', Value: 'b', extra: 1 }], transitiveTagKeys: ['a'], policy: { Statement: [] }, policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
    { ...base, context: { 'aws:SourceIp': '1.2.3.4', 'aws:TagKeys': ['a', 'b'], n: 3 }, callerSession: { issuedBy: 'AssumeRole', mfaAuthenticated: false, tags: [{ Key: 't', Value: 'v' }], other: 1 } },
    { action: 'sts:AssumeRoleWithWebIdentity', roleArn: base.roleArn, roleSessionName: 's', webIdentity: { claims: { iss: 'https://x.example', aud: ['a'] }, extra: true } },
    { action: 'sts:AssumeRoleWithSAML', roleArn: base.roleArn, saml: { principalArn: 'arn:aws:iam::222222222222:saml-provider/Okta', attributes: { 'saml:aud': 'u', 'saml:sub': ['a', 'b'] } } },
  ];
  it('same output for well-formed requests', () => {
    for (const sample of samples) expect(fastShape(sample)).toEqual(schemaShape(sample));
  });
  it('defers to the schema for anything odd', () => {
    for (const odd of [{ ...base, durationSeconds: 1.5 }, { ...base, region: 'mars' }, { ...base, tags: [{ Key: 1, Value: 'x' }] }, { ...base, policyArns: [{ arn: 'arn:aws:iam::aws:policy/X' }] }]) {
      expect(fastShape(odd)).toBeUndefined();
    }
  });
});

