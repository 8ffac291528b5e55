// "Break it": small, named changes to a lab that a learner can click, each with the check the
// engine is expected to fail (or 'allowed' when the point is that the change does NOT matter to
// AssumeRole). Pure: a transform returns a new lab and never touches its input.

import type { CheckId } from '@/lib/engine/types';
import { findAccount, withRequest, withRole, withSnapshot, withTrustPolicy, type Lab, type PolicyStatement } from './lab';
import {
  BASICS_ROLE_ARN,
  GITHUB_AUDIENCE,
  GITHUB_ISSUER,
  GITHUB_ROLE_ARN,
  LAB_TIME,
  VENDOR_CALLER_ROLE,
  type LabId,
} from './labs';
import { EC2_ROLE_ARN, TOOLING, VENDOR, VENDOR_ROLE_ARN } from './overlay';
import { LONGER_SESSION_SECONDS } from './session-duration';

export interface BreakDefinition {
  id: string;
  lab: LabId;
  /** The button's text: what the learner does. */
  label: string;
  /** What changed, and why AWS answers the way it does. */
  explanation: string;
  /** The failing check AWS's answer comes from, or 'allowed' when the change does not affect the STS call. */
  expected: CheckId | 'allowed';
  rules: string[];
  apply: (lab: Lab) => Lab;
}

const GITHUB_SUB_KEY = 'token.actions.githubusercontent.com:sub';

function addCondition(statement: PolicyStatement, operator: string, key: string, value: string | string[]): void {
  const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
  condition[operator] = { ...(condition[operator] ?? {}), [key]: value };
  statement.Condition = condition;
}

function removeConditionKey(statement: PolicyStatement, key: string): void {
  const condition = statement.Condition as Record<string, Record<string, unknown>> | undefined;
  if (!condition) return;
  for (const operator of Object.keys(condition)) {
    delete condition[operator][key];
    if (Object.keys(condition[operator]).length === 0) delete condition[operator];
  }
  if (Object.keys(condition).length === 0) delete statement.Condition;
}

function allowStatements(statements: PolicyStatement[]): PolicyStatement[] {
  return statements.filter((statement) => statement.Effect === 'Allow');
}

/** The caller becomes a session of PlatformEngineer (itself assumed with MFA): the next hop is role chaining. */
function chainFromPlatformEngineer(lab: Lab): Lab {
  return withRequest(lab, (request) => {
    request.caller = `arn:aws:sts::${TOOLING}:assumed-role/PlatformEngineer/alice`;
    request.callerSession = { issuedBy: 'AssumeRole', mfaAuthenticated: true, issuedAt: '2026-11-23T08:00:00Z', expiration: '2026-11-23T20:00:00Z' };
  });
}

