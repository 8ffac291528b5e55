// What fixes need to know about the snapshot and the caller: where the role, the calling user or
// role and the managed policies live. Tolerant by design: the engine has already validated the
// input, and a fix we cannot place is simply not offered.

import { decodeJwtPayload } from '../jwt';
import { findRole as findIndexedRole, isIndexedSnapshot, loadSnapshot, type IndexedSnapshot } from '../snapshot';
import type {
  AssumeRoleRequest,
  ManagedPolicyDetail,
  RoleDetail,
  Snapshot,
  SnapshotAccount,
  UserDetail,
} from '../types';

export interface RoleLocation {
  account: SnapshotAccount;
  role: RoleDetail;
  /** The trust policy as the engine parsed it (statement indexes match its evidence); read only. */
  trustDocument?: Record<string, unknown>;
}

export type CallerKind = 'user' | 'role-session' | 'root' | 'service' | 'web-identity' | 'saml' | 'other';

export interface CallerInfo {
  kind: CallerKind;
  /**
   * As given in the request; for a user or role session of the snapshot written differently (a
   * user's path left out, a name in another case), the snapshot's spelling, as the engine diagnoses it.
   */
  arn: string;
  accountId?: string;
  partition: string;
  /** user name, or the role name of a session. */
  name?: string;
  /** Role sessions: the role's IAM ARN, with its path when the snapshot knows the role. */
  roleArn?: string;
  /** The principal ARN to write in a trust policy: the user ARN, or the role ARN for a session. */
  principalArn?: string;
  user?: UserDetail;
  role?: RoleDetail;
}

/**
 * The snapshot as fixes see it: the raw document (patches are written against it) and the
 * engine's index of it, for the same lookups the checks make.
 */
export interface SnapshotView {
  raw: Snapshot;
  indexed: IndexedSnapshot;
}

/**
 * Accepts the engine's indexed snapshot (which carries the original), or a Snapshot, indexed here
 * (loadSnapshot keeps the index of a snapshot already diagnosed). A snapshot that does not load
 * gets no fixes: it cannot have been diagnosed.
 */
export function asSnapshotView(value: unknown): SnapshotView | undefined {
  if (!value || typeof value !== 'object') return undefined;
  if (isIndexedSnapshot(value)) return { raw: value.snapshot, indexed: value };
  if (!Array.isArray((value as Record<string, unknown>).accounts)) return undefined;
  try {
    return { raw: value as Snapshot, indexed: loadSnapshot(value) };
  } catch {
    return undefined;
  }
}

interface ArnParts {
  partition: string;
  service: string;
  account: string;
  resource: string;
}

export function splitArn(arn: string): ArnParts | undefined {
  // arn:partition:service:region:account:resource, the resource possibly holding more colons.
  const accountEnd = accountEndOf(arn);
  if (accountEnd < 0) return undefined;
  const partitionEnd = arn.indexOf(':', 4);
  const serviceEnd = arn.indexOf(':', partitionEnd + 1);
  const regionEnd = arn.indexOf(':', serviceEnd + 1);
  return {
    partition: arn.slice(4, partitionEnd),
    service: arn.slice(partitionEnd + 1, serviceEnd),
    account: arn.slice(regionEnd + 1, accountEnd),
    resource: arn.slice(accountEnd + 1),
  };
}

/** Where the account field of an ARN ends (the colon before the resource), or -1 when it is not an ARN. */
function accountEndOf(arn: string): number {
  if (!arn.startsWith('arn:')) return -1;
  const partitionEnd = arn.indexOf(':', 4);
  const serviceEnd = partitionEnd < 0 ? -1 : arn.indexOf(':', partitionEnd + 1);
  const regionEnd = serviceEnd < 0 ? -1 : arn.indexOf(':', serviceEnd + 1);
  return regionEnd < 0 ? -1 : arn.indexOf(':', regionEnd + 1);
}

/** splitArn(arn)?.account, without cutting out the other fields. */
export function arnAccount(arn: string): string | undefined {
  const accountEnd = accountEndOf(arn);
  if (accountEnd < 0) return undefined;
  return arn.slice(arn.lastIndexOf(':', accountEnd - 1) + 1, accountEnd);
}

/** The last path segment of an IAM resource ("role/path/Name" → "Name"). */
export function lastSegment(resource: string): string {
  return resource.slice(resource.lastIndexOf('/') + 1);
}

/** The role the ARN names, found the way the engine finds it (exact ARN, else the name in its account: R-62). */
export function findRole(view: SnapshotView, roleArn: string): RoleLocation | undefined {
  const parts = splitArn(roleArn);
  if (!parts) return undefined;
  const lookup = findIndexedRole(view.indexed, parts.account, roleArn, lastSegment(parts.resource));
  if (lookup.found === 'no') return undefined;
  const account = view.indexed.accounts.get(parts.account);
  return account ? { account: account.raw, role: lookup.role.detail, trustDocument: lookup.role.trust?.document } : undefined;
}

