// A synthetic organization for the engine benchmark: 5 accounts, 2,000 roles with the trust
// policies people really write (account, role ARN, service, GitHub OIDC with sub conditions,
// ExternalId, MFA, SourceIp, explicit denies), users in groups with inline and managed policies,
// permissions boundaries, SCPs, and a deterministic mix of requests that pass and fail.

import type { AssumeRoleRequest, ManagedPolicyDetail, OrgPolicy, RoleDetail, Snapshot, SnapshotAccount, UserDetail, GroupDetail } from '@/lib/engine/types';

export const ACCOUNT_IDS = ['100000000001', '100000000002', '100000000003', '100000000004', '100000000005'];
const ROLES_PER_ACCOUNT = 400;
const USERS_PER_ACCOUNT = 60;
const DEPLOYERS_PER_ACCOUNT = 5;
const GITHUB = 'token.actions.githubusercontent.com';

/** Deterministic PRNG (mulberry32) so every run benchmarks the same organization. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type TrustKind = 'account-externalid' | 'role-arn' | 'service' | 'github' | 'user-mfa' | 'account-sourceip' | 'account-plain' | 'org-deny';
const TRUST_KINDS: TrustKind[] = ['account-externalid', 'role-arn', 'service', 'github', 'user-mfa', 'account-sourceip', 'account-plain', 'org-deny'];

export interface SyntheticRole {
  arn: string;
  account: string;
  name: string;
  kind: TrustKind;
  /** Who the trust policy names, for building requests. */
  trustedAccount: string;
  trustedUserArn?: string;
  trustedRoleArn?: string;
  externalId?: string;
  repo?: string;
  service?: string;
}

export interface SyntheticOrg {
  snapshot: Snapshot;
  roles: SyntheticRole[];
  requests: AssumeRoleRequest[];
}

function doc(statements: unknown[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements };
}

function userArn(account: string, index: number): string {
  return `arn:aws:iam::${account}:user/engineers/user-${index}`;
}

function deployerArn(account: string, index: number): string {
  return `arn:aws:iam::${account}:user/platform/deployer-${index}`;
}

function roleArn(account: string, name: string, path = '/'): string {
  return `arn:aws:iam::${account}:role${path}${name}`;
}

