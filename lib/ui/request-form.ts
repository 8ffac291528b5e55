// The request form's fields ↔ a request@1. Field names match the share-link params where one
// exists, so a pre-filled form and a link read the same. Pure; validation of the request itself
// is the engine's (parseRequest), this only reads the form and names the field that is wrong.

import { DoctorError } from '@/lib/errors';
import type { AssumeRoleRequest, StsAction } from '@/lib/engine/types';
import { decodeRequest, encodeRequest } from '@/lib/share';
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
    request.webIdentity = webIdentity;
  }
  if (action === 'sts:AssumeRoleWithSAML' && !request.saml) throw new DoctorError('bad-request', 'AssumeRoleWithSAML needs the SAML provider ARN', 'saml');
  if (request.saml && values.samlAttributes) request.saml.attributes = json('samlAttributes', values.samlAttributes) as Record<string, string | string[]>;
  return request;
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
  return values;
}
