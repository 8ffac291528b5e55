// The sides of a failing tag-session / source-identity check (R-38, R-39), read from its data:
// how each side refused (failedPart's denial, failedPartDenials for the others) and the
// statements that refused there. A side that refused through an explicit Deny gets advice on the
// Deny (R-02); a side whose statement grants the extra action under a condition that fails gets
// the change to the call that meets the condition, or advice — never a grant beside it.

import { statementLabel } from '../checks/run';
import type { Check, CheckPart, ConditionEvidence, Denial, Fix, PolicyKind, StatementEvidence } from '../types';
import { requestFix, type FixContext } from './context';
import { requestEditForCondition, type ConditionOwner } from './trust';

const PART_KINDS: Record<CheckPart, ReadonlySet<PolicyKind>> = {
  trust: new Set(['trust']),
  identity: new Set(['identity-inline', 'identity-managed', 'group-inline', 'group-managed']),
  boundary: new Set(['permissions-boundary']),
  session: new Set(['session-policy']),
};

const OWNERS: Record<CheckPart, ConditionOwner | undefined> = { trust: 'trust policy', identity: 'identity policy', boundary: 'permissions boundary', session: undefined };

/** How `part` refused: the check's denial for its failedPart, failedPartDenials for the others. */
export function partDenial(check: Check, part: CheckPart): Denial | undefined {
  return check.failedPartDenials?.[part] ?? (check.failedPart === part ? check.denial : undefined);
}

/** The check's evidence from `part`'s policies. */
export function partEvidence(check: Check, part: CheckPart): StatementEvidence[] {
  const kinds = PART_KINDS[part];
  return check.evidence.filter((item) => kinds.has(item.policy.kind));
}

/**
 * A statement of `part` that grants the extra action (to the caller, on the role) but whose
 * conditions fail: the one with the fewest failing conditions, the first of equals.
 */
export function conditionedGrant(check: Check, part: CheckPart): { item: StatementEvidence; failed: ConditionEvidence[] } | undefined {
  let chosen: { item: StatementEvidence; failed: ConditionEvidence[] } | undefined;
  for (const item of partEvidence(check, part)) {
    if (item.effect !== 'Allow' || item.conditionsMatched !== false) continue;
    if (item.principalMatched === false || item.actionMatched === false || item.resourceMatched === false) continue;
    const failed = (item.conditions ?? []).filter((condition) => !condition.matched);
    if (failed.length > 0 && (chosen === undefined || failed.length < chosen.failed.length)) chosen = { item, failed };
  }
  return chosen;
}

/** The request fields a patch changes, in words for a title. */
function patchWords(patch: Record<string, unknown>): string {
  const words: string[] = [];
  if (patch.sourceIdentity !== undefined || patch.webIdentity !== undefined || patch.saml !== undefined) words.push('the source identity');
  if (patch.tags !== undefined) words.push('the session tag value');
  if (patch.externalId !== undefined) words.push('the external ID');
  if (patch.roleSessionName !== undefined) words.push('the session name');
  return words.join(' and ');
}

/**
 * `part`'s statement grants `extraAction` only under conditions that fail for this call: the call
 * changes to meet them (a value the condition admits, a literal or a policy variable resolved for
 * this caller such as ${aws:username}), or, when the caller cannot meet one, advice for the
 * condition's owner. No grant is generated: beside the statement it would cancel the condition.
 */
export function conditionedGrantFix(
  context: FixContext,
  checkId: 'tag-session' | 'source-identity',
  extraAction: string,
  rule: string,
  part: CheckPart,
  grant: { item: StatementEvidence; failed: ConditionEvidence[] },
): Fix | undefined {
  const owner = OWNERS[part];
  if (!owner) return undefined;
  const policy = part === 'trust' ? `the trust policy of ${context.roleArn}` : grant.item.policy.name;
  const label = `${statementLabel(grant.item)} of ${policy}`;
  const keys = grant.failed.map((condition) => condition.key);
  const several = grant.failed.length > 1;
  const intro = `${label} allows ${extraAction} ${part === 'trust' ? 'for the caller' : `on ${context.roleArn}`} only when its condition${several ? 's' : ''} on ${keys.join(', ')} hold${several ? '' : 's'}, and for this call ${several ? 'they do' : 'it does'} not (${rule}). No grant of ${extraAction} is generated beside it: one would cancel that condition for every later call, not only for this one.`;
  let tags = context.request.tags ?? [];
  const patch: Record<string, unknown> = {};
  const edits = grant.failed.map((condition) => {
    const edit = requestEditForCondition(context, condition, owner, tags);
    if (edit.request) {
      const { context: contextPatch, ...rest } = edit.request as Record<string, unknown> & { context?: Record<string, unknown> };
      Object.assign(patch, rest);
      if (contextPatch) patch.context = { ...(patch.context as Record<string, unknown> | undefined), ...contextPatch };
      if (rest.tags) tags = rest.tags as typeof tags;
    }
    return edit;
  });
  const describes = edits.map((edit) => edit.describe).filter(Boolean);
  if (edits.every((edit) => edit.request && !edit.unfixable)) {
    const mfa = patch.serialNumber !== undefined || patch.callerSession !== undefined;
    const words = patchWords(patch);
    const title = words ? `Send ${words} the ${owner} admits${mfa ? ', with MFA' : ''}` : mfa ? 'Call with MFA' : `Meet the condition in ${label}`;
    const fix = requestFix(context, checkId, title, [intro, ...describes].join(' '), patch);
    if (patch.webIdentity !== undefined || patch.saml !== undefined) {
      fix.cli = `# no policy change: the identity provider must issue the value the explanation names; then make the same call:\n${fix.cli}`;
    }
    return fix;
  }
  return {
    check: checkId,
    title: `Review the condition on ${extraAction} in ${label}`,
    explanation: [intro, ...describes, `If this call should pass, meet the condition, or whoever owns ${policy} narrows or rewrites it.`].join(' '),
  };
}
