// Applying a fix to a snapshot and a request, purely: the inputs are never mutated, only the
// path to the changed entity is copied. Used by the what-if view, the corpus ("every fix, once
// applied, makes the call pass") and the tests.

import { DoctorError } from '@/lib/errors';
import type {
  AssumeRoleRequest,
  AuthorizationDetails,
  Fix,
  InlinePolicy,
  PolicyLocator,
  RoleDetail,
  SettingPatch,
  Snapshot,
  SnapshotAccount,
  UserDetail,
} from '../types';
import { MAX_POLICY_VERSIONS, isDefaultVersion, webIdentityClaims } from './lookup';

export interface AppliedFix {
  snapshot: Snapshot;
  request: AssumeRoleRequest;
}

/** Applies the fix's policyPatch (by its locator), settingPatch and requestPatch. */
export function applyFix(snapshot: Snapshot, request: AssumeRoleRequest, fix: Fix): AppliedFix {
  let nextSnapshot = snapshot;
  if (fix.policyPatch) {
    const locator = fix.policyPatch.locator;
    if (!locator) {
      throw new DoctorError('bad-request', 'the fix has a policy patch without a locator, so it cannot be applied', 'fix.policyPatch.locator');
    }
    nextSnapshot = applyPolicy(nextSnapshot, locator, fix.policyPatch.after);
  }
  if (fix.settingPatch) nextSnapshot = applySetting(nextSnapshot, fix.settingPatch);
  const nextRequest = fix.requestPatch ? mergeRequest(request, fix.requestPatch) : request;
  return { snapshot: nextSnapshot, request: nextRequest };
}

/** The request with a fix's requestPatch applied (token claims and assertion attributes merged into the others). */
export function mergeRequest(request: AssumeRoleRequest, patch: Partial<AssumeRoleRequest>): AssumeRoleRequest {
  const next: AssumeRoleRequest = { ...request };
  for (const [key, value] of Object.entries(patch) as [keyof AssumeRoleRequest, unknown][]) {
    // A key patched to undefined means "stop sending this parameter".
    if (value === undefined) delete next[key];
    else if (key === 'webIdentity') next.webIdentity = mergeWebIdentity(request, value as NonNullable<AssumeRoleRequest['webIdentity']>);
    else if (key === 'saml') next.saml = mergeSaml(request, value as Partial<NonNullable<AssumeRoleRequest['saml']>>);
    else if (key === 'context' || key === 'callerSession') {
      (next as unknown as Record<string, unknown>)[key] = { ...(request[key] as object | undefined), ...(value as object) };
    } else (next as unknown as Record<string, unknown>)[key] = value;
  }
  return next;
}

/**
 * A web-identity patch names only the claims that change (a subject the trust policy admits): they
 * are merged into the token's others. The token itself no longer matches them, so it is dropped;
 * claims given beside a token are the ones read anyway.
 */
function mergeWebIdentity(request: AssumeRoleRequest, patch: NonNullable<AssumeRoleRequest['webIdentity']>): AssumeRoleRequest['webIdentity'] {
  if (!patch.claims) return { ...request.webIdentity, ...patch };
  const next = { ...request.webIdentity, ...patch, claims: { ...webIdentityClaims(request), ...patch.claims } };
  delete next.token;
  return next;
}

/** A SAML patch names only the assertion attributes that change: merged into the others, the provider kept. */
function mergeSaml(request: AssumeRoleRequest, patch: Partial<NonNullable<AssumeRoleRequest['saml']>>): AssumeRoleRequest['saml'] {
  const current = request.saml ?? { principalArn: '' };
  return { ...current, ...patch, attributes: { ...current.attributes, ...patch.attributes } };
}

function withAccount(snapshot: Snapshot, accountId: string, change: (account: SnapshotAccount) => SnapshotAccount): Snapshot {
  const index = snapshot.accounts.findIndex((account) => account.accountId === accountId);
  if (index < 0) {
    // The caller's account may be outside the snapshot (cross-account): the patch adds what we
    // know of it, so that re-diagnosing sees the new policy.
    const added = change({ accountId, authorizationDetails: {} });
    return { ...snapshot, accounts: [...snapshot.accounts, added] };
  }
  const accounts = snapshot.accounts.slice();
  accounts[index] = change(accounts[index]);
  return { ...snapshot, accounts };
}

function withDetails(account: SnapshotAccount, change: (details: AuthorizationDetails) => AuthorizationDetails): SnapshotAccount {
  return { ...account, authorizationDetails: change(account.authorizationDetails ?? {}) };
}

function notFound(what: string, field: string): never {
  throw new DoctorError('not-found', `${what} is not in the snapshot, so the fix cannot be applied`, field);
}

/** The snapshot with one role of one account replaced by `change(role)`. */
function withRole(snapshot: Snapshot, account: string, roleName: string, field: string, change: (role: RoleDetail) => RoleDetail): Snapshot {
  return withAccount(snapshot, account, (entry) =>
    withDetails(entry, (details) => {
      const roles = details.RoleDetailList ?? [];
      const index = roles.findIndex((role) => role.RoleName === roleName);
      if (index < 0) notFound(`role ${roleName} in account ${account}`, field);
      const next = roles.slice();
      next[index] = change(roles[index]);
      return { ...details, RoleDetailList: next };
    }),
  );
}

