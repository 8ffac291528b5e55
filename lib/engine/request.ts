// Request parsing at the edge. Shapes and ARNs are checked here (a bad shape is the user's input
// error); AWS's own parameter limits (session-name pattern, duration bounds, tag counts, …) are
// NOT checked here: AWS would answer those with a ValidationError, so they become the decision
// `invalid` through the `request-valid` check (R-36…R-39, R-52…R-54).

import { z } from 'zod';
import { DoctorError } from '@/lib/errors';
import { assertValueDepth } from '@/lib/input';
import { parseArn, parseCaller, type ParsedArn } from './arn';
import type { SessionParts } from './context';
import { isIpAddress } from './conditions/ip/ip-range';
import { parseDate } from './conditions/date/parse-date';
import { decodeJwtPayload } from './jwt';
import { normaliseIssuer, zodToDoctor } from './snapshot';
import { newSessionPolicy } from './policy/session';
import { givenContextKeys, PRINCIPAL_TAG_PREFIX, UNKNOWN_CONTEXT_KEYS } from './unknown-context';
import type { CallerIdentity } from './policy/types';
import { SIGNED_ONLY_FIELDS, STS_ACTIONS, type AssumeRoleRequest, type SignedOnlyField, type StsAction } from './types';


const contextValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);
const policyDocument = z.union([z.string(), z.record(z.string(), z.unknown())], {
  error: 'expected a policy document (a JSON object or a JSON string)',
});
const tag = z.object({ Key: z.string(), Value: z.string() });
const policyArn = z.union([z.string(), z.object({ arn: z.string() }).transform((v) => v.arn)]);

const requestSchema = z.object({
  format: z.literal('assumerole-doctor/request@1').optional(),
  action: z.enum(STS_ACTIONS, { error: `expected one of ${STS_ACTIONS.join(', ')}` }),
  caller: z.string().optional(),
  roleArn: z.string({ error: 'expected the ARN of the role to assume' }),
  roleSessionName: z.string().optional(),
  durationSeconds: z.number().int('expected a whole number of seconds').optional(),
  externalId: z.string().optional(),
  sourceIdentity: z.string().optional(),
  tags: z.array(tag).optional(),
  transitiveTagKeys: z.array(z.string()).optional(),
  policy: policyDocument.optional(),
  policyArns: z.array(policyArn).optional(),
  serialNumber: z.string().optional(),
  tokenCode: z.string().optional(),
  region: z.string().regex(/^(global|[a-z]{2}(-[a-z]+)+-\d+)$/, 'expected an AWS Region such as us-east-1, or "global"').optional(),
  context: z.record(z.string(), contextValue).optional(),
  unknownContext: z.array(z.string({ error: 'expected a context key such as sts:ExternalId' }), { error: 'expected a list of context keys' }).optional(),
  callerSession: z
    .object({
      issuedBy: z.string().optional(),
      sessionPolicy: policyDocument.optional(),
      sessionPolicyArns: z.array(policyArn).optional(),
      mfaAuthenticated: z.boolean().optional(),
      sourceIdentity: z.string().optional(),
      tags: z.array(tag).optional(),
      transitiveTagKeys: z.array(z.string()).optional(),
      tagsComplete: z.boolean().optional(),
      issuedAt: z.string().optional(),
      expiration: z.string().optional(),
    })
    .optional(),
  webIdentity: z
    .object({ token: z.string().optional(), claims: z.record(z.string(), z.unknown()).optional(), providerId: z.string().optional(), claimsComplete: z.boolean().optional() })
    .optional(),
  saml: z
    .object({
      principalArn: z.string(),
      attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
      sessionNotOnOrAfter: z.string().optional(),
      attributesComplete: z.boolean().optional(),
    })
    .optional(),
});

type RequestShape = z.infer<typeof requestSchema>;

