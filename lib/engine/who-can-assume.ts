// "Who can assume this role?": every principal the trust policy's Allow statements name, how it is
// trusted, under which conditions, whether an identity allow is also needed on the caller's side
// (R-14, R-15, R-16, R-17, R-20), and the principals of the snapshot that match — each with the
// verdict the decision procedure gives for it (a plain call: no tags, no external id).

import { DoctorError } from '@/lib/errors';
import { parseArn } from './arn';
import { diagnose } from './diagnose';
import { loadSnapshot, trustPrincipals, type IndexedRole, type IndexedSnapshot, type TrustPrincipalKind } from './snapshot';
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

const MAX_KNOWN = 200;

function conditionsOf(statement: unknown): WhoCanAssumeCondition[] {
  const out: WhoCanAssumeCondition[] = [];
  if (typeof statement !== 'object' || statement === null) return out;
  const block = Object.entries(statement as Record<string, unknown>).find(([k]) => k.toLowerCase() === 'condition')?.[1];
  if (typeof block !== 'object' || block === null) return out;
  for (const [operator, byKey] of Object.entries(block as Record<string, unknown>)) {
    if (typeof byKey !== 'object' || byKey === null) continue;
    for (const [key, values] of Object.entries(byKey as Record<string, unknown>)) {
      out.push({ operator, key, policyValues: (Array.isArray(values) ? values : [values]).map(String) });
    }
  }
  return out;
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
      return { needs: false, note: 'callers in the role\'s own account need nothing else; callers in other accounts also need an identity allow (R-20)' };
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

/** Lists who the trust policy of `roleArn` lets in. Throws DoctorError when the role is not in the snapshot. */
export function whoCanAssume(snapshot: unknown, roleArn: string): WhoCanAssumeEntry[] {
  const indexed = loadSnapshot(snapshot);
  const parsed = parseArn(roleArn, 'roleArn');
  if (parsed.resourceType !== 'role') throw new DoctorError('bad-arn', `expected a role ARN, got ${JSON.stringify(roleArn)}`, 'roleArn');
  const account = indexed.accounts.get(parsed.account);
  if (!account) throw new DoctorError('not-found', `account ${parsed.account} is not in the snapshot, so its roles are unknown`, 'roleArn');
  const role = indexed.rolesByArn.get(roleArn) ?? account.rolesByName.get(parsed.resourceName.toLowerCase());
  if (!role) throw new DoctorError('not-found', `account ${parsed.account} has no role ${parsed.resourceName}`, 'roleArn');
  if (!role.trust) return [];

  const entries: WhoCanAssumeEntry[] = [];
  for (const st of trustPrincipals(role.trust.document)) {
    if (st.effect !== 'Allow') continue;
    // trustPrincipals lists only the actions that cover role assumption (wildcards and NotAction included).
    const actions = st.actions;
    if (actions.length === 0) continue;
    const statementSource = (Array.isArray(role.trust.document.Statement) ? role.trust.document.Statement : [role.trust.document.Statement])[st.index];
    const conditions = conditionsOf(statementSource);
    for (const p of st.principals) {
      const kind = kindOf(p.kind, p.value);
      const { needs, note } = identityNeed(kind, p.value, role);
      const entry: WhoCanAssumeEntry = {
        principal: p.value,
        kind,
        statement: st.sid ? { index: st.index, sid: st.sid } : { index: st.index },
        actions,
        conditions,
        needsIdentityPolicy: needs,
        identityPolicyNote: note,
        knownPrincipals: [],
      };
      const canAssumeRole = actions.some((a) => !/WithWebIdentity|WithSAML/i.test(a));
      const known: string[] = [];
      if (kind === 'account') {
        const acct = indexed.accounts.get(p.value);
        if (acct) {
          for (const u of acct.usersByName.values()) known.push(u.arn);
          for (const r of acct.rolesByName.values()) known.push(sessionOf(r));
        }
      } else if (kind === 'user') {
        if (indexed.usersByArn.has(p.value)) known.push(p.value);
      } else if (kind === 'role') {
        const r = indexed.rolesByArn.get(p.value);
        if (r) known.push(sessionOf(r));
      } else if (kind === 'session') {
        known.push(p.value);
      } else if (kind === 'unique-id') {
        const holder = indexed.principalsById.get(p.value);
        if (!holder) entry.deleted = true;
        else known.push(holder.kind === 'user' ? holder.arn : sessionOf(holder));
      }
      if (canAssumeRole) {
        if (known.length > MAX_KNOWN) entry.knownPrincipalsTruncated = true;
        for (const arn of known.slice(0, MAX_KNOWN)) entry.knownPrincipals.push({ arn, decision: verdict(indexed, arn, role.arn) });
      }
      entries.push(entry);
    }
  }
  return entries;
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
