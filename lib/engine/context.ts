// The request context of an STS call: the keys the request gives (origin 'given') plus the keys
// AWS fills in itself (origin 'derived'), the way R-40…R-47 describe. A key the request does not
// give and that we cannot derive from the snapshot is recorded as UNKNOWN (not absent): a
// condition that fails only because of such a key makes its check `unknown`, never `fail`.
//
// Time: "now" is the request's aws:CurrentTime (or aws:EpochTime), else options.now. With neither, aws:CurrentTime,
// aws:EpochTime and aws:MultiFactorAuthAge are unknown (we never read the clock).

import { DoctorError } from '@/lib/errors';
import { parseDate } from './conditions/date/parse-date';
import type { CallerIdentity, ContextValue, RequestContext } from './policy/types';
import type { PreparedRequest } from './request';
import { findRoleByName, normaliseIssuer, type IndexedRole, type IndexedSnapshot, type IndexedUser } from './snapshot';
import { BoundedMap, perObject } from './memo';
import { mfaKeyOf } from './session-issuer';
import type { ContextEntry, Tag } from './types';
import { sameClock } from './unknown-context';

export { sessionIssuer } from './session-issuer';

/** Web identity providers AWS knows without an IAM OIDC provider; trust policies name them by host. */
export const WELL_KNOWN_WEB_IDENTITY_PROVIDERS = new Set(['accounts.google.com', 'cognito-identity.amazonaws.com', 'graph.facebook.com', 'www.amazon.com']);

/** Multivalued keys are sets. */
const MULTIVALUED = new Set(['aws:tagkeys', 'sts:transitivetagkeys', 'aws:principalorgpaths', 'aws:calledvia', 'aws:principalservicenameslist']);

export interface CallerFacts {
  identity: CallerIdentity;
  /** The caller's account is described by the snapshot (its users, roles and policies are known). */
  accountKnown: boolean;
  user?: IndexedUser;
  /** For role sessions: the role behind the session. */
  role?: IndexedRole;
  /** The account is known but the user / role behind the caller is not in it. */
  entityMissing: boolean;
  /**
   * The request's caller ARN, when it names a user or role session of the snapshot spelled
   * differently (a user ARN without its path or in another case, a session ARN with the role name
   * in another case). IAM user and role names are unique per account regardless of case, so the
   * principal AWS evaluates is the snapshot's: `identity.arn` holds that ARN and is the one
   * diagnosed. Absent when the request's ARN is the snapshot's, or the entity is not found.
   */
  requestedArn?: string;
}

// A signed caller resolves the same for every request naming that ARN: kept per snapshot.
const callersOf = perObject<IndexedSnapshot, string, CallerFacts>(20_000);

/** Resolves who the caller is against the snapshot: unique id, role path, federated providers. The result may be shared: do not mutate it. */
export function resolveCaller(indexed: IndexedSnapshot, prepared: PreparedRequest): CallerFacts {
  const base = prepared.caller;
  if (base.kind === 'web-identity' || base.kind === 'saml') return resolveCallerFacts(indexed, prepared);
  const callers = callersOf(indexed);
  let facts = callers.get(base.arn);
  if (facts === undefined) {
    facts = resolveCallerFacts(indexed, prepared);
    Object.freeze(facts.identity);
    callers.set(base.arn, Object.freeze(facts));
  }
  return facts;
}

function resolveCallerFacts(indexed: IndexedSnapshot, prepared: PreparedRequest): CallerFacts {
  const base = prepared.caller;
  switch (base.kind) {
    case 'user': {
      const user = indexed.usersByArn.get(base.arn) ?? indexed.accounts.get(base.accountId!)?.usersByName.get(userNameOf(base.arn));
      const accountKnown = indexed.accounts.has(base.accountId!);
      if (!user) return { identity: base, accountKnown, user, entityMissing: accountKnown };
      // Found by name, whatever path or case the request wrote (IAM user names are unique per
      // account regardless of case): the principal AWS evaluates is the snapshot's user, so its
      // ARN is the one trust principals are matched with and aws:PrincipalArn / aws:username
      // are derived from. Another partition's user is a different account: left as it was.
      const renamed = user.arn !== base.arn && user.partition === base.partition;
      const facts: CallerFacts = { identity: { ...base, arn: renamed ? user.arn : base.arn, uniqueId: user.uniqueId }, accountKnown, user, entityMissing: false };
      if (renamed) facts.requestedArn = base.arn;
      return facts;
    }
    case 'role-session': {
      const roleName = base.roleArn!.slice(base.roleArn!.lastIndexOf('/') + 1);
      const role = findRoleByName(indexed, base.accountId!, roleName);
      const accountKnown = indexed.accounts.has(base.accountId!);
      if (!role) return { identity: base, accountKnown, role, entityMissing: accountKnown };
      // The role ARN is the snapshot role's (session ARNs carry no path: ); the session
      // ARN keeps the request's session name, with the role's name as IAM spells it.
      const renamed = role.name !== roleName && role.partition === base.partition;
      const arn = renamed ? `${base.arn.slice(0, base.arn.length - roleName.length - 1 - sessionNameOf(base.arn).length)}${role.name}/${sessionNameOf(base.arn)}` : base.arn;
      const facts: CallerFacts = { identity: { ...base, arn, roleArn: role.arn, uniqueId: role.uniqueId }, accountKnown, role, entityMissing: false };
      if (renamed) facts.requestedArn = base.arn;
      return facts;
    }
    case 'root':
    case 'federated-user':
      return { identity: base, accountKnown: indexed.accounts.has(base.accountId!), entityMissing: false };
    case 'web-identity': {
      const iss = prepared.issuer!;
      const providers = [`arn:${prepared.role.partition}:iam::${prepared.role.account}:oidc-provider/${callProviderPath(indexed, prepared)}`];
      if (WELL_KNOWN_WEB_IDENTITY_PROVIDERS.has(iss)) providers.push(iss);
      return { identity: { ...base, federatedProviders: providers }, accountKnown: true, entityMissing: false };
    }
    default:
      return { identity: base, accountKnown: true, entityMissing: false };
  }
}

function userNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1).toLowerCase();
}

/** The session name of an assumed-role ARN (…:assumed-role/RoleName/SessionName). */
function sessionNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

// Context key names are case-insensitive; the same few names recur in every request, so
// their lowercase forms are kept (bounded) instead of recomputed.
const lowered = new BoundedMap<string, string>(10_000);
function lowerKey(key: string): string {
  let lower = lowered.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    lowered.set(key, lower);
  }
  return lower;
}

/**
 * The request context of one call. Full mode builds every key at once, in a fixed order (the
 * diagnosis lists them). Verdict mode builds a group of keys (time, principal, resource, call,
 * federation) only when a policy first reads a key of that group: most policies read two or three
 * keys, and building the rest was the largest single cost of a verdict. Both modes give every key
 * the same value: the groups are the same code, run in the same order, and no two groups derive
 * the same key.
 */
export class BuiltContext implements RequestContext {
  /** Lowercased keys whose value we could not determine. */
  readonly unknownKeys = new Set<string>();
  /** Lowercased key prefixes (e.g. `aws:principaltag/`) whose values we could not determine. */
  readonly unknownPrefixes: string[] = [];
  private readonly entries: Map<string, ContextValue> = new Map();
  /** Lowercased keys the request declares unknown (request.unknownContext): never derived. */
  private readonly declaredUnknown = new Set<string>();
  private built = 0;

  constructor(
    private readonly indexed: IndexedSnapshot,
    private readonly prepared: PreparedRequest,
    private readonly caller: CallerFacts,
    private readonly role: IndexedRole | undefined,
    private readonly roleMissing: boolean,
    options: { now?: string },
    eager: boolean,
  ) {
    const { request } = prepared;
    // Given keys first: they override anything we would derive.
    if (request.context) {
      for (const key in request.context) {
        const value = request.context[key];
        const values = Array.isArray(value) ? value : [value];
        const lower = lowerKey(key);
        this.entries.set(lower, { key, values, origin: 'given', multivalued: Array.isArray(value) || MULTIVALUED.has(lower) });
      }
    }
    // Keys the request declares unknown (request.unknownContext, checked against the given keys
    // by prepareRequest): unknown whatever the engine would derive; the time of the call is one
    // clock, so declaring either time key leaves both unknown and options.now unused.
    if (request.unknownContext) {
      for (const key of request.unknownContext) {
        const lower = lowerKey(key);
        this.declaredUnknown.add(lower);
        const twin = sameClock(lower);
        if (twin) this.declaredUnknown.add(twin);
      }
      for (const lower of this.declaredUnknown) this.unknownKeys.add(lower);
    }
    // The request's own aws:CurrentTime (or aws:EpochTime) is the time of the call; options.now
    // stands in only when the request does not say. A bad options.now is refused in both modes.
    this.givenTime = this.entries.get('aws:currenttime')?.values[0] ?? this.entries.get('aws:epochtime')?.values[0];
    const clockUnknown = this.declaredUnknown.has('aws:currenttime');
    if (this.givenTime === undefined && options.now !== undefined && !clockUnknown) {
      this.nowMs = parseTime(options.now);
      if (this.nowMs === undefined) throw new DoctorError('bad-request', `expected an ISO 8601 time, got ${JSON.stringify(options.now)}`, 'options.now');
    }
    if (eager) this.buildAll();
  }

  private readonly givenTime: string | undefined;
  private nowMs: number | undefined;

  /** The request says when the call was made (aws:CurrentTime / aws:EpochTime); otherwise `now` is the edge's clock, the time of the diagnosis. */
  get callTimeGiven(): boolean {
    return this.givenTime !== undefined;
  }

  /** Epoch milliseconds of the call, when known (the request's own time is read on first use). */
  get now(): number | undefined {
    if (this.givenTime !== undefined && this.nowMs === undefined) this.nowMs = parseTime(this.givenTime) ?? Number.NaN;
    return Number.isNaN(this.nowMs) ? undefined : this.nowMs;
  }

  /** The value of a key (lowercased), building its group first when needed. */
  get(lower: string): ContextValue | undefined {
    const hit = this.entries.get(lower);
    if (hit !== undefined || this.built === ALL_GROUPS) return hit;
    this.ensure(groupOf(lower));
    return this.entries.get(lower);
  }

  /** Is the key (lowercased) unknown for this request (neither given nor derivable)? */
  isUnknown(lower: string): boolean {
    if (this.entries.has(lower)) return false;
    if (this.built !== ALL_GROUPS) {
      this.ensure(groupOf(lower));
      if (this.entries.has(lower)) return false;
    }
    if (this.unknownKeys.has(lower)) return true;
    const prefixes = this.unknownPrefixes;
    for (let i = 0; i < prefixes.length; i++) if (lower.startsWith(prefixes[i])) return true;
    return false;
  }

  /** Every key, in build order (builds whatever was not built yet). */
  all(): IterableIterator<ContextValue> {
    this.buildAll();
    return this.entries.values();
  }

  private buildAll(): void {
    for (let g = 0; g < GROUP_BUILDERS.length; g++) this.ensure(1 << g);
  }

  private ensure(groups: number): void {
    for (let g = 0; g < GROUP_BUILDERS.length; g++) {
      const bit = 1 << g;
      if (groups & bit && !(this.built & bit)) {
        this.built |= bit;
        GROUP_BUILDERS[g](this.state());
        // What a group derived for a key the request declares unknown is dropped: the declaration wins.
        if (this.declaredUnknown.size > 0) for (const lower of this.declaredUnknown) this.entries.delete(lower);
      }
    }
  }

