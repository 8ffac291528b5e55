import { describe, expect, it } from 'vitest';
import { DoctorError } from '@/lib/errors';
import { fastShape, parseRequest, schemaShape } from './request';
import { settleUnknownContext } from './unknown-context';
import type { AssumeRoleRequest } from './types';

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

  it('R-52: a malformed inline session policy is not an input error (it becomes the decision invalid)', () => {
    for (const policy of ['garbage{{', {}, { Statement: [1, 'x', null] }, '{"Statement":"nope"}']) expect(() => parseRequest({ ...base, policy })).not.toThrow();
  });

  it('a hostile inline session policy (10 MB, or nested beyond 32 levels) is refused naming request.policy, never a verdict', () => {
    const text = `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"${'a'.repeat(10 * 1024 * 1024)}"}]}`;
    const big = thrown({ ...base, policy: text });
    expect(big.code).toBe('too-large');
    expect(big.field).toBe('request.policy');
    expect(big.message).toContain('request.policy');
    // Just over the 1 MB bound the snapshot uses for any policy document, as text and as an object.
    expect(thrown({ ...base, policy: ' '.repeat(1024 * 1024 + 1) }).code).toBe('too-large');
    const object = thrown({ ...base, policy: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'a'.repeat(1024 * 1024 + 1) }] } });
    expect([object.code, object.field]).toEqual(['too-large', 'request.policy']);
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    const nested = thrown({ ...base, policy: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { k: deep } } }] } });
    expect([nested.code, nested.field]).toEqual(['too-deep', 'request.policy']);
  });

  it('R-52: each managed session policy ARN must be an ARN (bad-arn naming its index), however long', () => {
    const notArn = thrown({ ...base, policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'ReadOnlyAccess'] });
    expect([notArn.code, notArn.field]).toEqual(['bad-arn', 'request.policyArns[1]']);
    const huge = thrown({ ...base, policyArns: [`arn:aws:iam::aws:policy/${'a'.repeat(10 * 1024 * 1024)}`] });
    expect([huge.code, huge.field]).toEqual(['bad-arn', 'request.policyArns[0]']);
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

  // the federated calls have no ExternalId, SourceIdentity, Tags,
  // TransitiveTagKeys, SerialNumber or TokenCode parameter and no calling session. A request giving
  // one is refused naming it (never weighed: a typed source identity would satisfy a trust policy the
  // token does not), and the message says where the value really comes from.
  it('a web identity or SAML call refuses the fields only sts:AssumeRole has, saying where the value comes from', () => {
    const web = {
      action: 'sts:AssumeRoleWithWebIdentity',
      roleArn: base.roleArn,
      roleSessionName: 's',
      webIdentity: { claims: { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:acme/api:ref:refs/heads/main', aud: 'sts.amazonaws.com' } },
    };
    const saml = { action: 'sts:AssumeRoleWithSAML', roleArn: base.roleArn, saml: { principalArn: 'arn:aws:iam::222222222222:saml-provider/Okta' } };
    const signedOnly: Record<string, unknown> = {
      externalId: 'acme-123',
      sourceIdentity: 'alice',
      serialNumber: 'arn:aws:iam::111111111111:mfa/alice',
      tokenCode: '123456',
      tags: [{ Key: 'team', Value: 'red' }],
      transitiveTagKeys: ['team'],
      callerSession: { issuedBy: 'AssumeRole' },
    };
    for (const call of [web, saml]) {
      for (const [field, value] of Object.entries(signedOnly)) {
        const error = thrown({ ...call, [field]: value });
        expect([error.code, error.field], `${call.action} ${field}`).toEqual(['bad-request', `request.${field}`]);
        expect(error.message).toContain(call.action);
      }
    }
    expect(thrown({ ...web, sourceIdentity: 'alice' }).message).toContain('https://aws.amazon.com/source_identity claim');
    expect(thrown({ ...saml, sourceIdentity: 'alice' }).message).toContain('https://aws.amazon.com/SAML/Attributes/SourceIdentity attribute');
    expect(thrown({ ...web, tags: [{ Key: 'team', Value: 'red' }] }).message).toContain('https://aws.amazon.com/tags claim');
    expect(thrown({ ...saml, serialNumber: 'arn:aws:iam::111111111111:mfa/alice' }).message).toContain('does not support MFA');
    // Empty lists send nothing; the same values in the token are read as before.
    expect(() => parseRequest({ ...web, tags: [], transitiveTagKeys: [] })).not.toThrow();
    expect(() => parseRequest({ ...web, webIdentity: { claims: { ...web.webIdentity.claims, 'https://aws.amazon.com/source_identity': 'alice' } } })).not.toThrow();
    // sts:AssumeRole keeps every one of them.
    expect(() => parseRequest({ ...base, ...signedOnly, caller: 'arn:aws:sts::111111111111:assumed-role/Caller/s1' })).not.toThrow();
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
    { ...base, unknownContext: ['sts:ExternalId', 'aws:PrincipalTag/team'], callerSession: { issuedBy: 'AssumeRole', tags: [], tagsComplete: false } },
    { action: 'sts:AssumeRoleWithWebIdentity', roleArn: base.roleArn, roleSessionName: 's', webIdentity: { claims: { iss: 'https://x.example', aud: ['a'] }, extra: true } },
    { action: 'sts:AssumeRoleWithSAML', roleArn: base.roleArn, saml: { principalArn: 'arn:aws:iam::222222222222:saml-provider/Okta', attributes: { 'saml:aud': 'u', 'saml:sub': ['a', 'b'] } } },
  ];
  it('same output for well-formed requests', () => {
    for (const sample of samples) expect(fastShape(sample)).toEqual(schemaShape(sample));
  });
  it('defers to the schema for anything odd', () => {
    for (const odd of [
      { ...base, durationSeconds: 1.5 },
      { ...base, region: 'mars' },
      { ...base, tags: [{ Key: 1, Value: 'x' }] },
      { ...base, policyArns: [{ arn: 'arn:aws:iam::aws:policy/X' }] },
      { ...base, unknownContext: 'sts:ExternalId' },
      { ...base, unknownContext: [1] },
      { ...base, callerSession: { tagsComplete: 'false' } },
    ]) {
      expect(fastShape(odd)).toBeUndefined();
    }
  });
});


describe('request.unknownContext', () => {
  const { roleSessionName: _name, ...bare } = base;

  const sessionCaller = 'arn:aws:sts::111111111111:assumed-role/Builder/s1';

  it('accepts the keys only conditions read, in any case, and keeps them', () => {
    const keys = ['sts:ExternalId', 'STS:EXTERNALID', 'aws:SourceIp', 'aws:UserAgent', 'aws:CurrentTime', 'aws:EpochTime', 'aws:SourceVpce', 'aws:SourceVpc', 'aws:VpcSourceIp'];
    const request = parseRequest({ ...bare, unknownContext: keys });
    expect(request.unknownContext).toEqual(keys);
    expect(parseRequest({ ...base, unknownContext: [] }).unknownContext).toEqual([]);
  });

  it("a role session's principal tags may be declared unknown, with any tag key IAM allows (API_Tag: letters, spaces, digits, _ . : / = + - @)", () => {
    const keys = ['aws:PrincipalTag/team', 'aws:PrincipalTag/Cost Center', 'aws:PrincipalTag/a:b=c+d-e@f'];
    expect(parseRequest({ ...base, caller: sessionCaller, unknownContext: keys }).unknownContext).toEqual(keys);
    // A user's tags are read from the snapshot: the engine knows them.
    const error = thrown({ ...base, unknownContext: ['aws:PrincipalTag/team'] });
    expect(error.field).toBe('request.unknownContext[0]');
    expect(error.message).toMatch(/only a role session carries session tags/);
  });

  it('a key a check reads as a parameter is refused: the check would still read the missing parameter as not sent', () => {
    for (const key of ['aws:RequestedRegion', 'sts:RoleSessionName', 'aws:RequestTag/team', 'aws:TagKeys', 'sts:TransitiveTagKeys', 'aws:SourceIdentity', 'sts:SourceIdentity']) {
      const error = thrown({ ...bare, caller: sessionCaller, unknownContext: [key] });
      expect(error.code, key).toBe('bad-request');
      expect(error.field, key).toBe('request.unknownContext[0]');
      expect(error.message, key).toMatch(/cannot be declared unknown/);
    }
  });

  it('a malformed list or entry is bad-request naming the field', () => {
    const notList = thrown({ ...base, unknownContext: 'sts:ExternalId' });
    expect(notList.code).toBe('bad-request');
    expect(notList.field).toBe('request.unknownContext');
    expect(thrown({ ...base, unknownContext: ['sts:ExternalId', 7] }).field).toBe('request.unknownContext[1]');
    for (const bad of ['', 'ExternalId', 'sts:', ':x', 'sts:External Id', 'aws:PrincipalTag/', 'aws:PrincipalTag//x']) {
      const error = thrown({ ...base, unknownContext: ['aws:SourceIp', bad] });
      expect(error.code, bad).toBe('bad-request');
      expect(error.field, bad).toBe('request.unknownContext[1]');
    }
  });

  it('at most 50 keys', () => {
    const many = Array.from({ length: 51 }, (_, i) => `aws:PrincipalTag/t${i}`);
    const error = thrown({ ...base, caller: sessionCaller, unknownContext: many });
    expect(error.code).toBe('bad-request');
    expect(error.field).toBe('request.unknownContext');
    expect(() => parseRequest({ ...base, caller: sessionCaller, unknownContext: many.slice(0, 50) })).not.toThrow();
  });

  it('a key the engine works out from the snapshot, the caller or a token is refused: the engine knows it', () => {
    for (const key of ['aws:PrincipalArn', 'aws:PrincipalOrgID', 'aws:ResourceTag/team', 'aws:MultiFactorAuthPresent', 'aws:userid', 'token.actions.githubusercontent.com:aud', 'saml:aud', 'aws:SecureTransport']) {
      const error = thrown({ ...base, unknownContext: [key] });
      expect(error.code, key).toBe('bad-request');
      expect(error.field, key).toBe('request.unknownContext[0]');
      expect(error.message, key).toMatch(/cannot be declared unknown/);
    }
  });

  it('a key the same request gives a value for is refused, naming the entry and where the value is', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ externalId: 'abc' }, 'sts:ExternalId', 'request.externalId'],
      [{ context: { 'STS:EXTERNALID': 'abc' } }, 'sts:externalid', 'request.context.STS:EXTERNALID'],
      [{ context: { 'aws:SourceIp': '203.0.113.9' } }, 'AWS:SOURCEIP', 'request.context.aws:SourceIp'],
      [{ context: { 'aws:EpochTime': '1795338000' } }, 'aws:CurrentTime', 'request.context.aws:EpochTime'],
      [{ caller: sessionCaller, callerSession: { tags: [{ Key: 'team', Value: 'red' }], tagsComplete: false } }, 'aws:PrincipalTag/team', 'request.callerSession.tags'],
    ];
    for (const [fields, key, source] of cases) {
      const error = thrown({ ...base, ...fields, unknownContext: ['aws:UserAgent', key] });
      expect(error.code, key).toBe('bad-request');
      expect(error.field, key).toBe('request.unknownContext[1]');
      expect(error.message, key).toContain(source);
    }
    // A token's session tags count as given too.
    const web = {
      action: 'sts:AssumeRoleWithWebIdentity',
      roleArn: base.roleArn,
      roleSessionName: 's',
      webIdentity: { claims: { iss: 'https://x.example', 'https://aws.amazon.com/tags': { principal_tags: { team: ['red'] } } } },
    };
    expect(thrown({ ...web, unknownContext: ['aws:RequestTag/team'] }).field).toBe('request.unknownContext[0]');
  });
});

