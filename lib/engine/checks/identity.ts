// The caller's side of the call: identity policies (R-14…R-18), permissions boundary (R-11,
// R-16b, R-17, R-18) and the calling session's session policy (R-12, R-18). Whether each must
// ALLOW depends on how the trust policy named the caller (requirementFor); an explicit Deny in
// any of them always refuses (R-02).

import { explicitDenyEnding } from '../aws-error';
import type { CheckId } from '../types';
import {
  constantRules,
  ASSUME_ROLE,
  boundaryPolicy,
  callerIdentityPolicies,
  callerSessionPolicies,
  eitherDenialWords,
  unknownKeysIn,
  evaluateSet,
  evidenceOf,
  explainStatementConditions,
  outcome,
  policyLabel,
  requirementFor,
  where,
  type Outcome,
  type Run,
  type SetResult,
} from './run';

// Each side's rules: constants, so verdict mode can share the outcomes that carry them.
const IDENTITY_RULES = constantRules(['R-14', 'R-15', 'R-16', 'R-17', 'R-18', 'R-20']);
const BOUNDARY_RULES = constantRules(['R-11', 'R-07', 'R-16b', 'R-17', 'R-18']);
const SESSION_POLICY_RULES = constantRules(['R-12', 'R-17', 'R-18']);

function subject(run: Run): string {
  const id = run.caller.identity;
  if (id.kind === 'user') return `user ${run.caller.user?.name ?? id.arn}`;
  if (id.kind === 'role-session') return `role ${run.caller.role?.name ?? id.roleArn}`;
  return id.arn;
}

/** Outcome for a part that does not concern this kind of caller (or returns undefined when it does). */
function notApplicable(run: Run, rules: string[], what: string): Outcome | undefined {
  const id = run.caller.identity;
  const full = run.full;
  if (run.prepared.action !== ASSUME_ROLE) return outcome('skip', full ? `${run.prepared.action} has no signed caller, so no ${what} takes part (R-56).` : '', rules);
  if (id.kind === 'service') return outcome('skip', full ? `The caller is the service ${id.service}, which has no ${what}; the role's trust policy decides (an RCP on the role's account can still deny) (R-25, R-09).` : '', [...rules, 'R-25', 'R-09']);
  if (id.kind === 'root' || id.kind === 'federated-user') return outcome('skip', full ? `Not evaluated: this caller cannot call sts:AssumeRole at all (see caller).` : '', rules);
  if (!run.caller.accountKnown) return outcome('unknown', full ? `The caller's account ${id.accountId} is not in the snapshot, so its ${what} is unknown.` : '', rules);
  if (run.caller.entityMissing) {
    return outcome('unknown', full ? `${id.kind === 'user' ? 'User' : 'The role behind session'} ${id.arn} is not in account ${id.accountId}'s data, so its ${what} is unknown.` : '', rules);
  }
  return undefined;
}

function denyOutcome(run: Run, result: SetResult, action: string, rules: string[]): Outcome {
  const st = result.denies[0];
  const summary = run.full ? `${st ? where(st) : policyLabel(result.denyPolicy!)} explicitly denies ${action} on ${run.prepared.request.roleArn}; an explicit Deny applies however the trust policy names the caller (R-02).` : '';
  return outcome('fail', summary, ['R-02', ...rules], { denial: 'explicit', evidence: evidenceOf(run, result.denies), refusedAction: action });
}

/**
 * A side that must allow, where nothing can allow and a Deny may apply (evaluateSet's
 * deny-or-none): refused either way. The check reports it as implicit, the form AWS shows when the
 * Deny does not apply; the summary (`why`: what does not allow, and why it must) names the Deny,
 * what it depends on, and the documented form AWS shows when it applies. `check`: the check this
 * side is, when its failure is that check's own (not a part of tag-session / source-identity).
 */
