// Read-only views of a snapshot for the pages: the policy document behind a piece of evidence,
// the slice of the snapshot a what-if needs, and the roles list. Pure; no engine internals, so
// the pages keep working while the engine's indexes evolve.

import { readPolicyDocument } from '../findings';
import type {
  AssumeRoleRequest,
  ManagedPolicyDetail,
  OrgNode,
  Organization,
  PolicyRef,
  RoleDetail,
  Snapshot,
  SnapshotAccount,
  UserDetail,
} from '../engine/types';

export function accountOfArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  return /^arn:[\w-]+:[\w-]+:[\w-]*:(\d{12}):/.exec(arn)?.[1];
}

export function findAccount(snapshot: Snapshot, accountId: string | undefined): SnapshotAccount | undefined {
  return accountId ? snapshot.accounts.find((account) => account.accountId === accountId) : undefined;
}

function nameOf(resource: string): string {
  return resource.slice(resource.lastIndexOf('/') + 1);
}

export function findRoleByArn(snapshot: Snapshot, roleArn: string): { account: SnapshotAccount; role: RoleDetail } | undefined {
  const account = findAccount(snapshot, accountOfArn(roleArn));
  if (!account) return undefined;
  const name = nameOf(roleArn);
  const roles = account.authorizationDetails.RoleDetailList ?? [];
  const role = roles.find((candidate) => candidate.Arn === roleArn) ?? roles.find((candidate) => candidate.RoleName === name);
  return role ? { account, role } : undefined;
}

export function findRoleByName(snapshot: Snapshot, accountId: string, roleName: string): { account: SnapshotAccount; role: RoleDetail } | undefined {
  const account = findAccount(snapshot, accountId);
  const role = account?.authorizationDetails.RoleDetailList?.find((candidate) => candidate.RoleName === roleName);
  return account && role ? { account, role } : undefined;
}

function findManaged(snapshot: Snapshot, policyArn: string): ManagedPolicyDetail | undefined {
  for (const account of snapshot.accounts) {
    const found = account.authorizationDetails.Policies?.find((policy) => policy.Arn === policyArn);
    if (found) return found;
  }
  return undefined;
}

function defaultVersion(policy: ManagedPolicyDetail | undefined): unknown {
  if (!policy) return undefined;
  const versions = policy.PolicyVersionList ?? [];
  const chosen =
    versions.find((version) => version.IsDefaultVersion) ?? versions.find((version) => version.VersionId === policy.DefaultVersionId) ?? versions[0];
  return chosen ? readPolicyDocument(chosen.Document) : undefined;
}

/** The document a piece of evidence was read from, when the snapshot still has it. */
export function policyDocumentFor(snapshot: Snapshot, ref: PolicyRef, request?: AssumeRoleRequest): Record<string, unknown> | undefined {
  const account = findAccount(snapshot, ref.account);
  const details = account?.authorizationDetails;
  switch (ref.kind) {
    case 'trust': {
      const role = ref.arn ? findRoleByArn(snapshot, ref.arn)?.role : details?.RoleDetailList?.find((candidate) => candidate.RoleName === ref.name);
      return readPolicyDocument(role?.AssumeRolePolicyDocument);
    }
    case 'identity-managed':
    case 'group-managed':
    case 'permissions-boundary': {
      const arn = ref.arn ?? (ref.account ? `arn:aws:iam::${ref.account}:policy/${ref.name}` : undefined);
      const managed = arn ? findManaged(snapshot, arn) : undefined;
      return managed ? (defaultVersion(managed) as Record<string, unknown> | undefined) : undefined;
    }
    case 'identity-inline': {
      const owner = ref.owner ? nameOf(ref.owner) : undefined;
      const holders: { UserPolicyList?: UserDetail['UserPolicyList']; RolePolicyList?: RoleDetail['RolePolicyList']; name: string }[] = [
        ...(details?.UserDetailList ?? []).map((user) => ({ UserPolicyList: user.UserPolicyList, name: user.UserName })),
        ...(details?.RoleDetailList ?? []).map((role) => ({ RolePolicyList: role.RolePolicyList, name: role.RoleName })),
      ];
      for (const holder of holders) {
        if (owner && holder.name !== owner) continue;
        const inline = [...(holder.UserPolicyList ?? []), ...(holder.RolePolicyList ?? [])].find((policy) => policy.PolicyName === ref.name);
        if (inline) return readPolicyDocument(inline.PolicyDocument);
      }
      return undefined;
    }
    case 'group-inline': {
      const owner = ref.owner ? nameOf(ref.owner) : undefined;
      for (const group of details?.GroupDetailList ?? []) {
        if (owner && group.GroupName !== owner) continue;
        const inline = group.GroupPolicyList?.find((policy) => policy.PolicyName === ref.name);
        if (inline) return readPolicyDocument(inline.PolicyDocument);
      }
      return undefined;
    }
    case 'scp':
    case 'rcp': {
      const policy = snapshot.organization?.policies?.find((candidate) => candidate.id === ref.arn || candidate.name === ref.name || candidate.id === ref.name);
      return policy ? readPolicyDocument(policy.content) : undefined;
    }
    case 'session-policy': {
      const document = request?.callerSession?.sessionPolicy ?? request?.policy;
      return document ? readPolicyDocument(document) : undefined;
    }
  }
}