describe('request.callerSession.tagsComplete', () => {
  const caller = 'arn:aws:sts::111111111111:assumed-role/Builder/s1';
  it('accepts a boolean and keeps it', () => {
    expect(parseRequest({ ...base, caller, callerSession: { tags: [], tagsComplete: false } }).callerSession?.tagsComplete).toBe(false);
    expect(parseRequest({ ...base, caller, callerSession: { tagsComplete: true } }).callerSession?.tagsComplete).toBe(true);
  });
  it('anything else is bad-request naming the field', () => {
    const error = thrown({ ...base, caller, callerSession: { tagsComplete: 'no' } });
    expect(error.code).toBe('bad-request');
    expect(error.field).toBe('request.callerSession.tagsComplete');
  });
});

describe('settleUnknownContext', () => {
  const replayed: AssumeRoleRequest = { action: 'sts:AssumeRole', caller: base.caller, roleArn: base.roleArn, unknownContext: ['sts:ExternalId', 'aws:UserAgent'] };
  it('drops the keys a merge gave a value for, in any case, and nothing else', () => {
    expect(settleUnknownContext({ ...replayed, externalId: 'abc' }).unknownContext).toEqual(['aws:UserAgent']);
    expect(settleUnknownContext({ ...replayed, context: { 'AWS:USERAGENT': 'x' } }).unknownContext).toEqual(['sts:ExternalId']);
    const both = settleUnknownContext({ ...replayed, externalId: 'abc', context: { 'aws:UserAgent': 'x' } });
    expect('unknownContext' in both).toBe(false);
    expect(() => parseRequest(both)).not.toThrow();
  });
  it('returns the request itself when nothing is settled', () => {
    expect(settleUnknownContext(replayed)).toBe(replayed);
    const plain: AssumeRoleRequest = { action: 'sts:AssumeRole', caller: base.caller, roleArn: base.roleArn, externalId: 'x' };
    expect(settleUnknownContext(plain)).toBe(plain);
  });
});

