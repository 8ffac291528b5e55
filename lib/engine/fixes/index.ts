// Placeholder until the fixes module lands: owned by the fixes/diagram work (see issue 3, item 5).
import type { AssumeRoleRequest, Diagnosis, Fix } from '../types';

export function buildFixes(_diagnosis: Diagnosis, _snapshot: unknown, _request: AssumeRoleRequest): Fix[] {
  return [];
}
