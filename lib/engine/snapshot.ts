// Snapshot loading: validate the AWS world once at the edge, compile every policy once, and build
// the indexes the decision procedure needs (roles, users, unique ids, managed policies, providers,
// the organization path of every account, trust policies by principal). Pure and synchronous.
//
// Role lookup and case: IAM names are unique regardless of case within an account ("Names are not
// distinguished by case"), but ARNs in policies compare case-sensitively. We therefore index roles
// and users by their exact ARN and, per account, by lowercased name. `findRole` reports how a role
// was found so the caller can refuse to guess when only a differently-spelled ARN matched.

import { z } from 'zod';
import { DoctorError } from '@/lib/errors';
import { assertJsonDepth, assertValueDepth, MAX_JSON_DEPTH } from '@/lib/input';
import { parseArn } from './arn';
import { isIsoTime } from './conditions/date/parse-date';
import { compilePolicy, type CompiledStatement, type PrincipalEntry } from './policy';
import { matchAction } from './policy/action';
import { actionMatches } from './policy/compile';
import type { CompiledPolicy } from './policy/types';
import type {
  OidcProvider,
  OrgNode,
  PolicyDocumentInput,
  PolicyProblem,
  PolicyRef,
  RoleDetail,
  SamlProvider,
  Snapshot,
  SnapshotAccount,
  Tag,
  UserDetail,
} from './types';
import { STS_ACTIONS } from './types';

// ───────────────────────────── schema (the edge) ─────────────────────────────

const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');
const policyDocument = z.union([z.string(), z.record(z.string(), z.unknown())], {
  error: 'expected a policy document (a JSON object or a JSON / URL-encoded JSON string)',
});
const tag = z.object({ Key: z.string(), Value: z.string() });
const inlinePolicy = z.object({ PolicyName: z.string(), PolicyDocument: policyDocument });
const attachedPolicy = z.object({ PolicyName: z.string().optional(), PolicyArn: z.string() });
const boundary = z.object({ PermissionsBoundaryType: z.string().optional(), PermissionsBoundaryArn: z.string() });

