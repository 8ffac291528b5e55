// A policy compiled once (per snapshot) and evaluated many times. Compilation validates each
// statement the way IAM would when storing it; a statement IAM would refuse becomes a
// PolicyProblem and is left out, the rest of the policy still counts.

import type { PolicyDocumentInput, PolicyKind, PolicyProblem, PolicyRef } from '../types';
import {
  compileConditionBlock,
  conditionBlockHolds,
  evaluateCompiledConditionBlock,
  type CompiledConditionBlock,
} from '../conditions/evaluate';
import { compileAction, isValidActionPattern } from './action';
import { element, parsePolicyDocument, statementsOf } from './parse';
import { compilePrincipal, matchPrincipal, principalMatches, type CompiledPrincipal } from './principal';
import type {
  CompiledPolicy,
  EvaluationRequest,
  PolicyDecision,
  PolicyEvaluation,
  PrincipalMatch,
  RequestContext,
  StatementEvaluation,
} from './types';
import { parseTemplate, templateTokens, variablesStanding, VARIABLES_VERSION, type Template } from './variables';
import { globFromTokens, matchGlob, type Glob } from './wildcard';

interface ResourcePattern {
  template: Template;
  /** Compiled once when the pattern has no policy variable. */
  glob?: Glob;
}

export interface CompiledStatement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  source: unknown;
  principal?: CompiledPrincipal;
  notPrincipal?: CompiledPrincipal;
  /** The Action / NotAction patterns as written, in order: `actions[i]` is `writtenActions[i]` compiled. */
  writtenActions: string[];
  actions: Glob[];
  notAction: boolean;
  /** Undefined when the statement has neither Resource nor NotResource (trust policies). */
  resources?: ResourcePattern[];
  /** The Resource / NotResource templates that hold policy variables (empty when none). */
  resourceTemplates: Template[];
  notResource: boolean;
  conditions?: CompiledConditionBlock;
  /** Precomputed verdict-only answers, so decide() allocates nothing. */
  allowDecision: PolicyDecision;
  denyDecision: PolicyDecision;
  /** The statement's `{ index, sid }`, shared by every lean evaluation (frozen). */
  leanRef: { index: number; sid?: string };
}

const IDENTITY_KINDS: ReadonlySet<PolicyKind> = new Set([
  'identity-inline',
  'identity-managed',
  'group-inline',
  'group-managed',
  'permissions-boundary',
  'session-policy',
]);

const NO_DECISION: PolicyDecision = Object.freeze({ decision: 'none' }) as PolicyDecision;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return undefined;
  for (const item of list) if (typeof item !== 'string' || item === '') return undefined;
  return list as string[];
}

class StatementRejected extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly code?: PolicyProblem['code'],
  ) {
    super(message);
  }
}

/**
 * Element names are read without regard to case (policy/parse.ts element()), so `"Effect"` and
 * `"EFFECT"` in one statement are the same element twice: which one counted would depend on the
 * spelling, so the statement is refused, naming both.
 */
function rejectCaseTwins(raw: Record<string, unknown>, at: string): void {
  const keys = Object.keys(raw);
  if (keys.length < 2) return;
  const seen = new Map<string, string>();
  for (const key of keys) {
    const lower = key.toLowerCase();
    const first = seen.get(lower);
    if (first !== undefined) {
      throw new StatementRejected(`${at}.${key}`, `the statement has both "${first}" and "${key}": element names are read without regard to case, so this is the same element twice`);
    }
    seen.set(lower, key);
  }
}

