// The request form's fields ↔ a request@1. Field names match the share-link params where one
// exists, so a pre-filled form and a link read the same. Pure; validation of the request itself
// is the engine's (parseRequest), this only reads the form and names the field that is wrong.

import { DoctorError } from '@/lib/errors';
import type { AssumeRoleRequest, StsAction } from '@/lib/engine/types';
import { settleUnknownContext } from '@/lib/engine/unknown-context';
import { decodeRequest, encodeRequest } from '@/lib/share';
import { requestForKind } from './call-kind';
import { formatTags, parseTagText } from './tags';

export const FORM_FIELDS = [
  'action',
  'caller',
  'role',
  'session',
  'externalId',
  'duration',
  'sourceIp',
  'mfa',
  'tags',
  'sourceIdentity',
  'region',
  'time',
  'token',
  'claims',
  'saml',
  'samlAttributes',
  'samlAttributesComplete',
  'carried',
  'carriedCaller',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Partial<Record<FormField, string>>;

const ACTIONS: Record<string, StsAction> = {
  AssumeRole: 'sts:AssumeRole',
  AssumeRoleWithWebIdentity: 'sts:AssumeRoleWithWebIdentity',
  AssumeRoleWithSAML: 'sts:AssumeRoleWithSAML',
};

function json(field: FormField, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DoctorError('bad-json', `not valid JSON (${error instanceof Error ? error.message : String(error)}); expected an object such as {"sub": "…"}`, field);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DoctorError('bad-request', 'expected a JSON object', field);
  return value as Record<string, unknown>;
}

export function valuesFromForm(form: FormData): FormValues {
  const values: FormValues = {};
  for (const field of FORM_FIELDS) {
    const value = form.get(field);
    if (typeof value === 'string' && value.trim() !== '') values[field] = value.trim();
  }
  return values;
}

/** Form fields that are share-link params of the same name (lib/share.ts reads and writes them). */
const LINK_FIELDS = ['caller', 'role', 'session', 'externalId', 'duration', 'sourceIdentity', 'region', 'sourceIp', 'time', 'saml'] as const satisfies readonly FormField[];

// What a pre-filled request held that the form has no field for (its unknownContext, the caller's
// session, context keys such as aws:UserAgent, session policies…) rides in the hidden `carried`
// field, written as a share link's compact part (lib/share.ts), so submitting the form diagnoses the
// same call the link did: without it, a record's "sts:ExternalId is unknown" became "absent", and a
// firm denial. The fields the form shows are the form's alone: `carried` never holds them, and what
// it holds for them (a hand-edited value) is dropped, so what the person sees is what is diagnosed.
const FORM_OWNED = ['format', 'action', 'caller', 'roleArn', 'roleSessionName', 'externalId', 'durationSeconds', 'sourceIdentity', 'region', 'tags', 'webIdentity', 'saml'] as const;
/**
 * Context keys a form field gives, lower-cased: the ones it shows (Source IP, MFA, Time of the
 * call) and the ones the engine reads from a field it shows (External id, Session name, Source
 * identity, Region, Session tags). A carried context entry for one of them would outrank the typed
 * field (a given context key wins), so carried ones are dropped.
 */
const FORM_CONTEXT_KEYS = [
  'aws:sourceip', 'aws:multifactorauthpresent', 'aws:multifactorauthage', 'aws:currenttime',
  'sts:externalid', 'sts:rolesessionname', 'sts:sourceidentity', 'aws:requestedregion', 'aws:tagkeys', 'sts:transitivetagkeys',
];
const FORM_CONTEXT_PREFIXES = ['aws:requesttag/'];

function withoutFormFields(request: Partial<AssumeRoleRequest>, time: boolean): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...request };
  for (const field of FORM_OWNED) delete rest[field];
  if (request.context) {
    // A typed time replaces the record's in both spellings (aws:EpochTime is the same clock).
    const shown = time ? [...FORM_CONTEXT_KEYS, 'aws:epochtime'] : FORM_CONTEXT_KEYS;
    const context = Object.fromEntries(
      Object.entries(request.context).filter(([key]) => !shown.includes(key.toLowerCase()) && !FORM_CONTEXT_PREFIXES.some((prefix) => key.toLowerCase().startsWith(prefix))),
    );
    if (Object.keys(context).length > 0) rest.context = context;
    else delete rest.context;
  }
  for (const [key, value] of Object.entries(rest)) if (value === undefined) delete rest[key];
  return rest;
}

