// The Condition element: compiled once per policy, evaluated per request.
//
// operators AND, keys within an operator AND, values of one key OR (NOR when negated).
// a missing key makes a positive operator false and a negated one true.
// …IfExists makes a missing key true.
// Null tests presence only.
// ForAnyValue is false and ForAllValues true when the key is missing or its set is empty.
// key names are matched without regard to case; values as the operator says.
// policy variables are substituted only in string and ARN operators, only with Version
//       2012-10-17; a variable that cannot be resolved makes its condition fail.

import type { ConditionEvidence } from '../types';
import type { ConditionBlockResult, RequestContext } from '../policy/types';
import { parseTemplate, templateTokens, unresolvedNote, variablesStanding, VARIABLES_VERSION, type Template } from '../policy/variables';
import { findOperator } from './registry';
import type { AnyConditionOperator, PolicyValue, Prepared } from './types';

export type SetQualifier = 'none' | 'any' | 'all';

export interface CompiledCondition {
  /** The operator as written, e.g. 'ForAnyValue:StringLike', 'StringNotEqualsIfExists'. */
  written: string;
  operator: AnyConditionOperator;
  set: SetQualifier;
  ifExists: boolean;
  /** The key as written, and lowered for lookup. */
  key: string;
  lowerKey: string;
  /** Values as written, normalised to strings. */
  policyValues: string[];
  templates: Template[];
  /** Prepared values when no variable needs the request; undefined when they must be resolved per request. */
  prepared?: Prepared<unknown>[];
  /** Why some values can never match (bad CIDR, bad date), known at compile time. */
  staticNote?: string;
  /** Bool with a policy variable (R-35 D). */
  disputed?: boolean;
}

export interface CompiledConditionBlock {
  conditions: CompiledCondition[];
}

export interface ConditionProblem {
  /** Path inside the statement, e.g. `Condition.StringEquals.sts:ExternalId`. */
  field: string;
  message: string;
  /** Fatal problems mean AWS would refuse the statement: it is skipped. */
  fatal: boolean;
}

export interface ConditionOptions {
  /** The policy's Version; policy variables exist only in '2012-10-17'. */
  version?: string;
}

const FOR_ANY = 'foranyvalue:';
const FOR_ALL = 'forallvalues:';
const IF_EXISTS = 'ifexists';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function normaliseValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

function parseOperatorName(written: string): { operator?: AnyConditionOperator; set: SetQualifier; ifExists: boolean } {
  let name = written;
  let set: SetQualifier = 'none';
  const lowered = written.toLowerCase();
  if (lowered.startsWith(FOR_ANY)) {
    set = 'any';
    name = written.slice(FOR_ANY.length);
  } else if (lowered.startsWith(FOR_ALL)) {
    set = 'all';
    name = written.slice(FOR_ALL.length);
  }
  let ifExists = false;
  let operator = findOperator(name);
  if (!operator && name.toLowerCase().endsWith(IF_EXISTS)) {
    operator = findOperator(name.slice(0, -IF_EXISTS.length));
    ifExists = true;
    // Null is itself the presence test; NullIfExists is not an operator.
    if (operator?.family === 'null') operator = undefined;
  }
  if (operator?.family === 'null' && set !== 'none') operator = undefined;
  return { operator, set, ifExists };
}

function usesVariables(operator: AnyConditionOperator, variablesOn: boolean): boolean {
  return variablesOn && operator.variables !== 'no';
}

function prepareAll(
  condition: Pick<CompiledCondition, 'operator' | 'templates'>,
  context: RequestContext | undefined,
): { prepared: Prepared<unknown>[]; resolved: string[] } | { missing: string; multivalued?: boolean } {
  const prepared: Prepared<unknown>[] = [];
  const resolved: string[] = [];
  for (const template of condition.templates) {
    const tokens = templateTokens(template, context, false);
    if (!tokens.ok) return { missing: tokens.missing, multivalued: tokens.multivalued };
    const value: PolicyValue = { text: tokens.text, tokens: tokens.tokens };
    prepared.push(condition.operator.prepare(value));
    resolved.push(tokens.text);
  }
  return { prepared, resolved };
}

