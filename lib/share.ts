// A diagnosis is a URL: `/diagnose?<query>` holds the whole request, so the address bar is the
// share link and reloading it re-runs the engine against the current data.
//
// Encoding (request@1 → query string):
//   readable params for what people read and tweak:
//     action        AssumeRoleWithWebIdentity | AssumeRoleWithSAML (absent = AssumeRole)
//     caller role session externalId duration sourceIdentity region
//     sourceIp      context aws:SourceIp
//     mfa           context aws:MultiFactorAuthPresent ("true" | "false")
//     time          context aws:CurrentTime (pins the clock so a link replays the same moment)
//     tag           repeatable, "Key=Value" (session tags)
//     iss sub aud   web-identity claims (string values)
//     saml          the SAML provider ARN (saml.principalArn)
//   and `x`, a compact fallback: base64url(JSON) of everything the readable params did not
//   carry (session policies, caller session, SAML attributes, a raw token, other context keys…).
//
// Links never carry credentials: a web-identity token becomes the claims it holds (the engine reads
// only those; the signature is never verified anyway), and an MFA token code has its digits zeroed (the
// diagnosis needs to know a code was sent, not which — it expired seconds after the call).
//
// Pure and isomorphic: the server page decodes it, the what-if client encodes it.

import { base64UrlToText, decodeJwtPayload, textToBase64Url } from './engine/jwt';
import { DoctorError } from './errors';
import { assertJsonDepth, MAX_JSON_DEPTH } from './input';
import type { AssumeRoleRequest, StsAction, Tag } from './engine/types';

const ACTION_PARAM: Record<StsAction, string | undefined> = {
  'sts:AssumeRole': undefined,
  'sts:AssumeRoleWithWebIdentity': 'AssumeRoleWithWebIdentity',
  'sts:AssumeRoleWithSAML': 'AssumeRoleWithSAML',
};

const CONTEXT_PARAMS = {
  sourceIp: 'aws:SourceIp',
  mfa: 'aws:MultiFactorAuthPresent',
  time: 'aws:CurrentTime',
} as const;

const STRING_FIELDS = {
  caller: 'caller',
  role: 'roleArn',
  session: 'roleSessionName',
  externalId: 'externalId',
  sourceIdentity: 'sourceIdentity',
  region: 'region',
} as const satisfies Record<string, keyof AssumeRoleRequest>;

const CLAIM_PARAMS = ['iss', 'sub', 'aud'] as const;

/** Query parameters this module owns; anything else on the URL is ignored when decoding. */
export const SHARE_PARAMS = [
  'action',
  ...Object.keys(STRING_FIELDS),
  'duration',
  ...Object.keys(CONTEXT_PARAMS),
  'tag',
  ...CLAIM_PARAMS,
  'saml',
  'x',
] as const;

// ───────────────────────────── base64url (browser and Node) ─────────────────────────────

function fromBase64Url(encoded: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) throw new Error('not base64url');
  return base64UrlToText(encoded);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) return Object.keys(value).length === 0;
  return false;
}

// ───────────────────────────── encode ─────────────────────────────

/** The request without the credentials it may carry (see the header). */
export function withoutCredentials(request: AssumeRoleRequest): AssumeRoleRequest {
  let out = request;
  // Every digit becomes 0: the code's length and any stray characters stay, so a code STS would
  // refuse as malformed is still refused when the link is opened.
  if (out.tokenCode !== undefined) out = { ...out, tokenCode: out.tokenCode.replace(/\d/g, '0') };
  const token = out.webIdentity?.token;
  if (token !== undefined) {
    const { token: _token, ...webIdentity } = out.webIdentity!;
    // Given claims win over the token's, and the token is read exactly as the engine reads it.
    out = { ...out, webIdentity: { ...webIdentity, claims: webIdentity.claims ?? decodeJwtPayload(token) } };
  }
  return out;
}

/** The request as query parameters, in a stable order (same request → same link). */
export function encodeRequest(original: AssumeRoleRequest): URLSearchParams {
  const request = withoutCredentials(original);
  const params = new URLSearchParams();
  const rest: Record<string, unknown> = { ...request };
  delete rest.format;

  const action = ACTION_PARAM[request.action];
  if (action) params.set('action', action);
  delete rest.action;

  for (const [param, field] of Object.entries(STRING_FIELDS)) {
    const value = request[field];
    if (typeof value === 'string') {
      params.set(param, value);
      delete rest[field];
    }
  }
  if (typeof request.durationSeconds === 'number' && Number.isFinite(request.durationSeconds)) {
    params.set('duration', String(request.durationSeconds));
    delete rest.durationSeconds;
  }

  if (request.context) {
    const context: Record<string, string | string[]> = { ...request.context };
    for (const [param, key] of Object.entries(CONTEXT_PARAMS)) {
      const value = context[key];
      if (typeof value === 'string') {
        params.set(param, value);
        delete context[key];
      }
    }
    if (isEmpty(context)) delete rest.context;
    else rest.context = context;
  }

  // Tags go readable when they can round-trip through "Key=Value" (a key never holds '=': R-53
  // allows it, so such tags stay in the compact part).
  if (request.tags && request.tags.every((tag) => !tag.Key.includes('='))) {
    for (const tag of request.tags) params.append('tag', `${tag.Key}=${tag.Value}`);
    delete rest.tags;
  }

  if (request.webIdentity) {
    const webIdentity: Record<string, unknown> = { ...request.webIdentity };
    if (isRecord(request.webIdentity.claims)) {
      const claims: Record<string, unknown> = { ...request.webIdentity.claims };
      for (const claim of CLAIM_PARAMS) {
        if (typeof claims[claim] === 'string') {
          params.set(claim, claims[claim] as string);
          delete claims[claim];
        }
      }
      if (isEmpty(claims)) delete webIdentity.claims;
      else webIdentity.claims = claims;
    }
    if (isEmpty(webIdentity)) delete rest.webIdentity;
    else rest.webIdentity = webIdentity;
  }

  if (request.saml) {
    params.set('saml', request.saml.principalArn);
    const saml: Record<string, unknown> = { ...request.saml };
    delete saml.principalArn;
    if (isEmpty(saml)) delete rest.saml;
    else rest.saml = saml;
  }

  for (const [key, value] of Object.entries(rest)) if (value === undefined) delete rest[key];
  if (!isEmpty(rest)) params.set('x', textToBase64Url(JSON.stringify(rest)));
  return params;
}