const userDetail = z.object({
  UserName: z.string(),
  UserId: z.string(),
  Arn: z.string(),
  Path: z.string().optional(),
  GroupList: z.array(z.string()).optional(),
  UserPolicyList: z.array(inlinePolicy).optional(),
  AttachedManagedPolicies: z.array(attachedPolicy).optional(),
  PermissionsBoundary: boundary.optional(),
  Tags: z.array(tag).optional(),
  CreateDate: z.string().optional(),
});
const groupDetail = z.object({
  GroupName: z.string(),
  GroupId: z.string().optional(),
  Arn: z.string(),
  Path: z.string().optional(),
  GroupPolicyList: z.array(inlinePolicy).optional(),
  AttachedManagedPolicies: z.array(attachedPolicy).optional(),
});
const roleDetail = z.object({
  RoleName: z.string(),
  RoleId: z.string(),
  Arn: z.string(),
  Path: z.string().optional(),
  AssumeRolePolicyDocument: policyDocument.optional(),
  RolePolicyList: z.array(inlinePolicy).optional(),
  AttachedManagedPolicies: z.array(attachedPolicy).optional(),
  PermissionsBoundary: boundary.optional(),
  Tags: z.array(tag).optional(),
  MaxSessionDuration: z.number().int().min(3600).max(43200).optional(),
  CreateDate: z.string().optional(),
});
const managedPolicy = z.object({
  PolicyName: z.string(),
  PolicyId: z.string().optional(),
  Arn: z.string(),
  Path: z.string().optional(),
  DefaultVersionId: z.string().optional(),
  PolicyVersionList: z
    .array(z.object({ Document: policyDocument, VersionId: z.string().optional(), IsDefaultVersion: z.boolean().optional() }))
    .optional(),
});
const account = z.object({
  accountId,
  alias: z.string().optional(),
  partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']).optional(),
  authorizationDetails: z.object({
    UserDetailList: z.array(userDetail).optional(),
    GroupDetailList: z.array(groupDetail).optional(),
    RoleDetailList: z.array(roleDetail).optional(),
    Policies: z.array(managedPolicy).optional(),
  }),
  openIdConnectProviders: z
    .array(z.object({ Arn: z.string(), Url: z.string(), ClientIDList: z.array(z.string()).optional(), ThumbprintList: z.array(z.string()).optional() }))
    .optional(),
  samlProviders: z.array(z.object({ Arn: z.string(), ValidUntil: z.string().optional() })).optional(),
  stsRegions: z.object({ disabled: z.array(z.string()).optional() }).optional(),
  unavailable: z.array(z.object({ part: z.string(), reason: z.string(), missingPermission: z.string().optional() })).optional(),
});
const orgNode: z.ZodType<OrgNode> = z.lazy(() =>
  z.object({
    id: z.string().optional(),
    name: z.string().optional(),
    accountId: accountId.optional(),
    policies: z.array(z.string()).optional(),
    children: z.array(orgNode).optional(),
  }),
);
const organization = z.object({
  id: z.string().optional(),
  managementAccountId: accountId.optional(),
  root: orgNode.optional(),
  policies: z
    .array(
      z.object({
        id: z.string(),
        type: z.enum(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']),
        name: z.string().optional(),
        content: policyDocument,
      }),
    )
    .optional(),
  unavailable: z.string().optional(),
  enabledPolicyTypes: z.array(z.string()).optional(),
  membershipUnknown: z.array(z.object({ accountId: z.string(), reason: z.string() })).optional(),
  pendingPolicyTypes: z.array(z.object({ type: z.string(), status: z.string() })).optional(),
});
const snapshotSchema = z.object({
  format: z.literal('assumerole-doctor/snapshot@1', { error: 'expected "assumerole-doctor/snapshot@1"' }),
  capturedAt: z.string().refine(isIsoTime, { error: 'expected an ISO 8601 time such as 2026-11-22T09:00:00Z' }).optional(),
  source: z.string().optional(),
  accounts: z.array(account),
  unavailableAccounts: z
    .array(z.object({ accountId, roleArn: z.string().optional(), reason: z.string(), missingPermission: z.string().optional() }))
    .optional(),
  organization: organization.optional(),
  events: z.array(z.record(z.string(), z.unknown())).optional(),
});

/** `accounts[1].authorizationDetails.RoleDetailList[3].Arn` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function zodToDoctor(error: z.ZodError, code: 'bad-snapshot' | 'bad-request', prefix: string): DoctorError {
  const issue = error.issues[0];
  const inner = formatPath(issue.path);
  const field = prefix === '' ? inner || '(root)' : inner === '' ? prefix : inner.startsWith('[') ? `${prefix}${inner}` : `${prefix}.${inner}`;
  let message = issue.message;
  if (issue.code === 'invalid_type' && /received undefined/i.test(message)) message = 'is required but missing';
  return new DoctorError(code, `${message}`, field);
}
export { zodToDoctor };

// ───────────────────────────── indexed model ─────────────────────────────

export interface IndexedGroup {
  name: string;
  arn: string;
  inline: CompiledPolicy[];
  managedArns: string[];
}

export interface IndexedPrincipalBase {
  arn: string;
  accountId: string;
  partition: string;
  name: string;
  path: string;
  uniqueId: string;
  tags: Tag[];
  inline: CompiledPolicy[];
  managedArns: string[];
  boundaryArn?: string;
}

export interface IndexedUser extends IndexedPrincipalBase {
  kind: 'user';
  detail: UserDetail;
  groups: IndexedGroup[];
  /** Group names listed on the user that the snapshot does not describe. */
  missingGroups: string[];
}

