// Fixes for the checks outside a role owner's policies: parameters STS rejects, callers that may
// not assume roles, the STS region, organization policies and explicit denies. Where the caller
// can simply ask differently, a request patch; otherwise advice only, naming who must act.

import { parameterProblems, type RequestParameter } from '../checks/parameters';
import { statementLabel } from '../checks/run';
import type { AssumeRoleRequest, Fix } from '../types';
import { requestFix, type FixContext } from './context';

/** R-37: keep the allowed characters, replace the rest with '-', and fit 2–64 characters. */
export function validSessionName(name: string | undefined): string {
  const cleaned = (name ?? '').replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : `${cleaned}session`.slice(0, 64);
}

// The parameters we cannot choose for the caller, in the order the fix names them. Which are
// wrong, and how, is the request-valid check's answer (parameterProblems): each is named with the
// constraint AWS states for it, so the words can never disagree with the check.
const NAMES: [RequestParameter, string][] = [
  // A request's RoleSessionName is corrected for the caller (above); this is the one a SAML
  // assertion carries, which the identity provider sets.
  ['roleSessionName', 'the session name the identity provider sends'],
  ['externalId', 'the external ID'],
  ['sourceIdentity', 'the source identity'],
  ['serialNumber', 'the MFA device serial number'],
  ['tokenCode', 'the MFA token code'],
  ['tags', 'the session tags'],
  ['transitiveTagKeys', 'the transitive tag keys'],
  ['policyArns', 'the managed session policies'],
  ['policy', 'the inline session policy'],
  ['durationSeconds', 'DurationSeconds'],
];

/** What is wrong with each parameter, as the check found it: the model's constraint, or AWS's documented limit. */
type Wrong = ReadonlyMap<RequestParameter, string[]>;

/** Parameters we cannot choose for the caller (R-36, R-38…R-40, R-49, R-52, R-53). */
function unfixableParameters(wrong: Wrong): string[] {
  const problems: string[] = [];
  for (const [parameter, name] of NAMES) {
    const how = wrong.get(parameter);
    if (how) problems.push(`${name} (${[...new Set(how)].join('; ')})`);
  }
  return problems;
}

export function requestValidFix(context: FixContext): Fix | undefined {
  const { request } = context;
  const { violations, others } = parameterProblems(request, request.action);
  const patch: Partial<AssumeRoleRequest> = {};
  const changes: string[] = [];
  // What we can choose for the caller: a valid session name, and the shortest DurationSeconds.
  const wrong = new Map<RequestParameter, string[]>();
  const add = (parameter: RequestParameter, how: string) => wrong.set(parameter, [...(wrong.get(parameter) ?? []), how]);
  for (const v of violations) {
    if (v.parameter === 'roleSessionName') {
      patch.roleSessionName = validSessionName(request.roleSessionName);
    } else if (v.parameter === 'durationSeconds' && v.kind === 'too-small') {
      patch.durationSeconds = 900;
    } else add(v.parameter, `${v.at}: ${v.constraint}`);
  }
  for (const o of others) add(o.parameter, o.message);
  if (patch.roleSessionName !== undefined) changes.push(`a session name of 2-64 characters from [A-Za-z0-9_+=,.@-] ('${patch.roleSessionName}') (R-37)`);
  if (patch.durationSeconds !== undefined) changes.push('DurationSeconds of at least 900 (R-49)');
  const unfixable = unfixableParameters(wrong);
  if (unfixable.length || changes.length === 0) {
    // The answer the check chose (a malformed inline session policy, with no model constraint
    // broken, is answered with MalformedPolicyDocument, R-52): one rule, in the check.
    const malformed = context.diagnosis.awsError?.check === 'request-valid' && context.diagnosis.awsError.code === 'MalformedPolicyDocument';
    const answer = malformed ? 'STS answers with MalformedPolicyDocument, whatever the policies say (R-52)' : 'STS answers with a ValidationError, whatever the policies say (R-54)';
    return {
      check: 'request-valid',
      title: 'Send parameters STS accepts',
      explanation: `${answer}. Correct ${[...changes, ...unfixable].join('; ') || 'the parameter named in the error'}; only the caller knows the intended values.`,
    };
  }
  return requestFix(context, 'request-valid', 'Send parameters STS accepts', `STS answers with a ValidationError, whatever the policies say (R-54). Send ${changes.join(' and ')}.`, patch);
}

