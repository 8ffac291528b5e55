// CloudTrail replay: turn one STS record (AssumeRole, AssumeRoleWithWebIdentity,
// AssumeRoleWithSAML) into the request it describes, so that a failure found in a trail can be
// diagnosed. Pure: no clock, no I/O.
//
// A record holds what the caller sent and who the caller was, not every fact the decision
// used. What it lacks is listed in `gaps`, in words a user can act on, instead of being guessed:
//   • the role account's copy of a cross-account call (`userIdentity.type` AWSAccount) has no
//     caller ARN — only the caller's account and principal id;
//   • an ExternalId is not confirmed to be logged (R-64, M): an AssumeRole record without one
//     declares sts:ExternalId unknown (request.unknownContext), not absent;
//   • the calling session's own session policies and session tags are not logged (only the
//     inherited transitive tags are): the session's tags are marked incomplete (tagsComplete
//     false), so its other aws:PrincipalTag keys are unknown; its session policies are taken to
//     be absent;
//   • of a web identity token only `sub` (userName) and `aud` (inside principalId) are logged;
//   • of a SAML assertion only the subject and name qualifier, and, for a successful call, the
//     response's issuer, subject type and audience (the Recipient, `saml:aud`) are logged.
// The token claims and assertion attributes a record lacks are marked as only part of the whole
// (claimsComplete / attributesComplete false), so the engine treats them as unknown, not absent.
//
// Region mapping: CloudTrail logs calls to the global endpoint sts.amazonaws.com in
// us-east-1. When the record says so (additionalEventData.RequestDetails.endpointType "global",
// or the TLS host header sts.amazonaws.com) the request region is "global"; a regional host header
// (sts.<region>.amazonaws.com) gives that region; otherwise awsRegion is used as is. A bare
// us-east-1 record is therefore read as the us-east-1 endpoint — for the decision the two are the
// same (aws:RequestedRegion is us-east-1 either way and us-east-1 cannot be deactivated).

import { DoctorError } from '@/lib/errors';
import { assertJsonDepth, MAX_JSON_DEPTH } from '@/lib/input';
import { isIpAddress } from './conditions/ip/ip-range';
import type { AssumeRoleRequest, CallerSession, CloudTrailEvent, StsAction, Tag } from './types';

export const STS_EVENT_NAMES = ['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'] as const;
export type StsEventName = (typeof STS_EVENT_NAMES)[number];

export interface ObservedCall {
  eventTime: string;
  /** awsRegion as logged (us-east-1 for the global endpoint). */
  region: string;
  errorCode?: string;
  errorMessage?: string;
  eventId: string;
  sharedEventID?: string;
  recipientAccountId?: string;
  eventName: StsEventName;
  sourceIPAddress?: string;
  userAgent?: string;
  /** userIdentity.type as logged: IAMUser, AssumedRole, Root, AWSService, AWSAccount, WebIdentityUser, SAMLUser, FederatedUser. */
  identityType?: string;
}

