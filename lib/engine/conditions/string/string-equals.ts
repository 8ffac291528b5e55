import { ok, type ConditionOperator } from '../types';

// exact, case-sensitive; `*` and `?` are ordinary characters here.
export const stringEquals: ConditionOperator<string> = {
  name: 'StringEquals',
  family: 'string',
  negated: false,
  variables: 'yes',
  prepare: (value) => ok(value.text),
  test: (requestValue, policyValue) => requestValue === policyValue,
};