export interface IndexedRole extends IndexedPrincipalBase {
  kind: 'role';
  detail: RoleDetail;
  /** Undefined when the snapshot carries no trust policy for the role. */
  trust?: CompiledPolicy;
  maxSessionDuration: number;
  /**
   * False when the role carries no MaxSessionDuration and its account marks the part
   * `maxSessionDuration` unavailable (ListRoles refused, or an imported
   * get-account-authorization-details file, which never holds the field): the role's maximum is
   * then unknown rather than the 3600 default.
   */
  maxSessionDurationKnown: boolean;
  /** Path starts with /aws-service-role/ (R-05, R-09). */
  serviceLinked: boolean;
}

export interface IndexedAccount {
  accountId: string;
  partition: string;
  alias?: string;
  raw: SnapshotAccount;
  rolesByName: Map<string, IndexedRole>;
  usersByName: Map<string, IndexedUser>;
  groupsByName: Map<string, IndexedGroup>;
  /** Undefined: the snapshot did not capture the account's OIDC providers (unknown, not none). */
  oidcProviders?: OidcProvider[];
  samlProviders?: SamlProvider[];
  stsDisabledRegions: Set<string>;
  unavailable: { part: string; reason: string; missingPermission?: string }[];
}

/** One level of an account's organization path (root → OUs → account) and what is attached there. */
export interface OrgLevel {
  kind: 'root' | 'ou' | 'account';
  id: string;
  name?: string;
  scps: CompiledPolicy[];
  rcps: CompiledPolicy[];
  /** Policy ids attached at this level that the snapshot does not contain. */
  missingPolicyIds: string[];
  /** False when the node carries no `policies` list at all (attachment data not captured). */
  policiesListed: boolean;
}

export interface IndexedOrganization {
  id?: string;
  managementAccountId?: string;
  unavailable?: string;
  /** Each member account's path, root first, the account's own level last. */
  paths: Map<string, OrgLevel[]>;
  /**
   * Accounts whose membership could not be established (`organization.membershipUnknown`), with
   * the reason: not in the tree, yet not known to be outside the organization either.
   */
  membershipUnknown: Map<string, string>;
  /** Whether any SCP / RCP exists at all (an organization without RCPs behaves as RCPFullAWSAccess, R-10). */
  hasScps: boolean;
  hasRcps: boolean;
}

export type TrustPrincipalKind = 'wildcard' | 'account' | 'arn' | 'unique-id' | 'service' | 'federated' | 'canonical-user';

export interface TrustIndexEntry {
  roleArn: string;
  statementIndex: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  principalKind: TrustPrincipalKind;
  /** The principal value as written in the policy. */
  principal: string;
  actions: string[];
  hasConditions: boolean;
}

export interface IndexedSnapshot {
  readonly indexed: true;
  snapshot: Snapshot;
  accounts: Map<string, IndexedAccount>;
  rolesByArn: Map<string, IndexedRole>;
  usersByArn: Map<string, IndexedUser>;
  /** AROA… / AIDA… unique ids. */
  principalsById: Map<string, IndexedRole | IndexedUser>;
  managedPolicies: Map<string, CompiledPolicy>;
  /** Managed policies used as permissions boundaries, compiled as boundaries (for evidence that says so). */
  boundaries: Map<string, CompiledPolicy>;
  /** OIDC providers by `<account>|<url without scheme>`. */
  oidcByAccountAndUrl: Map<string, OidcProvider>;
  organization?: IndexedOrganization;
  /** Trust statements by principal key: `*`, `account:<id>`, `arn:<arn>`, `id:<AROA…>`, `service:<name>`, `federated:<value>`. */
  trustByPrincipal: Map<string, TrustIndexEntry[]>;
  /** Every malformed statement found while compiling (skipped, as AWS would not have stored it). */
  problems: PolicyProblem[];
}

export function isIndexedSnapshot(value: unknown): value is IndexedSnapshot {
  return typeof value === 'object' && value !== null && (value as { indexed?: unknown }).indexed === true;
}