function refusedEitherWay(run: Run, result: SetResult, action: string, rules: string[], why: string, implicitWhy: string, check?: CheckId, disputed?: boolean): Outcome {
  let summary = '';
  let keys: string[] | undefined;
  if (run.full) {
    const denies = result.uncertain.filter((s) => s.effect === 'Deny');
    keys = unknownKeysIn(run, denies);
    const ending = check ? explicitDenyEnding(check) : undefined;
    const form = ending ? ` AWS's error is shown in its implicit form; when the Deny applies, its documented longer form ends "${ending}" instead (R-63).` : '';
    summary = `${why} ${eitherDenialWords(run, denies, implicitWhy, keys)}${form}`;
  }
  return outcome('fail', summary, [...new Set([...rules, 'R-02'])], {
    denial: 'implicit',
    evidence: evidenceOf(run, result.statements.filter((s) => s.actionMatched)),
    refusedAction: action,
    disputed,
    denialDependsOn: keys,
  });
}

function uncertainWhy(run: Run, result: SetResult): string {
  if (result.missing.length > 0) return `${result.missing.join(', ')} ${result.missing.length === 1 ? 'is' : 'are'} attached but not in the snapshot`;
  return result.uncertain.map((s) => explainStatementConditions(run, s)).join('; ');
}

/** The caller's identity policies for one action (`identity-policy`, and the identity side of tag-session / source-identity). */
export function identitySide(run: Run, action: string, forceRequired?: { reason: string; rules: string[] }): Outcome {
  const rules = IDENTITY_RULES;
  const na = notApplicable(run, rules, 'identity policy');
  if (na) return na;
  const full = run.full;
  const pols = callerIdentityPolicies(run)!;
  const base = requirementFor(run, action);
  const req = forceRequired && base.identity !== 'yes' ? { ...base, identity: 'yes' as const, reason: forceRequired.reason, rules: forceRequired.rules } : base;
  const result = evaluateSet(run, pols.policies, action, false, pols.missing, req.identity === 'yes');
  if (result.result === 'deny') return denyOutcome(run, result, action, rules);
  const denyPossible = result.uncertain.some((s) => s.effect === 'Deny') || result.missing.length > 0;
  const who = full ? subject(run) : '';
  const count = pols.policies.length;
  const none = full ? `No identity policy of ${who} allows ${action} on ${run.prepared.request.roleArn} (${count} polic${count === 1 ? 'y' : 'ies'} checked${count ? `: ${pols.policies.map((p) => p.ref.name).join(', ')}` : ''}).` : '';
  if (result.result === 'deny-or-none') {
    return refusedEitherWay(
      run,
      result,
      action,
      [...req.rules, 'R-03'],
      full ? `${none} An identity allow is needed because ${req.reason} (${req.rules.join(', ')}).` : '',
      'no identity policy allows it (R-03)',
      action === run.prepared.action ? 'identity-policy' : undefined,
    );
  }
  if (req.identity === 'yes' || req.identity === 'maybe') {
    if (result.result === 'allow') {
      const st = result.allows[0];
      return outcome('pass', full ? `${st ? where(st) : 'An identity policy'} allows ${action} on the role. Needed because ${req.reason} (${req.rules.join(', ')}).` : '', req.rules, {
        evidence: evidenceOf(run, result.allows),
      });
    }
    if (result.result === 'unknown') {
      return outcome('unknown', full ? `An identity allow for ${action} is needed (${req.reason}), but it cannot be decided: ${uncertainWhy(run, result)}.` : '', req.rules, {
        evidence: evidenceOf(run, result.uncertain),
      });
    }
    if (req.identity === 'maybe') {
      return outcome('unknown', full ? `${none} Whether one is needed cannot be decided: it is needed because ${req.reason} (${req.rules.join(', ')}).` : '', req.rules, {
        evidence: evidenceOf(run, result.statements.filter((s) => s.actionMatched)),
      });
    }
    return outcome('fail', full ? `${none} An identity allow is needed because ${req.reason} (${req.rules.join(', ')}).` : '', req.rules, {
      denial: 'implicit',
      evidence: evidenceOf(run, result.statements.filter((s) => s.actionMatched)),
      refusedAction: action,
    });
  }
  if (denyPossible) {
    return outcome('unknown', full ? `No identity allow is needed (${req.reason}), but an identity Deny would still refuse and cannot be ruled out: ${uncertainWhy(run, result)}.` : '', req.rules);
  }
  if (req.identity === 'no') {
    return outcome('skip', full ? `No identity allow is needed: ${req.reason} (${req.rules.join(', ')}); no identity policy denies.` : '', req.rules);
  }
  return outcome(
    'skip',
    full ? `Not decided: ${req.reason}. For reference, the identity policies of ${who} ${result.result === 'allow' ? 'do' : 'do not'} allow ${action} on the role, and none denies.` : '',
    req.rules,
    { evidence: evidenceOf(run, result.allows) },
  );
}

