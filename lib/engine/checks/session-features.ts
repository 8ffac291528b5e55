// Permissions-only actions the call also needs: sts:TagSession when session tags or transitive
// keys are passed (R-39) and sts:SetSourceIdentity when a source identity is set or carried
// along a role chain (R-38). Both must be allowed by the trust policy and, for a signed caller,
// by the caller's side the same way sts:AssumeRole is.

import type { CheckPart } from '../types';
import { boundarySide, identitySide, sessionSide } from './identity';
import { effectiveSourceIdentity } from './organization';
import {
  constantRules,
  ASSUME_ROLE,
  SET_SOURCE_IDENTITY,
  TAG_SESSION,
  eitherDenialWords,
  evidenceOf,
  explainStatementConditions,
  outcome,
  trustFor,
  unknownKeysIn,
  where,
  type Outcome,
  type Run,
} from './run';

// Each check's rules: constants, so verdict mode can share the outcomes that carry them.
const TAG_SESSION_RULES = constantRules(['R-39']);
const SOURCE_IDENTITY_RULES = constantRules(['R-38']);

/** The trust policy's answer for a permissions-only action. */
function trustSide(run: Run, action: string, rules: string[]): Outcome {
  const full = run.full;
  const lookup = run.roleLookup;
  if (lookup.found === 'no' && lookup.reason === 'missing') return outcome('skip', full ? 'The role does not exist.' : '', rules);
  if (lookup.found !== 'exact' || !lookup.role.trust) return outcome('unknown', full ? 'The role\'s trust policy is not known from the snapshot.' : '', rules);
  const t = trustFor(run, action);
  if (t.denies.length > 0) {
    return outcome('fail', full ? `${where(t.denies[0])} denies ${action} to the caller (R-02).` : '', ['R-02', ...rules], {
      denial: 'explicit',
      evidence: evidenceOf(run, t.denies),
      refusedAction: action,
    });
  }
  // With an Allow that applies or may apply, an uncertain Deny leaves the answer open.
  if (t.uncertainDenies.length > 0 && (t.allows.length > 0 || t.uncertainAllows.length > 0)) {
    return outcome('unknown', full ? `Whether ${where(t.uncertainDenies[0])} denies ${action} depends on ${unknownKeysIn(run, t.uncertainDenies).join(', ')}, not known for this request.` : '', rules);
  }
  if (t.allows.length > 0) return outcome('pass', full ? `${where(t.allows[0])} allows ${action} for the caller.` : '', rules, { evidence: evidenceOf(run, t.allows) });
  if (t.uncertainAllows.length > 0) {
    return outcome('unknown', full ? `Whether the trust policy allows ${action} depends on ${unknownKeysIn(run, t.uncertainAllows).join(', ')}, not known for this request.` : '', rules);
  }
  // No trust Allow can grant the action: refused (R-13), explicitly if an uncertain Deny applies,
  // implicitly if not, which depends on keys not known for this request (R-02).
  const lacking = t.conditionFailures.length > 0
    ? `The trust policy allows ${action} only under conditions that fail: ${t.conditionFailures.map((s) => explainStatementConditions(run, s)).join('. ')}.`
    : `The role's trust policy has no Allow statement granting ${action} to the caller; it must, alongside ${run.prepared.action}.`;
  const named = t.conditionFailures.length > 0 ? t.conditionFailures : t.statements.filter((s) => s.effect === 'Allow' && s.principalMatched);
  if (t.uncertainDenies.length === 0) return outcome('fail', full ? lacking : '', rules, { denial: 'implicit', evidence: evidenceOf(run, named), refusedAction: action });
  const keys = full ? unknownKeysIn(run, t.uncertainDenies) : undefined;
  return outcome('fail', full ? `${lacking} ${eitherDenialWords(run, t.uncertainDenies, 'nothing in the trust policy allows it (R-13)', keys)}` : '', ['R-02', ...rules], {
    denial: 'implicit',
    evidence: evidenceOf(run, [...named, ...t.uncertainDenies]),
    refusedAction: action,
    denialDependsOn: keys,
  });
}

/** One side of a permissions-only action: which it is (data for fixes), its label in words, its answer. */
interface Part {
  part: CheckPart;
  label: string;
  result: Outcome;
}

/**
 * First failing part wins (and is reported as failedPart; every failing part, in order, as
 * failedParts, each with its denial in failedPartDenials, so a fix can cover each side the way it
 * refused); otherwise an unknown part makes the whole unknown. The evidence is every failing
 * part's, the first part's first: a fix for a later side reads the statements that refused there.
 */
