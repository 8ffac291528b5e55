// Redaction for frozen share links: account ids, names, ExternalIds and IP addresses become
// consistent pseudonyms, so a colleague (or a vendor's support desk) can follow the diagnosis
// without learning the estate, the shared ExternalId or where calls come from.
//
// "Consistent" means one real value → one pseudonym across the request, the diagnosis, the
// diagrams and the snapshot slice of the same freeze, so ARNs still line up and the story still
// reads. Account ids stay 12 digits and names keep IAM's character set, so every ARN stays an ARN.
// ExternalIds become external-id-N and addresses ip-N (a CIDR keeps its prefix length): opaque on
// purpose, since made-up addresses would suggest containments the real ones do not have. Policy
// documents as IAM returns them (URL-encoded JSON) are decoded first, or names inside them would
// be missed.
//
// Web identity tokens say who they were issued to: the sub (a GitHub repository and branch, an
// e-mail, a user id) becomes subject-N wherever it appears (the claims, the context key
// `<issuer>:sub`, condition evidence, summaries, fixes, the diagrams), like an ExternalId. The
// issuer and the audience stay: they name the identity provider and the client registered with
// it, which the reader needs to follow a provider or audience failure, and they say nothing about
// who ran the job. A raw token is decoded and re-encoded with its claims redacted (and no
// signature), or base64 would carry the sub past every pattern.
//
// SAML assertions name the person too: every `saml:` attribute (sub, namequalifier, mail,
// eduPersonPrincipalName, …) becomes subject-N like a token's sub, except those that name the
// endpoint and the provider (aud, iss, doc) or say what kind of value a subject is (sub_type,
// the unscoped affiliations). Source identities, wherever they come from (the request, the
// calling session, a token's source_identity claim, a SAML attribute), are names: identity-N.
//
// Session tags: the keys stay, since they name the attribute a policy tests (aws:PrincipalTag/team)
// and the tag-session checks compare keys; every value becomes tag-value-N. A value may be a team
// but as often a person, an e-mail or a repository, and nothing tells them apart, so all go. That
// covers the request's tags, the calling session's, a token's https://aws.amazon.com/tags claim,
// a SAML assertion's PrincipalTag attributes and the IAM tags of the snapshot's users and roles.
//
// The engine quotes an over-long parameter cut short (`shorten` in lib/engine/checks/parameters.ts);
// every value given a pseudonym is registered in that cut form too, or the first 77 characters of
// an ExternalId would survive in the request-valid summary.
//
// Pure: build a Redactor from what is about to be stored, then run every value through it.

import ipaddr from 'ipaddr.js';
import { diagramsOf } from './diagram';
import { shorten } from './engine/checks/parameters';
import { decodeJwtPayload, textToBase64Url } from './engine/jwt';
import type { AssumeRoleRequest, Diagnosis, Snapshot } from './engine/types';

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

/** A value as the engine quotes it in a summary when it is too long, or undefined when quoted whole. */
function cutForm(value: string): string | undefined {
  const cut = shorten(value);
  return cut === value ? undefined : cut;
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
    const cut = cutForm(name);
    if (cut !== undefined && !this.names.has(cut)) this.names.set(cut, `${kind}-${next}`);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  get nameEntries(): [string, string][] {
    // Longest first so "Deploy-Prod" is replaced before "Deploy".
    return [...this.names.entries()].sort((a, b) => b[0].length - a[0].length);
  }

  get accountEntries(): [string, string][] {
    return [...this.accounts.entries()];
  }
}

/** Values found where an ExternalId, an IP address, a subject or a tag value is written, each with its pseudonym. */
class ValueTable {
  private readonly values = new Map<string, string>();
  private count = 0;

  constructor(
    private readonly prefix: string,
    /** Addresses: `203.0.113.0/24` is kept as the address, so the prefix length stays readable beside its pseudonym. */
    private readonly bareAddresses: boolean,
  ) {}

  private key(value: string): string {
    const slash = this.bareAddresses ? value.indexOf('/') : -1;
    return slash > 0 ? value.slice(0, slash) : value;
  }

  add(value: unknown): void {
    if (typeof value === 'string' && value.length >= 2) this.pseudonym(value);
  }

  /** The value's pseudonym, made on first sight. */
  pseudonym(value: string): string {
    const key = this.key(value);
    let pseudonym = this.values.get(key);
    if (pseudonym === undefined) {
      this.values.set(key, (pseudonym = `${this.prefix}-${++this.count}`));
      // The form a summary quotes it in when it is too long maps to the same pseudonym.
      const cut = cutForm(key);
      if (cut !== undefined && !this.values.has(cut)) this.values.set(cut, pseudonym);
    }
    return pseudonym;
  }

