// The request form's fields ↔ a request@1. Field names match the share-link params where one
// exists, so a pre-filled form and a link read the same. Pure; validation of the request itself
// is the engine's (parseRequest), this only reads the form and names the field that is wrong.

import { DoctorError } from '@/lib/errors';
import type { AssumeRoleRequest, StsAction, Tag } from '@/lib/engine/types';

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

export function requestFromForm(values: FormValues): AssumeRoleRequest {
  const action = ACTIONS[values.action ?? 'AssumeRole'];
  if (!action) throw new DoctorError('bad-request', `'${values.action}' is not an STS AssumeRole action`, 'action');
  if (!values.role) throw new DoctorError('bad-request', 'the role ARN is required (arn:aws:iam::<account>:role/<name>)', 'role');
  const request: AssumeRoleRequest = { action, roleArn: values.role };
  if (values.caller) request.caller = values.caller;
  if (values.session) request.roleSessionName = values.session;
  if (values.externalId) request.externalId = values.externalId;
  if (values.sourceIdentity) request.sourceIdentity = values.sourceIdentity;
  if (values.region) request.region = values.region;
  if (values.duration) {
    if (!/^\d+$/.test(values.duration)) throw new DoctorError('bad-request', `'${values.duration}' is not a whole number of seconds`, 'duration');
    request.durationSeconds = Number(values.duration);
  }
  const context: Record<string, string> = {};
  if (values.sourceIp) context['aws:SourceIp'] = values.sourceIp;
  if (values.mfa === 'true' || values.mfa === 'false') context['aws:MultiFactorAuthPresent'] = values.mfa;
  if (values.time) context['aws:CurrentTime'] = values.time;
  if (Object.keys(context).length) request.context = context;
  if (values.tags) {
    const tags: Tag[] = [];
    for (const line of values.tags.split(/\n|,/).map((item) => item.trim()).filter(Boolean)) {
      const at = line.indexOf('=');
      if (at <= 0) throw new DoctorError('bad-request', `'${line}' is not a tag written Key=Value`, 'tags');
      tags.push({ Key: line.slice(0, at).trim(), Value: line.slice(at + 1).trim() });
    }
    request.tags = tags;
  }
  if (action === 'sts:AssumeRoleWithWebIdentity' || values.token || values.claims) {
    const webIdentity: NonNullable<AssumeRoleRequest['webIdentity']> = {};
    if (values.token) webIdentity.token = values.token;
    if (values.claims) webIdentity.claims = json('claims', values.claims);
    request.webIdentity = webIdentity;
  }
  if (action === 'sts:AssumeRoleWithSAML' || values.saml) {
    if (!values.saml) throw new DoctorError('bad-request', 'AssumeRoleWithSAML needs the SAML provider ARN', 'saml');
    request.saml = { principalArn: values.saml };
    if (values.samlAttributes) request.saml.attributes = json('samlAttributes', values.samlAttributes) as Record<string, string | string[]>;
  }
  return request;
}

/** The form's values for a (partial) request: used to pre-fill it from a pasted message. */
export function formFromRequest(request: Partial<AssumeRoleRequest>): FormValues {
  const values: FormValues = {};
  const shortAction = Object.entries(ACTIONS).find(([, full]) => full === request.action)?.[0];
  if (shortAction) values.action = shortAction;
  if (request.caller) values.caller = request.caller;
  if (request.roleArn) values.role = request.roleArn;
  if (request.roleSessionName) values.session = request.roleSessionName;
  if (request.externalId) values.externalId = request.externalId;
  if (request.durationSeconds !== undefined) values.duration = String(request.durationSeconds);
  if (request.sourceIdentity) values.sourceIdentity = request.sourceIdentity;
  if (request.region) values.region = request.region;
  const context = request.context ?? {};
  const first = (key: string) => {
    const value = context[key];
    return Array.isArray(value) ? value[0] : value;
  };
  if (first('aws:SourceIp')) values.sourceIp = first('aws:SourceIp');
  if (first('aws:MultiFactorAuthPresent')) values.mfa = first('aws:MultiFactorAuthPresent');
  if (first('aws:CurrentTime')) values.time = first('aws:CurrentTime');
  if (request.tags?.length) values.tags = request.tags.map((tag) => `${tag.Key}=${tag.Value}`).join('\n');
  if (request.webIdentity?.token) values.token = request.webIdentity.token;
  if (request.webIdentity?.claims) values.claims = JSON.stringify(request.webIdentity.claims);
  if (request.saml?.principalArn) values.saml = request.saml.principalArn;
  if (request.saml?.attributes) values.samlAttributes = JSON.stringify(request.saml.attributes);
  return values;
}