  private state(): GroupState {
    return { indexed: this.indexed, prepared: this.prepared, caller: this.caller, role: this.role, roleMissing: this.roleMissing, map: this.entries, unknownKeys: this.unknownKeys, unknownPrefixes: this.unknownPrefixes, ctx: this };
  }
}

interface GroupState {
  indexed: IndexedSnapshot;
  prepared: PreparedRequest;
  caller: CallerFacts;
  role: IndexedRole | undefined;
  roleMissing: boolean;
  map: Map<string, ContextValue>;
  unknownKeys: Set<string>;
  unknownPrefixes: string[];
  /** For the time of the call (ctx.now), read only by the groups that need it. */
  ctx: BuiltContext;
}

/**
 * The snapshot describes a readable organization but not its tree (root → OUs → accounts): which
 * accounts are members, and so what applies on an account's path, is unknown. One test for the
 * context's organization keys and the SCP / RCP checks.
 */
export function organizationTreeUnknown(indexed: IndexedSnapshot): boolean {
  const org = indexed.organization;
  return org !== undefined && !org.unavailable && indexed.snapshot.organization?.root === undefined;
}

export function isUnknownKey(ctx: BuiltContext, key: string): boolean {
  return ctx.isUnknown(lowerKey(key));
}


/** The context as the diagnosis lists it. */
export function contextEntries(ctx: BuiltContext): ContextEntry[] {
  const out: ContextEntry[] = [];
  for (const v of ctx.all()) out.push({ key: v.key, values: v.values, origin: v.origin });
  return out;
}

/** Parses an ISO 8601 date or epoch seconds; undefined when unparseable. */
export function parseTime(text: string | undefined): number | undefined {
  // Read as the date operators read times (ISO 8601 or epoch seconds; a time without a zone is
  // UTC), so aws:CurrentTime, aws:EpochTime, the token issue time and the MFA age all name the
  // same instant whatever the machine's time zone.
  return text === undefined ? undefined : parseDate(text);
}

