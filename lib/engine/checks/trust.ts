// The role's trust policy: does an Allow name the caller (R-13, R-19…R-27), do its conditions
// hold (R-28…R-47, R-57…R-60), and does a Deny apply?

import { matchAction } from '../policy/action';
import { statementsOf } from '../policy/parse';
import type { CompiledPolicy, StatementEvaluation } from '../policy/types';
import {
  constantRules,
  callerLabel,
  evidenceOf,
  explainStatementConditions,
  fieldToGive,
  noteUncertain,
  outcome,
  trustFor,
  unknownKeysIn,
  where,
  type Outcome,
  type Run,
  type TrustResult,
} from './run';
import { boundarySide, identitySide } from './identity';
import { parseTime } from '../context';

// Each check's rules: constants, so verdict mode can share the outcomes that carry them.
const TRUST_PRINCIPAL_RULES = constantRules(['R-13', 'R-20', 'R-21', 'R-22', 'R-24', 'R-25', 'R-26', 'R-27']);
const TRUST_CONDITIONS_RULES = constantRules(['R-28', 'R-29', 'R-30', 'R-31', 'R-32', 'R-33', 'R-34', 'R-35']);
const TRUST_DENY_RULES = constantRules(['R-02']);

/** When the trust policy cannot be read at all, every trust check says so the same way. */
function trustUnavailable(run: Run, rules: string[]): Outcome | undefined {
  const lookup = run.roleLookup;
  const full = run.full;
  if (lookup.found === 'no' && lookup.reason === 'missing') return outcome('skip', full ? 'The role does not exist, so it has no trust policy.' : '', rules);
  if (lookup.found !== 'exact') return outcome('unknown', full ? 'The role is not known from the snapshot, so its trust policy is unknown.' : '', rules);
  if (!lookup.role.trust) return outcome('unknown', full ? `The snapshot carries no trust policy (AssumeRolePolicyDocument) for role ${lookup.role.name}.` : '', rules);
  return undefined;
}

const VIA_WORDS: Record<string, string> = {
  wildcard: 'the wildcard principal "*"',
  account: 'its account',
  'user-arn': 'its user ARN',
  'role-arn': 'its role ARN',
  'session-arn': 'its exact session ARN',
  'federated-user-arn': 'its federated-user ARN',
  service: 'its service principal',
  federated: 'its identity provider',
  'unique-id': 'its unique id',
};

const VIA_RULES: Record<string, string[]> = {
  wildcard: ['R-20'],
  account: ['R-15'],
  'user-arn': ['R-16'],
  'role-arn': ['R-17'],
  'session-arn': ['R-18'],
  service: ['R-25'],
  federated: ['R-26'],
  'unique-id': ['R-22'],
};

function namedStatements(t: TrustResult): StatementEvaluation[] {
  return [...t.allows, ...t.uncertainAllows, ...t.conditionFailures];
}

/**
 * The implicit self-trust AWS kept for allowlisted roles went through the role's identity
 * permissions: a role trusted itself "if it had identity-based permissions to assume itself"
 * (R-19). When its identity policies or its boundary refuse that, the allowlist cannot help.
 */
function implicitSelfTrust(run: Run): 'allowed' | 'maybe' | 'refused' {
  const through = { reason: 'a role trusts itself implicitly only through identity permissions to assume itself (R-19)', rules: ['R-19'] };
  const sides = [identitySide(run, run.prepared.action, through).status, boundarySide(run, run.prepared.action, through).status];
  if (sides.includes('fail')) return 'refused';
  return sides.includes('unknown') ? 'maybe' : 'allowed';
}

/** Roles created from 1 July 2022 on were never on AWS's implicit self-trust allowlist (R-19). */
const SELF_TRUST_CHANGE = parseTime('2022-07-01T00:00:00Z')!;

function createdAfterSelfTrustChange(createDate: string | undefined): boolean {
  // Read as the date operators read times (a time without a zone is UTC).
  const created = parseTime(createDate) ?? Number.NaN;
  return !Number.isNaN(created) && created >= SELF_TRUST_CHANGE;
}