export function buildSyntheticOrg(seed = 42): SyntheticOrg {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

  const roles: SyntheticRole[] = [];
  const accounts: SnapshotAccount[] = [];

  for (const [accountIndex, account] of ACCOUNT_IDS.entries()) {
    const boundaryArn = `arn:aws:iam::${account}:policy/DeveloperBoundary`;
    const policies: ManagedPolicyDetail[] = [
      {
        PolicyName: 'DeveloperBoundary',
        Arn: boundaryArn,
        DefaultVersionId: 'v1',
        PolicyVersionList: [
          {
            VersionId: 'v1',
            IsDefaultVersion: true,
            Document: doc([
              { Effect: 'Allow', Action: ['s3:*', 'logs:*', 'cloudwatch:*'], Resource: '*' },
              { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::*:role/app-*` },
            ]),
          },
        ],
      },
      {
        PolicyName: 'AssumeTeamRoles',
        Arn: `arn:aws:iam::${account}:policy/AssumeTeamRoles`,
        DefaultVersionId: 'v2',
        PolicyVersionList: [
          { VersionId: 'v1', IsDefaultVersion: false, Document: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/legacy-*' }]) },
          {
            VersionId: 'v2',
            IsDefaultVersion: true,
            Document: encodeURIComponent(JSON.stringify(doc([
              { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: ['arn:aws:iam::*:role/app-*', 'arn:aws:iam::*:role/ops-*'] },
              { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/break-glass-*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
            ]))),
          },
        ],
      },
    ];

    const groups: GroupDetail[] = [
      {
        GroupName: 'developers',
        GroupId: `AGPA${account}DEV`,
        Arn: `arn:aws:iam::${account}:group/developers`,
        AttachedManagedPolicies: [{ PolicyName: 'AssumeTeamRoles', PolicyArn: `arn:aws:iam::${account}:policy/AssumeTeamRoles` }],
      },
      {
        // Platform engineers: the callers that are meant to succeed.
        GroupName: 'deployers',
        GroupId: `AGPA${account}DPL`,
        Arn: `arn:aws:iam::${account}:group/deployers`,
        GroupPolicyList: [{ PolicyName: 'assume-any-role', PolicyDocument: doc([{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Resource: 'arn:aws:iam::*:role/*' }]) }],
      },
      {
        GroupName: 'operators',
        GroupId: `AGPA${account}OPS`,
        Arn: `arn:aws:iam::${account}:group/operators`,
        GroupPolicyList: [{ PolicyName: 'ops', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sts:*', Resource: 'arn:aws:iam::*:role/ops-*' }]) }],
      },
    ];

    const users: UserDetail[] = [];
    for (let index = 0; index < USERS_PER_ACCOUNT; index++) {
      const inGroup = index % 3 === 0 ? ['developers'] : index % 3 === 1 ? ['operators'] : [];
      users.push({
        UserName: `user-${index}`,
        UserId: `AIDA${account}${String(index).padStart(4, '0')}`,
        Arn: userArn(account, index),
        Path: '/engineers/',
        GroupList: inGroup,
        UserPolicyList:
          index % 3 === 2
            ? [{ PolicyName: 'assume-own-team', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::*:role/app-team-${index % 20}-*` }]) }]
            : [],
        PermissionsBoundary: index % 5 === 0 ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundaryArn } : undefined,
        Tags: [{ Key: 'team', Value: `team-${index % 20}` }],
      });
    }

    for (let index = 0; index < DEPLOYERS_PER_ACCOUNT; index++) {
      users.push({ UserName: `deployer-${index}`, UserId: `AIDA${account}DPL${index}`, Arn: deployerArn(account, index), Path: '/platform/', GroupList: ['deployers'] });
    }

    const roleDetails: RoleDetail[] = [];
    for (let index = 0; index < ROLES_PER_ACCOUNT; index++) {
      const kind = TRUST_KINDS[index % TRUST_KINDS.length];
      const draw = random();
      const prefix = draw < 0.1 ? 'legacy' : draw < 0.35 ? 'ops' : 'app';
      const name = `${prefix}-team-${index % 20}-${kind}-${index}`;
      const arn = roleArn(account, name);
      const trustedAccount = ACCOUNT_IDS[(accountIndex + 1 + (index % 4)) % ACCOUNT_IDS.length];
      const role: SyntheticRole = { arn, account, name, kind, trustedAccount };
      let statements: unknown[];
      switch (kind) {
        case 'account-externalid':
          role.externalId = `ext-${account}-${index}`;
          statements = [{ Sid: 'Vendor', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${trustedAccount}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': role.externalId } } }];
          break;
        case 'role-arn':
          role.trustedRoleArn = roleArn(trustedAccount, `ci-runner-${index % 10}`);
          statements = [{ Effect: 'Allow', Principal: { AWS: [role.trustedRoleArn, `arn:aws:iam::${trustedAccount}:role/admin`] }, Action: ['sts:AssumeRole', 'sts:TagSession'] }];
          break;
        case 'service':
          role.service = pick(['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']);
          statements = [{ Effect: 'Allow', Principal: { Service: role.service }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': account } } }];
          break;
        case 'github':
          role.repo = `acme/service-${index % 50}`;
          statements = [
            {
              Effect: 'Allow',
              Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/${GITHUB}` },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' },
                StringLike: { [`${GITHUB}:sub`]: [`repo:${role.repo}:ref:refs/heads/main`, `repo:${role.repo}:environment:prod`] },
              },
            },
          ];
          break;
        case 'user-mfa':
          role.trustedUserArn = deployerArn(trustedAccount, index % DEPLOYERS_PER_ACCOUNT);
          statements = [{ Effect: 'Allow', Principal: { AWS: role.trustedUserArn }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }];
          break;
        case 'account-sourceip':
          statements = [{ Effect: 'Allow', Principal: { AWS: trustedAccount }, Action: 'sts:AssumeRole', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] } } }];
          break;
        case 'account-plain':
          statements = [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }];
          role.trustedAccount = account;
          break;
        case 'org-deny':
          statements = [
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${trustedAccount}:root` }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] },
            { Sid: 'OnlyOurOrg', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-synthetic01' } } },
          ];
          break;
      }
      roles.push(role);
      roleDetails.push({
        RoleName: name,
        RoleId: `AROA${account}${String(index).padStart(5, '0')}`,
        Arn: arn,
        Path: '/',
        // Alternate SDK (URL-encoded string) and CLI (object) forms, as real snapshots mix them.
        AssumeRolePolicyDocument: index % 2 === 0 ? doc(statements) : encodeURIComponent(JSON.stringify(doc(statements))),
        RolePolicyList: [{ PolicyName: 'work', PolicyDocument: doc([{ Effect: 'Allow', Action: ['s3:GetObject', 'sts:AssumeRole'], Resource: '*' }]) }],
        AttachedManagedPolicies: [],
        MaxSessionDuration: index % 7 === 0 ? 14400 : 3600,
        Tags: [{ Key: 'team', Value: `team-${index % 20}` }],
      });
    }
    // The CI runner and admin roles that role-arn trusts name.
    for (let runner = 0; runner < 10; runner++) {
      roleDetails.push({
        RoleName: `ci-runner-${runner}`,
        RoleId: `AROA${account}CI${runner}`,
        Arn: roleArn(account, `ci-runner-${runner}`),
        Path: '/',
        AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
        RolePolicyList: runner % 2 === 0 ? [{ PolicyName: 'chain', PolicyDocument: doc([{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }]) }] : [],
      });
    }

    accounts.push({
      accountId: account,
      alias: `synthetic-${accountIndex + 1}`,
      authorizationDetails: { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roleDetails, Policies: policies },
      openIdConnectProviders: [{ Arn: `arn:aws:iam::${account}:oidc-provider/${GITHUB}`, Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] }],
      stsRegions: { disabled: ['ap-east-1'] },
    });
  }

  const scps: OrgPolicy[] = [
    { id: 'p-FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', name: 'FullAWSAccess', content: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]) },
    { id: 'p-deny-leave', type: 'SERVICE_CONTROL_POLICY', name: 'DenyLeave', content: doc([{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }]) },
    {
      id: 'p-deny-legacy',
      type: 'SERVICE_CONTROL_POLICY',
      name: 'DenyLegacyRoles',
      content: JSON.stringify(doc([{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/legacy-*', Condition: { StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ci-runner-*' } } }])),
    },
    // Only the acme GitHub organization's workflows may use web identity in the Shared OU.
    { id: 'p-rcp-oidc', type: 'RESOURCE_CONTROL_POLICY', name: 'OnlyAcmeWorkflows', content: doc([{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRoleWithWebIdentity', Resource: '*', Condition: { StringNotLikeIfExists: { [`${GITHUB}:sub`]: 'repo:acme/*' } } }]) },
  ];

  const snapshot: Snapshot = {
    format: 'assumerole-doctor/snapshot@1',
    capturedAt: '2026-11-22T09:00:00Z',
    source: 'synthetic',
    accounts,
    organization: {
      id: 'o-synthetic01',
      managementAccountId: '999999999999',
      root: {
        id: 'r-syn1',
        policies: ['p-FullAWSAccess'],
        children: [
          { id: 'ou-syn1-workloads', name: 'Workloads', policies: ['p-FullAWSAccess', 'p-deny-leave', 'p-deny-legacy'], children: ACCOUNT_IDS.slice(0, 3).map((accountId) => ({ accountId, policies: ['p-FullAWSAccess'] })) },
          { id: 'ou-syn1-shared', name: 'Shared', policies: ['p-FullAWSAccess', 'p-rcp-oidc'], children: ACCOUNT_IDS.slice(3).map((accountId) => ({ accountId, policies: ['p-FullAWSAccess'] })) },
        ],
      },
      policies: scps,
    },
  };

  return { snapshot, roles, requests: buildRequests(roles, random) };
}

/** At least one request per role, about half built to pass and half to fail for a realistic reason. */
function buildRequests(roles: SyntheticRole[], random: () => number): AssumeRoleRequest[] {
  const requests: AssumeRoleRequest[] = [];
  roles.forEach((role, index) => {
    const fail = index % 2 === 1;
    const session = `s-${index}`;
    const base = { roleArn: role.arn, roleSessionName: session, context: { 'aws:CurrentTime': '2026-11-22T09:00:00Z' } } as const;
    // Calls meant to pass come from platform engineers; the others from anyone, and fail for a reason.
    const someUser = fail ? userArn(role.trustedAccount, Math.floor(random() * USERS_PER_ACCOUNT)) : deployerArn(role.trustedAccount, Math.floor(random() * DEPLOYERS_PER_ACCOUNT));
    switch (role.kind) {
      case 'account-externalid':
        requests.push({ ...base, action: 'sts:AssumeRole', caller: someUser, externalId: fail ? 'wrong-id' : role.externalId });
        break;
      case 'role-arn':
        requests.push({
          ...base,
          action: 'sts:AssumeRole',
          caller: `arn:aws:sts::${role.trustedAccount}:assumed-role/${fail ? 'ci-runner-99' : role.trustedRoleArn!.split('/').pop()}/${session}`,
          tags: [{ Key: 'team', Value: 'red' }],
          callerSession: { issuedBy: 'ec2' },
        });
        break;
      case 'service':
        requests.push({ ...base, action: 'sts:AssumeRole', caller: role.service!, context: { ...base.context, 'aws:SourceAccount': fail ? '999999999999' : role.account } });
        break;
      case 'github':
        requests.push({
          ...base,
          action: 'sts:AssumeRoleWithWebIdentity',
          webIdentity: { claims: { iss: `https://${GITHUB}`, aud: 'sts.amazonaws.com', sub: fail ? `repo:${role.repo}:pull_request` : `repo:${role.repo}:ref:refs/heads/main` } },
        });
        break;
      case 'user-mfa':
        requests.push({ ...base, action: 'sts:AssumeRole', caller: role.trustedUserArn!, ...(fail ? {} : { serialNumber: `arn:aws:iam::${role.trustedAccount}:mfa/user`, tokenCode: '123456' }) });
        break;
      case 'account-sourceip':
        requests.push({ ...base, action: 'sts:AssumeRole', caller: someUser, context: { ...base.context, 'aws:SourceIp': fail ? '192.0.2.7' : '203.0.113.9' } });
        break;
      case 'account-plain':
        requests.push({ ...base, action: 'sts:AssumeRole', caller: someUser, durationSeconds: fail ? 43200 : 3600 });
        break;
      case 'org-deny':
        requests.push({ ...base, action: 'sts:AssumeRole', caller: fail ? 'arn:aws:iam::777777777777:user/outsider' : someUser, sourceIdentity: 'alice' });
        break;
    }
  });
  return requests;
}
