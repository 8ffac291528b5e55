import { globFromTokens, matchGlob, type Glob } from '../../policy/wildcard';
import { ok, type ConditionOperator } from '../types';

// R-31: case-sensitive, `*` any run of characters, `?` one character ("you must specify wildcards
// to achieve partial string matches").
export const stringLike: ConditionOperator<Glob> = {
  name: 'StringLike',
  family: 'string',
  negated: false,
  variables: 'yes',
  prepare: (value) => ok(globFromTokens(value.tokens, false)),
  test: (requestValue, policyValue) => matchGlob(policyValue, requestValue),
};
