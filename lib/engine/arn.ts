// ARN parsing for the handful of ARN kinds that AssumeRole involves. Strict on purpose: a value
// that only looks like an ARN must be refused with the field named, never half-understood.

import { DoctorError } from '@/lib/errors';
import { BoundedMap } from './memo';
import type { CallerIdentity } from './policy/types';

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
export type Partition = (typeof PARTITIONS)[number];

/** IAM caps ARNs at 2048 characters (the ARN type in the IAM and STS API models). */
export const MAX_ARN_LENGTH = 2048;

/** Resource types we understand well enough to reason about. */
export type ArnResourceType =
  | 'role'
  | 'user'
  | 'root'
  | 'group'
  | 'policy'
  | 'oidc-provider'
  | 'saml-provider'
  | 'mfa'
  | 'instance-profile'
  | 'assumed-role'
  | 'federated-user'
  | 'other';

export interface ParsedArn {
  arn: string;
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, as written. */
  resource: string;
  resourceType: ArnResourceType;
  /** The resource's own name: role/user/policy name, provider host or name, session's role name. */
  resourceName: string;
  /** IAM path for users, roles, groups, policies ('/' when none). */
  path?: string;
  /** assumed-role: the session name; federated-user: the federated user name. */
  sessionName?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
// Generous but bounded: 5 fixed colons, then a resource; resource may hold colons (e.g. ARNs of
// other services) but an ARN with hundreds of colons is not something we should try to read.
const MAX_COLONS = 16;

export function isAccountId(text: string): boolean {
  return ACCOUNT_ID.test(text);
}

/** `ec2.amazonaws.com`, `lambda.amazonaws.com`, `ecs-tasks.amazonaws.com`, China `*.amazonaws.com.cn`. */
export function isServicePrincipal(text: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{0,126}\.amazonaws\.com(\.cn)?$/.test(text) && !text.startsWith('arn:');
}

function fail(field: string, message: string): never {
  throw new DoctorError('bad-arn', message, field);
}

function show(text: string): string {
  return text.length > 80 ? `${JSON.stringify(text.slice(0, 77))}…` : JSON.stringify(text);
}

// A valid ARN parses the same whatever field it came from: kept by text (bounded) and shared,
// frozen. Invalid text is parsed again each time so the error names the right field.
const parsedArns = new BoundedMap<string, Readonly<ParsedArn>>(20_000);
const parsedCallers = new BoundedMap<string, Readonly<CallerIdentity>>(20_000);

/**
 * Parses an ARN. Throws DoctorError('bad-arn') naming `field` when the text is not an ARN of the
 * shape arn:partition:service:region:account:resource. The result is shared: do not mutate it.
 */
export function parseArn(text: unknown, field: string): ParsedArn {
  if (typeof text === 'string') {
    const hit = parsedArns.get(text);
    if (hit) return hit;
  }
  const parsed = Object.freeze(parseArnText(text, field));
  parsedArns.set(parsed.arn, parsed);
  return parsed;
}

function parseArnText(text: unknown, field: string): ParsedArn {
  if (typeof text !== 'string') fail(field, `expected an ARN string, got ${text === null ? 'null' : typeof text}`);
  if (text.length > MAX_ARN_LENGTH) fail(field, `ARN is ${text.length} characters; AWS allows at most ${MAX_ARN_LENGTH}`);
  if (!text.startsWith('arn:')) fail(field, `expected an ARN like arn:aws:iam::123456789012:role/Name, got ${show(text)}`);
  let colons = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 58) colons++;
  if (colons < 5) fail(field, `an ARN has six colon-separated parts (arn:partition:service:region:account:resource), got ${show(text)}`);
  if (colons > MAX_COLONS) fail(field, `ARN has ${colons} colons; this does not look like an ARN`);
  if (/\s/.test(text)) fail(field, `ARN contains whitespace: ${show(text)}`);

