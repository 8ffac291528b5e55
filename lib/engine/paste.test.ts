import { describe, expect, it } from 'vitest';
import { parsePasted, type PastedError } from './paste';

const ALICE = 'arn:aws:iam::111111111111:user/alice';
const DEPLOY = 'arn:aws:iam::222222222222:role/Deploy';
const SESSION = 'arn:aws:sts::111111111111:assumed-role/CiRunner/i-0f1e2d3c4b5a69788';

interface Row {
  name: string;
  text: string;
  expect: Partial<PastedError>;
}

// One row per format the rulebook documents (R-48, R-49, R-50, R-54, R-55, R-59, R-61…R-63).
const rows: Row[] = [
  {
    name: 'R-62 observed denial, no suffix',
    text: `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY}`,
    expect: { action: 'sts:AssumeRole', caller: ALICE, roleArn: DEPLOY, code: 'AccessDenied', candidateChecks: ['trust-principal', 'trust-conditions', 'trust-deny', 'identity-policy', 'permissions-boundary', 'session-policy', 'scp', 'rcp'] },
  },
  {
    name: 'R-62 assumed-role caller behind the AWS CLI prefix',
    text: `An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${SESSION} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY}`,
    expect: { action: 'sts:AssumeRole', operation: 'sts:AssumeRole', caller: SESSION, roleArn: DEPLOY, code: 'AccessDenied' },
  },
  {
    name: 'R-62 sts:TagSession denial',
    text: `User: ${SESSION} is not authorized to perform: sts:TagSession on resource: ${DEPLOY}`,
    expect: { action: 'sts:TagSession', caller: SESSION, roleArn: DEPLOY, candidateChecks: ['tag-session'] },
  },
  {
    name: 'R-62 sts:SetSourceIdentity denial',
    text: `User: ${ALICE} is not authorized to perform: sts:SetSourceIdentity on resource: arn:aws:iam::222222222222:role/IambicHubRole`,
    expect: { action: 'sts:SetSourceIdentity', roleArn: 'arn:aws:iam::222222222222:role/IambicHubRole', candidateChecks: ['source-identity'] },
  },
  {
    name: 'R-63 explicit deny in an SCP',
    text: `User: ${SESSION} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY} with an explicit deny in a service control policy`,
    expect: { denial: 'explicit', policyType: 'service control policy', candidateChecks: ['scp'], roleArn: DEPLOY },
  },
  {
    name: 'R-63 SCP "due to" wording',
    text: `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY} due to an explicit deny in a Service Control Policy`,
    expect: { denial: 'explicit', policyType: 'service control policy', candidateChecks: ['scp'] },
  },
  {
    name: 'R-63 explicit deny in a permissions boundary',
    text: `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY} with an explicit deny in a permissions boundary`,
    expect: { denial: 'explicit', policyType: 'permissions boundary', candidateChecks: ['permissions-boundary'] },
  },
  {
    name: 'R-63 no permissions boundary allows',
    text: `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY} because no permissions boundary allows the sts:AssumeRole action`,
    expect: { denial: 'implicit', policyType: 'permissions boundary', candidateChecks: ['permissions-boundary'] },
  },
  {
    name: 'R-63 no identity-based policy allows',
    text: `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY} because no identity-based policy allows the sts:AssumeRole action`,
    expect: { denial: 'implicit', policyType: 'identity-based policy', candidateChecks: ['identity-policy'] },
  },
  {
    name: 'R-63 explicit deny in an identity-based policy',
    text: `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY} with an explicit deny in an identity-based policy`,
    expect: { denial: 'explicit', policyType: 'identity-based policy', candidateChecks: ['identity-policy'] },
  },
  {
    name: 'R-63 session policy (sic "sessions policy")',
    text: `User: ${SESSION} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY} with an explicit deny in a sessions policy`,
    expect: { denial: 'explicit', candidateChecks: ['session-policy'] },
  },
  {
    name: 'R-63 no session policy allows',
    text: `User: ${SESSION} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY} because no session policy allows the sts:AssumeRole action`,
    expect: { denial: 'implicit', candidateChecks: ['session-policy'] },
  },
  {
    name: 'R-63 documented trust-policy variant without "on resource" (sic, no "no")',
    text: 'User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: sts:AssumeRole because the role trust policy allows the sts:AssumeRole action',
    expect: { caller: 'arn:aws:iam::123456789012:user/JohnDoe', roleArn: undefined, denial: 'implicit', policyType: 'role trust policy', candidateChecks: ['trust-principal', 'trust-conditions'] },
  },
  {
    name: 'R-63 explicit deny in the role trust policy',
    text: 'User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: sts:AssumeRole with an explicit deny in the role trust policy',
    expect: { denial: 'explicit', candidateChecks: ['trust-deny'] },
  },
  {
    name: 'R-63 resource-based policy wording',
    text: `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY} because no resource-based policy allows the sts:AssumeRole action`,
    expect: { denial: 'implicit', candidateChecks: ['trust-principal', 'trust-conditions'] },
  },
  {
    name: 'JS SDK "AccessDenied: " prefix with a trailing period',
    text: `AccessDenied: User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY}.`,
    expect: { code: 'AccessDenied', roleArn: DEPLOY, caller: ALICE },
  },
  {
    name: 'Go SDK v2 wrapping',
    text: `operation error STS: AssumeRole, https response error StatusCode: 403, RequestID: a3556be4-6ace-479e-acd8-db5a74762c7c, api error AccessDenied: User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY}`,
    expect: { operation: 'sts:AssumeRole', code: 'AccessDenied', roleArn: DEPLOY },
  },
  {
    name: 'Java SDK wrapping',
    text: `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY} (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: 0a1b2c3d-4e5f-6789-abcd-ef0123456789)`,
    expect: { code: 'AccessDenied', roleArn: DEPLOY },
  },
  {
    name: 'R-48 root caller',
    text: 'An error occurred (AccessDenied) when calling the AssumeRole operation: Roles may not be assumed by root accounts.',
    expect: { action: 'sts:AssumeRole', code: 'AccessDenied', candidateChecks: ['caller'] },
  },
  {
    name: 'R-54 invalid session name pattern',
    text: "An error occurred (ValidationError) when calling the AssumeRole operation: 1 validation error detected: Value 'PowerUser/hjacobs' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    expect: {
      code: 'ValidationError',
      validation: [{ parameter: 'roleSessionName', value: 'PowerUser/hjacobs', constraint: 'Member must satisfy regular expression pattern: [\\w+=,.@-]*' }],
      candidateChecks: ['request-valid'],
    },
  },
  {
    name: 'R-54 session name too long',
    text: "ValidationError: 1 validation error detected: Value 'a-very-long-session-name-that-goes-on-and-on-and-on-past-sixty-four-chars' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64.",
    expect: { code: 'ValidationError', candidateChecks: ['request-valid'] },
  },
  {
    name: 'R-54 duration below 900',
    text: "An error occurred (ValidationError) when calling the AssumeRole operation: 1 validation error detected: Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    expect: { validation: [{ parameter: 'durationSeconds', value: '600', constraint: 'Member must have value greater than or equal to 900' }], candidateChecks: ['request-valid', 'duration'] },
  },
  {
    name: 'R-54 two validation errors',
    text: "2 validation errors detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
    expect: {
      validation: [
        { parameter: 'roleSessionName', value: 'a', constraint: 'Member must have length greater than or equal to 2' },
        { parameter: 'externalId', value: 'x', constraint: 'Member must have length greater than or equal to 2' },
      ],
      candidateChecks: ['request-valid'],
    },
  },
  {
    name: 'R-49 DurationSeconds above MaxSessionDuration',
    text: 'An error occurred (ValidationError) when calling the AssumeRole operation: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    expect: { code: 'ValidationError', candidateChecks: ['duration'] },
  },
  {
    name: 'R-49 same text for SAML',
    text: 'An error occurred (ValidationError) when calling the AssumeRoleWithSAML operation: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    expect: { action: 'sts:AssumeRoleWithSAML', operation: 'sts:AssumeRoleWithSAML', candidateChecks: ['duration'] },
  },
  {
    name: 'R-50 role chaining over one hour',
    text: 'ValidationError: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    expect: { code: 'ValidationError', candidateChecks: ['duration'] },
  },
  {
    name: 'R-59 trust failure for web identity',
    text: 'AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity',
    expect: { action: 'sts:AssumeRoleWithWebIdentity', code: 'AccessDenied', caller: undefined, candidateChecks: ['trust-principal', 'trust-conditions', 'trust-deny', 'rcp'] },
  },
  {
    name: 'R-59 trust failure for SAML',
    text: 'Not authorized to perform sts:AssumeRoleWithSAML',
    expect: { action: 'sts:AssumeRoleWithSAML', code: 'AccessDenied', candidateChecks: ['trust-principal', 'trust-conditions', 'trust-deny', 'saml', 'rcp'] },
  },
  {
    name: 'R-59 no OIDC provider',
    text: 'Error: Could not assume role with OIDC: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com',
    expect: { action: 'sts:AssumeRoleWithWebIdentity', code: 'InvalidIdentityToken', candidateChecks: ['web-identity'] },
  },
  {
    name: 'R-59 incorrect audience behind the CLI prefix',
    text: 'An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience',
    expect: { action: 'sts:AssumeRoleWithWebIdentity', code: 'InvalidIdentityToken', candidateChecks: ['web-identity'] },
  },
  {
    name: 'R-55 region not activated',
    text: 'RegionDisabledException: STS is not activated in this region for account:222222222222. Your account administrator can activate STS in this region using the IAM Console.',
    expect: { code: 'RegionDisabledException', account: '222222222222', candidateChecks: ['sts-region'] },
  },
  {
    name: 'R-52 packed policy too large',
    text: 'An error occurred (PackedPolicyTooLarge) when calling the AssumeRole operation: Packed policy consumes 112% of allotted space, please use smaller policy.',
    expect: { code: 'PackedPolicyTooLarge', candidateChecks: ['request-valid'] },
  },
  {
    name: 'expired caller credentials',
    text: 'An error occurred (ExpiredToken) when calling the AssumeRole operation: The security token included in the request is expired',
    expect: { code: 'ExpiredToken', candidateChecks: ['caller'] },
  },
  {
    name: 'multi-line terminal paste',
    text: `An error occurred (AccessDenied) when calling the AssumeRole operation:\n  User: ${ALICE} is not authorized\n  to perform: sts:AssumeRole on resource: ${DEPLOY}\n`,
    expect: { caller: ALICE, roleArn: DEPLOY },
  },
];