function compileStatement(
  raw: unknown,
  index: number,
  kind: PolicyKind,
  variablesOn: boolean,
  version: string | undefined,
  warn: (field: string, message: string) => void,
): CompiledStatement {
  const at = `Statement[${index}]`;
  if (!isPlainObject(raw)) throw new StatementRejected(at, 'a statement must be an object');
  rejectCaseTwins(raw, at);

  const sidElement = element(raw, 'Sid');
  const sid = typeof sidElement.value === 'string' ? sidElement.value : undefined;

  const effectElement = element(raw, 'Effect');
  if (effectElement.value !== 'Allow' && effectElement.value !== 'Deny') {
    throw new StatementRejected(
      `${at}.Effect`,
      effectElement.present ? `Effect must be "Allow" or "Deny", got ${JSON.stringify(effectElement.value)}` : 'statement has no Effect ("Allow" or "Deny")',
    );
  }
  const effect = effectElement.value;

  // Principal / NotPrincipal
  const principalElement = element(raw, 'Principal');
  const notPrincipalElement = element(raw, 'NotPrincipal');
  if (principalElement.present && notPrincipalElement.present) {
    throw new StatementRejected(at, 'a statement cannot have both Principal and NotPrincipal');
  }
  if (IDENTITY_KINDS.has(kind) && (principalElement.present || notPrincipalElement.present)) {
    throw new StatementRejected(`${at}.${principalElement.present ? 'Principal' : 'NotPrincipal'}`, 'identity-based policies cannot name a Principal; it belongs in the role trust policy');
  }
  if (notPrincipalElement.present) {
    if (effect === 'Allow') {
      throw new StatementRejected(`${at}.NotPrincipal`, 'NotPrincipal can only be used with "Effect": "Deny" (R-27)');
    }
    if (kind === 'trust') {
      // R-27 (D): the current NotPrincipal page forbids it in trust policies; the 2023 text allowed it.
      throw new StatementRejected(
        `${at}.NotPrincipal`,
        'NotPrincipal is not supported in a role trust policy by the current AWS documentation (R-27; disputed: the 2023 text allowed it); the statement is ignored',
        'trust-deny-notprincipal-ignored',
      );
    }
    if (kind === 'scp' || kind === 'rcp') {
      throw new StatementRejected(`${at}.NotPrincipal`, 'SCPs and RCPs do not support NotPrincipal (R-27)');
    }
  }
  if (kind === 'trust' && !principalElement.present && !notPrincipalElement.present) {
    throw new StatementRejected(at, 'a trust policy statement must name a Principal');
  }
  let principal: CompiledPrincipal | undefined;
  let notPrincipal: CompiledPrincipal | undefined;
  if (principalElement.present || notPrincipalElement.present) {
    const name = principalElement.present ? 'Principal' : 'NotPrincipal';
    const compiled = compilePrincipal(principalElement.present ? principalElement.value : notPrincipalElement.value, `${at}.${name}`);
    if (!compiled.principal) {
      const first = compiled.problems[0];
      throw new StatementRejected(first?.field ?? `${at}.${name}`, compiled.problems.map((p) => p.message).join('; '));
    }
    if (principalElement.present) principal = compiled.principal;
    else notPrincipal = compiled.principal;
  }

  // Action / NotAction
  const actionElement = element(raw, 'Action');
  const notActionElement = element(raw, 'NotAction');
  if (actionElement.present && notActionElement.present) throw new StatementRejected(at, 'a statement cannot have both Action and NotAction');
  if (!actionElement.present && !notActionElement.present) throw new StatementRejected(at, 'statement has no Action (or NotAction)');
  const actionName = actionElement.present ? 'Action' : 'NotAction';
  const actionValues = stringList(actionElement.present ? actionElement.value : notActionElement.value);
  if (!actionValues) throw new StatementRejected(`${at}.${actionName}`, `${actionName} must be a string or a non-empty list of strings`);
  for (const action of actionValues) {
    if (!isValidActionPattern(action)) {
      throw new StatementRejected(`${at}.${actionName}`, `"${action}" is not an action: expected "*" or "service:Action", e.g. "sts:AssumeRole"`);
    }
  }

  // Resource / NotResource
  const resourceElement = element(raw, 'Resource');
  const notResourceElement = element(raw, 'NotResource');
  if (resourceElement.present && notResourceElement.present) throw new StatementRejected(at, 'a statement cannot have both Resource and NotResource');
  const hasResource = resourceElement.present || notResourceElement.present;
  if (kind === 'trust' && hasResource) {
    throw new StatementRejected(`${at}.${resourceElement.present ? 'Resource' : 'NotResource'}`, 'a role trust policy cannot have a Resource: the role itself is the resource');
  }
  if (IDENTITY_KINDS.has(kind) && !hasResource) throw new StatementRejected(at, 'statement has no Resource (or NotResource)');
  let resources: ResourcePattern[] | undefined;
  if (hasResource) {
    const resourceName = resourceElement.present ? 'Resource' : 'NotResource';
    const values = stringList(resourceElement.present ? resourceElement.value : notResourceElement.value);
    if (!values) throw new StatementRejected(`${at}.${resourceName}`, `${resourceName} must be a string or a non-empty list of strings`);
    resources = values.map((value) => {
      const template = parseTemplate(value, variablesOn);
      if (template.hasVariables) return { template };
      const tokens = templateTokens(template, undefined, false);
      return { template, glob: tokens.ok ? globFromTokens(tokens.tokens, false) : undefined };
    });
  }

  // Condition
  let conditions: CompiledConditionBlock | undefined;
  const conditionElement = element(raw, 'Condition');
  if (conditionElement.present) {
    const { block, problems } = compileConditionBlock(conditionElement.value, { version });
    const fatal = problems.find((p) => p.fatal);
    if (fatal) throw new StatementRejected(`${at}.${fatal.field}`, fatal.message);
    for (const problem of problems) warn(`${at}.${problem.field}`, problem.message);
    conditions = block.conditions.length > 0 ? block : undefined;
  }

  return {
    index,
    sid,
    effect,
    source: raw,
    principal,
    notPrincipal,
    writtenActions: actionValues,
    actions: actionValues.map(compileAction),
    notAction: notActionElement.present,
    resources,
    resourceTemplates: (resources ?? []).filter((pattern) => pattern.template.hasVariables).map((pattern) => pattern.template),
    notResource: notResourceElement.present,
    conditions,
    allowDecision: Object.freeze(sid === undefined ? { decision: 'allow', statementIndex: index } : { decision: 'allow', statementIndex: index, sid }) as PolicyDecision,
    denyDecision: Object.freeze(sid === undefined ? { decision: 'deny', statementIndex: index } : { decision: 'deny', statementIndex: index, sid }) as PolicyDecision,
    leanRef: Object.freeze(sid === undefined ? { index } : { index, sid }),
  };
}

