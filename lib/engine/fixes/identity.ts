// Fixes on the caller's side: the identity policy (R-14, R-15), the permissions boundary (R-11,
// R-16b, R-17) and the identity side of sts:TagSession / sts:SetSourceIdentity. The allow always
// names exactly the role ARN, never "*".

import { statementLabel } from '../checks/run';
import type { ConditionEvidence, Fix, PolicyLocator, StatementEvidence } from '../types';
import { inlinePolicyName, policyFix, requestFix, sidFor, uniqueSid, type FixContext } from './context';
import { defaultVersionDocument, findManagedPolicy, splitArn, versionToDelete } from './lookup';
import { editableCopy, emptyPolicyDocument, viewPolicyDocument, type PolicyStatement } from './policy-document';
import { conditionedGrant, partDenial, partEvidence } from './parts';
import { mfaEdit } from './trust';

/** Where an inline policy for the caller goes: the user, or the role behind the session. */
function callerInlineLocator(context: FixContext, policyName: string): PolicyLocator | undefined {
  const { caller } = context;
  if (!caller.accountId || !caller.name) return undefined;
  if (caller.kind === 'user') return { kind: 'user-inline', account: caller.accountId, userName: caller.user?.UserName ?? caller.name, policyName };
  if (caller.kind === 'role-session') return { kind: 'role-inline', account: caller.accountId, roleName: caller.role?.RoleName ?? caller.name, policyName };
  return undefined;
}

/**
 * Roles whose policies IAM refuses to edit, so an inline-policy fix on them cannot be applied:
 * - IAM Identity Center roles (AWSReservedSSO_<permission set>_<id>, path
 *   /aws-reserved/sso.amazonaws.com/) are provisioned from a permission set and only the service
 *   may change them; the change belongs in the permission set, which Identity Center then
 *   provisions to the account. https://repost.aws/knowledge-center/identity-center-aws-reserved-sso
 *   https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_PutInlinePolicyToPermissionSet.html
 * - Service-linked roles (path /aws-service-role/) belong to their service: IAM rejects changes to
 *   their permissions (UnmodifiableEntity). https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-permissions.html
 */
function protectedCallerRole(context: FixContext): 'identity-center' | 'service-linked' | undefined {
  const { caller } = context;
  if (caller.kind !== 'role-session') return undefined;
  const path = caller.role?.Path ?? '';
  const name = caller.role?.RoleName ?? caller.name ?? '';
  if (path.startsWith('/aws-reserved/sso.amazonaws.com/') || name.startsWith('AWSReservedSSO_')) return 'identity-center';
  if (path.startsWith('/aws-service-role/') || (caller.roleArn ?? '').includes(':role/aws-service-role/')) return 'service-linked';
  return undefined;
}

/** Advice instead of an inline policy on a role IAM will not let anyone edit. */
function protectedRoleAdvice(context: FixContext, checkId: 'identity-policy' | 'tag-session' | 'source-identity', actions: string[]): Fix | undefined {
  const kind = protectedCallerRole(context);
  if (!kind) return undefined;
  const roleName = context.caller.role?.RoleName ?? context.caller.name ?? '';
  if (kind === 'identity-center') {
    // AWSReservedSSO_<permission set name>_<16 hex digits>
    const permissionSet = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/.exec(roleName)?.[1];
    const statement = { Effect: 'Allow', Action: actions.length === 1 ? actions[0] : actions, Resource: context.roleArn };
    return {
      check: checkId,
      title: `Allow ${actions.join(', ')} in the IAM Identity Center permission set${permissionSet ? ` ${permissionSet}` : ''}`,
      explanation: `The caller is a session of ${roleName}, a role IAM Identity Center created from ${permissionSet ? `the permission set ${permissionSet}` : 'a permission set'}; IAM refuses to change that role's policies, so no put-role-policy is generated. Add this statement to the permission set's inline policy (or to a customer managed policy the permission set references) in IAM Identity Center, then provision the permission set to account ${context.caller.accountId ?? ''} again: ${JSON.stringify(statement)}. It names exactly the role ARN (R-14).`,
    };
  }
  return {
    check: checkId,
    title: 'Make the call from a role you control',
    explanation: `The caller is a session of the service-linked role ${roleName}. Its permissions belong to the AWS service that owns it and cannot be changed in IAM, so nothing can be changed on the caller's side to allow ${actions.join(', ')} on ${context.roleArn}. Make this call from a role or user whose policies you manage.`,
  };
}

