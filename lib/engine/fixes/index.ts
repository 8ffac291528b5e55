// Fixes: for each failing check, the smallest change that would make the call pass — a policy
// patch (or a request / setting patch) with the AWS CLI command and Terraform snippet that apply it.
// Pure and synchronous, like the rest of the engine.

import { diagnose } from '../diagnose';
import { CHECK_IDS, type AssumeRoleRequest, type Check, type CheckId, type CheckPart, type Diagnosis, type Fix, type Snapshot } from '../types';
import { applyFix } from './apply';
import { adviceFix, requestValidFix, stsRegionFix } from './advice';
import { makeContext, type FixContext } from './context';
import { explicitDenyAdvice, grantActions, identityExtraActionFix, identityFixKind, identityPolicyFix, permissionsBoundaryFix } from './identity';
import { asSnapshotView } from './lookup';
import { durationFixes, sourceIdentityChangeFix, webIdentityFix } from './session';
import { conditionedGrant, conditionedGrantFix, partDenial, partEvidence } from './parts';
import { trustConditionsFixes, trustExtraActionFix, trustPrincipalFix, trustSideAllows } from './trust';

export { applyFix } from './apply';
export type { AppliedFix } from './apply';

/** `snapshot` is the Snapshot, or the engine's indexed snapshot carrying it. */
export function buildFixes(diagnosis: Diagnosis, snapshot: unknown, request: AssumeRoleRequest): Fix[] {
  // Allowed calls (most of them) need no context at all.
  if (!hasFixableFailure(diagnosis)) return [];
  const view = asSnapshotView(snapshot);
  if (!view) return [];
  const context = makeContext(diagnosis, view, request);
  // Credentials that can never make this call (root, GetFederationToken: R-48; another partition:
  // P-01) need a different caller: a policy change for these credentials could not help.
  const caller = context.check('caller');
  if (caller?.status === 'fail' && (caller.rules.includes('R-48') || caller.rules.includes('P-01'))) {
    const fix = adviceFix(context, 'caller');
    return fix ? [fix] : [];
  }
  const fixes: Fix[] = [];
  // The failing checks, in the diagnosis's order, read from its list of their ids: a few of
  // seventeen checks, each looked up where the engine put it.
  for (const id of diagnosis.failedChecks) {
    const check = context.check(id);
    if (check?.status !== 'fail') continue;
    const built = fixesForCheck(context, check.id);
    fixes.push(...(sharesADocument(fixes, built) ? chainOnEarlier(fixes, built, check.id, diagnosis, view.raw, request) : built));
  }
  return fixes;
}

function denyMayStillApply(keys: string[]): string {
  return `This change supplies the Allow that is missing, but the Deny statement the check names may still refuse the call: whether it applies depends on ${keys.join(', ')}, not known for this request. Once this is applied, give ${keys.length > 1 ? 'them' : 'it'} to know the outcome.`;
}

/**
 * The fixes for one failing check, built from `context` alone. A side refused either way (no
 * Allow, and a Deny on an unknown key): an Allow ends only the implicit refusal, the Deny may still
 * apply, and each fix that adds one says so (first builds and rebuilds on an earlier fix alike).
 */
function fixesForCheck(context: FixContext, id: CheckId): Fix[] {
  const fixes = buildForCheck(context, id);
  const keys = context.check(id)?.denialDependsOn;
  if (keys) for (const fix of fixes) if (fix.policyPatch) fix.explanation += ` ${denyMayStillApply(keys)}`;
  return fixes;
}

