import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose';
import { ROLE_ACCOUNT, account, role, roleArn, snapshot, check } from './testing';


const GITHUB = 'token.actions.githubusercontent.com';
const PROVIDER = `arn:aws:iam::${ROLE_ACCOUNT}:oidc-provider/${GITHUB}`;
const ghTrust = {
  Effect: 'Allow',
  Principal: { Federated: PROVIDER },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${GITHUB}:sub`]: 'repo:acme/api:*' } },
};

function ghWorld(oidc = [{ Arn: PROVIDER, Url: `https://${GITHUB}`, ClientIDList: ['sts.amazonaws.com'] }]) {
  return snapshot([account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [ghTrust] })], oidc })]);
}

function webRequest(claims: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { action: 'sts:AssumeRoleWithWebIdentity', roleArn: roleArn('Deploy'), roleSessionName: 'gha', webIdentity: { claims }, ...extra };
}

const goodClaims = { iss: `https://${GITHUB}`, sub: 'repo:acme/api:ref:refs/heads/main', aud: 'sts.amazonaws.com' };

describe('web-identity', () => {
  it('R-56, R-57: a GitHub token from the trusted repository is allowed; the OIDC keys are in the context', () => {
    const d = diagnose(ghWorld(), webRequest(goodClaims));
    expect(d.decision).toBe('allowed');
    expect(d.context.find((c) => c.key === `${GITHUB}:sub`)?.values).toEqual(['repo:acme/api:ref:refs/heads/main']);
    expect(check(d, 'identity-policy').status).toBe('skip');
  });

  it('R-59: no OIDC provider for the issuer in the role account → InvalidIdentityToken in AWS words', () => {
    const d = diagnose(ghWorld([]), webRequest(goodClaims));
    expect(d.failedChecks).toContain('web-identity');
    expect(d.awsError).toMatchObject({ code: 'InvalidIdentityToken', message: `No OpenIDConnect provider found in your account for https://${GITHUB}` });
  });

  it('R-59: an audience not in the client ids → Incorrect token audience', () => {
    const d = diagnose(ghWorld(), webRequest({ ...goodClaims, aud: 'api://AzureADTokenExchange' }));
    expect(check(d, 'web-identity').status).toBe('fail');
    expect(d.awsError?.message).toBe('Incorrect token audience');
  });

  it('R-56: the provider list not captured is unknown, not missing', () => {
    const snap = snapshot([account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [ghTrust] })] })]);
    expect(check(diagnose(snap, webRequest(goodClaims)), 'web-identity').status).toBe('unknown');
  });

  it('R-59: a trust-policy refusal reads "Not authorized to perform sts:AssumeRoleWithWebIdentity"', () => {
    const d = diagnose(ghWorld(), webRequest({ ...goodClaims, sub: 'repo:evil/api:ref:refs/heads/main' }));
    expect(d.failedChecks).toEqual(['trust-conditions']);
    expect(d.awsError).toMatchObject({ code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' });
  });

  it('R-57: claims come from the decoded (never verified) JWT when only a token is given', () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b64({ alg: 'RS256' })}.${b64(goodClaims)}.not-a-real-signature`;
    const d = diagnose(ghWorld(), { action: 'sts:AssumeRoleWithWebIdentity', roleArn: roleArn('Deploy'), roleSessionName: 'gha', webIdentity: { token } });
    expect(d.decision).toBe('allowed');
  });

  it('R-39: session tags in the token need sts:TagSession in the trust policy', () => {
    const claims = { ...goodClaims, 'https://aws.amazon.com/tags': { principal_tags: { team: ['red'] }, transitive_tag_keys: [] } };
    const d = diagnose(ghWorld(), webRequest(claims));
    expect(d.failedChecks).toEqual(['tag-session']);
  });

  // exp 1795338000 is 2026-11-22T09:00:00Z; IAM accepts a token for five minutes past its exp.
  const expiring = { ...goodClaims, exp: 1795338000 };
  const at = (time: string) => ({ context: { 'aws:CurrentTime': time } });

  it('R-59: a token used more than five minutes past its exp fails before the trust policy is read', () => {
    const d = diagnose(ghWorld(), webRequest(expiring, at('2026-11-22T09:05:00Z')));
    expect(check(d, 'web-identity').status).toBe('fail');
    expect(check(d, 'web-identity').summary).toContain('until 2026-11-22T09:05:00.000Z');
    expect(d.awsError?.code).toBe('ExpiredTokenException');
  });

  it('R-59: within five minutes past its exp the token is still accepted (clock skew)', () => {
    const d = diagnose(ghWorld(), webRequest(expiring, at('2026-11-22T09:04:59Z')));
    expect(check(d, 'web-identity').status).toBe('pass');
    expect(d.decision).toBe('allowed');
  });

  it('R-59: a token expired only by the time of the diagnosis (no call time given) is not called expired', () => {
    // Pasted forty minutes after the run: the edge's clock is not the time of the call.
    const late = { now: '2026-11-22T09:40:00Z' };
    const d = diagnose(ghWorld(), webRequest(expiring), late);
    expect(check(d, 'web-identity').status).toBe('unknown');
    expect(check(d, 'web-identity').summary).toContain('aws:CurrentTime');
    expect(d.decision).toBe('inconclusive');
    // The subject the trust refuses is the answer, not the token's lifetime.
    const other = diagnose(ghWorld(), webRequest({ ...expiring, sub: 'repo:evil/fork:pull_request' }), late);
    expect(other.decision).toBe('denied');
    expect(other.failedChecks).toEqual(['trust-conditions']);
    expect(other.awsError?.code).toBe('AccessDenied');
  });

  it('R-56, R-59: an expiry the diagnosis cannot settle does not hide a missing provider or a wrong audience', () => {
    const late = { now: '2026-11-22T09:40:00Z' };
    const noProvider = diagnose(ghWorld([]), webRequest(expiring), late);
    expect(noProvider.decision).toBe('denied');
    expect(check(noProvider, 'web-identity').status).toBe('fail');
    expect(noProvider.awsError?.code).toBe('InvalidIdentityToken');
    const wrongAudience = diagnose(ghWorld(), webRequest({ ...expiring, aud: 'someone-else' }), late);
    expect(check(wrongAudience, 'web-identity').status).toBe('fail');
    expect(wrongAudience.awsError?.message).toMatch(/audience/i);
  });
});

describe('saml', () => {
  const samlArn = `arn:aws:iam::${ROLE_ACCOUNT}:saml-provider/Okta`;
  const samlTrust = {
    Effect: 'Allow',
    Principal: { Federated: samlArn },
    Action: 'sts:AssumeRoleWithSAML',
    Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
  };
  const samlRequest = (principalArn = samlArn) => ({
    action: 'sts:AssumeRoleWithSAML',
    roleArn: roleArn('Deploy'),
    saml: { principalArn, attributes: { 'saml:aud': 'https://signin.aws.amazon.com/saml', 'saml:sub': 'alice' } },
  });

  it('R-60: the SAML provider of the role account, named by the trust policy, with saml:aud matching', () => {
    const snap = snapshot([account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [samlTrust] })], saml: [{ Arn: samlArn }] })]);
    const d = diagnose(snap, samlRequest());
    expect(d.decision).toBe('allowed');
    expect(check(d, 'saml').status).toBe('pass');
  });

  it('R-60: a provider that is not in the role account fails', () => {
    const snap = snapshot([account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [samlTrust] })], saml: [] })]);
    const d = diagnose(snap, samlRequest());
    expect(check(d, 'saml').status).toBe('fail');
    expect(d.decision).toBe('denied');
  });
});
