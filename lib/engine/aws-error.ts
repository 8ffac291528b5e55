// The error AWS would return, in AWS's own words (R-48, R-49, R-50, R-54, R-55, R-59, R-61…R-63).
// Where STS's observed message and the documented one differ, `message` is the observed form and
// `documentedVariant` the documented (suffixed) form, so the UI can show both.

import type { AwsError, CheckId, Denial } from './types';

/** The error AWS would return; the engine's additions (documentedVariant, exactTextKnown, rules) are on AwsError itself. */
export type AwsErrorDetail = AwsError;

export interface ValidationItem {
  at: string;
  value: string | null;
  constraint: string;
}

/** R-54: `1 validation error detected: Value '…' at 'roleSessionName' failed to satisfy constraint: …`. */
export function validationError(items: ValidationItem[]): AwsErrorDetail {
  const n = items.length;
  const parts = items.map((v) => `Value ${v.value === null ? 'null' : `'${v.value}'`} at '${v.at}' failed to satisfy constraint: ${v.constraint}`);
  return {
    code: 'ValidationError',
    message: `${n} validation error${n === 1 ? '' : 's'} detected: ${parts.join('; ')}`,
    httpStatus: 400,
    rules: ['R-54'],
  };
}

/** R-49 / R-50. */
export function durationError(kind: 'max' | 'chaining'): AwsErrorDetail {
  return kind === 'max'
    ? { code: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', httpStatus: 400, rules: ['R-49'] }
    : { code: 'ValidationError', message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', httpStatus: 400, rules: ['R-50'] };
}

/**
 * R-52: the inline session policy passed on the call is not an IAM policy. The STS API reference
 * lists MalformedPolicyDocument for AssumeRole, AssumeRoleWithWebIdentity and AssumeRoleWithSAML
 * ("The request was rejected because the policy document was malformed. The error message
 * describes the specific error.") but not the message, so `message` describes the problem.
 */
export function malformedPolicyError(problem: string): AwsErrorDetail {
  return { code: 'MalformedPolicyDocument', message: `The inline session policy is malformed: ${problem}`, httpStatus: 400, exactTextKnown: false, rules: ['R-52'] };
}

/** R-48: root credentials cannot assume roles. */
export function rootError(): AwsErrorDetail {
  return { code: 'AccessDenied', message: 'Roles may not be assumed by root accounts.', httpStatus: 403, rules: ['R-48'] };
}

/**
 * P-01: credentials from another partition are unknown to this partition's STS. AWS documents that
 * they are not valid there, not the exact reply; an unknown access key is answered with this code.
 */
export function crossPartitionError(): AwsErrorDetail {
  return { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', httpStatus: 403, exactTextKnown: false, rules: ['P-01'] };
}

/** An expired calling session (its credentials are refused before any policy is read). */
export function expiredTokenError(): AwsErrorDetail {
  return { code: 'ExpiredToken', message: 'The security token included in the request is expired', httpStatus: 403 };
}

/** R-55: STS not activated in the Region for the role's account. */
export function regionDisabledError(roleAccount: string): AwsErrorDetail {
  return {
    code: 'RegionDisabledException',
    message: `STS is not activated in this region for account:${roleAccount}. Your account administrator can activate STS in this region using the IAM Console.`,
    httpStatus: 403,
    rules: ['R-55'],
  };
}

/** R-59: no IAM OIDC provider for the token's issuer in the role's account. */
export function noOidcProviderError(issuer: string): AwsErrorDetail {
  const url = /^https?:\/\//i.test(issuer) ? issuer : `https://${issuer}`;
  return { code: 'InvalidIdentityToken', message: `No OpenIDConnect provider found in your account for ${url}`, httpStatus: 400, rules: ['R-59'] };
}

/** R-59: the token's aud is not one of the provider's client ids. */
export function audienceError(): AwsErrorDetail {
  return { code: 'InvalidIdentityToken', message: 'Incorrect token audience', httpStatus: 400, rules: ['R-59'] };
}

/** An expired web identity token (model: ExpiredTokenException); the exact text is not documented. */
export function expiredWebIdentityTokenError(): AwsErrorDetail {
  return { code: 'ExpiredTokenException', message: 'Token expired: the web identity token is past its exp time', httpStatus: 400, exactTextKnown: false, rules: ['R-59'] };
}

/** The policy type AWS names in the documented variant, by the check that failed (R-63). */
const POLICY_TYPE: Partial<Record<CheckId, { implicit: string; explicit: string }>> = {
  'trust-principal': { implicit: 'no role trust policy allows', explicit: 'the role trust policy' },
  'trust-conditions': { implicit: 'no role trust policy allows', explicit: 'the role trust policy' },
  'trust-deny': { implicit: 'no role trust policy allows', explicit: 'the role trust policy' },
  'identity-policy': { implicit: 'no identity-based policy allows', explicit: 'an identity-based policy' },
  'permissions-boundary': { implicit: 'no permissions boundary allows', explicit: 'a permissions boundary' },
  // sic: AWS's page writes "sessions policy" for the explicit form.
  'session-policy': { implicit: 'no session policy allows', explicit: 'a sessions policy' },
  // The troubleshooting page says SCP denials always read as explicit.
  scp: { implicit: 'no service control policy allows', explicit: 'a service control policy' },
  // No rcp entry: R-63 found no RCP form in AWS's documentation, so none is offered as documented.
};

/**
 * R-63: how the documented longer form of an explicit denial by the policy type `check` reads
 * ("with an explicit deny in …"), where AWS documents one. For a refusal whose kind is not known
 * (a Deny on an unknown key where nothing allows), the error is given in its implicit form and this
 * names the form AWS documents for the case where the Deny applies.
 */
export function explicitDenyEnding(check: CheckId): string | undefined {
  const type = POLICY_TYPE[check];
  return type ? `with an explicit deny in ${type.explicit}` : undefined;
}

/**
 * How to introduce `documentedVariant`. For the trust policy the form is a documented pattern, not a
 * quotation: AWS's own example reads "because the role trust policy allows …" (sic, R-63, §10 #6),
 * so ours is the cleaned-up pattern and must not be presented as AWS's exact words.
 */
export function documentedVariantIsPattern(error: Pick<AwsErrorDetail, 'check'>): boolean {
  return error.check === 'trust-principal' || error.check === 'trust-conditions' || error.check === 'trust-deny';
}

export function documentedVariantIntro(error: Pick<AwsErrorDetail, 'check'>): string {
  return documentedVariantIsPattern(error)
    ? 'documented pattern (not AWS’s exact words; its own example is worded differently), which STS may also return'
    : 'documented longer form, which STS may also return';
}

/**
 * A service principal (ec2.amazonaws.com…) that cannot assume a role. R-62 documents the AccessDenied
 * text for IAM users and role sessions only; here nobody receives an STS reply: the resource the
 * service works for simply gets no credentials (for EC2, the instance metadata iam/info document is
 * where the failure shows; aws/aws-cli #2060). So the message describes the outcome, not a text.
 */
function serviceDenied(service: string, action: string, roleArn: string): AwsErrorDetail {
  const message =
    service === 'ec2.amazonaws.com'
      ? `EC2 could not assume ${roleArn}: STS refuses ${action} to EC2, not to you, so no STS error shows in your tools: the instance gets no credentials. Look at the instance metadata iam/info document.`
      : `The service ${service} could not assume ${roleArn}: STS refuses ${action} to the service, not to you, so the resource it works for gets no credentials, and the service reports this in its own words (Lambda, for one, refuses to use the role), not as this STS error.`;
  return { code: 'AccessDenied', message, httpStatus: 403, exactTextKnown: false, rules: ['R-25', 'R-62'] };
}

/**
 * R-62: the AccessDenied text STS returns for a signed AssumeRole call, and (R-63) the documented
 * variant naming the policy type. Web identity and SAML callers are unauthenticated: their text
 * names no caller (R-59).
 */
export function accessDenied(args: {
  action: string;
  callerArn?: string;
  roleArn: string;
  check?: CheckId;
  denial?: Denial;
}): AwsErrorDetail {
  const { action, callerArn, roleArn, check, denial } = args;
  if (action === 'sts:AssumeRoleWithWebIdentity' || action === 'sts:AssumeRoleWithSAML') {
    return { code: 'AccessDenied', message: `Not authorized to perform ${action}`, httpStatus: 403, rules: ['R-59'] };
  }
  // An unsigned call refused for sts:TagSession or sts:SetSourceIdentity: the code is AccessDenied,
  // but no public record shows the text STS sends; this is the observed form with that action.
  if (callerArn === undefined) return { code: 'AccessDenied', message: `Not authorized to perform ${action}`, httpStatus: 403, exactTextKnown: false, rules: ['R-59'] };
  if (!callerArn.startsWith('arn:')) return serviceDenied(callerArn, action, roleArn);
  const message = `User: ${callerArn} is not authorized to perform: ${action} on resource: ${roleArn}`;
  // R-63: the troubleshooting page says an SCP denial ALWAYS names the SCP, so that form is the message itself.
  if (check === 'scp') {
    const withScp = `${message} with an explicit deny in a service control policy`;
    return { code: 'AccessDenied', message: withScp, httpStatus: 403, rules: ['R-63', 'R-61'], documentedVariant: withScp };
  }
  const error: AwsErrorDetail = { code: 'AccessDenied', message, httpStatus: 403, rules: ['R-62', 'R-63'] };
  const type = check ? POLICY_TYPE[check] : undefined;
  if (type) {
    if (denial === 'explicit') error.documentedVariant = `${message} ${explicitDenyEnding(check!)}`;
    else error.documentedVariant = `${message} because ${type.implicit} the ${action} action`;
  }
  return error;
}
