// Every condition operator AWS documents, by name. IfExists and the set qualifiers are
// prefixes/suffixes handled by the evaluator, not separate operators.

import { arnEquals } from './arn/arn-equals';
import { arnLike } from './arn/arn-like';
import { arnNotEquals } from './arn/arn-not-equals';
import { arnNotLike } from './arn/arn-not-like';
import { binaryEquals } from './binary/binary-equals';
import { bool } from './bool/bool';
import { dateEquals } from './date/date-equals';
import { dateGreaterThan } from './date/date-greater-than';
import { dateGreaterThanEquals } from './date/date-greater-than-equals';
import { dateLessThan } from './date/date-less-than';
import { dateLessThanEquals } from './date/date-less-than-equals';
import { dateNotEquals } from './date/date-not-equals';
import { ipAddress } from './ip/ip-address';
import { notIpAddress } from './ip/not-ip-address';
import { nullOperator } from './null/null';
import { numericEquals } from './numeric/numeric-equals';
import { numericGreaterThan } from './numeric/numeric-greater-than';
import { numericGreaterThanEquals } from './numeric/numeric-greater-than-equals';
import { numericLessThan } from './numeric/numeric-less-than';
import { numericLessThanEquals } from './numeric/numeric-less-than-equals';
import { numericNotEquals } from './numeric/numeric-not-equals';
import { stringEquals } from './string/string-equals';
import { stringEqualsIgnoreCase } from './string/string-equals-ignore-case';
import { stringLike } from './string/string-like';
import { stringNotEquals } from './string/string-not-equals';
import { stringNotEqualsIgnoreCase } from './string/string-not-equals-ignore-case';
import { stringNotLike } from './string/string-not-like';
import type { AnyConditionOperator } from './types';

export const CONDITION_OPERATORS: readonly AnyConditionOperator[] = [
  stringEquals,
  stringNotEquals,
  stringEqualsIgnoreCase,
  stringNotEqualsIgnoreCase,
  stringLike,
  stringNotLike,
  numericEquals,
  numericNotEquals,
  numericLessThan,
  numericLessThanEquals,
  numericGreaterThan,
  numericGreaterThanEquals,
  dateEquals,
  dateNotEquals,
  dateLessThan,
  dateLessThanEquals,
  dateGreaterThan,
  dateGreaterThanEquals,
  bool,
  binaryEquals,
  ipAddress,
  notIpAddress,
  arnEquals,
  arnLike,
  arnNotEquals,
  arnNotLike,
  nullOperator,
];

const byName = new Map<string, AnyConditionOperator>(CONDITION_OPERATORS.map((op) => [op.name.toLowerCase(), op]));

/**
 * Looks an operator up ignoring case. Whether IAM refuses other spellings is not documented; a
 * policy found in an account was accepted by AWS, so reading it leniently cannot invent a verdict.
 */
export function findOperator(name: string): AnyConditionOperator | undefined {
  return byName.get(name.toLowerCase());
}
