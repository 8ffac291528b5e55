// The embedded demo organization ("Acme"): three accounts, an AWS Organization with SCPs and an
// RCP, a GitHub Actions OIDC provider, an Okta SAML provider, and the users, groups, roles and
// policies that the demo incidents (./events.ts) go wrong against.
//
// Only reserved values: the management account 999999999999 is not among the accounts (so its own
// IAM is unknown), IP addresses come from 203.0.113.0/24 and 198.51.100.0/24, domains are
// example.com / example.net. Unique ids follow AWS's prefixes (AIDA users, AROA roles, AGPA
// groups, ANPA managed policies) but are made up.
//
// Account roles in the story:
//   111111111111 tooling     — engineers' IAM users, CI runners (EC2), GitHub Actions OIDC provider
//   222222222222 production  — the roles everyone wants to get into; Okta SAML provider
//   333333333333 vendor      — a monitoring vendor, outside the organization

import type { Organization, SnapshotAccount } from '@/lib/engine/types';

export const TOOLING = '111111111111';
export const PRODUCTION = '222222222222';
export const VENDOR = '333333333333';
export const MANAGEMENT = '999999999999';

export const GITHUB_OIDC_PROVIDER_ARN = `arn:aws:iam::${TOOLING}:oidc-provider/token.actions.githubusercontent.com`;
export const OKTA_SAML_PROVIDER_ARN = `arn:aws:iam::${PRODUCTION}:saml-provider/Okta`;

/** The unique id the LegacyReporting trust policy still holds: the ReportingJob role before it was deleted and recreated. */
export const DELETED_REPORTING_JOB_ROLE_ID = 'AROAQ3EXAMPLEOLDRPT01';

const V = '2012-10-17';

// ───────────────────────────── tooling 111111111111 ─────────────────────────────

