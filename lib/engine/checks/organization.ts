// Organization guardrails: SCPs on the CALLER's account path (R-04…R-07) and RCPs on the ROLE's
// account path (R-08…R-10). Every level of an SCP path must allow; any RCP Deny on the role's
// path refuses (RCPFullAWSAccess supplies the Allow everywhere).

import { organizationTreeUnknown } from '../context';
import type { StatementEvaluation } from '../policy/types';
import type { OrgLevel } from '../snapshot';
import {
  constantRules,
  ASSUME_ROLE,
  SET_SOURCE_IDENTITY,
  TAG_SESSION,
  eitherDenialWords,
  unknownKeysIn,
  evaluateSet,
  evidenceOf,
  explainStatementConditions,
  outcome,
  statementLabel,
  type Outcome,
  type Run,
} from './run';

// Each check's rules: constants, so verdict mode can share the outcomes that carry them.
const SCP_RULES = constantRules(['R-04', 'R-05', 'R-06', 'R-07']);
const RCP_RULES = constantRules(['R-08', 'R-09', 'R-10']);

/** Every action the call needs permission for: the main one, plus TagSession / SetSourceIdentity when used (R-38, R-39). */
export function requiredActions(run: Run): string[] {
  const actions = [run.prepared.action as string];
  if (run.session.tags.length > 0 || run.session.transitiveTagKeys.length > 0) actions.push(TAG_SESSION);
  if (effectiveSourceIdentity(run) !== undefined) actions.push(SET_SOURCE_IDENTITY);
  return actions;
}

/** The source identity the new session will carry: passed on the call, or inherited from the calling session (R-38). */
export function effectiveSourceIdentity(run: Run): string | undefined {
  const passed = run.prepared.request.sourceIdentity ?? run.session.sourceIdentity;
  if (passed !== undefined) return passed;
  return run.prepared.action === ASSUME_ROLE ? run.prepared.request.callerSession?.sourceIdentity : undefined;
}

function levelName(level: OrgLevel): string {
  const label = level.kind === 'root' ? 'the organization root' : level.kind === 'ou' ? `OU ${level.name ? `${level.name} (${level.id})` : level.id}` : `account ${level.id}`;
  return label;
}

/**
 * `statement "Sid" (#0) of SCP Name, attached to OU Infrastructure (ou-…),`: the level the policy is
 * attached to, named once by its name and id (where() would name it by id first, then again).
 */
function deniedBy(kind: 'SCP' | 'RCP', st: StatementEvaluation | undefined, policyName: string | undefined, level: OrgLevel): string {
  return `${st ? `${statementLabel(st)} of ${kind} ${st.policy.name}` : `${kind} ${policyName ?? ''}`}, attached to ${levelName(level)},`;
}

function isServiceLinkedCaller(run: Run): boolean {
  const id = run.caller.identity;
  if (id.kind !== 'role-session') return false;
  if (run.caller.role) return run.caller.role.serviceLinked;
  // Session ARNs carry no path; service-linked roles are named AWSServiceRoleFor….
  return /assumed-role\/AWSServiceRoleFor/.test(id.arn);
}

function policyTypeEnabled(run: Run, type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY'): boolean {
  const enabled = run.indexed.snapshot.organization?.enabledPolicyTypes;
  return enabled === undefined || enabled.includes(type) || policyTypePending(run, type) !== undefined;
}

/** PENDING_ENABLE / PENDING_DISABLE as the pull read it: AWS does not document what is enforced meanwhile. */
function policyTypePending(run: Run, type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY'): string | undefined {
  return run.indexed.snapshot.organization?.pendingPolicyTypes?.find((p) => p.type === type)?.status;
}

/**
 * "Missing is not empty": an organization that does not name its management account may have any
 * member be it, and neither SCPs (R-05) nor RCPs (R-09) touch the management account. A refusal by
 * them is then not certain.
 */
function unlessManagement(run: Run, refused: Outcome, account: string, rules: string[], what: string): Outcome {
  if (refused.status !== 'fail' || run.indexed.organization?.managementAccountId !== undefined) return refused;
  return outcome(
    'unknown',
    run.full
      ? `The organization does not name its management account (organization.managementAccountId), and ${what}: if account ${account} is it, this does not apply. Otherwise: ${refused.summary}`
      : '',
    rules,
    { evidence: refused.evidence },
  );
}