/** `/diagnose?…` for a request. */
export function diagnoseHref(request: AssumeRoleRequest): string {
  return `/diagnose?${encodeRequest(request).toString()}`;
}

// ───────────────────────────── decode ─────────────────────────────

export type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function toSearchParams(source: ParamSource): URLSearchParams {
  if (source instanceof URLSearchParams) return source;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(source)) {
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else if (typeof value === 'string') params.append(key, value);
  }
  return params;
}

/** True when the query names a request at all (a role, a SAML provider or a compact part). */
export function hasRequest(source: ParamSource): boolean {
  const params = toSearchParams(source);
  return params.has('role') || params.has('x');
}

/**
 * The request a query string describes. The shape is checked here only as far as the URL
 * format goes; the engine's `parseRequest` validates the request itself.
 */
export function decodeRequest(source: ParamSource): AssumeRoleRequest {
  const params = toSearchParams(source);
  let request: Record<string, unknown> = {};

  const compact = params.get('x');
  if (compact) {
    let parsed: unknown;
    let text: string;
    try {
      text = fromBase64Url(compact);
    } catch {
      throw new DoctorError('bad-request', 'the link is damaged: its compact part is not base64url-encoded JSON', 'x');
    }
    assertJsonDepth(text, MAX_JSON_DEPTH, 'x');
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new DoctorError('bad-request', 'the link is damaged: its compact part is not base64url-encoded JSON', 'x');
    }
    if (!isRecord(parsed)) throw new DoctorError('bad-request', 'the link is damaged: its compact part is not a JSON object', 'x');
    request = parsed;
  }

  const actionParam = params.get('action');
  if (actionParam) {
    const action = (Object.keys(ACTION_PARAM) as StsAction[]).find(
      (candidate) => ACTION_PARAM[candidate] === actionParam || candidate === actionParam,
    );
    if (!action) {
      throw new DoctorError('bad-request', `'${actionParam}' is not one of AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML`, 'action');
    }
    request.action = action;
  } else if (typeof request.action !== 'string') {
    request.action = 'sts:AssumeRole';
  }

  for (const [param, field] of Object.entries(STRING_FIELDS)) {
    const value = params.get(param);
    if (value !== null) request[field] = value;
  }

  const duration = params.get('duration');
  if (duration !== null && duration !== '') {
    if (!/^\d+$/.test(duration)) throw new DoctorError('bad-request', `'${duration}' is not a whole number of seconds`, 'duration');
    request.durationSeconds = Number(duration);
  }

  const context: Record<string, unknown> = isRecord(request.context) ? { ...request.context } : {};
  for (const [param, key] of Object.entries(CONTEXT_PARAMS)) {
    const value = params.get(param);
    if (value !== null && value !== '') context[key] = value;
  }
  if (!isEmpty(context)) request.context = context;

  const tags = params.getAll('tag');
  if (tags.length > 0) {
    request.tags = tags.map((pair) => tagFromPair(pair, 'tag'));
  }

  const claimEntries = CLAIM_PARAMS.map((claim) => [claim, params.get(claim)] as const).filter(
    (entry): entry is readonly [(typeof CLAIM_PARAMS)[number], string] => entry[1] !== null,
  );
  if (claimEntries.length > 0) {
    const webIdentity: Record<string, unknown> = isRecord(request.webIdentity) ? { ...request.webIdentity } : {};
    const claims: Record<string, unknown> = isRecord(webIdentity.claims) ? { ...webIdentity.claims } : {};
    for (const [claim, value] of claimEntries) claims[claim] = value;
    webIdentity.claims = claims;
    request.webIdentity = webIdentity;
  }

  const samlProvider = params.get('saml');
  if (samlProvider) {
    const saml: Record<string, unknown> = isRecord(request.saml) ? { ...request.saml } : {};
    saml.principalArn = samlProvider;
    request.saml = saml;
  }

  return request as unknown as AssumeRoleRequest;
}

/**
 * One session tag written `Key=Value` (the key ends at the first '='; the value may hold more),
 * exactly as written. Throws a DoctorError naming `field` when there is no key.
 */
export function tagFromPair(pair: string, field: string): Tag {
  const at = pair.indexOf('=');
  if (at <= 0) throw new DoctorError('bad-request', `'${pair}' is not a tag written Key=Value`, field);
  return { Key: pair.slice(0, at), Value: pair.slice(at + 1) };
}