function notesOf(prepared: Prepared<unknown>[]): string | undefined {
  const notes: string[] = [];
  for (const p of prepared) if (!p.ok) notes.push(p.note);
  return notes.length ? `${notes.join('; ')}: such a value never matches` : undefined;
}

/** Compiles a Condition element. Fatal problems mean the statement must be skipped. */
export function compileConditionBlock(
  element: unknown,
  options: ConditionOptions = {},
): { block: CompiledConditionBlock; problems: ConditionProblem[] } {
  const problems: ConditionProblem[] = [];
  const conditions: CompiledCondition[] = [];
  const variablesOn = options.version === VARIABLES_VERSION;
  if (!isPlainObject(element)) {
    problems.push({ field: 'Condition', message: 'Condition must be an object of operators, e.g. {"StringEquals": {"sts:ExternalId": "…"}}', fatal: true });
    return { block: { conditions }, problems };
  }
  for (const [written, keys] of Object.entries(element)) {
    const { operator, set, ifExists } = parseOperatorName(written);
    if (!operator) {
      problems.push({ field: `Condition.${written}`, message: `unknown condition operator '${written}'`, fatal: true });
      continue;
    }
    if (!isPlainObject(keys)) {
      problems.push({ field: `Condition.${written}`, message: `operator '${written}' must map condition keys to values`, fatal: true });
      continue;
    }
    for (const [key, raw] of Object.entries(keys)) {
      const field = `Condition.${written}.${key}`;
      const list = Array.isArray(raw) ? raw : [raw];
      const policyValues: string[] = [];
      let bad = false;
      for (const item of list) {
        const text = normaliseValue(item);
        if (text === undefined) bad = true;
        else policyValues.push(text);
      }
      if (bad || list.length === 0) {
        problems.push({
          field,
          message: list.length === 0 ? 'condition has no values' : 'condition values must be strings, numbers or booleans',
          fatal: true,
        });
        continue;
      }
      const variables = usesVariables(operator, variablesOn);
      const templates = policyValues.map((v) => parseTemplate(v, variables));
      const needsRequest = templates.some((t) => t.hasVariables);
      const condition: CompiledCondition = {
        written,
        operator,
        set,
        ifExists,
        key,
        lowerKey: key.toLowerCase(),
        policyValues,
        templates,
        disputed: needsRequest && operator.variables === 'disputed' ? true : undefined,
      };
      if (!needsRequest) {
        const done = prepareAll(condition, undefined);
        if ('prepared' in done) {
          condition.prepared = done.prepared;
          const note = notesOf(done.prepared);
          if (note) problems.push({ field, message: note, fatal: false });
          // How a value was read where AWS does not say is told with the evidence, not as a problem.
          const assumptions = done.prepared.flatMap((p) => (p.ok && p.assumption ? [p.assumption] : []));
          const text = [note, ...new Set(assumptions)].filter(Boolean).join('; ');
          if (text) condition.staticNote = text;
        }
      }
      conditions.push(condition);
    }
  }
  return { block: { conditions }, problems };
}

// ─────────────────────────────── evaluation ───────────────────────────────

function anyPolicyValueMatches(operator: AnyConditionOperator, prepared: Prepared<unknown>[], requestValue: string): boolean {
  for (let i = 0; i < prepared.length; i++) {
    const p = prepared[i];
    if (p.ok && operator.test(requestValue, p.value)) return true;
  }
  return false;
}