function buildForCheck(context: FixContext, id: CheckId): Fix[] {
  const fixes: Fix[] = [];
  switch (id) {
    case 'trust-principal':
      push(fixes, trustPrincipalFix(context));
      break;
    case 'trust-conditions':
      fixes.push(...trustConditionsFixes(context));
      break;
    case 'identity-policy':
      push(fixes, identityPolicyFix(context));
      break;
    case 'permissions-boundary':
      push(fixes, permissionsBoundaryFix(context));
      break;
    case 'tag-session':
      fixes.push(...extraActionFixes(context, 'tag-session', 'sts:TagSession', 'R-39'));
      break;
    case 'source-identity': {
      const change = sourceIdentityChangeFix(context);
      if (change) fixes.push(change);
      else fixes.push(...extraActionFixes(context, 'source-identity', 'sts:SetSourceIdentity', 'R-38'));
      break;
    }
    case 'duration':
      fixes.push(...durationFixes(context));
      break;
    case 'web-identity':
      push(fixes, webIdentityFix(context));
      break;
    case 'request-valid':
      push(fixes, requestValidFix(context));
      break;
    case 'sts-region':
      fixes.push(stsRegionFix(context));
      break;
    case 'caller':
    case 'scp':
    case 'rcp':
    case 'trust-deny':
    case 'session-policy':
    case 'saml':
      push(fixes, adviceFix(context, id));
      break;
    default:
      break;
  }
  return fixes;
}

// ─────────────────────── fixes of several checks to one document ───────────────────────
//
// update-assume-role-policy and create-policy-version replace the whole document, and each fix is
// written from the snapshot's version: a second fix to the document an earlier fix changes would
// undo that change (a boundary version allowing sts:TagSession alone after one allowing
// sts:AssumeRole too; a trust policy with sts:TagSession added but the SourceIp widening gone).
// So a later check's fix to that document is built again on the world the earlier fix makes: the
// call is diagnosed again with the earlier fix applied, and the later check's fix for the same
// document, now starting from the earlier fix's `after` (and so keeping its change), replaces it
// (`buildsOn` names the earlier fix; apply it first). When the earlier fix already clears the
// later check, the later fix is dropped and the earlier one says so (`alsoClears`).

/** The document a fix's policy patch replaces (a managed policy's version to delete aside). */
function documentKey(fix: Fix): string | undefined {
  const locator = fix.policyPatch?.locator;
  if (!locator) return undefined;
  switch (locator.kind) {
    case 'trust':
      return `trust ${locator.account} ${locator.roleName}`;
    case 'role-inline':
      return `role-inline ${locator.account} ${locator.roleName} ${locator.policyName}`;
    case 'user-inline':
      return `user-inline ${locator.account} ${locator.userName} ${locator.policyName}`;
    case 'managed':
      return `managed ${locator.policyArn}`;
  }
}

/**
 * Checks whose fixes are one per side of the call (each a change of its own, to apply together),
 * rather than alternatives of which the first is recommended.
 */
const ONE_FIX_PER_SIDE = new Set<CheckId>(['tag-session', 'source-identity']);

/**
 * The earlier fixes a fix to `key` must build on: for each earlier check, its fix to that
 * document — the first of a check whose fixes are alternatives only when it is the recommended one
 * (a later fix is not built on a second, warned alternative).
 */
function earlierFixesTo(fixes: Fix[], key: string): number[] {
  const chosen: number[] = [];
  const seen = new Set<CheckId | undefined>();
  fixes.forEach((fix, index) => {
    if (seen.has(fix.check)) return;
    if (fix.check && ONE_FIX_PER_SIDE.has(fix.check)) {
      if (documentKey(fix) !== key) return;
    } else if (fixes.findIndex((other) => other.check === fix.check) !== index || documentKey(fix) !== key) {
      seen.add(fix.check);
      return;
    }
    seen.add(fix.check);
    chosen.push(index);
  });
  return chosen;
}

function sharesADocument(fixes: Fix[], built: Fix[]): boolean {
  if (fixes.length === 0) return false;
  return built.some((fix) => {
    const key = documentKey(fix);
    return key !== undefined && earlierFixesTo(fixes, key).length > 0;
  });
}