  const parts = text.split(':');
  const [, partition, service, region, account] = parts;
  const resource = parts.slice(5).join(':');
  if (!(PARTITIONS as readonly string[]).includes(partition)) {
    fail(field, `unknown partition ${show(partition)} (expected aws, aws-cn or aws-us-gov) in ${show(text)}`);
  }
  if (!/^[a-z0-9-]{1,64}$/.test(service)) fail(field, `invalid service ${show(service)} in ${show(text)}`);
  if (region !== '' && !/^[a-z0-9-]{1,32}$/.test(region)) fail(field, `invalid region ${show(region)} in ${show(text)}`);
  if (account !== '' && account !== 'aws' && !ACCOUNT_ID.test(account)) {
    fail(field, `the account part must be a 12-digit account id, got ${show(account)} in ${show(text)}`);
  }
  if (resource === '') fail(field, `ARN has no resource part: ${show(text)}`);

  const parsed: ParsedArn = { arn: text, partition, service, region, account, resource, resourceType: 'other', resourceName: resource };
  if (service === 'iam') parseIamResource(parsed, field);
  else if (service === 'sts') parseStsResource(parsed, field);
  return parsed;
}

function splitPath(parsed: ParsedArn, rest: string, field: string, what: string): void {
  // rest = "path/segments/Name" or "Name"
  const slash = rest.lastIndexOf('/');
  const name = slash === -1 ? rest : rest.slice(slash + 1);
  const path = slash === -1 ? '/' : `/${rest.slice(0, slash + 1)}`;
  if (name === '') fail(field, `${what} ARN has no name: ${show(parsed.arn)}`);
  parsed.resourceName = name;
  parsed.path = path;
}

function parseIamResource(parsed: ParsedArn, field: string): void {
  const { resource, arn } = parsed;
  if (parsed.region !== '') fail(field, `IAM ARNs have an empty region part: ${show(arn)}`);
  if (resource === 'root') {
    if (!ACCOUNT_ID.test(parsed.account)) fail(field, `root ARN needs a 12-digit account id: ${show(arn)}`);
    parsed.resourceType = 'root';
    parsed.resourceName = 'root';
    return;
  }
  const slash = resource.indexOf('/');
  const type = slash === -1 ? resource : resource.slice(0, slash);
  const rest = slash === -1 ? '' : resource.slice(slash + 1);
  switch (type) {
    case 'role':
    case 'user':
    case 'group':
    case 'policy':
    case 'instance-profile':
      if (rest === '') fail(field, `${type} ARN has no name: ${show(arn)}`);
      parsed.resourceType = type;
      splitPath(parsed, rest, field, type);
      return;
    case 'oidc-provider':
    case 'saml-provider':
    case 'mfa':
      if (rest === '') fail(field, `${type} ARN has no name: ${show(arn)}`);
      parsed.resourceType = type;
      parsed.resourceName = rest;
      return;
    default:
      parsed.resourceType = 'other';
      parsed.resourceName = rest || resource;
  }
}

function parseStsResource(parsed: ParsedArn, field: string): void {
  const { resource, arn } = parsed;
  if (parsed.region !== '') fail(field, `STS ARNs have an empty region part: ${show(arn)}`);
  const slash = resource.indexOf('/');
  const type = slash === -1 ? resource : resource.slice(0, slash);
  const rest = slash === -1 ? '' : resource.slice(slash + 1);
  if (type === 'assumed-role') {
    // Session ARNs carry no role path: assumed-role/RoleName/SessionName.
    const parts = rest.split('/');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      fail(field, `an assumed-role ARN looks like arn:aws:sts::123456789012:assumed-role/RoleName/SessionName, got ${show(arn)}`);
    }
    parsed.resourceType = 'assumed-role';
    parsed.resourceName = parts[0];
    parsed.sessionName = parts[1];
    return;
  }
  if (type === 'federated-user') {
    if (rest === '' || rest.includes('/')) {
      fail(field, `a federated-user ARN looks like arn:aws:sts::123456789012:federated-user/Name, got ${show(arn)}`);
    }
    parsed.resourceType = 'federated-user';
    parsed.resourceName = rest;
    parsed.sessionName = rest;
    return;
  }
  parsed.resourceType = 'other';
  parsed.resourceName = rest || resource;
}

