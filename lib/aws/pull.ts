import 'server-only';
import { GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  GetAccountAuthorizationDetailsCommand,
  ListRolesCommand,
  ListOpenIDConnectProvidersCommand,
  GetOpenIDConnectProviderCommand,
  ListSAMLProvidersCommand,
  ListAccountAliasesCommand,
} from '@aws-sdk/client-iam';
import {
  DescribeOrganizationCommand,
  ListRootsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListAccountsForParentCommand,
  ListPoliciesCommand,
  DescribePolicyCommand,
  ListTargetsForPolicyCommand,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { LookupEventsCommand, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { DoctorError } from '@/lib/errors';
import {
  SNAPSHOT_FORMAT,
  type AuthorizationDetails,
  type CloudTrailEvent,
  type OidcProvider,
  type OrgNode,
  type OrgPolicy,
  type Organization,
  type RoleDetail,
  type SamlProvider,
  type Snapshot,
  type SnapshotAccount,
} from '@/lib/engine/types';
import { DEFAULT_LOOKBACK_HOURS, type AssumeRoleTarget } from './config';
import { makeClients, type AwsClients, type Credentials } from './clients';
import {
  Pacer,
  awsErrorCode,
  credentialsError,
  defaultRetryPolicy,
  isAccessDenied,
  isCredentialsError,
  realSleep,
  withRetry,
  type RetryPolicy,
  type Sleep,
} from './retry';

// The live pull: the current account (GetCallerIdentity) plus every configured read-only role,
// each read with as few calls as the APIs allow (GetAccountAuthorizationDetails and ListRoles in
// pages of 1000, never per-role calls), the organization when some account can read it, and the
// STS events of CloudTrail. What cannot be read is marked unavailable and the rest goes on; only
// credentials that do not work at all stop the pull.

export const STS_EVENT_NAMES = ['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'] as const;

export type PullPhase = 'identity' | 'assume-role' | 'iam' | 'providers' | 'organization' | 'cloudtrail' | 'retry' | 'done';

export interface PullProgressEvent {
  phase: PullPhase;
  accountId?: string;
  region?: string;
  /** API pages fetched so far in this pull (all services). */
  pages: number;
  /** CloudTrail events fetched so far in this pull. */
  events: number;
  message: string;
}

/**
 * A refresh asks again for the last minutes before its cursor: AWS services deliver events to
 * CloudTrail on a best-effort basis, so an event can appear after newer ones were already read,
 * timestamped before them. Events read twice are dropped by id (knownEventIds, and the store's
 * primary key). 15 minutes is our choice, not an AWS guarantee.
 */
export const CLOUDTRAIL_OVERLAP_MINUTES = 15;

/**
 * The oldest time a refresh from these cursors may ask CloudTrail for (the oldest cursor less the
 * overlap window, never before the lookback), or undefined with no cursor (a first pull): the
 * held events from then on are the ones it may be sent again (PullOptions.knownEventIds).
 */
export function refreshWindowStart(cursors: CloudTrailCursors, nowMs: number, lookbackHours: number, overlapMinutes = CLOUDTRAIL_OVERLAP_MINUTES): string | undefined {
  const times = Object.values(cursors).map((t) => Date.parse(t)).filter(Number.isFinite);
  if (times.length === 0) return undefined;
  return new Date(Math.max(Math.min(...times) - overlapMinutes * 60_000, nowMs - lookbackHours * 3600_000)).toISOString();
}

/** Newest event time seen, by `accountId/region/eventName`, so a refresh asks only for newer ones (less the overlap). */
export type CloudTrailCursors = Record<string, string>;

export interface PullOptions {
  region?: string;
  /** Every client talks to this endpoint (AWS_ENDPOINT_URL, LocalStack, the test endpoint). */
  endpoint?: string;
  profile?: string;
  /** Defaults to the SDK's chain: env, shared config/profiles, IAM Identity Center, web identity, container, instance. */
  credentials?: Credentials;
  assumeRoles?: AssumeRoleTarget[];
  /** Regions whose CloudTrail is searched; [] skips CloudTrail. Defaults to [region]. */
  cloudTrailRegions?: string[];
  lookbackHours?: number;
  cursors?: CloudTrailCursors;
  /** Event ids already held; they are dropped if AWS returns them again (the overlap window re-reads some). */
  knownEventIds?: ReadonlySet<string>;
  /** How far before a cursor a refresh asks again, for events CloudTrail delivers late (default CLOUDTRAIL_OVERLAP_MINUTES). */
  overlapMinutes?: number;
  /** Upper bound on events per account, region and event name (newest kept). */
  maxEventsPerStream?: number;
  /** LookupEvents requests per second per account and region (AWS allows 2). */
  lookupEventsPerSecond?: number;
  onProgress?: (event: PullProgressEvent) => void;
  /** Injectable clock and sleep (tests, the benchmark). */
  now?: () => number;
  sleep?: Sleep;
  retry?: Partial<RetryPolicy>;
  requestTimeoutMs?: number;
  sessionName?: string;
}

export interface PullResult {
  snapshot: Snapshot;
  /** Events fetched by this pull (also in snapshot.events). */
  newEvents: CloudTrailEvent[];
  cursors: CloudTrailCursors;
  calls: Record<string, number>;
}

interface Context {
  options: PullOptions;
  retry: RetryPolicy;
  now: () => number;
  sleep: Sleep;
  calls: Record<string, number>;
  pages: number;
  events: number;
  progress(phase: PullPhase, message: string, where?: { accountId?: string; region?: string }): void;
}

interface AccountHandle {
  accountId: string;
  clients: AwsClients;
  /** How the account was reached, for messages. */
  via: string;
}

type Unavailable = NonNullable<SnapshotAccount['unavailable']>[number];

/** Strips the SDK's `$metadata` and turns Dates into ISO strings: the snapshot is plain JSON. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === '$metadata' ? undefined : v))) as T;
}

async function send<T>(ctx: Context, action: string, call: () => Promise<T>, where?: { accountId?: string; region?: string }): Promise<T> {
  try {
    const result = await withRetry(
      () => {
        ctx.calls[action] = (ctx.calls[action] ?? 0) + 1;
        return call();
      },
      ctx.retry,
      ({ attempt, delayMs, error }) =>
        ctx.progress('retry', `${action}: ${awsErrorCode(error)}, retry ${attempt} in ${delayMs} ms`, where),
    );
    ctx.pages++;
    return result;
  } catch (error) {
    if (isCredentialsError(error)) throw credentialsError(error);
    throw error;
  }
}

function describeError(error: unknown): string {
  const code = awsErrorCode(error);
  const message = String((error as { message?: string } | undefined)?.message ?? '').split('\n')[0];
  return message && message !== code ? `${code}: ${message}` : code;
}

/**
 * Runs one part of an account's pull. AccessDenied (or any other error once retries are spent)
 * marks just that part unavailable; credentials failures and DoctorErrors stop the whole pull.
 */
async function part<T>(unavailable: Unavailable[], name: string, permission: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DoctorError) throw error;
    if (isAccessDenied(error)) {
      unavailable.push({ part: name, reason: `access denied: ${describeError(error)}`, missingPermission: permission });
    } else {
      unavailable.push({ part: name, reason: `could not be read: ${describeError(error)}` });
    }
    return undefined;
  }
}