/** `identity-policy`. */
export function checkIdentityPolicy(run: Run): Outcome {
  return identitySide(run, run.prepared.action);
}

/** The caller's permissions boundary for one action. */
export function boundarySide(run: Run, action: string, forceRequired?: { reason: string; rules: string[] }): Outcome {
  const rules = BOUNDARY_RULES;
  const na = notApplicable(run, rules, 'permissions boundary');
  if (na) return na;
  const full = run.full;
  const { policy, arn } = boundaryPolicy(run);
  const who = full ? subject(run) : '';
  if (!arn) return outcome('skip', full ? `${who} has no permissions boundary.` : '', rules);
  if (!policy) return outcome('unknown', full ? `${who} has permissions boundary ${arn}, which is not in the snapshot.` : '', rules);
  const base = requirementFor(run, action);
  const required = forceRequired && base.boundary !== 'yes' ? 'yes' : base.boundary;
  const result = evaluateSet(run, [policy], action, false, undefined, required === 'yes');
  if (result.result === 'deny') return denyOutcome(run, result, action, rules);
  const reason = forceRequired && base.boundary !== 'yes' ? forceRequired.reason : base.reason;
  const disputed = (required === 'yes' || required === 'maybe') && base.boundaryDisputed && !forceRequired ? true : undefined;
  const ruleList = forceRequired && base.boundary !== 'yes' ? [...forceRequired.rules, 'R-11'] : ['R-11', ...base.rules];
  if (result.result === 'deny-or-none') {
    return refusedEitherWay(
      run,
      result,
      action,
      ruleList,
      full ? `${disputed ? 'Disputed (R-16b): ' : ''}Permissions boundary ${policy.ref.name} of ${who} does not allow ${action}; it applies because ${reason}, and a boundary is a ceiling: it must allow the action too (R-11).` : '',
      'the boundary does not allow it (R-11)',
      action === run.prepared.action ? 'permissions-boundary' : undefined,
      disputed,
    );
  }
  if (result.uncertain.some((s) => s.effect === 'Deny')) {
    return outcome('unknown', full ? `Whether boundary ${policy.ref.name} denies cannot be decided: ${uncertainWhy(run, result)}.` : '', ruleList, { disputed });
  }
  if (required === 'yes' || required === 'maybe') {
    const prefix = disputed ? 'Disputed (R-16b): ' : '';
    if (result.result === 'allow') {
      return outcome('pass', full ? `${prefix}Boundary ${policy.ref.name} allows ${action}; it applies because ${reason}.` : '', ruleList, { evidence: evidenceOf(run, result.allows), disputed });
    }
    if (result.result === 'unknown') {
      return outcome('unknown', full ? `${prefix}Boundary ${policy.ref.name} applies (${reason}) but whether it allows cannot be decided: ${uncertainWhy(run, result)}.` : '', ruleList, { disputed });
    }
    if (required === 'maybe') {
      return outcome('unknown', full ? `${prefix}Permissions boundary ${policy.ref.name} of ${who} does not allow ${action}, and whether it applies cannot be decided: it does because ${reason}.` : '', ruleList, {
        evidence: evidenceOf(run, result.statements.filter((s) => s.actionMatched)),
        disputed,
      });
    }
    return outcome(
      'fail',
      full ? `${prefix}Permissions boundary ${policy.ref.name} of ${who} does not allow ${action}; it applies because ${reason}. A boundary is a ceiling: it must allow the action too (R-11).` : '',
      ruleList,
      { denial: 'implicit', evidence: evidenceOf(run, result.statements.filter((s) => s.actionMatched)), refusedAction: action, disputed },
    );
  }
  if (required === 'no') {
    return outcome('skip', full ? `Boundary ${policy.ref.name} does not limit this grant: ${reason} (${base.rules.join(', ')}); it has no Deny that applies.` : '', ruleList);
  }
  return outcome('skip', full ? `Not decided: ${reason}. For reference, boundary ${policy.ref.name} ${result.result === 'allow' ? 'allows' : 'does not allow'} ${action}.` : '', ruleList);
}