/** The 12-digit account of an ARN, or of a bare account id; undefined otherwise. Never throws. */
export function accountOf(text: string): string | undefined {
  if (ACCOUNT_ID.test(text)) return text;
  if (!text.startsWith('arn:')) return undefined;
  const parts = text.split(':', 6);
  return parts.length >= 6 && ACCOUNT_ID.test(parts[4]) ? parts[4] : undefined;
}

/**
 * The role ARN behind a session ARN, without the role path (a session ARN does not carry it):
 * arn:aws:sts::1:assumed-role/R/s → arn:aws:iam::1:role/R. Pass the role's path when known.
 */
export function roleArnFromSessionArn(sessionArn: string, field = 'arn', path = '/'): string {
  const parsed = parseArn(sessionArn, field);
  if (parsed.resourceType !== 'assumed-role') fail(field, `expected an assumed-role session ARN, got ${show(sessionArn)}`);
  const p = path.startsWith('/') ? path : `/${path}`;
  const normalisedPath = p.endsWith('/') ? p : `${p}/`;
  return `arn:${parsed.partition}:iam::${parsed.account}:role${normalisedPath}${parsed.resourceName}`;
}

/** True when two role ARNs name the same role, ignoring the path (sessions don't carry it). */
export function sameRoleIgnoringPath(a: ParsedArn, b: ParsedArn): boolean {
  return a.partition === b.partition && a.account === b.account && a.resourceName === b.resourceName;
}

/**
 * Turns the request's `caller` into the identity Principal matching needs. The uniqueId, role
 * path and federated providers are filled in later by whoever knows the snapshot (on a copy: the
 * result is shared).
 */
export function parseCaller(text: unknown, field: string): CallerIdentity {
  if (typeof text === 'string') {
    const hit = parsedCallers.get(text);
    if (hit) return hit;
  }
  const caller = Object.freeze(parseCallerText(text, field));
  parsedCallers.set(caller.arn, caller);
  return caller;
}

function parseCallerText(text: unknown, field: string): CallerIdentity {
  if (typeof text !== 'string' || text === '') fail(field, 'expected the caller ARN (user, assumed-role session, root) or a service principal such as ec2.amazonaws.com');
  if (!text.startsWith('arn:')) {
    if (isServicePrincipal(text)) return { kind: 'service', arn: text, partition: text.endsWith('.cn') ? 'aws-cn' : 'aws', service: text };
    if (ACCOUNT_ID.test(text)) fail(field, `the caller must be an ARN, not a bare account id (${text}); use arn:aws:iam::${text}:root or a user/role session ARN`);
    fail(field, `expected the caller ARN (user, assumed-role session, root) or a service principal such as ec2.amazonaws.com, got ${show(text)}`);
  }
  const parsed = parseArn(text, field);
  switch (parsed.resourceType) {
    case 'user':
      return { kind: 'user', arn: text, partition: parsed.partition, accountId: parsed.account };
    case 'root':
      return { kind: 'root', arn: text, partition: parsed.partition, accountId: parsed.account };
    case 'assumed-role':
      return {
        kind: 'role-session',
        arn: text,
        partition: parsed.partition,
        accountId: parsed.account,
        roleArn: `arn:${parsed.partition}:iam::${parsed.account}:role/${parsed.resourceName}`,
      };
    case 'federated-user':
      return { kind: 'federated-user', arn: text, partition: parsed.partition, accountId: parsed.account };
    case 'role':
      fail(field, `a role cannot call STS itself; the caller is a session of it, e.g. arn:${parsed.partition}:sts::${parsed.account}:assumed-role/${parsed.resourceName}/session-name`);
    // falls through: fail() never returns
    default:
      fail(field, `expected a user, assumed-role session, federated-user or root ARN as the caller, got ${show(text)}`);
  }
}