// ─────────────────────────────── IAM ───────────────────────────────

async function pullAuthorizationDetails(ctx: Context, handle: AccountHandle): Promise<AuthorizationDetails> {
  const merged: Required<AuthorizationDetails> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  let marker: string | undefined;
  let page = 0;
  do {
    const out = await send(ctx, 'iam:GetAccountAuthorizationDetails', () => handle.clients.iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000, Marker: marker })), handle);
    const data = plain(out) as AuthorizationDetails & { IsTruncated?: boolean; Marker?: string };
    merged.UserDetailList.push(...(data.UserDetailList ?? []));
    merged.GroupDetailList.push(...(data.GroupDetailList ?? []));
    merged.RoleDetailList.push(...(data.RoleDetailList ?? []));
    merged.Policies.push(...(data.Policies ?? []));
    marker = data.IsTruncated ? data.Marker : undefined;
    ctx.progress('iam', `authorization details page ${++page}: ${merged.RoleDetailList.length} roles, ${merged.UserDetailList.length} users, ${merged.Policies.length} policies`, handle);
  } while (marker);
  return merged;
}

/** MaxSessionDuration by role ARN; only ListRoles returns it. */
async function pullMaxSessionDurations(ctx: Context, handle: AccountHandle): Promise<Map<string, number>> {
  const durations = new Map<string, number>();
  let marker: string | undefined;
  do {
    const out = await send(ctx, 'iam:ListRoles', () => handle.clients.iam.send(new ListRolesCommand({ MaxItems: 1000, Marker: marker })), handle);
    for (const role of out.Roles ?? []) if (role.Arn && role.MaxSessionDuration) durations.set(role.Arn, role.MaxSessionDuration);
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  ctx.progress('iam', `session durations of ${durations.size} roles`, handle);
  return durations;
}

async function pullOidcProviders(ctx: Context, handle: AccountHandle): Promise<OidcProvider[]> {
  const list = await send(ctx, 'iam:ListOpenIDConnectProviders', () => handle.clients.iam.send(new ListOpenIDConnectProvidersCommand({})), handle);
  const providers: OidcProvider[] = [];
  for (const { Arn } of list.OpenIDConnectProviderList ?? []) {
    if (!Arn) continue;
    try {
      const got = await send(ctx, 'iam:GetOpenIDConnectProvider', () => handle.clients.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: Arn })), handle);
      providers.push({ Arn, Url: got.Url ?? Arn.split(':oidc-provider/')[1] ?? '', ClientIDList: got.ClientIDList ?? [], ThumbprintList: got.ThumbprintList ?? [] });
    } catch (error) {
      // Deleted between the list and the read: it no longer exists, so it is rightly absent.
      if (awsErrorCode(error) !== 'NoSuchEntity' && awsErrorCode(error) !== 'NoSuchEntityException') throw error;
    }
  }
  return providers;
}