export function findUser(view: SnapshotView, userArn: string): UserDetail | undefined {
  const parts = splitArn(userArn);
  if (!parts) return undefined;
  const user = view.indexed.usersByArn.get(userArn) ?? view.indexed.accounts.get(parts.account)?.usersByName.get(lastSegment(parts.resource).toLowerCase());
  return user?.detail;
}

export function findManagedPolicy(snapshot: Snapshot, policyArn: string): ManagedPolicyDetail | undefined {
  for (const account of snapshot.accounts) {
    const found = account.authorizationDetails?.Policies?.find((policy) => policy.Arn === policyArn);
    if (found) return found;
  }
  return undefined;
}

export function defaultVersionDocument(policy: ManagedPolicyDetail): unknown {
  const versions = policy.PolicyVersionList ?? [];
  const current =
    versions.find((version) => version.IsDefaultVersion) ??
    versions.find((version) => version.VersionId === policy.DefaultVersionId) ??
    versions[versions.length - 1];
  return current?.Document;
}

/** IAM keeps at most five versions of a managed policy (CreatePolicyVersion, IAM API Reference). */
export const MAX_POLICY_VERSIONS = 5;

/** Whether a version is the policy's default one, as either field of the snapshot says. */
export function isDefaultVersion(policy: ManagedPolicyDetail, version: { VersionId?: string; IsDefaultVersion?: boolean }): boolean {
  return Boolean(version.IsDefaultVersion) || version.VersionId === policy.DefaultVersionId;
}

function versionNumber(versionId: string | undefined): number {
  return Number(/^v(\d+)$/.exec(versionId ?? '')?.[1] ?? Number.MAX_SAFE_INTEGER);
}

/**
 * The version to delete before a new one can be created, when the policy already has five: the
 * oldest (lowest vN) that is not the default, since DeletePolicyVersion refuses the default one.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
 */
export function versionToDelete(policy: ManagedPolicyDetail): string | undefined {
  const versions = policy.PolicyVersionList ?? [];
  if (versions.length < MAX_POLICY_VERSIONS) return undefined;
  const candidates = versions.filter((version) => !isDefaultVersion(policy, version) && version.VersionId);
  candidates.sort((a, b) => versionNumber(a.VersionId) - versionNumber(b.VersionId));
  return candidates[0]?.VersionId;
}

const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/;

export function describeCaller(view: SnapshotView, request: AssumeRoleRequest): CallerInfo {
  if (request.action === 'sts:AssumeRoleWithWebIdentity') return { kind: 'web-identity', arn: '', partition: 'aws' };
  if (request.action === 'sts:AssumeRoleWithSAML') return { kind: 'saml', arn: '', partition: 'aws' };
  const arn = request.caller ?? '';
  if (SERVICE_PRINCIPAL.test(arn)) return { kind: 'service', arn, partition: 'aws' };
  const parts = splitArn(arn);
  if (!parts) return { kind: 'other', arn, partition: 'aws' };
  // Object literals, not spreads of a shared base: spreading is several times slower here.
  const { account: accountId, partition, service, resource } = parts;
  if (service === 'iam' && resource === 'root') return { kind: 'root', arn, accountId, partition };
  if (service === 'iam' && resource.startsWith('user/')) {
    const user = findUser(view, arn);
    // The user found by name is the caller, whatever path or case the request wrote (as the engine diagnoses it).
    const userArn = user && user.Arn !== arn && splitArn(user.Arn)?.partition === partition ? user.Arn : arn;
    return { kind: 'user', arn: userArn, accountId, partition, name: user?.UserName ?? lastSegment(resource), principalArn: user?.Arn ?? arn, user };
  }
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const roleName = resource.split('/')[1];
    const guessArn = `arn:${partition}:iam::${accountId}:role/${roleName}`;
    const role = findRole(view, guessArn)?.role;
    const roleArn = role?.Arn ?? guessArn;
    // A session of the role found by name carries the role's name as IAM spells it; the session name stays.
    const sessionArn = role && role.RoleName !== roleName && splitArn(role.Arn)?.partition === partition ? `${arn.slice(0, arn.length - resource.length)}assumed-role/${role.RoleName}/${lastSegment(resource)}` : arn;
    return { kind: 'role-session', arn: sessionArn, accountId, partition, name: role?.RoleName ?? roleName, roleArn, principalArn: roleArn, role };
  }
  if (service === 'iam' && resource.startsWith('role/')) {
    // A role ARN given as the caller: treat it as a session of that role.
    const role = findRole(view, arn)?.role;
    const roleArn = role?.Arn ?? arn;
    return { kind: 'role-session', arn, accountId, partition, name: lastSegment(resource), roleArn, principalArn: roleArn, role };
  }
  return { kind: 'other', arn, accountId, partition };
}

/**
 * The web identity token's claims: as given, else read from the JWT payload (decoded, never
 * verified, exactly as the engine does; a token that does not decode gives no claims).
 */
export function webIdentityClaims(request: AssumeRoleRequest): Record<string, unknown> {
  const given = request.webIdentity?.claims;
  if (given) return given;
  const token = request.webIdentity?.token;
  if (typeof token !== 'string') return {};
  try {
    return decodeJwtPayload(token);
  } catch {
    return {};
  }
}
