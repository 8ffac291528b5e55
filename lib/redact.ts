// Redaction for frozen share links: account ids and names become consistent pseudonyms, so a
// colleague (or a vendor's support desk) can follow the diagnosis without learning the estate.
//
// "Consistent" means one real value → one pseudonym across the request, the diagnosis, the
// diagrams and the snapshot slice of the same freeze, so ARNs still line up and the story still
// reads. Account ids stay 12 digits and names keep IAM's character set, so every ARN stays an ARN.
//
// Pure: build a Redactor from what is about to be stored, then run every value through it.

import type { AssumeRoleRequest, Snapshot } from './engine/types';

export interface Redactor {
  /** Deep copy of `value` with every string rewritten. */
  apply<T>(value: T): T;
  /** The replacements made (real → pseudonym); kept server-side only, never rendered. */
  readonly mapping: ReadonlyMap<string, string>;
}

const ACCOUNT_ID = /(?<![0-9])\d{12}(?![0-9])/g;
/** Characters IAM allows in names; a name only matches where it is not part of a longer one. */
const NAME_CHAR = '[\\w+=,.@-]';

/** Words of the policy grammar and the request context: a principal named like them stays as is. */
const RESERVED_WORDS = new Set(
  'aws sts iam root true false allow deny action principal condition resource statement effect version sid federated service saml oidc global default admin user role group policy session'.split(' '),
);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type NameKind = 'account' | 'user' | 'role' | 'group' | 'policy' | 'session' | 'provider' | 'alias' | 'identity';

class PseudonymTable {
  private readonly accounts = new Map<string, string>();
  private readonly names = new Map<string, string>();
  private readonly counters = new Map<string, number>();

  account(accountId: string): string {
    let pseudonym = this.accounts.get(accountId);
    if (!pseudonym) {
      // 1000000000NN: never a real-looking prefix, still a valid 12-digit id.
      pseudonym = `10000000${String(this.accounts.size + 1).padStart(4, '0')}`;
      this.accounts.set(accountId, pseudonym);
    }
    return pseudonym;
  }

  name(kind: NameKind, name: string): void {
    // Very short or generic values would rewrite ordinary words; they carry no identity anyway.
    if (!name || name.length < 3 || this.names.has(name) || /^\d{12}$/.test(name)) return;
    if (RESERVED_WORDS.has(name.toLowerCase())) return;
    const next = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, next);
    this.names.set(name, `${kind}-${next}`);
  }

  get nameEntries(): [string, string][] {
    // Longest first so "Deploy-Prod" is replaced before "Deploy".
    return [...this.names.entries()].sort((a, b) => b[0].length - a[0].length);
  }

  get accountEntries(): [string, string][] {
    return [...this.accounts.entries()];
  }
}

function lastPathSegment(resource: string): string {
  const slash = resource.lastIndexOf('/');
  return slash >= 0 ? resource.slice(slash + 1) : resource;
}

function collectArn(table: PseudonymTable, arn: string): void {
  const match = /^arn:[\w-]+:(iam|sts)::(\d{12}):(user|role|group|policy|assumed-role|oidc-provider|saml-provider|mfa)\/(.+)$/.exec(arn);
  if (!match) {
    const root = /^arn:[\w-]+:iam::(\d{12}):root$/.exec(arn);
    if (root) table.account(root[1]);
    return;
  }
  const [, , account, type, resource] = match;
  table.account(account);
  if (type === 'assumed-role') {
    const [roleName, session] = resource.split('/');
    table.name('role', roleName);
    if (session) table.name('session', session);
  } else if (type === 'user' || type === 'role' || type === 'group' || type === 'policy') {
    table.name(type, lastPathSegment(resource));
  } else if (type === 'saml-provider') {
    table.name('provider', lastPathSegment(resource));
  } else if (type === 'mfa') {
    table.name('user', lastPathSegment(resource));
  }
}

function collectStrings(value: unknown, visit: (text: string) => void, depth = 0): void {
  if (depth > 64) return;
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, visit, depth + 1);
  else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) collectStrings(item, visit, depth + 1);
  }
}

/**
 * A redactor for one freeze. `request` goes first so its names get the lowest numbers
 * (the caller is account 1 / user-1 in the frozen page), then the snapshot slice.
 */
export function createRedactor(request: AssumeRoleRequest, snapshot?: Pick<Snapshot, 'accounts'> & Partial<Snapshot>): Redactor {
  const table = new PseudonymTable();

  if (request.caller) collectArn(table, request.caller);
  collectArn(table, request.roleArn);
  if (request.roleSessionName) table.name('session', request.roleSessionName);
  if (request.sourceIdentity) table.name('identity', request.sourceIdentity);
  if (request.serialNumber) collectArn(table, request.serialNumber);
  if (request.saml?.principalArn) collectArn(table, request.saml.principalArn);

  for (const account of snapshot?.accounts ?? []) {
    table.account(account.accountId);
    if (account.alias) table.name('alias', account.alias);
    const details = account.authorizationDetails ?? {};
    for (const user of details.UserDetailList ?? []) table.name('user', user.UserName);
    for (const role of details.RoleDetailList ?? []) table.name('role', role.RoleName);
    for (const group of details.GroupDetailList ?? []) table.name('group', group.GroupName);
    for (const policy of details.Policies ?? []) {
      if (!policy.Arn.startsWith('arn:aws:iam::aws:')) table.name('policy', policy.PolicyName);
    }
  }

  // Any other ARN or account id anywhere in the request (policies, caller session, context).
  collectStrings(request, (text) => {
    for (const arn of text.match(/arn:[\w-]+:(?:iam|sts)::\d{12}:[^\s"',]+/g) ?? []) collectArn(table, arn);
    for (const id of text.match(ACCOUNT_ID) ?? []) table.account(id);
  });

  const names = table.nameEntries;
  const namePattern = names.length
    ? new RegExp(`(?<!${NAME_CHAR})(${names.map(([name]) => escapeRegExp(name)).join('|')})(?!${NAME_CHAR})`, 'g')
    : null;
  const nameMap = new Map(names);
  const accountMap = new Map(table.accountEntries);

  const rewriteAccounts = (text: string): string =>
    text.replace(ACCOUNT_ID, (id) => {
      const pseudonym = table.account(id);
      accountMap.set(id, pseudonym);
      return pseudonym;
    });

  const rewrite = (text: string): string => {
    let out = rewriteAccounts(text);
    if (namePattern) out = out.replace(namePattern, (name) => nameMap.get(name) ?? name);
    return out;
  };

  const walk = (value: unknown, depth: number): unknown => {
    if (depth > 64) return value;
    if (typeof value === 'string') return rewrite(value);
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      // Keys are structure (policy grammar, context keys): only account ids in them are rewritten.
      for (const [key, item] of Object.entries(value)) out[rewriteAccounts(key)] = walk(item, depth + 1);
      return out;
    }
    return value;
  };

  return {
    apply: <T,>(value: T) => walk(value, 0) as T,
    get mapping() {
      return new Map([...accountMap.entries(), ...nameMap.entries()]);
    },
  };
}
