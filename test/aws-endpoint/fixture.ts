// The world the local AWS endpoint serves: accounts with IAM data, CloudTrail events per region,
// an organization, and the access keys that identify callers. Policy documents are objects here;
// the endpoint URL-encodes them on the wire the way IAM does.

import type {
  GroupDetail,
  ManagedPolicyDetail,
  OidcProvider,
  RoleDetail,
  SamlProvider,
  UserDetail,
} from '@/lib/engine/types';

export interface FixtureAccount {
  accountId: string;
  alias?: string;
  users: UserDetail[];
  groups: GroupDetail[];
  roles: RoleDetail[];
  policies: ManagedPolicyDetail[];
  oidcProviders: OidcProvider[];
  samlProviders: SamlProvider[];
  /** CloudTrail records by region. */
  events: Record<string, Record<string, unknown>[]>;
}

export interface FixtureOrgNode {
  id: string;
  name?: string;
  accountId?: string;
  children?: FixtureOrgNode[];
}

export interface FixtureOrganization {
  id: string;
  managementAccountId: string;
  /** Accounts whose credentials may read the tree and policies (management, delegated admins). */
  readableFrom: string[];
  /** ListRoots PolicyTypes[].Status by type; default ENABLED for every type a policy uses. */
  policyTypeStatus?: Record<string, 'ENABLED' | 'PENDING_ENABLE' | 'PENDING_DISABLE'>;
  root: FixtureOrgNode;
  policies: {
    id: string;
    type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
    name: string;
    content: Record<string, unknown>;
    /** Node ids (root, OU, account id) the policy is attached to. */
    targets: string[];
  }[];
}

export interface FixtureIdentity {
  accountId: string;
  arn: string;
  userId: string;
}

export interface Fixture {
  accounts: FixtureAccount[];
  /** Static access key id → who it belongs to. */
  accessKeys: Record<string, FixtureIdentity>;
  /** Access key ids whose session has expired. */
  expiredAccessKeys?: string[];
  /** Roles the endpoint lets anyone assume (with the external id when given). */
  assumableRoles: { roleArn: string; externalId?: string }[];
  organization?: FixtureOrganization;
}

const trust = (principal: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra }],
});

export function emptyAccount(accountId: string, alias?: string): FixtureAccount {
  return { accountId, alias, users: [], groups: [], roles: [], policies: [], oidcProviders: [], samlProviders: [], events: {} };
}

export function makeRole(accountId: string, name: string, trustPolicy: Record<string, unknown>, maxSessionDuration = 3600): RoleDetail {
  return {
    RoleName: name,
    RoleId: `AROA${accountId.slice(0, 6)}${name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 10).padEnd(10, 'X')}`,
    Arn: `arn:aws:iam::${accountId}:role/${name}`,
    Path: '/',
    AssumeRolePolicyDocument: trustPolicy,
    RolePolicyList: [],
    AttachedManagedPolicies: [],
    Tags: [],
    MaxSessionDuration: maxSessionDuration,
    CreateDate: '2026-01-05T10:00:00Z',
  };
}

export function makeUser(accountId: string, name: string): UserDetail {
  return {
    UserName: name,
    UserId: `AIDA${accountId.slice(0, 6)}${name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 10).padEnd(10, 'X')}`,
    Arn: `arn:aws:iam::${accountId}:user/${name}`,
    Path: '/',
    GroupList: [],
    UserPolicyList: [],
    AttachedManagedPolicies: [],
    Tags: [],
    CreateDate: '2026-01-05T10:00:00Z',
  };
}

export function makePolicy(accountId: string, name: string, actions: string[]): ManagedPolicyDetail {
  return {
    PolicyName: name,
    PolicyId: `ANPA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12).padEnd(12, 'X')}`,
    Arn: `arn:aws:iam::${accountId}:policy/${name}`,
    Path: '/',
    DefaultVersionId: 'v1',
    PolicyVersionList: [
      {
        Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] },
        VersionId: 'v1',
        IsDefaultVersion: true,
      },
    ],
  };
}