/** The hidden `carried` value for a request: what the form has no field for, or undefined when that is nothing. */
function carriedOf(request: Partial<AssumeRoleRequest>): string | undefined {
  const rest = withoutFormFields(request, false);
  if (Object.keys(rest).length === 0) return undefined;
  return encodeRequest(rest as unknown as AssumeRoleRequest).get('x') ?? undefined;
}

/** What the hidden `carried` field holds, less the fields the form shows (see carriedOf). */
function readCarried(values: FormValues): Record<string, unknown> {
  if (!values.carried) return {};
  let carried: AssumeRoleRequest;
  try {
    carried = decodeRequest(new URLSearchParams({ x: values.carried }));
  } catch {
    throw new DoctorError('bad-request', 'the facts carried over from the link are damaged; open the link again', 'carried');
  }
  return withoutFormFields(carried, Boolean(values.time));
}

export function requestFromForm(values: FormValues): AssumeRoleRequest {
  const action = ACTIONS[values.action ?? 'AssumeRole'];
  if (!action) throw new DoctorError('bad-request', `'${values.action}' is not an STS AssumeRole action`, 'action');
  if (!values.role) throw new DoctorError('bad-request', 'the role ARN is required (arn:aws:iam::<account>:role/<name>)', 'role');
  // The fields a link carries are read as the link is (same names, same checks, same errors).
  const params = new URLSearchParams({ action });
  for (const field of LINK_FIELDS) if (values[field]) params.set(field, values[field]);
  if (values.mfa === 'true' || values.mfa === 'false') params.set('mfa', values.mfa);
  const request = decodeRequest(params);
  if (values.tags) request.tags = parseTagText(values.tags, { field: 'tags', commas: true });
  if (action === 'sts:AssumeRoleWithWebIdentity' || values.token || values.claims) {
    const webIdentity: NonNullable<AssumeRoleRequest['webIdentity']> = {};
    if (values.token) webIdentity.token = values.token;
    if (values.claims) webIdentity.claims = json('claims', values.claims);
    // Typed claims are the ones someone thought of, not the whole token: a claim they left out is
    // unknown to the engine, not absent (a raw token is the whole token).
    if (webIdentity.claims && !webIdentity.token) webIdentity.claimsComplete = false;
    request.webIdentity = webIdentity;
  }
  if (action === 'sts:AssumeRoleWithSAML' && !request.saml) throw new DoctorError('bad-request', 'AssumeRoleWithSAML needs the SAML provider ARN', 'saml');
  if (request.saml && values.samlAttributes) request.saml.attributes = json('samlAttributes', values.samlAttributes) as Record<string, string | string[]>;
  // The form cannot see the assertion: the attributes typed are all it carried only when the
  // person says so; otherwise the saml: keys not typed are unknown (inconclusive), not absent (deny).
  if (request.saml && !(request.saml.attributes && values.samlAttributesComplete === 'true')) request.saml.attributesComplete = false;
  // What the form does not show comes back from `carried`; what it shows wins, and a value typed for
  // a key the record left unknown (an External id) replaces the unknown.
  const carried = readCarried(values);
  const context = { ...(carried.context as AssumeRoleRequest['context']), ...request.context };
  const merged: AssumeRoleRequest = { ...(carried as Partial<AssumeRoleRequest>), ...request };
  if (Object.keys(context).length > 0) merged.context = context;
  // A carried caller session belongs to the caller it came with; another caller typed in does not get it.
  if (carried.callerSession !== undefined && (values.carriedCaller ?? '') !== (values.caller ?? '')) delete merged.callerSession;
  // An MFA chosen in the form is the answer: a carried MFA code on the call must not contradict it.
  if (values.mfa === 'true' || values.mfa === 'false') {
    delete merged.serialNumber;
    delete merged.tokenCode;
  }
  // Carried transitive keys count only for tags the form still passes.
  if (merged.transitiveTagKeys) {
    const typed = new Set((request.tags ?? []).map((tag) => tag.Key.toLowerCase()));
    const kept = merged.transitiveTagKeys.filter((key) => typed.has(key.toLowerCase()));
    if (kept.length > 0) merged.transitiveTagKeys = kept;
    else delete merged.transitiveTagKeys;
  }
  // A field the kind of call does not have (an External id on a SAML call) never reaches the request,
  // whether typed or carried.
  return requestForKind(settleUnknownContext(merged));
}

