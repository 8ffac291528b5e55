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
// Names are collected from every IAM and STS ARN in what is frozen, not only the request's: the
// principals a trust policy trusts or denies, ARN patterns in aws:PrincipalArn and other
// conditions, resources, the diagnosis's evidence, summaries and fixes. Each path segment, name
// and session becomes path-N, user-N, role-N, session-N… (the literal pieces around a wildcard or
// a policy variable alike: `role/ProjectX*` → `role/role-3*`), as do inline policy names and the
// names of imported files (file-N, extension kept). AWS's own stay, since they name no one and the
// reader needs them: service principals, AWS managed policies (arn:aws:iam::aws:policy/…), the
// paths AWS puts roles under (aws-reserved, aws-service-role, service-role), OIDC provider hosts,
// actions, condition keys and wildcards; a principal named like one of the grammar's words
// (RESERVED_WORDS) keeps its name. A value a tag condition tests (aws:PrincipalTag/…,
// aws:RequestTag/…, aws:ResourceTag/…) is a tag value even when no request carries it.
//
// Short values (under MIN_SEARCHED_LENGTH, 3 characters: a session `al`, a tag value `HR`, `42`)
// are never searched for in text, where they would hit ordinary words and numbers. They are
// replaced only where they stand as a token of their own: a whole string value (unless the field
// is structure: a tag key, a policy version, the grammar, the diagnosis's enumerations), a whole
// ARN segment or literal piece of one, a value between quotes ('al', "HR": how summaries, shell
// arguments and JSON write them), a name right after its kind (`role T`), a value right after its
// condition operator (`StringEquals HR`), and a session after a unique id (AROA…:al). Anywhere
// else (free prose naming a two-character value without any of these) it stays. Longer values
// are searched for as whole tokens, as before; every replacement is held aside until the string
// is done, so a pseudonym is never itself rewritten by a later pass.
//
// Pure: build a Redactor from what is about to be stored, then run every value through it.

import ipaddr from 'ipaddr.js';
import { diagramsOf } from './diagram';
import { shorten } from './engine/checks/parameters';
import { terraformLabel } from './engine/fixes/render';
import { validSessionName } from './engine/fixes/advice';
import { GITHUB_CLAIMS } from './engine/context';
import { decodeJwtPayload, textToBase64Url } from './engine/jwt';
import type { AssumeRoleRequest, Diagnosis, Snapshot } from './engine/types';

export interface Redactor {
  /** Deep copy of `value` with every string rewritten. */
  apply<T>(value: T): T;
}

const ACCOUNT_ID = /(?<![0-9])\d{12}(?![0-9])/g;
/** Characters IAM allows in names; a name only matches where it is not part of a longer one. */
const NAME_CHAR = '[\\w+=,.@-]';
// What may follow a name and still belong to a longer one: a name character, or a comma or full
// stop with a name character after it. A comma or full stop then a space or the end of the text
// is punctuation ("QueryDataLake, policy-2", "user alice."), so the name before it is replaced.
const NAME_FOLLOW = '[\\w+=@-]|[.,][\\w+=@-]';

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

type NameKind = 'account' | 'user' | 'role' | 'group' | 'policy' | 'session' | 'provider' | 'alias' | 'identity' | 'path' | 'profile';

/**
 * Values shorter than this are never searched for in text (`al`, `HR`, `42` would hit ordinary
 * words and numbers); they are replaced only where they stand as a whole (see the head of the file).
 */
