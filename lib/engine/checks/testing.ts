// Small builders for engine tests: a snapshot in the contract's shape without the noise. Tests
// use them to state only what a case is about (the trust policy, the caller's policies).

import type { Check, Diagnosis, GroupDetail, ManagedPolicyDetail, Organization, RoleDetail, Snapshot, SnapshotAccount, Tag, UserDetail } from '../types';

export const CALLER_ACCOUNT = '111111111111';
export const ROLE_ACCOUNT = '222222222222';
export const MANAGEMENT_ACCOUNT = '999999999999';

export type Statement = Record<string, unknown>;

export function policy(...statements: Statement[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements };
}

export function allowAssume(resource = '*', action: string | string[] = 'sts:AssumeRole'): Statement {
  return { Effect: 'Allow', Action: action, Resource: resource };
}

export function trustStatement(principal: unknown, extra: Statement = {}): Statement {
  return { Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra };
}

export function userArn(name: string, account = CALLER_ACCOUNT): string {
  return `arn:aws:iam::${account}:user/${name}`;
}
export function roleArn(name: string, account = ROLE_ACCOUNT, path = '/'): string {
  return `arn:aws:iam::${account}:role${path}${name}`;
}
export function sessionArn(role: string, session: string, account = CALLER_ACCOUNT): string {
  return `arn:aws:sts::${account}:assumed-role/${role}/${session}`;
}

let idCounter = 0;
function uniqueId(prefix: string): string {
  idCounter += 1;
  return `${prefix}${String(idCounter).padStart(17, '0')}`;
}

export interface UserSpec {
  account?: string;
  statements?: Statement[];
  managed?: string[];
  groups?: string[];
  boundary?: string;
  tags?: Tag[];
  id?: string;
}

export function user(name: string, spec: UserSpec = {}): UserDetail {
  const account = spec.account ?? CALLER_ACCOUNT;
  return {
    UserName: name,
    UserId: spec.id ?? uniqueId('AIDA'),
    Arn: userArn(name, account),
    Path: '/',
    GroupList: spec.groups,
    UserPolicyList: spec.statements ? [{ PolicyName: `${name}-inline`, PolicyDocument: policy(...spec.statements) }] : [],
    AttachedManagedPolicies: (spec.managed ?? []).map((arn) => ({ PolicyArn: arn, PolicyName: arn.split('/').pop() })),
    PermissionsBoundary: spec.boundary ? { PermissionsBoundaryArn: spec.boundary, PermissionsBoundaryType: 'Policy' } : undefined,
    Tags: spec.tags,
  };
}

export interface RoleSpec {
  account?: string;
  trust?: Statement[] | string;
  statements?: Statement[];
  managed?: string[];
  boundary?: string;
  maxSessionDuration?: number;
  path?: string;
  tags?: Tag[];
  id?: string;
}

export function role(name: string, spec: RoleSpec = {}): RoleDetail {
  const account = spec.account ?? ROLE_ACCOUNT;
  const path = spec.path ?? '/';
  return {
    RoleName: name,
    RoleId: spec.id ?? uniqueId('AROA'),
    Arn: roleArn(name, account, path),
    Path: path,
    AssumeRolePolicyDocument: typeof spec.trust === 'string' ? spec.trust : spec.trust ? policy(...spec.trust) : undefined,
    RolePolicyList: spec.statements ? [{ PolicyName: `${name}-inline`, PolicyDocument: policy(...spec.statements) }] : [],
    AttachedManagedPolicies: (spec.managed ?? []).map((arn) => ({ PolicyArn: arn, PolicyName: arn.split('/').pop() })),
    PermissionsBoundary: spec.boundary ? { PermissionsBoundaryArn: spec.boundary, PermissionsBoundaryType: 'Policy' } : undefined,
    MaxSessionDuration: spec.maxSessionDuration,
    Tags: spec.tags,
  };
}

export function managedPolicy(name: string, statements: Statement[], account = CALLER_ACCOUNT): ManagedPolicyDetail {
  return {
    PolicyName: name,
    Arn: `arn:aws:iam::${account}:policy/${name}`,
    DefaultVersionId: 'v1',
    PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: policy(...statements) }],
  };
}