/** One AssumeRole CloudTrail record as the STS side logs it. */
export function makeAssumeRoleEvent(input: {
  eventId: string;
  eventTime: string;
  region: string;
  accountId: string;
  callerArn: string;
  roleArn: string;
  eventName?: 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'AssumeRoleWithSAML';
  errorCode?: string;
}): Record<string, unknown> {
  const callerAccount = input.callerArn.split(':')[4] ?? input.accountId;
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: input.callerArn, accountId: callerAccount },
    eventTime: input.eventTime,
    eventSource: 'sts.amazonaws.com',
    eventName: input.eventName ?? 'AssumeRole',
    awsRegion: input.region,
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { roleArn: input.roleArn, roleSessionName: 'session' },
    responseElements: null,
    ...(input.errorCode
      ? {
          errorCode: input.errorCode,
          errorMessage: `User: ${input.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${input.roleArn}`,
        }
      : {}),
    requestID: `req-${input.eventId}`,
    eventID: input.eventId,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: input.accountId,
    eventCategory: 'Management',
  };
}

export const CALLER_KEY = 'AKIAFIXTURECALLER001';
export const CALLER_SECRET = 'fixture-secret-not-a-real-key';

/**
 * A small organization: the management account 999999999999 (where the pull starts, as the
 * user doctor) and two member accounts read through a role, with OIDC, SAML, SCPs and an RCP.
 */
export function smallFixture(): Fixture {
  const mgmt = emptyAccount('999999999999', 'management');
  const dev = emptyAccount('111111111111', 'dev');
  const prod = emptyAccount('222222222222', 'prod');
  mgmt.users.push(makeUser('999999999999', 'doctor'));
  mgmt.roles.push(makeRole('999999999999', 'OrganizationAccountAccessRole', trust({ AWS: 'arn:aws:iam::999999999999:root' })));
  dev.users.push({ ...makeUser('111111111111', 'alice'), GroupList: ['Developers'] });
  dev.groups.push({ GroupName: 'Developers', GroupId: 'AGPADEVELOPERS', Arn: 'arn:aws:iam::111111111111:group/Developers', Path: '/', GroupPolicyList: [], AttachedManagedPolicies: [{ PolicyName: 'AssumeDeploy', PolicyArn: 'arn:aws:iam::111111111111:policy/AssumeDeploy' }] });
  dev.policies.push(makePolicy('111111111111', 'AssumeDeploy', ['sts:AssumeRole']));
  for (const account of [dev, prod]) {
    account.roles.push(makeRole(account.accountId, 'DoctorReadOnly', trust({ AWS: 'arn:aws:iam::999999999999:root' })));
  }
  prod.roles.push(makeRole('222222222222', 'Deploy', trust({ AWS: 'arn:aws:iam::111111111111:root' }, { Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } }), 7200));
  prod.roles.push({ ...makeRole('222222222222', 'AWSServiceRoleForSupport', trust({ Service: 'support.amazonaws.com' })), Path: '/aws-service-role/support.amazonaws.com/' });
  prod.roles.push(
    makeRole('222222222222', 'GitHubDeploy', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
        },
      ],
    }),
  );
  prod.oidcProviders.push({
    Arn: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
    Url: 'token.actions.githubusercontent.com',
    ClientIDList: ['sts.amazonaws.com'],
    ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
  });
  prod.samlProviders.push({ Arn: 'arn:aws:iam::222222222222:saml-provider/Okta', ValidUntil: '2030-01-01T00:00:00Z' });

  const base = Date.parse('2026-11-22T08:00:00Z');
  const events = (account: string, region: string, count: number, offsetSeconds: number) =>
    Array.from({ length: count }, (_, i) =>
      makeAssumeRoleEvent({
        eventId: `${account}-${region}-${i}`,
        eventTime: new Date(base + (offsetSeconds + i * 60) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region,
        accountId: account,
        callerArn: 'arn:aws:iam::111111111111:user/alice',
        roleArn: 'arn:aws:iam::222222222222:role/Deploy',
        errorCode: i % 3 === 0 ? 'AccessDenied' : undefined,
      }),
    );
  prod.events['us-east-1'] = events('222222222222', 'us-east-1', 7, 0);
  dev.events['us-east-1'] = events('111111111111', 'us-east-1', 3, 30);

  return {
    accounts: [mgmt, dev, prod],
    accessKeys: { [CALLER_KEY]: { accountId: '999999999999', arn: 'arn:aws:iam::999999999999:user/doctor', userId: 'AIDADOCTOR' } },
    assumableRoles: [
      { roleArn: 'arn:aws:iam::111111111111:role/DoctorReadOnly' },
      { roleArn: 'arn:aws:iam::222222222222:role/DoctorReadOnly', externalId: 'doctor-ext' },
    ],
    organization: {
      id: 'o-a1b2c3d4e5',
      managementAccountId: '999999999999',
      readableFrom: ['999999999999'],
      root: {
        id: 'r-ab12',
        name: 'Root',
        children: [
          { id: '999999999999', accountId: '999999999999' },
          {
            id: 'ou-ab12-11111111',
            name: 'Workloads',
            children: [
              { id: '111111111111', accountId: '111111111111' },
              { id: '222222222222', accountId: '222222222222' },
            ],
          },
        ],
      },
      policies: [
        { id: 'p-FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', name: 'FullAWSAccess', content: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, targets: ['r-ab12', 'ou-ab12-11111111', '999999999999', '111111111111', '222222222222'] },
        { id: 'p-denyleave', type: 'SERVICE_CONTROL_POLICY', name: 'DenyLeave', content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] }, targets: ['ou-ab12-11111111'] },
        { id: 'p-rcp1', type: 'RESOURCE_CONTROL_POLICY', name: 'RCPFullAWSAccess', content: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }, targets: ['r-ab12'] },
      ],
    },
  };
}