// Repeated diagnoses against the same raw snapshot object must not re-index it.
const indexCache = new WeakMap<object, IndexedSnapshot>();

/** Validates, compiles and indexes a snapshot. Throws DoctorError naming the offending field. */
export function loadSnapshot(raw: unknown): IndexedSnapshot {
  if (isIndexedSnapshot(raw)) return raw;
  if (typeof raw === 'object' && raw !== null) {
    const cached = indexCache.get(raw);
    if (cached) return cached;
  }
  // Library callers hand objects straight in, without the edge's check of the text's nesting.
  assertValueDepth(raw, '');
  eventTextDepth(raw);
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) throw zodToDoctor(parsed.error, 'bad-snapshot', '');
  const indexed = buildIndex(parsed.data as Snapshot);
  if (typeof raw === 'object' && raw !== null) indexCache.set(raw, indexed);
  return indexed;
}

/** LookupEvents items hold their record as JSON text: its nesting is checked as the snapshot's own is. */
function eventTextDepth(raw: unknown): void {
  const events = typeof raw === 'object' && raw !== null ? (raw as { events?: unknown }).events : undefined;
  if (!Array.isArray(events)) return;
  events.forEach((event: unknown, i) => {
    const text = typeof event === 'object' && event !== null ? (event as { CloudTrailEvent?: unknown }).CloudTrailEvent : undefined;
    if (typeof text === 'string') assertJsonDepth(text, MAX_JSON_DEPTH, `events[${i}].CloudTrailEvent`);
  });
}

/** Normalises an OIDC issuer or provider URL to the form IAM uses in keys: host + path, no scheme, no trailing slash. */
export function normaliseIssuer(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
}

function compile(
  input: PolicyDocumentInput,
  ref: PolicyRef,
  field: string,
  problems: PolicyProblem[],
): CompiledPolicy {
  const compiled = compilePolicy(input, ref, field);
  for (const p of compiled.problems) problems.push(p);
  return compiled;
}

function checkedArn(value: string, field: string, expectedAccount: string | undefined, type: string) {
  let parsed;
  try {
    parsed = parseArn(value, field);
  } catch (err) {
    if (err instanceof DoctorError) throw new DoctorError('bad-snapshot', err.message, field);
    throw err;
  }
  if (parsed.resourceType !== type) throw new DoctorError('bad-snapshot', `expected a ${type} ARN, got ${JSON.stringify(value)}`, field);
  if (expectedAccount && parsed.account !== expectedAccount) {
    throw new DoctorError('bad-snapshot', `the ARN's account ${parsed.account} differs from the account ${expectedAccount} it is listed under`, field);
  }
  return parsed;
}

