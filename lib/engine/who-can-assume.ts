// "Who can assume this role?": every principal the trust policy's Allow statements name, how it is
// trusted, under which conditions, whether an identity allow is also needed on the caller's side
// (R-14, R-15, R-16, R-17, R-20), and the principals of the snapshot that match — each with the
// verdict the decision procedure gives for it (a plain call: no tags, no external id).

import { DoctorError } from '@/lib/errors';
import { parseArn } from './arn';
import { diagnose } from './diagnose';
import { loadSnapshot, trustPrincipals, type IndexedRole, type IndexedSnapshot, type TrustPrincipalKind, type TrustStatementPrincipals } from './snapshot';
import type { CompiledStatement } from './policy/compile';
import type { Decision } from './types';

export interface WhoCanAssumeCondition {
  operator: string;
  key: string;
  policyValues: string[];
}

export interface KnownPrincipal {
  /** The caller ARN the verdict was computed for (users as is; roles as a session of the role). */
  arn: string;
  /** What a plain sts:AssumeRole call by this principal gets (no tags, external id or MFA). */
  decision: Decision;
}

export interface WhoCanAssumeEntry {
  /** The principal as written in the trust policy. */
  principal: string;
  /** account, user, role, session, federated-user, unique-id, service, federated, wildcard, canonical-user. */
  kind: string;
  statement: { index: number; sid?: string };
  /** The STS actions the statement allows. */
  actions: string[];
  conditions: WhoCanAssumeCondition[];
  /** True when a caller trusted this way also needs an identity-policy allow in its own account. */
  needsIdentityPolicy: boolean;
  /** Why (or why not), with the rule. */
  identityPolicyNote: string;
  /** R-22: a unique id no principal in the snapshot holds (the principal was deleted). */
  deleted?: boolean;
  knownPrincipals: KnownPrincipal[];
  /** More matching principals exist than are listed. */
  knownPrincipalsTruncated?: boolean;
}

/**
 * A Deny statement of the trust policy: whoever it names (under its conditions) is refused whatever
 * an Allow says, since an explicit deny wins (R-01). The verdicts of the known principals already
 * account for it; this says why.
 */
export interface WhoCannotAssumeEntry {
  statement: { index: number; sid?: string };
  /** The principals as written, with their kinds (`wildcard` for "*": everyone). */
  principals: { principal: string; kind: string }[];
  actions: string[];
  conditions: WhoCanAssumeCondition[];
}

export interface WhoCanAssumeReport {
  roleArn: string;
  principals: WhoCanAssumeEntry[];
  denials: WhoCannotAssumeEntry[];
}

const MAX_KNOWN = 200;
// Verdicts per report, over all entries: each is a diagnosis that reads the whole trust policy, so
// a policy with thousands of statements (far over IAM's size limit, but importable) would cost
// statements × principals diagnoses. Real trust policies stay well under it.
const MAX_VERDICTS = 1000;

/** The conditions of a trust statement as the evaluator tests them: the compiled block, operator and key as written. */
function conditionsOf(statement: CompiledStatement): WhoCanAssumeCondition[] {
  return (statement.conditions?.conditions ?? []).map((condition) => ({ operator: condition.written, key: condition.key, policyValues: condition.policyValues.slice() }));
}