/** A large single account for the pull benchmark. */
export function largeFixture(input: { roles: number; users: number; policies: number; events: number; region?: string }): Fixture {
  const accountId = '333333333333';
  const region = input.region ?? 'us-east-1';
  const account = emptyAccount(accountId, 'bench');
  for (let i = 0; i < input.policies; i++) account.policies.push(makePolicy(accountId, `Policy${i}`, ['s3:GetObject', 'sts:AssumeRole']));
  for (let i = 0; i < input.users; i++) {
    const user = makeUser(accountId, `user${i}`);
    user.AttachedManagedPolicies = [{ PolicyName: `Policy${i % Math.max(1, input.policies)}`, PolicyArn: `arn:aws:iam::${accountId}:policy/Policy${i % Math.max(1, input.policies)}` }];
    account.users.push(user);
  }
  for (let i = 0; i < input.roles; i++) {
    account.roles.push(makeRole(accountId, `Role${i}`, trust({ AWS: `arn:aws:iam::${accountId}:root` }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), 3600 + (i % 4) * 3600));
  }
  const base = Date.parse('2026-11-22T00:00:00Z');
  account.events[region] = Array.from({ length: input.events }, (_, i) =>
    makeAssumeRoleEvent({
      eventId: `bench-${i}`,
      eventTime: new Date(base + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region,
      accountId,
      callerArn: `arn:aws:iam::${accountId}:user/user${i % Math.max(1, input.users)}`,
      roleArn: `arn:aws:iam::${accountId}:role/Role${i % Math.max(1, input.roles)}`,
      errorCode: i % 5 === 0 ? 'AccessDenied' : undefined,
    }),
  );
  return {
    accounts: [account],
    accessKeys: { [CALLER_KEY]: { accountId, arn: `arn:aws:iam::${accountId}:user/user0`, userId: 'AIDABENCH' } },
    assumableRoles: [],
  };
}