function buildIndex(snapshot: Snapshot): IndexedSnapshot {
  const problems: PolicyProblem[] = [];
  const accounts = new Map<string, IndexedAccount>();
  const rolesByArn = new Map<string, IndexedRole>();
  const usersByArn = new Map<string, IndexedUser>();
  const principalsById = new Map<string, IndexedRole | IndexedUser>();
  const managedPolicies = new Map<string, CompiledPolicy>();
  const managedSources = new Map<string, { document: PolicyDocumentInput; name: string; account: string; field: string }>();
  const boundaryArns = new Set<string>();
  const oidcByAccountAndUrl = new Map<string, OidcProvider>();
  const trustByPrincipal = new Map<string, TrustIndexEntry[]>();

  snapshot.accounts.forEach((acct, ai) => {
    const base = `accounts[${ai}]`;
    if (accounts.has(acct.accountId)) {
      throw new DoctorError('bad-snapshot', `account ${acct.accountId} is listed twice`, `${base}.accountId`);
    }
    const partition = acct.partition ?? 'aws';
    const details = acct.authorizationDetails;
    const ad = `${base}.authorizationDetails`;

    // Managed policies first: users, groups and roles refer to them by ARN. AWS managed policies
    // (account "aws") appear in every account's list; the first copy wins.
    (details.Policies ?? []).forEach((pol, pi) => {
      const field = `${ad}.Policies[${pi}]`;
      if (managedPolicies.has(pol.Arn)) return;
      const versions = pol.PolicyVersionList ?? [];
      const version =
        versions.find((v) => v.IsDefaultVersion === true) ??
        (pol.DefaultVersionId ? versions.find((v) => v.VersionId === pol.DefaultVersionId) : undefined) ??
        (versions.length === 1 ? versions[0] : undefined);
      if (!version) return; // no default document captured: the policy stays unknown
      const vi = versions.indexOf(version);
      const ref: PolicyRef = { kind: 'identity-managed', name: pol.PolicyName, arn: pol.Arn, account: acct.accountId };
      managedSources.set(pol.Arn, { document: version.Document, name: pol.PolicyName, account: acct.accountId, field: `${field}.PolicyVersionList[${vi}].Document` });
      managedPolicies.set(pol.Arn, compile(version.Document, ref, `${field}.PolicyVersionList[${vi}].Document`, problems));
    });

    const groupsByName = new Map<string, IndexedGroup>();
    (details.GroupDetailList ?? []).forEach((g, gi) => {
      const field = `${ad}.GroupDetailList[${gi}]`;
      checkedArn(g.Arn, `${field}.Arn`, acct.accountId, 'group');
      const inline = (g.GroupPolicyList ?? []).map((p, pi) =>
        compile(p.PolicyDocument, { kind: 'group-inline', name: p.PolicyName, account: acct.accountId, owner: g.GroupName }, `${field}.GroupPolicyList[${pi}].PolicyDocument`, problems),
      );
      groupsByName.set(g.GroupName.toLowerCase(), {
        name: g.GroupName,
        arn: g.Arn,
        inline,
        managedArns: (g.AttachedManagedPolicies ?? []).map((m) => m.PolicyArn),
      });
    });

    const usersByName = new Map<string, IndexedUser>();
    (details.UserDetailList ?? []).forEach((u, ui) => {
      const field = `${ad}.UserDetailList[${ui}]`;
      const parsed = checkedArn(u.Arn, `${field}.Arn`, acct.accountId, 'user');
      const inline = (u.UserPolicyList ?? []).map((p, pi) =>
        compile(p.PolicyDocument, { kind: 'identity-inline', name: p.PolicyName, account: acct.accountId, owner: u.Arn }, `${field}.UserPolicyList[${pi}].PolicyDocument`, problems),
      );
      const groups: IndexedGroup[] = [];
      const missingGroups: string[] = [];
      for (const name of u.GroupList ?? []) {
        const group = groupsByName.get(name.toLowerCase());
        if (group) groups.push(group);
        else missingGroups.push(name);
      }
      const user: IndexedUser = {
        kind: 'user',
        detail: u,
        arn: u.Arn,
        accountId: acct.accountId,
        partition: parsed.partition,
        name: u.UserName,
        path: u.Path ?? parsed.path ?? '/',
        uniqueId: u.UserId,
        tags: u.Tags ?? [],
        inline,
        managedArns: (u.AttachedManagedPolicies ?? []).map((m) => m.PolicyArn),
        boundaryArn: u.PermissionsBoundary?.PermissionsBoundaryArn,
        groups,
        missingGroups,
      };
      if (user.boundaryArn) boundaryArns.add(user.boundaryArn);
      usersByName.set(u.UserName.toLowerCase(), user);
      usersByArn.set(u.Arn, user);
      principalsById.set(u.UserId, user);
    });

    const rolesByName = new Map<string, IndexedRole>();
    const maxSessionDurationUnread = (acct.unavailable ?? []).some((u) => u.part === 'maxSessionDuration');
    (details.RoleDetailList ?? []).forEach((r, ri) => {
      const field = `${ad}.RoleDetailList[${ri}]`;
      const parsed = checkedArn(r.Arn, `${field}.Arn`, acct.accountId, 'role');
      const path = r.Path ?? parsed.path ?? '/';
      const trust = r.AssumeRolePolicyDocument === undefined
        ? undefined
        : compile(r.AssumeRolePolicyDocument, { kind: 'trust', name: r.RoleName, account: acct.accountId, arn: r.Arn }, `${field}.AssumeRolePolicyDocument`, problems);
      const inline = (r.RolePolicyList ?? []).map((p, pi) =>
        compile(p.PolicyDocument, { kind: 'identity-inline', name: p.PolicyName, account: acct.accountId, owner: r.Arn }, `${field}.RolePolicyList[${pi}].PolicyDocument`, problems),
      );
      const role: IndexedRole = {
        kind: 'role',
        detail: r,
        arn: r.Arn,
        accountId: acct.accountId,
        partition: parsed.partition,
        name: r.RoleName,
        path,
        uniqueId: r.RoleId,
        tags: r.Tags ?? [],
        inline,
        managedArns: (r.AttachedManagedPolicies ?? []).map((m) => m.PolicyArn),
        boundaryArn: r.PermissionsBoundary?.PermissionsBoundaryArn,
        trust,
        maxSessionDuration: r.MaxSessionDuration ?? 3600,
        maxSessionDurationKnown: r.MaxSessionDuration !== undefined || !maxSessionDurationUnread,
        serviceLinked: path.startsWith('/aws-service-role/'),
      };
      if (role.boundaryArn) boundaryArns.add(role.boundaryArn);
      rolesByName.set(r.RoleName.toLowerCase(), role);
      rolesByArn.set(r.Arn, role);
      principalsById.set(r.RoleId, role);
      if (trust) indexTrust(role, trust, trustByPrincipal);
    });

    acct.openIdConnectProviders?.forEach((p) => oidcByAccountAndUrl.set(`${acct.accountId}|${normaliseIssuer(p.Url)}`, p));

    accounts.set(acct.accountId, {
      accountId: acct.accountId,
      partition,
      alias: acct.alias,
      raw: acct,
      rolesByName,
      usersByName,
      groupsByName,
      oidcProviders: acct.openIdConnectProviders,
      samlProviders: acct.samlProviders,
      stsDisabledRegions: new Set(acct.stsRegions?.disabled ?? []),
      unavailable: acct.unavailable ?? [],
    });
  });

  // A boundary is a managed policy; compiling it again as a boundary lets evidence name it as one.
  // Its malformed statements were already reported when it was compiled as a managed policy.
  const boundaries = new Map<string, CompiledPolicy>();
  for (const arn of boundaryArns) {
    const source = managedSources.get(arn);
    if (!source) continue;
    boundaries.set(arn, compilePolicy(source.document, { kind: 'permissions-boundary', name: source.name, arn, account: source.account }, source.field));
  }

  const organization = snapshot.organization ? indexOrganization(snapshot.organization, problems) : undefined;

  return {
    indexed: true,
    snapshot,
    accounts,
    rolesByArn,
    usersByArn,
    principalsById,
    managedPolicies,
    boundaries,
    oidcByAccountAndUrl,
    organization,
    trustByPrincipal,
    problems,
  };
}