export interface EventReplay {
  request: AssumeRoleRequest;
  observed: ObservedCall;
  /** Facts the decision may need that the record does not hold. */
  gaps: string[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Accepts a CloudTrail record as found in a log file, a LookupEvents item (`CloudTrailEvent` is a
 * JSON string) or an EventBridge "AWS API Call via CloudTrail" event (`detail`), and returns the record.
 */
export function unwrapCloudTrailEvent(event: unknown): CloudTrailEvent | undefined {
  if (!isObject(event)) return undefined;
  if (typeof event.CloudTrailEvent === 'string') {
    assertJsonDepth(event.CloudTrailEvent, MAX_JSON_DEPTH, 'event.CloudTrailEvent');
    try {
      const parsed: unknown = JSON.parse(event.CloudTrailEvent);
      return isObject(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  if (isObject(event.detail) && event['detail-type'] === 'AWS API Call via CloudTrail') return event.detail;
  return event;
}

/** True for an STS record of one of the three AssumeRole* operations. */
export function isStsAssumeEvent(event: unknown): boolean {
  return isStsAssumeRecord(unwrapCloudTrailEvent(event));
}

function isStsAssumeRecord(record: CloudTrailEvent | undefined): record is CloudTrailEvent {
  return record !== undefined && record.eventSource === 'sts.amazonaws.com' && (STS_EVENT_NAMES as readonly unknown[]).includes(record.eventName);
}

/** True for an AssumeRole* record that carries an errorCode (the call failed). Unwrapped (and its text parsed) once. */
export function isFailedStsEvent(event: unknown): boolean {
  const record = unwrapCloudTrailEvent(event);
  return isStsAssumeRecord(record) && typeof record.errorCode === 'string' && record.errorCode.length > 0;
}

const ACTION_BY_EVENT: Record<StsEventName, StsAction> = {
  AssumeRole: 'sts:AssumeRole',
  AssumeRoleWithWebIdentity: 'sts:AssumeRoleWithWebIdentity',
  AssumeRoleWithSAML: 'sts:AssumeRoleWithSAML',
};

/** CloudTrail writes session creation dates in extended (2019-10-02T21:50:54Z) or basic (20131102T010628Z) ISO 8601. */
function isoTime(value: unknown): string | undefined {
  const text = str(value);
  if (!text) return undefined;
  const basic = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (basic) return `${basic[1]}-${basic[2]}-${basic[3]}T${basic[4]}:${basic[5]}:${basic[6]}Z`;
  return text;
}

/** CloudTrail logs tags as [{ key, value }]; the request uses [{ Key, Value }]. */
function tagsFrom(value: unknown): Tag[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const tags: Tag[] = [];
  for (const item of value) {
    if (!isObject(item)) continue;
    const key = str(item.key) ?? str(item.Key);
    const tagValue = typeof item.value === 'string' ? item.value : typeof item.Value === 'string' ? item.Value : undefined;
    if (key !== undefined && tagValue !== undefined) tags.push({ Key: key, Value: tagValue });
  }
  return tags;
}

/** `{ "Department": "Engineering" }` (incomingTransitiveTags, principalTags) → tags. */
function tagsFromMap(value: unknown): Tag[] | undefined {
  if (!isObject(value)) return undefined;
  return Object.entries(value)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([Key, Value]) => ({ Key, Value }));
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string');
}

/** CloudTrail logs policyArns as [{ arn }]. */
function policyArnsFrom(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .map((item) => (typeof item === 'string' ? item : isObject(item) ? (str(item.arn) ?? str(item.Arn)) : undefined))
    .filter((item): item is string => item !== undefined);
}

function requestRegion(record: Json, gaps: string[]): string {
  const awsRegion = str(record.awsRegion) ?? 'us-east-1';
  const details = isObject(record.additionalEventData) && isObject(record.additionalEventData.RequestDetails) ? record.additionalEventData.RequestDetails : undefined;
  if (details?.endpointType === 'global') return 'global';
  const host = isObject(record.tlsDetails) ? str(record.tlsDetails.clientProvidedHostHeader) : undefined;
  if (host === 'sts.amazonaws.com') return 'global';
  const regional = host ? /^sts(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(host) : null;
  if (regional) return regional[1];
  if (details?.endpointType === 'regional') return awsRegion;
  if (awsRegion === 'us-east-1') {
    gaps.push(
      'The record does not say whether the global endpoint (sts.amazonaws.com) or the us-east-1 endpoint was called; it is read as us-east-1, which decides the same way.',
    );
  }
  return awsRegion;
}

/**
 * The request an STS CloudTrail record describes. Throws a DoctorError (`bad-request`) when the
 * record is not an AssumeRole* record or lacks the role ARN.
 */
export function requestFromEvent(event: CloudTrailEvent): EventReplay {
  const record = unwrapCloudTrailEvent(event);
  if (!record) throw new DoctorError('bad-request', 'expected a CloudTrail record (a JSON object)', 'event');
  if (record.eventSource !== 'sts.amazonaws.com' || !(STS_EVENT_NAMES as readonly unknown[]).includes(record.eventName)) {
    throw new DoctorError(
      'bad-request',
      `expected an sts.amazonaws.com AssumeRole, AssumeRoleWithWebIdentity or AssumeRoleWithSAML record, got ${String(record.eventSource ?? '?')} ${String(record.eventName ?? '?')}`,
      'event.eventName',
    );
  }
  const eventName = record.eventName as StsEventName;
  const params = isObject(record.requestParameters) ? record.requestParameters : undefined;
  const roleArn = params ? str(params.roleArn) : undefined;
  if (!params || !roleArn) {
    throw new DoctorError('bad-request', 'the record has no requestParameters.roleArn, so the role cannot be known', 'event.requestParameters.roleArn');
  }

  const gaps: string[] = [];
  const action = ACTION_BY_EVENT[eventName];
  const request: AssumeRoleRequest = { action, roleArn };

  if (typeof params.roleSessionName === 'string') request.roleSessionName = params.roleSessionName;
  if (params.durationSeconds !== undefined && params.durationSeconds !== null) {
    const duration = Number(params.durationSeconds);
    if (Number.isFinite(duration)) request.durationSeconds = duration;
  }
  // ExternalId, SourceIdentity, SerialNumber and TokenCode are parameters of AssumeRole only: a
  // federated call has no such parameters (its source identity is in the token or the assertion,
  // where webIdentityFrom / samlFrom put a logged one), and the engine refuses them on such a call.
  const signed = action === 'sts:AssumeRole';
  const externalId = signed && typeof params.externalId === 'string' ? params.externalId : undefined;
  if (externalId !== undefined) request.externalId = externalId;
  const sourceIdentity = str(params.sourceIdentity);
  if (signed && sourceIdentity !== undefined) request.sourceIdentity = sourceIdentity;
  const serialNumber = signed ? str(params.serialNumber) : undefined;
  if (serialNumber !== undefined) request.serialNumber = serialNumber;
  const tokenCode = signed ? str(params.tokenCode) : undefined;
  if (tokenCode !== undefined) request.tokenCode = tokenCode;
  if (params.policy !== undefined && params.policy !== null) request.policy = params.policy as AssumeRoleRequest['policy'];
  const policyArns = policyArnsFrom(params.policyArns);
  if (policyArns && policyArns.length > 0) request.policyArns = policyArns;

  const tags = tagsFrom(params.tags);
  const transitiveTagKeys = stringList(params.transitiveTagKeys);
  const principalTags = tagsFromMap(params.principalTags);

  // Context the record itself fixes: the time of the call and the caller's address.
  const context: Record<string, string> = {};
  const eventTime = str(record.eventTime);
  if (eventTime) context['aws:CurrentTime'] = eventTime;
  const sourceIp = str(record.sourceIPAddress);
  const vpcEndpoint = str(record.vpcEndpointId);
  if (vpcEndpoint) {
    // through a VPC endpoint the request carries aws:SourceVpce and no aws:SourceIp
    // (the logged address is the private one); aws:SourceVpc and aws:VpcSourceIp are not logged.
    context['aws:SourceVpce'] = vpcEndpoint;
    gaps.push(`The call came through VPC endpoint ${vpcEndpoint}: aws:SourceIp is absent, and aws:SourceVpc / aws:VpcSourceIp are not in the record.`);
  } else if (sourceIp) {
    if (isIpAddress(sourceIp)) context['aws:SourceIp'] = sourceIp;
    else if (!/\.amazonaws\.com$/.test(sourceIp)) {
      gaps.push(`sourceIPAddress is "${sourceIp}", not an IP address, so aws:SourceIp is unknown.`);
    }
  }

  const userAgent = str(record.userAgent);
  if (userAgent) context['aws:UserAgent'] = userAgent; // always in the request context

  request.region = requestRegion(record, gaps);

  // SerialNumber is logged, TokenCode never is. STS only accepts a SerialNumber together with
  // a TokenCode and answers a wrong code with its own MFA error, so a logged SerialNumber on a call
  // that did not fail for MFA means the caller authenticated with MFA on this call.
  if (serialNumber !== undefined && tokenCode === undefined) {
    const mfaFailed = typeof record.errorMessage === 'string' && /MultiFactorAuthentication failed/i.test(record.errorMessage);
    if (!mfaFailed) {
      context['aws:MultiFactorAuthPresent'] = 'true';
      context['aws:MultiFactorAuthAge'] = '0';
      gaps.push('CloudTrail does not log the MFA TokenCode; the logged SerialNumber is read as MFA presented on this call (aws:MultiFactorAuthPresent true, aws:MultiFactorAuthAge 0).');
    }
  }

  const identity = isObject(record.userIdentity) ? record.userIdentity : {};
  const identityType = str(identity.type);
  const identityArn = str(identity.arn);

  switch (identityType) {
    case 'IAMUser':
    case 'Root':
      if (identityArn) request.caller = identityArn;
      else gaps.push(`The ${identityType} identity has no ARN in the record; give the caller.`);
      // Temporary credentials of the user (GetSessionToken, or a console sign-in): an ASIA key and a
      // sessionContext with mfaAuthenticated. They carry aws:MultiFactorAuthPresent, unlike
      // the user's long-term keys, so MFA-then-AssumeRole is read as MFA present.
      if (isObject(identity.sessionContext) || /^ASIA/.test(str(identity.accessKeyId) ?? '')) {
        request.callerSession = userSessionFrom(identity);
      }
      break;
    case 'FederatedUser': {
      if (identityArn) request.caller = identityArn;
      request.callerSession = { issuedBy: 'GetFederationToken' };
      break;
    }
    case 'AssumedRole': {
      if (identityArn) request.caller = identityArn;
      else gaps.push('The AssumedRole identity has no ARN in the record; give the caller.');
      request.callerSession = callerSessionFrom(identity, params);
      gaps.push(
        "The calling session's own session policies and session tags are not in the record (only tags it passes on as transitive are): its session policies are taken to be absent, and session tags not in the record are unknown.",
      );
      break;
    }
    case 'AWSService': {
      const service = str(identity.invokedBy);
      if (service) request.caller = service;
      else gaps.push('The AWSService identity names no service (invokedBy); give the caller.');
      break;
    }
    case 'AWSAccount': {
      const principalId = str(identity.principalId);
      const account = str(identity.accountId);
      const kind = principalId?.startsWith('AIDA') ? 'an IAM user' : principalId?.startsWith('AROA') ? 'a role session' : 'a principal';
      gaps.push(
        `This is the role account's copy of a cross-account call: CloudTrail names only the caller's account (${account ?? 'unknown'}) and principal id (${principalId ?? 'unknown'}, ${kind}), not the caller's ARN. ` +
          'Replay the caller account\'s record with the same sharedEventID, or give the caller.',
      );
      break;
    }
    case 'WebIdentityUser':
      request.webIdentity = webIdentityFrom(identity, principalTags, transitiveTagKeys, sourceIdentity, gaps);
      break;
    case 'SAMLUser':
      request.saml = samlFrom(identity, params, record, principalTags, transitiveTagKeys, sourceIdentity, gaps);
      break;
    default:
      gaps.push(`userIdentity.type "${identityType ?? 'missing'}" does not name a caller; give the caller.`);
  }

  // A federated call has no signing caller: a record naming one anyway (an identity type that does
  // not go with the event) gives no caller and no calling session.
  if (!signed) {
    delete request.caller;
    delete request.callerSession;
  }

  // Session tags passed on the call itself (AssumeRole); federated calls carry them in the token / assertion.
  if (action === 'sts:AssumeRole') {
    if (tags && tags.length > 0) request.tags = tags;
    if (transitiveTagKeys && transitiveTagKeys.length > 0) request.transitiveTagKeys = transitiveTagKeys;
    if (externalId === undefined) {
      // R-64 (M): AWS does not document that CloudTrail logs an ExternalId, so a record without one
      // does not show that none was sent: sts:ExternalId is unknown, not absent.
      request.unknownContext = ['sts:ExternalId'];
      gaps.push(
        'The record shows no ExternalId, and AWS does not document that CloudTrail logs it, so sts:ExternalId is unknown; if the trust policy tests sts:ExternalId, give the value that was sent.',
      );
    }
  }

  if (Object.keys(context).length > 0) request.context = context;

  const observed: ObservedCall = {
    eventTime: eventTime ?? '',
    region: str(record.awsRegion) ?? '',
    eventId: str(record.eventID) ?? '',
    eventName,
  };
  if (typeof record.errorCode === 'string') observed.errorCode = record.errorCode;
  if (typeof record.errorMessage === 'string') observed.errorMessage = record.errorMessage;
  const sharedEventID = str(record.sharedEventID);
  if (sharedEventID) observed.sharedEventID = sharedEventID;
  const recipient = str(record.recipientAccountId);
  if (recipient) observed.recipientAccountId = recipient;
  if (sourceIp) observed.sourceIPAddress = sourceIp;
  if (userAgent) observed.userAgent = userAgent;
  if (identityType) observed.identityType = identityType;

  return { request, observed, gaps };
}

/** A calling session issued by `issuedBy`, with what its sessionContext.attributes say: MFA and when it was issued. */
function sessionFrom(identity: Json, issuedBy: string): CallerSession {
  const sessionContext = isObject(identity.sessionContext) ? identity.sessionContext : {};
  const attributes = isObject(sessionContext.attributes) ? sessionContext.attributes : {};
  const session: CallerSession = { issuedBy };
  if (attributes.mfaAuthenticated !== undefined) session.mfaAuthenticated = String(attributes.mfaAuthenticated) === 'true';
  const issuedAt = isoTime(attributes.creationDate);
  if (issuedAt) session.issuedAt = issuedAt;
  return session;
}

/** A user's temporary credentials as the record shows them: issued by GetSessionToken (or a console sign-in, alike for ). */
function userSessionFrom(identity: Json): CallerSession {
  return sessionFrom(identity, 'GetSessionToken');
}

function callerSessionFrom(identity: Json, params: Json): CallerSession {
  const sessionContext = isObject(identity.sessionContext) ? identity.sessionContext : {};
  const webIdentity = isObject(sessionContext.webIdFederationData) ? sessionContext.webIdFederationData : {};
  // An EC2 instance profile session is marked by ec2RoleDelivery; a web identity session by its
  // federated provider. Anything else reached the role through AssumeRole (or a service doing so).
  const session = sessionFrom(identity, sessionContext.ec2RoleDelivery !== undefined ? 'ec2' : str(webIdentity.federatedProvider) ? 'AssumeRoleWithWebIdentity' : 'AssumeRole');
  // The record shows at most the tags the session passes on (below), never all of its tags.
  session.tagsComplete = false;
  const sourceIdentity = str(sessionContext.sourceIdentity);
  if (sourceIdentity) session.sourceIdentity = sourceIdentity;
  // Transitive tags inherited from the calling session are logged on the call as incomingTransitiveTags.
  const inherited = tagsFromMap(params.incomingTransitiveTags);
  if (inherited && inherited.length > 0) {
    session.tags = inherited;
    session.transitiveTagKeys = inherited.map((tag) => tag.Key);
  }
  return session;
}

function webIdentityFrom(
  identity: Json,
  principalTags: Tag[] | undefined,
  transitiveTagKeys: string[] | undefined,
  sourceIdentity: string | undefined,
  gaps: string[],
): NonNullable<AssumeRoleRequest['webIdentity']> {
  const provider = str(identity.identityProvider);
  const sub = typeof identity.userName === 'string' ? identity.userName : undefined;
  const principalId = str(identity.principalId);
  const claims: Record<string, unknown> = {};
  if (provider) {
    // The provider is logged as the OIDC provider ARN (…:oidc-provider/<url>) or, for the built-in
    // providers, as a host name (accounts.google.com).
    const url = provider.includes(':oidc-provider/') ? provider.slice(provider.indexOf(':oidc-provider/') + ':oidc-provider/'.length) : provider;
    claims.iss = `https://${url}`;
  } else {
    gaps.push('The record does not name the identity provider; give the token issuer (iss).');
  }
  if (sub !== undefined) claims.sub = sub;
  else gaps.push("The record has no userName, so the token's sub is unknown.");
  // principalId is "<provider>:<aud>:<sub>"; sub may itself contain colons (GitHub: repo:org/repo:ref:…).
  if (provider && principalId && sub !== undefined && principalId.startsWith(`${provider}:`) && principalId.endsWith(`:${sub}`)) {
    const aud = principalId.slice(provider.length + 1, principalId.length - sub.length - 1);
    if (aud) claims.aud = aud;
  }
  if (claims.aud === undefined) gaps.push("The token's audience (aud) could not be read from the record; give it if the trust policy tests it.");
  if (principalTags && principalTags.length > 0) {
    claims['https://aws.amazon.com/tags'] = {
      principal_tags: Object.fromEntries(principalTags.map((tag) => [tag.Key, [tag.Value]])),
      ...(transitiveTagKeys && transitiveTagKeys.length > 0 ? { transitive_tag_keys: transitiveTagKeys } : {}),
    };
  }
  if (sourceIdentity !== undefined) claims['https://aws.amazon.com/source_identity'] = sourceIdentity;
  gaps.push("Only the token's sub and aud are in the record; other claims (amr, azp, …) are not logged, so the provider's other keys are unknown.");
  return { claims, claimsComplete: false };
}

function samlFrom(
  identity: Json,
  params: Json,
  record: Json,
  principalTags: Tag[] | undefined,
  transitiveTagKeys: string[] | undefined,
  sourceIdentity: string | undefined,
  gaps: string[],
): NonNullable<AssumeRoleRequest['saml']> {
  const principalArn = str(params.principalArn);
  if (!principalArn) gaps.push('The record has no principalArn, so the SAML provider is unknown; give it.');
  const attributes: Record<string, string | string[]> = {};
  if (typeof identity.userName === 'string') attributes['saml:sub'] = identity.userName;
  const nameQualifier = str(identity.identityProvider);
  if (nameQualifier) attributes['saml:namequalifier'] = nameQualifier;
  const response = isObject(record.responseElements) ? record.responseElements : undefined;
  if (response) {
    const issuer = str(response.issuer);
    if (issuer) attributes['saml:iss'] = issuer;
    const subjectType = str(response.subjectType);
    if (subjectType) attributes['saml:sub_type'] = subjectType;
    // the response's Audience is the Recipient of the assertion, which saml:aud holds.
    const audience = str(response.audience);
    if (audience) attributes['saml:aud'] = audience;
  }
  for (const tag of principalTags ?? []) attributes[`https://aws.amazon.com/SAML/Attributes/PrincipalTag:${tag.Key}`] = tag.Value;
  if (transitiveTagKeys && transitiveTagKeys.length > 0) attributes['https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys'] = transitiveTagKeys;
  if (sourceIdentity !== undefined) attributes['https://aws.amazon.com/SAML/Attributes/SourceIdentity'] = sourceIdentity;
  gaps.push(
    response
      ? "The assertion's other attributes are not logged: the saml: keys not read from the record are unknown; give them if the trust policy tests them."
      : "A failed call logs no response, so the assertion's Recipient (saml:aud), issuer and other attributes are unknown; give them if the trust policy tests them.",
  );
  // What the record holds is only part of the assertion: the rest is unknown, not absent.
  return { principalArn: principalArn ?? '', attributes, attributesComplete: false };
}