function isoSeconds(ms: number): string {
  // toISOString always ends in `.sssZ` (milliseconds, then the zone): cut, not a regex replace.
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, -5)}Z`;
}

// An account's organization path is a function of the snapshot: written once per indexed path.
const orgPathText = new WeakMap<object, string>();
function orgPathOf(orgId: string, path: readonly { kind: string; id: string }[]): string {
  let text = orgPathText.get(path);
  if (text === undefined) {
    const ids = path.filter((l) => l.kind !== 'account').map((l) => l.id);
    text = `${orgId}/${ids.join('/')}/`;
    orgPathText.set(path, text);
  }
  return text;
}

// Adds a key the request did not give (given keys override anything derived). Plain functions,
// not closures per call: the context is built once per diagnosis.
function derive(map: Map<string, ContextValue>, key: string, values: string[], multivalued?: boolean, origin: ContextValue['origin'] = 'derived'): void {
  const lower = lowerKey(key);
  if (map.has(lower)) return;
  const entry: ContextValue = { key, values, origin };
  if (multivalued ?? MULTIVALUED.has(lower)) entry.multivalued = true;
  map.set(lower, entry);
}

function unknown(map: Map<string, ContextValue>, unknownKeys: Set<string>, key: string): void {
  const lower = lowerKey(key);
  if (!map.has(lower)) unknownKeys.add(lower);
}

export function buildContext(
  indexed: IndexedSnapshot,
  prepared: PreparedRequest,
  caller: CallerFacts,
  options: { now?: string } = {},
  role?: IndexedRole,
  roleMissing = false,
  eager = true,
): BuiltContext {
  return new BuiltContext(indexed, prepared, caller, role, roleMissing, options, eager);
}

// ── the groups, in build order; GROUP_OF says which group derives a key ──
const TIME = 1;
const PRINCIPAL = 2;
const RESOURCE = 4;
const CALL = 8;
const FEDERATION = 16;
const ALL_GROUPS = 31;

/** The group(s) that may derive a key (lowercased); a key no table names builds every group. */
function groupOf(lower: string): number {
  const exact = GROUP_OF.get(lower);
  if (exact !== undefined) return exact;
  if (lower.startsWith('aws:principaltag/')) return PRINCIPAL;
  if (lower.startsWith('aws:resourcetag/') || lower.startsWith('iam:resourcetag/')) return RESOURCE;
  if (lower.startsWith('aws:requesttag/')) return CALL;
  // Only federation derives keys outside aws: and sts: (`<issuer>:sub`, `saml:…`).
  if (!lower.startsWith('aws:') && !lower.startsWith('sts:')) return FEDERATION;
  return ALL_GROUPS;
}

const GROUP_OF = new Map<string, number>([
  ...['aws:currenttime', 'aws:epochtime'].map((k) => [k, TIME] as const),
  ...[
    'aws:principalarn', 'aws:principaltype', 'aws:username', 'aws:userid', 'aws:principalaccount', 'aws:principalisawsservice',
    'aws:principalorgid', 'aws:principalorgpaths', 'aws:multifactorauthpresent', 'aws:multifactorauthage', 'aws:tokenissuetime',
    'aws:sourceidentity', 'aws:principalservicename', 'aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid',
  ].map((k) => [k, PRINCIPAL] as const),
  ...[
    'sts:externalid', 'sts:rolesessionname', 'sts:sourceidentity', 'aws:tagkeys', 'sts:transitivetagkeys', 'aws:requestedregion',
    'aws:securetransport', 'aws:viaawsservice', 'aws:sourceip', 'aws:useragent', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:vpcsourceip',
  ].map((k) => [k, CALL] as const),
  ...['aws:resourceaccount', 'aws:resourceorgid', 'aws:resourceorgpaths'].map((k) => [k, RESOURCE] as const),
  ['aws:federatedprovider', FEDERATION],
]);

const GROUP_BUILDERS: readonly ((s: GroupState) => void)[] = [timeKeys, principalGroup, resourceGroup, callKeys, federationKeys];

// ── groups that are a function of the snapshot alone, worked out once and replayed ──
// A signed caller with no calling-session details and no MFA parameters has the same principal
// keys in every request (the caller is resolved per snapshot and ARN); a role's resource keys
// are its tags. Both are derived once into a recording and replayed: same keys, same values,
// same order (given keys still win, as derive() would skip them).
interface Recording {
  entries: [lower: string, value: ContextValue][];
  unknownKeys: string[];
  unknownPrefixes: string[];
}

const principalRecordings = new WeakMap<CallerFacts, Recording>();
const resourceRecordings = new WeakMap<IndexedRole, Recording>();

function record(state: GroupState, build: (s: GroupState) => void): Recording {
  const scratch: GroupState = { ...state, map: new Map(), unknownKeys: new Set(), unknownPrefixes: [] };
  build(scratch);
  for (const value of scratch.map.values()) {
    Object.freeze(value.values);
    Object.freeze(value);
  }
  return { entries: [...scratch.map.entries()], unknownKeys: [...scratch.unknownKeys], unknownPrefixes: scratch.unknownPrefixes };
}

function replay({ map, unknownKeys, unknownPrefixes }: GroupState, recording: Recording): void {
  const entries = recording.entries;
  for (let i = 0; i < entries.length; i++) if (!map.has(entries[i][0])) map.set(entries[i][0], entries[i][1]);
  for (const key of recording.unknownKeys) if (!map.has(key)) unknownKeys.add(key);
  for (const prefix of recording.unknownPrefixes) unknownPrefixes.push(prefix);
}

function principalGroup(state: GroupState): void {
  const { request } = state.prepared;
  const kind = state.caller.identity.kind;
  // A recording is a function of the caller alone: reused only when nothing in the request can
  // change what principalKeys derives (the MFA age reads a given aws:MultiFactorAuthPresent).
  const perCaller =
    kind !== 'web-identity' &&
    kind !== 'saml' &&
    request.callerSession === undefined &&
    request.serialNumber === undefined &&
    request.tokenCode === undefined &&
    !state.map.has('aws:multifactorauthpresent');
  if (!perCaller) return principalKeys(state);
  let recording = principalRecordings.get(state.caller);
  if (recording === undefined) principalRecordings.set(state.caller, (recording = record(state, principalKeys)));
  replay(state, recording);
}

function resourceGroup(state: GroupState): void {
  if (!state.role) return resourceKeys(state);
  let recording = resourceRecordings.get(state.role);
  if (recording === undefined) resourceRecordings.set(state.role, (recording = record(state, resourceKeys)));
  replay(state, recording);
}

// ── time (aws:CurrentTime / aws:EpochTime) ──
function timeKeys({ map, unknownKeys, ctx }: GroupState): void {
  const now = ctx.now;
  if (now !== undefined) {
    // A request that gives aws:CurrentTime (a replayed record gives its eventTime) keeps it, and
    // derive() would skip it: its text is not written only to be dropped.
    if (!map.has('aws:currenttime')) derive(map, 'aws:CurrentTime', [isoSeconds(now)]);
    derive(map, 'aws:EpochTime', [String(Math.floor(now / 1000))]);
  } else {
    unknown(map, unknownKeys, 'aws:CurrentTime');
    unknown(map, unknownKeys, 'aws:EpochTime');
  }
}

// ── who is calling ──
function principalKeys({ indexed, prepared, caller, map, unknownKeys, unknownPrefixes, ctx }: GroupState): void {
  const { request } = prepared;
  const id = caller.identity;
  const session = request.callerSession;
  const signed = id.kind !== 'web-identity' && id.kind !== 'saml';
  if (signed && id.kind !== 'service') {
    const account = id.accountId!;
    switch (id.kind) {
      case 'user':
        derive(map, 'aws:PrincipalArn', [id.arn]);
        derive(map, 'aws:PrincipalType', ['User']);
        derive(map, 'aws:username', [id.arn.slice(id.arn.lastIndexOf('/') + 1)]);
        if (caller.user) derive(map, 'aws:userid', [caller.user.uniqueId]);
        else unknown(map, unknownKeys, 'aws:userid');
        break;
      case 'role-session': {
        // for sessions aws:PrincipalArn is the role's ARN, not the session's.
        // Session ARNs carry no role path, so without the role in the snapshot the ARN is not known.
        if (caller.role) derive(map, 'aws:PrincipalArn', [caller.role.arn]);
        else unknown(map, unknownKeys, 'aws:PrincipalArn');
        derive(map, 'aws:PrincipalType', ['AssumedRole']);
        const sessionName = id.arn.slice(id.arn.lastIndexOf('/') + 1);
        if (caller.role) derive(map, 'aws:userid', [`${caller.role.uniqueId}:${sessionName}`]);
        else unknown(map, unknownKeys, 'aws:userid');
        break;
      }
      case 'root':
        derive(map, 'aws:PrincipalArn', [id.arn]);
        derive(map, 'aws:PrincipalType', ['Account']);
        derive(map, 'aws:userid', [account]);
        break;
      case 'federated-user':
        derive(map, 'aws:PrincipalArn', [id.arn]);
        derive(map, 'aws:PrincipalType', ['FederatedUser']);
        derive(map, 'aws:userid', [`${account}:${id.arn.slice(id.arn.lastIndexOf('/') + 1)}`]);
        break;
    }
    derive(map, 'aws:PrincipalAccount', [account]);
    derive(map, 'aws:PrincipalIsAWSService', ['false']);

    // Principal tags come from the snapshot; a session's tags override the role's (same key, any
    // case: R-39, "session tags override a role tag with the same key").
    const entity = caller.user ?? caller.role;
    // A role session may carry session tags (passed when it was assumed, or inherited): with
    // nothing said about the session, or only some of its tags (tagsComplete false: a replayed
    // record logs only the inherited transitive ones), any tag it does not show is unknown, the
    // role's own included, since a session tag of the same key would override it.
    const sessionTagsOpen = id.kind === 'role-session' && (session === undefined || session.tagsComplete === false);
    if (entity && !sessionTagsOpen) {
      const tags = new Map<string, Tag>();
      for (const t of entity.tags) tags.set(t.Key.toLowerCase(), t);
      if (id.kind === 'role-session') for (const t of session?.tags ?? []) tags.set(t.Key.toLowerCase(), t);
      for (const t of tags.values()) derive(map, `aws:PrincipalTag/${t.Key}`, [t.Value]);
    } else if (id.kind === 'user' || id.kind === 'role-session') {
      if (id.kind === 'role-session') for (const t of session?.tags ?? []) derive(map, `aws:PrincipalTag/${t.Key}`, [t.Value]);
      unknownPrefixes.push('aws:principaltag/');
    }

    // organization keys only when the principal's account is in an organization.
    orgKeys(indexed, account, 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', map, unknownKeys);

    // MFA keys. Long-term credentials carry no MFA key unless the call passes SerialNumber
    // and TokenCode; temporary credentials (a role session, or a user's GetSessionToken
    // credentials described by callerSession) always carry aws:MultiFactorAuthPresent.
    const mfaOnCall = request.serialNumber !== undefined && request.tokenCode !== undefined;
    const temporary = id.kind === 'role-session' || id.kind === 'federated-user' || session !== undefined;
    const mfaKey = mfaKeyOf({ temporary, mfaOnCall, mfaAuthenticated: session?.mfaAuthenticated, issuedBy: session?.issuedBy });
    if (temporary) {
      if (mfaKey === 'unknown') unknown(map, unknownKeys, 'aws:MultiFactorAuthPresent');
      else derive(map, 'aws:MultiFactorAuthPresent', [mfaKey]);
      mfaAge(map, unknownKeys, { temporary, mfaOnCall, issuedAt: session?.mfaAuthenticated === true ? session.issuedAt : undefined, ctx });
      // aws:TokenIssueTime only for temporary credentials.
      if (session?.issuedAt !== undefined) {
        const issued = parseTime(session.issuedAt);
        derive(map, 'aws:TokenIssueTime', [issued !== undefined ? isoSeconds(issued) : session.issuedAt]);
      } else unknown(map, unknownKeys, 'aws:TokenIssueTime');
      if (session?.sourceIdentity !== undefined) derive(map, 'aws:SourceIdentity', [session.sourceIdentity]);
      // A source identity set when the role was assumed stays on every call of the session:
      // unknown when nothing is said about the session (callerSession without one means none).
      else if (session === undefined && id.kind === 'role-session') unknown(map, unknownKeys, 'aws:SourceIdentity');
    } else {
      if (mfaKey === 'true') derive(map, 'aws:MultiFactorAuthPresent', ['true']);
      mfaAge(map, unknownKeys, { temporary, mfaOnCall, issuedAt: undefined, ctx });
    }
  } else if (id.kind === 'service') {
    derive(map, 'aws:PrincipalIsAWSService', ['true']);
    derive(map, 'aws:PrincipalServiceName', [id.service!]);
    // Confused-deputy keys exist only when a service acts for a resource: we cannot tell.
    unknown(map, unknownKeys, 'aws:SourceAccount');
    unknown(map, unknownKeys, 'aws:SourceArn');
    unknown(map, unknownKeys, 'aws:SourceOrgID');
  }
}

// ── the resource: the role's tags (aws:ResourceTag/*, and IAM's own iam:ResourceTag/* that STS
// also supports for the role), its account and organization ──
function resourceKeys({ indexed, prepared, role, roleMissing, map, unknownKeys, unknownPrefixes }: GroupState): void {
  if (role) {
    for (const t of role.tags) {
      derive(map, `aws:ResourceTag/${t.Key}`, [t.Value]);
      derive(map, `iam:ResourceTag/${t.Key}`, [t.Value]);
    }
  } else if (!roleMissing) unknownPrefixes.push('aws:resourcetag/', 'iam:resourcetag/');
  // P-02: the resource of an AssumeRole call is the role, owned by the account in its ARN; its
  // organization keys follow that account's membership as the principal's do.
  const account = prepared.role.account;
  derive(map, 'aws:ResourceAccount', [account]);
  orgKeys(indexed, account, 'aws:ResourceOrgID', 'aws:ResourceOrgPaths', map, unknownKeys);
}

/**
 * An account's organization keys (aws:PrincipalOrgID / …Paths, aws:ResourceOrgID / …Paths):
 * present only when the account is in the organization, unknown when that or the path cannot
 * be established (the organization unread, its tree not read, membership not established). The
 * management account is in its organization whether or not the tree lists it (R-43 "also applies
 * to the management account").
 */
function orgKeys(indexed: IndexedSnapshot, account: string, idKey: string, pathsKey: string, map: Map<string, ContextValue>, unknownKeys: Set<string>): void {
  const org = indexed.organization;
  if (!org) return; // no organization: the keys are absent
  const path = org.unavailable || organizationTreeUnknown(indexed) ? undefined : org.paths.get(account);
  if (path && org.id) {
    derive(map, idKey, [org.id]);
    derive(map, pathsKey, [orgPathOf(org.id, path)]);
    return;
  }
  const member = path !== undefined || account === org.managementAccountId;
  if (member && org.id && !org.unavailable) {
    derive(map, idKey, [org.id]);
    unknown(map, unknownKeys, pathsKey); // the management account, not placed in the tree read
    return;
  }
  if (member || org.unavailable || organizationTreeUnknown(indexed) || org.membershipUnknown.has(account)) {
    unknown(map, unknownKeys, idKey);
    unknown(map, unknownKeys, pathsKey);
  }
}

// ── the call itself ──
function callKeys({ prepared, caller, map, unknownKeys, unknownPrefixes }: GroupState): void {
  const { request } = prepared;
  const id = caller.identity;
  const signed = id.kind !== 'web-identity' && id.kind !== 'saml';
  // Keys that mirror an STS parameter the caller sent are 'given': the value is the request's own,
  // not something we worked out from the snapshot (the contract's sts:ExternalId example).
  if (request.externalId !== undefined) derive(map, 'sts:ExternalId', [request.externalId], undefined, 'given'); // only when given
  if (request.roleSessionName !== undefined) derive(map, 'sts:RoleSessionName', [request.roleSessionName], undefined, 'given');
  if (request.sourceIdentity !== undefined) derive(map, 'sts:SourceIdentity', [request.sourceIdentity], undefined, 'given');
  const tags = sessionTagsOf(prepared);
  const tagOrigin: ContextValue['origin'] = request.tags !== undefined && request.tags.length > 0 ? 'given' : 'derived'; // token tags are derived
  if (tags.tags.length > 0) {
    const keys: string[] = [];
    for (const t of tags.tags) {
      derive(map, `aws:RequestTag/${t.Key}`, [t.Value], undefined, tagOrigin);
      keys.push(t.Key);
    }
    derive(map, 'aws:TagKeys', keys, true, tagOrigin);
  }
  if (tags.transitiveTagKeys.length > 0) {
    derive(map, 'sts:TransitiveTagKeys', tags.transitiveTagKeys, true, request.transitiveTagKeys !== undefined ? 'given' : 'derived');
  }
  if (tags.sourceIdentity !== undefined) derive(map, 'sts:SourceIdentity', [tags.sourceIdentity]);
  if (tags.roleSessionName !== undefined) derive(map, 'sts:RoleSessionName', [tags.roleSessionName]);
  if (!signed) partialTokenKeys(prepared, tags, map, unknownKeys, unknownPrefixes);

  // the global endpoint resolves to us-east-1.
  const region = request.region ?? 'global';
  derive(map, 'aws:RequestedRegion', [region === 'global' ? 'us-east-1' : region]);
  derive(map, 'aws:SecureTransport', ['true']);
  if (signed) derive(map, 'aws:ViaAWSService', ['false']); // direct call
  // Network origin is not in the snapshot: unknown unless the request says. A call
  // through a VPC endpoint (aws:SourceVpce / aws:SourceVpc given) has no aws:SourceIp at all.
  const viaVpcEndpoint = map.has('aws:sourcevpce') || map.has('aws:sourcevpc');
  if (!viaVpcEndpoint) unknown(map, unknownKeys, 'aws:SourceIp');
  unknown(map, unknownKeys, 'aws:UserAgent');
  // Through an endpoint, what the request did not give of the VPC keys is still there, only unknown.
  if (!map.has('aws:sourceip') || viaVpcEndpoint) {
    unknown(map, unknownKeys, 'aws:SourceVpc');
    unknown(map, unknownKeys, 'aws:SourceVpce');
    unknown(map, unknownKeys, 'aws:VpcSourceIp');
  }
}

/**
 * GitHub Actions' issuer (github.com's, or a GitHub Enterprise Server's `…/_services/token`), as the
 * normalised issuer host and path. Its tokens carry only the claims GitHub defines, and custom
 * claims are not supported with AWS (R-57): a partial GitHub token still has no source-identity or
 * session-tag claim.
 */
export function isGitHubActionsIssuer(issuer: string): boolean {
  const host = issuer.toLowerCase();
  return host.startsWith('token.actions.githubusercontent.com') || host.endsWith('/_services/token');
}

/**
 * A web identity token or a SAML assertion known only in part (claimsComplete / attributesComplete
 * false: a replayed record, claims typed into a form) may carry a source identity, a session name
 * (SAML) or session tags the request does not show: the keys read from them are unknown, not
 * absent, so a condition on them is not a certain failure. The sts:TagSession and
 * sts:SetSourceIdentity checks still read only what is shown.
 */
function partialTokenKeys(prepared: PreparedRequest, parts: SessionParts, map: Map<string, ContextValue>, unknownKeys: Set<string>, unknownPrefixes: string[]): void {
  const { request } = prepared;
  if (prepared.action === 'sts:AssumeRoleWithWebIdentity') {
    if (request.webIdentity?.claimsComplete !== false) return;
    if (isGitHubActionsIssuer(prepared.issuer!)) return;
  } else if (request.saml?.attributesComplete !== false) return;
  if (parts.sourceIdentity === undefined) unknown(map, unknownKeys, 'sts:SourceIdentity');
  if (prepared.action === 'sts:AssumeRoleWithSAML' && parts.roleSessionName === undefined && request.roleSessionName === undefined) {
    unknown(map, unknownKeys, 'sts:RoleSessionName');
  }
  // A tags claim (or a PrincipalTag / TransitiveTagKeys attribute) that is shown is the whole of it.
  if (!parts.tagsShown) {
    unknownPrefixes.push('aws:requesttag/');
    unknown(map, unknownKeys, 'aws:TagKeys');
    unknown(map, unknownKeys, 'sts:TransitiveTagKeys');
  }
}

/**
 * aws:MultiFactorAuthAge goes with the MFA the request ends up with (a given
 * aws:MultiFactorAuthPresent wins over what was derived). No MFA, no age; MFA on the call, age 0;
 * a session that authenticated with MFA, the time since it was issued; otherwise unknown, as it is
 * when a session's MFA itself is unknown.
 */
function mfaAge(
  map: Map<string, ContextValue>,
  unknownKeys: Set<string>,
  facts: { temporary: boolean; mfaOnCall: boolean; issuedAt: string | undefined; ctx: BuiltContext },
): void {
  const present = map.get('aws:multifactorauthpresent')?.values[0]?.toLowerCase();
  if (present === undefined) {
    if (facts.temporary) unknown(map, unknownKeys, 'aws:MultiFactorAuthAge');
    return;
  }
  if (present !== 'true') return;
  if (facts.mfaOnCall) {
    derive(map, 'aws:MultiFactorAuthAge', ['0']);
    return;
  }
  const issued = parseTime(facts.issuedAt);
  const now = issued === undefined ? undefined : facts.ctx.now; // the call's time is read only when needed
  if (issued !== undefined && now !== undefined) derive(map, 'aws:MultiFactorAuthAge', [String(Math.max(0, Math.floor((now - issued) / 1000)))]);
  else unknown(map, unknownKeys, 'aws:MultiFactorAuthAge');
}

// ── federation ──

/**
 * The issuer as IAM writes it in the provider's ARN and in the condition keys (`<path>:aud`): the
 * URL the role account's provider was created with, without the scheme; with no such provider,
 * the token's iss the same way. A trailing slash stays: Auth0's and Entra ID v1's issuers end in
 * one, and so do their providers' ARNs and keys (R-26, R-57). Providers are found by the issuer
 * with or without it (normaliseIssuer).
 */
export function providerPath(issuer: string, provider: { Url: string } | undefined): string {
  const host = normaliseIssuer(issuer);
  if (WELL_KNOWN_WEB_IDENTITY_PROVIDERS.has(host)) return host;
  return (provider?.Url ?? issuer).replace(/^https?:\/\//i, '');
}

/** The issuer path of a web identity call (providerPath), with the role account's provider found in the index. */
function callProviderPath(indexed: IndexedSnapshot, prepared: PreparedRequest): string {
  return providerPath(String(prepared.claims?.iss ?? ''), indexed.oidcByAccountAndUrl.get(`${prepared.role.account}|${prepared.issuer}`));
}

// R-57, "Available keys for AWS OIDC federation": the claims STS makes keys of. Every provider:
// aud, sub, amr, email, oaud. GitHub Actions (github.com's issuer, an enterprise's customised one
// under it): also these. Google maps its own way (googleKeys); Facebook and Login with Amazon
// their ids. Another claim of the token may or may not become a key: it is unknown, never taken
// as set or as absent.
const DEFAULT_CLAIMS = ['aud', 'sub', 'amr', 'email', 'oaud'];
export const GITHUB_CLAIMS = ['actor', 'actor_id', 'job_workflow_ref', 'repository', 'repository_id', 'repository_owner_id', 'workflow', 'ref', 'environment', 'enterprise_id'];
const PROVIDER_CLAIMS = new Map<string, ReadonlySet<string>>([
  ['accounts.google.com', new Set()],
  ['cognito-identity.amazonaws.com', new Set(['aud', 'sub', 'amr'])],
  ['graph.facebook.com', new Set(['app_id', 'id'])],
  ['www.amazon.com', new Set(['app_id', 'user_id', 'id'])],
]);
const DEFAULT_MAPPED: ReadonlySet<string> = new Set(DEFAULT_CLAIMS);
const GITHUB_MAPPED: ReadonlySet<string> = new Set([...DEFAULT_CLAIMS, ...GITHUB_CLAIMS]);
/** Multivalued by nature: Cognito's amr (authenticated + the login provider) is read with ForAnyValue. */
const SET_CLAIMS = new Set(['amr']);

/** Does STS make `<provider>:<claim>` a key for this issuer's tokens (normalised issuer)? */
export function isMappedClaim(issuer: string, claim: string): boolean {
  return issuer === 'accounts.google.com' ? GOOGLE_CLAIMS.includes(claim) && claim !== 'azp' : claimsMappedFor(issuer).has(claim);
}

function claimsMappedFor(issuer: string): ReadonlySet<string> {
  const specific = PROVIDER_CLAIMS.get(issuer);
  if (specific) return specific;
  return issuer.toLowerCase().startsWith('token.actions.githubusercontent.com') ? GITHUB_MAPPED : DEFAULT_MAPPED;
}

/** A claim's value as condition values: strings, numbers and booleans as text; anything else cannot be a key's value. */
function claimValues(value: unknown): string[] | undefined {
  const scalar = (item: unknown) => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean';
  if (Array.isArray(value)) return value.every(scalar) ? value.map(String) : undefined;
  return scalar(value) ? [String(value)] : undefined;
}

/** The claims googleKeys reads; Google's other claims make no key. */
const GOOGLE_CLAIMS = ['aud', 'azp', 'oaud', 'sub'];

/**
 * Google: `accounts.google.com:aud` is the token's azp when it has one (a service
 * account's token: azp is its unique id), and its aud otherwise; with an azp, the aud is
 * `accounts.google.com:oaud`. Without an azp, whether STS sets oaud is not documented: unknown.
 */
function googleKeys(claims: Record<string, unknown>, map: Map<string, ContextValue>, unknownKeys: Set<string>): void {
  const azp = claimValues(claims.azp);
  const aud = claimValues(claims.aud);
  const sub = claimValues(claims.sub);
  if (sub) derive(map, 'accounts.google.com:sub', sub);
  if (azp) {
    derive(map, 'accounts.google.com:aud', azp);
    if (aud) derive(map, 'accounts.google.com:oaud', aud, aud.length > 1);
  } else if (aud) {
    derive(map, 'accounts.google.com:aud', aud, aud.length > 1);
    unknown(map, unknownKeys, 'accounts.google.com:oaud');
  }
}

function federationKeys({ indexed, prepared, map, unknownKeys, unknownPrefixes }: GroupState): void {
  const { request } = prepared;
  if (prepared.action === 'sts:AssumeRoleWithWebIdentity' && prepared.claims) {
    const claims = prepared.claims;
    const iss = prepared.issuer!;
    const path = callProviderPath(indexed, prepared);
    const provider = WELL_KNOWN_WEB_IDENTITY_PROVIDERS.has(iss) ? iss : `arn:${prepared.role.partition}:iam::${prepared.role.account}:oidc-provider/${path}`;
    derive(map, 'aws:FederatedProvider', [provider]);
    // Google's aud, oaud and sub are read their own way; its other claims make no key.
    if (iss === 'accounts.google.com') googleKeys(claims, map, unknownKeys);
    // the provider's keys are `<issuer path>:<claim>`, for the claims AWS maps for it.
    const mapped = claimsMappedFor(iss);
    for (const [claim, value] of Object.entries(claims)) {
      if (value === undefined || value === null || claim === 'iss') continue;
      if (iss === 'accounts.google.com' && GOOGLE_CLAIMS.includes(claim)) continue;
      const key = `${path}:${claim}`;
      const values = mapped.has(claim) ? claimValues(value) : undefined;
      if (values === undefined) unknown(map, unknownKeys, key);
      else derive(map, key, values, SET_CLAIMS.has(claim) || Array.isArray(value));
    }
    // Only some claims known (a replayed record): the provider's other keys are unknown rather than absent.
    if (request.webIdentity?.claimsComplete === false) unknownPrefixes.push(`${path.toLowerCase()}:`);
  }
  if (prepared.action === 'sts:AssumeRoleWithSAML' && request.saml) {
    derive(map, 'aws:FederatedProvider', [request.saml.principalArn]);
    for (const [key, value] of Object.entries(request.saml.attributes ?? {})) {
      if (!key.toLowerCase().startsWith('saml:')) continue;
      derive(map, key, Array.isArray(value) ? value : [value], Array.isArray(value));
    }
    // saml:doc is the provider's account and friendly name, the one key not read from the
    // assertion; saml:namequalifier is a SHA-1 hash of saml:iss and saml:doc, which the engine does
    // not compute: unknown unless given (R-60, the IAM and STS condition keys page).
    const provider = /^arn:[^:]+:iam::(\d{12}):saml-provider\/(.+)$/.exec(request.saml.principalArn);
    if (provider) derive(map, 'saml:doc', [`${provider[1]}/${provider[2]}`]);
    unknown(map, unknownKeys, 'saml:namequalifier');
    // Only some attributes known (a replayed record): the others are unknown rather than absent.
    if (request.saml.attributesComplete === false) unknownPrefixes.push('saml:');
  }
}

/** Where a SAML assertion carries AWS's own attributes (RoleSessionName, SourceIdentity, PrincipalTag:…). */
export const SAML_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/';
/** The token claim that carries a source identity. */
export const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';

export type SessionParts = {
  tags: Tag[];
  transitiveTagKeys: string[];
  sourceIdentity?: string;
  roleSessionName?: string;
  /** Web identity / SAML: the token's tags claim or an assertion tag attribute is there (even empty). */
  tagsShown?: boolean;
};

/** Session tags, transitive keys and source identity the call passes, whatever the action carries them in (read once per prepared request). */
export function sessionTagsOf(prepared: PreparedRequest): SessionParts {
  return (prepared.sessionParts ??= readSessionParts(prepared));
}

function readSessionParts(prepared: PreparedRequest): SessionParts {
  const { request } = prepared;
  if (prepared.action === 'sts:AssumeRoleWithWebIdentity') {
    // Session tags ride in the token's https://aws.amazon.com/tags claim.
    const claim = prepared.claims?.['https://aws.amazon.com/tags'] as
      | { principal_tags?: Record<string, unknown>; transitive_tag_keys?: unknown }
      | undefined;
    const tags: Tag[] = [];
    if (claim && typeof claim === 'object') {
      for (const [key, value] of Object.entries(claim.principal_tags ?? {})) {
        const v = Array.isArray(value) ? value[0] : value;
        tags.push({ Key: key, Value: String(v ?? '') });
      }
    }
    const transitive = claim && Array.isArray(claim.transitive_tag_keys) ? claim.transitive_tag_keys.map(String) : [];
    const source = prepared.claims?.[SOURCE_IDENTITY_CLAIM];
    return { tags, transitiveTagKeys: transitive, sourceIdentity: typeof source === 'string' ? source : undefined, tagsShown: claim !== undefined && claim !== null };
  }
  if (prepared.action === 'sts:AssumeRoleWithSAML') {
    const tags: Tag[] = [];
    let transitive: string[] = [];
    let sourceIdentity: string | undefined;
    let roleSessionName: string | undefined;
    let tagsShown = false;
    // Attribute names are read exactly as AWS spells them: the SAML assertion page says the Name
    // is case-sensitive and must be set exactly, so a differently cased attribute is ignored by AWS.
    for (const [key, value] of Object.entries(request.saml?.attributes ?? {})) {
      if (!key.startsWith(SAML_ATTRIBUTE)) continue;
      const name = key.slice(SAML_ATTRIBUTE.length);
      const values = Array.isArray(value) ? value : [value];
      if (name.startsWith('PrincipalTag:')) {
        tags.push({ Key: name.slice('PrincipalTag:'.length), Value: values[0] ?? '' });
        tagsShown = true;
      } else if (name === 'TransitiveTagKeys') {
        transitive = values;
        tagsShown = true;
      }
      else if (name === 'SourceIdentity') sourceIdentity = values[0];
      else if (name === 'RoleSessionName') roleSessionName = values[0];
    }
    return { tags, transitiveTagKeys: transitive, sourceIdentity, roleSessionName, tagsShown };
  }
  return { tags: request.tags ?? [], transitiveTagKeys: request.transitiveTagKeys ?? [] };
}