export function stsRegionFix(context: FixContext): Fix {
  const region = context.request.region ?? 'global';
  return requestFix(
    context,
    'sts-region',
    'Call STS where it is active, or activate the region',
    `STS is not active in ${region} for account ${context.roleAccountId}, the account that owns the role; the caller's account does not matter (R-55). Either call the global endpoint (sts.amazonaws.com) or another active region, or have account ${context.roleAccountId} activate ${region} (IAM console → Account settings → Security Token Service endpoints).`,
    { region: 'global' },
  );
}

export function adviceFix(context: FixContext, checkId: 'caller' | 'scp' | 'rcp' | 'trust-deny' | 'session-policy' | 'saml'): Fix | undefined {
  const check = context.check(checkId);
  if (!check) return undefined;
  const statements = check.evidence
    .filter((item) => item.effect === 'Deny' || checkId !== 'trust-deny')
    .map((item) => `${statementLabel(item)} of ${item.policy.name}${item.policy.attachedTo ? ` attached to ${item.policy.attachedTo}` : ''}`)
    .slice(0, 3);
  const where = statements.length ? ` The deciding statement: ${statements.join('; ')}.` : '';
  switch (checkId) {
    case 'caller':
      return callerAdvice(check.rules, context.diagnosis.awsError?.check === 'caller' ? context.diagnosis.awsError.code : undefined);
    case 'scp':
      return {
        check: checkId,
        title: 'Ask the organization administrators about the SCP',
        explanation: `A service control policy on the caller's account path blocks sts:AssumeRole (R-04…R-07).${where} SCPs are managed in the organization's management account; no change in either account's IAM can override them.`,
      };
    case 'rcp':
      return {
        check: checkId,
        title: 'Ask the organization administrators about the RCP',
        explanation: `A resource control policy on the role account's path denies this call (R-08…R-10).${where} RCPs are managed in the organization's management account.`,
      };
    case 'trust-deny':
      return {
        check: checkId,
        title: 'Review the Deny statement in the trust policy',
        explanation: `A Deny statement in the role's trust policy applies to this call, and an explicit deny wins over every allow (R-02).${where} We do not generate a change: the deny was written on purpose, so the role owner has to decide whether this caller should be exempt.`,
      };
    case 'session-policy':
      return {
        check: checkId,
        title: 'Start the calling session with a session policy that allows the call',
        explanation: `The calling session was created with a session policy that does not allow ${context.request.action} on this role (R-12).${where} A session policy cannot be changed afterwards: obtain a new session without it, or with one that allows this role ARN.`,
      };
    case 'saml':
      return {
        check: checkId,
        title: 'Register the SAML provider in the role account',
        explanation: `The SAML provider named in the call is not registered in account ${context.roleAccountId}, which owns the role (R-60). Create it there from the IdP's metadata (aws iam create-saml-provider --name … --saml-metadata-document file://metadata.xml) and name its ARN in the trust policy.`,
      };
  }
}

/** Why the caller's credentials were refused, read from the rules the failing `caller` check cites. */
/** `errorCode`: the error AWS answers with when it is the caller check's (ExpiredToken, …). */
function callerAdvice(rules: readonly string[], errorCode: string | undefined): Fix {
  if (rules.includes('P-01')) {
    return {
      check: 'caller',
      title: 'Federate across the partition instead of assuming the role directly',
      explanation:
        "The caller and the role are in different partitions, and credentials from one partition are not valid in another (P-01); no trust or identity policy change can make sts:AssumeRole cross. Either call with credentials from the role's partition, or use cross-partition federation: enable outbound identity federation in the caller's account and allow the caller sts:GetWebIdentityToken; in the role's account create an OIDC provider from the caller account's issuer URL (its client ID list holding the audience the caller will request) and trust that provider in the role; then exchange the token with AssumeRoleWithWebIdentity.",
    };
  }
  if (rules.includes('R-48')) {
    return {
      check: 'caller',
      title: 'Call with an IAM user or role',
      explanation: `These credentials cannot assume a role: the root user never can, and sessions from GetFederationToken cannot call STS (R-48). Use an IAM user or a role session, which then needs the trust and identity permissions.`,
    };
  }
  if (errorCode !== 'ExpiredToken') {
    // A refusal of the caller this advice does not know: no guess about its cause.
    return {
      check: 'caller',
      title: "Review the caller's credentials",
      explanation: "STS refuses these credentials before reading any policy; the caller check says why. A trust or identity policy change would not help.",
    };
  }
  return {
    check: 'caller',
    title: 'Call again with fresh credentials',
    explanation: 'The calling session had expired when the call was made, and STS refuses expired credentials before reading any policy. Obtain new credentials (assume the calling role again, or sign in again) and repeat the call; nothing in the policies needs to change.',
  };
}
