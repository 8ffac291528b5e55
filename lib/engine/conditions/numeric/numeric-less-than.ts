import { invalid, ok, type ConditionOperator } from '../types';
import { parseNumber } from './parse-number';

// request value < policy value. Policy variables are not allowed in numeric values.
export const numericLessThan: ConditionOperator<number> = {
  name: 'NumericLessThan',
  family: 'numeric',
  negated: false,
  variables: 'no',
  prepare: (value) => {
    const parsed = parseNumber(value.text);
    return parsed === undefined ? invalid(`'${value.text}' is not a number`) : ok(parsed);
  },
  test: (requestValue, policyValue) => {
    const parsed = parseNumber(requestValue);
    return parsed !== undefined && parsed < policyValue;
  },
};
