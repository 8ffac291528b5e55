// A "lab" is the little world a walkthrough step plays with: a snapshot and one STS request that
// the engine allows. "Break it" transforms (./breaks.ts) take a lab and return a changed copy;
// nothing here touches a store, AWS or the input objects. Everything is pure and serialisable, so
// the same lab can be rendered on the server and re-diagnosed in the browser.

import type { AssumeRoleRequest, PolicyDocumentInput, RoleDetail, Snapshot, SnapshotAccount } from '@/lib/engine/types';

export interface Lab {
  snapshot: Snapshot;
  request: AssumeRoleRequest;
}

export type PolicyStatement = Record<string, unknown>;
export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[];
}

/** Structured clone for plain JSON data (snapshots and requests are JSON by contract). */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Policy documents may be stored as objects or as (URL-encoded) JSON strings: always hand back an object. */
export function parsePolicyDocument(input: PolicyDocumentInput | undefined): PolicyDocument {
  if (input === undefined) return { Version: '2012-10-17', Statement: [] };
  let value: unknown = input;
  if (typeof input === 'string') {
    let text = input.trim();
    if (!text.startsWith('{')) {
      try {
        text = decodeURIComponent(text);
      } catch {
        // not URL-encoded after all
      }
    }
    try {
      value = JSON.parse(text);
    } catch {
      return { Version: '2012-10-17', Statement: [] };
    }
  }
  const record = (value ?? {}) as Record<string, unknown>;
  const statement = record.Statement;
  const statements = Array.isArray(statement) ? statement : statement && typeof statement === 'object' ? [statement] : [];
  return { ...(record as object), Statement: statements as PolicyStatement[] } as PolicyDocument;
}

export function accountIdOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && /^\d{12}$/.test(parts[4]) ? parts[4] : undefined;
}

export function findAccount(snapshot: Snapshot, accountId: string | undefined): SnapshotAccount | undefined {
  return snapshot.accounts.find((account) => account.accountId === accountId);
}

export function findRole(snapshot: Snapshot, roleArn: string): RoleDetail | undefined {
  const account = findAccount(snapshot, accountIdOfArn(roleArn));
  return account?.authorizationDetails.RoleDetailList?.find((role) => role.Arn === roleArn);
}

/** The role ARN behind a caller: a role ARN itself, or the role of an assumed-role session ARN. */
export function roleArnOfCaller(caller: string | undefined): string | undefined {
  if (!caller) return undefined;
  const session = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(caller);
  if (session) return `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`;
  return /^arn:aws[\w-]*:iam::\d{12}:role\//.test(caller) ? caller : undefined;
}

/** A copy of the lab with one role changed by `change` (which may mutate the copy it is given). */
export function withRole(lab: Lab, roleArn: string, change: (role: RoleDetail) => void): Lab {
  const next = cloneJson(lab);
  const role = findRole(next.snapshot, roleArn);
  if (!role) throw new Error(`the lab has no role ${roleArn}`);
  change(role);
  return next;
}

/** A copy of the lab whose role trust policy was changed by `change` (given a parsed copy). */
export function withTrustPolicy(lab: Lab, roleArn: string, change: (document: PolicyDocument) => void): Lab {
  return withRole(lab, roleArn, (role) => {
    const document = parsePolicyDocument(role.AssumeRolePolicyDocument);
    change(document);
    role.AssumeRolePolicyDocument = document as unknown as Record<string, unknown>;
  });
}

export function withRequest(lab: Lab, change: (request: AssumeRoleRequest) => void): Lab {
  const next = cloneJson(lab);
  change(next.request);
  return next;
}

export function withSnapshot(lab: Lab, change: (snapshot: Snapshot) => void): Lab {
  const next = cloneJson(lab);
  change(next.snapshot);
  return next;
}

/** The trust policy of a role as an object, for display. */
export function trustPolicyOf(snapshot: Snapshot, roleArn: string): PolicyDocument | undefined {
  const role = findRole(snapshot, roleArn);
  return role ? parsePolicyDocument(role.AssumeRolePolicyDocument) : undefined;
}

/** Keeps only the accounts a lab needs (the caller's and the role's), so the browser gets a small snapshot. */
export function trimSnapshot(snapshot: Snapshot, accountIds: (string | undefined)[]): Snapshot {
  const keep = new Set(accountIds.filter((id): id is string => Boolean(id)));
  return { ...snapshot, accounts: snapshot.accounts.filter((account) => keep.has(account.accountId)), events: [] };
}

export interface LabChange {
  /** What changed: "Trust policy of VendorMonitoring", "Request", … */
  label: string;
  before: unknown;
  after: unknown;
}

function roleParts(role: RoleDetail) {
  return {
    trust: parsePolicyDocument(role.AssumeRolePolicyDocument),
    policies: { inline: role.RolePolicyList ?? [], attached: role.AttachedManagedPolicies ?? [] },
  };
}

/** What a break changed, entity by entity, so the page can show the policy before and after. */
export function describeChange(before: Lab, after: Lab): LabChange[] {
  const changes: LabChange[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(before.request, after.request)) changes.push({ label: 'Request', before: before.request, after: after.request });
  for (const account of before.snapshot.accounts) {
    const other = findAccount(after.snapshot, account.accountId);
    if (!other) continue;
    for (const role of account.authorizationDetails.RoleDetailList ?? []) {
      const changed = other.authorizationDetails.RoleDetailList?.find((candidate) => candidate.Arn === role.Arn);
      if (!changed) continue;
      const a = roleParts(role);
      const b = roleParts(changed);
      if (!same(a.trust, b.trust)) changes.push({ label: `Trust policy of ${role.RoleName}`, before: a.trust, after: b.trust });
      if (!same(a.policies, b.policies)) changes.push({ label: `Permission policies of ${role.RoleName}`, before: a.policies, after: b.policies });
    }
    for (const group of account.authorizationDetails.GroupDetailList ?? []) {
      const changed = other.authorizationDetails.GroupDetailList?.find((candidate) => candidate.Arn === group.Arn);
      if (changed && !same(group.GroupPolicyList ?? [], changed.GroupPolicyList ?? [])) {
        changes.push({ label: `Inline policies of group ${group.GroupName}`, before: group.GroupPolicyList ?? [], after: changed.GroupPolicyList ?? [] });
      }
    }
    if (!same(account.openIdConnectProviders ?? [], other.openIdConnectProviders ?? [])) {
      changes.push({ label: `OIDC providers of ${account.accountId}`, before: account.openIdConnectProviders ?? [], after: other.openIdConnectProviders ?? [] });
    }
  }
  return changes;
}
