// The walkthroughs: short explanations in our own words, each step drawn from the lab's real
// roles and policies (demo data plus ./overlay.ts), with the JSON involved and the AWS CLI /
// Terraform that would create it. Pure: the engine is passed in, so pages and tests share it.

import type { RoleDetail, Snapshot } from '@/lib/engine/types';
import { isServicePrincipal } from '@/lib/engine/arn';
import { maxSessionOf } from '@/lib/findings';
import { findAccount, findRole, parsePolicyDocument, type Lab } from './lab';
import {
  BASICS_CALLER,
  GITHUB_AUDIENCE,
  GITHUB_ISSUER,
  GITHUB_ROLE_ARN,
  LAB_TIME,
  VENDOR_CALLER,
  VENDOR_CALLER_ROLE,
  VENDOR_EXTERNAL_ID,
  buildLab,
} from './labs';
import {
  architectureMermaid,
  assumeSequenceMermaid,
  conditionsOf,
  ec2FlowMermaid,
  oidcSequenceMermaid,
  requestCallerName,
  setupFlowMermaid,
  subClaimsMermaid,
  troubleshootingMermaid,
  trustPolicyMermaid,
  type SubRow,
} from './mermaid';
import {
  APP_BUCKET,
  EC2_INSTANCE_PROFILE_ARN,
  EC2_ROLE_ARN,
  EC2_ROLE_NAME,
  OVERLAY_NOTES,
  TOOLING,
  VENDOR_EGRESS_CIDR,
  VENDOR_ROLE_ARN,
  ec2TrustPolicy,
  s3ReadPolicy,
} from './overlay';
import { formatDuration } from '@/lib/findings';
import { LONGER_SESSION_SECONDS, maxSessionPlan } from './session-duration';
import type { DiagnoseFn, Walkthrough } from './types';