// ─────────── hostile input: every bad request is a DoctorError naming the field (contract §5) ───────────

/** An object nested `levels` deep: { a: { a: … 'x' } }. */
function nested(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/** A JWT (unsigned: we never verify) with the given payload. */
function jwt(payload: unknown): string {
  const part = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(payload)}.sig`;
}

const web = { action: 'sts:AssumeRoleWithWebIdentity', roleArn: base.roleArn, roleSessionName: 's' };
const ISS = 'https://token.actions.githubusercontent.com';

describe('hostile requests', () => {
  it('context keys named like Object.prototype members are plain keys: constructor is read, __proto__ refused', () => {
    for (const key of ['constructor', 'CONSTRUCTOR', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(parseRequest({ ...base, context: { [key]: 'x', 'aws:CurrentTime': '2026-11-22T09:00:00Z' } }).context?.[key]).toBe('x');
    }
    // JSON.parse keeps __proto__ as an own key; the schema would drop it without a word.
    const error = thrown({ ...base, context: JSON.parse('{"__proto__":{"aws:SourceIp":"1.2.3.4"}}') });
    expect(error.code).toBe('bad-request');
    expect(error.status).toBe(422);
    expect(error.exitCode).toBe(2);
    expect(error.field).toBe('request.context.__proto__');
    expect(thrown({ ...base, context: JSON.parse('{"__proto__":"x","aws:SourceIp":"1.2.3.4"}') }).field).toBe('request.context.__proto__');
  });

  it('a context holding a number keeps a __proto__-like key as data (no prototype is replaced)', () => {
    const request = parseRequest({ ...base, context: { constructor: 5, 'aws:EpochTime': 1795338000 } });
    expect(request.context?.constructor).toBe('5');
    expect(request.context?.['aws:EpochTime']).toBe('1795338000');
  });

  it('two context keys differing only in case are bad-request naming the second, whatever the order', () => {
    const a = thrown({ ...base, context: { 'aws:SourceIp': '1.2.3.4', 'AWS:SOURCEIP': '9.9.9.9' } });
    expect(a.code).toBe('bad-request');
    expect(a.status).toBe(422);
    expect(a.field).toBe('request.context.AWS:SOURCEIP');
    expect(a.message).toBe('request.context.AWS:SOURCEIP: duplicates aws:SourceIp (condition keys are case-insensitive)');
    const b = thrown({ ...base, context: { 'AWS:SOURCEIP': '9.9.9.9', 'aws:SourceIp': '1.2.3.4' } });
    expect(b.field).toBe('request.context.aws:SourceIp');
    // Keys no form is known for too, and through the schema path (a number value).
    expect(thrown({ ...base, context: { 'acme:Team': 'a', 'ACME:team': 1 } }).field).toBe('request.context.ACME:team');
  });

  it('callerSession.issuedAt and expiration must be times, as they are in request.context', () => {
    for (const key of ['issuedAt', 'expiration'] as const) {
      const error = thrown({ ...base, callerSession: { [key]: 'garbage' } });
      expect(error.code).toBe('bad-request');
      expect(error.exitCode).toBe(2);
      expect(error.field).toBe(`request.callerSession.${key}`);
      expect(error.message).toMatch(/expected an ISO 8601 time.*"garbage"/);
      expect(parseRequest({ ...base, callerSession: { [key]: '2026-11-22T08:00:00Z' } }).callerSession?.[key]).toBe('2026-11-22T08:00:00Z');
    }
  });

  it('a request nesting past 64 levels is too-deep naming where, for library callers too', () => {
    const error = thrown({ ...web, webIdentity: { claims: { iss: ISS, sub: nested(5000) } } });
    expect(error.code).toBe('too-deep');
    expect(error.status).toBe(422);
    expect(error.exitCode).toBe(2);
    expect(error.field).toMatch(/^request\.webIdentity\.claims\.sub/);
    expect(thrown({ ...web, webIdentity: { claims: { iss: ISS, 'https://aws.amazon.com/tags': { principal_tags: nested(5000) } } } }).code).toBe('too-deep');
    expect(thrown({ ...base, policy: { Statement: nested(10_000) } }).field).toMatch(/^request\.policy\.Statement/);
    // 60 levels is fine (as deep as the edge's text check allows).
    expect(() => parseRequest({ ...web, webIdentity: { claims: { iss: ISS, custom: nested(60) } } })).not.toThrow();
  });

  it('a token whose payload nests 5,000 deep is too-deep naming the token payload', () => {
    const deepSub = `{"iss":"${ISS}","aud":"sts.amazonaws.com","sub":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const error = thrown({ ...web, webIdentity: { token: jwt(deepSub) } });
    expect(error.code).toBe('too-deep');
    expect(error.exitCode).toBe(2);
    expect(error.field).toBe('request.webIdentity.token (payload)');
  });

  it('web identity claims must be what a token can carry, named by claim', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ aud: { x: 1 } }, 'aud'],
      [{ sub: { y: 2 } }, 'sub'],
      [{ sub: 42 }, 'sub'],
      [{ aud: ['a', { b: 1 }] }, 'aud'],
      [{ amr: [1] }, 'amr'],
      [{ azp: ['x'] }, 'azp'],
      [{ exp: '1795338000' }, 'exp'],
      [{ iat: {} }, 'iat'],
      [{ nbf: [] }, 'nbf'],
      [{ oaud: { z: 1 } }, 'oaud'],
      [{ 'https://aws.amazon.com/source_identity': 7 }, 'https://aws.amazon.com/source_identity'],
      [{ 'https://aws.amazon.com/tags': 'team=red' }, 'https://aws.amazon.com/tags'],
      [{ 'https://aws.amazon.com/tags': { principal_tags: ['team'] } }, 'https://aws.amazon.com/tags.principal_tags'],
      [{ 'https://aws.amazon.com/tags': { principal_tags: { team: { v: 1 } } } }, 'https://aws.amazon.com/tags.principal_tags.team'],
      [{ 'https://aws.amazon.com/tags': { transitive_tag_keys: 'team' } }, 'https://aws.amazon.com/tags.transitive_tag_keys'],
    ];
    for (const [claims, name] of cases) {
      const error = thrown({ ...web, webIdentity: { claims: { iss: ISS, ...claims } } });
      expect(error.code, name).toBe('bad-request');
      expect(error.status).toBe(422);
      expect(error.field).toBe(`request.webIdentity.claims.${name}`);
      expect(error.message).not.toContain('[object Object]');
      // The same claims decoded from a token.
      const fromToken = thrown({ ...web, webIdentity: { token: jwt({ iss: ISS, ...claims }) } });
      expect(fromToken.field).toBe(`request.webIdentity.claims.${name}`);
      expect(fromToken.message).toContain('decoded from request.webIdentity.token');
    }
  });

  it('claims of the documented shapes are accepted', () => {
    const claims = {
      iss: ISS,
      sub: 'repo:acme/api:ref:refs/heads/main',
      aud: ['sts.amazonaws.com', 'other'],
      amr: 'authenticated',
      azp: 'client',
      exp: 1795338000,
      iat: 1795334400,
      nbf: 1795334400,
      id: 12345,
      custom: { anything: [1, { nested: true }] },
      'https://aws.amazon.com/tags': { principal_tags: { Project: ['Automation'], Team: 'red' }, transitive_tag_keys: ['Project'] },
    };
    expect(() => parseRequest({ ...web, webIdentity: { claims } })).not.toThrow();
    expect(() => parseRequest({ ...web, webIdentity: { token: jwt(claims) } })).not.toThrow();
    // A null claim reads as absent, as it always has.
    expect(() => parseRequest({ ...web, webIdentity: { claims: { iss: ISS, sub: null } } })).not.toThrow();
  });
});
