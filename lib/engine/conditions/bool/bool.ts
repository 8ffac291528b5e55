import { invalid, ok, type ConditionOperator } from '../types';

// "true" / "false". AWS compares these without regard to case in practice (policies written
// with True are stored and honoured); the policy side is lowered once.
// R-35 (D): the variables page says Bool takes no policy variables, the operators page says it
// does; we follow the operators page (the newer text) and mark conditions that used one disputed.
export const bool: ConditionOperator<string> = {
  name: 'Bool',
  family: 'bool',
  negated: false,
  variables: 'disputed',
  prepare: (value) => {
    const lowered = value.text.toLowerCase();
    return lowered === 'true' || lowered === 'false' ? ok(lowered) : invalid(`'${value.text}' is not true or false`);
  },
  test: (requestValue, policyValue) =>
    requestValue === policyValue || (requestValue.length === policyValue.length && requestValue.toLowerCase() === policyValue),
};