export interface LearnInput {
  /** The demo snapshot with the learn overlay applied. */
  snapshot: Snapshot;
  diagnose: DiagnoseFn;
  /** With live data and ?role=: the learner's role, used where `usesSubjectRole` is set. */
  subject?: Lab;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

function addSeconds(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function requireRole(snapshot: Snapshot, arn: string): RoleDetail {
  const role = findRole(snapshot, arn);
  if (!role) throw new Error(`the learn data has no role ${arn}`);
  return role;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** What `aws sts assume-role` returns for the lab's role (values are made up, the shape is real). */
function sampleCredentials(role: RoleDetail, sessionName: string, durationSeconds: number) {
  const account = role.Arn.split(':')[4];
  return {
    Credentials: {
      AccessKeyId: 'ASIAQ3EXAMPLELEARN01',
      SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
      SessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE…(about 1 KB)…',
      Expiration: addSeconds(LAB_TIME, durationSeconds),
    },
    AssumedRoleUser: {
      AssumedRoleId: `${role.RoleId}:${sessionName}`,
      Arn: `arn:aws:sts::${account}:assumed-role/${role.RoleName}/${sessionName}`,
    },
  };
}

/** The role's maximum session as the snapshot knows it (undefined: not read, so never written as 3600). */
function maxSessionOfRole(snapshot: Snapshot, role: RoleDetail): number | undefined {
  return maxSessionOf(role, findAccount(snapshot, role.Arn.split(':')[4]));
}

function terraformTrust(resourceName: string, role: RoleDetail, maxSession: number | undefined): string {
  const document = parsePolicyDocument(role.AssumeRolePolicyDocument);
  return [
    `resource "aws_iam_role" "${resourceName}" {`,
    `  name                 = ${JSON.stringify(role.RoleName)}`,
    ...(maxSession === undefined ? [] : [`  max_session_duration = ${maxSession}`]),
    `  assume_role_policy   = jsonencode(${json(document).replace(/\n/g, '\n  ')})`,
    '}',
  ].join('\n');
}

// ───────────────────────────── 1. How AssumeRole works ─────────────────────────────

function howItWorks(input: LearnInput): Walkthrough {
  const lab = input.subject ?? buildLab('basics', input.snapshot);
  const role = requireRole(lab.snapshot, lab.request.roleArn);
  const maxSession = maxSessionOfRole(lab.snapshot, role);
  // The expiry step's command: let callers ask for the longer session its break asks for, never lowering the role's limit.
  const sessionPlan = maxSessionPlan(role.RoleName, maxSession, LONGER_SESSION_SECONDS);
  const request = lab.request;
  const service = request.action === 'sts:AssumeRole' && isServicePrincipal(request.caller ?? '');
  const kind = request.action === 'sts:AssumeRoleWithWebIdentity' ? 'web-identity' : request.action === 'sts:AssumeRoleWithSAML' ? 'saml' : 'signed';
  const issuer = String(request.webIdentity?.claims?.iss ?? 'its identity provider');
  const samlProvider = request.saml?.principalArn ?? 'arn:aws:iam::111122223333:saml-provider/IdP';
  // Web identity and SAML callers hold no AWS credentials (R-56): describe them by what they carry.
  const callerWords =
    kind === 'web-identity' ? `a workload holding a token from ${issuer}` : kind === 'saml' ? `a user signed in through the SAML provider ${samlProvider}` : request.caller ?? 'an IAM user or role session';
  const session = request.roleSessionName ?? 'learn';
  const duration = request.durationSeconds ?? 3600;
  const credentials = sampleCredentials(role, session, duration);
  const trustJson = json(parsePolicyDocument(role.AssumeRolePolicyDocument));
  const engineers = findAccount(input.snapshot, TOOLING)?.authorizationDetails.GroupDetailList?.find((g) => g.GroupName === 'Engineers');
  const identityPolicy = input.subject ? undefined : engineers?.GroupPolicyList?.find((p) => p.PolicyName === 'AssumeWorkloadRoles');
  const basicsBreaks = input.subject ? undefined : { id: 'basics' as const, breakIds: ['trust-other-account', 'drop-identity-permission', 'require-mfa'] };
  const cliCommand = kind === 'web-identity' ? 'assume-role-with-web-identity' : kind === 'saml' ? 'assume-role-with-saml' : 'assume-role';
  const cli = [
    // A service principal calls STS itself (R-25): show the request, not a command the learner runs.
    ...(service ? [`# ${request.caller} makes this call itself, for the resource it works for; you do not run it.`, '# The equivalent request:'] : []),
    `aws sts ${cliCommand} \\`,
    `  --role-arn ${role.Arn} \\`,
    ...(kind === 'saml'
      ? [`  --principal-arn ${samlProvider} \\`, '  --saml-assertion "$SAML_ASSERTION" \\']
      : [`  --role-session-name ${session} \\`]),
    ...(kind === 'web-identity' ? ['  --web-identity-token "$WEB_IDENTITY_TOKEN" \\'] : []),
    ...(request.externalId ? [`  --external-id ${shellQuote(request.externalId)} \\`] : []),
    `  --duration-seconds ${duration}`,
  ].join('\n');
  const bigPictureSides = service
    ? 'The caller is an AWS service: it has no identity policies of its own, so the role’s trust policy decides, and a resource control policy on the role’s account can still refuse.'
    : kind === 'signed'
      ? 'Of the role’s two policies, STS reads only the trust policy. The caller’s side also has a say whenever the caller is in another account, or the trust names a whole account rather than the caller itself; the caller’s SCPs, permissions boundary and session policy can refuse too.'
      : 'This caller has no AWS identity of its own, so no identity policy, boundary or SCP of the caller’s takes part: the role’s trust policy decides, with conditions on the token’s claims, and a resource control policy on the role’s account can still refuse.';
  const requestBody =
    kind === 'web-identity'
      ? [
          `A web-identity caller has no AWS credentials and signs nothing: it sends the token ${issuer} issued to AssumeRoleWithWebIdentity. Three parameters are required: the role ARN, a session name (it ends up in CloudTrail and in the new identity’s ARN) and the token itself.`,
          'STS checks the token against the IAM OIDC provider in the role’s account (issuer, audience, signature), and the trust policy’s conditions test its claims. Optional: DurationSeconds (15 minutes up to the role’s maximum) and session policies that can only narrow what the role allows.',
        ]
      : kind === 'saml'
        ? [
            'A SAML caller has no AWS credentials and signs nothing: it sends the base64 assertion its identity provider issued to AssumeRoleWithSAML. Three parameters are required: the role ARN, the ARN of the IAM SAML provider (PrincipalArn) and the assertion; the session name comes from the assertion.',
            'STS checks the assertion against the SAML provider in the role’s account, and the trust policy’s conditions test its attributes. Optional: DurationSeconds (15 minutes up to the role’s maximum) and session policies that can only narrow what the role allows.',
          ]
        : service
          ? [
              `${request.caller} calls AssumeRole itself, for the resource it works for; no one runs this command by hand. Like any AssumeRole call it names the role ARN and a session name, which ends up in CloudTrail and in the new identity’s ARN.`,
              'DurationSeconds, session policies and the rest are the service’s business; what you control is the trust policy that names the service.',
            ]
          : [
            'The caller signs an AssumeRole request with its own credentials. Two parameters are required: the role ARN and a session name, which ends up in CloudTrail and in the new identity’s ARN, so make it say who or what is acting.',
            'Optional parameters shape the session: DurationSeconds (15 minutes up to the role’s maximum), an ExternalId when the role owner demands one, session tags, a source identity, and session policies that can only narrow what the role allows.',
          ];
  const requestRules = service ? ['R-25', 'R-37'] : kind === 'web-identity' ? ['R-56', 'R-57', 'R-49', 'R-52'] : kind === 'saml' ? ['R-56', 'R-60', 'R-49', 'R-52'] : ['R-36', 'R-37', 'R-49', 'R-52'];
  const trustMatch = service
    ? `A role’s trust policy is a resource policy on the role itself, and it is never optional: without an Allow statement whose Service principal names ${request.caller}, nothing else can rescue the call.`
    : kind === 'signed'
      ? 'A role’s trust policy is a resource policy on the role itself, and it is never optional: without an Allow statement whose Principal matches the caller (its user or role ARN, its account, or "*"), nothing else can rescue the call.'
      : 'A role’s trust policy is a resource policy on the role itself, and it is never optional: without an Allow statement whose Federated principal names the identity provider, nothing else can rescue the call.';

  return {
    slug: 'how-assume-role-works',
    title: 'How AssumeRole works',
    summary: 'A caller asks STS for a role, STS checks the role’s trust policy, and short-lived credentials come back.',
    steps: [
      {
        slug: 'big-picture',
        title: 'The big picture',
        usesSubjectRole: true,
        body: [
          `A role is an identity with no password and no access keys. Nobody logs in as ${role.RoleName}; a caller borrows it for a while by asking AWS STS (the Security Token Service).`,
          'Two policies sit on the role. The trust policy says who may borrow it. The permission policies say what the borrowed identity may do; they matter for every call made afterwards.',
          `Here the caller is ${callerWords} and the role is ${role.Arn}. ${bigPictureSides}`,
        ],
        rules: service ? ['R-13', 'R-25', 'R-09'] : kind === 'signed' ? ['R-13', 'R-14', 'R-15', 'R-07', 'R-12'] : ['R-13', 'R-56', 'R-09'],
        diagrams: [{ id: 'architecture', title: `Architecture: ${requestCallerName(request)} borrows ${role.RoleName}`, source: architectureMermaid(request, role) }],
        code: [
          { label: `Trust policy of ${role.RoleName}`, language: 'json', code: trustJson },
          ...(identityPolicy ? [{ label: 'Caller side: the Engineers group policy alice inherits', language: 'json' as const, code: json(identityPolicy.PolicyDocument) }] : []),
          { label: 'Read the role and its trust policy', language: 'bash', code: `aws iam get-role --role-name ${role.RoleName} --query Role.AssumeRolePolicyDocument` },
        ],
      },
      {
        slug: 'the-request',
        title: 'The request',
        usesSubjectRole: true,
        body: requestBody,
        rules: requestRules,
        diagrams: [{ id: 'sequence', title: `Sequence: ${requestCallerName(request)} → STS → ${role.RoleName}`, source: assumeSequenceMermaid(request, role, { expiration: credentials.Credentials.Expiration }) }],
        code: [
          { label: 'The call, from the AWS CLI', language: 'bash', code: cli },
          { label: 'The request as AssumeRole Doctor reads it', language: 'json', code: json(request) },
        ],
        lab: basicsBreaks,
      },
      {
        slug: 'trust-check',
        title: 'STS checks the trust policy',
        usesSubjectRole: true,
        body: [
          trustMatch,
          'STS looks for a statement whose Principal matches the caller, whose Action covers the STS action, and whose Conditions all hold. Several principals in one statement are alternatives; several conditions must all be true.',
          'Below, the decision tree comes from a real engine run over this data. Break the trust and watch which node turns red.',
        ],
        rules: ['R-13', 'R-24', 'R-28', 'R-32'],
        diagrams: [{ id: 'trust', title: `Trust policy of ${role.RoleName}`, source: trustPolicyMermaid(role) }],
        code: [{ label: `Trust policy of ${role.RoleName}`, language: 'json', code: trustJson }],
        lab: input.subject ? { id: 'basics', breakIds: [] } : { id: 'basics', breakIds: ['trust-other-account', 'require-mfa', 'drop-identity-permission'] },
      },
      {
        slug: 'temporary-credentials',
        title: 'Temporary credentials',
        usesSubjectRole: true,
        body: [
          'When every check passes, STS returns four things: an access key id (it starts with ASIA, the mark of temporary keys), a secret access key, a session token and an expiration time.',
          'All three secrets travel together: a request signed without the session token is rejected. The new identity is an assumed-role session whose ARN ends with the session name you chose.',
        ],
        rules: ['R-44', 'R-47'],
        diagrams: [{ id: 'credentials', title: 'Credentials come back and are used', source: assumeSequenceMermaid(request, role, { expiration: credentials.Credentials.Expiration, useCall: 'sts:GetCallerIdentity' }) }],
        code: [
          { label: `What aws sts ${cliCommand} prints${kind === 'signed' ? '' : ', in part'} (values are examples)`, language: 'json', code: json(credentials) },
          {
            label: 'Use them from a shell',
            language: 'bash',
            code: [
              `export AWS_ACCESS_KEY_ID=${credentials.Credentials.AccessKeyId}`,
              'export AWS_SECRET_ACCESS_KEY=…',
              'export AWS_SESSION_TOKEN=…',
              'aws sts get-caller-identity   # prints the assumed-role ARN',
            ].join('\n'),
          },
        ],
      },
      {
        slug: 'expiry',
        title: 'Expiry and session length',
        usesSubjectRole: true,
        body: [
          maxSession === undefined
            ? `Temporary credentials die on their own. How long ${role.RoleName} lets a session last was not read into this data (it is between 1 and 12 hours; aws iam get-role shows it); a caller may ask for anything from 15 minutes up to that limit.`
            : `Temporary credentials die on their own. ${role.RoleName} allows sessions of up to ${formatDuration(maxSession)}; a caller may ask for anything from 15 minutes up to that limit.`,
          sessionPlan.alreadyAllows
            ? `A caller that needs ${formatDuration(sessionPlan.wanted)} can simply ask for it: ${role.RoleName} already allows that, so there is nothing to raise.`
            : `For a caller to get ${formatDuration(sessionPlan.wanted)}, the role’s MaxSessionDuration must be at least that; AWS accepts 1 to 12 hours. The command below raises it, never lowers it.`,
          'One exception catches many teams: when the caller’s credentials came from an earlier AssumeRole (role chaining), the new session may last at most one hour, whatever the role allows. Asking for more is a ValidationError, not an AccessDenied.',
          'Whether credentials from an EC2 instance profile or an ECS task role count as chaining is disputed: AWS’s documentation says they do not, but a one-hour cap has been observed for callers holding them. Ask for one hour from such callers unless you have tested longer.',
          'After the expiration time every call fails with ExpiredToken; the fix is to assume the role again, which SDKs and the CLI do for you when they hold the source credentials.',
        ],
        rules: ['R-49', 'R-50'],
        diagrams: [{ id: 'expiry', title: 'A session from issue to expiry', source: assumeSequenceMermaid(request, role, { expiration: credentials.Credentials.Expiration }) }],
        code: [
          { label: sessionPlan.label, language: 'bash', code: sessionPlan.shell },
          { label: 'Terraform', language: 'hcl', code: terraformTrust(role.RoleName.toLowerCase().replace(/[^a-z0-9]+/g, '_'), role, sessionPlan.target) },
        ],
        lab: input.subject ? undefined : { id: 'basics', breakIds: ['chained-two-hours', 'longer-than-max', 'expired-caller'] },
      },
    ],
  };
}

// ───────────────────────────── 2. Cross-account access ─────────────────────────────

function crossAccount(input: LearnInput): Walkthrough {
  const lab = buildLab('cross-account', input.snapshot);
  const role = requireRole(lab.snapshot, VENDOR_ROLE_ARN);
  const maxSession = maxSessionOfRole(lab.snapshot, role);
  const callerRole = requireRole(lab.snapshot, VENDOR_CALLER_ROLE);
  const trust = parsePolicyDocument(role.AssumeRolePolicyDocument);
  const permissions = role.RolePolicyList ?? [];
  const callerPolicy = callerRole.RolePolicyList?.find((p) => p.PolicyName === 'AssumeCustomerRoles');
  const flow = (index: number) => setupFlowMermaid(index, role.RoleName, callerRole.RoleName);
  const credentials = sampleCredentials(role, lab.request.roleSessionName ?? 'session', 3600);
  const setupFlow = (index: number, title: string) => ({ id: 'setup-flow', title: `Setup flow: step ${index + 1}, ${title}`, source: flow(index) });
  const crossBreaks = (ids: string[]) => ({ id: 'cross-account' as const, breakIds: ids });

  return {
    slug: 'cross-account-access',
    title: 'Set up cross-account access',
    summary: `Let a vendor’s collector in 333333333333 read metrics in production through ${role.RoleName}, guarded by an ExternalId and a source IP range.`,
    steps: [
      {
        slug: 'create-role',
        title: 'Create the target role',
        body: [
          `Everything starts in the account that owns the data: production creates ${role.RoleName}. Creating a role requires its trust policy up front, so decide now who will be allowed in.`,
          'Give the role a name that says who uses it and why, and keep the maximum session duration as short as the job allows.',
        ],
        rules: ['R-13'],
        diagrams: [setupFlow(0, 'create the role')],
        code: [
          {
            label: 'AWS CLI (in 222222222222)',
            language: 'bash',
            code: `aws iam create-role \\\n  --role-name ${role.RoleName} \\\n  --assume-role-policy-document file://trust-policy.json \\\n${maxSession === undefined ? '' : `  --max-session-duration ${maxSession} \\\n`}  --description "Read-only metrics for the monitoring vendor"`,
          },
          { label: 'Terraform', language: 'hcl', code: terraformTrust('vendor_monitoring', role, maxSession) },
        ],
        lab: crossBreaks(['trust-other-vendor-role']),
      },
      {
        slug: 'trust-policy',
        title: 'Write the trust policy',
        note: OVERLAY_NOTES.vendorSourceIp,
        body: [
          `The trust policy names exactly one principal: the vendor’s ${callerRole.RoleName} role. Naming a role rather than the whole account keeps every other identity of the vendor out.`,
          `The ExternalId condition defends against the “confused deputy”: the vendor serves many customers, gives each one its own ExternalId and always sends the one belonging to the customer it is working for, so another customer cannot point the vendor at your role. The value is not a secret; AWS does not treat it as one. The IpAddress condition admits calls from ${VENDOR_EGRESS_CIDR} only.`,
          'aws:SourceIp is the public address STS sees. A call made through an STS interface VPC endpoint carries no aws:SourceIp at all, so it fails this condition even from inside the range; restrict such callers with aws:SourceVpce or aws:SourceVpc instead.',
          'Both conditions sit in one statement, so both must hold. A missing key makes StringEquals false, so forgetting the ExternalId fails just like sending a wrong one.',
        ],
        rules: ['R-36', 'R-41', 'R-42', 'R-28', 'R-32'],
        diagrams: [{ id: 'trust', title: `Trust policy of ${role.RoleName}`, source: trustPolicyMermaid(role) }, setupFlow(1, 'trust policy')],
        code: [
          { label: 'trust-policy.json', language: 'json', code: json(trust) },
          { label: 'Replace the trust policy later', language: 'bash', code: `aws iam update-assume-role-policy --role-name ${role.RoleName} --policy-document file://trust-policy.json` },
        ],
        lab: crossBreaks(['remove-external-id', 'wrong-external-id', 'outside-source-ip', 'require-mfa-vendor', 'trust-other-vendor-role']),
      },
      {
        slug: 'permission-policies',
        title: 'Attach permission policies',
        body: [
          `The permission policies decide what a ${role.RoleName} session may do: here, read CloudWatch metrics and resource tags, nothing else.`,
          'They play no part in whether AssumeRole succeeds. Try the break below: the role loses its policy and the call is still allowed; the vendor’s next CloudWatch call is what fails.',
        ],
        rules: ['R-13'],
        diagrams: [setupFlow(2, 'permissions')],
        code: [
          ...permissions.map((policy) => ({ label: `Inline policy ${policy.PolicyName}`, language: 'json' as const, code: json(policy.PolicyDocument) })),
          {
            label: 'AWS CLI',
            language: 'bash',
            code: `aws iam put-role-policy \\\n  --role-name ${role.RoleName} \\\n  --policy-name ${permissions[0]?.PolicyName ?? 'ReadMetrics'} \\\n  --policy-document file://read-metrics.json`,
          },
          {
            label: 'Terraform',
            language: 'hcl',
            code: `resource "aws_iam_role_policy" "read_metrics" {\n  role   = aws_iam_role.vendor_monitoring.id\n  name   = ${JSON.stringify(permissions[0]?.PolicyName ?? 'ReadMetrics')}\n  policy = jsonencode(${json(permissions[0] ? parsePolicyDocument(permissions[0].PolicyDocument) : {}).replace(/\n/g, '\n  ')})\n}`,
          },
        ],
        lab: crossBreaks(['detach-role-permissions']),
      },
      {
        slug: 'source-identity',
        title: 'Allow the vendor’s role to call sts:AssumeRole',
        body: [
          `Across accounts there are two gates. Production’s trust policy is one; the other is in the vendor’s account, where ${callerRole.RoleName} must be allowed to call sts:AssumeRole on the role.`,
          'The vendor grants that on every customer’s VendorMonitoring role with one wildcard statement. If the vendor removes it, our trust policy alone cannot make the call work.',
        ],
        rules: ['R-14'],
        diagrams: [setupFlow(3, 'caller permission')],
        code: [
          ...(callerPolicy ? [{ label: `Vendor side: ${callerRole.RoleName} inline policy ${callerPolicy.PolicyName}`, language: 'json' as const, code: json(callerPolicy.PolicyDocument) }] : []),
          {
            label: 'AWS CLI (in 333333333333)',
            language: 'bash',
            code: `aws iam put-role-policy \\\n  --role-name ${callerRole.RoleName} \\\n  --policy-name AssumeCustomerRoles \\\n  --policy-document file://assume-customer-roles.json`,
          },
          {
            label: 'Terraform (vendor account)',
            language: 'hcl',
            code: `data "aws_iam_policy_document" "assume_customer_roles" {\n  statement {\n    actions   = ["sts:AssumeRole"]\n    resources = ["arn:aws:iam::*:role/${role.RoleName}"]\n  }\n}\n\nresource "aws_iam_role_policy" "assume_customer_roles" {\n  role   = ${JSON.stringify(callerRole.RoleName)}\n  name   = "AssumeCustomerRoles"\n  policy = data.aws_iam_policy_document.assume_customer_roles.json\n}`,
          },
        ],
        lab: crossBreaks(['drop-vendor-permission']),
      },
      {
        slug: 'test-assume-role',
        title: 'Test with aws sts assume-role',
        body: [
          `From a collector instance, the vendor calls STS with the role ARN, a session name and the ExternalId. The caller is the instance’s session of ${callerRole.RoleName}: ${VENDOR_CALLER}.`,
          'A success prints the credentials; a refusal prints AccessDenied and does not say which condition failed (R-62). That is what the decision tree beside it is for.',
        ],
        rules: ['R-36', 'R-37', 'R-62'],
        diagrams: [{ id: 'sequence', title: 'Sequence: the vendor assumes the role', source: assumeSequenceMermaid(lab.request, role, { expiration: credentials.Credentials.Expiration, useCall: 'cloudwatch:GetMetricData' }) }, setupFlow(4, 'test')],
        code: [
          {
            label: 'AWS CLI (vendor side)',
            language: 'bash',
            code: `aws sts assume-role \\\n  --role-arn ${role.Arn} \\\n  --role-session-name ${lab.request.roleSessionName} \\\n  --external-id ${shellQuote(VENDOR_EXTERNAL_ID)} \\\n  --duration-seconds 3600`,
          },
          { label: 'Response (values are examples)', language: 'json', code: json(credentials) },
        ],
        lab: crossBreaks(['remove-external-id', 'wrong-external-id', 'chained-two-hours-vendor']),
      },
      {
        slug: 'use-credentials',
        title: 'Use the temporary credentials',
        body: [
          'The three secrets can go into environment variables for one shell, or into a named CLI profile. A profile with role_arn, external_id and a credential source is better still: the CLI assumes the role and refreshes it for you.',
          'aws sts get-caller-identity is the quickest proof: it needs no permissions and prints the assumed-role ARN you are now acting as.',
        ],
        rules: ['R-44', 'R-50'],
        diagrams: [setupFlow(5, 'use the credentials')],
        code: [
          {
            label: 'Environment variables',
            language: 'bash',
            code: `export AWS_ACCESS_KEY_ID=${credentials.Credentials.AccessKeyId}\nexport AWS_SECRET_ACCESS_KEY=…\nexport AWS_SESSION_TOKEN=…\naws sts get-caller-identity`,
          },
          {
            label: 'A CLI profile that assumes the role itself (~/.aws/config)',
            language: 'bash',
            code: `[profile acme-monitoring]\nrole_arn = ${role.Arn}\nexternal_id = ${VENDOR_EXTERNAL_ID}\nrole_session_name = vendor-metrics-sync\ncredential_source = Ec2InstanceMetadata\n\n# then\naws sts get-caller-identity --profile acme-monitoring`,
          },
          { label: 'get-caller-identity answers', language: 'json', code: json({ UserId: credentials.AssumedRoleUser.AssumedRoleId, Account: role.Arn.split(':')[4], Arn: credentials.AssumedRoleUser.Arn }) },
        ],
        lab: crossBreaks(['chained-two-hours-vendor', 'outside-source-ip']),
      },
    ],
  };
}

// ───────────────────────────── 3. EC2 reads S3 ─────────────────────────────

function ec2ReadsS3(input: LearnInput): Walkthrough {
  const role = requireRole(input.snapshot, EC2_ROLE_ARN);
  const ec2Breaks = (ids: string[]) => ({ id: 'ec2-s3' as const, breakIds: ids });
  const terraform = [
    'data "aws_iam_policy_document" "ec2_trust" {',
    '  statement {',
    '    actions = ["sts:AssumeRole"]',
    '    principals {',
    '      type        = "Service"',
    '      identifiers = ["ec2.amazonaws.com"]',
    '    }',
    '  }',
    '}',
    '',
    `resource "aws_iam_role" "app_server" {`,
    `  name               = "${EC2_ROLE_NAME}"`,
    '  assume_role_policy = data.aws_iam_policy_document.ec2_trust.json',
    '}',
    '',
    'data "aws_iam_policy_document" "read_bucket" {',
    '  statement {',
    '    actions   = ["s3:ListBucket"]',
    `    resources = ["arn:aws:s3:::${APP_BUCKET}"]`,
    '  }',
    '  statement {',
    '    actions   = ["s3:GetObject"]',
    `    resources = ["arn:aws:s3:::${APP_BUCKET}/*"]`,
    '  }',
    '}',
    '',
    'resource "aws_iam_role_policy" "read_bucket" {',
    '  role   = aws_iam_role.app_server.id',
    '  name   = "ReadAppConfigBucket"',
    '  policy = data.aws_iam_policy_document.read_bucket.json',
    '}',
    '',
    'resource "aws_iam_instance_profile" "app_server" {',
    `  name = "${EC2_ROLE_NAME}"`,
    '  role = aws_iam_role.app_server.name',
    '}',
    '',
    'resource "aws_instance" "app" {',
    '  ami                  = var.ami',
    '  instance_type        = "t3.micro"',
    '  iam_instance_profile = aws_iam_instance_profile.app_server.name',
    '}',
  ].join('\n');
  // The same file, one resource group per step: [trust document, role, read policy, attach, profile, instance].
  const blocks = terraform.split('\n\n');
  const tf = (label: string, ...indexes: number[]) => ({ label, language: 'hcl' as const, code: indexes.map((index) => blocks[index]).join('\n\n') });

  return {
    slug: 'ec2-reads-s3',
    title: 'An EC2 instance reads S3 through its role',
    summary: `No access keys on the box: the instance profile hands ${EC2_ROLE_NAME} to the instance, which may only read s3://${APP_BUCKET}.`,
    steps: [
      {
        slug: 'role-and-trust',
        title: 'A role EC2 may assume',
        note: OVERLAY_NOTES.ec2Role,
        body: [
          'Code on an instance should never carry long-lived keys. Instead the instance gets a role, and the EC2 service assumes it on the instance’s behalf.',
          'So the trust policy names a service principal, ec2.amazonaws.com, not a user or an account, for the action EC2 calls: sts:AssumeRole.',
        ],
        rules: ['R-25', 'R-13'],
        diagrams: [{ id: 'trust', title: `Trust policy of ${EC2_ROLE_NAME}`, source: trustPolicyMermaid(role) }],
        code: [
          { label: 'trust-policy.json', language: 'json', code: json(ec2TrustPolicy) },
          { label: 'AWS CLI', language: 'bash', code: `aws iam create-role \\\n  --role-name ${EC2_ROLE_NAME} \\\n  --assume-role-policy-document file://trust-policy.json` },
          tf('Terraform', 0, 1),
        ],
        lab: ec2Breaks(['trust-lambda-instead', 'trust-wrong-action']),
      },
      {
        slug: 's3-read-policy',
        title: 'Least-privilege S3 read',
        note: OVERLAY_NOTES.ec2Role,
        body: [
          `Reading a bucket takes two actions on two different resources: s3:ListBucket on the bucket ARN, s3:GetObject on the objects (the bucket ARN followed by /*). Mixing them up is the classic “AccessDenied on a file that exists”.`,
          'Grant nothing more: no PutObject, no wildcard buckets. The break below shows that removing this policy does not stop the role from being assumed; only the S3 calls fail.',
        ],
        rules: ['R-13'],
        diagrams: [{ id: 'flow', title: 'The instance reads, and may not write', source: ec2FlowMermaid(EC2_ROLE_NAME, EC2_INSTANCE_PROFILE_ARN, APP_BUCKET) }],
        code: [
          { label: 'read-bucket.json', language: 'json', code: json(s3ReadPolicy) },
          { label: 'AWS CLI', language: 'bash', code: `aws iam put-role-policy \\\n  --role-name ${EC2_ROLE_NAME} \\\n  --policy-name ReadAppConfigBucket \\\n  --policy-document file://read-bucket.json` },
          tf('Terraform', 2, 3),
        ],
        lab: ec2Breaks(['remove-s3-policy']),
      },
      {
        slug: 'instance-profile',
        title: 'The instance profile',
        note: OVERLAY_NOTES.ec2Role,
        body: [
          'EC2 does not attach roles directly: it attaches an instance profile, a thin container holding one role. The console creates one with the same name silently; the CLI and Terraform make you do it.',
          'On the instance, SDKs find the credentials in the instance metadata service and refresh them before they expire. Your code calls S3 with no configuration at all.',
        ],
        rules: ['R-25', 'R-50'],
        diagrams: [{ id: 'flow', title: 'From instance profile to S3', source: ec2FlowMermaid(EC2_ROLE_NAME, EC2_INSTANCE_PROFILE_ARN, APP_BUCKET) }],
        code: [
          {
            label: 'AWS CLI',
            language: 'bash',
            code: `aws iam create-instance-profile --instance-profile-name ${EC2_ROLE_NAME}\naws iam add-role-to-instance-profile \\\n  --instance-profile-name ${EC2_ROLE_NAME} --role-name ${EC2_ROLE_NAME}\naws ec2 associate-iam-instance-profile \\\n  --instance-id i-0fedcba9876543210 --iam-instance-profile Name=${EC2_ROLE_NAME}\n\n# on the instance\naws sts get-caller-identity\naws s3 ls s3://${APP_BUCKET}/`,
          },
          tf('Terraform', 4, 5),
        ],
        lab: ec2Breaks(['trust-lambda-instead']),
      },
      {
        slug: 'terraform',
        title: 'All of it in Terraform',
        note: OVERLAY_NOTES.ec2Role,
        body: [
          'The same four pieces as code: the trust document, the role, the read policy and the instance profile, wired to an instance. Review the trust and the policy side by side: one says who, the other says what.',
        ],
        rules: ['R-25'],
        diagrams: [{ id: 'architecture', title: `Architecture: EC2 borrows ${EC2_ROLE_NAME}`, source: architectureMermaid(buildLab('ec2-s3', input.snapshot).request, role) }],
        code: [{ label: 'main.tf', language: 'hcl', code: terraform }],
        lab: ec2Breaks(['trust-wrong-action', 'trust-lambda-instead']),
      },
    ],
  };
}

// ───────────────────────────── 4. GitHub Actions with OIDC ─────────────────────────────

export const SAMPLE_SUBS: { kind: string; sub: string }[] = [
  { kind: 'push to main', sub: 'repo:acme/api:ref:refs/heads/main' },
  { kind: 'push to a feature branch', sub: 'repo:acme/api:ref:refs/heads/feature/login' },
  { kind: 'job with environment production', sub: 'repo:acme/api:environment:production' },
  { kind: 'job with environment staging', sub: 'repo:acme/api:environment:staging' },
  { kind: 'pull request', sub: 'repo:acme/api:pull_request' },
  { kind: 'tag push', sub: 'repo:acme/api:ref:refs/tags/v1.4.0' },
  { kind: 'another organization’s repo', sub: 'repo:someone-else/api:ref:refs/heads/main' },
];

/** Every sample sub claim through the engine against the demo trust policy. */
export function evaluateSubs(lab: Lab, diagnose: DiagnoseFn): SubRow[] {
  return SAMPLE_SUBS.map(({ kind, sub }) => {
    const request = { ...lab.request, webIdentity: { claims: { iss: GITHUB_ISSUER, sub, aud: GITHUB_AUDIENCE } } };
    const diagnosis = diagnose(lab.snapshot, request);
    return { kind, sub, admitted: diagnosis.decision === 'allowed', failedChecks: diagnosis.failedChecks };
  });
}

function githubOidc(input: LearnInput): Walkthrough {
  const lab = buildLab('github-oidc', input.snapshot);
  const role = requireRole(lab.snapshot, GITHUB_ROLE_ARN);
  const tooling = findAccount(lab.snapshot, TOOLING);
  const provider = tooling?.openIdConnectProviders?.[0];
  const providerArn = provider?.Arn ?? `arn:aws:iam::${TOOLING}:oidc-provider/token.actions.githubusercontent.com`;
  const trust = parsePolicyDocument(role.AssumeRolePolicyDocument);
  const subjects = trust.Statement.flatMap(conditionsOf).filter((c) => c.key.endsWith(':sub')).flatMap((c) => c.values);
  const rows = evaluateSubs(lab, input.diagnose);
  const oidcBreaks = (ids: string[]) => ({ id: 'github-oidc' as const, breakIds: ids });
  const workflow = [
    'name: deploy',
    'on:',
    '  push:',
    '    branches: [main]',
    'permissions:',
    '  id-token: write   # lets the job ask GitHub for an OIDC token',
    '  contents: read',
    'jobs:',
    '  deploy:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: aws-actions/configure-aws-credentials@v4',
    '        with:',
    `          role-to-assume: ${role.Arn}`,
    '          aws-region: us-east-1',
    `          audience: ${GITHUB_AUDIENCE}`,
    '      - run: aws sts get-caller-identity',
  ].join('\n');

  return {
    slug: 'github-actions-oidc',
    title: 'GitHub Actions with OIDC',
    summary: `Workflows in acme/api assume ${role.RoleName} with a GitHub-signed token: no AWS keys stored in GitHub.`,
    steps: [
      {
        slug: 'provider',
        title: 'The OIDC provider',
        body: [
          'AWS will only accept GitHub’s tokens if the account has an IAM OIDC identity provider for token.actions.githubusercontent.com. It records the issuer URL and the audiences (client IDs) STS will accept.',
          `The official action asks GitHub for tokens with audience ${GITHUB_AUDIENCE}, so that is what the client-ID list holds. A token for any other audience is rejected with InvalidIdentityToken: Incorrect token audience.`,
        ],
        rules: ['R-56', 'R-57', 'R-59'],
        diagrams: [{ id: 'sequence', title: `Sequence: a workflow assumes ${role.RoleName}`, source: oidcSequenceMermaid(role.Arn, providerArn, GITHUB_AUDIENCE, subjects) }],
        code: [
          { label: 'The provider in 111111111111', language: 'json', code: json(provider ?? {}) },
          {
            label: 'AWS CLI',
            language: 'bash',
            code: `aws iam create-open-id-connect-provider \\\n  --url https://token.actions.githubusercontent.com \\\n  --client-id-list ${GITHUB_AUDIENCE}`,
          },
          {
            label: 'Terraform',
            language: 'hcl',
            code: `resource "aws_iam_openid_connect_provider" "github" {\n  url            = "https://token.actions.githubusercontent.com"\n  client_id_list = ["${GITHUB_AUDIENCE}"]\n}`,
          },
        ],
        lab: oidcBreaks(['delete-provider', 'wrong-audience']),
      },
      {
        slug: 'trust-policy',
        title: 'The trust policy: audience and subject',
        body: [
          'The role trusts the provider (a Federated principal) for sts:AssumeRoleWithWebIdentity, and then narrows it with two conditions: the token’s aud must be sts.amazonaws.com, and its sub must be one this role is meant for.',
          'Without a sub condition, any workflow in any repository on GitHub could assume the role. The demo organization adds a second guard: a resource control policy refusing subjects outside repo:acme/*. Both patterns assume GitHub’s name-based sub; a repository on the newer immutable format (see the next step) would be refused by both.',
        ],
        rules: ['R-57', 'R-58', 'R-08'],
        diagrams: [{ id: 'trust', title: `Trust policy of ${role.RoleName}`, source: trustPolicyMermaid(role) }],
        code: [
          { label: 'Trust policy', language: 'json', code: json(trust) },
          {
            label: 'Terraform',
            language: 'hcl',
            code: [
              'data "aws_iam_policy_document" "github_trust" {',
              '  statement {',
              '    actions = ["sts:AssumeRoleWithWebIdentity"]',
              '    principals {',
              '      type        = "Federated"',
              '      identifiers = [aws_iam_openid_connect_provider.github.arn]',
              '    }',
              '    condition {',
              '      test     = "StringEquals"',
              '      variable = "token.actions.githubusercontent.com:aud"',
              `      values   = ["${GITHUB_AUDIENCE}"]`,
              '    }',
              '    condition {',
              '      test     = "StringLike"',
              '      variable = "token.actions.githubusercontent.com:sub"',
              `      values   = ${JSON.stringify(subjects)}`,
              '    }',
              '  }',
              '}',
            ].join('\n'),
          },
        ],
        lab: oidcBreaks(['narrow-sub', 'foreign-repo']),
      },
      {
        slug: 'sub-claims',
        title: 'What each sub claim admits',
        body: [
          'GitHub builds sub from the job. A job that names an environment gets repo:ORG/REPO:environment:NAME. Otherwise a pull_request run gets repo:ORG/REPO:pull_request, and anything else gets the ref: refs/heads/BRANCH for branches, refs/tags/TAG for tags.',
          'A caution: repositories created, renamed or transferred since mid-2026, or opted in, can use GitHub’s immutable subject format, which adds numeric owner and repository IDs next to the names. GitHub’s sources differ on the exact layout, so check the sub your repository actually sends (GitHub can preview it in the repository’s OIDC settings) before writing the condition; a pattern such as repo:acme/* would not match it.',
          'The table runs each sample through the engine against the demo trust policy. Only main and the production environment get in: a feature branch, a tag, a pull request and the staging environment are refused, and another organization’s repo is refused twice.',
        ],
        rules: ['R-58'],
        diagrams: [{ id: 'subs', title: 'Sample sub claims against the trust policy', source: subClaimsMermaid(rows, role.RoleName) }],
        code: [{ label: 'The sub condition', language: 'json', code: json(trust.Statement.map((s) => s.Condition ?? {})) }],
        subRows: rows,
        lab: oidcBreaks(['pull-request-job', 'narrow-sub']),
      },
      {
        slug: 'workflow',
        title: 'The workflow',
        body: [
          'The job needs permission id-token: write to ask GitHub for a token. configure-aws-credentials requests it with the audience, calls AssumeRoleWithWebIdentity and exports the credentials for later steps.',
          'If the job sets environment: production, its sub changes to the environment form; keep the trust policy and the workflow in step.',
        ],
        rules: ['R-56', 'R-58'],
        diagrams: [{ id: 'sequence', title: 'From workflow to credentials', source: oidcSequenceMermaid(role.Arn, providerArn, GITHUB_AUDIENCE, subjects) }],
        code: [{ label: '.github/workflows/deploy.yml', language: 'yaml', code: workflow }],
        lab: oidcBreaks(['wrong-audience', 'pull-request-job']),
      },
    ],
  };
}

// ───────────────────────────── 5. Troubleshooting ─────────────────────────────

function troubleshooting(input: LearnInput): Walkthrough {
  const basics = buildLab('basics', input.snapshot);
  const roleName = basics.request.roleArn.split('/').pop() ?? 'ReadOnly';
  return {
    slug: 'troubleshooting',
    title: 'Troubleshooting tree',
    summary: 'Trust policy, then its conditions, then the caller’s permission, in the Diagnose tree’s order: where each failure shows up and how to find it.',
    steps: [
      {
        slug: 'the-tree',
        title: 'Three questions, in order',
        body: [
          'Almost every failed AssumeRole answers “no” to one of three questions, asked here in the order the Diagnose page’s tree draws them. “Trust policy names the caller?” An Allow statement in the role’s trust policy must match the caller: its ARN, its account or "*". “Trust conditions met?” Every condition of that statement must hold for this request. “Source has permission?” The caller’s own identity policies must allow sts:AssumeRole on the role (the checks list calls this “The caller\'s identity policies allow the call”). Between the second and the third the tree also asks whether a Deny in the trust policy matches.',
          '“Source” means the calling principal: the IAM user, the role session or the service that signs the request. It is the identity get-caller-identity prints, not the role being assumed.',
          'The order is for reading, not the order AWS decides in. AWS evaluates every policy that applies (the trust policy, the caller’s identity policies, its permissions boundary and session policy, SCPs and RCPs), an explicit Deny in any of them refuses the call, and the verdict comes from all of them together. A call can fail more than one question; the Diagnose page runs every check and marks each one that fails.',
          'The trouble is that AWS gives the same AccessDenied for all three. The next steps take one branch each, in the same order, break it on real data and show the command that would have told you.',
        ],
        rules: ['R-01', 'R-02', 'R-61', 'R-62'],
        diagrams: [{ id: 'tree', title: 'Troubleshooting tree', source: troubleshootingMermaid() }],
        code: [
          {
            label: 'First three commands',
            language: 'bash',
            code: `aws sts get-caller-identity                      # who am I really?\naws iam get-role --role-name ${roleName}          # what does the trust say?\naws cloudtrail lookup-events \\\n  --lookup-attributes AttributeKey=EventName,AttributeValue=AssumeRole \\\n  --max-results 5                                 # what did STS see?`,
          },
        ],
      },
      {
        slug: 'trust-policy',
        title: 'Branch 1: the trust policy',
        body: [
          'Typical error: User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/ReadOnly.',
          'Look at the Principal. Is it the account, the role or the user you are actually calling as? get-caller-identity often reveals a different identity (an SSO role, an instance profile). A role deleted and recreated under the same name is no longer trusted: the policy kept its old unique id.',
        ],
        rules: ['R-13', 'R-21', 'R-22'],
        diagrams: [{ id: 'tree', title: 'Branch 1 highlighted', source: troubleshootingMermaid('trust') }],
        code: [
          { label: 'Debug', language: 'bash', code: `aws sts get-caller-identity\naws iam get-role --role-name ${roleName} --query Role.AssumeRolePolicyDocument` },
        ],
        lab: { id: 'basics', breakIds: ['trust-other-account'] },
      },
      {
        slug: 'conditions',
        title: 'Branch 2: the trust conditions',
        body: [
          'Typical error: the same AccessDenied, with no hint of which condition failed. The principal matched, but an ExternalId, a source IP (absent altogether when the call goes through a VPC endpoint), MFA or a sub claim did not.',
          'Compare each condition with what the request really carried. CloudTrail’s AssumeRole record shows the caller, the source IP and the request parameters; an MFA condition cannot be met by long-term keys without --serial-number and --token-code.',
        ],
        rules: ['R-28', 'R-36', 'R-40', 'R-41'],
        diagrams: [{ id: 'tree', title: 'Branch 2 highlighted', source: troubleshootingMermaid('conditions') }],
        code: [
          {
            label: 'Debug',
            language: 'bash',
            code: `aws iam get-role --role-name VendorMonitoring --query Role.AssumeRolePolicyDocument.Statement[].Condition\naws cloudtrail lookup-events \\\n  --lookup-attributes AttributeKey=ResourceName,AttributeValue=${VENDOR_ROLE_ARN}`,
          },
        ],
        lab: { id: 'cross-account', breakIds: ['remove-external-id', 'outside-source-ip', 'require-mfa-vendor'] },
      },
      {
        slug: 'source-permission',
        title: 'Branch 3: the caller’s permission',
        body: [
          'Typical error: the same AccessDenied, sometimes ending in “because no identity-based policy allows the sts:AssumeRole action”.',
          `The tree asks “Source has permission?”: the source is the calling principal (here alice), and the question is whether its identity policies allow sts:AssumeRole on ${roleName}. That is needed when the trust names an account or the call crosses accounts. Permissions boundaries, session policies and SCPs on the caller’s side can take it away again.`,
        ],
        rules: ['R-14', 'R-15', 'R-07'],
        diagrams: [{ id: 'tree', title: 'Branch 3 highlighted', source: troubleshootingMermaid('permission') }],
        code: [
          {
            label: 'Debug',
            language: 'bash',
            code: `aws iam simulate-principal-policy \\\n  --policy-source-arn ${BASICS_CALLER} \\\n  --action-names sts:AssumeRole \\\n  --resource-arns ${basics.request.roleArn}\naws iam list-groups-for-user --user-name alice`,
          },
        ],
        lab: { id: 'basics', breakIds: ['drop-identity-permission'] },
      },
      {
        slug: 'beyond-the-tree',
        title: 'Beyond the tree: duration and expiry',
        body: [
          'Some failures are not AccessDenied at all. “The requested DurationSeconds exceeds the MaxSessionDuration set for this role” and “exceeds the 1 hour session limit for roles assumed by role chaining” are ValidationErrors: shorten the session.',
          'ExpiredToken means the caller’s own temporary credentials ran out; “The request signature we calculated does not match” usually means a wrong secret or a skewed clock. Neither is about the role.',
        ],
        rules: ['R-49', 'R-50', 'R-54'],
        diagrams: [{ id: 'tree', title: 'Parameters branch highlighted', source: troubleshootingMermaid('other') }],
        code: [
          { label: 'Debug', language: 'bash', code: `aws iam get-role --role-name ${roleName} --query Role.MaxSessionDuration\ndate -u   # clock skew breaks signatures` },
        ],
        lab: { id: 'basics', breakIds: ['chained-two-hours', 'longer-than-max', 'expired-caller'] },
      },
    ],
  };
}

export function buildWalkthroughs(input: LearnInput): Walkthrough[] {
  return [howItWorks(input), crossAccount(input), ec2ReadsS3(input), githubOidc(input), troubleshooting(input)];
}

export function findWalkthrough(walkthroughs: Walkthrough[], slug: string): Walkthrough | undefined {
  return walkthroughs.find((walkthrough) => walkthrough.slug === slug);
}

