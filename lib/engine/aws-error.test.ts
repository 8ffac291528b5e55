import { describe, expect, it } from 'vitest';
import { accessDenied, audienceError, documentedVariantIntro, durationError, noOidcProviderError, regionDisabledError, rootError, validationError } from './aws-error';

const CALLER = 'arn:aws:iam::111111111111:user/alice';
const ROLE = 'arn:aws:iam::222222222222:role/Deploy';

describe('AWS error texts', () => {
  it('R-54: validation errors count and join their items the way STS does', () => {
    expect(validationError([{ at: 'roleSessionName', value: 'a b', constraint: 'Member must satisfy regular expression pattern: [\\w+=,.@-]*' }]).message).toBe(
      "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
    const two = validationError([
      { at: 'roleSessionName', value: null, constraint: 'Member must not be null' },
      { at: 'durationSeconds', value: '100', constraint: 'Member must have value greater than or equal to 900' },
    ]);
    expect(two.message).toMatch(/^2 validation errors detected: Value null at 'roleSessionName'.*; Value '100' at 'durationSeconds'/);
    expect(two.httpStatus).toBe(400);
  });

  it('R-49, R-50: the two DurationSeconds texts', () => {
    expect(durationError('max').message).toBe('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    expect(durationError('chaining').message).toBe('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  });

  it('R-48: root', () => {
    expect(rootError()).toMatchObject({ code: 'AccessDenied', message: 'Roles may not be assumed by root accounts.', httpStatus: 403 });
  });

  it('R-55: RegionDisabledException names the role account', () => {
    expect(regionDisabledError('222222222222').message).toBe(
      'STS is not activated in this region for account:222222222222. Your account administrator can activate STS in this region using the IAM Console.',
    );
  });

  it('R-59: OIDC provider and audience texts', () => {
    expect(noOidcProviderError('token.actions.githubusercontent.com').message).toBe('No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com');
    expect(audienceError().message).toBe('Incorrect token audience');
  });

  it('R-62: the observed AccessDenied text, with the TagSession / SetSourceIdentity variants', () => {
    expect(accessDenied({ action: 'sts:AssumeRole', callerArn: CALLER, roleArn: ROLE }).message).toBe(`User: ${CALLER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`);
    expect(accessDenied({ action: 'sts:SetSourceIdentity', callerArn: CALLER, roleArn: ROLE }).message).toBe(`User: ${CALLER} is not authorized to perform: sts:SetSourceIdentity on resource: ${ROLE}`);
  });

  it('R-61, R-63: the documented suffixed variant names the policy type, explicit or implicit', () => {
    expect(accessDenied({ action: 'sts:AssumeRole', callerArn: CALLER, roleArn: ROLE, check: 'identity-policy', denial: 'implicit' }).documentedVariant).toBe(
      `User: ${CALLER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE} because no identity-based policy allows the sts:AssumeRole action`,
    );
    expect(accessDenied({ action: 'sts:AssumeRole', callerArn: CALLER, roleArn: ROLE, check: 'permissions-boundary', denial: 'explicit' }).documentedVariant).toMatch(/with an explicit deny in a permissions boundary$/);
    // The troubleshooting page: SCP denials always read as an explicit deny.
    expect(accessDenied({ action: 'sts:AssumeRole', callerArn: CALLER, roleArn: ROLE, check: 'scp', denial: 'implicit' }).documentedVariant).toMatch(/with an explicit deny in a service control policy$/);
    expect(accessDenied({ action: 'sts:AssumeRole', callerArn: CALLER, roleArn: ROLE, check: 'role-exists' }).documentedVariant).toBeUndefined();
  });

  it('R-62, R-25: a service caller gets no STS text anyone sees: the message describes the missing credentials, exactTextKnown false', () => {
    const ec2 = accessDenied({ action: 'sts:AssumeRole', callerArn: 'ec2.amazonaws.com', roleArn: ROLE, check: 'trust-principal', denial: 'implicit' });
    expect(ec2.exactTextKnown).toBe(false);
    expect(ec2.documentedVariant).toBeUndefined();
    expect(ec2.message).toContain('the instance gets no credentials');
    expect(ec2.message).not.toMatch(/^User: /);
    const lambda = accessDenied({ action: 'sts:AssumeRole', callerArn: 'lambda.amazonaws.com', roleArn: ROLE, check: 'trust-principal' });
    expect(lambda).toMatchObject({ code: 'AccessDenied', exactTextKnown: false });
    expect(lambda.message).toContain('The service lambda.amazonaws.com could not assume');
    // IAM callers keep the documented text.
    expect(accessDenied({ action: 'sts:AssumeRole', callerArn: CALLER, roleArn: ROLE, check: 'trust-principal' }).exactTextKnown).toBeUndefined();
    // the federated texts are observed for the call's own action; for sts:TagSession / sts:SetSourceIdentity none is.
    expect(accessDenied({ action: 'sts:AssumeRoleWithWebIdentity', roleArn: ROLE }).exactTextKnown).toBeUndefined();
    expect(accessDenied({ action: 'sts:TagSession', roleArn: ROLE })).toMatchObject({ code: 'AccessDenied', exactTextKnown: false });
  });

  it('R-63: RCP refusals get no documented variant (none is documented); the trust form is introduced as a pattern', () => {
    expect(accessDenied({ action: 'sts:AssumeRole', callerArn: CALLER, roleArn: ROLE, check: 'rcp', denial: 'explicit' }).documentedVariant).toBeUndefined();
    expect(accessDenied({ action: 'sts:AssumeRole', callerArn: CALLER, roleArn: ROLE, check: 'rcp', denial: 'implicit' }).documentedVariant).toBeUndefined();
    expect(documentedVariantIntro({ check: 'trust-principal' })).toMatch(/^documented pattern \(not AWS’s exact words/);
    expect(documentedVariantIntro({ check: 'identity-policy' })).toBe('documented longer form, which STS may also return');
  });

  it('R-59: unauthenticated calls name no caller', () => {
    expect(accessDenied({ action: 'sts:AssumeRoleWithSAML', roleArn: ROLE }).message).toBe('Not authorized to perform sts:AssumeRoleWithSAML');
  });
});