describe('parsePasted: AWS error texts', () => {
  it.each(rows)('$name', ({ text, expect: expected }) => {
    const parsed = parsePasted(text);
    expect(parsed.kind).toBe('error');
    if (parsed.kind !== 'error') return;
    for (const [key, value] of Object.entries(expected)) {
      expect(parsed[key as keyof PastedError], key).toEqual(value);
    }
  });
});

// Real-world pastes: SDK exception classes and detail blocks, CI wrappers, Terraform's box, the
// access-troubleshooter tail of newer denials. Each text is copied whole, as a user would paste it.
const AUTH_TAIL =
  'Go to https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1#/authorization-details/EXAMPLE1a2b3c4d5e6f7g8h9i0j for complete details, or call the GetRequestAuthorizationDetails API with the following authorization id: EXAMPLE1a2b3c4d5e6f7g8h9i0j';
const SCP_ARN = 'arn:aws:organizations::999999999999:policy/o-a1b2c3d4e5/service_control_policy/p-deny1234';
const READONLY = 'arn:aws:iam::222222222222:role/ReadOnly';
const DANA = 'arn:aws:iam::111111111111:user/dana';
const ALL_POLICY_CHECKS: PastedError['candidateChecks'] = ['trust-principal', 'trust-conditions', 'trust-deny', 'identity-policy', 'permissions-boundary', 'session-policy', 'scp', 'rcp'];
const WEB_TRUST_CHECKS: PastedError['candidateChecks'] = ['trust-principal', 'trust-conditions', 'trust-deny', 'rcp'];