/** The form's label of each field, as the page shows it. */
export const FORM_LABELS: Record<FormField, string> = {
  action: 'Action',
  caller: 'Caller ARN',
  role: 'Role ARN',
  session: 'Session name',
  externalId: 'External id',
  duration: 'Duration (seconds)',
  sourceIp: 'Source IP',
  mfa: 'MFA',
  tags: 'Session tags',
  sourceIdentity: 'Source identity',
  region: 'STS endpoint region',
  time: 'Time of the call',
  token: 'Web identity token (JWT)',
  claims: 'Claims (JSON)',
  saml: 'SAML provider ARN',
  samlAttributes: 'SAML attributes (JSON)',
  samlAttributesComplete: 'These are all the assertion’s attributes',
  carried: 'What the link held beyond these fields',
  carriedCaller: 'The caller the carried session facts belong to',
};

// The form field each request path (the engine's, or a link parameter's) is entered in.
const FIELD_OF_PATH: [path: string, field: FormField][] = [
  ['request.action', 'action'],
  ['request.caller', 'caller'],
  ['request.roleArn', 'role'],
  ['request.roleSessionName', 'session'],
  ['request.externalId', 'externalId'],
  ['request.durationSeconds', 'duration'],
  ['request.context.aws:SourceIp', 'sourceIp'],
  ['request.context.aws:MultiFactorAuthPresent', 'mfa'],
  ['request.context.aws:CurrentTime', 'time'],
  ['request.serialNumber', 'mfa'],
  ['request.tokenCode', 'mfa'],
  ['request.tags', 'tags'],
  ['request.transitiveTagKeys', 'tags'],
  ['request.sourceIdentity', 'sourceIdentity'],
  ['request.region', 'region'],
  ['request.webIdentity.token', 'token'],
  ['request.webIdentity.claims', 'claims'],
  ['request.webIdentity', 'token'],
  ['request.saml.attributes', 'samlAttributes'],
  ['request.saml', 'saml'],
  ['tag', 'tags'],
  ['sourceIp', 'sourceIp'],
  ['time', 'time'],
  ['mfa', 'mfa'],
];

/** The form field a request path (the engine's, or a link parameter's) is entered in. */
export function fieldOfPath(path: string | undefined): FormField | undefined {
  if (!path) return undefined;
  if ((FORM_FIELDS as readonly string[]).includes(path)) return path as FormField;
  return FIELD_OF_PATH.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`))?.[1];
}

/**
 * An error from reading the form, as the form shows it: the field it belongs to and a message
 * that names the field by its label ("Role ARN: expected …"), never by the request's internal
 * path ("request.roleArn: …"). A web-identity call with neither token nor claims is the token's.
 */
export function formError(error: DoctorError, values: FormValues = {}): { field?: FormField; message: string } {
  const path = error.field;
  let field = fieldOfPath(path);
  let text = error.reason;
  if (path === 'request.webIdentity') {
    text = 'AssumeRoleWithWebIdentity needs the token, or the claims it carries';
    if (values.claims && !values.token) field = 'claims';
  }
  if (!field) return { message: text };
  return { field, message: `${FORM_LABELS[field]}: ${text}` };
}

/** The form's values for a (partial) request: used to pre-fill it from a pasted message or a link. */
export function formFromRequest(request: Partial<AssumeRoleRequest>): FormValues {
  const values: FormValues = {};
  // What a link would say about the request, minus what the form shows its own way (the token
  // and claims as typed, tags as text); context lists show their first value, as the form has one.
  const context: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.context ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first) context[key] = first;
  }
  const params = encodeRequest({ ...request, webIdentity: undefined, tags: undefined, context } as AssumeRoleRequest);
  if (request.action) values.action = params.get('action') ?? 'AssumeRole';
  for (const field of [...LINK_FIELDS, 'mfa'] as const) {
    const value = params.get(field);
    if (value) values[field] = value;
  }
  if (request.tags?.length) values.tags = formatTags(request.tags);
  if (request.webIdentity?.token) values.token = request.webIdentity.token;
  if (request.webIdentity?.claims) values.claims = JSON.stringify(request.webIdentity.claims);
  if (request.saml?.attributes) values.samlAttributes = JSON.stringify(request.saml.attributes);
  if (request.saml?.attributes && request.saml.attributesComplete !== false) values.samlAttributesComplete = 'true';
  const carried = carriedOf(request);
  if (carried) values.carried = carried;
  // The carried session facts (MFA, tags, source identity) are this caller's: remembered, so that
  // a different caller typed into the form does not inherit them.
  if (request.callerSession && request.caller) values.carriedCaller = request.caller;
  return values;
}