// ───────────── fast path: the same shape as requestSchema, checked by hand ─────────────

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isTagList = (v: unknown): boolean => Array.isArray(v) && v.every((t) => isPlain(t) && isString(t.Key) && isString(t.Value));
const isDocument = (v: unknown): boolean => isString(v) || isPlain(v);
const isScalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const REGION = /^(global|[a-z]{2}(-[a-z]+)+-\d+)$/;
const ACTIONS: ReadonlySet<unknown> = new Set(STS_ACTIONS);
const TEXT_FIELDS = ['caller', 'roleSessionName', 'externalId', 'sourceIdentity', 'serialNumber', 'tokenCode'] as const;
const SESSION_TEXT_FIELDS = ['issuedBy', 'sourceIdentity', 'issuedAt', 'expiration'] as const;

function tagsOf(v: unknown): { Key: string; Value: string }[] {
  return (v as Plain[]).map((t) => ({ Key: t.Key as string, Value: t.Value as string }));
}

/** The request as the schema reads it (for tests comparing the two paths). */
export function schemaShape(raw: unknown): unknown {
  const parsed = requestSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** The request in the schema's output shape, or undefined when anything needs the schema's judgement. */
export function fastShape(raw: unknown): RequestShape | undefined {
  if (!isPlain(raw)) return undefined;
  if (raw.format !== undefined && raw.format !== 'assumerole-doctor/request@1') return undefined;
  if (!ACTIONS.has(raw.action) || !isString(raw.roleArn)) return undefined;
  const out: Plain = { action: raw.action, roleArn: raw.roleArn };
  if (raw.format !== undefined) out.format = raw.format;
  for (const key of TEXT_FIELDS) {
    const v = raw[key];
    if (v === undefined) continue;
    if (!isString(v)) return undefined;
    out[key] = v;
  }
  if (raw.durationSeconds !== undefined) {
    if (typeof raw.durationSeconds !== 'number' || !Number.isInteger(raw.durationSeconds)) return undefined;
    out.durationSeconds = raw.durationSeconds;
  }
  if (raw.region !== undefined) {
    if (!isString(raw.region) || !REGION.test(raw.region)) return undefined;
    out.region = raw.region;
  }
  if (raw.tags !== undefined) {
    if (!isTagList(raw.tags)) return undefined;
    out.tags = tagsOf(raw.tags);
  }
  if (raw.transitiveTagKeys !== undefined) {
    if (!isStringList(raw.transitiveTagKeys)) return undefined;
    out.transitiveTagKeys = raw.transitiveTagKeys;
  }
  if (raw.policy !== undefined) {
    if (!isDocument(raw.policy)) return undefined;
    out.policy = raw.policy;
  }
  if (raw.policyArns !== undefined) {
    if (!isStringList(raw.policyArns)) return undefined;
    out.policyArns = raw.policyArns;
  }
  if (raw.context !== undefined) {
    if (!isPlain(raw.context)) return undefined;
    for (const v of Object.values(raw.context)) if (!(isScalar(v) || (Array.isArray(v) && v.every(isScalar)))) return undefined;
    out.context = raw.context;
  }
  if (raw.unknownContext !== undefined) {
    if (!isStringList(raw.unknownContext)) return undefined;
    out.unknownContext = raw.unknownContext;
  }
  if (raw.callerSession !== undefined) {
    const cs = raw.callerSession;
    if (!isPlain(cs)) return undefined;
    const session: Plain = {};
    for (const key of SESSION_TEXT_FIELDS) {
      if (cs[key] === undefined) continue;
      if (!isString(cs[key])) return undefined;
      session[key] = cs[key];
    }
    if (cs.sessionPolicy !== undefined) {
      if (!isDocument(cs.sessionPolicy)) return undefined;
      session.sessionPolicy = cs.sessionPolicy;
    }
    if (cs.sessionPolicyArns !== undefined) {
      if (!isStringList(cs.sessionPolicyArns)) return undefined;
      session.sessionPolicyArns = cs.sessionPolicyArns;
    }
    if (cs.mfaAuthenticated !== undefined) {
      if (typeof cs.mfaAuthenticated !== 'boolean') return undefined;
      session.mfaAuthenticated = cs.mfaAuthenticated;
    }
    if (cs.tags !== undefined) {
      if (!isTagList(cs.tags)) return undefined;
      session.tags = tagsOf(cs.tags);
    }
    if (cs.transitiveTagKeys !== undefined) {
      if (!isStringList(cs.transitiveTagKeys)) return undefined;
      session.transitiveTagKeys = cs.transitiveTagKeys;
    }
    if (cs.tagsComplete !== undefined) {
      if (typeof cs.tagsComplete !== 'boolean') return undefined;
      session.tagsComplete = cs.tagsComplete;
    }
    out.callerSession = session;
  }
  if (raw.webIdentity !== undefined) {
    const w = raw.webIdentity;
    if (!isPlain(w)) return undefined;
    if ((w.token !== undefined && !isString(w.token)) || (w.providerId !== undefined && !isString(w.providerId)) || (w.claims !== undefined && !isPlain(w.claims))) return undefined;
    if (w.claimsComplete !== undefined && typeof w.claimsComplete !== 'boolean') return undefined;
    const web: Plain = {};
    if (w.token !== undefined) web.token = w.token;
    if (w.claims !== undefined) web.claims = w.claims;
    if (w.providerId !== undefined) web.providerId = w.providerId;
    if (w.claimsComplete !== undefined) web.claimsComplete = w.claimsComplete;
    out.webIdentity = web;
  }
  if (raw.saml !== undefined) {
    const sa = raw.saml;
    if (!isPlain(sa) || !isString(sa.principalArn)) return undefined;
    if (sa.sessionNotOnOrAfter !== undefined && !isString(sa.sessionNotOnOrAfter)) return undefined;
    if (sa.attributesComplete !== undefined && typeof sa.attributesComplete !== 'boolean') return undefined;
    if (sa.attributes !== undefined) {
      if (!isPlain(sa.attributes)) return undefined;
      for (const v of Object.values(sa.attributes)) if (!(isString(v) || isStringList(v))) return undefined;
    }
    const saml: Plain = { principalArn: sa.principalArn };
    if (sa.attributes !== undefined) saml.attributes = sa.attributes;
    if (sa.sessionNotOnOrAfter !== undefined) saml.sessionNotOnOrAfter = sa.sessionNotOnOrAfter;
    if (sa.attributesComplete !== undefined) saml.attributesComplete = sa.attributesComplete;
    out.saml = saml;
  }
  return out as RequestShape;
}

/** A request after edge validation, with the pieces every check needs already parsed. */
export interface PreparedRequest {
  request: AssumeRoleRequest;
  action: StsAction;
  role: ParsedArn;
  /** The caller as Principal matching sees it; for web identity / SAML a synthetic federated caller. */
  caller: CallerIdentity;
  /** Web identity: the token's claims (from `claims`, else the decoded — never verified — JWT payload). */
  claims?: Record<string, unknown>;
  /** Web identity: the token's issuer as providers are looked up by it (normaliseIssuer: no scheme, no trailing slash). */
  issuer?: string;
  /** Session tags, transitive keys, source identity: filled in by sessionTagsOf on first use. */
  sessionParts?: SessionParts;
}

// The last few validated requests are remembered by identity, so that diagnose(snapshot,
// parseRequest(raw)) does not validate twice. Nothing is kept per request object beyond that: a
// WeakMap entry per request (an ephemeron) cost every young-generation GC more than it saved, and
// a hidden property would make the request an object React refuses to pass to client components.
const RECENT = 16;
const recentRaw: unknown[] = new Array(RECENT).fill(undefined);
const recentPrepared: (PreparedRequest | undefined)[] = new Array(RECENT).fill(undefined);
let recentNext = 0;

function remember(raw: unknown, result: PreparedRequest): void {
  recentRaw[recentNext] = raw;
  recentPrepared[recentNext] = result;
  recentNext = (recentNext + 1) % RECENT;
}

/** Validates a request. Throws DoctorError('bad-request' | 'bad-arn') naming the field. */
export function parseRequest(raw: unknown): AssumeRoleRequest {
  return prepareRequest(raw).request;
}

/**
 * Validates and pre-parses a request. A request validated moments ago (parseRequest, then
 * diagnose) is recognised and not validated again, so requests are treated as immutable.
 */
export function prepareRequest(raw: unknown): PreparedRequest {
  if (typeof raw === 'object' && raw !== null) {
    const at = recentRaw.indexOf(raw);
    if (at !== -1) return recentPrepared[at]!;
  }
  // The edge checks the nesting of the text it reads; a library caller hands objects straight in.
  // Only token claims and a policy object can nest without bound (any JSON): every other field is
  // checked flat by the shape checks below. Walking the whole request on every call would tax the
  // hot path (every replayed or edited call is a new object).
  const objects = raw as { webIdentity?: { claims?: unknown }; policy?: unknown } | null;
  const givenClaims = objects?.webIdentity?.claims;
  if (typeof givenClaims === 'object' && givenClaims !== null) assertValueDepth(givenClaims, 'request.webIdentity.claims');
  // A policy object is depth-checked by the compiler too, but this names the path down to the depth.
  if (typeof objects?.policy === 'object' && objects.policy !== null) assertValueDepth(objects.policy, 'request.policy');
  // Well-formed requests take a hand-written check of the same shape; anything it does not
  // recognise goes through the schema, which names the offending field.
  let data = fastShape(raw);
  if (data === undefined) {
    const parsed = requestSchema.safeParse(raw);
    if (!parsed.success) throw zodToDoctor(parsed.error, 'bad-request', 'request');
    data = parsed.data as RequestShape;
  }
  // data is a fresh object (the fast path's or the schema's copy): completed in place.
  if (data.context) {
    // JSON.parse keeps a `__proto__` key as a plain key; the schema drops it without a word. It is
    // no condition key: refused rather than dropped or read.
    const given = (raw as Plain).context;
    if (isPlain(given) && Object.hasOwn(given, '__proto__')) {
      throw new DoctorError('bad-request', 'is not a condition key (keys look like aws:SourceIp or a service prefix and a name)', 'request.context.__proto__');
    }
    data.context = normaliseContext(data.context);
    checkContextValues(data.context as Record<string, string | string[]>);
  }
  const request = data as AssumeRoleRequest;
  // The session's times become aws:TokenIssueTime and the expiry check: refused here as the same
  // times in request.context are, rather than carried into a verdict as text.
  for (const key of ['issuedAt', 'expiration'] as const) {
    const value = request.callerSession?.[key];
    if (value !== undefined && parseDate(value) === undefined) {
      throw new DoctorError('bad-request', `expected an ISO 8601 time such as 2026-11-22T09:00:00Z, got ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)}`, `request.callerSession.${key}`);
    }
  }

  const role = parseArn(request.roleArn, 'request.roleArn');
  if (role.service !== 'iam' || role.resourceType !== 'role') {
    throw new DoctorError('bad-arn', `expected a role ARN like arn:aws:iam::123456789012:role/Name, got ${JSON.stringify(request.roleArn)}`, 'request.roleArn');
  }
  let caller: CallerIdentity;
  let claims: Record<string, unknown> | undefined;
  let issuer: string | undefined;
  switch (request.action) {
    case 'sts:AssumeRole': {
      if (request.caller === undefined) {
        throw new DoctorError('bad-request', 'sts:AssumeRole is a signed call: give the caller ARN (user, assumed-role session or root) or a service principal', 'request.caller');
      }
      caller = parseCaller(request.caller, 'request.caller');
      break;
    }
    case 'sts:AssumeRoleWithWebIdentity': {
      if (!request.webIdentity || (request.webIdentity.claims === undefined && request.webIdentity.token === undefined)) {
        throw new DoctorError('bad-request', 'AssumeRoleWithWebIdentity needs webIdentity.claims or webIdentity.token', 'request.webIdentity');
      }
      claims = request.webIdentity.claims ?? decodeJwtPayload(request.webIdentity.token as string);
      checkClaims(claims, request.webIdentity.claims === undefined);
      if (typeof claims.iss !== 'string' || claims.iss === '') {
        throw new DoctorError('bad-request', 'the web identity token has no "iss" (issuer) claim', 'request.webIdentity.claims.iss');
      }
      caller = { kind: 'web-identity', arn: '', partition: role.partition };
      issuer = normaliseIssuer(claims.iss);
      break;
    }
    case 'sts:AssumeRoleWithSAML': {
      if (!request.saml) throw new DoctorError('bad-request', 'AssumeRoleWithSAML needs saml.principalArn (the SAML provider ARN)', 'request.saml');
      const provider = parseArn(request.saml.principalArn, 'request.saml.principalArn');
      if (provider.resourceType !== 'saml-provider') {
        throw new DoctorError('bad-arn', `expected a SAML provider ARN like arn:aws:iam::123456789012:saml-provider/Name, got ${JSON.stringify(request.saml.principalArn)}`, 'request.saml.principalArn');
      }
      caller = { kind: 'saml', arn: '', partition: role.partition, federatedProviders: [request.saml.principalArn] };
      break;
    }
  }
  if (request.action !== 'sts:AssumeRole') refuseSignedOnlyFields(request);

  // The new session's inline policy is read here, once per document (the request-valid check
  // reuses the reading): a document over 1 MB or nested beyond 32 levels is no policy AWS could be
  // sent, so it is refused naming request.policy (too-large / too-deep); a malformed but bounded
  // one is what AWS answers with MalformedPolicyDocument, a verdict (R-52).
  if (request.policy !== undefined) newSessionPolicy(request.policy);
  for (const [i, arn] of (request.policyArns ?? []).entries()) parseArn(arn, `request.policyArns[${i}]`);
  for (const [i, arn] of (request.callerSession?.sessionPolicyArns ?? []).entries()) parseArn(arn, `request.callerSession.sessionPolicyArns[${i}]`);

  const result: PreparedRequest = { request, action: request.action, role, caller, claims, issuer };
  if (request.unknownContext !== undefined) checkUnknownContext(result);
  if (typeof raw === 'object' && raw !== null) remember(raw, result);
  remember(request, result);
  return result;
}

// ───────────── fields a federated call does not have ─────────────

// AssumeRoleWithWebIdentity takes RoleArn, RoleSessionName, WebIdentityToken, ProviderId, Policy,
// PolicyArns and DurationSeconds; AssumeRoleWithSAML RoleArn, PrincipalArn, SAMLAssertion, Policy,
// PolicyArns and DurationSeconds (the STS API reference). Neither needs the caller's AWS
// credentials (R-56), so there is no calling session; they "do not support MFA" (R-40); and the source identity
// and session tags are the token's claims or the assertion's attributes (R-38, R-39). A request
// giving one of these as a field describes a call AWS never receives: weighing it would be a
// guessed verdict (a typed source identity satisfying a trust policy the token does not), so it is
// refused, naming the field and where the value really comes from.
const WEB_IDENTITY_SOURCE_IDENTITY = "the token's https://aws.amazon.com/source_identity claim (give it in webIdentity.claims)";
const SAML_SOURCE_IDENTITY = "the assertion's https://aws.amazon.com/SAML/Attributes/SourceIdentity attribute (give it in saml.attributes)";
const WEB_IDENTITY_TAGS = "the token's https://aws.amazon.com/tags claim (principal_tags, transitive_tag_keys; give it in webIdentity.claims)";
const SAML_TAGS = "the assertion's https://aws.amazon.com/SAML/Attributes/PrincipalTag:<key> and TransitiveTagKeys attributes (give them in saml.attributes)";

function refuseSignedOnlyFields(request: AssumeRoleRequest): void {
  for (const field of SIGNED_ONLY_FIELDS) {
    const value = request[field];
    // An empty list sends nothing.
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    throw new DoctorError('bad-request', `${request.action} ${whySignedOnly(field, request.action === 'sts:AssumeRoleWithWebIdentity')}`, `request.${field}`);
  }
}

/** Why a federated call cannot have `field`, and where what it would carry comes from (written only when refusing). */
function whySignedOnly(field: SignedOnlyField, web: boolean): string {
  switch (field) {
    case 'externalId':
      return 'has no ExternalId parameter: only sts:AssumeRole sends one (R-36)';
    case 'sourceIdentity':
      return `has no SourceIdentity parameter: its source identity is ${web ? WEB_IDENTITY_SOURCE_IDENTITY : SAML_SOURCE_IDENTITY} (R-38)`;
    case 'serialNumber':
      return 'has no SerialNumber parameter: it does not support MFA (R-40)';
    case 'tokenCode':
      return 'has no TokenCode parameter: it does not support MFA (R-40)';
    case 'tags':
      return `has no Tags parameter: its session tags are ${web ? WEB_IDENTITY_TAGS : SAML_TAGS} (R-39)`;
    case 'transitiveTagKeys':
      return `has no TransitiveTagKeys parameter: its transitive keys are in ${web ? WEB_IDENTITY_TAGS : SAML_TAGS} (R-39)`;
    case 'callerSession':
      return "does not use a caller's AWS credentials, so there is no calling session to describe (R-56)";
  }
}

// ───────────── unknownContext: keys the call supplied but whose value is not known ─────────────

/** At most this many keys may be declared unknown (a real call has far fewer request-side keys). */
const MAX_UNKNOWN_CONTEXT = 50;

// A tag key as IAM allows it (letters, spaces, digits and _ . : / = + - @; API_Tag).
const KEY_FORM = /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+(\/[\p{L}\p{Z}\p{N}_.:/=+\-@]+)?$/u;

/**
 * unknownContext: each entry a key of the form `prefix:name` (optionally `/tag`), one a request may
 * declare unknown, and not one the same request gives a value for (request.context, or the
 * parameter / token / session fact the engine would read it from). Throws a bad-request naming
 * `request.unknownContext[i]`.
 */
function checkUnknownContext(prepared: PreparedRequest): void {
  const { request } = prepared;
  const list = request.unknownContext ?? [];
  if (list.length > MAX_UNKNOWN_CONTEXT) {
    throw new DoctorError('bad-request', `at most ${MAX_UNKNOWN_CONTEXT} keys may be declared unknown, got ${list.length}`, 'request.unknownContext');
  }
  const given = givenContextKeys(request);
  for (const [i, key] of list.entries()) {
    const field = `request.unknownContext[${i}]`;
    const shown = JSON.stringify(key.length > 80 ? `${key.slice(0, 77)}...` : key);
    if (!KEY_FORM.test(key)) throw new DoctorError('bad-request', `expected a context key such as sts:ExternalId or aws:PrincipalTag/team, got ${shown}`, field);
    const lower = key.toLowerCase();
    const principalTag = lower.startsWith(PRINCIPAL_TAG_PREFIX) && lower.length > PRINCIPAL_TAG_PREFIX.length;
    if (principalTag && prepared.caller.kind !== 'role-session') {
      throw new DoctorError('bad-request', `${shown} cannot be declared unknown for this caller: only a role session carries session tags of its own; the engine reads a user's tags from the snapshot`, field);
    }
    if (!principalTag && !UNKNOWN_CONTEXT_KEYS.has(lower)) {
      throw new DoctorError(
        'bad-request',
        `${shown} cannot be declared unknown: only sts:ExternalId, the source address and endpoint keys (aws:SourceIp, aws:SourceVpc, aws:SourceVpce, aws:VpcSourceIp), aws:UserAgent, the time (aws:CurrentTime, aws:EpochTime) and a role session's aws:PrincipalTag/<key> can; the engine works the others out from the snapshot, reads them from the call's parameters, or the request says so elsewhere (callerSession, webIdentity.claimsComplete, saml.attributesComplete)`,
        field,
      );
    }
    const source = given.get(lower);
    if (source !== undefined) throw new DoctorError('bad-request', `${shown} is declared unknown, but the request gives it (${source})`, field);
  }
}

// Keys whose values AWS itself writes in one form: a value in another form is a typo (a what-if
// edit, a link), which must be named as such rather than evaluated into a verdict no real call
// could get. Keys are matched without regard to case (R-34).
// A Map, not an object literal: a key named `constructor` or `__proto__` must find nothing.
const CONTEXT_FORMS = new Map<string, { test: (value: string) => boolean; expected: string }>(Object.entries({
  'aws:sourceip': { test: isIpAddress, expected: 'an IPv4 or IPv6 address such as 203.0.113.10' },
  'aws:vpcsourceip': { test: isIpAddress, expected: 'an IPv4 or IPv6 address such as 10.0.1.20' },
  'aws:currenttime': { test: (value) => parseDate(value) !== undefined, expected: 'an ISO 8601 time such as 2026-11-22T09:00:00Z' },
  'aws:tokenissuetime': { test: (value) => parseDate(value) !== undefined, expected: 'an ISO 8601 time such as 2026-11-22T09:00:00Z' },
  'aws:epochtime': { test: (value) => /^\d{1,12}$/.test(value), expected: 'whole seconds since 1970, such as 1795338000' },
  'aws:multifactorauthage': { test: (value) => /^\d{1,12}$/.test(value), expected: 'whole seconds, such as 300' },
  'aws:multifactorauthpresent': { test: isBoolText, expected: '"true" or "false"' },
  'aws:securetransport': { test: isBoolText, expected: '"true" or "false"' },
  'aws:viaawsservice': { test: isBoolText, expected: '"true" or "false"' },
  'aws:principalisawsservice': { test: isBoolText, expected: '"true" or "false"' },
}));

function isBoolText(value: string): boolean {
  return /^(true|false)$/i.test(value);
}

/**
 * Context keys are case-insensitive (R-34): two keys that differ only in case name one key, and
 * which value counted would depend on their order, so the second is refused. Each value AWS writes
 * in one form is checked against it.
 */
function checkContextValues(context: Record<string, string | string[]>): void {
  let seen: Map<string, string> | undefined;
  for (const key in context) {
    const lower = key.toLowerCase();
    seen ??= new Map();
    const first = seen.get(lower);
    if (first !== undefined) {
      throw new DoctorError('bad-request', `duplicates ${first} (condition keys are case-insensitive)`, `request.context.${key}`);
    }
    seen.set(lower, key);
    const form = CONTEXT_FORMS.get(lower);
    if (form === undefined) continue;
    const value = context[key];
    for (const item of Array.isArray(value) ? value : [value]) {
      if (!form.test(item)) throw new DoctorError('bad-request', `expected ${form.expected}, got ${JSON.stringify(item.length > 80 ? `${item.slice(0, 77)}...` : item)}`, `request.context.${key}`);
    }
  }
}

function normaliseContext(context: Record<string, z.infer<typeof contextValue>>): Record<string, string | string[]> {
  if (allText(context)) return context as Record<string, string | string[]>;
  // No prototype: a key named `__proto__` stays a key instead of replacing the object's prototype.
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of Object.entries(context)) out[key] = Array.isArray(value) ? value.map(String) : String(value);
  return out;
}

