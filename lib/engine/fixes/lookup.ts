// What fixes need to know about the snapshot and the caller: where the role, the calling user or
// role and the managed policies live. Tolerant by design: the engine has already validated the
// input, and a fix we cannot place is simply not offered.

import { decodeJwtPayload } from '../request';
import { isIndexedSnapshot, type IndexedSnapshot } from '../snapshot';
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
  /** As given in the request. */
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
 * The snapshot as fixes see it: the raw document (patches are written against it) and, when the
 * engine passed its index, the index for constant-time lookups.
 */
export interface SnapshotView {
  raw: Snapshot;
  indexed?: IndexedSnapshot;
}

/** Accepts a Snapshot, or the engine's indexed snapshot (which carries the original). */
export function asSnapshotView(value: unknown): SnapshotView | undefined {
  if (!value || typeof value !== 'object') return undefined;
  if (isIndexedSnapshot(value)) return { raw: value.snapshot, indexed: value };
  if (Array.isArray((value as Record<string, unknown>).accounts)) return { raw: value as Snapshot };
  return undefined;
}

export function findAccount(snapshot: Snapshot, accountId: string | undefined): SnapshotAccount | undefined {
  if (!accountId) return undefined;
  return snapshot.accounts.find((account) => account.accountId === accountId);
}

interface ArnParts {
  partition: string;
  service: string;
  account: string;
  resource: string;
}

export function splitArn(arn: string): ArnParts | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return { partition: parts[1], service: parts[2], account: parts[4], resource: parts.slice(5).join(':') };
}

/** The last path segment of an IAM resource ("role/path/Name" → "Name"). */
export function lastSegment(resource: string): string {
  const segments = resource.split('/');
  return segments[segments.length - 1];
}

export function findRole(view: SnapshotView, roleArn: string): RoleLocation | undefined {
  const parts = splitArn(roleArn);
  if (!parts) return undefined;
  if (view.indexed) {
    const account = view.indexed.accounts.get(parts.account);
    const role = view.indexed.rolesByArn.get(roleArn) ?? account?.rolesByName.get(lastSegment(parts.resource).toLowerCase());
    return account && role ? { account: account.raw, role: role.detail, trustDocument: role.trust?.document } : undefined;
  }
  const snapshot = view.raw;
  const account = findAccount(snapshot, parts.account);
  if (!account) return undefined;
  const roles = account.authorizationDetails?.RoleDetailList ?? [];
  const name = lastSegment(parts.resource);
  const role = roles.find((candidate) => candidate.Arn === roleArn) ?? roles.find((candidate) => candidate.RoleName === name);
  return role ? { account, role } : undefined;
}

export function findUser(view: SnapshotView, userArn: string): UserDetail | undefined {
  const parts = splitArn(userArn);
  if (!parts) return undefined;
  if (view.indexed) {
    const user = view.indexed.usersByArn.get(userArn) ?? view.indexed.accounts.get(parts.account)?.usersByName.get(lastSegment(parts.resource).toLowerCase());
    return user?.detail;
  }
  const snapshot = view.raw;
  const users = findAccount(snapshot, parts.account)?.authorizationDetails?.UserDetailList ?? [];
  const name = lastSegment(parts.resource);
  return users.find((user) => user.Arn === userArn) ?? users.find((user) => user.UserName === name);
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

export function describeCaller(view: SnapshotView, request: AssumeRoleRequest): CallerInfo {
  if (request.action === 'sts:AssumeRoleWithWebIdentity') return { kind: 'web-identity', arn: '', partition: 'aws' };
  if (request.action === 'sts:AssumeRoleWithSAML') return { kind: 'saml', arn: '', partition: 'aws' };
  const arn = request.caller ?? '';
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(arn)) return { kind: 'service', arn, partition: 'aws' };
  const parts = splitArn(arn);
  if (!parts) return { kind: 'other', arn, partition: 'aws' };
  const base = { arn, accountId: parts.account, partition: parts.partition };
  if (parts.service === 'iam' && parts.resource === 'root') return { ...base, kind: 'root' };
  if (parts.service === 'iam' && parts.resource.startsWith('user/')) {
    const user = findUser(view, arn);
    const userArn = user?.Arn ?? arn;
    return { ...base, kind: 'user', name: user?.UserName ?? lastSegment(parts.resource), principalArn: userArn, user };
  }
  if (parts.service === 'sts' && parts.resource.startsWith('assumed-role/')) {
    const roleName = parts.resource.split('/')[1];
    const guessArn = `arn:${parts.partition}:iam::${parts.account}:role/${roleName}`;
    const located = findRole(view, guessArn);
    const roleArn = located?.role.Arn ?? guessArn;
    return { ...base, kind: 'role-session', name: roleName, roleArn, principalArn: roleArn, role: located?.role };
  }
  if (parts.service === 'iam' && parts.resource.startsWith('role/')) {
    // A role ARN given as the caller: treat it as a session of that role.
    const located = findRole(view, arn);
    return { ...base, kind: 'role-session', name: lastSegment(parts.resource), roleArn: located?.role.Arn ?? arn, principalArn: located?.role.Arn ?? arn, role: located?.role };
  }
  return { ...base, kind: 'other' };
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