async function pullSamlProviders(ctx: Context, handle: AccountHandle): Promise<SamlProvider[]> {
  const list = await send(ctx, 'iam:ListSAMLProviders', () => handle.clients.iam.send(new ListSAMLProvidersCommand({})), handle);
  return (list.SAMLProviderList ?? [])
    .filter((p) => p.Arn)
    .map((p) => ({ Arn: p.Arn!, ...(p.ValidUntil ? { ValidUntil: p.ValidUntil.toISOString() } : {}) }));
}

async function pullAccount(ctx: Context, handle: AccountHandle, partition: string): Promise<SnapshotAccount> {
  const unavailable: Unavailable[] = [];
  ctx.progress('iam', `reading IAM of ${handle.accountId} (${handle.via})`, handle);
  const alias = await part([], 'alias', 'iam:ListAccountAliases', async () => {
    const out = await send(ctx, 'iam:ListAccountAliases', () => handle.clients.iam.send(new ListAccountAliasesCommand({})), handle);
    return out.AccountAliases?.[0];
  });
  const details = await part(unavailable, 'authorizationDetails', 'iam:GetAccountAuthorizationDetails', () => pullAuthorizationDetails(ctx, handle));
  const durations = await part(unavailable, 'maxSessionDuration', 'iam:ListRoles', () => pullMaxSessionDurations(ctx, handle));
  ctx.progress('providers', `identity providers of ${handle.accountId}`, handle);
  const oidc = await part(unavailable, 'openIdConnectProviders', 'iam:ListOpenIDConnectProviders', () => pullOidcProviders(ctx, handle));
  const saml = await part(unavailable, 'samlProviders', 'iam:ListSAMLProviders', () => pullSamlProviders(ctx, handle));

  const authorizationDetails: AuthorizationDetails = details ?? { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  if (durations) {
    authorizationDetails.RoleDetailList = (authorizationDetails.RoleDetailList ?? []).map((role: RoleDetail) =>
      durations.has(role.Arn) ? { ...role, MaxSessionDuration: durations.get(role.Arn) } : role,
    );
  }
  const account: SnapshotAccount = { accountId: handle.accountId, partition, authorizationDetails };
  if (alias) account.alias = alias;
  if (oidc) account.openIdConnectProviders = oidc;
  if (saml) account.samlProviders = saml;
  if (unavailable.length) account.unavailable = unavailable;
  return account;
}

// ─────────────────────────────── Organizations ───────────────────────────────

async function listAll<T>(fetchPage: (token?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    all.push(...page.items);
    token = page.next;
  } while (token);
  return all;
}

const ORG_NOT_IN_USE = 'AWSOrganizationsNotInUseException';

/**
 * The organization as the first account allowed to read it sees it. `undefined` = every account
 * answered that it belongs to no organization; `{ unavailable }` = there is one but no account
 * could read it.
 *
 * AWSOrganizationsNotInUseException describes the calling account only ("this account is
 * standalone"), so every handle is asked in turn (F3). An account read by the pull that is
 * neither in the tree read nor standalone (another organization, or DescribeOrganization refused)
 * is listed in `membershipUnknown`: the engine then answers unknown for its SCPs, RCPs and
 * aws:PrincipalOrgID rather than "outside the organization".
 */
async function pullOrganization(ctx: Context, handles: AccountHandle[]): Promise<Organization | undefined> {
  const refusals: string[] = [];
  const standalone = new Set<string>();
  /** DescribeOrganization per handle: the organization it belongs to, or why that is not known. */
  const membership = new Map<string, { id?: string; managementAccountId?: string } | { refused: string }>();
  let read: Organization | undefined;
  let firstDescribed: { id?: string; managementAccountId?: string } | undefined;
  for (const handle of handles) {
    const org = handle.clients.organizations;
    ctx.progress('organization', `reading the organization as ${handle.accountId}`, handle);
    let described: { id?: string; managementAccountId?: string };
    try {
      const out = await send(ctx, 'organizations:DescribeOrganization', () => org.send(new DescribeOrganizationCommand({})), handle);
      described = { id: out.Organization?.Id, managementAccountId: out.Organization?.MasterAccountId };
      membership.set(handle.accountId, described);
      firstDescribed ??= described;
    } catch (error) {
      if (error instanceof DoctorError) throw error;
      if (awsErrorCode(error) === ORG_NOT_IN_USE) {
        standalone.add(handle.accountId);
        continue;
      }
      membership.set(handle.accountId, { refused: describeError(error) });
      refusals.push(`${handle.accountId}: ${describeError(error)}`);
      continue;
    }
    if (read) continue; // the tree is read; the other handles are only asked which organization they are in
    try {
      read = await readOrganization(ctx, handle, described);
    } catch (error) {
      if (error instanceof DoctorError) throw error;
      refusals.push(`${handle.accountId}: ${describeError(error)}`);
    }
  }
  if (read) {
    const members = new Set<string>();
    const collect = (node: OrgNode) => {
      if (node.accountId) members.add(node.accountId);
      node.children?.forEach(collect);
    };
    if (read.root) collect(read.root);
    const unknown: { accountId: string; reason: string }[] = [];
    for (const handle of handles) {
      if (members.has(handle.accountId) || standalone.has(handle.accountId) || unknown.some((u) => u.accountId === handle.accountId)) continue;
      const seen = membership.get(handle.accountId);
      const reason =
        seen && 'refused' in seen
          ? `whether account ${handle.accountId} is in an organization could not be read: ${seen.refused}`
          : `account ${handle.accountId} is in organization ${seen?.id ?? '(unknown id)'}, whose structure and policies were not read`;
      unknown.push({ accountId: handle.accountId, reason });
    }
    return unknown.length > 0 ? { ...read, membershipUnknown: unknown } : read;
  }
  if (standalone.size === handles.length) return undefined;
  const reason = `no account could read the organization's structure and policies (needs organizations:ListRoots, ListOrganizationalUnitsForParent, ListAccountsForParent, ListPolicies, DescribePolicy and ListTargetsForPolicy from the management account or a delegated administrator): ${refusals.join('; ')}`;
  return {
    ...(firstDescribed?.id ? { id: firstDescribed.id } : {}),
    ...(firstDescribed?.managementAccountId ? { managementAccountId: firstDescribed.managementAccountId } : {}),
    unavailable: reason,
  };
}

/** The tree, the SCPs and RCPs of the organization `described`, read through one handle. */
async function readOrganization(ctx: Context, handle: AccountHandle, described: { id?: string; managementAccountId?: string }): Promise<Organization> {
  const org = handle.clients.organizations;
  const roots = await listAll(async (NextToken) => {
    const out = await send(ctx, 'organizations:ListRoots', () => org.send(new ListRootsCommand({ NextToken })), handle);
    return { items: out.Roots ?? [], next: out.NextToken };
  });
  const root = roots[0];
  if (!root?.Id) throw new DoctorError('aws-unavailable', 'Organizations returned no root');
  const enabled = (root.PolicyTypes ?? []).filter((t) => t.Status === 'ENABLED').map((t) => t.Type as string);
  // EnablePolicyType / DisablePolicyType run in the background: while a type is pending its
  // policies are still listed, and the engine answers unknown for it (F6).
  const pending = (root.PolicyTypes ?? []).filter((t) => t.Status === 'PENDING_ENABLE' || t.Status === 'PENDING_DISABLE').map((t) => ({ type: t.Type as string, status: t.Status as string }));

  // The tree: OUs and accounts under each parent, breadth first.
  const rootNode: OrgNode = { id: root.Id, name: root.Name, policies: [], children: [] };
  const byId = new Map<string, OrgNode>([[root.Id, rootNode]]);
  const queue: OrgNode[] = [rootNode];
  while (queue.length) {
    const parent = queue.shift()!;
    const ous = await listAll(async (NextToken) => {
      const out = await send(ctx, 'organizations:ListOrganizationalUnitsForParent', () => org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parent.id, NextToken })), handle);
      return { items: out.OrganizationalUnits ?? [], next: out.NextToken };
    });
    const accounts = await listAll(async (NextToken) => {
      const out = await send(ctx, 'organizations:ListAccountsForParent', () => org.send(new ListAccountsForParentCommand({ ParentId: parent.id, NextToken })), handle);
      return { items: out.Accounts ?? [], next: out.NextToken };
    });
    for (const ou of ous) {
      const node: OrgNode = { id: ou.Id, name: ou.Name, policies: [], children: [] };
      parent.children!.push(node);
      byId.set(ou.Id!, node);
      queue.push(node);
    }
    for (const account of accounts) {
      const node: OrgNode = { accountId: account.Id, name: account.Name, policies: [] };
      parent.children!.push(node);
      byId.set(account.Id!, node);
    }
  }

  // SCPs and RCPs: each policy once, then where it is attached.
  const policies: OrgPolicy[] = [];
  for (const type of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const) {
    if (!enabled.includes(type) && !pending.some((p) => p.type === type)) continue;
    const summaries = await listAll(async (NextToken) => {
      const out = await send(ctx, 'organizations:ListPolicies', () => org.send(new ListPoliciesCommand({ Filter: type as PolicyType, NextToken })), handle);
      return { items: out.Policies ?? [], next: out.NextToken };
    });
    for (const summary of summaries) {
      if (!summary.Id) continue;
      const described = await send(ctx, 'organizations:DescribePolicy', () => org.send(new DescribePolicyCommand({ PolicyId: summary.Id })), handle);
      policies.push({ id: summary.Id, type, name: summary.Name, content: described.Policy?.Content ?? '{}' });
      const targets = await listAll(async (NextToken) => {
        const out = await send(ctx, 'organizations:ListTargetsForPolicy', () => org.send(new ListTargetsForPolicyCommand({ PolicyId: summary.Id, NextToken })), handle);
        return { items: out.Targets ?? [], next: out.NextToken };
      });
      for (const target of targets) byId.get(target.TargetId ?? '')?.policies!.push(summary.Id);
    }
  }
  return {
    id: described.id,
    managementAccountId: described.managementAccountId,
    enabledPolicyTypes: enabled,
    ...(pending.length > 0 ? { pendingPolicyTypes: pending } : {}),
    root: rootNode,
    policies,
  };
}