/** `trust-principal`: an Allow statement for the action names the caller. */
export function checkTrustPrincipal(run: Run): Outcome {
  const rules = TRUST_PRINCIPAL_RULES;
  const unavailable = trustUnavailable(run, rules);
  if (unavailable) return unavailable;
  const action = run.prepared.action;
  const t = trustFor(run, action);
  const full = run.full;
  if (!full && (t.allows.length > 0 || t.uncertainAllows.length > 0 || t.conditionFailures.length > 0)) return outcome('pass', '', rules);
  const named = namedStatements(t);
  if (named.length > 0) {
    const first = named[0];
    const via = first.principal?.via ?? first.principalMatchedBy;
    return outcome('pass', `${where(first)} allows ${action} and names ${callerLabel(run)} through ${VIA_WORDS[via ?? ''] ?? via ?? 'a principal'}.`, ['R-13', ...(VIA_RULES[via ?? ''] ?? [])], {
      evidence: evidenceOf(run, named),
    });
  }
  // R-22: a Principal written as a unique id names whoever holds that id now. When the caller's own
  // unique id is not in the snapshot, such a statement might still name it: not decidable.
  const idKind = run.caller.identity.kind;
  if ((idKind === 'user' || idKind === 'role-session') && run.caller.identity.uniqueId === undefined) {
    const byId = t.statements.filter((s) => s.effect === 'Allow' && s.actionMatched !== false && (s.principal?.uniqueIds?.length ?? 0) > 0);
    if (byId.length > 0) {
      return outcome(
        'unknown',
        full ? `${where(byId[0])} names ${byId[0].principal!.uniqueIds!.join(', ')}, a unique id; the caller's unique id is not in the snapshot, so whether it is the principal named cannot be decided (R-22).` : '',
        [...rules],
        { evidence: evidenceOf(run, byId) },
      );
    }
  }
  // R-19: a role does not trust its own sessions implicitly, except the roles AWS kept on its
  // 2022 allowlist (those that had used implicit self-trust; CloudTrail logs such a call with
  // explicitTrustGrant false). A role created after 30 June 2022 cannot be on it; an older one,
  // or one whose creation date the snapshot lacks, may be.
  const selfTrust =
    idKind === 'role-session' && run.caller.role !== undefined && run.caller.role.arn === run.role!.arn && !createdAfterSelfTrustChange(run.role!.detail.CreateDate)
      ? implicitSelfTrust(run)
      : 'refused';
  if (selfTrust !== 'refused') {
    const created = run.role!.detail.CreateDate;
    return outcome(
      'unknown',
      full
        ? `The caller is a session of ${run.role!.name} itself, and no Allow statement names the role (its ARN or its account). Roles must name themselves to be assumed again (R-19), except the roles AWS kept on its allowlist in 2022, which had assumed themselves without it through their identity permissions (${selfTrust === 'allowed' ? 'which allow this call' : 'which may allow this call: that is not known either'}); role ${run.role!.name} ${created ? `was created on ${created}, before the change` : 'has no creation date in the snapshot'}, so it may be one. A CloudTrail record of a successful self-assumption with additionalEventData.explicitTrustGrant false would show it is; naming the role in its own trust policy settles it either way.`
        : '',
      [...rules, 'R-19'],
    );
  }
  if (!full) return outcome('fail', '', rules, { denial: 'implicit', refusedAction: action });

  const reasons: string[] = [];
  const id = run.caller.identity;
  const role = run.role!;
  const extraRules: string[] = [];
  // R-19: a role does not trust its own sessions implicitly.
  if (id.kind === 'role-session' && run.caller.role && run.caller.role.arn === role.arn) {
    reasons.push(`the caller is a session of ${role.name} itself, and a role must name itself (its role ARN or its account) in its own trust policy to be assumed again (R-19)`);
    extraRules.push('R-19');
  }
  const wrongAction = t.statements.filter((s) => s.effect === 'Allow' && s.principalMatched === true && s.actionMatched === false);
  for (const s of wrongAction) {
    const actions = actionsOf(s.source);
    reasons.push(`${where(s)} names the caller but allows ${actions.length ? actions.join(', ') : 'other actions'}, not ${action}`);
  }
  const deleted = t.statements.filter((s) => s.effect === 'Allow' && (s.principal?.uniqueIds?.length ?? 0) > 0);
  for (const s of deleted) {
    const ids = s.principal!.uniqueIds!;
    const known = ids.map((uid) => run.indexed.principalsById.get(uid)).filter(Boolean);
    reasons.push(
      `${where(s)} names ${ids.join(', ')}: a unique id shown in place of an ARN means the principal it named was deleted${known.length ? '' : ' (no principal in the snapshot has that id)'}; recreating a user or role with the same name does not restore the trust — edit the trust policy to name it again, or use an aws:PrincipalArn condition (R-22, R-23)`,
    );
    extraRules.push('R-22', 'R-23');
  }
  for (const problem of role.trust!.problems) {
    if (/NotPrincipal/.test(problem.message)) extraRules.push('R-27');
    reasons.push(`statement #${problem.statementIndex ?? '?'} was skipped: ${problem.message}`);
  }
  if (id.kind === 'web-identity') {
    reasons.unshift(`no Allow statement for ${action} names the identity provider ${id.federatedProviders?.[0] ?? ''} as a Federated principal (R-26, R-56)`);
  } else if (id.kind === 'saml') {
    reasons.unshift(`no Allow statement for ${action} names the SAML provider ${id.federatedProviders?.[0] ?? ''} as a Federated principal (R-26, R-60)`);
  } else if (id.kind === 'service') {
    reasons.unshift(`no Allow statement for ${action} names the service principal ${id.service} (R-25)`);
  } else {
    const alternatives = id.kind === 'role-session' ? `its role ARN ${run.caller.role?.arn ?? id.roleArn}, ` : '';
    reasons.unshift(`no Allow statement for ${action} names ${id.arn} (nor ${alternatives}its account ${id.accountId}, or "*")`);
  }
  return outcome('fail', `The trust policy of ${role.name} does not trust the caller: ${reasons.join('; ')}.`, [...new Set([...rules, ...extraRules])], {
    denial: 'implicit',
    evidence: evidenceOf(run, t.statements.filter((s) => s.effect === 'Allow')),
    refusedAction: action,
  });
}