/**
 * AWS nests OUs at most five levels under the root (CreateOrganizationalUnit: "For service control
 * policies, the limit is five"), accounts one level below: a tree deeper than this generous bound
 * is not an organization AWS could hold.
 */
const MAX_ORG_DEPTH = 10;

function indexOrganization(org: NonNullable<Snapshot['organization']>, problems: PolicyProblem[]): IndexedOrganization {
  type Source = { kind: 'scp' | 'rcp'; content: PolicyDocumentInput; ref: PolicyRef; field: string; reported: boolean };
  const byId = new Map<string, Source>();
  let hasScps = false;
  let hasRcps = false;
  (org.policies ?? []).forEach((p, pi) => {
    const kind = p.type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp';
    if (kind === 'scp') hasScps = true;
    else hasRcps = true;
    byId.set(p.id, { kind, content: p.content, ref: { kind, name: p.name ?? p.id, arn: p.id }, field: `organization.policies[${pi}].content`, reported: false });
  });
  // Compile each policy once per attachment point so evidence names where it is attached; org
  // trees are small, so this stays cheap. Problems are reported once per policy.
  const compileAt = (source: Source, attachedTo: string): CompiledPolicy => {
    const compiled = compilePolicy(source.content, { ...source.ref, attachedTo }, source.field);
    if (!source.reported) {
      source.reported = true;
      for (const pr of compiled.problems) problems.push(pr);
    }
    return compiled;
  };
  // Validate every listed policy even when nothing attaches it.
  for (const source of byId.values()) if (!source.reported) compileAt(source, '(unattached)');

  const paths = new Map<string, OrgLevel[]>();
  const walk = (node: OrgNode, trail: OrgLevel[], depth: number, field: string) => {
    if (depth > MAX_ORG_DEPTH) {
      throw new DoctorError('bad-snapshot', `the organization tree is more than ${MAX_ORG_DEPTH} levels deep here; AWS Organizations nests OUs at most five levels under the root`, field);
    }
    const kind: OrgLevel['kind'] = depth === 0 ? 'root' : node.accountId ? 'account' : 'ou';
    const id = node.accountId ?? node.id ?? (depth === 0 ? 'root' : field);
    const level: OrgLevel = { kind, id, name: node.name, scps: [], rcps: [], missingPolicyIds: [], policiesListed: node.policies !== undefined };
    for (const pid of node.policies ?? []) {
      const source = byId.get(pid);
      if (!source) {
        level.missingPolicyIds.push(pid);
        continue;
      }
      if (source.kind === 'scp') level.scps.push(compileAt(source, id));
      else level.rcps.push(compileAt(source, id));
    }
    const here = [...trail, level];
    if (node.accountId) paths.set(node.accountId, here);
    node.children?.forEach((child, ci) => walk(child, here, depth + 1, `${field}.children[${ci}]`));
  };
  if (org.root) walk(org.root, [], 0, 'organization.root');
  const membershipUnknown = new Map((org.membershipUnknown ?? []).filter((m) => !paths.has(m.accountId)).map((m) => [m.accountId, m.reason] as const));
  return { id: org.id, managementAccountId: org.managementAccountId, unavailable: org.unavailable, paths, membershipUnknown, hasScps, hasRcps };
}