// ─────────────────────────────── CloudTrail ───────────────────────────────

// The limit is per account and region, whichever pull is asking: pacers outlive a pull, one set
// per clock (tests each bring their own clock; the real one is shared by every pull in the process).
const pacers = new WeakMap<() => number, Map<string, Pacer>>();

function pacerFor(ctx: Context, accountId: string, region: string): Pacer {
  let byKey = pacers.get(ctx.now);
  if (!byKey) {
    byKey = new Map();
    pacers.set(ctx.now, byKey);
  }
  const key = `${accountId}/${region}/${ctx.options.lookupEventsPerSecond ?? 2}`;
  let pacer = byKey.get(key);
  if (!pacer) {
    pacer = new Pacer(ctx.options.lookupEventsPerSecond ?? 2, ctx.now, ctx.sleep);
    byKey.set(key, pacer);
  }
  return pacer;
}

export const cursorKey = (accountId: string, region: string, eventName: string) => `${accountId}/${region}/${eventName}`;

function parseRecord(event: NonNullable<LookupEventsCommandOutput['Events']>[number]): CloudTrailEvent {
  if (event.CloudTrailEvent) {
    try {
      return JSON.parse(event.CloudTrailEvent) as CloudTrailEvent;
    } catch {
      // fall through to the summary fields
    }
  }
  return { eventID: event.EventId, eventName: event.EventName, eventSource: event.EventSource, eventTime: event.EventTime?.toISOString() };
}