  /** A pattern matching any value as a whole token (longest first), or null when there is none. */
  pattern(before: string, after: string): RegExp | null {
    if (this.values.size === 0) return null;
    const alternatives = [...this.values.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    return new RegExp(`(?<!${before})(${alternatives.join('|')})(?!${after})`, 'g');
  }

  get entries(): [string, string][] {
    return [...this.values.entries()];
  }
}

// A value is replaced only as a whole token: not inside a longer one, though a sentence's full
// stop may follow it (and an address may be followed by its prefix length).
const EXTERNAL_ID_BEFORE = '[\\w+=,.@:/-]';
const EXTERNAL_ID_AFTER = '[\\w+=,@:/-]|\\.[\\w+=,@:/-]';
// A subject holds colons and slashes itself (repo:acme/api:ref:refs/heads/main); CloudTrail writes
// it after a colon (`<provider>:<aud>:<sub>`), so only a longer word, address or path continues it.
const SUBJECT_BEFORE = '[\\w+=,.@/-]';
const SUBJECT_AFTER = '[\\w+=,@:/-]|\\.[\\w+=,@:/-]';
const IPV6_BEFORE = '[\\w.:]';
const IPV6_AFTER = '[\\w:]|\\.\\d';
/**
 * IPv4 addresses are recognised anywhere (a fix may quote one as a new /32), not only where
 * collected: a dotted quad of octets 0-255 standing alone. Version numbers look the same
 * (`aws-cli/2.15.30.1`, `Version 1.2.3.4`, `v1.2.3.4`), so a quad that is part of a longer token
 * is left as written: one touching a letter, digit or dot, one that is the version half of a
 * `product/version` (or `name#version`) token, one after the word "version", and one whose
 * `/digits` run on into a longer token (`1.2.3.4/5.6`). A CIDR keeps its prefix
 * (`10.0.0.0/8` → `ip-N/8`), and a URL's host (`http://10.0.0.1/`) is still an address.
 */
const DOTTED_QUAD = /\d{1,3}(?:\.\d{1,3}){3}/g;

function isStandaloneIpv4(quad: string, offset: number, text: string): boolean {
  if (quad.split('.').some((octet) => Number(octet) > 255)) return false;
  const before = text[offset - 1] ?? '';
  if (/[\w.]/.test(before)) return false;
  if ((before === '/' || before === '#') && /[\w.-]/.test(text[offset - 2] ?? '')) return false;
  if (/\bversion[\s:=]*$/i.test(text.slice(Math.max(0, offset - 16), offset))) return false;
  const rest = text.slice(offset + quad.length, offset + quad.length + 16); // enough for a prefix length and what follows it
  // What may follow: not a longer token, though a sentence's full stop may (`… from 10.0.0.1.`).
  const continuesToken = (after: string) => /^(?:\w|\.\d)/.test(after);
  if (continuesToken(rest)) return false;
  const prefix = /^\/\d+/.exec(rest);
  if (prefix && continuesToken(rest.slice(prefix[0].length))) return false;
  return true;
}
/** IAM unique ids (users, roles, groups, policies, instance profiles): they identify a principal too. */
const UNIQUE_ID = /(?<![A-Za-z0-9])(A(?:IDA|ROA|GPA|NPA|IPA))[A-Z0-9]{12,}(?![A-Za-z0-9])/g;
const IP_OPERATOR = /^(ForAnyValue:|ForAllValues:)?(Not)?IpAddress(IfExists)?$/i;
const IP_CONTEXT_KEYS = new Set(['aws:sourceip', 'aws:vpcsourceip']);

/** The JSON text of a policy document as IAM returns it (URL-encoded), or undefined for any other text. */
function decodedDocument(text: string): string | undefined {
  if (!/^\s*%7B/i.test(text)) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * Claims that say who a web identity token was issued to (AWS maps sub, user_id and id to
 * `<provider>:<claim>` keys; email is common in the tokens people paste).
 */
const SUBJECT_CLAIMS = new Set(['sub', 'email', 'user_id', 'id']);
/**
 * Claims kept as they are: they name the provider and the client registered with it (issuer,
 * audience, authorized party, app id) or how the user signed in (amr), which the reader needs to
 * follow the failure; or they are AWS's own (session tags, source identity), rewritten like any
 * other value. Every other string claim of a token is replaced by claim-N.
 */
const PROVIDER_CLAIMS = new Set(['iss', 'aud', 'azp', 'oaud', 'app_id', 'amr', 'https://aws.amazon.com/tags', 'https://aws.amazon.com/source_identity']);

/**
 * `saml:` keys that stay readable: the recipient (aud) names the endpoint, the issuer and the
 * `<account>/<provider>` doc name the identity provider (its account and name are rewritten as
 * such), and sub_type and the unscoped affiliations say what kind of value a subject is
 * (persistent, staff), not whose it is. Every other `saml:` key names the person.
 */
const SAML_KEPT_KEYS = new Set(['aud', 'iss', 'doc', 'sub_type', 'edupersonaffiliation', 'edupersonprimaryaffiliation']);

/** `<provider>:sub`, `saml:sub` and the like: a condition or context key holding the person a token or an assertion names. */
function isSubjectKey(key: string): boolean {
  const colon = key.lastIndexOf(':');
  if (colon <= 0) return false;
  if (/^saml:/i.test(key)) return !SAML_KEPT_KEYS.has(key.slice('saml:'.length).toLowerCase());
  if (/^(aws|sts|iam):/i.test(key)) return false;
  return SUBJECT_CLAIMS.has(key.slice(colon + 1).toLowerCase());
}

/** Session tags and source identity in a token's AWS claims, or in a SAML assertion's AWS attributes. */
const TAGS_CLAIM = 'https://aws.amazon.com/tags';
const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';
const SAML_ATTRIBUTE = 'https://aws.amazon.com/saml/attributes/';
const TAG_CONTEXT_KEY = /^aws:(RequestTag|PrincipalTag)\//i;

/** A subject value worth a pseudonym: not a Null condition's true/false, nor a word of the grammar. */
function addSubject(subjects: ValueTable, value: unknown): void {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || text === 'true' || text === 'false' || RESERVED_WORDS.has(text.toLowerCase())) return;
  subjects.add(text);
}

/** The parts of a JWT (its header, and its payload decoded as the engine decodes it), or undefined for any other text. */
function jwtOf(text: string): { header: string; claims: Record<string, unknown> } | undefined {
  if (!/^eyJ[\w-]*\.eyJ[\w-]*\.[\w-]*$/.test(text)) return undefined;
  try {
    return { header: text.slice(0, text.indexOf('.')), claims: decodeJwtPayload(text) };
  } catch {
    return undefined;
  }
}

/** Collects ExternalIds, IP addresses and token subjects from condition blocks, CloudTrail records and the request context. */
function collectSensitiveValues(value: unknown, externalIds: ValueTable, ips: ValueTable, subjects: ValueTable, depth = 0): void {
  if (depth > 64) return;
  if (typeof value === 'string') {
    const decoded = decodedDocument(value);
    if (decoded === undefined) return;
    try {
      collectSensitiveValues(JSON.parse(decoded), externalIds, ips, subjects, depth + 1);
    } catch {
      // not JSON after all: nothing structured to read
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectSensitiveValues(item, externalIds, ips, subjects, depth + 1);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    if (key === 'Condition' && item && typeof item === 'object' && !Array.isArray(item)) {
      for (const [operator, byKey] of Object.entries(item)) {
        if (!byKey || typeof byKey !== 'object') continue;
        for (const [conditionKey, values] of Object.entries(byKey)) {
          const list = Array.isArray(values) ? values : [values];
          if (conditionKey.toLowerCase() === 'sts:externalid') list.forEach((v) => externalIds.add(v));
          if (IP_OPERATOR.test(operator) || IP_CONTEXT_KEYS.has(conditionKey.toLowerCase())) list.forEach((v) => ips.add(v));
          // The subjects a trust policy lets in name repositories and users as much as the caller's own.
          if (isSubjectKey(conditionKey) && !/Null$/i.test(operator)) list.forEach((v) => addSubject(subjects, v));
        }
      }
    } else if (key === 'sourceIPAddress' && typeof item === 'string' && ipaddr.isValid(item)) {
      ips.add(item); // for calls by a service CloudTrail writes its name (ec2.amazonaws.com) here: that stays
    }
    collectSensitiveValues(item, externalIds, ips, subjects, depth + 1);
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
  // Source identities name the person behind a chain of sessions, wherever the call carries one.
  if (request.sourceIdentity) table.name('identity', request.sourceIdentity);
  if (request.callerSession?.sourceIdentity) table.name('identity', request.callerSession.sourceIdentity);
  const tokenClaims = [request.webIdentity?.claims, request.webIdentity?.token ? jwtOf(request.webIdentity.token)?.claims : undefined];
  for (const claims of tokenClaims) {
    const source = claims?.[SOURCE_IDENTITY_CLAIM];
    if (typeof source === 'string') table.name('identity', source);
  }
  const samlAttributes = Object.entries(request.saml?.attributes ?? {});
  for (const [key, value] of samlAttributes) {
    const name = key.toLowerCase().startsWith(SAML_ATTRIBUTE) ? key.slice(SAML_ATTRIBUTE.length).toLowerCase() : '';
    for (const v of Array.isArray(value) ? value : [value]) {
      if (name === 'sourceidentity') table.name('identity', v);
      else if (name === 'rolesessionname') table.name('session', v);
    }
  }
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

  // ExternalIds and addresses: the request's own, then wherever a policy or a record holds one.
  const externalIds = new ValueTable('external-id', false);
  const ips = new ValueTable('ip', true);
  // The token's own subject first, so the caller is subject-1 in the frozen page.
  const subjects = new ValueTable('subject', false);
  for (const claims of tokenClaims) {
    for (const [claim, value] of Object.entries(claims ?? {})) if (SUBJECT_CLAIMS.has(claim)) addSubject(subjects, value);
  }
  // An assertion's person attributes, in the order given (saml:sub first in any real assertion).
  // An attribute under neither `saml:` nor AWS's own names (urn:oid:2.5.4.42, a custom claim)
  // derives no context key but is stored with the request: it is about the person just as much.
  const isPersonAttribute = (key: string) => isSubjectKey(key) || !(/^saml:/i.test(key) || key.toLowerCase().startsWith(SAML_ATTRIBUTE));
  for (const [key, value] of samlAttributes) if (isPersonAttribute(key)) (Array.isArray(value) ? value : [value]).forEach((v) => addSubject(subjects, v));
  // Session tag values (keys stay: see the head of this file). A value that is already a name
  // (a session named after its user) keeps its name pseudonym, so the two still line up.
  const tagValues = new ValueTable('tag-value', false);
  const addTagValue = (value: unknown) => {
    if (typeof value === 'string' && value.length >= 3 && !table.has(value)) addSubject(tagValues, value);
  };
  for (const tag of [...(request.tags ?? []), ...(request.callerSession?.tags ?? [])]) addTagValue(tag.Value);
  for (const claims of tokenClaims) {
    const tags = claims?.[TAGS_CLAIM] as { principal_tags?: Record<string, unknown> } | undefined;
    if (!tags || typeof tags !== 'object' || !tags.principal_tags || typeof tags.principal_tags !== 'object') continue;
    for (const value of Object.values(tags.principal_tags)) (Array.isArray(value) ? value : [value]).forEach(addTagValue);
  }
  for (const [key, value] of samlAttributes) {
    if (key.toLowerCase().startsWith(`${SAML_ATTRIBUTE}principaltag:`)) (Array.isArray(value) ? value : [value]).forEach(addTagValue);
  }
  // IAM tags on the snapshot's users and roles: the caller's become aws:PrincipalTag/<key> in the
  // context, the same attribute a session tag sets, so their values are treated alike.
  for (const account of snapshot?.accounts ?? []) {
    const details = account.authorizationDetails ?? {};
    for (const principal of [...(details.UserDetailList ?? []), ...(details.RoleDetailList ?? [])]) for (const tag of principal.Tags ?? []) addTagValue(tag.Value);
  }
  externalIds.add(request.externalId);
  for (const [key, value] of Object.entries(request.context ?? {})) {
    const lower = key.toLowerCase();
    const list = Array.isArray(value) ? value : [value];
    if (lower === 'sts:externalid') list.forEach((v) => externalIds.add(v));
    if (IP_CONTEXT_KEYS.has(lower)) list.forEach((v) => ips.add(v));
    if (isSubjectKey(key)) list.forEach((v) => addSubject(subjects, v));
    if (TAG_CONTEXT_KEY.test(key)) list.forEach(addTagValue);
  }
  collectSensitiveValues(request, externalIds, ips, subjects);
  collectSensitiveValues(snapshot, externalIds, ips, subjects);
  const subjectPattern = subjects.pattern(SUBJECT_BEFORE, SUBJECT_AFTER);
  const externalIdPattern = externalIds.pattern(EXTERNAL_ID_BEFORE, EXTERNAL_ID_AFTER);
  const tagValuePattern = tagValues.pattern(EXTERNAL_ID_BEFORE, EXTERNAL_ID_AFTER);
  /** Other string claims of a token: replaced where they stand, never searched for in the text (`push`, `main` are ordinary words too). */
  const otherClaims = new ValueTable('claim', false);
  // IPv6 only as collected (a loose IPv6 pattern would take parts of ARNs); IPv4 anywhere it stands
  // alone, and a collected IPv4 address wherever it appears, even where it would pass for a version.
  const collectedIps = new ValueTable('ip', true);
  for (const [address] of ips.entries) {
    // Only real addresses: an IP condition may hold a stray word, which must not be searched for.
    if (address.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(address)) collectedIps.add(address);
  }
  const knownIps = collectedIps.pattern(IPV6_BEFORE, IPV6_AFTER);
  const uniqueIds = new Map<string, string>();

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
    // Whole values first (a subject or an ExternalId may hold digits or a name), then accounts, then names.
    let out = subjectPattern ? text.replace(subjectPattern, (v) => subjects.pseudonym(v)) : text;
    if (externalIdPattern) out = out.replace(externalIdPattern, (v) => externalIds.pseudonym(v));
    if (tagValuePattern) out = out.replace(tagValuePattern, (v) => tagValues.pseudonym(v));
    if (knownIps) out = out.replace(knownIps, (v) => ips.pseudonym(v));
    out = out.replace(DOTTED_QUAD, (quad: string, offset: number, whole: string) => (isStandaloneIpv4(quad, offset, whole) ? ips.pseudonym(quad) : quad));
    out = out.replace(UNIQUE_ID, (id, prefix: string) => {
      let pseudonym = uniqueIds.get(id);
      if (pseudonym === undefined) uniqueIds.set(id, (pseudonym = `${prefix}EXAMPLE${String(uniqueIds.size + 1).padStart(9, '0')}`));
      return pseudonym;
    });
    out = rewriteAccounts(out);
    if (namePattern) out = out.replace(namePattern, (name) => nameMap.get(name) ?? name);
    return out;
  };

  /** A token's claims: subjects to their pseudonyms, provider claims rewritten as text, any other string to claim-N. */
  const redactClaims = (claims: Record<string, unknown>, depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [claim, value] of Object.entries(claims)) {
      if (SUBJECT_CLAIMS.has(claim) && (typeof value === 'string' || typeof value === 'number')) {
        out[claim] = subjects.pseudonym(String(value));
      } else if (!PROVIDER_CLAIMS.has(claim) && typeof value === 'string') {
        out[claim] = otherClaims.pseudonym(value);
      } else {
        out[claim] = walk(value, depth + 1);
      }
    }
    return out;
  };

  const walk = (value: unknown, depth: number, key?: string): unknown => {
    if (depth > 64) return value;
    if (typeof value === 'string') {
      const jwt = jwtOf(value);
      // The signature is dropped: it is of the real claims, and would only let a reader test guesses of them.
      if (jwt) return `${jwt.header}.${textToBase64Url(JSON.stringify(redactClaims(jwt.claims, depth)))}.redacted`;
      const decoded = decodedDocument(value);
      return decoded === undefined ? rewrite(value) : encodeURIComponent(rewrite(decoded));
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
    if (value && typeof value === 'object') {
      if (key === 'claims') return redactClaims(value as Record<string, unknown>, depth);
      const out: Record<string, unknown> = {};
      // Keys are structure (policy grammar, context keys): only account ids in them are rewritten.
      // `key` marks the way to a request's webIdentity.claims, the one object read claim by claim.
      for (const [name, item] of Object.entries(value)) {
        out[rewriteAccounts(name)] = walk(item, depth + 1, name === 'webIdentity' || key === 'webIdentity' ? name : undefined);
      }
      return out;
    }
    return value;
  };

  return {
    apply: <T,>(value: T) => walk(value, 0) as T,
    get mapping() {
      return new Map([...accountMap.entries(), ...nameMap.entries(), ...subjects.entries, ...externalIds.entries, ...tagValues.entries, ...ips.entries, ...uniqueIds.entries(), ...otherClaims.entries]);
    },
  };
}

export interface Freeze {
  request: AssumeRoleRequest;
  diagnosis: Diagnosis;
  snapshot: Snapshot;
  source: string;
}

/**
 * A freeze with every value pseudonymised. The diagrams are drawn again from the redacted
 * diagnosis rather than rewritten: their labels are cut to length, and a cut name or session
 * ('…role/Vendo…') no longer matches anything a text rewrite looks for.
 */
export function redactFreeze(freeze: Freeze): Freeze {
  const redactor = createRedactor(freeze.request, freeze.snapshot);
  const { diagram, ...rest } = freeze.diagnosis;
  const diagnosis: Diagnosis = redactor.apply(rest);
  if (diagram) diagnosis.diagram = diagramsOf(diagnosis);
  return { request: redactor.apply(freeze.request), diagnosis, snapshot: redactor.apply(freeze.snapshot), source: redactor.apply(freeze.source) };
}