// ───────────────────────────── trust index (who-can-assume) ─────────────────────────────

function principalKey(kind: TrustPrincipalKind, value: string): string {
  switch (kind) {
    case 'wildcard':
      return '*';
    case 'account':
      return `account:${value}`;
    case 'arn':
      return `arn:${value}`;
    case 'unique-id':
      return `id:${value}`;
    case 'service':
      return `service:${value}`;
    case 'federated':
      return `federated:${value}`;
    case 'canonical-user':
      return `canonical:${value}`;
  }
}

/**
 * The role-assumption actions a compiled statement covers, by the evaluator's own action test:
 * `sts:Assume*`, `sts:*`, `*`, or a NotAction that leaves them out.
 */
function assumeActionsOf(statement: CompiledStatement): string[] {
  return STS_ACTIONS.filter((action) => actionMatches(statement, action));
}

/** How the trust index files a compiled principal entry (R-15…R-26); the ARN kinds share one bucket, keyed by the ARN. */
function trustPrincipalOf(entry: PrincipalEntry): { kind: TrustPrincipalKind; value: string } {
  switch (entry.kind) {
    case 'wildcard':
      return { kind: 'wildcard', value: '*' };
    case 'account':
      // a bare account id and the root ARN name the same account, filed under its id.
      return { kind: 'account', value: entry.account ?? entry.value };
    case 'user-arn':
    case 'role-arn':
    case 'session-arn':
    case 'federated-user-arn':
      return { kind: 'arn', value: entry.value };
    case 'unique-id':
      return { kind: 'unique-id', value: entry.value };
    case 'service':
      return { kind: 'service', value: entry.value };
    case 'federated':
      return { kind: 'federated', value: entry.value };
    case 'canonical-user':
      return { kind: 'canonical-user', value: entry.value };
  }
}