function actionsOf(source: unknown): string[] {
  if (typeof source !== 'object' || source === null) return [];
  const a = (source as Record<string, unknown>).Action;
  return (Array.isArray(a) ? a : [a]).filter((x): x is string => typeof x === 'string');
}

/** Rules that explain a condition key. */
export function rulesForKey(key: string): string[] {
  const k = key.toLowerCase();
  if (k === 'sts:externalid') return ['R-36'];
  if (k === 'sts:rolesessionname') return ['R-37'];
  if (k === 'sts:sourceidentity' || k === 'aws:sourceidentity') return ['R-38'];
  if (k.startsWith('aws:requesttag/') || k === 'aws:tagkeys' || k === 'sts:transitivetagkeys') return ['R-39'];
  if (k.startsWith('aws:multifactorauth')) return ['R-40'];
  if (k === 'aws:sourceip') return ['R-41'];
  if (k.startsWith('aws:sourcevpc') || k === 'aws:vpcsourceip') return ['R-42'];
  if (k.startsWith('aws:principalorg')) return ['R-43'];
  if (k === 'aws:requestedregion') return ['R-45'];
  if (k === 'aws:viaawsservice' || k.startsWith('aws:calledvia')) return ['R-46'];
  if (k === 'aws:tokenissuetime') return ['R-47'];
  if (k === 'aws:principalarn') return ['R-23'];
  if (k.startsWith('aws:principal') || k === 'aws:userid' || k === 'aws:username') return ['R-44'];
  if (k === 'aws:sourceaccount' || k === 'aws:sourcearn') return ['R-25'];
  if (k.startsWith('saml:')) return ['R-60'];
  if (k.startsWith('token.actions.githubusercontent.com:')) return ['R-57', 'R-58'];
  if (/:(sub|aud|amr|azp|oaud)$/.test(k)) return ['R-57'];
  return [];
}

