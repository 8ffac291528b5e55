// A local AWS endpoint for tests and the pull benchmark, listening on 127.0.0.1 only.
// It speaks the wire protocols the SDK clients use: IAM and STS over the query protocol with
// XML answers (`<member>` lists, Marker / IsTruncated pages), Organizations and CloudTrail over
// JSON 1.1 (X-Amz-Target, NextToken). Callers are told apart by the access key in the SigV4
// Authorization header (the signature itself is not checked). Faults can be injected per action,
// every call is counted by IAM action name, and CloudTrail LookupEvents is held to 2 requests
// per second per account and region, as AWS does.

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Fixture, FixtureAccount, FixtureIdentity, FixtureOrgNode } from './fixture';

export type FaultKind = 'throttle' | 'access-denied' | 'server-error' | 'slow' | 'expired';

export interface Fault {
  /** IAM action name, e.g. `iam:GetAccountAuthorizationDetails`. */
  action: string;
  kind: FaultKind;
  /** How many calls it hits; default every call. */
  times?: number;
  /** Only calls made with credentials of this account. */
  accountId?: string;
  /** For `slow`: how long to hold the answer. */
  delayMs?: number;
}

export interface AwsEndpointOptions {
  /** Largest page IAM returns whatever MaxItems asks (AWS: 1000). */
  iamPageCap?: number;
  /** Largest page LookupEvents returns (AWS: 50). */
  cloudTrailPageCap?: number;
  /** Requests per second per account+region that LookupEvents accepts (AWS: 2). */
  lookupEventsPerSecond?: number;
  /** Clock for the rate check (ms); injectable so a pull with a fake clock can be checked. */
  now?: () => number;
  faults?: Fault[];
}

export interface AwsEndpoint {
  url: string;
  /** Calls by action, e.g. `{ 'iam:ListRoles': 2 }`. */
  calls: Record<string, number>;
  /** How often each CloudTrail event id has been returned. */
  eventsServed: Map<string, number>;
  /** LookupEvents calls that broke the per-second limit (answered with ThrottlingException). */
  rateViolations: { accountId: string; region: string; at: number }[];
  faults: Fault[];
  addFault(fault: Fault): void;
  clearFaults(): void;
  totalCalls(): number;
  close(): Promise<void>;
}

interface Caller extends FixtureIdentity {
  accessKeyId: string;
}