async function pullEvents(
  ctx: Context,
  handle: AccountHandle,
  region: string,
  cursors: CloudTrailCursors,
  seen: Set<string>,
  sink: CloudTrailEvent[],
  unavailable: Unavailable[],
): Promise<void> {
  const pacer = pacerFor(ctx, handle.accountId, region);
  const client = handle.clients.cloudTrail(region);
  const lookbackStart = ctx.now() - (ctx.options.lookbackHours ?? DEFAULT_LOOKBACK_HOURS) * 3600_000;
  const limit = ctx.options.maxEventsPerStream ?? 100_000;
  const where = { accountId: handle.accountId, region };
  for (const eventName of STS_EVENT_NAMES) {
    const key = cursorKey(handle.accountId, region, eventName);
    const previous = cursors[key] ? Date.parse(cursors[key]) : NaN;
    // Incremental: from the newest event already held, less the overlap window for late deliveries
    // (with no overlap, one second past it: CloudTrail times are whole seconds).
    const overlapMs = (ctx.options.overlapMinutes ?? CLOUDTRAIL_OVERLAP_MINUTES) * 60_000;
    const resumeAt = overlapMs > 0 ? previous - overlapMs : previous + 1000;
    const start = new Date(Number.isFinite(previous) ? Math.max(resumeAt, lookbackStart) : lookbackStart);
    const end = new Date(ctx.now());
    if (start > end) continue;
    let newest = Number.isFinite(previous) ? previous : -Infinity;
    let token: string | undefined;
    let fetched = 0;
    let oldest = Infinity;
    try {
      do {
        const out = await send(
          ctx,
          'cloudtrail:LookupEvents',
          // Every attempt, retries included, waits its turn: the limit counts them all.
          async () => {
            await pacer.wait();
            return client.send(
              new LookupEventsCommand({
                LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }],
                StartTime: start,
                EndTime: end,
                MaxResults: 50,
                NextToken: token,
              }),
            );
          },
          where,
        );
        for (const summary of out.Events ?? []) {
          const record = parseRecord(summary);
          const id = String(record.eventID ?? summary.EventId ?? '');
          const time = Date.parse(String(record.eventTime ?? '')) || summary.EventTime?.getTime() || NaN;
          if (Number.isFinite(time) && time > newest) newest = time;
          if (Number.isFinite(time) && time < oldest) oldest = time;
          if (!id || seen.has(id)) continue;
          seen.add(id);
          sink.push(record);
          fetched++;
          ctx.events++;
        }
        token = out.NextToken;
        ctx.progress('cloudtrail', `${eventName} in ${region}: ${fetched} events`, where);
      } while (token && fetched < limit);
    } catch (error) {
      if (error instanceof DoctorError) throw error;
      unavailable.push({
        part: `cloudTrail:${region}`,
        reason: `${isAccessDenied(error) ? 'access denied' : 'could not be read'}: ${describeError(error)}`,
        ...(isAccessDenied(error) ? { missingPermission: 'cloudtrail:LookupEvents' } : {}),
      });
      return; // the cursor stays where it was: the next refresh asks for these events again
    }
    if (token) {
      // The cap stopped the stream with pages left: LookupEvents answers newest first, so the
      // events missing are the older ones of the window. Recorded so the UI and replay can say so;
      // a later refresh resumes from the newest event and does not go back for them (F7).
      const gapEnd = Number.isFinite(oldest) ? new Date(oldest).toISOString() : end.toISOString();
      unavailable.push({
        part: `cloudTrail:${region}`,
        reason: `event cap reached (${fetched} ${eventName} events, maxEventsPerStream ${limit}): ${eventName} events from ${start.toISOString()} to ${gapEnd} were not read`,
      });
    }
    if (Number.isFinite(newest)) cursors[key] = new Date(newest).toISOString();
  }
}