const MIN_SEARCHED_LENGTH = 3;

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
    // Words of the grammar are generic and carry no identity; a short name is registered, but
    // only ever replaced where it stands as a whole (MIN_SEARCHED_LENGTH).
    if (!name || this.names.has(name) || /^\d{12}$/.test(name)) return;
    if (RESERVED_WORDS.has(name.toLowerCase())) return;
    const next = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, next);
    this.names.set(name, `${kind}-${next}`);
    // The forms the engine writes a name in besides itself: cut short in a summary, as a
    // Terraform label in a fix (`carol.jones` → `carol_jones`), and, for a session name, cleaned.
    // A session name is also written as the fix cleans it for STS (`erin/INC-4521` → `erin-INC-4521`).
    const forms = [cutForm(name), terraformLabel(name), kind === 'session' ? validSessionName(name) : undefined];
    for (const form of forms) if (form !== undefined && !this.names.has(form)) this.names.set(form, `${kind}-${next}`);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** The pseudonym of a name, whatever its length, or undefined when it is no registered name. */
  lookup(name: string): string | undefined {
    return this.names.get(name);
  }

  /** The names searched for in text: long enough not to be ordinary words, longest first so "Deploy-Prod" goes before "Deploy". */
  get nameEntries(): [string, string][] {
    return [...this.names.entries()].filter(([name]) => name.length >= MIN_SEARCHED_LENGTH).sort((a, b) => b[0].length - a[0].length);
  }

  get allNameEntries(): [string, string][] {
    return [...this.names.entries()];
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
    if (typeof value === 'string' && value.length > 0) this.pseudonym(value);
  }

  /** The pseudonym of a value already seen, or undefined. */
  lookup(value: string): string | undefined {
    return this.values.get(this.key(value));
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
    // Short values are replaced only where they stand as a whole (MIN_SEARCHED_LENGTH).
    const searched = [...this.values.keys()].filter((value) => value.length >= MIN_SEARCHED_LENGTH);
    if (searched.length === 0) return null;
    const alternatives = searched.sort((a, b) => b.length - a.length).map(escapeRegExp);
    return new RegExp(`(?<!${before})(${alternatives.join('|')})(?!${after})`, 'g');
  }

  get entries(): [string, string][] {
    return [...this.values.entries()];
  }
}

// A value is replaced only as a whole token: not inside a longer one, though a sentence's full
// stop may follow it (and an address may be followed by its prefix length).
const EXTERNAL_ID_BEFORE = '[\\w+=,.@:/-]';
const EXTERNAL_ID_AFTER = '[\\w+=@:/-]|[.,][\\w+=@:/-]';
// A subject holds colons and slashes itself (repo:acme/api:ref:refs/heads/main); CloudTrail writes
// it after a colon (`<provider>:<aud>:<sub>`), so only a longer word, address or path continues it.
const SUBJECT_BEFORE = '[\\w+=,.@/-]';
const SUBJECT_AFTER = '[\\w+=@:/-]|[.,][\\w+=@:/-]';
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
 * Claims that say who or what a web identity token was issued to (AWS maps sub, user_id and id to
 * `<provider>:<claim>` keys; email is common in the tokens people paste), and the CI claims that
 * name an organization, a repository, a workflow, a branch or a person (GitHub Actions'
 * repository, repository_owner, job_workflow_ref, workflow_ref, ref, environment, actor; GitLab's
 * project_path, namespace_path, user_login, user_email), which trust policies test as
 * `<provider>:<claim>` conditions.
 */
const SUBJECT_CLAIMS = new Set([
  'sub', 'email', 'user_id', 'id',
  // Every claim GitHub's tokens give a key for: names, and numeric ids that identify the
  // customer as well as names do; and two GitHub claims that are no key but name the same.
  ...GITHUB_CLAIMS, 'repository_owner', 'workflow_ref',
  'project_path', 'namespace_path', 'user_login', 'user_email',
]);
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

/** Condition and context keys whose values are tag values: aws:PrincipalTag/team, aws:RequestTag/owner, aws:ResourceTag/…, iam:ResourceTag/…. */
const TAG_VALUE_KEY = /^[a-z0-9-]+:(PrincipalTag|RequestTag|ResourceTag)\//i;
/** A policy variable (${aws:username}) or a wildcard: structure inside a value, never replaced. */
const VARIABLE_OR_WILDCARD = /\$\{[^}]*\}|[*?]/;

/** The literal parts of a value as a policy writes it: `team-*` → `team-`, `${aws:username}-dev` → `-dev`. */
function literalPieces(value: string): string[] {
  return value.split(new RegExp(VARIABLE_OR_WILDCARD.source, 'g')).filter((piece) => piece.length > 0);
}

