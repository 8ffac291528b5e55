import { invalid, ok, type ConditionOperator } from '../types';
import { parseDate } from './parse-date';

// request date <= policy date; ISO 8601 or epoch seconds, no wildcards, no variables.
export const dateLessThanEquals: ConditionOperator<number> = {
  name: 'DateLessThanEquals',
  family: 'date',
  negated: false,
  variables: 'no',
  prepare: (value) => {
    const parsed = parseDate(value.text);
    return parsed === undefined ? invalid(`'${value.text}' is not an ISO 8601 date or epoch seconds`) : ok(parsed);
  },
  test: (requestValue, policyValue) => {
    const parsed = parseDate(requestValue);
    return parsed !== undefined && parsed <= policyValue;
  },
};