export const BREAKS: readonly BreakDefinition[] = [
  // ───────────── basics: alice → production ReadOnly ─────────────
  {
    id: 'trust-other-account',
    lab: 'basics',
    label: 'Trust the vendor account instead of tooling',
    explanation: 'The trust policy now names 333333333333. No Allow statement names alice’s account any more, so the trust policy refuses.',
    expected: 'trust-principal',
    rules: ['R-13', 'R-24'],
    apply: (lab) =>
      withTrustPolicy(lab, BASICS_ROLE_ARN, (document) => {
        for (const statement of allowStatements(document.Statement)) statement.Principal = { AWS: `arn:aws:iam::${VENDOR}:root` };
      }),
  },
  {
    id: 'drop-identity-permission',
    lab: 'basics',
    label: 'Drop alice’s sts:AssumeRole permission',
    explanation: 'The Engineers group no longer grants sts:AssumeRole on ReadOnly. The trust policy trusts the whole tooling account, which only delegates: the account must still allow the caller (cross-account needs both sides).',
    expected: 'identity-policy',
    rules: ['R-14', 'R-15'],
    apply: (lab) =>
      withSnapshot(lab, (snapshot) => {
        const tooling = findAccount(snapshot, TOOLING);
        for (const group of tooling?.authorizationDetails.GroupDetailList ?? []) {
          group.GroupPolicyList = (group.GroupPolicyList ?? []).filter((policy) => policy.PolicyName !== 'AssumeWorkloadRoles');
        }
      }),
  },
  {
    id: 'require-mfa',
    lab: 'basics',
    label: 'Require MFA in the trust policy',
    explanation: 'The trust statement now requires aws:MultiFactorAuthPresent = true. alice calls with long-term access keys and no MFA code, so the key is absent from the request and the Bool condition is false.',
    expected: 'trust-conditions',
    rules: ['R-28', 'R-40'],
    apply: (lab) =>
      withTrustPolicy(lab, BASICS_ROLE_ARN, (document) => {
        for (const statement of allowStatements(document.Statement)) addCondition(statement, 'Bool', 'aws:MultiFactorAuthPresent', 'true');
      }),
  },
  {
    id: 'chained-two-hours',
    lab: 'basics',
    label: 'Ask for 2 hours from a chained session',
    explanation: 'alice first assumed PlatformEngineer and now asks for ReadOnly with DurationSeconds 7200. ReadOnly allows 4 hours, but a session obtained by role chaining is capped at one hour, so STS rejects the parameters.',
    expected: 'duration',
    rules: ['R-50'],
    apply: (lab) =>
      withRequest(chainFromPlatformEngineer(lab), (request) => {
        request.durationSeconds = 7200;
      }),
  },
  {
    id: 'longer-than-max',
    lab: 'basics',
    label: 'Ask for 6 hours (role allows 4)',
    explanation: 'DurationSeconds 21600 exceeds the role’s MaxSessionDuration of 14400 seconds: a ValidationError, not an AccessDenied.',
    expected: 'duration',
    rules: ['R-49'],
    apply: (lab) =>
      withRequest(lab, (request) => {
        request.durationSeconds = LONGER_SESSION_SECONDS;
      }),
  },
  {
    id: 'expired-caller',
    lab: 'basics',
    label: 'Call with credentials that already expired',
    explanation: 'The caller is a PlatformEngineer session whose expiration passed at 08:45, before the call at 09:00. Temporary credentials stop working when they expire; STS answers ExpiredToken, whatever the policies say.',
    expected: 'caller',
    // No rule covers expired calling credentials (R-47 is aws:TokenIssueTime).
    rules: [],
    apply: (lab) =>
      withRequest(chainFromPlatformEngineer(lab), (request) => {
        request.callerSession = { ...request.callerSession, issuedAt: '2026-11-23T07:45:00Z', expiration: '2026-11-23T08:45:00Z' };
        request.context = { ...request.context, 'aws:CurrentTime': LAB_TIME };
      }),
  },

  // ───────────── cross-account: vendor → VendorMonitoring ─────────────
  {
    id: 'remove-external-id',
    lab: 'cross-account',
    label: 'Call without the ExternalId',
    explanation: 'The request carries no --external-id. sts:ExternalId is then absent from the request context, and StringEquals on an absent key is false.',
    expected: 'trust-conditions',
    rules: ['R-36', 'R-28'],
    apply: (lab) =>
      withRequest(lab, (request) => {
        delete request.externalId;
      }),
  },
  {
    id: 'wrong-external-id',
    lab: 'cross-account',
    label: 'Send a different ExternalId',
    explanation: 'The vendor sends acme-prod instead of the agreed value. StringEquals compares exactly, so the condition fails.',
    expected: 'trust-conditions',
    rules: ['R-36', 'R-31'],
    apply: (lab) =>
      withRequest(lab, (request) => {
        request.externalId = 'acme-prod';
      }),
  },
  {
    id: 'outside-source-ip',
    lab: 'cross-account',
    label: 'Call from outside the allowed IP range',
    explanation: 'The call now comes from 198.51.100.7, outside 203.0.113.0/24, so the IpAddress condition on aws:SourceIp fails. A call through an STS VPC endpoint would fail it too, from any address: aws:SourceIp is then absent, and aws:SourceVpce / aws:SourceVpc are the keys to restrict on.',
    expected: 'trust-conditions',
    rules: ['R-41', 'R-42', 'R-31'],
    apply: (lab) =>
      withRequest(lab, (request) => {
        request.context = { ...request.context, 'aws:SourceIp': '198.51.100.7' };
      }),
  },
  {
    id: 'require-mfa-vendor',
    lab: 'cross-account',
    label: 'Require MFA in the trust policy',
    explanation: 'A machine cannot type an MFA code: the collector’s instance-profile session is not MFA-authenticated, so aws:MultiFactorAuthPresent is false and the trust condition fails. MFA conditions belong on roles people assume.',
    expected: 'trust-conditions',
    rules: ['R-40'],
    apply: (lab) =>
      withTrustPolicy(lab, VENDOR_ROLE_ARN, (document) => {
        for (const statement of allowStatements(document.Statement)) addCondition(statement, 'Bool', 'aws:MultiFactorAuthPresent', 'true');
      }),
  },
  {
    id: 'drop-vendor-permission',
    lab: 'cross-account',
    label: 'Drop the collector’s sts:AssumeRole permission',
    explanation: 'The vendor removes the AssumeCustomerRoles policy from MonitoringCollector. Our trust policy still names the collector, but across accounts the caller’s own account must allow the call too.',
    expected: 'identity-policy',
    rules: ['R-14'],
    apply: (lab) =>
      withRole(lab, VENDOR_CALLER_ROLE, (role) => {
        role.RolePolicyList = (role.RolePolicyList ?? []).filter((policy) => policy.PolicyName !== 'AssumeCustomerRoles');
      }),
  },
  {
    id: 'trust-other-vendor-role',
    lab: 'cross-account',
    label: 'Trust a different vendor role',
    explanation: 'The trust policy now names the vendor’s AcmeMetricsPush role. The caller is a session of MonitoringCollector, which no Allow statement names.',
    expected: 'trust-principal',
    rules: ['R-13', 'R-17'],
    apply: (lab) =>
      withTrustPolicy(lab, VENDOR_ROLE_ARN, (document) => {
        for (const statement of allowStatements(document.Statement)) statement.Principal = { AWS: `arn:aws:iam::${VENDOR}:role/AcmeMetricsPush` };
      }),
  },
  {
    id: 'chained-two-hours-vendor',
    lab: 'cross-account',
    label: 'Ask for a 2-hour chained session',
    explanation: 'The collector now runs with credentials from an earlier AssumeRole and asks for DurationSeconds 7200. Chained sessions are capped at one hour (and VendorMonitoring allows one hour anyway): a ValidationError.',
    expected: 'duration',
    rules: ['R-49', 'R-50'],
    apply: (lab) =>
      withRequest(lab, (request) => {
        request.durationSeconds = 7200;
        request.callerSession = { ...request.callerSession, issuedBy: 'AssumeRole' };
      }),
  },
  {
    id: 'detach-role-permissions',
    lab: 'cross-account',
    label: 'Detach the role’s permission policy',
    explanation: 'VendorMonitoring loses ReadMetrics. AssumeRole still succeeds: the permission policies decide what the session can do afterwards, not whether it can be created. The vendor’s next CloudWatch call would be denied instead.',
    expected: 'allowed',
    rules: ['R-13'],
    apply: (lab) =>
      withRole(lab, VENDOR_ROLE_ARN, (role) => {
        role.RolePolicyList = [];
        role.AttachedManagedPolicies = [];
      }),
  },

  // ───────────── ec2-s3: the instance profile ─────────────
  {
    id: 'trust-lambda-instead',
    lab: 'ec2-s3',
    label: 'Trust lambda.amazonaws.com instead of EC2',
    explanation: 'The trust policy now names the Lambda service. EC2 asks STS on the instance’s behalf as ec2.amazonaws.com, which no Allow statement names: the instance gets no credentials.',
    expected: 'trust-principal',
    rules: ['R-25'],
    apply: (lab) =>
      withTrustPolicy(lab, EC2_ROLE_ARN, (document) => {
        for (const statement of allowStatements(document.Statement)) statement.Principal = { Service: 'lambda.amazonaws.com' };
      }),
  },
  {
    id: 'trust-wrong-action',
    lab: 'ec2-s3',
    label: 'Allow sts:AssumeRoleWithWebIdentity instead of sts:AssumeRole',
    explanation: 'The statement still names ec2.amazonaws.com, but for sts:AssumeRoleWithWebIdentity. EC2 calls sts:AssumeRole for the instance, and no Allow statement grants that action to it: the instance gets no credentials.',
    expected: 'trust-principal',
    rules: ['R-13', 'R-25'],
    apply: (lab) =>
      withTrustPolicy(lab, EC2_ROLE_ARN, (document) => {
        for (const statement of allowStatements(document.Statement)) statement.Action = 'sts:AssumeRoleWithWebIdentity';
      }),
  },
  {
    id: 'remove-s3-policy',
    lab: 'ec2-s3',
    label: 'Remove the S3 read policy',
    explanation: 'The role keeps its trust but loses ReadAppConfigBucket. The instance still receives credentials; its s3:GetObject calls are what fail now (AccessDenied from S3, not from STS).',
    expected: 'allowed',
    rules: ['R-13'],
    apply: (lab) =>
      withRole(lab, EC2_ROLE_ARN, (role) => {
        role.RolePolicyList = [];
      }),
  },

  // ───────────── github-oidc ─────────────
  {
    id: 'narrow-sub',
    lab: 'github-oidc',
    label: 'Narrow sub to the production environment only',
    explanation: 'The trust policy now admits only repo:acme/api:environment:production. A job on main that does not reference an environment presents ref:refs/heads/main, which no longer matches.',
    expected: 'trust-conditions',
    rules: ['R-57', 'R-58'],
    apply: (lab) =>
      withTrustPolicy(lab, GITHUB_ROLE_ARN, (document) => {
        for (const statement of allowStatements(document.Statement)) {
          removeConditionKey(statement, GITHUB_SUB_KEY);
          addCondition(statement, 'StringLike', GITHUB_SUB_KEY, 'repo:acme/api:environment:production');
        }
      }),
  },
  {
    id: 'pull-request-job',
    lab: 'github-oidc',
    label: 'Run the job for a pull request',
    explanation: 'A pull_request workflow presents sub repo:acme/api:pull_request. The trust policy admits main and the production environment only, so the condition fails: code from an unreviewed branch cannot deploy.',
    expected: 'trust-conditions',
    rules: ['R-58'],
    apply: (lab) =>
      withRequest(lab, (request) => {
        request.webIdentity = { claims: { iss: GITHUB_ISSUER, sub: 'repo:acme/api:pull_request', aud: GITHUB_AUDIENCE } };
      }),
  },
  {
    id: 'wrong-audience',
    lab: 'github-oidc',
    label: 'Request a token for another audience',
    explanation: 'The workflow asks GitHub for a token with aud https://github.com/acme. The provider’s client-ID list holds only sts.amazonaws.com, so STS rejects the token (InvalidIdentityToken: Incorrect token audience).',
    expected: 'web-identity',
    rules: ['R-59'],
    apply: (lab) =>
      withRequest(lab, (request) => {
        request.webIdentity = { claims: { iss: GITHUB_ISSUER, sub: 'repo:acme/api:ref:refs/heads/main', aud: 'https://github.com/acme' } };
      }),
  },
  {
    id: 'delete-provider',
    lab: 'github-oidc',
    label: 'Delete the OIDC provider',
    explanation: 'Without an IAM OIDC provider for token.actions.githubusercontent.com in 111111111111, STS cannot trust GitHub’s tokens at all: "No OpenIDConnect provider found in your account".',
    expected: 'web-identity',
    rules: ['R-56', 'R-59'],
    apply: (lab) =>
      withSnapshot(lab, (snapshot) => {
        const tooling = findAccount(snapshot, TOOLING);
        if (tooling) tooling.openIdConnectProviders = [];
      }),
  },
  {
    id: 'foreign-repo',
    lab: 'github-oidc',
    label: 'Run from a repository outside acme',
    explanation: 'A workflow in someone-else/api presents its own sub. Besides the role’s trust conditions, the organization’s resource control policy denies web-identity calls whose sub is not repo:acme/*.',
    expected: 'rcp',
    rules: ['R-08', 'R-10'],
    apply: (lab) =>
      withRequest(lab, (request) => {
        request.webIdentity = { claims: { iss: GITHUB_ISSUER, sub: 'repo:someone-else/api:ref:refs/heads/main', aud: GITHUB_AUDIENCE } };
      }),
  },
];

export function breaksFor(lab: LabId, ids?: readonly string[]): BreakDefinition[] {
  const all = BREAKS.filter((definition) => definition.lab === lab);
  return ids ? ids.map((id) => all.find((definition) => definition.id === id)).filter((d): d is BreakDefinition => Boolean(d)) : all;
}

export function findBreak(id: string): BreakDefinition | undefined {
  return BREAKS.find((definition) => definition.id === id);
}