/** `permissions-boundary`. */
export function checkPermissionsBoundary(run: Run): Outcome {
  return boundarySide(run, run.prepared.action);
}

/** The calling session's session policy for one action (R-12, R-18). */
export function sessionSide(run: Run, action: string, forceRequired?: { reason: string; rules: string[] }): Outcome {
  const rules = SESSION_POLICY_RULES;
  const full = run.full;
  const id = run.caller.identity;
  if (run.prepared.action !== ASSUME_ROLE || id.kind !== 'role-session') {
    return outcome('skip', full ? 'Only a role session can carry a session policy; this caller is not one.' : '', rules);
  }
  const sp = callerSessionPolicies(run);
  if (!sp.present) return outcome('skip', full ? 'The calling session has no session policy (request.callerSession gives none).' : '', rules);
  const base = requirementFor(run, action);
  const required = forceRequired && base.sessionPolicy !== 'yes' ? 'yes' : base.sessionPolicy;
  const result = evaluateSet(run, sp.policies, action, false, sp.missing, required === 'yes');
  if (result.result === 'deny') return denyOutcome(run, result, action, rules);
  const reason = forceRequired && base.sessionPolicy !== 'yes' ? forceRequired.reason : base.reason;
  if (result.result === 'deny-or-none') {
    return refusedEitherWay(
      run,
      result,
      action,
      rules,
      full ? `The calling session was created with a session policy that does not allow ${action}; it limits this call because ${reason} (R-12).` : '',
      'the session policy does not allow it (R-12)',
      action === run.prepared.action ? 'session-policy' : undefined,
    );
  }
  if (result.uncertain.some((s) => s.effect === 'Deny')) return outcome('unknown', full ? `Whether the session policy denies cannot be decided: ${uncertainWhy(run, result)}.` : '', rules);
  if (required === 'yes' || required === 'maybe') {
    if (result.result === 'allow') return outcome('pass', full ? `The calling session's session policy allows ${action}; it applies because ${reason}.` : '', rules, { evidence: evidenceOf(run, result.allows) });
    if (result.result === 'unknown') return outcome('unknown', full ? `The session policy applies (${reason}) but whether it allows cannot be decided: ${uncertainWhy(run, result)}.` : '', rules);
    if (required === 'maybe') {
      return outcome('unknown', full ? `The calling session's session policy does not allow ${action}, and whether it limits this call cannot be decided: it does because ${reason} (R-12).` : '', rules, {
        evidence: evidenceOf(run, result.statements.filter((s) => s.actionMatched)),
      });
    }
    return outcome(
      'fail',
      full ? `The calling session was created with a session policy that does not allow ${action}; it limits this call because ${reason} (R-12).` : '',
      rules,
      { denial: 'implicit', evidence: evidenceOf(run, result.statements.filter((s) => s.actionMatched)), refusedAction: action },
    );
  }
  if (result.missing.length > 0) {
    return outcome('unknown', full ? `The session policy does not need to allow (${reason}), but ${uncertainWhy(run, result)}, and an explicit Deny in it would still refuse.` : '', rules);
  }
  if (required === 'no') return outcome('skip', full ? `The session policy does not limit this grant: ${reason}; it has no Deny that applies.` : '', rules);
  return outcome('skip', full ? `Not decided: ${reason}.` : '', rules);
}

/** `session-policy`. */
export function checkSessionPolicy(run: Run): Outcome {
  return sessionSide(run, run.prepared.action);
}