// ───────────────────────────── what-if slice ─────────────────────────────

function pathTo(node: OrgNode, accountIds: Set<string>): OrgNode | undefined {
  if (node.accountId) return accountIds.has(node.accountId) ? node : undefined;
  const children = (node.children ?? []).map((child) => pathTo(child, accountIds)).filter((child): child is OrgNode => Boolean(child));
  return children.length ? { ...node, children } : undefined;
}

function collectPolicyIds(node: OrgNode | undefined, into: Set<string>): void {
  if (!node) return;
  for (const id of node.policies ?? []) into.add(id);
  for (const child of node.children ?? []) collectPolicyIds(child, into);
}

function sliceOrganization(organization: Organization | undefined, accountIds: Set<string>): Organization | undefined {
  if (!organization) return undefined;
  if (organization.unavailable || !organization.root) return organization;
  // Keep the root even when no account is under it: an account outside the tree is outside the org.
  const root = pathTo(organization.root, accountIds) ?? { ...organization.root, children: [] };
  const used = new Set<string>();
  collectPolicyIds(root, used);
  return { ...organization, root, policies: (organization.policies ?? []).filter((policy) => used.has(policy.id)) };
}

/** The caller's principal (user or role) named by an ARN, including assumed-role sessions. */
function callerPrincipal(account: SnapshotAccount, caller: string): { user?: UserDetail; role?: RoleDetail } {
  const session = /:assumed-role\/([^/]+)\//.exec(caller);
  if (session) return { role: account.authorizationDetails.RoleDetailList?.find((role) => role.RoleName === session[1]) };
  if (/:user\//.test(caller)) {
    return { user: account.authorizationDetails.UserDetailList?.find((user) => user.Arn === caller || user.UserName === nameOf(caller)) };
  }
  if (/:role\//.test(caller)) return { role: account.authorizationDetails.RoleDetailList?.find((role) => role.Arn === caller || role.RoleName === nameOf(caller)) };
  return {};
}

/**
 * Only what `diagnose` needs for this caller and role: the role's account with the role and the
 * identity providers, the caller's account with the caller, its groups and the managed policies
 * they use, and the organization path to both. No events, no other principals.
 * What-if controls change session parameters, never the caller or the role, so the slice holds.
 */
export function sliceForRequest(snapshot: Snapshot, request: AssumeRoleRequest): Snapshot {
  const roleAccountId = accountOfArn(request.roleArn);
  const callerAccountId = accountOfArn(request.caller) ?? (request.caller && /^\d{12}$/.test(request.caller) ? request.caller : undefined);
  const accounts = new Map<string, SnapshotAccount>();

  const ensure = (accountId: string): SnapshotAccount | undefined => {
    const original = findAccount(snapshot, accountId);
    if (!original) return undefined;
    let sliced = accounts.get(accountId);
    if (!sliced) {
      sliced = {
        ...original,
        authorizationDetails: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] },
      };
      accounts.set(accountId, sliced);
    }
    return sliced;
  };
  const addManaged = (arn: string) => {
    const managed = findManaged(snapshot, arn);
    const owner = accountOfArn(arn);
    const target = owner ? ensure(owner) : undefined;
    if (managed && target && !target.authorizationDetails.Policies!.includes(managed)) target.authorizationDetails.Policies!.push(managed);
  };
  const addRole = (accountId: string, role: RoleDetail) => {
    const target = ensure(accountId);
    if (!target || target.authorizationDetails.RoleDetailList!.includes(role)) return;
    target.authorizationDetails.RoleDetailList!.push(role);
    for (const attached of role.AttachedManagedPolicies ?? []) addManaged(attached.PolicyArn);
    if (role.PermissionsBoundary) addManaged(role.PermissionsBoundary.PermissionsBoundaryArn);
  };

  if (roleAccountId) {
    ensure(roleAccountId);
    const role = findRoleByArn(snapshot, request.roleArn);
    if (role) addRole(roleAccountId, role.role);
  }

  if (callerAccountId && request.caller) {
    const original = findAccount(snapshot, callerAccountId);
    const target = ensure(callerAccountId);
    if (original && target) {
      const { user, role } = callerPrincipal(original, request.caller);
      if (role) addRole(callerAccountId, role);
      if (user) {
        target.authorizationDetails.UserDetailList!.push(user);
        for (const attached of user.AttachedManagedPolicies ?? []) addManaged(attached.PolicyArn);
        if (user.PermissionsBoundary) addManaged(user.PermissionsBoundary.PermissionsBoundaryArn);
        for (const groupName of user.GroupList ?? []) {
          const group = original.authorizationDetails.GroupDetailList?.find((candidate) => candidate.GroupName === groupName);
          if (!group) continue;
          target.authorizationDetails.GroupDetailList!.push(group);
          for (const attached of group.AttachedManagedPolicies ?? []) addManaged(attached.PolicyArn);
        }
      }
    }
  }
  for (const arn of [...(request.policyArns ?? []), ...(request.callerSession?.sessionPolicyArns ?? [])]) addManaged(arn);

  const accountIds = new Set(accounts.keys());
  return {
    format: snapshot.format,
    capturedAt: snapshot.capturedAt,
    source: snapshot.source,
    accounts: [...accounts.values()],
    ...(snapshot.organization ? { organization: sliceOrganization(snapshot.organization, accountIds) } : {}),
    events: [],
  };
}