/** `built` (the fixes for `checkId`), each fix to a document an earlier fix changes built again on that fix's result. */
function chainOnEarlier(fixes: Fix[], built: Fix[], checkId: CheckId, diagnosis: Diagnosis, snapshot: Snapshot, request: AssumeRoleRequest): Fix[] {
  const out: Fix[] = [];
  // One world per set of earlier fixes, with this check's fixes built again in it once: a check's
  // alternatives to one document (a recommended fix and a widening one) are rebuilt in order.
  const worlds = new Map<string, { world: { snapshot: Snapshot; request: AssumeRoleRequest }; again: Diagnosis; rebuilt?: Fix[] } | null>();
  const used = new Map<string, number>();
  for (const fix of built) {
    const key = documentKey(fix);
    const earlier = key === undefined ? [] : earlierFixesTo(fixes, key);
    if (key === undefined || earlier.length === 0) {
      out.push(fix);
      continue;
    }
    const worldKey = earlier.join(',');
    if (!worlds.has(worldKey)) worlds.set(worldKey, worldAfter(fixes, earlier, snapshot, request, diagnosis));
    const made = worlds.get(worldKey);
    if (!made) {
      // A world the earlier fixes cannot make (applyFix refuses it): the fix as first built.
      out.push(fix);
      continue;
    }
    const { world, again } = made;
    const last = earlier[earlier.length - 1];
    const base = fixes[last];
    const check = again.checks.find((candidate) => candidate.id === checkId);
    if (check?.status === 'unknown') {
      // The earlier change leaves this check open (a Deny on a key not known for this request, say):
      // not cleared, and a second change to the document would only undo the first.
      const note = ` After this change the ${checkId} check still depends on ${again.unknownContextKeys?.join(', ') || 'facts not known for this request'}, so no separate ${checkId} fix is given.`;
      if (!base.explanation.endsWith(note)) base.explanation += note;
      continue;
    }
    if (check?.status !== 'fail') {
      // The earlier change clears this check as well: a second one to the document would only undo it.
      if (!base.alsoClears?.includes(checkId)) {
        base.alsoClears = [...(base.alsoClears ?? []), checkId];
        base.explanation += ` This change also clears the ${checkId} check (it allows what that check needs on the same document), so no separate ${checkId} fix is given.`;
      }
      continue;
    }
    if (made.rebuilt === undefined) {
      const view = asSnapshotView(world.snapshot);
      made.rebuilt = view ? fixesForCheck(makeContext(again, view, world.request), checkId) : [];
    }
    // The n-th fix to this document among the first build is the n-th among the rebuilt ones.
    const nth = used.get(`${worldKey}|${key}`) ?? 0;
    used.set(`${worldKey}|${key}`, nth + 1);
    const rebuilt = made.rebuilt.filter((candidate) => documentKey(candidate) === key)[nth];
    if (!rebuilt) {
      // The earlier change made this side's change unnecessary; the check's other fixes stay.
      const note = ` This change also covers what the ${checkId} check needs on the same document, so no ${checkId} fix changes it again.`;
      if (!base.explanation.endsWith(note)) base.explanation += note;
      continue;
    }
    rebuilt.buildsOn = last;
    rebuilt.explanation += ` Apply after fix ${last + 1} (${base.title}): both change the ${fix.policyPatch!.target}, and each command replaces the whole document, so this one starts from that fix's result and keeps its change.`;
    out.push(rebuilt);
  }
  return out;
}

/** The snapshot and request once `earlier` fixes are applied, diagnosed on the same clock; null when applyFix refuses them. */
function worldAfter(fixes: Fix[], earlier: number[], snapshot: Snapshot, request: AssumeRoleRequest, diagnosis: Diagnosis) {
  let world = { snapshot, request };
  try {
    for (const index of earlier) world = applyFix(world.snapshot, world.request, fixes[index]);
    return { world, again: diagnose(world.snapshot, world.request, { fixes: false, diagrams: false, now: diagnosisTime(diagnosis, request) }) };
  } catch {
    return null;
  }
}

/** The time the diagnosis used when the request gave none (the `now` option), so the second diagnosis reads the same clock. */
function diagnosisTime(diagnosis: Diagnosis, request: AssumeRoleRequest): string | undefined {
  const given = request.context && Object.keys(request.context).some((key) => /^aws:(currenttime|epochtime)$/i.test(key));
  if (given) return undefined;
  return diagnosis.context.find((entry) => entry.key.toLowerCase() === 'aws:currenttime' && entry.origin === 'derived')?.values[0];
}

const FIXABLE = new Set<string>(CHECK_IDS.filter((id) => id !== 'role-exists'));

/** Read from the diagnosis's list of failing check ids: one array, not every check object. */
function hasFixableFailure(diagnosis: Diagnosis): boolean {
  for (const id of diagnosis.failedChecks) if (FIXABLE.has(id)) return true;
  return false;
}