const tooling: SnapshotAccount = {
  accountId: TOOLING,
  alias: 'acme-tooling',
  partition: 'aws',
  openIdConnectProviders: [
    {
      Arn: GITHUB_OIDC_PROVIDER_ARN,
      Url: 'token.actions.githubusercontent.com',
      ClientIDList: ['sts.amazonaws.com'],
      ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
    },
  ],
  authorizationDetails: {
    UserDetailList: [
      {
        UserName: 'alice',
        UserId: 'AIDAQ3EXAMPLEALICE001',
        Arn: `arn:aws:iam::${TOOLING}:user/alice`,
        Path: '/',
        CreateDate: '2024-03-04T10:12:00Z',
        GroupList: ['Engineers'],
        UserPolicyList: [],
        AttachedManagedPolicies: [],
        Tags: [{ Key: 'team', Value: 'platform' }],
      },
      {
        UserName: 'bob',
        UserId: 'AIDAQ3EXAMPLEBOB00002',
        Arn: `arn:aws:iam::${TOOLING}:user/contractors/bob`,
        Path: '/contractors/',
        CreateDate: '2026-09-01T08:00:00Z',
        GroupList: ['Engineers', 'Contractors'],
        UserPolicyList: [],
        AttachedManagedPolicies: [],
        PermissionsBoundary: {
          PermissionsBoundaryType: 'Policy',
          PermissionsBoundaryArn: `arn:aws:iam::${TOOLING}:policy/ContractorBoundary`,
        },
        Tags: [
          { Key: 'team', Value: 'platform' },
          { Key: 'employment', Value: 'contractor' },
        ],
      },
      {
        UserName: 'carol',
        UserId: 'AIDAQ3EXAMPLECAROL003',
        Arn: `arn:aws:iam::${TOOLING}:user/carol`,
        Path: '/',
        CreateDate: '2025-01-20T14:30:00Z',
        GroupList: ['Engineers'],
        UserPolicyList: [],
        AttachedManagedPolicies: [],
        Tags: [{ Key: 'team', Value: 'sre' }],
      },
      {
        UserName: 'dana',
        UserId: 'AIDAQ3EXAMPLEDANA0004',
        Arn: `arn:aws:iam::${TOOLING}:user/dana`,
        Path: '/',
        CreateDate: '2025-06-11T09:45:00Z',
        GroupList: ['Analysts'],
        UserPolicyList: [],
        AttachedManagedPolicies: [],
        Tags: [{ Key: 'team', Value: 'data' }],
      },
      {
        UserName: 'erin',
        UserId: 'AIDAQ3EXAMPLEERIN0005',
        Arn: `arn:aws:iam::${TOOLING}:user/erin`,
        Path: '/',
        CreateDate: '2025-11-02T16:05:00Z',
        GroupList: ['Engineers'],
        UserPolicyList: [],
        AttachedManagedPolicies: [],
        Tags: [{ Key: 'team', Value: 'sre' }],
      },
    ],
    GroupDetailList: [
      {
        GroupName: 'Engineers',
        GroupId: 'AGPAQ3EXAMPLEENGINEER',
        Arn: `arn:aws:iam::${TOOLING}:group/Engineers`,
        Path: '/',
        GroupPolicyList: [
          {
            PolicyName: 'AssumeWorkloadRoles',
            PolicyDocument: {
              Version: V,
              Statement: [
                {
                  Sid: 'AssumeProductionAndPlatformRoles',
                  Effect: 'Allow',
                  Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'],
                  Resource: [
                    `arn:aws:iam::${PRODUCTION}:role/ReadOnly`,
                    `arn:aws:iam::${PRODUCTION}:role/BreakGlassAdmin`,
                    `arn:aws:iam::${TOOLING}:role/PlatformEngineer`,
                  ],
                },
              ],
            },
          },
        ],
        AttachedManagedPolicies: [{ PolicyName: 'SelfServiceCredentials', PolicyArn: `arn:aws:iam::${TOOLING}:policy/SelfServiceCredentials` }],
      },
      {
        GroupName: 'Analysts',
        GroupId: 'AGPAQ3EXAMPLEANALYSTS',
        Arn: `arn:aws:iam::${TOOLING}:group/Analysts`,
        Path: '/',
        GroupPolicyList: [
          {
            PolicyName: 'QueryDataLake',
            PolicyDocument: {
              Version: V,
              Statement: [
                {
                  Sid: 'RunAthenaQueries',
                  Effect: 'Allow',
                  Action: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'glue:GetTable', 'glue:GetDatabase'],
                  Resource: '*',
                },
                {
                  Sid: 'ReadCuratedBucket',
                  Effect: 'Allow',
                  Action: ['s3:GetObject', 's3:ListBucket'],
                  Resource: ['arn:aws:s3:::acme-curated-data', 'arn:aws:s3:::acme-curated-data/*'],
                },
              ],
            },
          },
        ],
        AttachedManagedPolicies: [{ PolicyName: 'SelfServiceCredentials', PolicyArn: `arn:aws:iam::${TOOLING}:policy/SelfServiceCredentials` }],
      },
      {
        GroupName: 'Contractors',
        GroupId: 'AGPAQ3EXAMPLECONTRACT',
        Arn: `arn:aws:iam::${TOOLING}:group/Contractors`,
        Path: '/',
        GroupPolicyList: [],
        AttachedManagedPolicies: [],
      },
    ],
    RoleDetailList: [
      {
        RoleName: 'GitHubActionsDeploy',
        RoleId: 'AROAQ3EXAMPLEGHADEPLY',
        Arn: `arn:aws:iam::${TOOLING}:role/GitHubActionsDeploy`,
        Path: '/',
        CreateDate: '2025-02-10T11:00:00Z',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [
            {
              Sid: 'GitHubActionsMainAndProduction',
              Effect: 'Allow',
              Principal: { Federated: GITHUB_OIDC_PROVIDER_ARN },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
                StringLike: {
                  'token.actions.githubusercontent.com:sub': ['repo:acme/api:ref:refs/heads/main', 'repo:acme/api:environment:production'],
                },
              },
            },
          ],
        },
        RolePolicyList: [
          {
            PolicyName: 'ChainIntoProductionDeploy',
            PolicyDocument: {
              Version: V,
              Statement: [
                {
                  Sid: 'AssumeProductionDeploy',
                  Effect: 'Allow',
                  Action: ['sts:AssumeRole', 'sts:TagSession'],
                  Resource: `arn:aws:iam::${PRODUCTION}:role/Deploy`,
                },
              ],
            },
          },
        ],
        AttachedManagedPolicies: [],
        Tags: [{ Key: 'owner', Value: 'platform' }],
      },
      {
        RoleName: 'CiRunner',
        RoleId: 'AROAQ3EXAMPLECIRUNNER',
        Arn: `arn:aws:iam::${TOOLING}:role/CiRunner`,
        Path: '/',
        CreateDate: '2024-05-22T13:20:00Z',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [
            { Sid: 'Ec2RunnerFleet', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        RolePolicyList: [
          {
            PolicyName: 'RunnerDeployTargets',
            PolicyDocument: {
              Version: V,
              Statement: [
                {
                  Sid: 'AssumeDeployTargets',
                  Effect: 'Allow',
                  Action: 'sts:AssumeRole',
                  Resource: [`arn:aws:iam::${PRODUCTION}:role/Deploy`, `arn:aws:iam::${VENDOR}:role/AcmeMetricsPush`],
                },
                {
                  Sid: 'ReadBuildCache',
                  Effect: 'Allow',
                  Action: ['s3:GetObject', 's3:PutObject'],
                  Resource: 'arn:aws:s3:::acme-build-cache/*',
                },
              ],
            },
          },
        ],
        AttachedManagedPolicies: [],
        InstanceProfileList: [
          {
            InstanceProfileName: 'CiRunner',
            InstanceProfileId: 'AIPAQ3EXAMPLECIRUNNER',
            Arn: `arn:aws:iam::${TOOLING}:instance-profile/CiRunner`,
            Path: '/',
          },
        ],
        Tags: [{ Key: 'owner', Value: 'platform' }],
      },
      {
        RoleName: 'PlatformEngineer',
        RoleId: 'AROAQ3EXAMPLEPLATENG1',
        Arn: `arn:aws:iam::${TOOLING}:role/PlatformEngineer`,
        Path: '/',
        CreateDate: '2024-03-04T10:00:00Z',
        MaxSessionDuration: 43200,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [
            {
              Sid: 'EngineersWithMfa',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${TOOLING}:root` },
              Action: 'sts:AssumeRole',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
            },
          ],
        },
        RolePolicyList: [
          {
            PolicyName: 'OperateProduction',
            PolicyDocument: {
              Version: V,
              Statement: [
                {
                  Sid: 'AssumeProductionRoles',
                  Effect: 'Allow',
                  Action: 'sts:AssumeRole',
                  Resource: `arn:aws:iam::${PRODUCTION}:role/*`,
                },
              ],
            },
          },
        ],
        AttachedManagedPolicies: [],
      },
      {
        // Recreated on 2026-10-30 by a Terraform replace: the RoleId changed, the ARN did not.
        RoleName: 'ReportingJob',
        RoleId: 'AROAQ3EXAMPLENEWRPT01',
        Arn: `arn:aws:iam::${TOOLING}:role/ReportingJob`,
        Path: '/',
        CreateDate: '2026-10-30T17:42:00Z',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [
            { Sid: 'LambdaExecution', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        RolePolicyList: [
          {
            PolicyName: 'ReadProductionReports',
            PolicyDocument: {
              Version: V,
              Statement: [
                {
                  Sid: 'AssumeLegacyReporting',
                  Effect: 'Allow',
                  Action: 'sts:AssumeRole',
                  Resource: `arn:aws:iam::${PRODUCTION}:role/LegacyReporting`,
                },
              ],
            },
          },
        ],
        AttachedManagedPolicies: [],
      },
      {
        RoleName: 'AWSServiceRoleForSupport',
        RoleId: 'AROAQ3EXAMPLESUPPORT1',
        Arn: `arn:aws:iam::${TOOLING}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`,
        Path: '/aws-service-role/support.amazonaws.com/',
        CreateDate: '2024-01-15T00:00:00Z',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [{ Effect: 'Allow', Principal: { Service: 'support.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        RolePolicyList: [],
        AttachedManagedPolicies: [],
      },
    ],
    Policies: [
      {
        PolicyName: 'ContractorBoundary',
        PolicyId: 'ANPAQ3EXAMPLECONTRBND',
        Arn: `arn:aws:iam::${TOOLING}:policy/ContractorBoundary`,
        Path: '/',
        DefaultVersionId: 'v2',
        PolicyVersionList: [
          {
            VersionId: 'v2',
            IsDefaultVersion: true,
            Document: {
              Version: V,
              Statement: [
                {
                  Sid: 'DayToDayWork',
                  Effect: 'Allow',
                  Action: ['s3:*', 'logs:*', 'cloudwatch:*', 'sts:AssumeRole', 'sts:GetCallerIdentity', 'iam:ChangePassword', 'iam:GetUser'],
                  Resource: '*',
                },
                {
                  Sid: 'NoProductionRoles',
                  Effect: 'Deny',
                  Action: 'sts:AssumeRole',
                  Resource: `arn:aws:iam::${PRODUCTION}:role/*`,
                },
              ],
            },
          },
        ],
      },
      {
        PolicyName: 'SelfServiceCredentials',
        PolicyId: 'ANPAQ3EXAMPLESELFSERV',
        Arn: `arn:aws:iam::${TOOLING}:policy/SelfServiceCredentials`,
        Path: '/',
        DefaultVersionId: 'v1',
        PolicyVersionList: [
          {
            VersionId: 'v1',
            IsDefaultVersion: true,
            Document: {
              Version: V,
              Statement: [
                {
                  Sid: 'ManageOwnCredentials',
                  Effect: 'Allow',
                  Action: ['iam:ChangePassword', 'iam:GetUser', 'iam:CreateAccessKey', 'iam:ListAccessKeys', 'iam:EnableMFADevice', 'iam:ListMFADevices'],
                  Resource: `arn:aws:iam::${TOOLING}:user/\${aws:username}`,
                },
              ],
            },
          },
        ],
      },
    ],
  },
};

// ───────────────────────────── production 222222222222 ─────────────────────────────

const production: SnapshotAccount = {
  accountId: PRODUCTION,
  alias: 'acme-production',
  partition: 'aws',
  samlProviders: [{ Arn: OKTA_SAML_PROVIDER_ARN, ValidUntil: '2125-01-01T00:00:00Z' }],
  // Regional STS endpoint deactivated in ap-southeast-2: calls through sts.ap-southeast-2 fail.
  stsRegions: { disabled: ['ap-southeast-2'] },
  authorizationDetails: {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [
      {
        RoleName: 'Deploy',
        RoleId: 'AROAQ3EXAMPLEPRDDEPLY',
        Arn: `arn:aws:iam::${PRODUCTION}:role/Deploy`,
        Path: '/',
        CreateDate: '2024-05-22T13:40:00Z',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [
            {
              // sts:TagSession deliberately absent: GitHub Actions with role-chaining tags its sessions.
              Sid: 'ToolingDeployers',
              Effect: 'Allow',
              Principal: { AWS: [`arn:aws:iam::${TOOLING}:role/GitHubActionsDeploy`, `arn:aws:iam::${TOOLING}:role/CiRunner`] },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'DeployServices', PolicyArn: `arn:aws:iam::${PRODUCTION}:policy/DeployServices` }],
        Tags: [{ Key: 'owner', Value: 'platform' }],
      },
      {
        RoleName: 'ReadOnly',
        RoleId: 'AROAQ3EXAMPLEPRDREAD1',
        Arn: `arn:aws:iam::${PRODUCTION}:role/ReadOnly`,
        Path: '/',
        CreateDate: '2024-03-04T10:30:00Z',
        MaxSessionDuration: 14400,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [
            {
              Sid: 'ToolingAccount',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${TOOLING}:root` },
              Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
            },
          ],
        },
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'ProductionReadOnly', PolicyArn: `arn:aws:iam::${PRODUCTION}:policy/ProductionReadOnly` }],
      },
      {
        RoleName: 'BreakGlassAdmin',
        RoleId: 'AROAQ3EXAMPLEBRKGLASS',
        Arn: `arn:aws:iam::${PRODUCTION}:role/BreakGlassAdmin`,
        Path: '/',
        CreateDate: '2024-03-04T10:31:00Z',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [
            {
              Sid: 'RequireMfa',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${TOOLING}:root` },
              Action: 'sts:AssumeRole',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
            },
          ],
        },
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'ProductionAdmin', PolicyArn: `arn:aws:iam::${PRODUCTION}:policy/ProductionAdmin` }],
      },
      {
        RoleName: 'Operator',
        RoleId: 'AROAQ3EXAMPLEOPERATR',
        Arn: `arn:aws:iam::${PRODUCTION}:role/Operator`,
        Path: '/',
        CreateDate: '2025-04-01T12:00:00Z',
        MaxSessionDuration: 28800,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [
            {
              Sid: 'PlatformEngineers',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${TOOLING}:role/PlatformEngineer` },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'ProductionReadOnly', PolicyArn: `arn:aws:iam::${PRODUCTION}:policy/ProductionReadOnly` }],
      },
      {
        RoleName: 'VendorMonitoring',
        RoleId: 'AROAQ3EXAMPLEVNDRMON1',
        Arn: `arn:aws:iam::${PRODUCTION}:role/VendorMonitoring`,
        Path: '/',
        CreateDate: '2025-08-19T15:00:00Z',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [
            {
              Sid: 'MonitoringVendor',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${VENDOR}:role/MonitoringCollector` },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'sts:ExternalId': 'acme-7f3c9e2b-prod' } },
            },
          ],
        },
        RolePolicyList: [
          {
            PolicyName: 'ReadMetrics',
            PolicyDocument: {
              Version: V,
              Statement: [
                {
                  Sid: 'Metrics',
                  Effect: 'Allow',
                  Action: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 'tag:GetResources'],
                  Resource: '*',
                },
              ],
            },
          },
        ],
        AttachedManagedPolicies: [],
      },
      {
        // The trust still holds the unique id of the ReportingJob role that was deleted and recreated
        // in tooling: IAM could no longer map it back to an ARN.
        RoleName: 'LegacyReporting',
        RoleId: 'AROAQ3EXAMPLELEGACYR1',
        Arn: `arn:aws:iam::${PRODUCTION}:role/LegacyReporting`,
        Path: '/',
        CreateDate: '2023-07-12T09:00:00Z',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [
            {
              Sid: 'ReportingJob',
              Effect: 'Allow',
              Principal: { AWS: DELETED_REPORTING_JOB_ROLE_ID },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'ProductionReadOnly', PolicyArn: `arn:aws:iam::${PRODUCTION}:policy/ProductionReadOnly` }],
      },
      {
        RoleName: 'OktaReadOnly',
        RoleId: 'AROAQ3EXAMPLEOKTARO01',
        Arn: `arn:aws:iam::${PRODUCTION}:role/OktaReadOnly`,
        Path: '/',
        CreateDate: '2024-09-09T08:00:00Z',
        MaxSessionDuration: 28800,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [
            {
              Sid: 'OktaFederation',
              Effect: 'Allow',
              Principal: { Federated: OKTA_SAML_PROVIDER_ARN },
              Action: 'sts:AssumeRoleWithSAML',
              Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
            },
          ],
        },
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'ProductionReadOnly', PolicyArn: `arn:aws:iam::${PRODUCTION}:policy/ProductionReadOnly` }],
      },
      {
        RoleName: 'OrganizationAccountAccessRole',
        RoleId: 'AROAQ3EXAMPLEORGACCES',
        Arn: `arn:aws:iam::${PRODUCTION}:role/OrganizationAccountAccessRole`,
        Path: '/',
        CreateDate: '2023-01-05T00:00:00Z',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' }],
        },
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'ProductionAdmin', PolicyArn: `arn:aws:iam::${PRODUCTION}:policy/ProductionAdmin` }],
      },
    ],
    Policies: [
      {
        PolicyName: 'DeployServices',
        PolicyId: 'ANPAQ3EXAMPLEDEPLOYSV',
        Arn: `arn:aws:iam::${PRODUCTION}:policy/DeployServices`,
        Path: '/',
        DefaultVersionId: 'v3',
        PolicyVersionList: [
          {
            VersionId: 'v3',
            IsDefaultVersion: true,
            Document: {
              Version: V,
              Statement: [
                {
                  Sid: 'UpdateServices',
                  Effect: 'Allow',
                  Action: ['ecs:UpdateService', 'ecs:DescribeServices', 'ecs:RegisterTaskDefinition', 'ecr:GetAuthorizationToken'],
                  Resource: '*',
                },
                {
                  Sid: 'PassTaskRoles',
                  Effect: 'Allow',
                  Action: 'iam:PassRole',
                  Resource: `arn:aws:iam::${PRODUCTION}:role/ecs-task-*`,
                  Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
                },
              ],
            },
          },
        ],
      },
      {
        PolicyName: 'ProductionReadOnly',
        PolicyId: 'ANPAQ3EXAMPLEPRODREAD',
        Arn: `arn:aws:iam::${PRODUCTION}:policy/ProductionReadOnly`,
        Path: '/',
        DefaultVersionId: 'v1',
        PolicyVersionList: [
          {
            VersionId: 'v1',
            IsDefaultVersion: true,
            Document: {
              Version: V,
              Statement: [
                {
                  Sid: 'Describe',
                  Effect: 'Allow',
                  Action: ['ec2:Describe*', 'ecs:Describe*', 'ecs:List*', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'cloudwatch:GetMetricData'],
                  Resource: '*',
                },
              ],
            },
          },
        ],
      },
      {
        PolicyName: 'ProductionAdmin',
        PolicyId: 'ANPAQ3EXAMPLEPRODADMN',
        Arn: `arn:aws:iam::${PRODUCTION}:policy/ProductionAdmin`,
        Path: '/',
        DefaultVersionId: 'v1',
        PolicyVersionList: [
          {
            VersionId: 'v1',
            IsDefaultVersion: true,
            Document: { Version: V, Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }] },
          },
        ],
      },
    ],
  },
};

// ───────────────────────────── vendor 333333333333 ─────────────────────────────

const vendor: SnapshotAccount = {
  accountId: VENDOR,
  alias: 'example-monitoring-vendor',
  partition: 'aws',
  authorizationDetails: {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [
      {
        RoleName: 'MonitoringCollector',
        RoleId: 'AROAQ3EXAMPLEVNDCOLL1',
        Arn: `arn:aws:iam::${VENDOR}:role/MonitoringCollector`,
        Path: '/',
        CreateDate: '2022-02-02T02:02:00Z',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [{ Sid: 'CollectorFleet', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        RolePolicyList: [
          {
            PolicyName: 'AssumeCustomerRoles',
            PolicyDocument: {
              Version: V,
              Statement: [
                {
                  Sid: 'CustomerMonitoringRoles',
                  Effect: 'Allow',
                  Action: 'sts:AssumeRole',
                  Resource: 'arn:aws:iam::*:role/VendorMonitoring',
                },
              ],
            },
          },
        ],
        AttachedManagedPolicies: [],
      },
      {
        RoleName: 'AcmeMetricsPush',
        RoleId: 'AROAQ3EXAMPLEVNDPUSH1',
        Arn: `arn:aws:iam::${VENDOR}:role/AcmeMetricsPush`,
        Path: '/',
        CreateDate: '2026-11-10T10:00:00Z',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: {
          Version: V,
          Statement: [
            {
              Sid: 'AcmeCiRunners',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${TOOLING}:role/CiRunner` },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        RolePolicyList: [
          {
            PolicyName: 'PutCustomerMetrics',
            PolicyDocument: {
              Version: V,
              Statement: [{ Effect: 'Allow', Action: 'kinesis:PutRecords', Resource: `arn:aws:kinesis:us-east-1:${VENDOR}:stream/acme-ingest` }],
            },
          },
        ],
        AttachedManagedPolicies: [],
      },
    ],
    Policies: [],
  },
};

export const demoAccounts: SnapshotAccount[] = [tooling, production, vendor];

// ───────────────────────────── organization ─────────────────────────────

export const demoOrganization: Organization = {
  id: 'o-a1b2c3d4e5',
  managementAccountId: MANAGEMENT,
  root: {
    id: 'r-a1b2',
    name: 'Root',
    policies: ['p-FullAWSAccess', 'p-a1b2denyleave', 'p-RCPFullAWSAccess', 'p-a1b2rcpoidc'],
    children: [
      {
        id: 'ou-a1b2-3c4d5e6f',
        name: 'Infrastructure',
        policies: ['p-FullAWSAccess', 'p-a1b2orgroles', 'p-RCPFullAWSAccess'],
        children: [{ accountId: TOOLING, name: 'acme-tooling', policies: ['p-FullAWSAccess', 'p-RCPFullAWSAccess'] }],
      },
      {
        id: 'ou-a1b2-7a8b9c0d',
        name: 'Workloads',
        policies: ['p-FullAWSAccess', 'p-a1b2denyroot', 'p-RCPFullAWSAccess'],
        children: [{ accountId: PRODUCTION, name: 'acme-production', policies: ['p-FullAWSAccess', 'p-RCPFullAWSAccess'] }],
      },
    ],
  },
  policies: [
    {
      id: 'p-FullAWSAccess',
      type: 'SERVICE_CONTROL_POLICY',
      name: 'FullAWSAccess',
      content: { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    },
    {
      id: 'p-a1b2denyleave',
      type: 'SERVICE_CONTROL_POLICY',
      name: 'DenyLeaveOrganization',
      content: {
        Version: V,
        Statement: [{ Sid: 'StayInOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
      },
    },
    {
      // Data perimeter for the tooling OU: CI credentials may only assume roles in Acme's own accounts.
      id: 'p-a1b2orgroles',
      type: 'SERVICE_CONTROL_POLICY',
      name: 'AssumeRolesOnlyInsideAcme',
      content: {
        Version: V,
        Statement: [
          {
            Sid: 'DenyAssumeRoleOutsideAcme',
            Effect: 'Deny',
            Action: 'sts:AssumeRole',
            NotResource: [`arn:aws:iam::${TOOLING}:role/*`, `arn:aws:iam::${PRODUCTION}:role/*`],
            Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/SecurityAudit' } },
          },
        ],
      },
    },
    {
      id: 'p-a1b2denyroot',
      type: 'SERVICE_CONTROL_POLICY',
      name: 'DenyRootUser',
      content: {
        Version: V,
        Statement: [
          {
            Sid: 'NoRootUserInWorkloads',
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } },
          },
        ],
      },
    },
    {
      id: 'p-RCPFullAWSAccess',
      type: 'RESOURCE_CONTROL_POLICY',
      name: 'RCPFullAWSAccess',
      content: { Version: V, Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
    },
    {
      // Only workflows of the acme GitHub organization may use the GitHub OIDC provider anywhere in Acme.
      id: 'p-a1b2rcpoidc',
      type: 'RESOURCE_CONTROL_POLICY',
      name: 'GitHubOidcOnlyForAcmeRepos',
      content: {
        Version: V,
        Statement: [
          {
            Sid: 'DenyForeignGitHubRepos',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Resource: '*',
            Condition: {
              Null: { 'token.actions.githubusercontent.com:sub': 'false' },
              StringNotLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' },
            },
          },
        ],
      },
    },
  ],
};