interface ValueSinks {
  externalIds: ValueTable;
  ips: ValueTable;
  subjects: ValueTable;
  tagValue: (value: unknown) => void;
}

/**
 * Collects ExternalIds, IP addresses, token subjects and tag values from condition blocks,
 * CloudTrail records and the diagnosis (condition evidence and context entries: `{ key, values }`).
 */
function collectSensitiveValues(value: unknown, sinks: ValueSinks, depth = 0): void {
  if (depth > 64) return;
  const { externalIds, ips, subjects } = sinks;
  const tagValues = (values: unknown) => {
    for (const v of Array.isArray(values) ? values : [values]) if (typeof v === 'string') literalPieces(v).forEach(sinks.tagValue);
  };
  if (typeof value === 'string') {
    const decoded = decodedDocument(value);
    if (decoded === undefined) return;
    try {
      collectSensitiveValues(JSON.parse(decoded), sinks, depth + 1);
    } catch {
      // not JSON after all: nothing structured to read
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectSensitiveValues(item, sinks, depth + 1);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  // A diagnosis's condition evidence and context entries name the key beside the values.
  if (typeof record.key === 'string' && TAG_VALUE_KEY.test(record.key) && !/Null$/i.test(String(record.operator ?? ''))) {
    for (const field of ['values', 'policyValues', 'requestValues']) tagValues(record[field]);
  }
  for (const [key, item] of Object.entries(record)) {
    if (key === 'Condition' && item && typeof item === 'object' && !Array.isArray(item)) {
      for (const [operator, byKey] of Object.entries(item)) {
        if (!byKey || typeof byKey !== 'object') continue;
        for (const [conditionKey, values] of Object.entries(byKey)) {
          const list = Array.isArray(values) ? values : [values];
          if (conditionKey.toLowerCase() === 'sts:externalid') list.forEach((v) => externalIds.add(v));
          if (IP_OPERATOR.test(operator) || IP_CONTEXT_KEYS.has(conditionKey.toLowerCase())) list.forEach((v) => ips.add(v));
          // The subjects a trust policy lets in name repositories and users as much as the caller's own.
          if (isSubjectKey(conditionKey) && !/Null$/i.test(operator)) list.forEach((v) => addSubject(subjects, v));
          // A tag value a policy tests is a tag value, whether or not this call carries it.
          if (TAG_VALUE_KEY.test(conditionKey) && !/Null$/i.test(operator)) tagValues(list);
        }
      }
    } else if (key === 'claims' && item && typeof item === 'object' && !Array.isArray(item)) {
      // Token claims anywhere, not only the request's: a fix's requestPatch presents a subject the
      // policy admits (one made up from a pattern, say), and its cli and explanation quote it, so it
      // is collected before any text is rewritten and gets the same pseudonym everywhere.
      for (const [claim, v] of Object.entries(item)) if (SUBJECT_CLAIMS.has(claim)) addSubject(subjects, v);
    } else if (key === 'sourceIPAddress' && typeof item === 'string' && ipaddr.isValid(item)) {
      ips.add(item); // for calls by a service CloudTrail writes its name (ec2.amazonaws.com) here: that stays
    }
    collectSensitiveValues(item, sinks, depth + 1);
  }
}

/**
 * IAM and STS ARNs that name a customer's principals and policies (the account is 12 digits, or a
 * wildcard). AWS's own (arn:aws:iam::aws:policy/…) and OIDC providers (named by their issuer host)
 * do not match. `\S` up to a quote or comma: an ARN in prose may carry a sentence's punctuation.
 */
const NAMED_ARN = /arn:[\w-]+:(?:iam|sts)::(?:\d{12}|\*):(?:user|role|group|policy|instance-profile|assumed-role|federated-user|saml-provider|mfa)\/[^\s"'`,]+/g;
const WHOLE_NAMED_ARN = new RegExp(`^${NAMED_ARN.source}$`);
/** What may end an ARN quoted in prose and is no part of it: `… user/bob.`, `(role/Deploy)`. */
const TRAILING_PUNCTUATION = /[.)\]};:]+$/;
/** Characters IAM allows in a name or a path segment that is worth a pseudonym. */
const IAM_NAME = /^[\w+=,.@-]+$/;

