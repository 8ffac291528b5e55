// Principal and NotPrincipal (R-20…R-27): every form a trust policy can name, compiled once into
// entries that are compared with the caller without parsing anything per request.

import { DoctorError } from '@/lib/errors';
import { isAccountId, parseArn } from '../arn';
import { BoundedMap } from '../memo';
import type { CallerIdentity, PrincipalMatch, PrincipalMatchKind } from './types';

export interface PrincipalEntry {
  kind: PrincipalMatchKind;
  /** As written in the policy. */
  value: string;
  /** account: the account id; *-arn: the full ARN. */
  account?: string;
  partition?: string;
  /** role-arn: `partition:account:RoleName` (sessions carry no path, so the path is ignored). */
  roleKey?: string;
  /** service / federated: lowered for case-insensitive comparison of host names. */
  lowered?: string;
}

export interface CompiledPrincipal {
  entries: PrincipalEntry[];
  /** Entries that are unique ids (AROA…, AIDA…): a principal that was deleted. */
  uniqueIds: string[];
  /**
   * The element lists "*" (as `"*"` or an AWS entry `"*"`), alone or beside narrower entries, so it
   * names every caller. Read from the compiled element, whatever the case of its names.
   */
  wildcard?: boolean;
}

export interface PrincipalProblem {
  field: string;
  message: string;
}

// unique ids as IAM writes them back when the named user/role no longer exists.
const UNIQUE_ID = /^A(IDA|ROA)[A-Z0-9]{12,124}$/;

// Most specific first: an explanation should name the narrowest grant that matched.
const SPECIFICITY: Record<PrincipalMatchKind, number> = {
  'session-arn': 6,
  'user-arn': 5,
  'role-arn': 5,
  'federated-user-arn': 5,
  'unique-id': 5,
  service: 4,
  federated: 4,
  account: 2,
  wildcard: 1,
  'canonical-user': 0,
};

const PRINCIPAL_TYPES: Record<string, 'AWS' | 'Service' | 'Federated' | 'CanonicalUser'> = {
  aws: 'AWS',
  service: 'Service',
  federated: 'Federated',
  canonicaluser: 'CanonicalUser',
};