// ─────────────────────────────── matching ───────────────────────────────

/** Does the statement's Action (or NotAction) cover the action? The evaluator's own test, for readers of compiled statements. */
export function actionMatches(statement: CompiledStatement, action: string): boolean {
  const actions = statement.actions;
  let any = false;
  for (let i = 0; i < actions.length && !any; i++) any = matchGlob(actions[i], action);
  return statement.notAction ? !any : any;
}

/** 1 match, 0 no match, -1 a policy variable could not be resolved. */
function resourcePatternMatches(pattern: ResourcePattern, resource: string, context: RequestContext): 1 | 0 | -1 {
  if (pattern.glob) return matchGlob(pattern.glob, resource) ? 1 : 0;
  const tokens = templateTokens(pattern.template, context, false);
  if (!tokens.ok) return -1;
  return matchGlob(globFromTokens(tokens.tokens, false), resource) ? 1 : 0;
}

/** Does a Resource / NotResource pattern without policy variables match the resource? */
function literalResourceMatches(statement: CompiledStatement, resource: string): boolean {
  for (const pattern of statement.resources ?? []) if (pattern.glob && matchGlob(pattern.glob, resource)) return true;
  return false;
}

/** Undefined when the statement has no Resource element (trust policies). */
function resourceMatches(statement: CompiledStatement, resource: string, context: RequestContext): boolean | undefined {
  const resources = statement.resources;
  if (!resources) return undefined;
  let any = false;
  for (let i = 0; i < resources.length; i++) {
    const outcome = resourcePatternMatches(resources[i], resource, context);
    // a variable AWS cannot resolve makes the statement invalid: it never applies, even as NotResource.
    if (outcome === -1) return false;
    if (outcome === 1) any = true;
  }
  return statement.notResource ? !any : any;
}

/** Undefined when the statement names no principal (identity policies). */
function principalOk(statement: CompiledStatement, request: EvaluationRequest): boolean | undefined {
  if (statement.principal) return principalMatches(statement.principal, request.caller);
  if (statement.notPrincipal) return !principalMatches(statement.notPrincipal, request.caller);
  return undefined;
}

function statementApplies(statement: CompiledStatement, request: EvaluationRequest): boolean {
  if (principalOk(statement, request) === false) return false;
  if (!actionMatches(statement, request.action)) return false;
  if (resourceMatches(statement, request.resource, request.context) === false) return false;
  return !statement.conditions || conditionBlockHolds(statement.conditions, request.context);
}

/**
 * One statement against one request. With `evidence` every condition's values are reported; without
 * it (`evaluateLean`, for callers that know no condition key or variable of the policy is unknown
 * for the request, so a statement's fate is `applies` alone) only `conditionsMatched` says whether
 * the block holds, and the statement reference is shared rather than built per call.
 */