/** Path segments AWS itself puts roles under (service-linked roles, IAM Identity Center): they name no one. */
function isAwsOwnedPathSegment(segment: string): boolean {
  return segment === 'aws-reserved' || segment === 'aws-service-role' || segment === 'service-role' || /\.amazonaws\.com(\.cn)?$/.test(segment);
}

function collectArn(table: PseudonymTable, arn: string): void {
  const match = /^arn:[\w-]+:(iam|sts)::(\d{12}|\*):(user|role|group|policy|instance-profile|assumed-role|federated-user|oidc-provider|saml-provider|mfa)\/(.+)$/.exec(arn);
  if (!match) {
    const root = /^arn:[\w-]+:iam::(\d{12}):root$/.exec(arn);
    if (root) table.account(root[1]);
    return;
  }
  const [, , account, type, resource] = match;
  if (account !== '*') table.account(account);
  if (type === 'oidc-provider') return; // the issuer host: see the head of this file
  // Segments split at `/`; a policy variable (which may hold a `/` itself) and wildcards split a segment into literal pieces.
  const segments = resource.replace(/\$\{[^}]*\}/g, '*').split('/');
  const register = (kind: NameKind, segment: string | undefined) => {
    for (const piece of literalPieces(segment ?? '')) if (IAM_NAME.test(piece)) table.name(kind, piece);
  };
  if (type === 'assumed-role') {
    register('role', segments[0]);
    register('session', segments[1]);
    return;
  }
  const name = segments[segments.length - 1];
  for (const segment of segments.slice(0, -1)) if (!isAwsOwnedPathSegment(segment)) register('path', segment);
  if (type === 'user' || type === 'role' || type === 'group' || type === 'policy') register(type, name);
  else if (type === 'federated-user' || type === 'mfa') register('user', name);
  else if (type === 'instance-profile') register('profile', name);
  else if (type === 'saml-provider') register('provider', name);
}

/** Every IAM or STS ARN in a text: the whole of it when the text is one ARN, else each one found in it without a sentence's trailing punctuation. */
function collectArnsIn(table: PseudonymTable, text: string): void {
  const decoded = decodedDocument(text) ?? text;
  if (WHOLE_NAMED_ARN.test(decoded)) {
    collectArn(table, decoded);
    return;
  }
  for (const arn of decoded.match(NAMED_ARN) ?? []) collectArn(table, arn.replace(TRAILING_PUNCTUATION, ''));
  for (const root of decoded.match(/arn:[\w-]+:iam::\d{12}:root/g) ?? []) collectArn(table, root);
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
 * Fields whose whole value is structure, never a short value to replace: tag keys, policy
 * versions and grammar, and the diagnosis's own enumerations. (Their text is still rewritten:
 * an account id or a long name in it goes as anywhere else.)
 */
const STRUCTURAL_FIELDS = new Set(
  'Key Version VersionId DefaultVersionId Effect Action NotAction transitiveTagKeys transitive_tag_keys format id key operator decision status origin severity kind'.split(' '),
);

function isStructuralField(field: string | undefined): boolean {
  return field !== undefined && (STRUCTURAL_FIELDS.has(field) || /TagKeys$/i.test(field));
}

/**
 * A redactor for one freeze. `request` goes first so its names get the lowest numbers
 * (the caller is account 1 / user-1 in the frozen page), then the snapshot slice, then whatever
 * else will be stored with them (`alsoIn`: the diagnosis), whose ARNs and tested tag values are
 * registered too.
 */