function push(fixes: Fix[], fix: Fix | undefined): void {
  if (fix) fixes.push(fix);
}

/** Trust side, identity side or boundary of sts:TagSession / sts:SetSourceIdentity. */
function extraActionFixes(context: FixContext, checkId: 'tag-session' | 'source-identity', extraAction: string, rule: string): Fix[] {
  const fixes: Fix[] = [];
  const check = context.check(checkId);
  const identity = context.check('identity-policy');
  // When the identity-policy fix is offered it already includes the extra action.
  // An allow it writes, or the advice for a caller we cannot edit, names every action the call needs.
  const identityKind = identityFixKind(context);
  const identityFixCovers = (identityKind === 'allow' || identityKind === 'protected') && grantActions(context, 'identity').includes(extraAction);
  // The check reports which side refused (failedPart): data, not words in its summary.
  let side: CheckPart | undefined = check?.failedPart;
  if (!side) {
    const trustAllows = trustSideAllows(context, extraAction);
    side = trustAllows === false ? 'trust' : identity?.status === 'pass' ? 'identity' : undefined;
  }
  // Each side that refused needs its own change: fixing one alone leaves the call denied.
  const sides = check?.failedParts?.length ? check.failedParts : side ? [side] : [];
  for (const part of sides) {
    // A side that refused through an explicit Deny gets advice on it: no Allow can override a
    // Deny. A side whose statement grants the action under a condition that fails gets the
    // change to the call that meets it, or advice: a grant beside it would cancel the condition.
    // Neither is read from the words of the summary: the check's data says how each side refused.
    const explicit = check ? partDenial(check, part) === 'explicit' : false;
    const gated = check && !explicit ? conditionedGrant(check, part) : undefined;
    if (check && explicit && part !== 'session') {
      push(fixes, denyAdvice(context, check, checkId, extraAction, part));
      continue;
    }
    if (gated) {
      push(fixes, conditionedGrantFix(context, checkId, extraAction, rule, part, gated));
      continue;
    }
    switch (part) {
      case 'trust':
        push(fixes, trustExtraActionFix(context, checkId, extraAction, rule));
        break;
      case 'identity':
        if (!identityFixCovers) push(fixes, identityExtraActionFix(context, checkId, extraAction, rule));
        break;
      case 'boundary':
        push(fixes, permissionsBoundaryFix(context, { checkId, actions: [extraAction] }));
        break;
      default:
        break;
    }
  }
  if (sides.length > 1 && fixes.length > 0) {
    const names: Record<CheckPart, string> = { trust: 'the trust policy', identity: "the caller's identity policies", boundary: 'its permissions boundary', session: 'its session policy' };
    // The identity side's change may live in the identity-policy fix: say where, so it is not left undone.
    const elsewhere = sides.includes('identity') && identityFixCovers ? ' and the identity-policy fix, which allows it on the caller\'s side' : '';
    const note = ` Each of ${sides.map((part) => names[part]).join(', ')} refuses ${extraAction}: apply every ${checkId} fix${elsewhere}; one alone leaves the call denied.`;
    for (const fix of fixes) fix.explanation += note;
  }
  return fixes;
}

/** Advice on the explicit Deny with which `part` refused the extra action, filed under the check. */
function denyAdvice(context: FixContext, check: Check, checkId: 'tag-session' | 'source-identity', extraAction: string, part: CheckPart): Fix | undefined {
  if (part === 'boundary') return permissionsBoundaryFix(context, { checkId, actions: [extraAction] });
  if (part === 'identity') return explicitDenyAdvice(context, checkId, 'an identity policy', partEvidence(check, 'identity'));
  // The trust policy: once its Deny no longer applies, an Allow for the caller is needed too.
  const then = trustSideAllows(context, extraAction) === false ? `Once it no longer applies, the trust policy must also allow ${extraAction} for the caller (${extraAction === 'sts:TagSession' ? 'R-39' : 'R-38'}).` : undefined;
  return explicitDenyAdvice(context, checkId, 'the trust policy', partEvidence(check, 'trust'), then);
}