export function group(name: string, statements: Statement[], account = CALLER_ACCOUNT, managed: string[] = []): GroupDetail {
  return {
    GroupName: name,
    Arn: `arn:aws:iam::${account}:group/${name}`,
    GroupPolicyList: [{ PolicyName: `${name}-inline`, PolicyDocument: policy(...statements) }],
    AttachedManagedPolicies: managed.map((arn) => ({ PolicyArn: arn })),
  };
}

export interface AccountSpec {
  users?: UserDetail[];
  roles?: RoleDetail[];
  groups?: GroupDetail[];
  policies?: ManagedPolicyDetail[];
  oidc?: SnapshotAccount['openIdConnectProviders'];
  saml?: SnapshotAccount['samlProviders'];
  stsDisabled?: string[];
}

export function account(accountId: string, spec: AccountSpec = {}): SnapshotAccount {
  return {
    accountId,
    authorizationDetails: {
      UserDetailList: spec.users ?? [],
      GroupDetailList: spec.groups ?? [],
      RoleDetailList: spec.roles ?? [],
      Policies: spec.policies ?? [],
    },
    openIdConnectProviders: spec.oidc,
    samlProviders: spec.saml,
    stsRegions: spec.stsDisabled ? { disabled: spec.stsDisabled } : undefined,
  };
}

export function snapshot(accounts: SnapshotAccount[], organization?: Organization): Snapshot {
  return { format: 'assumerole-doctor/snapshot@1', accounts, organization };
}

/** The usual two-account world: alice in the caller account may call sts:AssumeRole on anything; Deploy trusts what the test says. */
export function twoAccounts(trust: Statement[], callerSpec: UserSpec = { statements: [allowAssume()] }, roleSpec: RoleSpec = {}): Snapshot {
  return snapshot([account(CALLER_ACCOUNT, { users: [user('alice', callerSpec)] }), account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust, ...roleSpec })] })]);
}

/** One account: carol and dave (no policies of their own) beside Deploy, whose trust is what the test says. */
export function sameAccountWorld(trust: Statement[]): Snapshot {
  return snapshot([account(ROLE_ACCOUNT, { users: [user('carol', { account: ROLE_ACCOUNT }), user('dave', { account: ROLE_ACCOUNT })], roles: [role('Deploy', { trust })] })]);
}

export function assumeRequest(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { action: 'sts:AssumeRole', caller: userArn('alice'), roleArn: roleArn('Deploy'), roleSessionName: 'alice', ...extra };
}

export const FULL_ACCESS_SCP = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** An organization: root → OU Workloads → (caller account, role account); management account beside. */
export function organization(extra: { rootPolicies?: string[]; ouPolicies?: string[]; callerPolicies?: string[]; rolePolicies?: string[]; policies?: Organization['policies'] } = {}): Organization {
  return {
    id: 'o-a1b2c3d4e5',
    managementAccountId: MANAGEMENT_ACCOUNT,
    root: {
      id: 'r-ab12',
      policies: extra.rootPolicies ?? ['p-full'],
      children: [
        { accountId: MANAGEMENT_ACCOUNT, policies: ['p-full'] },
        {
          id: 'ou-ab12-11111111',
          name: 'Workloads',
          policies: extra.ouPolicies ?? ['p-full'],
          children: [
            { accountId: CALLER_ACCOUNT, policies: extra.callerPolicies ?? ['p-full'] },
            { accountId: ROLE_ACCOUNT, policies: extra.rolePolicies ?? ['p-full'] },
          ],
        },
      ],
    },
    policies: [{ id: 'p-full', type: 'SERVICE_CONTROL_POLICY', name: 'FullAWSAccess', content: FULL_ACCESS_SCP }, ...(extra.policies ?? [])],
  };
}

/** The check with this id; a missing id fails the test loudly instead of reading undefined. */
export function check(diagnosis: Diagnosis, id: string): Check {
  const found = diagnosis.checks.find((c) => c.id === id);
  if (!found) throw new Error(`the diagnosis has no check ${id}`);
  return found;
}
