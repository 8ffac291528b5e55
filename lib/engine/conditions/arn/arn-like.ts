import { invalid, ok, type ConditionOperator } from '../types';
import { compileArnPattern, matchArnPattern, type ArnPattern } from './arn-pattern';

// case-sensitive, wildcards allowed in every part, each part compared on its own.
export const arnLike: ConditionOperator<ArnPattern> = {
  name: 'ArnLike',
  family: 'arn',
  negated: false,
  variables: 'yes',
  prepare: (value) => {
    const pattern = compileArnPattern(value.tokens);
    return pattern ? ok(pattern) : invalid(`'${value.text}' is not an ARN (six colon-separated parts) or "*"`);
  },
  test: (requestValue, pattern) => matchArnPattern(pattern, requestValue),
};