/** Every value already a string or a list of strings (the usual case): nothing to convert. */
function allText(context: Record<string, z.infer<typeof contextValue>>): boolean {
  for (const key in context) {
    const value = context[key];
    if (typeof value === 'string') continue;
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  }
  return true;
}

// ───────────── web identity claims ─────────────

const isTextOrTextList = (v: unknown): boolean => isString(v) || isStringList(v);
const isFiniteNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isIdentifier = (v: unknown): boolean => isString(v) || isFiniteNumber(v) || (Array.isArray(v) && v.every((item) => isString(item) || isFiniteNumber(item)));
const TAGS_CLAIM = 'https://aws.amazon.com/tags';

// The claims the engine reads, and what a token can carry in them (RFC 7519 §4.1, OpenID Connect
// Core §2): sub and azp are strings (iss is checked on its own, below); aud and amr a string or a list of strings; the times are
// NumericDate seconds. Provider-specific claims AWS maps to keys (oaud, app_id, user_id, id) are
// identifiers, strings or numbers. Other claims are not read and may be anything.
const CLAIM_FORMS = new Map<string, { test: (value: unknown) => boolean; expected: string }>([
  ['sub', { test: isString, expected: 'a string' }],
  ['azp', { test: isString, expected: 'a string' }],
  ['aud', { test: isTextOrTextList, expected: 'a string or a list of strings' }],
  ['amr', { test: isTextOrTextList, expected: 'a string or a list of strings' }],
  ['exp', { test: isFiniteNumber, expected: 'a number of seconds since 1970' }],
  ['iat', { test: isFiniteNumber, expected: 'a number of seconds since 1970' }],
  ['nbf', { test: isFiniteNumber, expected: 'a number of seconds since 1970' }],
  ['oaud', { test: isIdentifier, expected: 'a string or a number' }],
  ['app_id', { test: isIdentifier, expected: 'a string or a number' }],
  ['user_id', { test: isIdentifier, expected: 'a string or a number' }],
  ['id', { test: isIdentifier, expected: 'a string or a number' }],
  ['https://aws.amazon.com/source_identity', { test: isString, expected: 'a string' }],
]);