function existingInline(context: FixContext, locator: PolicyLocator): unknown {
  if (locator.kind === 'user-inline') return context.caller.user?.UserPolicyList?.find((policy) => policy.PolicyName === locator.policyName)?.PolicyDocument;
  if (locator.kind === 'role-inline') return context.caller.role?.RolePolicyList?.find((policy) => policy.PolicyName === locator.policyName)?.PolicyDocument;
  return undefined;
}

/** Actions this request needs from the caller's side on the role (R-38, R-39). */
function actionsNeeded(context: FixContext): string[] {
  const { request } = context;
  const actions: string[] = [request.action];
  if ((request.tags?.length ?? 0) > 0 || (request.transitiveTagKeys?.length ?? 0) > 0) actions.push('sts:TagSession');
  if (request.sourceIdentity !== undefined || context.request.callerSession?.sourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
  return actions;
}

const EXTRA_ACTION_CHECKS = new Map<string, 'tag-session' | 'source-identity'>([
  ['sts:TagSession', 'tag-session'],
  ['sts:SetSourceIdentity', 'source-identity'],
]);

/**
 * The actions a new Allow on the caller's `part` (its identity policies, its boundary) names:
 * every action the call needs, less an extra action that side already refuses through an
 * explicit Deny (an Allow cannot override it, R-02) or grants only under a condition that fails
 * (an unconditioned Allow beside it would cancel the condition). The tag-session /
 * source-identity fix answers for those.
 */
export function grantActions(context: FixContext, part: 'identity' | 'boundary'): string[] {
  return actionsNeeded(context).filter((action) => {
    const checkId = EXTRA_ACTION_CHECKS.get(action);
    const check = checkId ? context.check(checkId) : undefined;
    if (!check || check.status !== 'fail') return true;
    const parts = check.failedParts ?? (check.failedPart ? [check.failedPart] : []);
    if (!parts.includes(part)) return true;
    return partDenial(check, part) !== 'explicit' && !conditionedGrant(check, part);
  });
}

function callerLabel(context: FixContext): string {
  return context.caller.kind === 'role-session' ? `role ${context.caller.roleArn}` : `user ${context.caller.principalArn ?? context.caller.arn}`;
}

function addAllowStatement(context: FixContext, locator: PolicyLocator, actions: string[], sidPrefix: string): { before: unknown; after: Record<string, unknown> } {
  const beforeRaw = existingInline(context, locator);
  // The snapshot's own document when it is already an object (shared read-only, as policyFix
  // allows); only `after` is a copy, sharing the statements it leaves as they are.
  const current = viewPolicyDocument(beforeRaw);
  const document = current ? editableCopy(current) : emptyPolicyDocument();
  const statement: PolicyStatement = {
    Sid: uniqueSid(document, sidFor(sidPrefix, context.role?.RoleName ?? splitArn(context.roleArn)?.resource.split('/').pop() ?? 'Role')),
    Effect: 'Allow',
    Action: actions.length === 1 ? actions[0] : actions,
    Resource: context.roleArn,
  };
  document.Statement.push(statement);
  return { before: beforeRaw === undefined ? null : current, after: document };
}

/**
 * What the identity-policy fix is, decided once for identityPolicyFix and for the session-feature
 * fixes that must know whether it already covers their action: advice on an explicit deny; a
 * request change or review for an allow whose conditions fail (an unconditioned allow beside it
 * would cancel them for every later call); advice for a caller whose policies IAM will not let
 * us edit (Identity Center, service-linked), naming every action; or a new allow statement.
 */
export function identityFixKind(context: FixContext): 'deny' | 'conditioned' | 'protected' | 'allow' | undefined {
  const check = context.check('identity-policy');
  if (!check || check.status !== 'fail') return undefined;
  if (check.denial === 'explicit') return 'deny';
  if (conditionedGrant(check, 'identity')) return 'conditioned';
  if (protectedCallerRole(context)) return 'protected';
  return 'allow';
}

export function identityPolicyFix(context: FixContext): Fix | undefined {
  const check = context.check('identity-policy');
  const kind = identityFixKind(context);
  if (!check || !kind) return undefined;
  if (kind === 'deny') return explicitDenyAdvice(context, 'identity-policy', 'an identity policy');
  if (kind === 'conditioned') {
    const gated = conditionedGrant(check, 'identity')!;
    return conditionedAllowFix(context, gated.item, gated.failed);
  }
  if (kind === 'protected') return protectedRoleAdvice(context, 'identity-policy', grantActions(context, 'identity'));
  const roleName = context.role?.RoleName ?? context.roleArn.split('/').pop() ?? 'role';
  const locator = callerInlineLocator(context, inlinePolicyName('AllowAssume', roleName));
  if (!locator) return undefined;
  const actions = grantActions(context, 'identity');
  const { before, after } = addAllowStatement(context, locator, actions, 'AllowAssume');
  const crossAccount = context.caller.accountId !== context.roleAccountId;
  return policyFix(
    'identity-policy',
    `Allow ${callerLabel(context)} to call ${actions.join(', ')} on ${context.roleArn}`,
    [
      crossAccount
        ? `The role is in another account, so the caller's own account must also allow the call (R-14).`
        : `The trust policy admits the caller through its account, not by name, so an identity allow is also needed (R-15).`,
      `An inline policy allowing ${actions.join(', ')} on exactly this role ARN is the smallest grant.`,
      actions.length > 1 ? 'The extra actions are needed because this call passes session tags or a source identity (R-38, R-39).' : '',
    ]
      .filter(Boolean)
      .join(' '),
    locator,
    before,
    after,
  );
}

const MFA_KEYS = new Set(['aws:multifactorauthpresent', 'aws:multifactorauthage']);

function conditionedAllowFix(context: FixContext, item: StatementEvidence, failed: ConditionEvidence[], checkId: 'identity-policy' | 'permissions-boundary' = 'identity-policy'): Fix {
  const owner = checkId === 'identity-policy' ? 'identity policy' : 'permissions boundary';
  const where = `${statementLabel(item)} of ${item.policy.name}`;
  const keys = failed.map((condition) => condition.key);
  const intro = `${where} allows ${context.request.action} on ${context.roleArn}, but its condition${failed.length > 1 ? 's' : ''} on ${keys.join(', ')} ${failed.length > 1 ? 'do' : 'does'} not hold for this call.`;
  if (failed.every((condition) => MFA_KEYS.has(condition.key.toLowerCase()))) {
    const edits = failed.map((condition) => mfaEdit(context, condition, owner));
    if (!edits.some((edit) => edit.unfixable || !edit.request)) {
      const patch: Record<string, unknown> = {};
      for (const edit of edits) Object.assign(patch, edit.request);
      return requestFix(context, checkId, 'Call with MFA', [intro, ...edits.map((edit) => edit.describe)].join(' '), patch);
    }
    return { check: checkId, title: `Review the MFA condition of the ${owner}`, explanation: [intro, ...edits.map((edit) => edit.describe)].join(' ') };
  }
  return {
    check: checkId,
    title: `Review the condition in ${where}`,
    explanation: `${intro} We do not generate a change: an unconditioned allow beside that statement would cancel the condition for every later call. If this call should pass, meet the condition, or whoever owns ${item.policy.name} narrows or rewrites it.`,
  };
}

/**
 * Advice on an explicit Deny (R-02): never an Allow, which cannot override it. `evidence`: the
 * statements of the side that denied (default: the check's); `then`: what is still needed once
 * the Deny no longer applies.
 */
export function explicitDenyAdvice(
  context: FixContext,
  checkId: 'identity-policy' | 'permissions-boundary' | 'tag-session' | 'source-identity',
  where: string,
  evidence?: StatementEvidence[],
  then?: string,
): Fix {
  const check = context.check(checkId);
  const denies = (evidence ?? check?.evidence ?? []).filter((item) => item.effect === 'Deny');
  const named = denies.map((item) => `${statementLabel(item)} of ${item.policy.kind === 'trust' ? `the trust policy of ${context.roleArn}` : item.policy.name}`);
  return {
    check: checkId,
    title: `Remove or narrow the explicit deny in ${where}`,
    explanation: `An explicit Deny${named.length ? ` in ${named.join(', ')}` : ''} applies to this call, and no Allow anywhere can override it (R-02). We do not generate a change: the deny was written on purpose, so whoever owns it has to decide whether this call should be exempt.${then ? ` ${then}` : ''}`,
  };
}

/** `target`: which check the fix is for and which actions to allow (default: the permissions-boundary check, every action the call needs). */
export function permissionsBoundaryFix(context: FixContext, target?: { checkId: 'tag-session' | 'source-identity'; actions: string[] }): Fix | undefined {
  const checkId = target?.checkId ?? 'permissions-boundary';
  const check = context.check(checkId);
  if (!check) return undefined;
  // Filed under the check that failed (tag-session / source-identity too), naming its own Deny:
  // for those, the boundary's, which need not be the side the check's `denial` describes.
  if ((target ? partDenial(check, 'boundary') : check.denial) === 'explicit') {
    return explicitDenyAdvice(context, checkId, 'the permissions boundary', target ? partEvidence(check, 'boundary') : undefined);
  }
  const boundaryArn =
    check.evidence.find((item) => item.policy.kind === 'permissions-boundary' && item.policy.arn)?.policy.arn ??
    (context.caller.kind === 'user' ? context.caller.user?.PermissionsBoundary?.PermissionsBoundaryArn : context.caller.role?.PermissionsBoundary?.PermissionsBoundaryArn);
  if (!boundaryArn) return undefined;
  const policyAccount = splitArn(boundaryArn)?.account;
  if (!policyAccount || policyAccount === 'aws') {
    return {
      check: checkId,
      title: 'Use a customer managed permissions boundary that allows the call',
      explanation: `The boundary ${boundaryArn} is an AWS managed policy, which cannot be edited, and it does not allow ${(target?.actions ?? grantActions(context, 'boundary')).join(', ')} (R-11). Attach a customer managed boundary that allows it on ${context.roleArn}.`,
    };
  }
  // The boundary allows the call only under a condition that fails: an unconditioned statement
  // beside it would cancel that condition for every user and role with this boundary.
  const gated = target ? undefined : conditionedGrant(check, 'boundary');
  if (gated) return conditionedAllowFix(context, gated.item, gated.failed, 'permissions-boundary');
  const policy = findManagedPolicy(context.snapshot, boundaryArn);
  // Read without copying: the boundary's document is `before` (read-only); `after` is the copy.
  const current = policy ? viewPolicyDocument(defaultVersionDocument(policy)) : undefined;
  if (!current) return undefined;
  // A statement is added, none edited: the boundary's own statements are shared read-only.
  const after = editableCopy(current);
  const actions = target?.actions ?? grantActions(context, 'boundary');
  const deleteVersionId = policy ? versionToDelete(policy) : undefined;
  after.Statement.push({ Sid: uniqueSid(after, sidFor('BoundaryAllowAssume', context.role?.RoleName ?? 'Role')), Effect: 'Allow', Action: actions.length === 1 ? actions[0] : actions, Resource: context.roleArn });
  return policyFix(
    checkId,
    `Let the permissions boundary ${policy?.PolicyName ?? boundaryArn} allow ${actions.join(', ')} on ${context.roleArn}`,
    `The caller's permissions boundary caps what its identity policies can grant, and it does not allow this call (R-11${context.caller.kind === 'user' ? ', R-16b' : ', R-17'}). A new default version of the boundary with one statement for exactly this role ARN lifts the cap on this role for every user and role whose boundary is ${policy?.PolicyName ?? boundaryArn}, not for this caller alone; their own identity policies must still allow it. ${
      deleteVersionId
        ? `The policy already has five versions, the most IAM keeps, so the command first deletes ${deleteVersionId}, its oldest version that is not the default; check nobody needs it for a rollback.`
        : 'A managed policy keeps at most five versions.'
    }`,
    { kind: 'managed', account: policyAccount, policyArn: boundaryArn, ...(deleteVersionId ? { deleteVersionId } : {}) },
    current,
    after,
  );
}

/** The identity side of sts:TagSession / sts:SetSourceIdentity: a small inline policy of its own. */
export function identityExtraActionFix(context: FixContext, checkId: 'tag-session' | 'source-identity', extraAction: string, rule: string): Fix | undefined {
  const roleName = context.role?.RoleName ?? context.roleArn.split('/').pop() ?? 'role';
  const blocked = protectedRoleAdvice(context, checkId, [extraAction]);
  if (blocked) return blocked;
  const prefix = extraAction === 'sts:TagSession' ? 'AllowTagSession' : 'AllowSetSourceIdentity';
  const locator = callerInlineLocator(context, inlinePolicyName(prefix, roleName));
  if (!locator) return undefined;
  const { before, after } = addAllowStatement(context, locator, [extraAction], prefix);
  return policyFix(
    checkId,
    `Allow ${callerLabel(context)} to call ${extraAction} on ${context.roleArn}`,
    `The caller's identity policies must also allow ${extraAction} on the role when it is required for the call (${rule}). This grant names exactly the role ARN.`,
    locator,
    before,
    after,
  );
}