function evaluateStatement(statement: CompiledStatement, ref: PolicyRef, request: EvaluationRequest, evidence: boolean): StatementEvaluation {
  const evaluation: StatementEvaluation = {
    policy: ref,
    statement: !evidence ? statement.leanRef : statement.sid === undefined ? { index: statement.index } : { index: statement.index, sid: statement.sid },
    effect: statement.effect,
    applies: false,
    source: statement.source,
  };
  let principalMatched = true;
  if (statement.principal || statement.notPrincipal) {
    let match: PrincipalMatch;
    if (statement.principal) {
      match = matchPrincipal(statement.principal, request.caller);
    } else {
      evaluation.usesNotPrincipal = true;
      const excluded = matchPrincipal(statement.notPrincipal!, request.caller);
      // NotPrincipal applies to everyone it does not name.
      match = { ...excluded, matched: !excluded.matched };
      if (match.matched) match.via = 'wildcard';
    }
    principalMatched = match.matched;
    evaluation.principal = match;
    evaluation.principalMatched = match.matched;
    if (match.matched && match.via) evaluation.principalMatchedBy = match.via;
  }
  const actionMatched = actionMatches(statement, request.action);
  evaluation.actionMatched = actionMatched;
  const resourceMatched = resourceMatches(statement, request.resource, request.context);
  if (resourceMatched !== undefined) evaluation.resourceMatched = resourceMatched;
  if (evidence && statement.resourceTemplates.length > 0) {
    // an absent variable settles the statement (invalid); one on an unknown key leaves it
    // open, unless a NotResource pattern without variables already excludes this resource.
    const standing = variablesStanding(statement.resourceTemplates, request.context);
    if (standing?.standing === 'unknown' && !(statement.notResource && literalResourceMatches(statement, request.resource))) {
      evaluation.unknownResourceVariable = standing.key;
    }
  }

  let conditionsMatched = true;
  if (statement.conditions) {
    // Conditions are explained only where they could matter: the statement names the caller and the action.
    if (principalMatched && actionMatched) {
      if (evidence) {
        const result = evaluateCompiledConditionBlock(statement.conditions, request.context);
        conditionsMatched = result.matched;
        evaluation.conditions = result.conditions;
      } else {
        conditionsMatched = conditionBlockHolds(statement.conditions, request.context);
      }
      evaluation.conditionsMatched = conditionsMatched;
    } else {
      conditionsMatched = false;
    }
  } else {
    evaluation.conditionsMatched = true;
  }
  evaluation.applies = principalMatched && actionMatched && resourceMatched !== false && conditionsMatched;
  return evaluation;
}

/**
 * Compiles a policy for repeated evaluation. Throws DoctorError (bad-policy, too-large,
 * too-deep) naming `field` when the document is not an IAM policy at all; a malformed statement
 * is recorded in `problems` and skipped.
 */
export function compilePolicy(input: PolicyDocumentInput, ref: PolicyRef, field: string): CompiledPolicy {
  const document = parsePolicyDocument(input, field);
  const problems: PolicyProblem[] = [];
  const versionValue = document.Version;
  let version: string | undefined;
  if (versionValue !== undefined) {
    if (versionValue === '2012-10-17' || versionValue === '2008-10-17') version = versionValue;
    else problems.push({ policy: ref, field: `${field}.Version`, message: `Version must be "2012-10-17" or "2008-10-17", got ${JSON.stringify(versionValue)}; policy variables are read literally` });
  }
  const variablesOn = version === VARIABLES_VERSION;
  const raws = statementsOf(document);
  const statements: CompiledStatement[] = [];
  const skippedStatements = new Set<number>();
  raws.forEach((raw, index) => {
    const warn = (where: string, message: string) => problems.push({ policy: ref, statementIndex: index, field: `${field}.${where}`, message });
    try {
      statements.push(compileStatement(raw, index, ref.kind, variablesOn, version, warn));
    } catch (error) {
      if (!(error instanceof StatementRejected)) throw error;
      const problem: PolicyProblem = { policy: ref, statementIndex: index, field: `${field}.${error.field}`, message: `${error.message}; statement skipped` };
      if (error.code) problem.code = error.code;
      problems.push(problem);
      skippedStatements.add(index);
    }
  });

  return {
    ref,
    document,
    version,
    statementCount: raws.length,
    problems,
    skippedStatements,
    statements,
    evaluate(request: EvaluationRequest): PolicyEvaluation {
      const evaluations: StatementEvaluation[] = [];
      const allows: StatementEvaluation[] = [];
      const denies: StatementEvaluation[] = [];
      for (const statement of statements) {
        const evaluation = evaluateStatement(statement, ref, request, true);
        evaluations.push(evaluation);
        if (evaluation.applies) (statement.effect === 'Deny' ? denies : allows).push(evaluation);
      }
      return { policy: ref, statements: evaluations, allows, denies };
    },
    evaluateLean(request: EvaluationRequest): StatementEvaluation[] {
      const evaluations: StatementEvaluation[] = [];
      for (let i = 0; i < statements.length; i++) evaluations.push(evaluateStatement(statements[i], ref, request, false));
      return evaluations;
    },
    decide(request: EvaluationRequest): PolicyDecision {
      let allow: PolicyDecision | undefined;
      for (let i = 0; i < statements.length; i++) {
        const statement = statements[i];
        // Once an Allow is found only a Deny can change the answer.
        if (allow && statement.effect === 'Allow') continue;
        if (!statementApplies(statement, request)) continue;
        if (statement.effect === 'Deny') return statement.denyDecision;
        allow = statement.allowDecision;
      }
      return allow ?? NO_DECISION;
    },
  };
}