/**
 * Claims must be what a token can carry: an object where a string is due would otherwise reach a
 * condition as "[object Object]" and give a verdict no real token could get. A null claim is read
 * as absent. The session-tags claim is an object of the documented shape
 * `{"principal_tags": {"Key": ["value"]}, "transitive_tag_keys": ["Key"]}`.
 */
function checkClaims(claims: Record<string, unknown>, fromToken: boolean): void {
  const where = fromToken ? ' (decoded from request.webIdentity.token)' : '';
  const refuse = (name: string, expected: string, value: unknown): never => {
    throw new DoctorError('bad-request', `expected ${expected}, got ${describeClaim(value)}${where}`, `request.webIdentity.claims.${name}`);
  };
  for (const [name, form] of CLAIM_FORMS) {
    if (!Object.hasOwn(claims, name)) continue;
    const value = claims[name];
    if (value !== null && value !== undefined && !form.test(value)) refuse(name, form.expected, value);
  }
  if (Object.hasOwn(claims, TAGS_CLAIM) && claims[TAGS_CLAIM] !== null && claims[TAGS_CLAIM] !== undefined) {
    const tags = claims[TAGS_CLAIM];
    const shape = 'an object {"principal_tags": {"Key": ["value"]}, "transitive_tag_keys": ["Key"]}';
    if (!isPlain(tags)) refuse(TAGS_CLAIM, shape, tags);
    const { principal_tags: principalTags, transitive_tag_keys: transitive } = tags as Plain;
    if (principalTags !== undefined) {
      if (!isPlain(principalTags)) refuse(`${TAGS_CLAIM}.principal_tags`, 'an object of tag keys and values', principalTags);
      for (const [key, value] of Object.entries(principalTags as Plain)) {
        if (!isTextOrTextList(value)) refuse(`${TAGS_CLAIM}.principal_tags.${key}`, 'a string or a list of strings', value);
      }
    }
    if (transitive !== undefined && !isStringList(transitive)) refuse(`${TAGS_CLAIM}.transitive_tag_keys`, 'a list of tag keys (strings)', transitive);
  }
}

function describeClaim(value: unknown): string {
  if (Array.isArray(value)) return 'a list holding something else';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