/** Combines request values with prepared policy values per the set qualifier and negation. */
function combine(condition: CompiledCondition, prepared: Prepared<unknown>[], requestValues: string[]): boolean {
  const { operator, set } = condition;
  const negated = operator.negated;
  if (set === 'all') {
    // Every request value must match (or, negated, match none of) the policy values.
    for (let i = 0; i < requestValues.length; i++) {
      if (anyPolicyValueMatches(operator, prepared, requestValues[i]) === negated) return false;
    }
    return true;
  }
  if (set === 'any') {
    for (let i = 0; i < requestValues.length; i++) {
      if (anyPolicyValueMatches(operator, prepared, requestValues[i]) !== negated) return true;
    }
    return false;
  }
  // No qualifier: OR over all pairs; negated operators NOR.
  let any = false;
  for (let i = 0; i < requestValues.length && !any; i++) any = anyPolicyValueMatches(operator, prepared, requestValues[i]);
  return negated ? !any : any;
}

function whenMissing(condition: CompiledCondition): boolean {
  if (condition.ifExists) return true;
  if (condition.set === 'all') return true;
  if (condition.set === 'any') return false;
  return condition.operator.negated;
}

/**
 * request values that resolve to an empty data set (only empty strings) under a set
 * qualifier: ForAllValues holds and ForAnyValue does not. The key is still present, so Null and
 * …IfExists read it as present.
 */
function emptyUnderSet(condition: CompiledCondition, values: readonly string[]): boolean {
  if (condition.set === 'none') return false;
  for (let i = 0; i < values.length; i++) if (values[i] !== '') return false;
  return true;
}

function nullMatches(condition: CompiledCondition, missing: boolean): boolean {
  // values OR; "true" wants the key absent, "false" wants it present.
  const prepared = condition.prepared ?? [];
  for (const p of prepared) if (p.ok && p.value === missing) return true;
  return false;
}

/** Fast path: does one condition hold? No evidence is built. */
function conditionHolds(condition: CompiledCondition, context: RequestContext): boolean {
  const entry = context.get(condition.lowerKey);
  const missing = entry === undefined || entry.values.length === 0;
  if (condition.operator.family === 'null') return nullMatches(condition, missing);
  let prepared = condition.prepared;
  if (!prepared) {
    // R-35 first, as evidenceFor does: a variable that cannot be resolved invalidates the
    // statement even where a missing key would otherwise satisfy a negated operator.
    const done = prepareAll(condition, context);
    if (!('prepared' in done)) return false;
    prepared = done.prepared;
  }
  if (missing) return whenMissing(condition);
  if (emptyUnderSet(condition, entry!.values)) return condition.set === 'all';
  return combine(condition, prepared, entry!.values);
}

/** Verdict-only evaluation of a compiled block: all conditions must hold. */
export function conditionBlockHolds(block: CompiledConditionBlock, context: RequestContext): boolean {
  const conditions = block.conditions;
  for (let i = 0; i < conditions.length; i++) if (!conditionHolds(conditions[i], context)) return false;
  return true;
}

/**
 * R-35 where the context tells unknown keys from absent ones: how the condition's variables stand.
 * `absent`: a variable with no value and no default, which invalidates the statement whatever else
 * is unknown. `unknown`: no variable is absent, but one reads a key unknown for this request, so the
 * outcome is open, except where the condition's own key is known to be missing: then a
 * non-negated operator fails whatever the variables say (nothing is returned), and a negated or
 * …IfExists one holds as long as the statement is valid, which a default always makes it.
 */
function variablesOf(condition: CompiledCondition, context: RequestContext, missing: boolean): { standing: 'absent' | 'unknown'; key: string } | undefined {
  if (condition.prepared || !context.isUnknown) return undefined;
  const knownMissing = missing && !context.isUnknown(condition.lowerKey);
  if (knownMissing && !whenMissing(condition)) return undefined;
  return variablesStanding(condition.templates, context, !knownMissing);
}