// ─────────────────────────────── the pull ───────────────────────────────

function partitionOf(arn: string | undefined): string {
  return arn?.split(':')[1] || 'aws';
}

const realNow = () => Date.now();

export async function pull(options: PullOptions = {}): Promise<PullResult> {
  const now = options.now ?? realNow;
  const sleep = options.sleep ?? realSleep;
  const ctx: Context = {
    options,
    retry: { ...defaultRetryPolicy(sleep), ...options.retry },
    now,
    sleep,
    calls: {},
    pages: 0,
    events: 0,
    progress(phase, message, where) {
      options.onProgress?.({ phase, accountId: where?.accountId, region: where?.region, pages: ctx.pages, events: ctx.events, message });
    },
  };
  const region = options.region ?? 'us-east-1';
  const endpoint = options.endpoint;
  const requestTimeoutMs = options.requestTimeoutMs;
  let credentials: Credentials;
  try {
    credentials = options.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  } catch (error) {
    throw credentialsError(error);
  }

  const handles: AccountHandle[] = [];
  const base = makeClients({ region, endpoint, credentials, requestTimeoutMs });
  const all: AwsClients[] = [base];
  try {
    ctx.progress('identity', 'checking the credentials (sts:GetCallerIdentity)');
    let identity;
    try {
      identity = await send(ctx, 'sts:GetCallerIdentity', () => base.sts.send(new GetCallerIdentityCommand({})));
    } catch (error) {
      if (error instanceof DoctorError) throw error;
      if (isAccessDenied(error)) throw new DoctorError('aws-access-denied', `sts:GetCallerIdentity was refused: ${describeError(error)}`);
      throw new DoctorError('aws-unavailable', `AWS could not be reached${endpoint ? ` at ${endpoint}` : ''}: ${describeError(error)}`);
    }
    const partition = partitionOf(identity.Arn);
    handles.push({ accountId: identity.Account!, clients: base, via: identity.Arn ?? 'current credentials' });

    const unavailableAccounts: NonNullable<Snapshot['unavailableAccounts']> = [];
    for (const target of options.assumeRoles ?? []) {
      const accountId = target.roleArn.split(':')[4];
      ctx.progress('assume-role', `assuming ${target.roleArn}`, { accountId });
      try {
        const out = await send(
          ctx,
          'sts:AssumeRole',
          () =>
            base.sts.send(
              new AssumeRoleCommand({
                RoleArn: target.roleArn,
                RoleSessionName: options.sessionName ?? 'assumerole-doctor',
                ...(target.externalId ? { ExternalId: target.externalId } : {}),
              }),
            ),
          { accountId },
        );
        const c = out.Credentials!;
        const clients = makeClients({
          region,
          endpoint,
          requestTimeoutMs,
          credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken, expiration: c.Expiration },
        });
        all.push(clients);
        if (!handles.some((h) => h.accountId === accountId)) handles.push({ accountId, clients, via: target.roleArn });
      } catch (error) {
        if (error instanceof DoctorError) throw error;
        unavailableAccounts.push({
          accountId,
          roleArn: target.roleArn,
          reason: `could not assume ${target.roleArn}: ${describeError(error)}`,
          ...(isAccessDenied(error) ? { missingPermission: 'sts:AssumeRole' } : {}),
        });
      }
    }

    const cursors: CloudTrailCursors = { ...(options.cursors ?? {}) };
    const seen = new Set<string>(options.knownEventIds ?? []);
    const newEvents: CloudTrailEvent[] = [];
    const regions = options.cloudTrailRegions ?? [region];
    const accounts: SnapshotAccount[] = [];
    const trails: Promise<void>[] = [];
    for (const handle of handles) {
      const account = await pullAccount(ctx, handle, partition);
      accounts.push(account);
      // CloudTrail's limit is per account and region: these run side by side, each paced.
      const unavailable = (account.unavailable ??= []);
      for (const r of regions) {
        const trail = pullEvents(ctx, handle, r, cursors, seen, newEvents, unavailable);
        trail.catch(() => undefined); // observed by Promise.all below; this only keeps an early failure from being "unhandled"
        trails.push(trail);
      }
    }
    const organization = await pullOrganization(ctx, handles);
    await Promise.all(trails);
    for (const account of accounts) if (account.unavailable?.length === 0) delete account.unavailable;

    const snapshot: Snapshot = {
      format: SNAPSHOT_FORMAT,
      capturedAt: new Date(now()).toISOString(),
      source: 'live',
      accounts,
      ...(organization ? { organization } : {}),
      ...(unavailableAccounts.length ? { unavailableAccounts } : {}),
      events: newEvents,
    };
    ctx.progress('done', `pulled ${accounts.length} account(s), ${newEvents.length} new event(s) in ${ctx.pages} API pages`);
    return { snapshot, newEvents, cursors, calls: ctx.calls };
  } finally {
    for (const c of all) c.destroy();
  }
}

/** The live pull, as a snapshot. */
export async function pullSnapshot(options: PullOptions = {}): Promise<Snapshot> {
  return (await pull(options)).snapshot;
}
