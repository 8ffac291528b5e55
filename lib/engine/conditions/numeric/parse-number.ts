import { invalid, ok, type ConditionOperator } from '../types';
// Numbers as IAM writes them: integers or decimals, optionally signed. Anything else (hex, '',
// 'Infinity', '1,000') is not a number and can never match.
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * A numeric operator from its comparison: every numeric operator reads its policy value the same
 * way and differs only in how the two values compare. Policy variables are not allowed.
 */
export function numericComparison(name: string, compare: (requestValue: number, policyValue: number) => boolean): ConditionOperator<number> {
  return {
    name,
    family: 'numeric',
    negated: false,
    variables: 'no',
    prepare: (value) => {
      const parsed = parseNumber(value.text);
      return parsed === undefined ? invalid(`'${value.text}' is not a number`) : ok(parsed);
    },
    test: (requestValue, policyValue) => {
      const parsed = parseNumber(requestValue);
      return parsed !== undefined && compare(parsed, policyValue);
    },
  };
}