function combine(run: Run, action: string, parts: Part[], rules: string[]): Outcome {
  const full = run.full;
  const failing = parts.filter((p) => p.result.status === 'fail');
  const fail = failing[0];
  if (fail) {
    const combined: Outcome = {
      ...fail.result,
      summary: full ? `${fail.label}: ${fail.result.summary}` : '',
      rules: [...new Set([...rules, ...fail.result.rules])],
      refusedAction: action,
      failedPart: fail.part,
      failedParts: failing.map((p) => p.part),
    };
    if (failing.length > 1) {
      if (full) combined.evidence = failing.flatMap((p) => p.result.evidence);
      combined.failedPartDenials = Object.fromEntries(failing.map((p) => [p.part, p.result.denial ?? 'implicit']));
    }
    return combined;
  }
  const unknown = parts.filter((p) => p.result.status === 'unknown');
  if (unknown.length > 0) {
    return outcome('unknown', full ? unknown.map((p) => `${p.label}: ${p.result.summary}`).join(' ') : '', rules, {
      evidence: unknown.flatMap((p) => p.result.evidence),
      disputed: unknown.some((p) => p.result.disputed) || undefined,
    });
  }
  const passed = parts.filter((p) => p.result.status === 'pass');
  return outcome('pass', full ? `${action} is allowed: ${passed.map((p) => `${p.label}: ${p.result.summary}`).join(' ')}` : '', rules, {
    evidence: passed.flatMap((p) => p.result.evidence),
    disputed: parts.some((p) => p.result.disputed) || undefined,
  });
}

/** `tag-session`: session tags need sts:TagSession on both sides (R-39). */
export function checkTagSession(run: Run): Outcome {
  const rules = TAG_SESSION_RULES;
  const full = run.full;
  const { tags, transitiveTagKeys } = run.session;
  if (tags.length === 0 && transitiveTagKeys.length === 0) return outcome('skip', full ? 'No session tags or transitive tag keys are passed, so sts:TagSession is not needed.' : '', rules);
  const parts: Part[] = [{ part: 'trust', label: 'Trust policy', result: trustSide(run, TAG_SESSION, rules) }];
  if (run.prepared.action === ASSUME_ROLE) {
    parts.push(
      { part: 'identity', label: 'Identity policies', result: identitySide(run, TAG_SESSION) },
      { part: 'boundary', label: 'Permissions boundary', result: boundarySide(run, TAG_SESSION) },
      { part: 'session', label: 'Session policy', result: sessionSide(run, TAG_SESSION) },
    );
  }
  const what = full ? `${tags.length} session tag${tags.length === 1 ? '' : 's'}${transitiveTagKeys.length ? ` and ${transitiveTagKeys.length} transitive key${transitiveTagKeys.length === 1 ? '' : 's'}` : ''}` : '';
  const result = combine(run, TAG_SESSION, parts, rules);
  if (full) result.summary = `${what} passed. ${result.summary}`;
  return result;
}

/** `source-identity`: sts:SetSourceIdentity on both sides, and a source identity never changes (R-38). */
export function checkSourceIdentity(run: Run): Outcome {
  const rules = SOURCE_IDENTITY_RULES;
  const full = run.full;
  const effective = effectiveSourceIdentity(run);
  if (effective === undefined) return outcome('skip', full ? 'No source identity is passed or inherited.' : '', rules);
  const inherited = run.prepared.action === ASSUME_ROLE ? run.prepared.request.callerSession?.sourceIdentity : undefined;
  const passed = run.prepared.request.sourceIdentity ?? run.session.sourceIdentity;
  if (inherited !== undefined && passed !== undefined && passed !== inherited) {
    return outcome(
      'fail',
      full ? `The calling session already carries source identity '${inherited}' and the call asks for '${passed}'; a source identity cannot be changed once set, so AWS denies the call (R-38).` : '',
      rules,
      { denial: 'explicit', refusedAction: SET_SOURCE_IDENTITY },
    );
  }
  const parts: Part[] = [{ part: 'trust', label: 'Trust policy', result: trustSide(run, SET_SOURCE_IDENTITY, rules) }];
  if (run.prepared.action === ASSUME_ROLE) {
    // R-38: when role chaining carries a source identity, the caller's own policies must allow it too.
    const chained = run.caller.identity.kind === 'role-session' ? { reason: 'a role session passing a source identity (role chaining) needs sts:SetSourceIdentity in its own permissions as well as in the trust policy', rules: ['R-38'] } : undefined;
    parts.push(
      { part: 'identity', label: 'Identity policies', result: identitySide(run, SET_SOURCE_IDENTITY, chained) },
      { part: 'boundary', label: 'Permissions boundary', result: boundarySide(run, SET_SOURCE_IDENTITY) },
      { part: 'session', label: 'Session policy', result: sessionSide(run, SET_SOURCE_IDENTITY) },
    );
  }
  const result = combine(run, SET_SOURCE_IDENTITY, parts, rules);
  if (full) result.summary = `Source identity '${effective}'${inherited !== undefined && passed === undefined ? ' (inherited from the calling session)' : ''}. ${result.summary}`;
  return result;
}
