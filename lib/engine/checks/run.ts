// The state of one diagnosis, shared by every check: the parsed request, the caller and role as
// the snapshot knows them, the request context, and memoised policy evaluations. Checks read it;
// nothing here decides a verdict.

import { BoundedMap } from '../memo';
import { compileCallerSessionPolicy } from '../policy';
import type { CompiledPolicy, EvaluationRequest, PolicyDecision, PrincipalMatchKind, StatementEvaluation } from '../policy/types';
import { isMappedClaim, isUnknownKey, sessionTagsOf, type BuiltContext, type CallerFacts } from '../context';
import type { PreparedRequest } from '../request';
import type { IndexedAccount, IndexedRole, IndexedSnapshot, IndexedUser, RoleLookup } from '../snapshot';
import type { AwsError, Check, CheckPart, CheckStatus, ConditionEvidence, Denial, PolicyRef, StatementEvidence, Tag } from '../types';

export const ASSUME_ROLE = 'sts:AssumeRole';
export const TAG_SESSION = 'sts:TagSession';
export const SET_SOURCE_IDENTITY = 'sts:SetSourceIdentity';

export interface Outcome {
  status: CheckStatus;
  denial?: Denial;
  /** Empty in verdict mode. */
  summary: string;
  rules: string[];
  evidence: StatementEvidence[];
  disputed?: boolean;
  /** The action AWS would name in its AccessDenied message when this check fails. */
  refusedAction?: string;
  /** When the check fails with an error other than AccessDenied (ValidationError, RegionDisabled, …). */
  awsError?: AwsError;
  /** A shared outcome (see outcome()): the checks made from it, by position in the tree. */
  sharedChecks?: Check[];
  /** A check made of parts (tag-session, source-identity) that fails: the part that refused. */
  failedPart?: CheckPart;
  /** Every part that refused, failedPart first. */
  failedParts?: CheckPart[];
  /** With more than one part refusing: how each refused. */
  failedPartDenials?: Partial<Record<CheckPart, Denial>>;
  /** Refused either way: the unknown keys that decide whether the Deny applies (full mode). */
  denialDependsOn?: string[];
}

export interface Run {
  full: boolean;
  indexed: IndexedSnapshot;
  prepared: PreparedRequest;
  caller: CallerFacts;
  ctx: BuiltContext;
  roleLookup: RoleLookup;
  /** The role, when the snapshot has it under exactly the requested ARN. */
  role?: IndexedRole;
  roleAccount?: IndexedAccount;
  sameAccount: boolean;
  session: { tags: Tag[]; transitiveTagKeys: string[]; sourceIdentity?: string; roleSessionName?: string };
  /** Policies consulted, for the diagnosis' list of skipped malformed statements. */
  consulted: Set<CompiledPolicy>;
  /** Per-diagnosis answers, made on first use. */
  sessionPolicies?: SessionPolicies;
  trustMemo?: Map<string, TrustResult>;
  requirementMemo?: Map<string, Requirement>;
  /**
   * Full mode: lowercased unknown keys whose value could change this diagnosis: the keys and policy
   * variables of the conditions, and the Resource variables, of every statement fateOf found
   * uncertain (principal and action matched, nothing known already rules it out).
   */
  uncertainKeys?: Set<string>;
}

// Verdict mode lists no consulted policies (every add is guarded by run.full): one shared empty set.
const NOT_LISTED: Set<CompiledPolicy> = new Set();

export function makeRun(
  full: boolean,
  indexed: IndexedSnapshot,
  prepared: PreparedRequest,
  caller: CallerFacts,
  ctx: BuiltContext,
  roleLookup: RoleLookup,
): Run {
  const role = roleLookup.found === 'exact' ? roleLookup.role : undefined;
  return {
    full,
    indexed,
    prepared,
    caller,
    ctx,
    roleLookup,
    role,
    roleAccount: indexed.accounts.get(prepared.role.account),
    sameAccount: caller.identity.accountId === prepared.role.account,
    session: sessionTagsOf(prepared),
    consulted: full ? new Set() : NOT_LISTED,
    // Present from the start (undefined) so every Run has one shape.
    sessionPolicies: undefined,
    trustMemo: undefined,
    requirementMemo: undefined,
    uncertainKeys: undefined,
  };
}

// Shared (and frozen) so that a check without evidence allocates nothing for it.
const NO_EVIDENCE = Object.freeze([]) as unknown as StatementEvidence[];
const NO_STATEMENTS = Object.freeze([]) as unknown as StatementEvaluation[];
const NO_MISSING = Object.freeze([]) as unknown as string[];

// Verdict mode answers most checks with a bare status and the check's constant rules: those
// outcomes are made once per (rules, status) and shared, with the Check each makes (per position
// in the tree), instead of being allocated for every diagnosis.
const sharedOutcomes = new Map<string[], Partial<Record<CheckStatus, Outcome>>>();

/** A check's constant list of rules (frozen). */
export function constantRules(rules: string[]): string[] {
  Object.freeze(rules);
  sharedOutcomes.set(rules, {});
  return rules;
}

