import { invalid, ok, type ConditionOperator } from '../types';

// `"true"` means the key must be absent, `"false"` that it must be present. The evaluator
// decides presence; `test` is not used for this operator.
export const nullOperator: ConditionOperator<boolean> = {
  name: 'Null',
  family: 'null',
  negated: false,
  variables: 'no',
  prepare: (value) => {
    const lowered = value.text.toLowerCase();
    return lowered === 'true' ? ok(true) : lowered === 'false' ? ok(false) : invalid(`'${value.text}' is not true or false`);
  },
  test: () => false,
};