function compileAwsEntry(value: string, field: string, problems: PrincipalProblem[]): PrincipalEntry | undefined {
  if (value === '*') return { kind: 'wildcard', value };
  if (isAccountId(value)) return { kind: 'account', value, account: value };
  if (UNIQUE_ID.test(value)) return { kind: 'unique-id', value };
  if (!value.startsWith('arn:')) {
    problems.push({ field, message: `invalid principal "${value}": expected "*", a 12-digit account id or an IAM ARN` });
    return undefined;
  }
  if (value.includes('*') || value.includes('?')) {
    // no partial wildcards in principal ARNs (use aws:PrincipalArn with ArnLike instead).
    problems.push({ field, message: `invalid principal "${value}": a wildcard cannot match part of a principal ARN (R-21); use "*" with an aws:PrincipalArn ArnLike condition` });
    return undefined;
  }
  let parsed;
  try {
    parsed = parseArn(value, field);
  } catch (error) {
    problems.push({ field, message: error instanceof DoctorError ? error.message : `invalid principal "${value}"` });
    return undefined;
  }
  const base = { value, account: parsed.account, partition: parsed.partition };
  if (parsed.service === 'iam') {
    switch (parsed.resourceType) {
      case 'root':
        return { kind: 'account', ...base };
      case 'user':
        return { kind: 'user-arn', ...base };
      case 'role':
        return { kind: 'role-arn', ...base, roleKey: `${parsed.partition}:${parsed.account}:${parsed.resourceName}` };
    }
  } else if (parsed.service === 'sts') {
    if (parsed.resourceType === 'assumed-role') return { kind: 'session-arn', ...base };
    if (parsed.resourceType === 'federated-user') return { kind: 'federated-user-arn', ...base };
  }
  problems.push({ field, message: `invalid principal "${value}": only accounts, users, roles, role sessions and federated users can be AWS principals` });
  return undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Compiles a Principal / NotPrincipal element. Problems mean AWS would refuse the statement. */
export function compilePrincipal(element: unknown, field: string): { principal?: CompiledPrincipal; problems: PrincipalProblem[] } {
  const problems: PrincipalProblem[] = [];
  const entries: PrincipalEntry[] = [];
  if (element === '*') return { principal: { entries: [{ kind: 'wildcard', value: '*' }], uniqueIds: [], wildcard: true }, problems };
  if (typeof element !== 'object' || element === null || Array.isArray(element)) {
    problems.push({ field, message: 'principal must be "*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}' });
    return { problems };
  }
  for (const [writtenType, values] of Object.entries(element as Record<string, unknown>)) {
    const lowered = writtenType.toLowerCase();
    const type = Object.hasOwn(PRINCIPAL_TYPES, lowered) ? PRINCIPAL_TYPES[lowered] : undefined;
    const typeField = `${field}.${writtenType}`;
    if (!type) {
      problems.push({ field: typeField, message: `unknown principal type "${writtenType}" (expected AWS, Service, Federated or CanonicalUser)` });
      continue;
    }
    const list = asList(values);
    if (list.length === 0) problems.push({ field: typeField, message: 'principal list is empty' });
    for (const value of list) {
      if (typeof value !== 'string' || value === '') {
        problems.push({ field: typeField, message: `principal values must be non-empty strings, got ${JSON.stringify(value) ?? typeof value}` });
        continue;
      }
      if (type === 'AWS') {
        const entry = compileAwsEntry(value, typeField, problems);
        if (entry) entries.push(entry);
      } else if (type === 'Service') {
        entries.push({ kind: 'service', value, lowered: value.toLowerCase() });
      } else if (type === 'Federated') {
        entries.push({ kind: 'federated', value, lowered: value.toLowerCase() });
      } else {
        entries.push({ kind: 'canonical-user', value });
      }
    }
  }
  if (problems.length > 0) return { problems };
  const principal: CompiledPrincipal = { entries, uniqueIds: entries.filter((e) => e.kind === 'unique-id').map((e) => e.value) };
  if (entries.some((e) => e.kind === 'wildcard')) principal.wildcard = true;
  return { principal, problems };
}

// The caller's role, as `partition:account:RoleName`: a function of the session ARN (and the role
// ARN), so kept by that text (bounded) rather than per caller object, which is new for every request.
const roleKeys = new BoundedMap<string, string>(10_000);

function callerRoleKey(caller: CallerIdentity): string | undefined {
  if (caller.kind !== 'role-session') return undefined;
  const text = caller.roleArn === undefined ? caller.arn : `${caller.arn}\n${caller.roleArn}`;
  let key = roleKeys.get(text);
  if (key === undefined) {
    key = '';
    // arn:aws:sts::123456789012:assumed-role/RoleName/session
    const parts = caller.arn.split(':');
    const resource = parts.slice(5).join(':');
    if (parts.length >= 6 && resource.startsWith('assumed-role/')) {
      const name = resource.slice('assumed-role/'.length).split('/')[0];
      key = `${parts[1]}:${parts[4]}:${name}`;
    } else if (caller.roleArn) {
      const roleParts = caller.roleArn.split(':');
      const roleName = roleParts.slice(5).join(':').split('/').pop() ?? '';
      key = `${roleParts[1]}:${roleParts[4]}:${roleName}`;
    }
    roleKeys.set(text, key);
  }
  return key || undefined;
}

/** Does one entry name this caller? An absent caller (anonymous) is named only by "*". */
export function entryMatches(entry: PrincipalEntry, caller: CallerIdentity | undefined): boolean {
  if (entry.kind === 'wildcard') return true;
  if (!caller) return false;
  switch (entry.kind) {
    case 'account':
      // the account (root ARN or bare id) stands for every IAM principal of the account.
      return (
        caller.accountId === entry.account &&
        (entry.partition === undefined || entry.partition === caller.partition) &&
        (caller.kind === 'user' || caller.kind === 'role-session' || caller.kind === 'root' || caller.kind === 'federated-user')
      );
    case 'user-arn':
      return caller.kind === 'user' && caller.arn === entry.value;
    case 'role-arn':
      // a role ARN names every session of the role; session ARNs carry no path.
      return caller.kind === 'role-session' && callerRoleKey(caller) === entry.roleKey;
    case 'session-arn':
      return caller.kind === 'role-session' && caller.arn === entry.value;
    case 'federated-user-arn':
      return caller.kind === 'federated-user' && caller.arn === entry.value;
    case 'unique-id':
      // only the principal that currently holds this id; a recreated one has a new id.
      return caller.uniqueId !== undefined && caller.uniqueId === entry.value;
    case 'service':
      return caller.kind === 'service' && caller.service !== undefined && caller.service.toLowerCase() === entry.lowered;
    case 'federated': {
      // the identity provider the web identity / SAML caller came through.
      const providers = caller.federatedProviders;
      if (!providers) return false;
      for (const provider of providers) if (provider === entry.value || provider.toLowerCase() === entry.lowered) return true;
      return false;
    }
    case 'canonical-user':
      return false; // canonical user ids identify S3 account owners, never an STS caller
  }
  return false;
}

/** Fast path: does any entry name the caller (R-24: entries OR)? */
export function principalMatches(principal: CompiledPrincipal, caller: CallerIdentity | undefined): boolean {
  const entries = principal.entries;
  for (let i = 0; i < entries.length; i++) if (entryMatches(entries[i], caller)) return true;
  return false;
}

function isCompiled(value: unknown): value is CompiledPrincipal {
  return typeof value === 'object' && value !== null && Array.isArray((value as CompiledPrincipal).entries) && Array.isArray((value as CompiledPrincipal).uniqueIds);
}

/**
 * Matches a Principal element (compiled, or as written) against the caller. Reports the most
 * specific entry that matched and, always, the unique-id entries. A Principal element AWS
 * would refuse matches nothing.
 */
export function matchPrincipal(principal: CompiledPrincipal | unknown, caller: CallerIdentity | undefined): PrincipalMatch {
  let compiled: CompiledPrincipal | undefined;
  if (isCompiled(principal)) compiled = principal;
  else compiled = compilePrincipal(principal, 'Principal').principal;
  if (!compiled) return { matched: false };
  let best: PrincipalEntry | undefined;
  for (const entry of compiled.entries) {
    if ((!best || SPECIFICITY[entry.kind] > SPECIFICITY[best.kind]) && entryMatches(entry, caller)) best = entry;
  }
  const result: PrincipalMatch = best ? { matched: true, via: best.kind, value: best.value } : { matched: false };
  if (compiled.uniqueIds.length > 0) result.uniqueIds = compiled.uniqueIds.slice();
  if (compiled.wildcard) result.listsWildcard = true;
  return result;
}