export function outcome(status: CheckStatus, summary: string, rules: string[], extra?: Partial<Outcome>): Outcome {
  if (summary === '' && extra === undefined) {
    const byStatus = sharedOutcomes.get(rules);
    if (byStatus !== undefined) return (byStatus[status] ??= { status, summary, rules, evidence: NO_EVIDENCE, sharedChecks: [] });
  }
  const o: Outcome = { status, summary, rules, evidence: NO_EVIDENCE };
  if (extra) Object.assign(o, extra);
  return o;
}

// ───────────────────────────── which keys a policy reads ─────────────────────────────

/** Lowercased condition keys and policy-variable keys a policy refers to (computed once per policy). */
export function keysOf(policy: CompiledPolicy): string[] {
  let keys = policy.keysRead;
  if (keys) return keys;
  const found = new Set<string>();
  const statements = Array.isArray(policy.document.Statement) ? policy.document.Statement : [policy.document.Statement];
  for (const st of statements) {
    if (typeof st !== 'object' || st === null) continue;
    for (const [name, block] of Object.entries(st as Record<string, unknown>)) {
      if (name.toLowerCase() !== 'condition' || typeof block !== 'object' || block === null) continue;
      for (const byKey of Object.values(block as Record<string, unknown>)) {
        if (typeof byKey === 'object' && byKey !== null) for (const key of Object.keys(byKey)) found.add(key.toLowerCase());
      }
    }
    const text = JSON.stringify(st);
    for (const m of text.matchAll(/\$\{([^}',]+)/g)) found.add(m[1].trim().toLowerCase());
  }
  keys = [...found];
  policy.keysRead = keys;
  return keys;
}

function touchesUnknown(run: Run, policy: CompiledPolicy): boolean {
  const keys = keysOf(policy);
  for (let i = 0; i < keys.length; i++) if (run.ctx.isUnknown(keys[i])) return true; // keysOf lowercases
  return false;
}

// ───────────────────────────── evaluating a set of policies ─────────────────────────────

export type StatementFate = 'applies' | 'not' | 'uncertain';

/**
 * Does a condition's outcome depend on a key unknown for this request: its own key, or a policy
 * variable in its values that could not be resolved (R-35: known absent, the condition fails;
 * unknown, it might hold)?
 */
function unknownKeyOf(run: Run, c: ConditionEvidence): string | undefined {
  if (isUnknownKey(run.ctx, c.key)) return c.key;
  return c.unknownVariable;
}

/**
 * Does a statement apply, given that some context keys are unknown? An uncertain statement's keys
 * are recorded (full mode) unless `note` is false: the caller then records them itself (see
 * noteUncertain) only if the answer it gives depends on them.
 */
export function fateOf(run: Run, st: StatementEvaluation, note = true): StatementFate {
  if (st.principalMatched === false || st.actionMatched === false) return 'not';
  const conditions = st.conditions;
  let anyUnknown = false;
  if (conditions) {
    for (const c of conditions) {
      // R-35: a variable known to be absent makes the statement invalid, whatever else is unknown.
      if (c.unresolvedVariable !== undefined && c.unknownVariable === undefined) return 'not';
      const unknown = unknownKeyOf(run, c) !== undefined;
      if (!c.matched && !unknown) return 'not'; // a condition on a known key fails: certain
      if (unknown) anyUnknown = true;
    }
  }
  // A Resource variable on an unknown key: with its real value the resource might (not) match.
  if (st.unknownResourceVariable !== undefined) anyUnknown = true;
  else if (st.resourceMatched === false) return 'not';
  if (anyUnknown) {
    if (note && run.full) noteUncertainKeys(run, st);
    return 'uncertain';
  }
  return st.applies ? 'applies' : 'not';
}

/** Records the unknown keys an uncertain statement depends on (full mode lists them). */
function noteUncertainKeys(run: Run, st: StatementEvaluation): void {
  const keys = (run.uncertainKeys ??= new Set());
  for (const key of unknownKeysOfStatement(run, st)) keys.add(key.toLowerCase());
}

/** Records (full mode) the unknown keys of statements whose fate was left unrecorded (fateOf with note false), once an answer depends on them. */
export function noteUncertain(run: Run, statements: readonly StatementEvaluation[]): void {
  if (!run.full) return;
  for (const st of statements) noteUncertainKeys(run, st);
}

/** The unknown keys a statement's outcome depends on: its conditions' keys and variables, and a Resource variable. */
function unknownKeysOfStatement(run: Run, st: StatementEvaluation): string[] {
  const out: string[] = [];
  for (const c of st.conditions ?? []) {
    const key = unknownKeyOf(run, c);
    if (key !== undefined) out.push(key);
  }
  if (st.unknownResourceVariable !== undefined) out.push(st.unknownResourceVariable);
  return out;
}

export function unknownKeysIn(run: Run, statements: StatementEvaluation[]): string[] {
  const keys = new Set<string>();
  for (const st of statements) for (const key of unknownKeysOfStatement(run, st)) keys.add(key);
  return [...keys];
}

// A policy that reads no context key and names no principal decides on (action, resource) alone:
// its answer is memoised per compiled policy (bounded), which makes SCPs and plain identity
// policies a map lookup in bulk use.
const MAX_CACHED_RESOURCES = 20_000;

function decideCached(policy: CompiledPolicy, request: EvaluationRequest): PolicyDecision {
  if (request.caller !== undefined || keysOf(policy).length > 0) return policy.decide(request);
  const byAction = (policy.decisions ??= new Map());
  let byResource = byAction.get(request.action);
  if (!byResource) {
    byResource = new BoundedMap(MAX_CACHED_RESOURCES);
    byAction.set(request.action, byResource);
  }
  let decision = byResource.get(request.resource);
  if (decision === undefined) {
    decision = policy.decide(request);
    byResource.set(request.resource, decision);
  }
  return decision;
}

export interface SetResult {
  /**
   * deny: an explicit Deny applies; allow: an Allow applies and nothing can deny; none: implicit
   * deny. deny-or-none (only when the set must allow, see evaluateSet): no Allow can apply and a
   * Deny may, so the set refuses either way (R-02, R-03): explicitly if one of the `uncertain`
   * Denies applies, implicitly if not. Which of the two depends on keys unknown for this request;
   * that the set refuses does not.
   */
  result: 'deny' | 'allow' | 'none' | 'unknown' | 'deny-or-none';
  denies: StatementEvaluation[];
  allows: StatementEvaluation[];
  uncertain: StatementEvaluation[];
  /** Managed policies referenced but absent from the snapshot. */
  missing: string[];
  /** Full mode: every statement evaluated (for evidence). */
  statements: StatementEvaluation[];
  /** Verdict mode: the deciding policy of a deny, for messages. */
  denyPolicy?: PolicyRef;
}

export function evaluationRequest(run: Run, action: string, withCaller: boolean): EvaluationRequest {
  return {
    action,
    resource: run.prepared.request.roleArn,
    caller: withCaller ? run.caller.identity : undefined,
    context: run.ctx,
  };
}

// Verdict mode's usual answers, when every policy of the set was decided without evidence and
// none is missing: shared, so a set evaluation allocates nothing.
const DECIDED: Record<'allow' | 'none', SetResult> = {
  allow: Object.freeze({ result: 'allow', denies: NO_STATEMENTS, allows: NO_STATEMENTS, uncertain: NO_STATEMENTS, missing: NO_MISSING, statements: NO_STATEMENTS }) as SetResult,
  none: Object.freeze({ result: 'none', denies: NO_STATEMENTS, allows: NO_STATEMENTS, uncertain: NO_STATEMENTS, missing: NO_MISSING, statements: NO_STATEMENTS }) as SetResult,
};

/** Verdict mode: the set decided policy by policy, or undefined when a policy needs evidence (an unknown key) or one is missing. */
function decideSet(run: Run, policies: CompiledPolicy[], request: EvaluationRequest, missing: string[]): SetResult | undefined {
  if (missing.length > 0) return undefined;
  for (let i = 0; i < policies.length; i++) if (touchesUnknown(run, policies[i])) return undefined;
  let anyAllow = false;
  for (let i = 0; i < policies.length; i++) {
    const policy = policies[i];
    const d = decideCached(policy, request);
    if (d.decision === 'deny') return { result: 'deny', denies: NO_STATEMENTS, allows: NO_STATEMENTS, uncertain: NO_STATEMENTS, missing, statements: NO_STATEMENTS, denyPolicy: policy.ref };
    if (d.decision === 'allow') anyAllow = true;
  }
  return anyAllow ? DECIDED.allow : DECIDED.none;
}

/**
 * Evaluates policies that combine as a union (identity policies of one principal; the SCPs of one
 * org level; session policies): an applying Deny wins (R-02), else an applying Allow allows.
 *
 * `allowNeeded`: the call is refused unless this set allows (an SCP level, R-06; an identity
 * policy, boundary or session policy the call needs, R-11, R-12, R-14). Then a set no Allow of
 * which can apply is a refusal whatever its uncertain Denies do: `deny-or-none`, not `unknown`,
 * and the keys those Denies read are not recorded as keys the answer depends on. Without it an
 * uncertain Deny leaves the set `unknown` (it would refuse a call that needs no Allow here).
 */
export function evaluateSet(run: Run, policies: CompiledPolicy[], action: string, withCaller: boolean, missing: string[] = NO_MISSING, allowNeeded = false): SetResult {
  const request = evaluationRequest(run, action, withCaller);
  if (!run.full) {
    const decided = decideSet(run, policies, request, missing);
    if (decided) return decided;
  }
  // Verdict mode starts from shared empty lists and makes one only when a statement goes in it:
  // most sets are decided by decide() and never list a statement.
  const out: SetResult = run.full
    ? { result: 'none', denies: [], allows: [], uncertain: [], missing, statements: [] }
    : { result: 'none', denies: NO_STATEMENTS, allows: NO_STATEMENTS, uncertain: NO_STATEMENTS, missing, statements: NO_STATEMENTS };
  let anyAllow = false;
  let anyDeny = false;
  let anyUncertain = false;
  for (const policy of policies) {
    if (run.full) run.consulted.add(policy);
    if (!run.full && !touchesUnknown(run, policy)) {
      const d = decideCached(policy, request);
      if (d.decision === 'deny') {
        anyDeny = true;
        out.denyPolicy = policy.ref;
        break;
      }
      if (d.decision === 'allow') anyAllow = true;
      continue;
    }
    const evaluation = policy.evaluate(request);
    for (const st of evaluation.statements) {
      if (run.full) out.statements.push(st);
      // Keys are recorded below, once the set's answer is known to depend on them.
      const fate = fateOf(run, st, false);
      if (fate === 'applies') {
        if (st.effect === 'Deny') {
          anyDeny = true;
          if (out.denies === NO_STATEMENTS) out.denies = [];
          out.denies.push(st);
        } else {
          anyAllow = true;
          if (out.allows === NO_STATEMENTS) out.allows = [];
          out.allows.push(st);
        }
      } else if (fate === 'uncertain') {
        anyUncertain = true;
        if (out.uncertain === NO_STATEMENTS) out.uncertain = [];
        out.uncertain.push(st);
      }
    }
  }
  const uncertainDeny = out.uncertain.some((s) => s.effect === 'Deny');
  if (anyDeny) out.result = 'deny';
  else if (uncertainDeny) {
    // No Allow applies, none may (a missing policy might hold one): refused either way (R-02, R-03).
    const noAllowCan = !anyAllow && missing.length === 0 && !out.uncertain.some((s) => s.effect === 'Allow');
    out.result = allowNeeded && noAllowCan ? 'deny-or-none' : 'unknown';
  } else if (anyAllow) out.result = missing.length > 0 ? 'unknown' : 'allow';
  else if (anyUncertain || missing.length > 0) out.result = 'unknown';
  else out.result = 'none';
  // Only which refusal it is depends on the uncertain Denies of deny-or-none: their keys cannot change the answer.
  if (out.result !== 'deny-or-none') noteUncertain(run, out.uncertain);
  return out;
}

// ───────────────────────────── the caller's identity side ─────────────────────────────

export interface IdentityPolicies {
  policies: CompiledPolicy[];
  missing: string[];
  /** Group names the user lists that the snapshot does not describe (their policies are unknown). */
  missingGroups: string[];
}

// A user's or role's identity policies are a function of the snapshot alone: listed once per
// indexed entity (shared, frozen), not once per request.
const identityPoliciesOf = new WeakMap<IndexedUser | IndexedRole, IdentityPolicies>();

export function callerIdentityPolicies(run: Run): IdentityPolicies | undefined {
  const entity = run.caller.user ?? run.caller.role;
  if (!entity) return undefined;
  let policies = identityPoliciesOf.get(entity);
  if (policies === undefined) {
    policies = readIdentityPolicies(run, entity);
    Object.freeze(policies.policies);
    Object.freeze(policies.missing);
    Object.freeze(policies.missingGroups);
    identityPoliciesOf.set(entity, Object.freeze(policies));
  }
  return policies;
}

function readIdentityPolicies(run: Run, entity: IndexedUser | IndexedRole): IdentityPolicies {
  const policies: CompiledPolicy[] = [...entity.inline];
  const missing: string[] = [];
  const addManaged = (arn: string) => {
    const p = run.indexed.managedPolicies.get(arn);
    if (p) policies.push(p);
    else missing.push(arn);
  };
  entity.managedArns.forEach(addManaged);
  if (entity.kind === 'user') {
    for (const group of entity.groups) {
      policies.push(...group.inline);
      group.managedArns.forEach(addManaged);
    }
    return { policies, missing: [...missing, ...entity.missingGroups.map((g) => `group ${g}`)], missingGroups: entity.missingGroups };
  }
  return { policies, missing, missingGroups: [] };
}

export function boundaryPolicy(run: Run): { policy?: CompiledPolicy; arn?: string } {
  const entity = run.caller.user ?? run.caller.role;
  const arn = entity?.boundaryArn;
  if (!arn) return {};
  return { policy: run.indexed.boundaries.get(arn), arn };
}

/** The calling session's own session policies (inline + managed ARNs), compiled once per document. */
export function callerSessionPolicies(run: Run): SessionPolicies {
  return (run.sessionPolicies ??= readSessionPolicies(run));
}

interface SessionPolicies {
  policies: CompiledPolicy[];
  missing: string[];
  present: boolean;
}

function readSessionPolicies(run: Run): SessionPolicies {
  const session = run.prepared.request.callerSession;
  const policies: CompiledPolicy[] = [];
  const missing: string[] = [];
  if (!session || (session.sessionPolicy === undefined && (session.sessionPolicyArns ?? []).length === 0)) {
    return { policies, missing, present: false };
  }
  if (session.sessionPolicy !== undefined) policies.push(compileCallerSessionPolicy(session.sessionPolicy));
  for (const arn of session.sessionPolicyArns ?? []) {
    const p = run.indexed.managedPolicies.get(arn);
    if (p) policies.push(p);
    else missing.push(arn);
  }
  return { policies, missing, present: true };
}

// ───────────────────────────── the trust side ─────────────────────────────

export interface TrustResult {
  /** No trust policy to evaluate (role unknown or without a document). */
  available: boolean;
  /** Allow statements that apply (principal, action and conditions). */
  allows: StatementEvaluation[];
  /** Allow statements naming the caller and the action whose conditions fail. */
  conditionFailures: StatementEvaluation[];
  /** Allow statements naming the caller and the action whose outcome depends on unknown keys. */
  uncertainAllows: StatementEvaluation[];
  /** Deny statements that apply / may apply. */
  denies: StatementEvaluation[];
  uncertainDenies: StatementEvaluation[];
  statements: StatementEvaluation[];
  /** The most favourable way an applying Allow named the caller (decides what else must allow). */
  via?: PrincipalMatchKind;
  /** The same over the Allows whose outcome depends on unknown keys. */
  uncertainVia?: PrincipalMatchKind;
}

// Ways a trust Allow can name the caller, from the one that needs nothing else to the one that
// needs an identity allow too (R-15…R-18, R-20, R-23).
const VIA_RANK: Record<PrincipalMatchKind, number> = {
  'session-arn': 0,
  wildcard: 1,
  service: 2,
  federated: 3,
  'user-arn': 4,
  'unique-id': 5,
  'federated-user-arn': 6,
  'role-arn': 7,
  account: 8,
  'canonical-user': 9,
};

export function trustFor(run: Run, action: string): TrustResult {
  if (run.full && run.role?.trust) run.consulted.add(run.role.trust);
  const memo = (run.trustMemo ??= new Map());
  let result = memo.get(action);
  if (result === undefined) {
    result = evaluateTrust(run, action);
    memo.set(action, result);
  }
  return result;
}

function evaluateTrust(run: Run, action: string): TrustResult {
  const trust = run.role?.trust;
  // Verdict mode, when no key the policy reads is unknown: a statement's fate is its `applies`
  // alone, so condition evidence is not built (fateOf gives the same answer either way).
  let statements: StatementEvaluation[] = [];
  if (trust) {
    const request = evaluationRequest(run, action, true);
    statements = !run.full && !touchesUnknown(run, trust) ? trust.evaluateLean(request) : trust.evaluate(request).statements;
  }
  // Lists start as the shared frozen empty list and are made when a statement goes in.
  const out: TrustResult = {
    available: trust !== undefined,
    allows: NO_STATEMENTS,
    conditionFailures: NO_STATEMENTS,
    uncertainAllows: NO_STATEMENTS,
    denies: NO_STATEMENTS,
    uncertainDenies: NO_STATEMENTS,
    statements,
  };
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i];
    // A Deny's keys are recorded below: they matter only if some trust Allow can apply.
    const fate = fateOf(run, st, st.effect !== 'Deny');
    if (st.effect === 'Deny') {
      if (fate === 'applies') out.denies = added(out.denies, st);
      else if (fate === 'uncertain') out.uncertainDenies = added(out.uncertainDenies, st);
      continue;
    }
    if (st.principalMatched === false || st.actionMatched === false) continue;
    if (fate === 'applies') out.allows = added(out.allows, st);
    else if (fate === 'uncertain') out.uncertainAllows = added(out.uncertainAllows, st);
    else out.conditionFailures = added(out.conditionFailures, st);
  }
  if (trust) {
    out.via = bestVia(out.allows);
    out.uncertainVia = bestVia(out.uncertainAllows);
  }
  // With no trust Allow that applies or may apply the action is refused whatever an uncertain Deny
  // does (R-13, R-02): its keys are recorded only by a check whose answer still depends on them.
  if (out.allows.length > 0 || out.uncertainAllows.length > 0) noteUncertain(run, out.uncertainDenies);
  return out;
}

function added(list: StatementEvaluation[], st: StatementEvaluation): StatementEvaluation[] {
  if (list === NO_STATEMENTS) return [st];
  list.push(st);
  return list;
}

/** The most favourable way the statements name the caller (decides what else must allow). */
/** How a trust statement named the caller ("*" read as its own kind). */
function viaOf(st: StatementEvaluation): PrincipalMatchKind | undefined {
  return hasWildcardPrincipal(st) ? 'wildcard' : ((st.principal?.via ?? st.principalMatchedBy) as PrincipalMatchKind | undefined);
}

function bestVia(statements: StatementEvaluation[]): PrincipalMatchKind | undefined {
  let best: PrincipalMatchKind | undefined;
  for (const st of statements) {
    // A Principal listing "*" beside narrower entries grants through "*" too (R-20, R-24): the
    // most favourable way counts, whatever entry the matcher reported as most specific.
    const via = viaOf(st);
    if (via && (best === undefined || VIA_RANK[via] < VIA_RANK[best])) best = via;
  }
  return best;
}

/**
 * Does the statement's Principal list "*"? Read from the compiled Principal (which reads element
 * and principal-type names whatever their case, as the compiler does), not from the raw JSON.
 */
function hasWildcardPrincipal(st: StatementEvaluation): boolean {
  return st.usesNotPrincipal !== true && st.principal?.matched === true && st.principal.listsWildcard === true;
}

// ───────────────────────────── what else must allow (R-14…R-18) ─────────────────────────────

export interface Requirement {
  /**
   * yes: must allow; no: does not apply; maybe: must allow unless a trust Allow whose conditions
   * cannot be decided applies (it would need less); undetermined: no trust statement granted, so we
   * cannot say.
   */
  identity: Need;
  boundary: Need;
  sessionPolicy: Need;
  /** Why, in words, with the rules. */
  reason: string;
  rules: string[];
  /** R-16b: the boundary requirement follows disputed AWS text. */
  boundaryDisputed?: boolean;
}

export type Need = 'yes' | 'no' | 'maybe' | 'undetermined';

/** What must also allow the action on the caller's side, given how the trust policy named the caller. */
export function requirementFor(run: Run, action: string): Requirement {
  const memo = (run.requirementMemo ??= new Map());
  let requirement = memo.get(action);
  if (requirement === undefined) {
    requirement = computeRequirement(run, action);
    memo.set(action, requirement);
  }
  return requirement;
}

function computeRequirement(run: Run, action: string): Requirement {
  const kind = run.caller.identity.kind;
  if (kind !== 'user' && kind !== 'role-session') {
    return { identity: 'no', boundary: 'no', sessionPolicy: 'no', reason: 'the caller has no IAM identity policies', rules: [] };
  }
  if (!run.sameAccount) {
    return {
      identity: 'yes',
      boundary: 'yes',
      sessionPolicy: 'yes',
      reason: `the caller's account ${run.caller.identity.accountId} differs from the role's account ${run.prepared.role.account}: both accounts must allow`,
      rules: ['R-14', 'R-07'],
    };
  }
  const trust = trustFor(run, action);
  // With no certain grant, an Allow that may apply still tells what else it would need: the
  // least demanding of them is the requirement (a failure against it is certain either way).
  if (trust.via === undefined) {
    if (trust.uncertainVia === undefined) {
      return { identity: 'undetermined', boundary: 'undetermined', sessionPolicy: 'undetermined', reason: 'no trust policy statement grants this caller the action, so how it would be granted is not known', rules: ['R-13'] };
    }
    return requirementOfVia(run, trust.uncertainVia, trust.uncertainAllows);
  }
  const certain = requirementOfVia(run, trust.via, trust.allows);
  if (trust.uncertainVia === undefined) return certain;
  // R-24: principals (and statements) are alternatives. An Allow that may apply and would need
  // less than the certain one leaves what it would waive open: a side that does not allow is then
  // not a certain refusal.
  const uncertain = requirementOfVia(run, trust.uncertainVia, trust.uncertainAllows);
  const waive = (need: Need, instead: Need): Need => (need === 'yes' && instead === 'no' ? 'maybe' : need);
  const merged: Requirement = {
    ...certain,
    identity: waive(certain.identity, uncertain.identity),
    boundary: waive(certain.boundary, uncertain.boundary),
    sessionPolicy: waive(certain.sessionPolicy, uncertain.sessionPolicy),
  };
  if (merged.identity === certain.identity && merged.boundary === certain.boundary && merged.sessionPolicy === certain.sessionPolicy) return certain;
  const which = bestViaStatements(trust.uncertainAllows, trust.uncertainVia).map((st) => statementLabel(st));
  merged.reason = `${certain.reason}, unless ${which.join(' or ')} of the trust policy applies (its conditions cannot be decided), for then ${uncertain.reason}`;
  merged.rules = [...new Set([...certain.rules, ...uncertain.rules, 'R-24'])];
  return merged;
}

/** The statements of `statements` that name the caller the way `via` says (see bestVia). */
function bestViaStatements(statements: StatementEvaluation[], via: PrincipalMatchKind): StatementEvaluation[] {
  return statements.filter((st) => viaOf(st) === via);
}

/** What else must allow when the trust policy grants the caller through `via` (statements: the Allows that do). */
function requirementOfVia(run: Run, via: PrincipalMatchKind, statements: StatementEvaluation[]): Requirement {
  const kind = run.caller.identity.kind;
  switch (via) {
    case 'account':
      return { identity: 'yes', boundary: 'yes', sessionPolicy: 'yes', reason: 'the trust policy names the whole account, which delegates the decision to the account\'s identity policies', rules: ['R-15'] };
    case 'session-arn':
      return { identity: 'no', boundary: 'no', sessionPolicy: 'no', reason: 'the trust policy names this exact session ARN in the same account', rules: ['R-18'] };
    case 'wildcard':
      if (kind === 'user') return { identity: 'no', boundary: 'no', sessionPolicy: 'no', reason: 'the trust policy grants "*" and the caller is in the role\'s own account', rules: ['R-20'] };
      // R-23: an aws:PrincipalArn condition beside "*" is a grant boundaries and session policies do
      // not limit. Without one, "*" does not name the session ARN, so the calling session's session
      // policy limits it as it limits a grant to the role (R-12; only a grant naming the session ARN
      // escapes it, R-18).
      if (bestViaStatements(statements, 'wildcard').some((st) => readsPrincipalArn(run, st))) {
        return { identity: 'no', boundary: 'no', sessionPolicy: 'no', reason: 'the trust policy grants "*" narrowed by an aws:PrincipalArn condition, and the caller is in the role\'s own account: boundaries and session policies do not limit such a grant', rules: ['R-20', 'R-23'] };
      }
      return {
        identity: 'no',
        boundary: 'no',
        sessionPolicy: 'yes',
        reason: 'the trust policy grants "*" and the caller is in the role\'s own account: no identity allow is needed, but "*" does not name the session ARN, so a session policy of the calling session still limits it (only "*" with an aws:PrincipalArn condition escapes that)',
        rules: ['R-20', 'R-12', 'R-23'],
      };
    case 'user-arn':
      return {
        identity: 'no',
        boundary: 'yes',
        sessionPolicy: 'no',
        reason: 'the trust policy names the user ARN in the same account; the user\'s permissions boundary must still allow (disputed: the update-trust-policy page says so, the evaluation-logic page says it does not limit)',
        rules: ['R-16', 'R-16b'],
        boundaryDisputed: true,
      };
    case 'role-arn':
    case 'unique-id':
      if (kind === 'user') {
        return {
          identity: 'no',
          boundary: 'yes',
          sessionPolicy: 'no',
          reason: 'the trust policy names the user (by unique id) in the same account; the user\'s permissions boundary must still allow (disputed)',
          rules: ['R-16', 'R-16b', 'R-22'],
          boundaryDisputed: true,
        };
      }
      return {
        identity: 'no',
        boundary: 'yes',
        sessionPolicy: 'yes',
        reason: 'the trust policy names the caller\'s role ARN in the same account: no identity allow is needed, but the role\'s permissions boundary and the session\'s session policy still limit it',
        rules: ['R-17'],
      };
    default:
      return { identity: 'yes', boundary: 'yes', sessionPolicy: 'yes', reason: 'the trust policy names the caller in a way that does not grant directly', rules: ['R-14'] };
  }
}

/** Does the trust statement behind `st` test aws:PrincipalArn in a condition (read from its compiled form)? */
function readsPrincipalArn(run: Run, st: StatementEvaluation): boolean {
  const compiled = run.role?.trust?.statements.find((statement) => statement.index === st.statement.index);
  return compiled?.conditions?.conditions.some((condition) => condition.lowerKey === 'aws:principalarn') === true;
}

// ───────────────────────────── words ─────────────────────────────

export function statementLabel(st: { statement: { index: number; sid?: string } }): string {
  return st.statement.sid ? `statement "${st.statement.sid}" (#${st.statement.index})` : `statement #${st.statement.index}`;
}

export function policyLabel(ref: PolicyRef): string {
  switch (ref.kind) {
    case 'trust':
      return `the trust policy of role ${ref.name}`;
    case 'identity-inline':
      return `inline policy ${ref.name}`;
    case 'identity-managed':
      return `managed policy ${ref.name}`;
    case 'group-inline':
      return `inline policy ${ref.name} of group ${ref.owner ?? '?'}`;
    case 'group-managed':
      return `managed policy ${ref.name} (via group ${ref.owner ?? '?'})`;
    case 'permissions-boundary':
      return `permissions boundary ${ref.name}`;
    case 'session-policy':
      return ref.name;
    case 'scp':
      return `SCP ${ref.name}${ref.attachedTo ? ` attached to ${ref.attachedTo}` : ''}`;
    case 'rcp':
      return `RCP ${ref.name}${ref.attachedTo ? ` attached to ${ref.attachedTo}` : ''}`;
  }
}

export function where(st: StatementEvaluation): string {
  return `${statementLabel(st)} of ${policyLabel(st.policy)}`;
}

function values(list: string[]): string {
  if (list.length === 0) return 'nothing';
  return list.map((v) => `'${v}'`).join(list.length > 1 ? ' or ' : '');
}

/** One failing condition, in words: operator, key, the request's value(s) and the policy's. */
export function explainCondition(run: Run, c: ConditionEvidence): string {
  const policyValues = c.resolvedPolicyValues ?? c.policyValues;
  if (c.keyMissing && isUnknownKey(run.ctx, c.key)) {
    return `${c.key} is not known for this request (give it in ${fieldToGive(run, c.key)}); ${c.operator} needs ${values(policyValues)}`;
  }
  if (c.unknownVariable !== undefined) {
    return `${c.operator} compares ${c.key} with ${values(c.policyValues)}, and the policy variable's key ${c.unknownVariable} is not known for this request (give it in ${fieldToGive(run, c.unknownVariable)}), so whether the condition holds is not known (R-35)`;
  }
  if (c.operator.startsWith('Null')) {
    return c.keyMissing
      ? `${c.key} is absent but ${c.operator} requires it to be ${policyValues[0] === 'true' ? 'absent' : 'present'}`
      : `${c.key} is present ('${c.requestValues.join("', '")}') but ${c.operator} requires it to be absent`;
  }
  const note = c.note ? ` (${c.note})` : '';
  if (c.keyMissing) return `${c.key} is absent from the request, so ${c.operator} ${values(policyValues)} does not hold${note}`;
  return `${c.key} is ${values(c.requestValues)} but ${c.operator} requires ${values(policyValues)}${note}`;
}

/**
 * Where a request gives a key that is unknown for it: an sts:AssumeRole call's external ID is its
 * ExternalId parameter (request.externalId, which the parameter limits check too, R-36); a web
 * identity token's or a SAML assertion's keys (its provider's keys, the source identity, the
 * session tags, a SAML session name) come from its claims or attributes, which the
 * sts:SetSourceIdentity and sts:TagSession checks read as well; any other key, request.context.
 */
export function fieldToGive(run: Run, key: string): 'request.context' | 'request.externalId' | 'webIdentity.claims' | 'saml.attributes' {
  const action = run.prepared.action;
  const lower = key.toLowerCase();
  if (action === 'sts:AssumeRole') return lower === 'sts:externalid' ? 'request.externalId' : 'request.context';
  const tokenKey =
    lower === 'sts:sourceidentity' || lower === 'aws:tagkeys' || lower === 'sts:transitivetagkeys' || lower.startsWith('aws:requesttag/') ||
    (action === 'sts:AssumeRoleWithSAML' ? lower.startsWith('saml:') || lower === 'sts:rolesessionname' : !lower.startsWith('aws:') && !lower.startsWith('sts:'));
  if (!tokenKey) return 'request.context';
  if (action === 'sts:AssumeRoleWithSAML') return 'saml.attributes';
  // A provider key: a claim of the token settles it only when STS makes a key of that claim and
  // the token is known in part (the claim may be what is missing); otherwise (a whole token, or
  // a claim AWS does not document as a key) the value the call had can (request.context).
  if (lower.startsWith('aws:') || lower.startsWith('sts:')) return 'webIdentity.claims';
  const claim = key.slice(key.lastIndexOf(':') + 1);
  const partial = run.prepared.request.webIdentity?.claimsComplete === false;
  return partial && isMappedClaim(run.prepared.issuer!, claim) ? 'webIdentity.claims' : 'request.context';
}

/**
 * When an uncertain statement applies, in words: each test that reads a key unknown for this
 * request ("aws:SourceIp satisfies NotIpAddress '10.0.0.0/8'"), and a Resource variable's key.
 */
function uncertainWhen(run: Run, st: StatementEvaluation): string {
  const parts: string[] = [];
  for (const c of st.conditions ?? []) {
    const key = unknownKeyOf(run, c);
    if (key === undefined) continue;
    parts.push(
      key === c.key
        ? `${c.key} satisfies ${c.operator} ${values(c.resolvedPolicyValues ?? c.policyValues)}`
        : `${c.key} satisfies ${c.operator} ${values(c.policyValues)} once its policy variable's key ${key} is known`,
    );
  }
  if (st.unknownResourceVariable !== undefined) parts.push(`the role matches its resource pattern once \${${st.unknownResourceVariable}} is known`);
  return parts.join(' and ');
}

/**
 * A refusal that is certain though its kind is not: no Allow can apply (`implicitWhy` says why it
 * would be refused without the Deny) and the `denies` may apply, on keys unknown for this request.
 */
export function eitherDenialWords(run: Run, denies: StatementEvaluation[], implicitWhy: string, keys = unknownKeysIn(run, denies)): string {
  const ifs = denies.map((st) => `${where(st)} applies if ${uncertainWhen(run, st)}`).join(', or ');
  return `The refusal is certain; only whether it is explicit is not: ${ifs}, and then the call is explicitly denied (R-02); if not, ${implicitWhy}: an implicit deny. Which of the two depends on ${keys.join(', ')}, not known for this request; the call is refused either way.`;
}

/** Why a statement that named the caller did not apply: its failing conditions. */
export function explainStatementConditions(run: Run, st: StatementEvaluation): string {
  const failing = (st.conditions ?? []).filter((c) => !c.matched);
  const unknown = (st.conditions ?? []).filter((c) => c.matched && unknownKeyOf(run, c) !== undefined);
  const parts = failing.map((c) => explainCondition(run, c));
  for (const c of unknown) {
    const key = unknownKeyOf(run, c);
    parts.push(key === c.key ? `${c.key} is not known for this request, and ${c.operator} depends on it` : `${key} is not known for this request, and ${c.operator} on ${c.key} reads it through a policy variable`);
  }
  if (st.unknownResourceVariable !== undefined) {
    parts.push(`its resource pattern reads the policy variable \${${st.unknownResourceVariable}}, whose key is not known for this request (give it in ${fieldToGive(run, st.unknownResourceVariable)}) (R-35)`);
  }
  return `${where(st)}: ${parts.join('; ') || 'its conditions do not hold'}`;
}

export function evidenceOf(run: Run, statements: StatementEvaluation[]): StatementEvidence[] {
  if (!run.full || statements.length === 0) return NO_EVIDENCE;
  return statements.map(toEvidence);
}

export function toEvidence(st: StatementEvaluation): StatementEvidence {
  const e: StatementEvidence = { policy: st.policy, statement: st.statement, effect: st.effect };
  if (st.principalMatched !== undefined) e.principalMatched = st.principalMatched;
  if (st.principalMatchedBy !== undefined) e.principalMatchedBy = st.principalMatchedBy;
  if (st.actionMatched !== undefined) e.actionMatched = st.actionMatched;
  // A Resource variable on an unknown key: whether the resource matches is not known, so no badge says it.
  if (st.resourceMatched !== undefined && st.unknownResourceVariable === undefined) e.resourceMatched = st.resourceMatched;
  if (st.conditionsMatched !== undefined) e.conditionsMatched = st.conditionsMatched;
  if (st.conditions !== undefined) e.conditions = st.conditions;
  if (st.source !== undefined) e.source = st.source;
  return e;
}

export function callerLabel(run: Run): string {
  const id = run.caller.identity;
  switch (id.kind) {
    case 'service':
      return `service ${id.service}`;
    case 'web-identity':
      return `web identity from ${String(run.prepared.claims?.iss)}`;
    case 'saml':
      return `SAML provider ${run.prepared.request.saml?.principalArn}`;
    default:
      return id.arn;
  }
}
