// The public API of the IAM policy language. The decision procedure imports from here only.

export { compilePolicy, type CompiledStatement } from './compile';
export { compileCallerSessionPolicy } from './session';
export { parsePolicyDocument, statementsOf, MAX_POLICY_DEPTH, MAX_POLICY_TEXT, type PolicyDocument } from './parse';
export { compilePrincipal, matchPrincipal, principalMatches, type CompiledPrincipal, type PrincipalEntry } from './principal';
export { compileAction, matchAction, isValidActionPattern } from './action';
export { compileGlob, matchGlob, type Glob } from './wildcard';
export { parseTemplate, resolveTemplate, VARIABLES_VERSION, type Template } from './variables';
export {
  evaluateConditionBlock,
  compileConditionBlock,
  evaluateCompiledConditionBlock,
  conditionBlockHolds,
  type CompiledConditionBlock,
  type ConditionOptions,
  type ConditionProblem,
} from '../conditions/evaluate';
export { CONDITION_OPERATORS, findOperator } from '../conditions/registry';
export {
  parseArn,
  parseCaller,
  accountOf,
  roleArnFromSessionArn,
  sameRoleIgnoringPath,
  isServicePrincipal,
  isAccountId,
  PARTITIONS,
  MAX_ARN_LENGTH,
  type ParsedArn,
  type ArnResourceType,
} from '../arn';
export * from './types';