/** `scp`: the SCPs on the caller's account path. */
export function checkScp(run: Run): Outcome {
  const refused = scpOutcome(run);
  return refused.status === 'fail' ? unlessManagement(run, refused, run.caller.identity.accountId!, [...new Set(['R-05', ...refused.rules])], 'SCPs never limit the management account (R-05)') : refused;
}

function scpOutcome(run: Run): Outcome {
  const full = run.full;
  const rules = SCP_RULES;
  const id = run.caller.identity;
  if (run.prepared.action !== ASSUME_ROLE) {
    return outcome('skip', full ? 'SCPs limit IAM users and roles of member accounts; a web identity or SAML caller is neither (R-05, R-06).' : '', rules);
  }
  if (id.kind === 'service') return outcome('skip', full ? `The caller is the service ${id.service}, not an IAM principal of a member account; SCPs do not apply (R-05).` : '', rules);
  const org = run.indexed.organization;
  if (!org) return outcome('skip', full ? 'The snapshot has no organization: no SCP applies.' : '', rules);
  if (org.unavailable) return outcome('unknown', full ? `The organization could not be read (${org.unavailable}), so the SCPs on the caller's path are unknown.` : '', rules);
  if (!policyTypeEnabled(run, 'SERVICE_CONTROL_POLICY')) return outcome('skip', full ? 'SCPs are not enabled in the organization.' : '', rules);
  const account = id.accountId!;
  if (account === org.managementAccountId) {
    return outcome('skip', full ? `The caller belongs to the management account ${account}; SCPs never limit it (R-05).` : '', rules);
  }
  if (organizationTreeUnknown(run.indexed)) return outcome('unknown', full ? 'The snapshot does not include the organization tree, so the caller\'s SCP path is unknown.' : '', rules);
  const path = org.paths.get(account);
  const unsure = org.membershipUnknown.get(account);
  if (!path && unsure) return outcome('unknown', full ? `Whether the caller's account ${account} is in an organization is not known (${unsure}), so its SCPs are unknown (R-05).` : '', rules);
  if (!path) return outcome('skip', full ? `The caller's account ${account} is outside the organization; its SCPs do not apply (R-05).` : '', rules);
  if (isServiceLinkedCaller(run)) return outcome('skip', full ? 'The caller is a service-linked role; SCPs do not affect service-linked roles (R-05).' : '', rules);
  const pendingScp = policyTypePending(run, 'SERVICE_CONTROL_POLICY');
  if (pendingScp) {
    return outcome('unknown', full ? `SCPs are ${pendingScp} in the organization (being switched on or off); AWS does not document whether they are enforced meanwhile, so the SCPs on the caller's path may or may not apply (R-05).` : '', rules);
  }
  // A policy attached on the path whose content the snapshot lacks may be an SCP (R-06): even with
  // no SCP listed, the path is then not known to be free of them.
  const unlistedScp = !org.hasScps ? missingOnPath(path) : undefined;
  if (unlistedScp) return outcome('unknown', full ? `Policy ${unlistedScp.ids.join(', ')} attached to ${levelName(unlistedScp.level)} is not in the snapshot. If it is an SCP, it could deny, or be the only SCP allowing at that level, so whether the SCPs allow is unknown (R-06).` : '', rules);
  if (!org.hasScps) return outcome('skip', full ? 'The snapshot lists no SCP in the organization.' : '', rules);

  const actions = requiredActions(run);
  let denyAt: { level: OrgLevel; action: string; statements: StatementEvaluation[]; policy?: string } | undefined;
  let noAllowAt: { level: OrgLevel; action: string; statements: StatementEvaluation[] } | undefined;
  // A level no SCP of which can allow, where a Deny may apply: refused either way (R-06, R-02).
  let eitherAt: { level: OrgLevel; action: string; denies: StatementEvaluation[] } | undefined;
  let unknownAt: { level: OrgLevel; why: string } | undefined;
  const evidence: StatementEvaluation[] = [];
  for (const level of path) {
    if (!level.policiesListed) {
      unknownAt ??= { level, why: `the snapshot does not list the SCPs attached to ${levelName(level)}` };
      continue;
    }
    for (const action of actions) {
      // Every level must allow (R-06): a level where nothing can allow refuses whatever its Denies do.
      const result = evaluateSet(run, level.scps, action, false, level.missingPolicyIds, true);
      if (full) evidence.push(...result.statements.filter((s) => s.actionMatched));
      if (result.result === 'deny') {
        denyAt ??= { level, action, statements: result.denies, policy: result.denyPolicy?.name };
      } else if (result.result === 'none') {
        noAllowAt ??= { level, action, statements: result.statements };
      } else if (result.result === 'deny-or-none') {
        eitherAt ??= { level, action, denies: result.uncertain.filter((s) => s.effect === 'Deny') };
      } else if (result.result === 'unknown') {
        const why = result.missing.length > 0
          ? `SCP ${result.missing.join(', ')} attached to ${levelName(level)} is not in the snapshot`
          : result.uncertain.map((s) => explainStatementConditions(run, s)).join('; ');
        unknownAt ??= { level, why };
      }
    }
  }
  if (denyAt) {
    const st = denyAt.statements[0];
    const summary = full
      ? `${deniedBy('SCP', st, denyAt.policy, denyAt.level)} explicitly denies ${denyAt.action} for the caller's account ${account} (R-02, R-06).`
      : '';
    return outcome('fail', summary, ['R-02', ...rules], { denial: 'explicit', evidence: evidenceOf(run, denyAt.statements.length ? denyAt.statements : evidence), refusedAction: denyAt.action });
  }
  if (noAllowAt) {
    const summary = full
      ? `No SCP attached to ${levelName(noAllowAt.level)} allows ${noAllowAt.action}${noAllowAt.level.scps.length === 0 ? ' (none is attached there)' : ` (attached: ${noAllowAt.level.scps.map((p) => p.ref.name).join(', ')})`}; every level from the root to account ${account} must allow (R-06). No statement denies: AWS still words this refusal "with an explicit deny in a service control policy" in the error it documents (R-63). The refusal itself is certain. The wording is disputed: the same page also writes "due to an explicit deny", and STS is also seen returning the message without that ending.`
      : '';
    // §10 #5: the refusal is certain, the error's wording is disputed (said in the summary, flagged here).
    return outcome('fail', summary, rules, { denial: 'implicit', evidence: evidenceOf(run, evidence), refusedAction: noAllowAt.action, disputed: true });
  }
  if (eitherAt) {
    const attached = eitherAt.level.scps.map((p) => p.ref.name).join(', ');
    const keys = full ? unknownKeysIn(run, eitherAt.denies) : undefined;
    const summary = full
      ? `No SCP attached to ${levelName(eitherAt.level)} can allow ${eitherAt.action} (attached: ${attached}); every level from the root to account ${account} must allow (R-06). ${eitherDenialWords(run, eitherAt.denies, `no SCP at that level allows it (R-06)`, keys)} Either way AWS's documented error ends "with an explicit deny in a service control policy" (R-63); for the implicit case that wording is disputed, as when no SCP allows.`
      : '';
    // The refusal is certain; as for noAllowAt, the error's wording is disputed when it is implicit.
    return outcome('fail', summary, ['R-02', ...rules], {
      denial: 'implicit',
      evidence: evidenceOf(run, evidence),
      refusedAction: eitherAt.action,
      disputed: true,
      denialDependsOn: keys,
    });
  }
  if (unknownAt) return outcome('unknown', full ? `Cannot tell whether the SCPs allow: ${unknownAt.why}.` : '', rules, { evidence: evidenceOf(run, evidence) });
  return outcome(
    'pass',
    full ? `Every level of the caller's path (${path.map(levelName).join(' → ')}) has an SCP allowing ${actions.join(' and ')} and none denies.` : '',
    rules,
    { evidence: evidenceOf(run, evidence.filter((s) => s.applies)) },
  );
}

