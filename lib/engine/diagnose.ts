// diagnose(snapshot, request) → Diagnosis. Pure and synchronous: validate at the edge, resolve the
// caller and the role, build the request context, answer every check in tree order, and DERIVE
// the decision from the answers (rulebook section 9):
//   any request-valid / duration fail → invalid; any other fail → denied;
//   else any unknown → inconclusive; else allowed.
//
// mode 'verdict' answers the same checks without building summaries, evidence or extras, for
// bulk use (replay, who-can-assume, benchmarks). Its decision and failedChecks equal full mode's.

import { diagramsOf } from '@/lib/diagram';
import { accessDenied, type AwsErrorDetail } from './aws-error';
import { CHECKS, INVALID_CHECKS, type CheckDefinition } from './checks';
import { keysOf, makeRun, type Outcome, type Run } from './checks/run';
import { buildContext, contextEntries, resolveCaller, type BuiltContext, type CallerFacts } from './context';
import { buildFixes } from './fixes';
import { prepareRequest, type PreparedRequest } from './request';
import { findRole, loadSnapshot, type IndexedSnapshot, type RoleLookup } from './snapshot';
import { DIAGNOSIS_FORMAT, type Check, type CheckId, type Decision, type Diagnosis, type PolicyProblem } from './types';

export interface DiagnoseOptions {
  /** 'full' (default): summaries, evidence, context, AWS error, fixes, diagrams. 'verdict': decision and check statuses only. */
  mode?: 'full' | 'verdict';
  /**
   * The time of the diagnosis (ISO 8601), used as the call time when request.context has no
   * aws:CurrentTime: it fills the time keys, but an expiry (a token's exp, a calling session's
   * expiration) is concluded only from a call time the request gives, so pass that as
   * aws:CurrentTime in request.context.
   */
  now?: string;
  /** Full mode: build fixes (default true). */
  fixes?: boolean;
  /** Full mode: build the Mermaid diagrams (default true). */
  diagrams?: boolean;
}

/**
 * The decision, derived from the checks and nothing else. Parameters that break the API's limits
 * are rejected before anything is decided (invalid). The session length is measured against the
 * role's own settings, which AWS reads only once the caller may assume the role (the decision
 * procedure puts it last, and AWS documents no other order; answering it first would tell an
 * untrusted caller that the role exists): so a refusal wins over it (denied), an open
 * authorization makes the answer inconclusive, and only an otherwise authorized call is invalid
 * for its duration.
 */
export function decide(checks: readonly Pick<Check, 'id' | 'status'>[]): Decision {
  let denied = false;
  let unknown = false;
  let tooLong = false;
  for (const check of checks) {
    if (check.status === 'fail') {
      if (check.id === 'request-valid') return 'invalid';
      if (INVALID_CHECKS.has(check.id)) tooLong = true;
      else denied = true;
    } else if (check.status === 'unknown') unknown = true;
  }
  return denied ? 'denied' : unknown ? 'inconclusive' : tooLong ? 'invalid' : 'allowed';
}

export function diagnose(snapshot: unknown, request: unknown, options: DiagnoseOptions = {}): Diagnosis {
  const indexed = loadSnapshot(snapshot);
  const prepared = prepareRequest(request);
  const full = options.mode !== 'verdict';
  const { caller, roleLookup, ctx } = resolve(indexed, prepared, options.now, full);
  const run = makeRun(full, indexed, prepared, caller, ctx, roleLookup);
  const checks: Check[] = [];
  const outcomes: Outcome[] = [];
  const failedChecks: CheckId[] = [];
  for (let i = 0; i < CHECKS.length; i++) {
    const def = CHECKS[i];
    const o = def.run(run);
    if (full) outcomes.push(o); // read only by full mode's AWS error
    const shared = o.sharedChecks;
    checks.push(shared ? (shared[i] ??= Object.freeze(checkOf(def, o))) : checkOf(def, o));
    if (o.status === 'fail') failedChecks.push(def.id);
  }
  const decision = decide(checks);
  const diagnosis: Diagnosis = { format: DIAGNOSIS_FORMAT, decision, failedChecks, checks, context: [], fixes: [] };
  if (!full) return diagnosis;

  diagnosis.context = contextEntries(ctx);
  const error = awsErrorFor(run, checks, outcomes, decision);
  if (error) diagnosis.awsError = error;
  const problems = problemsOf(run);
  if (problems.length > 0) diagnosis.problems = problems;
  const unknownKeys = unknownKeysRead(run);
  if (unknownKeys.length > 0) diagnosis.unknownContextKeys = unknownKeys;
  diagnosis.request = prepared.request;
  if (options.fixes !== false) diagnosis.fixes = buildFixes(diagnosis, indexed, prepared.request);
  if (options.diagrams !== false) diagnosis.diagram = diagramsOf(diagnosis);
  return diagnosis;
}

