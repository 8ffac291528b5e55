import { ok, type ConditionOperator } from '../types';

// exact match ignoring case. The policy side is lowered once, at compile time.
export const stringEqualsIgnoreCase: ConditionOperator<string> = {
  name: 'StringEqualsIgnoreCase',
  family: 'string',
  negated: false,
  variables: 'yes',
  prepare: (value) => ok(value.text.toLowerCase()),
  test: (requestValue, policyValue) => requestValue === policyValue || requestValue.toLowerCase() === policyValue,
};
