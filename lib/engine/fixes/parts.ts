// The sides of a failing tag-session / source-identity check, read from its data:
// how each side refused (failedPart's denial, failedPartDenials for the others) and the
// statements that refused there. A side that refused through an explicit Deny gets advice on the
// Deny, never an Allow.

import type { Check, CheckPart, Denial, PolicyKind, StatementEvidence } from '../types';

const PART_KINDS: Record<CheckPart, ReadonlySet<PolicyKind>> = {
  trust: new Set(['trust']),
  identity: new Set(['identity-inline', 'identity-managed', 'group-inline', 'group-managed']),
  boundary: new Set(['permissions-boundary']),
  session: new Set(['session-policy']),
};

/** How `part` refused: the check's denial for its failedPart, failedPartDenials for the others. */
export function partDenial(check: Check, part: CheckPart): Denial | undefined {
  return check.failedPartDenials?.[part] ?? (check.failedPart === part ? check.denial : undefined);
}

/** The check's evidence from `part`'s policies. */
export function partEvidence(check: Check, part: CheckPart): StatementEvidence[] {
  const kinds = PART_KINDS[part];
  return check.evidence.filter((item) => kinds.has(item.policy.kind));
}