function kindOf(kind: TrustPrincipalKind, value: string): string {
  if (kind !== 'arn') return kind;
  if (value.includes(':assumed-role/')) return 'session';
  if (value.includes(':federated-user/')) return 'federated-user';
  if (/:iam::\d{12}:user\//.test(value)) return 'user';
  if (/:iam::\d{12}:role\//.test(value)) return 'role';
  return 'arn';
}

function identityNeed(kind: string, principal: string, role: IndexedRole): { needs: boolean; note: string } {
  const account = /^\d{12}$/.test(principal) ? principal : principal.split(':')[4];
  const same = account === role.accountId;
  switch (kind) {
    case 'account':
      return { needs: true, note: same ? 'the account delegates to its identity policies (R-15)' : 'another account: its identity policies must allow too (R-14, R-15)' };
    case 'wildcard':
      return { needs: false, note: 'callers in the role\'s own account need no identity allow; callers in other accounts also need an identity allow (R-20); SCPs and explicit denies still apply to both' };
    case 'federated-user':
      return { needs: false, note: 'a federated-user session (GetFederationToken) cannot call sts:AssumeRole at all, whatever the trust policy says (R-48)' };
    case 'user':
    case 'role':
    case 'session':
      if (!same) return { needs: true, note: 'another account: its identity policies must allow too (R-14)' };
      if (kind === 'user') return { needs: false, note: 'same-account user ARN: no identity allow needed; its permissions boundary still applies (R-16, R-16b disputed)' };
      if (kind === 'role') return { needs: false, note: 'same-account role ARN: no identity allow needed; boundary and session policy still apply (R-17)' };
      return { needs: false, note: 'same-account session ARN: granted to that session directly (R-18)' };
    case 'service':
    case 'federated':
      return { needs: false, note: 'service and identity-provider callers have no identity policies; the trust policy decides (R-25, R-56)' };
    default:
      return { needs: false, note: '' };
  }
}

function verdict(indexed: IndexedSnapshot, caller: string, roleArn: string): Decision {
  return diagnose(indexed, { action: 'sts:AssumeRole', caller, roleArn, roleSessionName: 'who-can-assume' }, { mode: 'verdict' }).decision;
}

function sessionOf(role: IndexedRole): string {
  return `arn:${role.partition}:sts::${role.accountId}:assumed-role/${role.name}/who-can-assume`;
}

function statementRef(st: TrustStatementPrincipals): { index: number; sid?: string } {
  return st.sid ? { index: st.index, sid: st.sid } : { index: st.index };
}

/** The callers of the snapshot a principal entry stands for: users as they are, roles as a session of the role. */
function knownCallers(indexed: IndexedSnapshot, kind: string, value: string, entry: WhoCanAssumeEntry): string[] {
  const known: string[] = [];
  const everyoneIn = (accountId: string) => {
    const acct = indexed.accounts.get(accountId);
    if (!acct) return;
    for (const u of acct.usersByName.values()) known.push(u.arn);
    for (const r of acct.rolesByName.values()) known.push(sessionOf(r));
  };
  if (kind === 'account') everyoneIn(value);
  else if (kind === 'wildcard') for (const accountId of indexed.accounts.keys()) everyoneIn(accountId);
  else if (kind === 'user') {
    if (indexed.usersByArn.has(value)) known.push(value);
  } else if (kind === 'role') {
    const r = indexed.rolesByArn.get(value);
    if (r) known.push(sessionOf(r));
  } else if (kind === 'session') known.push(value);
  else if (kind === 'unique-id') {
    const holder = indexed.principalsById.get(value);
    if (!holder) entry.deleted = true;
    else known.push(holder.kind === 'user' ? holder.arn : sessionOf(holder));
  }
  return known;
}

/**
 * Who the trust policy of `roleArn` lets in (its Allow statements, principal by principal, with
 * the verdict of each principal of the snapshot it stands for) and whom its Deny statements
 * refuse. Statements the policy compiler skipped as malformed take no part (AWS would not have
 * stored them). Throws DoctorError when the role is not in the snapshot.
 */
export function whoCanAssumeReport(snapshot: unknown, roleArn: string): WhoCanAssumeReport {
  const indexed = loadSnapshot(snapshot);
  const parsed = parseArn(roleArn, 'roleArn');
  if (parsed.resourceType !== 'role') throw new DoctorError('bad-arn', `expected a role ARN, got ${JSON.stringify(roleArn)}`, 'roleArn');
  const account = indexed.accounts.get(parsed.account);
  if (!account) throw new DoctorError('not-found', `account ${parsed.account} is not in the snapshot, so its roles are unknown`, 'roleArn');
  const role = indexed.rolesByArn.get(roleArn) ?? account.rolesByName.get(parsed.resourceName.toLowerCase());
  if (!role) throw new DoctorError('not-found', `account ${parsed.account} has no role ${parsed.resourceName}`, 'roleArn');
  const report: WhoCanAssumeReport = { roleArn: role.arn, principals: [], denials: [] };
  if (!role.trust) return report;
  // A plain call's verdict depends on the caller and the role only: one diagnosis per caller.
  const verdicts = new Map<string, Decision>();
  const verdictOf = (arn: string): Decision | undefined => {
    let decision = verdicts.get(arn);
    if (decision === undefined && verdicts.size < MAX_VERDICTS) {
      decision = verdict(indexed, arn, role.arn);
      verdicts.set(arn, decision);
    }
    return decision;
  };
  // trustPrincipals reads the compiled statements in order: entry i is role.trust.statements[i].
  const compiled = role.trust.statements;
  for (const [i, st] of trustPrincipals(role.trust).entries()) {
    // trustPrincipals lists only the actions that cover role assumption (wildcards and NotAction included).
    const actions = st.actions;
    if (actions.length === 0) continue;
    const conditions = conditionsOf(compiled[i]);
    if (st.effect === 'Deny') {
      report.denials.push({ statement: statementRef(st), principals: st.principals.map((p) => ({ principal: p.value, kind: kindOf(p.kind, p.value) })), actions, conditions });
      continue;
    }
    for (const p of st.principals) {
      const kind = kindOf(p.kind, p.value);
      const { needs, note } = identityNeed(kind, p.value, role);
      const entry: WhoCanAssumeEntry = {
        principal: p.value,
        kind,
        statement: statementRef(st),
        actions,
        conditions,
        needsIdentityPolicy: needs,
        identityPolicyNote: note,
        knownPrincipals: [],
      };
      const known = knownCallers(indexed, kind, p.value, entry);
      if (actions.some((a) => !/WithWebIdentity|WithSAML/i.test(a))) {
        if (known.length > MAX_KNOWN) entry.knownPrincipalsTruncated = true;
        for (const arn of known.slice(0, MAX_KNOWN)) {
          const decision = verdictOf(arn);
          if (decision === undefined) {
            entry.knownPrincipalsTruncated = true; // the report's verdict budget is spent
            break;
          }
          entry.knownPrincipals.push({ arn, decision });
        }
      }
      report.principals.push(entry);
    }
  }
  return report;
}

/** The principals the trust policy of `roleArn` lets in: `whoCanAssumeReport(…).principals`. */
export function whoCanAssume(snapshot: unknown, roleArn: string): WhoCanAssumeEntry[] {
  return whoCanAssumeReport(snapshot, roleArn).principals;
}

/**
 * The reverse question, from the trust index: which roles' trust policies name this principal —
 * by its ARN, its account, its unique id, or "*". Only says what the trust policies name; run
 * diagnose for a verdict.
 */
export function rolesNaming(snapshot: unknown, principalArn: string): { roleArn: string; statement: { index: number; sid?: string }; principal: string; kind: string; hasConditions: boolean }[] {
  const indexed = loadSnapshot(snapshot);
  const parsed = parseArn(principalArn, 'principalArn');
  const keys = [`arn:${principalArn}`, `account:${parsed.account}`, '*'];
  if (parsed.resourceType === 'assumed-role') {
    const role = indexed.accounts.get(parsed.account)?.rolesByName.get(parsed.resourceName.toLowerCase());
    keys.push(`arn:${role?.arn ?? `arn:${parsed.partition}:iam::${parsed.account}:role/${parsed.resourceName}`}`);
    if (role) keys.push(`id:${role.uniqueId}`);
  } else if (parsed.resourceType === 'user') {
    const user = indexed.usersByArn.get(principalArn);
    if (user) keys.push(`id:${user.uniqueId}`);
  }
  const out: ReturnType<typeof rolesNaming> = [];
  for (const key of new Set(keys)) {
    for (const entry of indexed.trustByPrincipal.get(key) ?? []) {
      if (entry.effect !== 'Allow' || entry.actions.length === 0) continue;
      out.push({
        roleArn: entry.roleArn,
        statement: entry.sid ? { index: entry.statementIndex, sid: entry.sid } : { index: entry.statementIndex },
        principal: entry.principal,
        kind: kindOf(entry.principalKind, entry.principal),
        hasConditions: entry.hasConditions,
      });
    }
  }
  return out;
}