function checkOf(def: CheckDefinition, o: Outcome): Check {
  const check: Check = { id: def.id, title: def.title, status: o.status, summary: o.summary, rules: o.rules, evidence: o.evidence };
  if (o.denial && o.status === 'fail') check.denial = o.denial;
  if (o.disputed) check.disputed = true;
  if (o.failedPart && o.status === 'fail') check.failedPart = o.failedPart;
  if (o.denialDependsOn && o.status === 'fail') check.denialDependsOn = o.denialDependsOn;
  if (o.failedParts && o.failedParts.length > 1 && o.status === 'fail') {
    check.failedParts = o.failedParts;
    if (o.failedPartDenials) check.failedPartDenials = o.failedPartDenials;
  }
  return check;
}

interface Resolved {
  caller: CallerFacts;
  roleLookup: RoleLookup;
  ctx: BuiltContext;
}

// Who the caller is, which role is meant and the request context, for one diagnosis. Nothing is
// kept per request object: a real workload (replayed CloudTrail events, what-if edits) diagnoses a
// new object every time, and state kept alive per request made every young-generation GC copy it.
// What does not depend on the request (compiled policies, indexes, per-caller facts, policies that
// read no request key) is kept per snapshot instead (rule 7).
function resolve(indexed: IndexedSnapshot, prepared: PreparedRequest, now: string | undefined, full: boolean): Resolved {
  const caller = resolveCaller(indexed, prepared);
  const roleLookup = findRole(indexed, prepared.role.account, prepared.role.arn, prepared.role.resourceName);
  const role = roleLookup.found === 'exact' ? roleLookup.role : undefined;
  const ctx = buildContext(indexed, prepared, caller, { now }, role, roleLookup.found === 'no' && roleLookup.reason === 'missing', full);
  return { caller, roleLookup, ctx };
}

/**
 * The error AWS would return. Parameter errors first (they make the decision `invalid`), then
 * credential and token errors (refused before any policy is read), a Region the role's account
 * has not activated, explicit denies, then the first failing check in tree order.
 */
function awsErrorFor(run: Run, checks: Check[], outcomes: Outcome[], decision: Decision): AwsErrorDetail | undefined {
  if (decision !== 'invalid' && decision !== 'denied') return undefined;
  const order: ((id: CheckId, check: Check) => boolean)[] =
    decision === 'invalid'
      ? [(id) => INVALID_CHECKS.has(id)]
      : // The decision procedure's order (rulebook section 9): who may call at all, the token, then a
        // regional endpoint the role's account has not activated (R-55), then explicit denies
        // found first, so an explicit deny is what the message reports), then the rest.
        [(id) => id === 'caller', (id) => id === 'web-identity', (id) => id === 'sts-region', (_id, check) => check.denial === 'explicit', (id) => !INVALID_CHECKS.has(id)];
  for (const pick of order) {
    for (let i = 0; i < checks.length; i++) {
      const check = checks[i];
      if (check.status !== 'fail' || !pick(check.id, check)) continue;
      const o = outcomes[i];
      const id = run.caller.identity;
      const error =
        o.awsError ??
        accessDenied({
          action: o.refusedAction ?? run.prepared.action,
          callerArn: run.prepared.action === 'sts:AssumeRole' ? (id.kind === 'service' ? id.service : id.arn) : undefined,
          roleArn: run.prepared.request.roleArn,
          check: check.id,
          denial: check.denial,
        });
      return { ...error, check: check.id };
    }
  }
  return undefined;
}

/**
 * Keys (lowercased) whose value could change this diagnosis: unknown keys read by the conditions
 * of statements that name the caller, the action and the role and whose fate depends on them, or
 * by a policy variable that left such a statement's resource unresolved (see fateOf). A key read
 * only by a statement that names someone else, another action, or whose other conditions already
 * fail on known keys cannot change the answer and is not listed. Listed in the order the consulted
 * policies refer to them.
 */
function unknownKeysRead(run: Run): string[] {
  const relevant = run.uncertainKeys;
  if (relevant === undefined || relevant.size === 0) return [];
  const out = new Set<string>();
  for (const policy of run.consulted) for (const key of keysOf(policy)) if (relevant.has(key)) out.add(key);
  for (const key of relevant) out.add(key);
  return [...out];
}

/** Malformed statements skipped in the policies this diagnosis consulted. */
function problemsOf(run: Run): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  for (const policy of run.consulted) for (const p of policy.problems) out.push(p);
  return out;
}