function evidenceFor(condition: CompiledCondition, context: RequestContext): ConditionEvidence {
  const entry = context.get(condition.lowerKey);
  const requestValues = entry ? entry.values.slice() : [];
  const missing = entry === undefined || entry.values.length === 0;
  const evidence: ConditionEvidence = {
    operator: condition.written,
    key: condition.key,
    policyValues: condition.policyValues.slice(),
    requestValues,
    matched: false,
  };
  if (missing) evidence.keyMissing = true;
  const notes: string[] = [];
  if (condition.staticNote) notes.push(condition.staticNote);

  if (condition.operator.family === 'null') {
    evidence.matched = nullMatches(condition, missing);
  } else {
    const variables = variablesOf(condition, context, missing);
    if (variables?.standing === 'unknown') evidence.unknownVariable = variables.key;
    let prepared = condition.prepared;
    let unresolved = false;
    if (!prepared) {
      const done = prepareAll(condition, context);
      if ('prepared' in done) {
        prepared = done.prepared;
        if (done.resolved.some((v, i) => v !== condition.policyValues[i])) evidence.resolvedPolicyValues = done.resolved;
        const valueNote = notesOf(done.prepared);
        if (valueNote) notes.push(valueNote);
      } else if (variables?.standing === 'unknown') {
        // Not absent: the key is unknown, so the variable may well resolve.
        unresolved = true;
        notes.push(`policy variable \${${variables.key}} reads a key not known for this request; the condition is evaluated as if it were absent (R-35), but may hold`);
      } else {
        unresolved = true;
        const key = variables?.key ?? done.missing;
        evidence.unresolvedVariable = key;
        notes.push(unresolvedNote(key, key === done.missing && done.multivalued));
      }
    }
    if (condition.disputed) {
      notes.push('policy variable used with Bool: disputed (R-35 D); evaluated with the variable substituted, as the condition-operators page allows');
    }
    if (unresolved) evidence.matched = false;
    else if (missing) evidence.matched = whenMissing(condition);
    else if (emptyUnderSet(condition, requestValues)) {
      evidence.matched = condition.set === 'all';
      notes.push('the request\'s values are only empty strings, an empty set: ForAllValues holds, ForAnyValue does not (R-33)');
    } else evidence.matched = combine(condition, prepared!, requestValues);
  }
  if (notes.length) evidence.note = notes.join('; ');
  return evidence;
}

/** Evaluates a compiled block with evidence for every condition (none short-circuited). */
export function evaluateCompiledConditionBlock(block: CompiledConditionBlock, context: RequestContext): ConditionBlockResult {
  const conditions: ConditionEvidence[] = [];
  let matched = true;
  for (const condition of block.conditions) {
    const evidence = evidenceFor(condition, context);
    if (!evidence.matched) matched = false;
    conditions.push(evidence);
  }
  return { matched, conditions };
}

// Compiled blocks by Condition element, so the convenience entry point compiles each element once.
const compiledByElement = new WeakMap<object, Map<string, { block: CompiledConditionBlock; problems: ConditionProblem[] }>>();

/**
 * Evaluates a Condition element as written in a policy. Compiles it on first use (cached by the
 * element object). A condition AWS would refuse (unknown operator, values that are not strings,
 * numbers or booleans) fails, with the reason in its evidence note.
 */
export function evaluateConditionBlock(
  conditionElement: unknown,
  context: RequestContext,
  options: ConditionOptions = {},
): ConditionBlockResult {
  if (conditionElement === undefined) return { matched: true, conditions: [] };
  let compiled: { block: CompiledConditionBlock; problems: ConditionProblem[] } | undefined;
  const cacheKey = options.version ?? '';
  if (isPlainObject(conditionElement)) {
    let byVersion = compiledByElement.get(conditionElement);
    if (!byVersion) compiledByElement.set(conditionElement, (byVersion = new Map()));
    compiled = byVersion.get(cacheKey);
    if (!compiled) byVersion.set(cacheKey, (compiled = compileConditionBlock(conditionElement, options)));
  } else {
    compiled = compileConditionBlock(conditionElement, options);
  }
  const result = evaluateCompiledConditionBlock(compiled.block, context);
  const fatal = compiled.problems.filter((p) => p.fatal);
  if (fatal.length === 0) return result;
  for (const problem of fatal) {
    const [, operator = '', ...keyParts] = problem.field.split('.');
    result.conditions.push({ operator, key: keyParts.join('.'), policyValues: [], requestValues: [], matched: false, note: problem.message });
  }
  return { matched: false, conditions: result.conditions };
}
