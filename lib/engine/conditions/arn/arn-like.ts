import { ok, type ConditionOperator } from '../types';
import { compileArnPattern, matchArnPattern, type ArnPattern } from './arn-pattern';

// case-sensitive, wildcards allowed in every part, each part compared on its own.
export const arnLike: ConditionOperator<ArnPattern> = {
  name: 'ArnLike',
  family: 'arn',
  negated: false,
  variables: 'yes',
  prepare: (value) => ok(compileArnPattern(value.tokens)),
  test: (requestValue, pattern) => matchArnPattern(pattern, requestValue),
};
