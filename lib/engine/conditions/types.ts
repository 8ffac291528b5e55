// The one interface every condition operator implements. An operator knows how to read a
// policy value once (`prepare`) and how to compare one request value with it (`test`, always in
// the positive sense). Negation, missing keys, IfExists and the set qualifiers are the same for
// every operator and live in evaluate.ts, so an operator file holds only what is its own.

import type { GlobToken } from '../policy/wildcard';

export const CONDITION_FAMILIES = ['string', 'numeric', 'date', 'bool', 'binary', 'ip', 'arn', 'null'] as const;
export type ConditionFamily = (typeof CONDITION_FAMILIES)[number];

/** A policy value ready to compare: its text (variables substituted) and its wildcard structure. */
export interface PolicyValue {
  text: string;
  /** `*` and `?` written in the policy as wildcards; `${*}`/`${?}` and variable values as literal text. */
  tokens: GlobToken[];
}

/** A policy value read for comparison; `assumption` says how it was read where AWS does not document it. */
export type Prepared<P> = { ok: true; value: P; assumption?: string } | { ok: false; note: string };

/**
 * Whether policy variables are substituted in this operator's values: 'yes' for string and
 * ARN operators, 'no' for the rest, 'disputed' for Bool (the AWS pages disagree).
 */
export type VariableSupport = 'yes' | 'no' | 'disputed';

export interface ConditionOperator<P = unknown> {
  /** As AWS spells it: 'StringEquals', 'NotIpAddress', … */
  readonly name: string;
  readonly family: ConditionFamily;
  /** Negated operators NOR their values and are true when the key is missing. */
  readonly negated: boolean;
  readonly variables: VariableSupport;
  /** Reads one policy value; a value that can never be compared (bad date, bad CIDR) says why. */
  prepare(value: PolicyValue): Prepared<P>;
  /** Does one request value match one prepared policy value (positive sense)? */
  test(requestValue: string, policyValue: P): boolean;
}

export function ok<P>(value: P, assumption?: string): Prepared<P> {
  return assumption === undefined ? { ok: true, value } : { ok: true, value, assumption };
}

export function invalid<P>(note: string): Prepared<P> {
  return { ok: false, note };
}

/** The negated twin of a positive operator: same reading and comparison, opposite combination. */
export function negatedOperator<P>(positive: ConditionOperator<P>, name: string): ConditionOperator<P> {
  return {
    name,
    family: positive.family,
    negated: true,
    variables: positive.variables,
    prepare: positive.prepare,
    test: positive.test,
  };
}

/**
 * An operator of any prepared-value type. Each operator pairs its own `prepare` and `test`, so the
 * registry and the evaluator hold them side by side without knowing the type in between.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an existential type: each operator's P stays internal to it
export type AnyConditionOperator = ConditionOperator<any>;