export interface TrustStatementPrincipals {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  principals: { kind: TrustPrincipalKind; value: string }[];
  actions: string[];
  hasConditions: boolean;
  notPrincipal: boolean;
}

/**
 * What each statement of a compiled trust policy names, read from the statements the compiler kept
 * (the ones `evaluate` and `decide` read), not from the document: the index and who-can-assume can
 * then never name a principal, an action or a condition the verdict does not see. A statement the
 * compiler skipped (AWS would refuse to store it, e.g. a partial wildcard in a principal ARN, R-21,
 * or a principal string that is neither an account, an ARN nor a unique id) names nobody.
 */
export function trustPrincipals(trust: CompiledPolicy): TrustStatementPrincipals[] {
  return trust.statements.map((statement) => {
    const written = statement.writtenActions;
    return {
      index: statement.index,
      sid: statement.sid,
      effect: statement.effect,
      // NotPrincipal names whom it leaves out, so it lists nobody.
      principals: (statement.principal?.entries ?? []).map(trustPrincipalOf),
      // The assume actions it covers, as written when Action names them (`sts:Assume*` stays), or
      // the covered ones when a NotAction leaves them out.
      actions: statement.notAction
        ? assumeActionsOf(statement)
        : written.filter((_, i) => STS_ACTIONS.some((action) => matchAction(statement.actions[i], action))),
      // The compiled block: a Condition with no key in it (`{"StringEquals": {}}`) constrains nothing.
      hasConditions: statement.conditions !== undefined,
      notPrincipal: statement.notPrincipal !== undefined,
    };
  });
}

function indexTrust(role: IndexedRole, trust: CompiledPolicy, index: Map<string, TrustIndexEntry[]>): void {
  for (const st of trustPrincipals(trust)) {
    for (const p of st.principals) {
      const key = principalKey(p.kind, p.value);
      const entry: TrustIndexEntry = {
        roleArn: role.arn,
        statementIndex: st.index,
        sid: st.sid,
        effect: st.effect,
        principalKind: p.kind,
        principal: p.value,
        actions: st.actions,
        hasConditions: st.hasConditions,
      };
      const list = index.get(key);
      if (list) list.push(entry);
      else index.set(key, [entry]);
    }
  }
}

// ───────────────────────────── lookups ─────────────────────────────

export type RoleLookup =
  | { found: 'exact'; role: IndexedRole }
  /** The account holds a role of that name but the ARN is spelled differently (case or path). */
  | { found: 'differs'; role: IndexedRole }
  | { found: 'no'; reason: 'account-unknown' | 'missing' };

export function findRole(indexed: IndexedSnapshot, accountIdOfRole: string, roleArn: string, roleName: string): RoleLookup {
  const exact = indexed.rolesByArn.get(roleArn);
  if (exact) return { found: 'exact', role: exact };
  const acct = indexed.accounts.get(accountIdOfRole);
  if (!acct) return { found: 'no', reason: 'account-unknown' };
  const byName = acct.rolesByName.get(roleName.toLowerCase());
  if (byName) return { found: 'differs', role: byName };
  return { found: 'no', reason: 'missing' };
}

/** The role behind a session: session ARNs carry the role name but not its path; names are unique per account. */
export function findRoleByName(indexed: IndexedSnapshot, accountIdOfRole: string, roleName: string): IndexedRole | undefined {
  return indexed.accounts.get(accountIdOfRole)?.rolesByName.get(roleName.toLowerCase());
}