export function createRedactor(request: AssumeRoleRequest, snapshot?: Pick<Snapshot, 'accounts'> & Partial<Snapshot>, alsoIn: unknown[] = []): Redactor {
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
    // Inline policies are named by whoever wrote them, often after a customer or a project.
    const inlinePolicies = [
      ...(details.UserDetailList ?? []).flatMap((user) => user.UserPolicyList ?? []),
      ...(details.RoleDetailList ?? []).flatMap((role) => role.RolePolicyList ?? []),
      ...(details.GroupDetailList ?? []).flatMap((group) => group.GroupPolicyList ?? []),
    ];
    for (const inline of inlinePolicies) table.name('policy', inline.PolicyName);
  }

  // Any other ARN or account id anywhere in what is stored: the request (policies, caller session,
  // context), then the policy documents of the slice (the principals a trust policy trusts or
  // denies, aws:PrincipalArn values, resources), then the diagnosis (evidence, summaries, fixes).
  for (const source of [request, snapshot, ...alsoIn]) {
    collectStrings(source, (text) => {
      collectArnsIn(table, text);
      for (const id of text.match(ACCOUNT_ID) ?? []) table.account(id);
    });
  }

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
    if (typeof value === 'string' && value.length > 0 && !table.has(value)) addSubject(tagValues, value);
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
    if (TAG_VALUE_KEY.test(key)) list.forEach(addTagValue);
  }
  // Then the values policies test, and the diagnosis's evidence of them.
  for (const source of [request, snapshot, ...alsoIn]) collectSensitiveValues(source, { externalIds, ips, subjects, tagValue: addTagValue });
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
  // Not where a name would be an action or a condition key (`sts:AssumeRole`, `aws:PrincipalTag/team`,
  // `arn:aws:iam::aws:policy/ReadOnlyAccess`): a principal named like them leaves those alone.
  const namePattern = names.length
    ? new RegExp(`(?<!${NAME_CHAR})(?<!(?<![\\w.-])[a-z][a-z0-9-]*:)(?<![a-z][a-z0-9-]*:[A-Za-z]+/)(${names.map(([name]) => escapeRegExp(name)).join('|')})(?!${NAME_FOLLOW})`, 'g')
    : null;
  const nameMap = new Map(table.allNameEntries);

  /** The pseudonym of a value of any kind, looked up whole: how short values are replaced where they stand alone. */
  const exact = (value: string): string | undefined =>
    subjects.lookup(value) ?? externalIds.lookup(value) ?? tagValues.lookup(value) ?? table.lookup(value);
  const shortValues = [...new Set([...subjects.entries, ...externalIds.entries, ...tagValues.entries, ...table.allNameEntries].map(([value]) => value))].filter(
    (value) => value.length < MIN_SEARCHED_LENGTH,
  );
  // A short value between quotes, as a summary ('al'), a shell-quoted argument or JSON ("ZQ") writes it.
  const quotedShort = shortValues.length ? new RegExp(`(['"\`])(${shortValues.map(escapeRegExp).join('|')})\\1`, 'g') : null;
  // A short value where a fix writes it after its condition operator, unquoted: `StringEquals HR does not hold`.
  const operatorShort = shortValues.length
    ? new RegExp(`(?<=\\b(?:ForAnyValue:|ForAllValues:)?(?:String|Arn|Numeric|Date|Bool|BinaryEquals|IpAddress|NotIpAddress)[A-Za-z]* )(${shortValues.map(escapeRegExp).join('|')})(?![\\w+=,@:/-]|\\.[\\w+=,@:/-])`, 'g')
    : null;
  // A short name where a summary names it after its kind: `role T`, `user al:`.
  const shortNames = table.allNameEntries.map(([name]) => name).filter((name) => name.length < MIN_SEARCHED_LENGTH);
  const namedShort = shortNames.length
    ? new RegExp(`(?<=\\b(?:role|user|group|policy|session|profile|provider) )(${shortNames.map(escapeRegExp).join('|')})(?!${NAME_FOLLOW})`, 'gi')
    : null;

  const rewriteAccounts = (text: string): string => text.replace(ACCOUNT_ID, (id) => table.account(id));

  /**
   * One string. `whole`: the string is a value on its own (not a structural field such as a tag
   * key or a policy version), so a short value may be replaced when it is the whole of it.
   * Every replacement is held behind a placeholder until the end, so a later pass never reads a
   * pseudonym (or a name inside it) as something to replace again.
   */
  const rewrite = (text: string, whole = false): string => {
    const held: string[] = [];
    // Placeholder: the index in private-use digits (U+E010…U+E019) between U+E000 and U+E001.
    const hold = (pseudonym: string) => `\uE000${String(held.push(pseudonym) - 1).replace(/\d/g, (d) => String.fromCharCode(0xe010 + Number(d)))}\uE001`;
    const pieceOf = (piece: string, lookup: (value: string) => string | undefined) => {
      const pseudonym = lookup(piece);
      if (pseudonym !== undefined) return hold(pseudonym);
      // In prose an ARN may end a sentence: `… user/bob.`
      const trailing = TRAILING_PUNCTUATION.exec(piece);
      const bare = trailing ? lookup(piece.slice(0, trailing.index)) : undefined;
      return bare !== undefined && trailing ? `${hold(bare)}${trailing[0]}` : piece;
    };
    const short = (value: string) => (value.length < MIN_SEARCHED_LENGTH ? exact(value) : undefined);

    let out = text;
    if (whole) {
      const alone = short(text);
      if (alone !== undefined) return alone;
      // A value with wildcards or policy variables (`al*`): each literal piece stands alone.
      if (VARIABLE_OR_WILDCARD.test(text)) out = out.split(/(\$\{[^}]*\}|[*?])/).map((piece, i) => (i % 2 === 1 ? piece : pieceOf(piece, short))).join('');
    }
    if (quotedShort) out = out.replace(quotedShort, (_m, quote: string, value: string) => `${quote}${hold(exact(value) ?? value)}${quote}`);
    if (namedShort) out = out.replace(namedShort, (name) => hold(nameMap.get(name) ?? name));
    if (operatorShort) out = out.replace(operatorShort, (value) => hold(exact(value) ?? value));
    // ARNs segment by segment: a name, a path segment, a session name is replaced whatever its
    // length; pieces around wildcards and policy variables alike; AWS's own segments stay.
    out = out.replace(NAMED_ARN, (arn) => {
      const slash = arn.indexOf('/');
      const pieces = arn.slice(slash + 1).split(/(\$\{[^}]*\}|[*?/])/);
      return arn.slice(0, slash + 1) + pieces.map((piece, i) => (i % 2 === 1 ? piece : pieceOf(piece, (v) => nameMap.get(v)))).join('');
    });
    // A session as the second half of an aws:userid or a principalId (AROA…:session).
    out = out.replace(/(?<![A-Za-z0-9])(A(?:ROA|IDA)[A-Z0-9]{12,}):([\w+=,.@-]+)/g, (_m, id: string, session: string) => `${id}:${pieceOf(session, (v) => nameMap.get(v))}`);
    // Then whole values (a subject or an ExternalId may hold digits or a name), then accounts, then names.
    if (subjectPattern) out = out.replace(subjectPattern, (v) => hold(subjects.pseudonym(v)));
    if (externalIdPattern) out = out.replace(externalIdPattern, (v) => hold(externalIds.pseudonym(v)));
    if (tagValuePattern) out = out.replace(tagValuePattern, (v) => hold(tagValues.pseudonym(v)));
    if (knownIps) out = out.replace(knownIps, (v) => hold(ips.pseudonym(v)));
    out = out.replace(DOTTED_QUAD, (quad: string, offset: number, all: string) => (isStandaloneIpv4(quad, offset, all) ? hold(ips.pseudonym(quad)) : quad));
    out = out.replace(UNIQUE_ID, (id, prefix: string) => {
      let pseudonym = uniqueIds.get(id);
      if (pseudonym === undefined) uniqueIds.set(id, (pseudonym = `${prefix}EXAMPLE${String(uniqueIds.size + 1).padStart(9, '0')}`));
      return hold(pseudonym);
    });
    out = out.replace(ACCOUNT_ID, (id) => hold(rewriteAccounts(id)));
    if (namePattern) out = out.replace(namePattern, (name) => hold(nameMap.get(name) ?? name));
    return held.length ? out.replace(/\uE000([\uE010-\uE019]+)\uE001/g, (_m, digits: string) => held[Number(digits.replace(/./g, (c) => String(c.charCodeAt(0) - 0xe010)))]) : out;
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
        out[claim] = walk(value, depth + 1, undefined, claim);
      }
    }
    return out;
  };

  /** `field`: the object key the value (or the array holding it) stands under. */
  const walk = (value: unknown, depth: number, key?: string, field?: string): unknown => {
    if (depth > 64) return value;
    if (typeof value === 'string') {
      const jwt = jwtOf(value);
      // The signature is dropped: it is of the real claims, and would only let a reader test guesses of them.
      if (jwt) return `${jwt.header}.${textToBase64Url(JSON.stringify(redactClaims(jwt.claims, depth)))}.redacted`;
      const decoded = decodedDocument(value);
      return decoded === undefined ? rewrite(value, !isStructuralField(field)) : encodeURIComponent(rewrite(decoded));
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, undefined, field));
    if (value && typeof value === 'object') {
      if (key === 'claims') return redactClaims(value as Record<string, unknown>, depth);
      const out: Record<string, unknown> = {};
      // Keys are structure (policy grammar, context keys): only account ids in them are rewritten.
      // `key` marks the way to a request's webIdentity.claims, the one object read claim by claim.
      for (const [name, item] of Object.entries(value)) {
        out[rewriteAccounts(name)] = walk(item, depth + 1, name === 'webIdentity' || key === 'webIdentity' ? name : undefined, name);
      }
      return out;
    }
    return value;
  };

  return {
    apply: <T,>(value: T) => walk(value, 0) as T,
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
  const { diagram, ...rest } = freeze.diagnosis;
  // The diagnosis's ARNs and tested tag values are registered too (not its diagram: labels are cut).
  const redactor = createRedactor(freeze.request, freeze.snapshot, [rest]);
  const diagnosis: Diagnosis = redactor.apply(rest);
  if (diagram) diagnosis.diagram = diagramsOf(diagnosis);
  return { request: redactor.apply(freeze.request), diagnosis, snapshot: redactor.apply(freeze.snapshot), source: redactSource(freeze.source, redactor) };
}

