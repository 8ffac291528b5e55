import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose';
import type { Diagnosis, Snapshot } from '../types';
import { CALLER_ACCOUNT, ROLE_ACCOUNT, account, assumeRequest, role, roleArn, sessionArn, snapshot, trustStatement, twoAccounts, userArn, check } from './testing';

/** The call is invalid on request-valid alone, with a ValidationError AWS gives no exact text for, naming `fragment` and citing `rule`. */
function expectInexactInvalid(d: Diagnosis, fragment: string, rule: string): void {
  expect(d.decision).toBe('invalid');
  expect(d.failedChecks).toEqual(['request-valid']);
  expect(d.awsError).toMatchObject({ code: 'ValidationError', exactTextKnown: false });
  expect(check(d, 'request-valid').summary).toContain(fragment);
  expect(check(d, 'request-valid').rules).toContain(rule);
}


const trustAlice = twoAccounts([trustStatement({ AWS: userArn('alice') }, { Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] })], {
  statements: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Resource: '*' }],
});

// Federated calls: session tags, the source identity and (SAML) the session name come in the token
// or the assertion, not as request parameters. The limits are the same; the error text is not known.
const GITHUB = 'token.actions.githubusercontent.com';
const PROVIDER = `arn:aws:iam::${ROLE_ACCOUNT}:oidc-provider/${GITHUB}`;
const TAGS_CLAIM = 'https://aws.amazon.com/tags';
const SOURCE_CLAIM = 'https://aws.amazon.com/source_identity';
const webWorld = snapshot([
  account(ROLE_ACCOUNT, {
    roles: [role('Deploy', { trust: [trustStatement({ Federated: PROVIDER }, { Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity'] })] })],
    oidc: [{ Arn: PROVIDER, Url: `https://${GITHUB}`, ClientIDList: ['sts.amazonaws.com'] }],
  }),
]);
function webRequest(claims: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const base = { iss: `https://${GITHUB}`, sub: 'repo:acme/api:ref:refs/heads/main', aud: 'sts.amazonaws.com' };
  return { action: 'sts:AssumeRoleWithWebIdentity', roleArn: roleArn('Deploy'), roleSessionName: 'gha', webIdentity: { claims: { ...base, ...claims } }, ...extra };
}
const SAML_PROVIDER = `arn:aws:iam::${ROLE_ACCOUNT}:saml-provider/Okta`;
const SAML_ATTR = 'https://aws.amazon.com/SAML/Attributes/';
const samlWorld = snapshot([
  account(ROLE_ACCOUNT, {
    roles: [role('Deploy', { trust: [trustStatement({ Federated: SAML_PROVIDER }, { Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'] })] })],
    saml: [{ Arn: SAML_PROVIDER }],
  }),
]);
function samlRequest(attributes: Record<string, string | string[]>) {
  return { action: 'sts:AssumeRoleWithSAML', roleArn: roleArn('Deploy'), saml: { principalArn: SAML_PROVIDER, attributes: { 'saml:aud': 'https://signin.aws.amazon.com/saml', 'saml:sub': 'alice', [`${SAML_ATTR}RoleSessionName`]: 'alice', ...attributes } } };
}
const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, ['v']]));

describe('request-valid', () => {
  it('R-37, R-54: a session name with a slash is a ValidationError in AWS words, and the decision is invalid', () => {
    const d = diagnose(trustAlice, assumeRequest({ roleSessionName: 'PowerUser/hjacobs' }));
    expect(d.decision).toBe('invalid');
    expect(d.failedChecks).toEqual(['request-valid']);
    expect(d.awsError).toMatchObject({
      code: 'ValidationError',
      message: "1 validation error detected: Value 'PowerUser/hjacobs' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    });
  });

  it('R-37, R-54: a session name over 64 characters', () => {
    const d = diagnose(trustAlice, assumeRequest({ roleSessionName: 'a'.repeat(65) }));
    expect(d.awsError?.message).toContain("at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64");
  });

  it('R-37: a missing session name is a ValidationError, not an input error', () => {
    const d = diagnose(trustAlice, { action: 'sts:AssumeRole', caller: userArn('alice'), roleArn: 'arn:aws:iam::222222222222:role/Deploy' });
    expect(d.decision).toBe('invalid');
    expect(d.awsError?.message).toContain("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  });

  it('R-49, R-54: DurationSeconds below 900; two violations are counted together', () => {
    const d = diagnose(trustAlice, assumeRequest({ durationSeconds: 600, roleSessionName: 'x' }));
    expect(d.decision).toBe('invalid');
    expect(d.awsError?.message).toMatch(/^2 validation errors detected: /);
    expect(d.awsError?.message).toContain("Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
    expect(d.awsError?.message).toContain("Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2");
  });

  it('R-36: an external id of one character, or with a space', () => {
    expect(diagnose(trustAlice, assumeRequest({ externalId: 'a' })).awsError?.message).toContain("at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2");
    expect(diagnose(trustAlice, assumeRequest({ externalId: 'a b' })).awsError?.message).toContain("at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern");
  });

  it('R-38: a source identity starting with aws: breaks the pattern', () => {
    const d = diagnose(trustAlice, assumeRequest({ sourceIdentity: 'aws:alice' }));
    expect(d.decision).toBe('invalid');
    expect(d.awsError?.message).toContain("at 'sourceIdentity'");
  });

  it('R-39, R-53: more than 50 tags, and a tag value over 256 characters', () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(diagnose(trustAlice, assumeRequest({ tags })).awsError?.message).toContain("at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
    const long = diagnose(trustAlice, assumeRequest({ tags: [{ Key: 'team', Value: 'x'.repeat(257) }] }));
    expect(long.awsError?.message).toContain("at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256");
  });

  it('R-52: an AssumeRole inline session policy over 2,048 characters breaks the documented limit, but not with a model-worded error', () => {
    // AssumeRole's Policy shape (unrestrictedSessionPolicyDocumentType) has no max length, so AWS's
    // model validation cannot produce "Member must have length less than or equal to 2048" for it.
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: Array.from({ length: 60 }, (_, i) => `arn:aws:s3:::bucket-number-${i}/*`) }] };
    const d = diagnose(trustAlice, assumeRequest({ policy }));
    expect(d.decision).toBe('invalid');
    expect(d.failedChecks).toEqual(['request-valid']);
    expect(d.awsError?.exactTextKnown).toBe(false);
    expect(d.awsError?.message).not.toContain('Member must have length');
    expect(d.awsError?.message).toContain('2,048');
    expect(check(d, 'request-valid').rules).toContain('R-52');
  });

  it('R-52: the pattern of an AssumeRole inline policy is still the model\'s, in AWS words', () => {
    const d = diagnose(trustAlice, assumeRequest({ policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b\u20ac/*"}]}' }));
    expect(d.decision).toBe('invalid');
    expect(d.awsError?.message).toContain("at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern");
    expect(d.awsError?.exactTextKnown).toBeUndefined();
  });

  it('R-52: for AssumeRoleWithWebIdentity the model caps the inline policy at 2048, in AWS words', () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: Array.from({ length: 60 }, (_, i) => `arn:aws:s3:::bucket-number-${i}/*`) }] };
    const d = diagnose(webWorld, webRequest({}, { policy }));
    expect(d.decision).toBe('invalid');
    expect(d.awsError?.message).toContain("at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048");
    expect(d.awsError?.exactTextKnown).toBeUndefined();
  });

  // The new session's inline policy (STS parameter Policy) is "An IAM policy in JSON format": one
  // that is not is refused with MalformedPolicyDocument, whose exact text AWS does not document.
  function expectMalformed(d: Diagnosis, ...fragments: string[]): void {
    expect(d.decision).toBe('invalid');
    expect(d.failedChecks).toEqual(['request-valid']);
    expect(d.awsError).toMatchObject({ code: 'MalformedPolicyDocument', httpStatus: 400, exactTextKnown: false, check: 'request-valid' });
    const summary = check(d, 'request-valid').summary;
    expect(summary).toContain('request.policy');
    expect(summary).toContain('MalformedPolicyDocument');
    for (const fragment of fragments) expect(`${summary} ${d.awsError?.message}`).toContain(fragment);
    expect(check(d, 'request-valid').rules).toContain('R-52');
  }

  it('R-52: an inline session policy that is not JSON is malformed, not allowed', () => {
    expectMalformed(diagnose(trustAlice, assumeRequest({ policy: 'garbage{{' })), 'not valid JSON');
  });

  it('R-52: an inline session policy without a Statement ({}) is malformed', () => {
    expectMalformed(diagnose(trustAlice, assumeRequest({ policy: {} })), 'no "Statement"');
    expectMalformed(diagnose(trustAlice, assumeRequest({ policy: '{}' })), 'no "Statement"');
    expectMalformed(diagnose(trustAlice, assumeRequest({ policy: '[1]' })), 'got an array');
  });

  it('R-52: statements that are not objects, or that IAM would refuse to store, make the policy malformed', () => {
    expectMalformed(diagnose(trustAlice, assumeRequest({ policy: { Statement: [1, 'x', null] } })), 'request.policy.Statement[0]', 'a statement must be an object');
    expectMalformed(diagnose(trustAlice, assumeRequest({ policy: { Statement: [{ Effect: 'Maybe', Action: 's3:*', Resource: '*' }] } })), 'Effect must be "Allow" or "Deny"');
    // A session policy is identity-based: a Principal does not belong in it.
    expectMalformed(diagnose(trustAlice, assumeRequest({ policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] } })), 'Principal');
    // One bad statement among good ones is enough: AWS does not store part of a policy.
    const mixed = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: 's3:*' }] };
    expectMalformed(diagnose(trustAlice, assumeRequest({ policy: mixed })), 'Statement[1]', 'no Resource');
  });

  it('R-52: the error names the problem but the summary does not say "statement skipped"', () => {
    const d = diagnose(trustAlice, assumeRequest({ policy: { Statement: [1] } }));
    expect(check(d, 'request-valid').summary).not.toContain('statement skipped');
    expect(d.awsError?.message).not.toContain('statement skipped');
  });

  it('R-52: a malformed policy for AssumeRoleWithWebIdentity is MalformedPolicyDocument too', () => {
    expectMalformed(diagnose(webWorld, webRequest({}, { policy: 'not a policy' })), 'not valid JSON');
  });

  it('R-52, R-54: a model constraint broken as well keeps its ValidationError in AWS words; the summary names both', () => {
    const d = diagnose(trustAlice, assumeRequest({ policy: 'garbage{{', roleSessionName: 'x' }));
    expect(d.awsError?.code).toBe('ValidationError');
    expect(d.awsError?.message).toContain("at 'roleSessionName'");
    expect(check(d, 'request-valid').summary).toContain('MalformedPolicyDocument');
  });

  it('R-12, R-52: a well-formed inline session policy leaves the call allowed, whatever it allows', () => {
    // It limits the new session's later calls; it does not authorize this one.
    for (const policy of [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] },
      '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}',
      { Version: '2012-10-17', Statement: [] },
    ]) {
      const d = diagnose(trustAlice, assumeRequest({ policy }));
      expect(d.decision).toBe('allowed');
      expect(check(d, 'request-valid').status).toBe('pass');
      expect(d.awsError).toBeUndefined();
    }
  });

  it('R-52: the fix for a malformed policy names MalformedPolicyDocument, not a ValidationError', () => {
    const d = diagnose(trustAlice, assumeRequest({ policy: 'garbage{{' }));
    const fix = d.fixes.find((f) => f.check === 'request-valid');
    expect(fix?.explanation).toContain('MalformedPolicyDocument');
    expect(fix?.explanation).toContain('the inline session policy');
    expect(fix?.requestPatch).toBeUndefined();
  });

  it('R-52: more than 10 managed session policy ARNs', () => {
    const policyArns = Array.from({ length: 11 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`);
    const d = diagnose(trustAlice, assumeRequest({ policyArns }));
    expect(d.decision).toBe('invalid');
    expect(check(d, 'request-valid').rules).toContain('R-52');
  });

  it('R-39: a session tag reusing an inherited transitive tag key fails', () => {
    const snap = snapshot([account(CALLER_ACCOUNT, { roles: [role('Builder', { account: CALLER_ACCOUNT, trust: [], statements: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })] }), ...trustAlice.accounts.slice(1)]);
    const d = diagnose(snap, assumeRequest({ caller: sessionArn('Builder', 'ci'), tags: [{ Key: 'Team', Value: 'red' }], callerSession: { issuedBy: 'AssumeRole', transitiveTagKeys: ['team'] } }));
    expect(d.decision).toBe('invalid');
    expect(check(d, 'request-valid').summary).toContain("'Team'");
  });

  it('R-39: two session tags whose keys differ only in case fail; AWS gives no exact text for it', () => {
    const d = diagnose(trustAlice, assumeRequest({ tags: [{ Key: 'Team', Value: 'red' }, { Key: 'team', Value: 'blue' }] }));
    expectInexactInvalid(d, "'Team' and 'team'", 'R-39');
  });

  it('R-39: the same key twice is named as a repeat, not as a difference in case', () => {
    const d = diagnose(trustAlice, assumeRequest({ tags: [{ Key: 'Team', Value: 'red' }, { Key: 'Team', Value: 'blue' }] }));
    expect(d.failedChecks).toEqual(['request-valid']);
    expect(check(d, 'request-valid').summary).toContain("session tag key 'Team' is passed twice");
  });

  it('R-39: keys that differ only in case in a web identity token\'s tags fail too', () => {
    const d = diagnose(webWorld, webRequest({ [TAGS_CLAIM]: { principal_tags: { Team: ['red'], TEAM: ['blue'] } } }));
    expect(d.failedChecks).toEqual(['request-valid']);
    expect(check(d, 'request-valid').summary).toContain("'Team' and 'TEAM'");
  });

  it('valid parameters pass', () => {
    expect(check(diagnose(trustAlice, assumeRequest({ durationSeconds: 3600, externalId: 'ab-12', tags: [{ Key: 'team', Value: 'red' }] })), 'request-valid').status).toBe('pass');
  });
});


describe('request-valid: session tags in a token or an assertion', () => {
  it('R-39: 50 tags in the token pass; 51 fail request-valid, with no exact AWS text', () => {
    expect(diagnose(webWorld, webRequest({ [TAGS_CLAIM]: { principal_tags: many(50) } })).decision).toBe('allowed');
    const d = diagnose(webWorld, webRequest({ [TAGS_CLAIM]: { principal_tags: many(51) } }));
    expect(d.decision).toBe('invalid');
    expect(d.failedChecks).toEqual(['request-valid']);
    expect(d.awsError).toMatchObject({ code: 'ValidationError', httpStatus: 400, exactTextKnown: false });
    expect(check(d, 'request-valid').summary).toContain('51 session tags');
    expect(check(d, 'request-valid').rules).toContain('R-39');
  });

  it('R-39: a token tag key of 129 characters, or a value of 257, fails; 128 and 256 pass', () => {
    expect(diagnose(webWorld, webRequest({ [TAGS_CLAIM]: { principal_tags: { ['k'.repeat(128)]: ['v'.repeat(256)] } } })).decision).toBe('allowed');
    const key = diagnose(webWorld, webRequest({ [TAGS_CLAIM]: { principal_tags: { ['k'.repeat(129)]: ['v'] } } }));
    expect(key.failedChecks).toEqual(['request-valid']);
    expect(check(key, 'request-valid').summary).toContain('129 characters; AWS allows at most 128');
    const value = diagnose(webWorld, webRequest({ [TAGS_CLAIM]: { principal_tags: { team: ['v'.repeat(257)] } } }));
    expect(value.failedChecks).toEqual(['request-valid']);
    expect(check(value, 'request-valid').summary).toContain("the value of session tag 'team'");
    expect(value.awsError?.exactTextKnown).toBe(false);
  });

  it('R-39: 51 SAML PrincipalTag attributes fail request-valid', () => {
    const attributes = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`${SAML_ATTR}PrincipalTag:k${i}`, 'v']));
    const d = diagnose(samlWorld, samlRequest(attributes));
    expect(d.decision).toBe('invalid');
    expect(d.failedChecks).toEqual(['request-valid']);
    expect(d.awsError?.exactTextKnown).toBe(false);
    expect(check(d, 'request-valid').summary).toContain('51 session tags are passed as SAML PrincipalTag attributes');
  });

  it('R-39: the request-valid fix names the session tags and patches nothing (the token is the IdP\'s)', () => {
    const d = diagnose(webWorld, webRequest({ [TAGS_CLAIM]: { principal_tags: many(51) } }));
    const fix = d.fixes.find((f) => f.check === 'request-valid');
    expect(fix?.requestPatch).toBeUndefined();
    expect(fix?.explanation).toContain('the session tags (51 session tags');
  });
});

describe('request-valid: a source identity in a token or an assertion', () => {
  it('R-38: a one-character source_identity claim fails request-valid, not exact text', () => {
    const d = diagnose(webWorld, webRequest({ [SOURCE_CLAIM]: 'a' }));
    expectInexactInvalid(d, "the source identity 'a'", 'R-38');
  });

  it('R-38: a SAML SourceIdentity with a space, or beginning with aws:, fails; a valid one passes', () => {
    const spaced = diagnose(samlWorld, samlRequest({ [`${SAML_ATTR}SourceIdentity`]: 'John Doe' }));
    expect(spaced.failedChecks).toEqual(['request-valid']);
    expect(check(spaced, 'request-valid').summary).toContain('SAML SourceIdentity attribute');
    const prefixed = diagnose(samlWorld, samlRequest({ [`${SAML_ATTR}SourceIdentity`]: 'aws:john' }));
    expect(prefixed.failedChecks).toEqual(['request-valid']);
    expect(check(prefixed, 'request-valid').summary).toContain("begins with 'aws:'");
    expect(diagnose(samlWorld, samlRequest({ [`${SAML_ATTR}SourceIdentity`]: 'john.doe@example.com' })).decision).toBe('allowed');
  });

  it('R-38: a 65-character source_identity claim fails; 64 passes', () => {
    expect(diagnose(webWorld, webRequest({ [SOURCE_CLAIM]: 's'.repeat(64) })).decision).toBe('allowed');
    const d = diagnose(webWorld, webRequest({ [SOURCE_CLAIM]: 's'.repeat(65) }));
    expect(d.failedChecks).toEqual(['request-valid']);
    expect(check(d, 'request-valid').summary).toContain('AWS allows at most 64');
  });
});

describe('request-valid: the SAML RoleSessionName attribute', () => {
  it('R-37: a display name with a space ("John Doe") fails request-valid, not exact text', () => {
    const d = diagnose(samlWorld, samlRequest({ [`${SAML_ATTR}RoleSessionName`]: 'John Doe' }));
    expectInexactInvalid(d, "the session name 'John Doe' from the SAML RoleSessionName attribute", 'R-37');
    // The name is in the assertion, which the caller cannot edit: the fix patches no request parameter.
    expect(d.fixes.find((f) => f.check === 'request-valid')?.requestPatch).toBeUndefined();
    // The advice names what to correct, where it comes from, rather than 'the parameter named in the error'.
    const advice = d.fixes.find((f) => f.check === 'request-valid')!.explanation;
    expect(advice).toContain('the session name the identity provider sends');
    expect(advice).toContain('SAML RoleSessionName attribute');
  });

  it('R-37: one character, or 65, fails; an e-mail address passes', () => {
    expect(diagnose(samlWorld, samlRequest({ [`${SAML_ATTR}RoleSessionName`]: 'j' })).failedChecks).toEqual(['request-valid']);
    expect(diagnose(samlWorld, samlRequest({ [`${SAML_ATTR}RoleSessionName`]: 'j'.repeat(65) })).failedChecks).toEqual(['request-valid']);
    expect(diagnose(samlWorld, samlRequest({ [`${SAML_ATTR}RoleSessionName`]: 'john.doe@example.com' })).decision).toBe('allowed');
  });

  it('R-37: a web identity RoleSessionName is a request parameter, checked with the model\'s exact words', () => {
    const d = diagnose(webWorld, webRequest({}, { roleSessionName: 'octo cat' }));
    expect(d.failedChecks).toEqual(['request-valid']);
    expect(d.awsError?.message).toBe("1 validation error detected: Value 'octo cat' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
    expect(d.awsError?.exactTextKnown).toBeUndefined();
  });
});

describe('duration', () => {
  it('R-49: DurationSeconds above the role MaxSessionDuration is invalid, with AWS text', () => {
    const d = diagnose(trustAlice, assumeRequest({ durationSeconds: 7200 }));
    expect(d.decision).toBe('invalid');
    expect(d.failedChecks).toEqual(['duration']);
    expect(d.awsError?.message).toBe('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    expect(check(d, 'duration').summary).toContain('3600 seconds, the default');
  });

  it('R-49: within a raised MaxSessionDuration passes', () => {
    const snap = twoAccounts([trustStatement({ AWS: userArn('alice') })], { statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }, { maxSessionDuration: 14400 });
    expect(diagnose(snap, assumeRequest({ durationSeconds: 7200 })).decision).toBe('allowed');
  });

  it('R-50: role chaining caps the session at one hour whatever MaxSessionDuration says', () => {
    const snap = snapshot([
      account(CALLER_ACCOUNT, { roles: [role('Builder', { account: CALLER_ACCOUNT, trust: [], statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] })] }),
      account('222222222222', { roles: [role('Deploy', { trust: [trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` })], maxSessionDuration: 43200 })] }),
    ]);
    const d = diagnose(snap, assumeRequest({ caller: sessionArn('Builder', 'ci'), durationSeconds: 7200, callerSession: { issuedBy: 'AssumeRole' } }));
    expect(d.decision).toBe('invalid');
    expect(d.awsError?.message).toBe('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    // R-50 (disputed, §10.7): EC2 instance-profile credentials are not role chaining per the AWS text.
    const ec2 = diagnose(snap, assumeRequest({ caller: sessionArn('Builder', 'i-0abc'), durationSeconds: 7200, callerSession: { issuedBy: 'ec2' } }));
    expect(ec2.decision).toBe('allowed');
    expect(check(ec2, 'duration').disputed).toBe(true);
  });

  // The role's account marks maxSessionDuration unavailable (ListRoles refused, or an imported
  // get-account-authorization-details file, which never carries the field).
  const unread = (snap: Snapshot, maxSessionDuration?: number): Snapshot => ({
    ...snap,
    accounts: snap.accounts.map((a) =>
      a.accountId !== ROLE_ACCOUNT
        ? a
        : {
            ...a,
            authorizationDetails: {
              ...a.authorizationDetails,
              RoleDetailList: a.authorizationDetails.RoleDetailList?.map((r) => ({ ...r, MaxSessionDuration: maxSessionDuration })),
            },
            unavailable: [{ part: 'maxSessionDuration', reason: 'access denied: ListRoles', missingPermission: 'iam:ListRoles' }],
          },
    ),
  });

  it('R-49: a MaxSessionDuration that was not read makes DurationSeconds above one hour unknown, not invalid', () => {
    const d = diagnose(unread(trustAlice), assumeRequest({ durationSeconds: 7200 }));
    expect(d.decision).toBe('inconclusive');
    expect(check(d, 'duration').status).toBe('unknown');
    expect(check(d, 'duration').summary).toContain('MaxSessionDuration of role Deploy was not read (access denied: ListRoles)');
    expect(d.awsError).toBeUndefined();
  });

  it('R-49: within one hour passes even when MaxSessionDuration was not read (every role allows 3600)', () => {
    expect(check(diagnose(unread(trustAlice), assumeRequest({ durationSeconds: 3600 })), 'duration').status).toBe('pass');
    expect(diagnose(unread(trustAlice), assumeRequest({ durationSeconds: 3600 })).decision).toBe('allowed');
  });

  it('R-49: a role that carries MaxSessionDuration is read as before even when the account marks the part unavailable', () => {
    expect(diagnose(unread(trustAlice, 14400), assumeRequest({ durationSeconds: 7200 })).decision).toBe('allowed');
    expect(diagnose(unread(trustAlice, 3600), assumeRequest({ durationSeconds: 7200 })).decision).toBe('invalid');
  });

  it('R-50: role chaining above one hour still fails with certainty when MaxSessionDuration was not read', () => {
    const snap = unread(
      snapshot([
        account(CALLER_ACCOUNT, { roles: [role('Builder', { account: CALLER_ACCOUNT, trust: [], statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] })] }),
        account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` })] })] }),
      ]),
    );
    const d = diagnose(snap, assumeRequest({ caller: sessionArn('Builder', 'ci'), durationSeconds: 7200, callerSession: { issuedBy: 'AssumeRole' } }));
    expect(d.decision).toBe('invalid');
    expect(check(d, 'duration').rules).toEqual(['R-50']);
  });
});