const realWorld: Row[] = [
  {
    name: 'R-59 Java SDK v1 web-identity denial: the exception class and detail block do not hide the action',
    text: 'com.amazonaws.services.securitytoken.model.AWSSecurityTokenServiceException: Not authorized to perform sts:AssumeRoleWithWebIdentity (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: 1234abcd-12ab-34cd-56ef-1234567890ab; Proxy: null)',
    expect: { action: 'sts:AssumeRoleWithWebIdentity', actionInferred: undefined, code: 'AccessDenied', caller: undefined, roleArn: undefined, candidateChecks: WEB_TRUST_CHECKS, message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' },
  },
  {
    name: 'R-59 Java SDK v2 StsException with "(Service: Sts, Status Code: 403, …)"',
    text: 'software.amazon.awssdk.services.sts.model.StsException: Not authorized to perform sts:AssumeRoleWithWebIdentity (Service: Sts, Status Code: 403, Request ID: d8ee3773-3046-41d0-9b95-373ec1ae7b07, Extended Request ID: null)',
    expect: { action: 'sts:AssumeRoleWithWebIdentity', code: 'AccessDenied', candidateChecks: WEB_TRUST_CHECKS },
  },
  {
    name: 'R-62 Java SDK v2 StsException around the AssumeRole denial',
    text: 'software.amazon.awssdk.services.sts.model.StsException: User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Deploy (Service: Sts, Status Code: 403, Request ID: d8ee3773-3046-41d0-9b95-373ec1ae7b07)',
    expect: { action: 'sts:AssumeRole', caller: ALICE, roleArn: DEPLOY, code: 'AccessDenied', candidateChecks: ALL_POLICY_CHECKS },
  },
  {
    name: 'R-62 Java stack trace: "Exception in thread …", detail block, then frames',
    text: `Exception in thread "main" com.amazonaws.services.securitytoken.model.AWSSecurityTokenServiceException: User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY} (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: 0a1b2c3d; Proxy: null)\n\tat com.amazonaws.http.AmazonHttpClient$RequestExecutor.handleErrorResponse(AmazonHttpClient.java:1811)\n\t... 12 more`,
    expect: { action: 'sts:AssumeRole', caller: ALICE, roleArn: DEPLOY, code: 'AccessDenied', candidateChecks: ALL_POLICY_CHECKS },
  },
  {
    name: 'R-59 Java "Caused by:" line',
    text: 'Caused by: software.amazon.awssdk.services.sts.model.StsException: Not authorized to perform sts:AssumeRoleWithWebIdentity (Service: Sts, Status Code: 403, Request ID: d8ee3773-3046-41d0-9b95-373ec1ae7b07)',
    expect: { action: 'sts:AssumeRoleWithWebIdentity', code: 'AccessDenied', candidateChecks: WEB_TRUST_CHECKS },
  },
  {
    name: 'R-60 Java SDK v2: STS\'s block after the block of the service STS called still makes it an STS error, and a SAML one',
    text: 'software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException: Issuer not present in specified provider (Service: AWSOpenIdDiscoveryService; Status Code: 400; Error Code: AuthSamlInvalidSamlResponseException; Request ID: 0e8d) (Service: Sts, Status Code: 400, Request ID: 7e0a)',
    expect: { action: 'sts:AssumeRoleWithSAML', code: 'InvalidIdentityToken', candidateChecks: ['saml'], message: 'Issuer not present in specified provider' },
  },
  {
    name: 'R-60 an InvalidIdentityToken on AssumeRoleWithSAML is the assertion\'s: the saml check, not web-identity',
    text: 'An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithSAML operation: Response signature invalid',
    expect: { action: 'sts:AssumeRoleWithSAML', code: 'InvalidIdentityToken', candidateChecks: ['saml'] },
  },
  {
    name: 'R-62 JS SDK v3 error followed by its stack frames',
    text: `AccessDenied: User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY}\n    at throwDefaultError (/app/node_modules/@smithy/smithy-client/dist-cjs/index.js:867:20)\n    at async /app/deploy.js:12:5`,
    expect: { action: 'sts:AssumeRole', caller: ALICE, roleArn: DEPLOY, code: 'AccessDenied', candidateChecks: ALL_POLICY_CHECKS },
  },
  {
    name: 'R-59 .NET AmazonSecurityTokenServiceException',
    text: 'Amazon.SecurityToken.AmazonSecurityTokenServiceException: Not authorized to perform sts:AssumeRoleWithWebIdentity',
    expect: { action: 'sts:AssumeRoleWithWebIdentity', code: 'AccessDenied', candidateChecks: WEB_TRUST_CHECKS },
  },
  {
    name: 'R-59 .NET nested "--->" exception chain',
    text: "Amazon.Runtime.AmazonClientException: Error calling AssumeRole for role arn:aws:iam::222222222222:role/Deploy\n ---> Amazon.SecurityToken.AmazonSecurityTokenServiceException: Not authorized to perform sts:AssumeRoleWithWebIdentity ---> Amazon.Runtime.Internal.HttpErrorResponseException: Exception of type 'Amazon.Runtime.Internal.HttpErrorResponseException' was thrown.\n   at Amazon.Runtime.HttpWebRequestMessage.GetResponse()",
    expect: { action: 'sts:AssumeRoleWithWebIdentity', code: 'AccessDenied', candidateChecks: WEB_TRUST_CHECKS },
  },
  {
    name: 'R-59 SAML denial from aws/aws-sdk-net #744, detail block then "Please try again."',
    text: 'Not authorized to perform sts:AssumeRoleWithSAML (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: fe270994-9399-11e7-a47b-d3b1bc4b70cf). Please try again.',
    expect: { action: 'sts:AssumeRoleWithSAML', code: 'AccessDenied', candidateChecks: ['trust-principal', 'trust-conditions', 'trust-deny', 'saml', 'rcp'], message: 'Not authorized to perform sts:AssumeRoleWithSAML' },
  },
  {
    name: 'R-59 configure-aws-credentials "Could not assume role with OIDC: Not authorized …"',
    text: 'Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity',
    expect: { action: 'sts:AssumeRoleWithWebIdentity', operation: 'sts:AssumeRoleWithWebIdentity', code: 'AccessDenied', caller: undefined, candidateChecks: WEB_TRUST_CHECKS },
  },
  {
    name: 'R-59 configure-aws-credentials "Could not assume role with OIDC: Incorrect token audience"',
    text: 'Error: Could not assume role with OIDC: Incorrect token audience',
    expect: { action: 'sts:AssumeRoleWithWebIdentity', code: 'InvalidIdentityToken', candidateChecks: ['web-identity'] },
  },
  {
    name: 'R-62 configure-aws-credentials "Could not assume role with user credentials: …"',
    text: `Error: Could not assume role with user credentials: User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY}`,
    expect: { action: 'sts:AssumeRole', operation: 'sts:AssumeRole', caller: ALICE, roleArn: DEPLOY, code: 'AccessDenied', candidateChecks: ALL_POLICY_CHECKS },
  },
  {
    name: 'R-62 Terraform boxed output: the Go SDK error inside "│ " lines and the closing "╵"',
    text: [
      '╷',
      '│ Error: Cannot assume IAM Role',
      '│ ',
      '│   with provider["registry.terraform.io/hashicorp/aws"],',
      '│   on main.tf line 1, in provider "aws":',
      '│    1: provider "aws" {',
      '│ ',
      '│ IAM Role (arn:aws:iam::222222222222:role/Deploy) cannot be assumed.',
      '│ ',
      '│ There are a number of possible causes of this - the most common are:',
      '│   * The credentials used in order to assume the role are invalid',
      '│   * The credentials do not have appropriate permission to assume the role',
      '│   * The role ARN is not valid',
      '│ ',
      '│ Error: operation error STS: AssumeRole, https response error StatusCode: 403, RequestID: 7b8e1f2a-1111-2222-3333-444455556666, api error AccessDenied: User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Deploy',
      '╵',
    ].join('\n'),
    expect: { action: 'sts:AssumeRole', operation: 'sts:AssumeRole', caller: ALICE, roleArn: DEPLOY, code: 'AccessDenied', reason: undefined, candidateChecks: ALL_POLICY_CHECKS, message: `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY}` },
  },
  {
    name: 'R-62 boto3 traceback ending in botocore.exceptions.ClientError',
    text: `Traceback (most recent call last):\n  File "/app/main.py", line 12, in <module>\n    sts.assume_role(RoleArn=ROLE, RoleSessionName="job")\n  File "/usr/lib/python3/site-packages/botocore/client.py", line 1023, in _make_api_call\n    raise error_class(parsed_response, operation_name)\nbotocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY}`,
    expect: { action: 'sts:AssumeRole', operation: 'sts:AssumeRole', caller: ALICE, roleArn: DEPLOY, code: 'AccessDenied' },
  },
  {
    name: 'R-61/R-63 SCP denial naming the SCP: the ARN is its own field, the type stays "service control policy"',
    text: `An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY} with an explicit deny in a service control policy: ${SCP_ARN}`,
    expect: { caller: ALICE, roleArn: DEPLOY, denial: 'explicit', policyType: 'service control policy', policyArn: SCP_ARN, authorizationId: undefined, candidateChecks: ['scp'] },
  },
  {
    name: 'R-61/R-63 SCP denial with policy ARN and the authorization-id tail',
    text: `An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY} with an explicit deny in a service control policy: ${SCP_ARN}. ${AUTH_TAIL}`,
    expect: { caller: ALICE, roleArn: DEPLOY, denial: 'explicit', policyType: 'service control policy', policyArn: SCP_ARN, authorizationId: 'EXAMPLE1a2b3c4d5e6f7g8h9i0j', candidateChecks: ['scp'] },
  },
  {
    name: 'R-61/R-63 explicit deny in an identity-based policy naming it (the AWS example), ARN kept in its case',
    text: `User: ${DANA} is not authorized to perform: sts:AssumeRole on resource: ${READONLY} with an explicit deny in an identity-based policy: arn:aws:iam::111111111111:policy/ExampleDenyPolicy. ${AUTH_TAIL}`,
    expect: {
      caller: DANA,
      roleArn: READONLY,
      denial: 'explicit',
      policyType: 'identity-based policy',
      policyArn: 'arn:aws:iam::111111111111:policy/ExampleDenyPolicy',
      authorizationId: 'EXAMPLE1a2b3c4d5e6f7g8h9i0j',
      candidateChecks: ['identity-policy'],
    },
  },
  {
    name: 'R-61/R-63 implicit identity-policy denial with the authorization-id tail split over two lines',
    text: `User: ${DANA} is not authorized to perform: sts:AssumeRole on resource: ${READONLY} because no identity-based policy allows the sts:AssumeRole action. Go to https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1#/authorization-details/EXAMPLE1a2b3c4d5e6f7g8h9i0j for complete details,\nor call the GetRequestAuthorizationDetails API with the following authorization id: EXAMPLE1a2b3c4d5e6f7g8h9i0j`,
    expect: { caller: DANA, roleArn: READONLY, denial: 'implicit', policyType: 'identity-based policy', policyArn: undefined, reason: 'because no identity-based policy allows the sts:AssumeRole action', authorizationId: 'EXAMPLE1a2b3c4d5e6f7g8h9i0j', candidateChecks: ['identity-policy'] },
  },
  {
    name: 'R-62 plain denial followed by the authorization-id tail',
    text: `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/BreakGlassAdmin. ${AUTH_TAIL}`,
    expect: { caller: ALICE, roleArn: 'arn:aws:iam::222222222222:role/BreakGlassAdmin', denial: undefined, policyType: undefined, authorizationId: 'EXAMPLE1a2b3c4d5e6f7g8h9i0j', candidateChecks: ALL_POLICY_CHECKS },
  },
  {
    name: 'R-63 explicit deny in "the role trust policy" names the type without the article',
    text: 'User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/X with an explicit deny in the role trust policy',
    expect: { roleArn: 'arn:aws:iam::123456789012:role/X', denial: 'explicit', policyType: 'role trust policy', candidateChecks: ['trust-deny'] },
  },
  {
    name: 'R-40 MFA code refused: the code itself was rejected (not a condition), and the MFA condition is looked for in the trust policy',
    text: 'An error occurred (AccessDenied) when calling the AssumeRole operation: MultiFactorAuthentication failed with invalid MFA one time pass code.',
    expect: {
      action: 'sts:AssumeRole',
      code: 'AccessDenied',
      reason: 'STS rejected the MFA code (TokenCode) sent with the call as wrong or expired; retry with a current code from the device named by SerialNumber (a policy requiring aws:MultiFactorAuthPresent, usually the trust policy, then sees MFA)',
      candidateChecks: ['trust-conditions'],
    },
  },
  {
    name: 'R-59 ExpiredTokenException on AssumeRoleWithWebIdentity reads as ExpiredToken, the token at fault',
    text: 'An error occurred (ExpiredTokenException) when calling the AssumeRoleWithWebIdentity operation: Token expired: current date/time 1700000000 must be before the expiration date/time 1699999000',
    expect: { action: 'sts:AssumeRoleWithWebIdentity', code: 'ExpiredToken', candidateChecks: ['web-identity'] },
  },
  {
    name: 'R-59 ExpiredTokenException on AssumeRoleWithWebIdentity with a text we do not know still blames the token',
    text: 'An error occurred (ExpiredTokenException) when calling the AssumeRoleWithWebIdentity operation: The web identity token that was passed is expired',
    expect: { action: 'sts:AssumeRoleWithWebIdentity', code: 'ExpiredToken', candidateChecks: ['web-identity'] },
  },
];

describe('parsePasted: real-world wrappers and newer AWS formats', () => {
  it.each(realWorld)('$name', ({ text, expect: expected }) => {
    const parsed = parsePasted(text);
    expect(parsed.kind).toBe('error');
    if (parsed.kind !== 'error') return;
    for (const [key, value] of Object.entries(expected)) {
      expect(parsed[key as keyof PastedError], key).toEqual(value);
    }
  });
});

const record = {
  eventVersion: '1.08',
  userIdentity: { type: 'IAMUser', principalId: 'AIDAQ3EXAMPLEALICE001', arn: ALICE, accountId: '111111111111', userName: 'alice' },
  eventTime: '2026-11-17T21:14:03Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.25',
  userAgent: 'aws-cli/2.22.10',
  errorCode: 'AccessDenied',
  errorMessage: `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY}`,
  requestParameters: { roleArn: DEPLOY, roleSessionName: 'alice' },
  responseElements: null,
  requestID: 'b1d2c3e4-0008-4a1b-8c2d-111111111108',
  eventID: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b13',
  readOnly: true,
  eventType: 'AwsApiCall',
  recipientAccountId: '222222222222',
};
const success = { ...record, eventID: 'ok-1', errorCode: undefined, errorMessage: undefined, responseElements: { credentials: {} } };

describe('parsePasted: CloudTrail JSON', () => {
  it('reads a single record', () => {
    const parsed = parsePasted(JSON.stringify(record, null, 2));
    expect(parsed.kind).toBe('event');
    if (parsed.kind === 'event') {
      expect(parsed.event.eventID).toBe(record.eventID);
      expect(parsed.failed).toBe(true);
    }
  });

  it('reads a log file and picks the failed STS record', () => {
    const other = { ...record, eventSource: 'iam.amazonaws.com', eventName: 'GetUser', eventID: 'iam-1' };
    const parsed = parsePasted(JSON.stringify({ Records: [other, success, record] }));
    expect(parsed.kind).toBe('event');
    if (parsed.kind === 'event') {
      expect(parsed.event.eventID).toBe(record.eventID);
      expect(parsed.events.map((event) => event.eventID)).toEqual(['ok-1', record.eventID]);
    }
  });

  it('reads lookup-events output (CloudTrailEvent strings)', () => {
    const parsed = parsePasted(JSON.stringify({ Events: [{ EventId: record.eventID, EventName: 'AssumeRole', CloudTrailEvent: JSON.stringify(record) }] }));
    expect(parsed.kind).toBe('event');
    if (parsed.kind === 'event') expect(parsed.event.eventID).toBe(record.eventID);
  });

  it('returns a successful record when that is all there is', () => {
    const parsed = parsePasted(JSON.stringify(success));
    expect(parsed.kind).toBe('event');
    if (parsed.kind === 'event') expect(parsed.failed).toBe(false);
  });

  it('reads an XML-free JSON error body', () => {
    const parsed = parsePasted(JSON.stringify({ Error: { Code: 'AccessDenied', Message: `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY}` } }));
    expect(parsed).toMatchObject({ kind: 'error', code: 'AccessDenied', roleArn: DEPLOY });
  });
});

describe('parsePasted: everything else', () => {
  it.each([
    ['empty', '   '],
    ['prose', 'my deploy is broken, please help'],
    ['JSON that is not an STS record', JSON.stringify({ eventSource: 'iam.amazonaws.com', eventName: 'GetUser' })],
    ['an empty log file', JSON.stringify({ Records: [] })],
    ['broken JSON', '{"Records": [ {"eventName": '],
    ['an S3 AccessDenied from the CLI', 'An error occurred (AccessDenied) when calling the GetObject operation: Access Denied'],
    ['an S3 AccessDenied from the JS SDK', 'AccessDenied: Access Denied'],
    ['an S3 AccessDenied from the Java SDK', 'com.amazonaws.services.s3.model.AmazonS3Exception: Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: 0A1B2C3D4E5F6071; Proxy: null)'],
    ['an S3 denial in the R-61 format', `User: ${ALICE} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::bucket/key because no identity-based policy allows the s3:GetObject action`],
    ['a Java exception unrelated to AWS', 'java.lang.NullPointerException: Cannot invoke "String.length()" because "s" is null'],
    ['a CI error line that is not AWS', 'Error: the build failed because the linter found 3 problems'],
  ])('%s is unknown, with a message', (_name, text) => {
    const parsed = parsePasted(text);
    expect(parsed.kind).toBe('unknown');
    if (parsed.kind === 'unknown') expect(parsed.message.length).toBeGreaterThan(10);
  });
});

describe('parsePasted: hostile piles of wrapper text (the paste box takes up to 512 KB)', () => {
  // Each of these made a pattern scan the rest of the text once per repetition (seconds at the
  // paste limit). They must come back with an answer, not freeze the server's action.
  it.each([
    ['operation error STS: AssumeRole, '],
    [' (Service: '],
    ['AccessDenied: '],
    ['Could not assume role with OIDC: '],
  ])('a pile of %j is read as an unrecognised text', (unit) => {
    const text = unit.repeat(Math.floor((512 * 1024) / unit.length));
    const pasted = parsePasted(text);
    expect(pasted.kind).toBe('unknown');
    expect(pasted).toMatchObject({ message: expect.stringContaining('does not look like an STS AssumeRole error') });
  });
});