/**
 * The import line of the source (`import of 2 file(s): acme-prod-export.json, trail.json,
 * captured …`, as lib/data-source.ts labels an import): the files are named by whoever exported
 * them, often after the customer, so each becomes file-N, keeping its extension (what kind of file
 * it was). A live pull's line names every pulled account: ids become their pseudonyms, aliases
 * alias-N. Anything else is rewritten as text.
 */
export function redactSource(source: string, redactor: Redactor): string {
  // A live pull is labelled with every pulled account's alias or id (lib/data-source.ts), most of
  // them outside the slice the redactor knows: ids get their pseudonyms, aliases become alias-N.
  const pull = /^live pull of (.+?)((?:, captured \S+)?)$/.exec(source);
  if (pull) {
    let aliases = 0;
    const accounts = pull[1].split(', ').map((entry) => (/^\d{12}$/.test(entry) ? redactor.apply(entry) : `alias-${++aliases}`));
    return `live pull of ${accounts.join(', ')}${redactor.apply(pull[2])}`;
  }
  const match = /^(.*?\bimport of (?:\d+ file\(s\): )?)(.*?)((?:, …)?(?:, captured \S+)?)$/.exec(source);
  if (!match) return redactor.apply(source);
  const [, head, files, tail] = match;
  const renamed = files.split(', ').map((file, i) => `file-${i + 1}${/(\.[A-Za-z0-9]{1,8})?(\.(?:gz|zip|bz2|xz))?$/.exec(file)?.[0] ?? ''}`);
  return `${redactor.apply(head)}${renamed.join(', ')}${redactor.apply(tail)}`;
}