function conditionRules(statements: StatementEvaluation[]): string[] {
  const rules = new Set<string>(['R-32']);
  for (const s of statements) {
    for (const c of s.conditions ?? []) {
      if (c.matched) continue;
      for (const r of rulesForKey(c.key)) rules.add(r);
      if (c.keyMissing) rules.add(/IfExists$/.test(c.operator) ? 'R-29' : 'R-28');
      if (c.operator.startsWith('Null')) rules.add('R-30');
      if (/^For(All|Any)Value/.test(c.operator)) rules.add('R-33');
      if (c.note && /variable/i.test(c.note)) rules.add('R-35');
    }
  }
  return [...rules];
}

// R-58: the shapes of GitHub's sub claim, which most failing GitHub trust policies get wrong.
function githubHint(run: Run, statements: StatementEvaluation[]): string {
  const failsOnSub = statements.some((s) => (s.conditions ?? []).some((c) => !c.matched && c.key.toLowerCase() === 'token.actions.githubusercontent.com:sub'));
  if (!failsOnSub) return '';
  return ' GitHub sets sub to repo:<owner>/<repo>:environment:<name> when the job uses an environment, repo:<owner>/<repo>:pull_request for pull requests, otherwise repo:<owner>/<repo>:ref:refs/heads/<branch> (or refs/tags/<tag>) (R-58). Repositories created, renamed or transferred since mid-2026 (or opted in) can use GitHub’s immutable format, which adds numeric owner and repository IDs: compare with the sub your repository actually sends.';
}

/** `trust-conditions`: the conditions of a statement that named the caller hold. */
export function checkTrustConditions(run: Run): Outcome {
  const rules = TRUST_CONDITIONS_RULES;
  const unavailable = trustUnavailable(run, rules);
  if (unavailable) return unavailable;
  const action = run.prepared.action;
  const t = trustFor(run, action);
  const full = run.full;
  if (t.allows.length === 0 && t.uncertainAllows.length === 0 && t.conditionFailures.length === 0) return outcome('skip', full ? 'No trust statement names the caller, so there are no conditions to check (see trust-principal).' : '', rules);
  if (t.allows.length > 0) {
    if (!full) return outcome('pass', '', rules);
    const st = t.allows[0];
    const n = st.conditions?.length ?? 0;
    const passRules = n === 0 ? ['R-13'] : [...new Set(['R-32', ...(st.conditions ?? []).flatMap((c) => rulesForKey(c.key))])];
    return outcome('pass', n === 0 ? `${where(st)} has no conditions.` : `All ${n} condition${n === 1 ? '' : 's'} of ${where(st)} hold.`, passRules, {
      evidence: evidenceOf(run, t.allows),
    });
  }
  if (t.uncertainAllows.length > 0) {
    const keys = unknownKeysIn(run, t.uncertainAllows);
    return outcome(
      'unknown',
      full ? `Whether ${where(t.uncertainAllows[0])} applies depends on ${keys.join(', ')}, which ${keys.length === 1 ? 'is' : 'are'} not known for this request; ${howToGive(run, keys)}. ${t.uncertainAllows.map((s) => explainStatementConditions(run, s)).join('. ')}` : '',
      [...new Set([...rules, ...keys.flatMap(rulesForKey)])],
      { evidence: evidenceOf(run, t.uncertainAllows) },
    );
  }
  const failures = t.conditionFailures;
  const summary = full ? `${failures.map((s) => explainStatementConditions(run, s)).join('. ')}.${githubHint(run, failures)}` : '';
  return outcome('fail', summary, conditionRules(failures), { denial: 'implicit', evidence: evidenceOf(run, failures), refusedAction: action });
}

