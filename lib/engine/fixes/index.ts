// Fixes: for each failing check, the smallest change that would make the call pass, as a policy
// patch (or a request / setting patch), an AWS CLI command and a Terraform snippet.
import type { AssumeRoleRequest, Diagnosis, Fix } from '../types';

export { applyFix } from './apply';
export type { AppliedFix } from './apply';

export function buildFixes(_diagnosis: Diagnosis, _snapshot: unknown, _request: AssumeRoleRequest): Fix[] {
  return [];
}