class WireError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function xmlEscape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Objects become elements, arrays become `<member>` lists, the way the query protocol answers. */
function toXml(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((item) => toXml('member', item)).join('')}</${name}>`;
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => toXml(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

/** IAM returns policy documents as URL-encoded JSON. */
const encodeDocument = (doc: unknown) => (typeof doc === 'string' ? doc : encodeURIComponent(JSON.stringify(doc)));

function wireRole(role: FixtureAccount['roles'][number], forList: boolean) {
  const base = {
    Path: role.Path ?? '/',
    RoleName: role.RoleName,
    RoleId: role.RoleId,
    Arn: role.Arn,
    CreateDate: role.CreateDate ?? '2026-01-01T00:00:00Z',
    AssumeRolePolicyDocument: role.AssumeRolePolicyDocument === undefined ? undefined : encodeDocument(role.AssumeRolePolicyDocument),
  };
  // ListRoles carries MaxSessionDuration; GetAccountAuthorizationDetails does not.
  if (forList) return { ...base, MaxSessionDuration: role.MaxSessionDuration ?? 3600 };
  return {
    ...base,
    InstanceProfileList: [],
    RolePolicyList: (role.RolePolicyList ?? []).map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: encodeDocument(p.PolicyDocument) })),
    AttachedManagedPolicies: role.AttachedManagedPolicies ?? [],
    PermissionsBoundary: role.PermissionsBoundary,
    Tags: role.Tags ?? [],
    RoleLastUsed: role.RoleLastUsed ?? {},
  };
}

function wireUser(user: FixtureAccount['users'][number]) {
  return {
    Path: user.Path ?? '/',
    UserName: user.UserName,
    UserId: user.UserId,
    Arn: user.Arn,
    CreateDate: user.CreateDate ?? '2026-01-01T00:00:00Z',
    UserPolicyList: (user.UserPolicyList ?? []).map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: encodeDocument(p.PolicyDocument) })),
    GroupList: user.GroupList ?? [],
    AttachedManagedPolicies: user.AttachedManagedPolicies ?? [],
    PermissionsBoundary: user.PermissionsBoundary,
    Tags: user.Tags ?? [],
  };
}

function wireGroup(group: FixtureAccount['groups'][number]) {
  return {
    Path: group.Path ?? '/',
    GroupName: group.GroupName,
    GroupId: group.GroupId,
    Arn: group.Arn,
    CreateDate: '2026-01-01T00:00:00Z',
    GroupPolicyList: (group.GroupPolicyList ?? []).map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: encodeDocument(p.PolicyDocument) })),
    AttachedManagedPolicies: group.AttachedManagedPolicies ?? [],
  };
}

function wirePolicy(policy: FixtureAccount['policies'][number]) {
  return {
    PolicyName: policy.PolicyName,
    PolicyId: policy.PolicyId,
    Arn: policy.Arn,
    Path: policy.Path ?? '/',
    DefaultVersionId: policy.DefaultVersionId ?? 'v1',
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: '2026-01-01T00:00:00Z',
    UpdateDate: '2026-01-01T00:00:00Z',
    PolicyVersionList: (policy.PolicyVersionList ?? []).map((v) => ({
      Document: encodeDocument(v.Document),
      VersionId: v.VersionId ?? 'v1',
      IsDefaultVersion: v.IsDefaultVersion ?? true,
      CreateDate: '2026-01-01T00:00:00Z',
    })),
  };
}

const pageToken = (offset: number, query: string) => Buffer.from(JSON.stringify({ offset, query })).toString('base64url');
function readToken(token: string | undefined, query: string): number {
  if (!token) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset: number; query: string };
    if (parsed.query !== query) throw new Error('token of another query');
    return parsed.offset;
  } catch {
    throw new WireError(400, 'InvalidNextTokenException', 'The pagination token is not valid for this request.');
  }
}

function pageOf<T>(items: T[], startToken: string | undefined, requested: number | undefined, cap: number, query: string) {
  const offset = readToken(startToken, query);
  const size = Math.max(1, Math.min(requested ?? 100, cap));
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? pageToken(offset + size, query) : undefined;
  return { page, next };
}

function findOrgNode(node: FixtureOrgNode, id: string): FixtureOrgNode | undefined {
  if (node.id === id) return node;
  for (const child of node.children ?? []) {
    const hit = findOrgNode(child, id);
    if (hit) return hit;
  }
  return undefined;
}

function orgContains(node: FixtureOrgNode, accountId: string): boolean {
  return node.accountId === accountId || (node.children ?? []).some((c) => orgContains(c, accountId));
}

const epochSeconds = (iso: string | undefined) => (iso ? Date.parse(iso) / 1000 : undefined);

export async function startAwsEndpoint(fixture: Fixture, options: AwsEndpointOptions = {}): Promise<AwsEndpoint> {
  const iamPageCap = options.iamPageCap ?? 1000;
  const ctPageCap = options.cloudTrailPageCap ?? 50;
  const perSecond = options.lookupEventsPerSecond ?? 2;
  const now = options.now ?? (() => Date.now());
  const calls: Record<string, number> = {};
  const eventsServed = new Map<string, number>();
  const rateViolations: AwsEndpoint['rateViolations'] = [];
  const faults: Fault[] = [...(options.faults ?? [])];
  const sessions = new Map<string, Caller>();
  const lookupTimes = new Map<string, number[]>();
  const accounts = new Map(fixture.accounts.map((a) => [a.accountId, a]));

  const account = (caller: Caller) => {
    const found = accounts.get(caller.accountId);
    if (!found) throw new WireError(403, 'AccessDenied', `account ${caller.accountId} has no data in this endpoint`);
    return found;
  };

  function scope(req: http.IncomingMessage) {
    const auth = String(req.headers.authorization ?? '');
    const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
    if (!match) throw new WireError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    const [, accessKeyId, region, service] = match;
    return { accessKeyId, region, service };
  }

  function identify(req: http.IncomingMessage): { caller: Caller; service: string; region: string } {
    const { accessKeyId, region, service } = scope(req);
    if (fixture.expiredAccessKeys?.includes(accessKeyId)) {
      throw new WireError(403, 'ExpiredToken', 'The security token included in the request is expired');
    }
    const identity = fixture.accessKeys[accessKeyId] ?? sessions.get(accessKeyId);
    if (!identity) throw new WireError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    return { caller: { ...identity, accessKeyId }, service, region };
  }

  function applyFaults(action: string, caller: Caller): Promise<void> | void {
    const fault = faults.find((f) => f.action === action && (!f.accountId || f.accountId === caller.accountId) && (f.times ?? Infinity) > 0);
    if (!fault) return;
    if (fault.times !== undefined) fault.times--;
    switch (fault.kind) {
      case 'throttle':
        throw new WireError(400, action.startsWith('iam:') || action.startsWith('sts:') ? 'Throttling' : 'ThrottlingException', 'Rate exceeded');
      case 'access-denied': {
        const code = action.startsWith('iam:') || action.startsWith('sts:') ? 'AccessDenied' : 'AccessDeniedException';
        throw new WireError(403, code, `User: ${caller.arn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`);
      }
      case 'server-error':
        throw new WireError(500, action.startsWith('iam:') ? 'ServiceFailure' : 'InternalServerError', 'We encountered an internal error. Please try again.');
      case 'expired':
        throw new WireError(403, action.startsWith('iam:') || action.startsWith('sts:') ? 'ExpiredToken' : 'ExpiredTokenException', 'The security token included in the request is expired');
      case 'slow':
        return new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000));
    }
  }

  // ─────────────── query protocol: IAM and STS ───────────────

  function iam(action: string, params: URLSearchParams, caller: Caller): unknown {
    const acct = account(caller);
    const maxItems = params.has('MaxItems') ? Number(params.get('MaxItems')) : undefined;
    const marker = params.get('Marker') ?? undefined;
    switch (action) {
      case 'GetAccountAuthorizationDetails': {
        // One sequence over the four lists, paged together as IAM does.
        const all: [string, unknown][] = [
          ...acct.users.map((u) => ['UserDetailList', wireUser(u)] as [string, unknown]),
          ...acct.groups.map((g) => ['GroupDetailList', wireGroup(g)] as [string, unknown]),
          ...acct.roles.map((r) => ['RoleDetailList', wireRole(r, false)] as [string, unknown]),
          ...acct.policies.map((p) => ['Policies', wirePolicy(p)] as [string, unknown]),
        ];
        const { page, next } = pageOf(all, marker, maxItems, iamPageCap, `gaad:${acct.accountId}`);
        const lists: Record<string, unknown[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
        for (const [list, item] of page) lists[list].push(item);
        return { ...lists, IsTruncated: Boolean(next), Marker: next };
      }
      case 'ListRoles': {
        const { page, next } = pageOf(acct.roles, marker, maxItems, iamPageCap, `roles:${acct.accountId}`);
        return { Roles: page.map((r) => wireRole(r, true)), IsTruncated: Boolean(next), Marker: next };
      }
      case 'ListOpenIDConnectProviders':
        return { OpenIDConnectProviderList: acct.oidcProviders.map((p) => ({ Arn: p.Arn })) };
      case 'GetOpenIDConnectProvider': {
        const arn = params.get('OpenIDConnectProviderArn');
        const provider = acct.oidcProviders.find((p) => p.Arn === arn);
        if (!provider) throw new WireError(404, 'NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`);
        return { Url: provider.Url, ClientIDList: provider.ClientIDList ?? [], ThumbprintList: provider.ThumbprintList ?? [], CreateDate: '2026-01-01T00:00:00Z' };
      }
      case 'ListSAMLProviders':
        return { SAMLProviderList: acct.samlProviders.map((p) => ({ Arn: p.Arn, ValidUntil: p.ValidUntil, CreateDate: '2026-01-01T00:00:00Z' })) };
      case 'ListAccountAliases':
        return { AccountAliases: acct.alias ? [acct.alias] : [], IsTruncated: false };
      default:
        throw new WireError(400, 'InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
    }
  }

  function sts(action: string, params: URLSearchParams, caller: Caller): unknown {
    switch (action) {
      case 'GetCallerIdentity':
        return { Arn: caller.arn, UserId: caller.userId, Account: caller.accountId };
      case 'AssumeRole': {
        const roleArn = params.get('RoleArn') ?? '';
        const externalId = params.get('ExternalId') ?? undefined;
        const target = fixture.assumableRoles.find((r) => r.roleArn === roleArn);
        if (!target || target.externalId !== externalId) {
          throw new WireError(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
        }
        const accountId = roleArn.split(':')[4];
        const sessionName = params.get('RoleSessionName') ?? 'session';
        const roleName = roleArn.split('/').pop();
        const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
        const arn = `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
        sessions.set(accessKeyId, { accountId, arn, userId: `AROAEXAMPLE:${sessionName}`, accessKeyId });
        return {
          Credentials: {
            AccessKeyId: accessKeyId,
            SecretAccessKey: randomBytes(20).toString('base64'),
            SessionToken: randomBytes(32).toString('base64'),
            Expiration: new Date(Date.now() + 3600_000).toISOString(),
          },
          AssumedRoleUser: { AssumedRoleId: `AROAEXAMPLE:${sessionName}`, Arn: arn },
        };
      }
      default:
        throw new WireError(400, 'InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
    }
  }

  // ─────────────── JSON 1.1: Organizations and CloudTrail ───────────────

  function organizations(action: string, input: Record<string, unknown>, caller: Caller): unknown {
    const org = fixture.organization;
    if (!org || !orgContains(org.root, caller.accountId)) {
      throw new WireError(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    }
    if (action === 'DescribeOrganization') {
      return {
        Organization: {
          Id: org.id,
          Arn: `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`,
          FeatureSet: 'ALL',
          MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${org.managementAccountId}`,
          MasterAccountId: org.managementAccountId,
          MasterAccountEmail: 'root@example.com',
        },
      };
    }
    if (!org.readableFrom.includes(caller.accountId)) {
      throw new WireError(400, 'AccessDeniedException', "You don't have permissions to access this resource.");
    }
    const paged = <T>(items: T[], key: string, query: string) => {
      const { page, next } = pageOf(items, input.NextToken as string | undefined, input.MaxResults as number | undefined, 20, query);
      return { [key]: page, NextToken: next };
    };
    const enabledTypes = [...new Set(org.policies.map((p) => p.type))].map((Type) => ({ Type, Status: org.policyTypeStatus?.[Type] ?? 'ENABLED' }));
    switch (action) {
      case 'ListRoots':
        return paged([{ Id: org.root.id, Arn: `arn:aws:organizations::${org.managementAccountId}:root/${org.id}/${org.root.id}`, Name: 'Root', PolicyTypes: enabledTypes }], 'Roots', 'roots');
      case 'ListOrganizationalUnitsForParent':
      case 'ListAccountsForParent': {
        const parentId = String(input.ParentId ?? '');
        const parent = findOrgNode(org.root, parentId);
        if (!parent || parent.accountId) throw new WireError(400, 'ParentNotFoundException', `parent ${parentId} not found`);
        const children = parent.children ?? [];
        if (action === 'ListAccountsForParent') {
          const list = children.filter((c) => c.accountId).map((c) => ({ Id: c.accountId, Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${c.accountId}`, Name: accounts.get(c.accountId!)?.alias ?? c.accountId, Email: `${c.accountId}@example.com`, Status: 'ACTIVE', State: 'ACTIVE', JoinedMethod: 'CREATED', JoinedTimestamp: 1767225600 }));
          return paged(list, 'Accounts', `accounts:${parentId}`);
        }
        const ous = children.filter((c) => !c.accountId).map((c) => ({ Id: c.id, Arn: `arn:aws:organizations::${org.managementAccountId}:ou/${org.id}/${c.id}`, Name: c.name }));
        return paged(ous, 'OrganizationalUnits', `ous:${parentId}`);
      }
      case 'ListPolicies': {
        const filter = String(input.Filter ?? '');
        const list = org.policies.filter((p) => p.type === filter).map((p) => ({ Id: p.id, Arn: `arn:aws:organizations::${org.managementAccountId}:policy/${org.id}/${p.type.toLowerCase()}/${p.id}`, Name: p.name, Type: p.type, AwsManaged: p.name.endsWith('FullAWSAccess'), Description: '' }));
        return paged(list, 'Policies', `policies:${filter}`);
      }
      case 'DescribePolicy': {
        const policy = org.policies.find((p) => p.id === input.PolicyId);
        if (!policy) throw new WireError(400, 'PolicyNotFoundException', `policy ${String(input.PolicyId)} not found`);
        return { Policy: { PolicySummary: { Id: policy.id, Name: policy.name, Type: policy.type, AwsManaged: false }, Content: JSON.stringify(policy.content) } };
      }
      case 'ListTargetsForPolicy': {
        const policy = org.policies.find((p) => p.id === input.PolicyId);
        if (!policy) throw new WireError(400, 'PolicyNotFoundException', `policy ${String(input.PolicyId)} not found`);
        const targets = policy.targets.map((id) => {
          const node = findOrgNode(org.root, id);
          const type = id === org.root.id ? 'ROOT' : node?.accountId ? 'ACCOUNT' : 'ORGANIZATIONAL_UNIT';
          return { TargetId: id, Arn: `arn:aws:organizations::${org.managementAccountId}:${type.toLowerCase()}/${org.id}/${id}`, Name: node?.name ?? id, Type: type };
        });
        return paged(targets, 'Targets', `targets:${policy.id}`);
      }
      default:
        throw new WireError(400, 'UnknownOperationException', `unknown operation ${action}`);
    }
  }

  // Sorting 10,000 events on every call would stall this process (and so the timing the rate
  // check measures); the sorted list is kept until events are added.
  const sortedEvents = new Map<string, { length: number; sorted: Record<string, unknown>[] }>();
  function newestFirst(accountId: string, region: string, events: Record<string, unknown>[]) {
    const key = `${accountId}/${region}`;
    const cached = sortedEvents.get(key);
    if (cached && cached.length === events.length) return cached.sorted;
    const time = (e: Record<string, unknown>) => Date.parse(String(e.eventTime)) || 0;
    const sorted = [...events].sort((a, b) => time(b) - time(a));
    sortedEvents.set(key, { length: events.length, sorted });
    return sorted;
  }

  function cloudTrail(action: string, input: Record<string, unknown>, caller: Caller, region: string): unknown {
    if (action !== 'LookupEvents') throw new WireError(400, 'UnknownOperationException', `unknown operation ${action}`);
    const key = `${caller.accountId}/${region}`;
    const at = now();
    const recent = (lookupTimes.get(key) ?? []).filter((t) => t > at - 1000);
    recent.push(at);
    lookupTimes.set(key, recent);
    if (recent.length > perSecond) {
      rateViolations.push({ accountId: caller.accountId, region, at });
      throw new WireError(400, 'ThrottlingException', 'Rate exceeded');
    }
    const acct = account(caller);
    const attributes = (input.LookupAttributes as { AttributeKey: string; AttributeValue: string }[] | undefined) ?? [];
    if (attributes.length > 1) throw new WireError(400, 'InvalidLookupAttributesException', 'You can specify only one lookup attribute.');
    const start = typeof input.StartTime === 'number' ? input.StartTime : -Infinity;
    const end = typeof input.EndTime === 'number' ? input.EndTime : Infinity;
    const matching = newestFirst(acct.accountId, region, acct.events[region] ?? [])
      .filter((e) => {
        const t = epochSeconds(e.eventTime as string) ?? 0;
        if (t < start || t > end) return false;
        return attributes.every((a) => {
          if (a.AttributeKey === 'EventName') return e.eventName === a.AttributeValue;
          if (a.AttributeKey === 'EventSource') return e.eventSource === a.AttributeValue;
          if (a.AttributeKey === 'EventId') return e.eventID === a.AttributeValue;
          return true;
        });
      });
    const query = JSON.stringify({ attributes, start, end, key });
    const { page, next } = pageOf(matching, input.NextToken as string | undefined, (input.MaxResults as number | undefined) ?? 50, ctPageCap, query);
    for (const e of page) eventsServed.set(String(e.eventID), (eventsServed.get(String(e.eventID)) ?? 0) + 1);
    return {
      Events: page.map((e) => ({
        EventId: e.eventID,
        EventName: e.eventName,
        ReadOnly: 'true',
        EventTime: epochSeconds(e.eventTime as string),
        EventSource: e.eventSource,
        Username: String((e.userIdentity as { arn?: string } | undefined)?.arn ?? '').split('/').pop(),
        Resources: [],
        CloudTrailEvent: JSON.stringify(e),
      })),
      NextToken: next,
    };
  }

  // ─────────────── the server ───────────────

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, Buffer.concat(chunks).toString('utf8'), res);
    });
  });

  async function handle(req: http.IncomingMessage, body: string, res: http.ServerResponse) {
    const target = String(req.headers['x-amz-target'] ?? '');
    const json = target !== '';
    let action = json ? target.split('.').pop()! : new URLSearchParams(body).get('Action') ?? '';
    let service = 'unknown';
    let ns = IAM_NS;
    try {
      service = scope(req).service;
      if (service === 'sts') ns = STS_NS;
      const prefix = service;
      calls[`${prefix}:${action}`] = (calls[`${prefix}:${action}`] ?? 0) + 1;
      const who = identify(req);
      await applyFaults(`${prefix}:${action}`, who.caller);
      if (json) {
        const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
        const output = service === 'organizations' ? organizations(action, input, who.caller) : service === 'cloudtrail' ? cloudTrail(action, input, who.caller, who.region) : undefined;
        if (output === undefined) throw new WireError(400, 'UnknownOperationException', `service ${service} is not served here`);
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomBytes(8).toString('hex') });
        res.end(JSON.stringify(output));
      } else {
        const params = new URLSearchParams(body);
        const output = service === 'sts' ? sts(action, params, who.caller) : service === 'iam' ? iam(action, params, who.caller) : undefined;
        if (output === undefined) throw new WireError(400, 'InvalidAction', `service ${service} is not served here`);
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="${ns}">${toXml(`${action}Result`, output)}<ResponseMetadata><RequestId>${randomBytes(8).toString('hex')}</RequestId></ResponseMetadata></${action}Response>`,
        );
      }
    } catch (error) {
      const wire = error instanceof WireError ? error : new WireError(500, 'InternalFailure', String((error as Error)?.message ?? error));
      if (!action) action = 'Unknown';
      if (json) {
        res.writeHead(wire.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': wire.code });
        res.end(JSON.stringify({ __type: wire.code, message: wire.message }));
      } else {
        res.writeHead(wire.status, { 'content-type': 'text/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse xmlns="${ns}"><Error><Type>${wire.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${xmlEscape(wire.code)}</Code><Message>${xmlEscape(wire.message)}</Message></Error><RequestId>${randomBytes(8).toString('hex')}</RequestId></ErrorResponse>`,
        );
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    eventsServed,
    rateViolations,
    faults,
    addFault: (fault) => faults.push(fault),
    clearFaults: () => faults.splice(0, faults.length),
    totalCalls: () => Object.values(calls).reduce((a, b) => a + b, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