/** How to give the unknown `keys`, grouped by the field each belongs in (fieldToGive). */
function howToGive(run: Run, keys: string[]): string {
  const byField = new Map<string, string[]>();
  for (const key of keys) {
    const field = fieldToGive(run, key);
    byField.set(field, [...(byField.get(field) ?? []), key]);
  }
  const words: Record<string, string> = {
    'request.context': 'in request.context',
    'request.externalId': 'the external ID that was sent in request.externalId',
    'webIdentity.claims': "the token's claims in webIdentity.claims",
    'saml.attributes': "the assertion's attributes in saml.attributes",
  };
  return [...byField]
    .map(([field, named]) => {
      const which = byField.size === 1 ? '' : ` for ${named.join(', ')}`;
      return field === 'request.context' ? `give ${byField.size === 1 ? (named.length === 1 ? 'it' : 'them') : named.join(', ')} ${words[field]}` : `give ${words[field]}${which}`;
    })
    .join('; ');
}

/**
 * Was a Deny + NotPrincipal statement ignored (R-27) that would deny this action under the 2023
 * text? Only then is the verdict disputed; a skipped Allow, or a Deny for other actions, is not.
 */
function ignoredDenyCovers(trust: CompiledPolicy, action: string): boolean {
  const statements = statementsOf(trust.document as Parameters<typeof statementsOf>[0]);
  for (const problem of trust.problems) {
    if (problem.code !== 'trust-deny-notprincipal-ignored' || problem.statementIndex === undefined) continue;
    const source = statements[problem.statementIndex] as Record<string, unknown> | undefined;
    if (!source || source.Action === undefined) return true; // NotAction: may cover it
    const actions = Array.isArray(source.Action) ? source.Action : [source.Action];
    if (actions.some((pattern) => typeof pattern === 'string' && matchAction(pattern, action))) return true;
  }
  return false;
}

/** `trust-deny`: no Deny statement of the trust policy applies. */
export function checkTrustDeny(run: Run): Outcome {
  const rules = TRUST_DENY_RULES;
  const unavailable = trustUnavailable(run, rules);
  if (unavailable) return unavailable;
  const action = run.prepared.action;
  const t = trustFor(run, action);
  const full = run.full;
  // R-27 (§10.2): a Deny + NotPrincipal statement is ignored under the current text; the 2023 text
  // would have applied it. The verdict follows the current text and says the point is disputed.
  if (t.denies.length === 0 && t.uncertainDenies.length === 0 && ignoredDenyCovers(run.role!.trust!, action)) {
    return outcome(
      'pass',
      full ? 'No Deny statement of the trust policy applies. Disputed: a Deny statement using NotPrincipal was ignored, as the current AWS text says NotPrincipal is not supported in a role trust policy; the 2023 text allowed it (R-27).' : '',
      ['R-02', 'R-27'],
      { disputed: true },
    );
  }
  if (t.denies.length > 0) {
    const st = t.denies[0];
    const conds = (st.conditions ?? []).filter((c) => c.matched);
    const because = conds.length ? `: ${conds.map((c) => `${c.operator} on ${c.key} holds (request: ${c.requestValues.length ? c.requestValues.map((v) => `'${v}'`).join(', ') : 'absent'})`).join('; ')}` : '';
    return outcome('fail', full ? `${where(st)} denies ${action} to the caller${because}. An explicit Deny overrides every Allow (R-02).` : '', rules, {
      denial: 'explicit',
      evidence: evidenceOf(run, t.denies),
      refusedAction: action,
    });
  }
  if (t.uncertainDenies.length > 0) {
    // This check's own answer depends on the Deny's keys, even where no trust Allow can apply
    // (trustFor leaves them unrecorded then): list them.
    noteUncertain(run, t.uncertainDenies);
    const keys = unknownKeysIn(run, t.uncertainDenies);
    return outcome('unknown', full ? `Whether ${where(t.uncertainDenies[0])} denies depends on ${keys.join(', ')}, not known for this request.` : '', rules, {
      evidence: evidenceOf(run, t.uncertainDenies),
    });
  }
  if (!full) return outcome('pass', '', rules);
  const denyStatements = t.statements.filter((s) => s.effect === 'Deny');
  return outcome('pass', denyStatements.length ? `No Deny statement of the trust policy applies (${denyStatements.length} checked).` : 'The trust policy has no Deny statement.', rules, {
    evidence: evidenceOf(run, denyStatements),
  });
}