/** The first level of `path` that attaches a policy the snapshot does not hold, with those ids. */
function missingOnPath(path: readonly OrgLevel[]): { level: OrgLevel; ids: string[] } | undefined {
  const level = path.find((candidate) => candidate.missingPolicyIds.length > 0);
  return level ? { level, ids: level.missingPolicyIds } : undefined;
}

/** `rcp`: the RCPs on the role's account path. */
export function checkRcp(run: Run): Outcome {
  const refused = rcpOutcome(run);
  return refused.status === 'fail' ? unlessManagement(run, refused, run.prepared.role.account, [...new Set(['R-09', ...refused.rules])], 'RCPs do not affect its resources (R-09)') : refused;
}

function rcpOutcome(run: Run): Outcome {
  const full = run.full;
  const rules = RCP_RULES;
  const org = run.indexed.organization;
  const roleAccount = run.prepared.role.account;
  if (!org) return outcome('skip', full ? 'The snapshot has no organization: no RCP applies.' : '', rules);
  if (org.unavailable) return outcome('unknown', full ? `The organization could not be read (${org.unavailable}), so the RCPs on the role's path are unknown.` : '', rules);
  if (!policyTypeEnabled(run, 'RESOURCE_CONTROL_POLICY')) return outcome('skip', full ? 'RCPs are not enabled in the organization.' : '', rules);
  if (roleAccount === org.managementAccountId) {
    return outcome('skip', full ? `The role is in the management account ${roleAccount}; RCPs do not affect its resources (R-09).` : '', rules);
  }
  if (organizationTreeUnknown(run.indexed)) return outcome('unknown', full ? 'The snapshot does not include the organization tree, so the role\'s RCP path is unknown.' : '', rules);
  const path = org.paths.get(roleAccount);
  const unsure = org.membershipUnknown.get(roleAccount);
  if (!path && unsure) return outcome('unknown', full ? `Whether the role's account ${roleAccount} is in an organization is not known (${unsure}), so its RCPs are unknown (R-08).` : '', rules);
  if (!path) return outcome('skip', full ? `The role's account ${roleAccount} is outside the organization; RCPs do not apply (R-08).` : '', rules);
  if (isServiceLinkedCaller(run)) return outcome('skip', full ? 'The caller is a service-linked role; RCPs do not apply to its calls (R-09).' : '', rules);
  if (run.role?.serviceLinked) return outcome('skip', full ? 'The role is service-linked; RCPs do not affect its trust policy (R-09).' : '', rules);
  const pendingRcp = policyTypePending(run, 'RESOURCE_CONTROL_POLICY');
  if (pendingRcp) {
    return outcome('unknown', full ? `RCPs are ${pendingRcp} in the organization (being switched on or off); AWS does not document whether they are enforced meanwhile, so the RCPs on the role's path may or may not apply (R-08).` : '', rules);
  }
  const unlistedRcp = !org.hasRcps ? missingOnPath(path) : undefined;
  if (unlistedRcp) return outcome('unknown', full ? `Policy ${unlistedRcp.ids.join(', ')} attached to ${levelName(unlistedRcp.level)} is not in the snapshot. If it is an RCP, it could deny, so whether an RCP denies is unknown (R-10).` : '', rules);
  if (!org.hasRcps) {
    return outcome('pass', full ? 'The organization lists no RCP, which behaves as RCPFullAWSAccess everywhere: nothing denies (R-10).' : '', rules);
  }
  const actions = requiredActions(run);
  const evidence: StatementEvaluation[] = [];
  let unknownWhy: string | undefined;
  for (const level of path) {
    if (!level.policiesListed) {
      unknownWhy ??= `the snapshot does not list the RCPs attached to ${levelName(level)}`;
      continue;
    }
    for (const action of actions) {
      // R-10: only Deny statements change the outcome; the Allow is always there.
      const result = evaluateSet(run, level.rcps, action, true, level.missingPolicyIds);
      if (full) evidence.push(...result.statements.filter((s) => s.effect === 'Deny' && s.actionMatched));
      if (result.result === 'deny') {
        const st = result.denies[0];
        const summary = full
          ? `${deniedBy('RCP', st, result.denyPolicy?.name, level)} denies ${action} on ${run.prepared.request.roleArn}; an RCP Deny anywhere on the role account's path applies to every caller (R-09, R-10).`
          : '';
        return outcome('fail', summary, ['R-02', ...rules], { denial: 'explicit', evidence: evidenceOf(run, result.denies), refusedAction: action });
      }
      if (result.uncertain.some((s) => s.effect === 'Deny') || (result.missing.length > 0 && !unknownWhy)) {
        unknownWhy ??= result.missing.length > 0
          ? `RCP ${result.missing.join(', ')} attached to ${levelName(level)} is not in the snapshot`
          : result.uncertain.filter((s) => s.effect === 'Deny').map((s) => explainStatementConditions(run, s)).join('; ');
      }
    }
  }
  if (unknownWhy) return outcome('unknown', full ? `Cannot tell whether an RCP denies: ${unknownWhy}.` : '', rules, { evidence: evidenceOf(run, evidence) });
  return outcome('pass', full ? `No RCP on the role account's path (${path.map(levelName).join(' → ')}) denies ${actions.join(' or ')}.` : '', rules, { evidence: evidenceOf(run, evidence) });
}