/** The snapshot with one user of one account replaced by `change(user)`. */
function withUser(snapshot: Snapshot, account: string, userName: string, field: string, change: (user: UserDetail) => UserDetail): Snapshot {
  return withAccount(snapshot, account, (entry) =>
    withDetails(entry, (details) => {
      const users = details.UserDetailList ?? [];
      const index = users.findIndex((user) => user.UserName === userName);
      if (index < 0) notFound(`user ${userName} in account ${account}`, field);
      const next = users.slice();
      next[index] = change(users[index]);
      return { ...details, UserDetailList: next };
    }),
  );
}

function applyPolicy(snapshot: Snapshot, locator: PolicyLocator, after: unknown): Snapshot {
  const document = structuredClone(after) as Record<string, unknown>;
  switch (locator.kind) {
    case 'trust':
      return withRole(snapshot, locator.account, locator.roleName, 'fix.policyPatch.locator.roleName', (role) => ({ ...role, AssumeRolePolicyDocument: document }));
    case 'role-inline':
      return withRole(snapshot, locator.account, locator.roleName, 'fix.policyPatch.locator.roleName', (role) => ({
        ...role,
        RolePolicyList: upsertInline(role.RolePolicyList, locator.policyName, document),
      }));
    case 'user-inline':
      return withUser(snapshot, locator.account, locator.userName, 'fix.policyPatch.locator.userName', (user) => ({
        ...user,
        UserPolicyList: upsertInline(user.UserPolicyList, locator.policyName, document),
      }));
    case 'managed':
      return withAccount(snapshot, locator.account, (account) =>
        withDetails(account, (details) => {
          const policies = details.Policies ?? [];
          const index = policies.findIndex((policy) => policy.Arn === locator.policyArn);
          if (index < 0) notFound(`managed policy ${locator.policyArn}`, 'fix.policyPatch.locator.policyArn');
          const policy = policies[index];
          let kept = policy.PolicyVersionList ?? [];
          if (locator.deleteVersionId !== undefined) {
            // delete-policy-version first: never the default version, which IAM refuses to delete.
            const doomed = kept.find((version) => version.VersionId === locator.deleteVersionId);
            if (!doomed) notFound(`version ${locator.deleteVersionId} of ${locator.policyArn}`, 'fix.policyPatch.locator.deleteVersionId');
            if (isDefaultVersion(policy, doomed)) {
              throw new DoctorError('bad-request', `version ${locator.deleteVersionId} is the default version of ${locator.policyArn}, which cannot be deleted`, 'fix.policyPatch.locator.deleteVersionId');
            }
            kept = kept.filter((version) => version !== doomed);
          }
          // IAM keeps at most five versions: a sixth is refused (LimitExceeded), so it is not modelled either.
          if (kept.length >= MAX_POLICY_VERSIONS) {
            throw new DoctorError('bad-request', `${locator.policyArn} already has ${kept.length} versions, the most IAM keeps; the fix must delete one first`, 'fix.policyPatch.locator.deleteVersionId');
          }
          const versions = kept.map((version) => ({ ...version, IsDefaultVersion: false }));
          // create-policy-version --set-as-default: a new version becomes the default.
          const highest = versions.reduce((max, version) => Math.max(max, Number(/^v(\d+)$/.exec(version.VersionId ?? '')?.[1] ?? 0)), 0);
          const versionId = `v${highest + 1}`;
          versions.push({ Document: document, VersionId: versionId, IsDefaultVersion: true });
          const next = policies.slice();
          next[index] = { ...policy, DefaultVersionId: versionId, PolicyVersionList: versions };
          return { ...details, Policies: next };
        }),
      );
  }
}

function upsertInline(list: InlinePolicy[] | undefined, policyName: string, document: Record<string, unknown>): InlinePolicy[] {
  const current = list ?? [];
  const index = current.findIndex((policy) => policy.PolicyName === policyName);
  if (index < 0) return [...current, { PolicyName: policyName, PolicyDocument: document }];
  const next = current.slice();
  next[index] = { PolicyName: policyName, PolicyDocument: document };
  return next;
}

function applySetting(snapshot: Snapshot, patch: SettingPatch): Snapshot {
  switch (patch.kind) {
    case 'role-max-session-duration':
      return withRole(snapshot, patch.account, patch.roleName, 'fix.settingPatch.roleName', (role) => ({ ...role, MaxSessionDuration: patch.after }));
    case 'oidc-provider':
      return withAccount(snapshot, patch.account, (account) => {
        const providers = (account.openIdConnectProviders ?? []).filter((provider) => provider.Arn !== patch.after.Arn);
        return { ...account, openIdConnectProviders: [...providers, structuredClone(patch.after)] };
      });
  }
}
