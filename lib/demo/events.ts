// The demo organization's CloudTrail: STS records in the full shape CloudTrail writes them
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html),
// one failure per demo incident plus the successful calls around them, over the week before
// `DEMO_CAPTURED_AT`. Error messages are AWS's own words (rulebook,
//
//
// What CloudTrail does not record, and how the demo supplies it
// ----------------------------------------------------------------
// A record holds what the caller sent and who the caller was, not everything the decision used:
//   • AWS does not document that CloudTrail logs an AssumeRole call's ExternalId (R-64, M), so the
//     records here show none, and a replay reads sts:ExternalId as unknown (not absent);
//   • the SAML assertion's Recipient (`saml:aud`) is not logged;
//   • a web identity token's other claims are not logged (only `sub` as userName and the audience
//     inside principalId).
// Those facts travel beside the record, never inside it: each entry of `demoIncidents` /
// `demoSuccessfulCalls` may carry `requestOverrides` (merged over what `requestFromEvent` reads)
// with `overrideReason` saying which unlogged fact it restores. This keeps every record a faithful
// CloudTrail record (a user pasting it gets the same `gaps`), and makes the invented part visible.
//
// Cross-account calls are logged in the caller's account; a *successful* one is also logged in the
// role's account as an `AWSAccount` record sharing `sharedEventID` (no caller ARN there). Denied
// cross-account calls are not logged in the target account (IAM user guide, "Logging IAM and AWS
// STS API requests"), so the failures below exist only as the caller-side record.

import type { AssumeRoleRequest, CheckId, CloudTrailEvent, Decision } from '@/lib/engine/types';
import { GITHUB_OIDC_PROVIDER_ARN, OKTA_SAML_PROVIDER_ARN, PRODUCTION, TOOLING, VENDOR } from './organization';

export const DEMO_CAPTURED_AT = '2026-11-22T09:00:00Z';

type Json = Record<string, unknown>;

interface StsRecordInput {
  eventID: string;
  requestID: string;
  eventTime: string;
  eventName: 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'AssumeRoleWithSAML';
  userIdentity: Json;
  /** Region of the STS endpoint; requests to the global endpoint are logged in us-east-1 with endpointType global. */
  awsRegion: string;
  endpoint: 'global' | 'regional';
  sourceIPAddress: string;
  userAgent: string;
  requestParameters: Json;
  recipientAccountId: string;
  error?: { code: string; message: string };
  responseElements?: Json;
  sharedEventID?: string;
  resources?: Json[];
  additionalEventData?: Json;
}

function stsRecord(input: StsRecordInput): CloudTrailEvent {
  const host = input.endpoint === 'global' ? 'sts.amazonaws.com' : `sts.${input.awsRegion}.amazonaws.com`;
  const record: Json = {
    eventVersion: '1.08',
    userIdentity: input.userIdentity,
    eventTime: input.eventTime,
    eventSource: 'sts.amazonaws.com',
    eventName: input.eventName,
    awsRegion: input.awsRegion,
    sourceIPAddress: input.sourceIPAddress,
    userAgent: input.userAgent,
  };
  if (input.error) {
    record.errorCode = input.error.code;
    record.errorMessage = input.error.message;
  }
  record.requestParameters = input.requestParameters;
  record.responseElements = input.error ? null : (input.responseElements ?? null);
  record.additionalEventData = {
    ...(input.additionalEventData ?? {}),
    RequestDetails: { awsServingRegion: input.endpoint === 'global' ? 'us-east-1' : input.awsRegion, endpointType: input.endpoint },
  };
  record.requestID = input.requestID;
  record.eventID = input.eventID;
  record.readOnly = true;
  if (input.resources) record.resources = input.resources;
  record.eventType = 'AwsApiCall';
  record.managementEvent = true;
  record.recipientAccountId = input.recipientAccountId;
  if (input.sharedEventID) record.sharedEventID = input.sharedEventID;
  record.eventCategory = 'Management';
  record.tlsDetails = { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: host };
  return record;
}

function roleResource(roleArn: string): Json[] {
  return [{ accountId: roleArn.split(':')[4], type: 'AWS::IAM::Role', ARN: roleArn }];
}

function credentialsFor(roleArn: string, roleId: string, sessionName: string, expiration: string): Json {
  const [, , , , account, resource] = roleArn.split(':');
  const roleName = resource.split('/').pop();
  return {
    credentials: { accessKeyId: 'ASIAQ3EXAMPLESESSION', sessionToken: '<encoded session token blob>', expiration },
    assumedRoleUser: { assumedRoleId: `${roleId}:${sessionName}`, arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}` },
  };
}

// ───────────────────────────── identities ─────────────────────────────

function iamUser(name: string, userId: string, path = ''): Json {
  return {
    type: 'IAMUser',
    principalId: userId,
    arn: `arn:aws:iam::${TOOLING}:user/${path}${name}`,
    accountId: TOOLING,
    accessKeyId: 'AKIAQ3EXAMPLEUSERKEY',
    userName: name,
  };
}

interface SessionInput {
  account: string;
  roleName: string;
  roleId: string;
  sessionName: string;
  creationDate: string;
  mfaAuthenticated?: boolean;
  ec2?: boolean;
  webIdentityProvider?: string;
  sourceIdentity?: string;
}

function roleSession(s: SessionInput): Json {
  const sessionContext: Json = {
    sessionIssuer: {
      type: 'Role',
      principalId: s.roleId,
      arn: `arn:aws:iam::${s.account}:role/${s.roleName}`,
      accountId: s.account,
      userName: s.roleName,
    },
    webIdFederationData: s.webIdentityProvider ? { federatedProvider: s.webIdentityProvider, attributes: {} } : {},
    attributes: { creationDate: s.creationDate, mfaAuthenticated: s.mfaAuthenticated ? 'true' : 'false' },
  };
  if (s.ec2) sessionContext.ec2RoleDelivery = '2.0';
  if (s.sourceIdentity) sessionContext.sourceIdentity = s.sourceIdentity;
  return {
    type: 'AssumedRole',
    principalId: `${s.roleId}:${s.sessionName}`,
    arn: `arn:aws:sts::${s.account}:assumed-role/${s.roleName}/${s.sessionName}`,
    accountId: s.account,
    accessKeyId: 'ASIAQ3EXAMPLECALLER1',
    sessionContext,
  };
}

function githubIdentity(sub: string): Json {
  return {
    type: 'WebIdentityUser',
    principalId: `${GITHUB_OIDC_PROVIDER_ARN}:sts.amazonaws.com:${sub}`,
    userName: sub,
    identityProvider: GITHUB_OIDC_PROVIDER_ARN,
  };
}

const CLI = 'aws-cli/2.22.10 md/awscrt#0.23.4 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe prompt/off command/sts.assume-role';
const GHA = 'aws-sdk-js/3.730.0 ua/2.1 os/linux#6.8.0-1017-azure lang/js md/nodejs#20.18.1 api/sts#3.730.0 m/E configure-aws-credentials-for-github-actions';
const BOTO_EC2 = 'Boto3/1.35.76 md/Botocore#1.35.76 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.7 cfg/retry-mode#legacy Botocore/1.35.76';
const BOTO_LAMBDA = 'Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145';
const VENDOR_AGENT = 'aws-sdk-go-v2/1.32.6 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/sts#1.33.2 exampleagent/4.2.0';

const DEPLOY = `arn:aws:iam::${PRODUCTION}:role/Deploy`;
const READ_ONLY = `arn:aws:iam::${PRODUCTION}:role/ReadOnly`;
const BREAK_GLASS = `arn:aws:iam::${PRODUCTION}:role/BreakGlassAdmin`;
const OPERATOR = `arn:aws:iam::${PRODUCTION}:role/Operator`;
const VENDOR_MONITORING = `arn:aws:iam::${PRODUCTION}:role/VendorMonitoring`;
const LEGACY_REPORTING = `arn:aws:iam::${PRODUCTION}:role/LegacyReporting`;
const OKTA_READ_ONLY = `arn:aws:iam::${PRODUCTION}:role/OktaReadOnly`;
const GITHUB_DEPLOY = `arn:aws:iam::${TOOLING}:role/GitHubActionsDeploy`;
const PLATFORM_ENGINEER = `arn:aws:iam::${TOOLING}:role/PlatformEngineer`;
const CI_RUNNER = `arn:aws:iam::${TOOLING}:role/CiRunner`;
const METRICS_PUSH = `arn:aws:iam::${VENDOR}:role/AcmeMetricsPush`;

const RUNNER_INSTANCE = 'i-0f1e2d3c4b5a69788';
const VENDOR_INSTANCE = 'i-0abc123def4567890';

function denied(caller: string, action: string, resource: string, suffix = ''): { code: string; message: string } {
  return { code: 'AccessDenied', message: `User: ${caller} is not authorized to perform: ${action} on resource: ${resource}${suffix}` };
}

// ───────────────────────────── the records ─────────────────────────────

export const EVENT_IDS = {
  githubMainOk: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b01',
  githubPullRequestDenied: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b02',
  githubChainOk: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b03',
  githubChainTagsDenied: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b04',
  ec2LaunchesRunner: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b05',
  runnerDeployOk: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b06',
  runnerDeployOkRoleSide: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b07',
  runnerSydneyDenied: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b08',
  runnerVendorScpDenied: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b09',
  vendorExternalIdOk: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b10',
  vendorExternalIdDenied: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b11',
  aliceReadOnlyOk: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b12',
  aliceBreakGlassNoMfa: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b13',
  alicePlatformWithMfaOk: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b14',
  platformOperatorOk: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b15',
  platformOperatorChainTooLong: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b16',
  carolTooLong: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b17',
  danaNoIdentityAllow: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b18',
  bobBoundaryDeny: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b19',
  erinBadSessionName: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b20',
  reportingDeletedRole: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b21',
  rootCaller: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b22',
  oktaOk: '3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b23',
} as const;

const githubDeploySession = roleSession({
  account: TOOLING,
  roleName: 'GitHubActionsDeploy',
  roleId: 'AROAQ3EXAMPLEGHADEPLY',
  sessionName: 'GitHubActions',
  creationDate: '2026-11-18T14:02:11Z',
  webIdentityProvider: GITHUB_OIDC_PROVIDER_ARN,
});

const runnerSession = (creationDate: string) =>
  roleSession({ account: TOOLING, roleName: 'CiRunner', roleId: 'AROAQ3EXAMPLECIRUNNER', sessionName: RUNNER_INSTANCE, creationDate, ec2: true });

const platformSession = (creationDate: string) =>
  roleSession({ account: TOOLING, roleName: 'PlatformEngineer', roleId: 'AROAQ3EXAMPLEPLATENG1', sessionName: 'alice', creationDate, mfaAuthenticated: true });

export const demoEvents: CloudTrailEvent[] = [
  // 2026-11-15 — EC2 hands the CiRunner role to a freshly launched runner (service caller).
  stsRecord({
    eventID: EVENT_IDS.ec2LaunchesRunner,
    requestID: 'b1d2c3e4-0001-4a1b-8c2d-111111111101',
    eventTime: '2026-11-15T07:58:02Z',
    eventName: 'AssumeRole',
    userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
    awsRegion: 'us-east-1',
    endpoint: 'regional',
    sourceIPAddress: 'ec2.amazonaws.com',
    userAgent: 'ec2.amazonaws.com',
    requestParameters: { roleArn: CI_RUNNER, roleSessionName: RUNNER_INSTANCE },
    responseElements: credentialsFor(CI_RUNNER, 'AROAQ3EXAMPLECIRUNNER', RUNNER_INSTANCE, 'Nov 15, 2026, 2:12:02 PM'),
    resources: roleResource(CI_RUNNER),
    recipientAccountId: TOOLING,
  }),
  // 2026-11-15 — the runner deploys to production through the global endpoint (caller side + role side).
  stsRecord({
    eventID: EVENT_IDS.runnerDeployOk,
    requestID: 'b1d2c3e4-0002-4a1b-8c2d-111111111102',
    eventTime: '2026-11-15T08:10:45Z',
    eventName: 'AssumeRole',
    userIdentity: runnerSession('2026-11-15T07:58:02Z'),
    awsRegion: 'us-east-1',
    endpoint: 'global',
    sourceIPAddress: '198.51.100.14',
    userAgent: BOTO_EC2,
    requestParameters: { roleArn: DEPLOY, roleSessionName: 'ci-build-8812', durationSeconds: 3600 },
    responseElements: credentialsFor(DEPLOY, 'AROAQ3EXAMPLEPRDDEPLY', 'ci-build-8812', 'Nov 15, 2026, 9:10:45 AM'),
    resources: roleResource(DEPLOY),
    recipientAccountId: PRODUCTION,
    sharedEventID: '7c1d9e2f-aaaa-4b5c-8d6e-000000008812',
  }),
  stsRecord({
    eventID: EVENT_IDS.runnerDeployOkRoleSide,
    requestID: 'b1d2c3e4-0002-4a1b-8c2d-111111111102',
    eventTime: '2026-11-15T08:10:45Z',
    eventName: 'AssumeRole',
    userIdentity: { type: 'AWSAccount', principalId: 'AROAQ3EXAMPLECIRUNNER:' + RUNNER_INSTANCE, accountId: TOOLING },
    awsRegion: 'us-east-1',
    endpoint: 'global',
    sourceIPAddress: '198.51.100.14',
    userAgent: BOTO_EC2,
    requestParameters: { roleArn: DEPLOY, roleSessionName: 'ci-build-8812', durationSeconds: 3600 },
    responseElements: credentialsFor(DEPLOY, 'AROAQ3EXAMPLEPRDDEPLY', 'ci-build-8812', 'Nov 15, 2026, 9:10:45 AM'),
    resources: roleResource(DEPLOY),
    recipientAccountId: PRODUCTION,
    sharedEventID: '7c1d9e2f-aaaa-4b5c-8d6e-000000008812',
  }),
  // 2026-11-15 — the same runner, relocated to Sydney, uses the ap-southeast-2 regional endpoint:
  // production has STS deactivated there.
  stsRecord({
    eventID: EVENT_IDS.runnerSydneyDenied,
    requestID: 'b1d2c3e4-0003-4a1b-8c2d-111111111103',
    eventTime: '2026-11-15T23:41:19Z',
    eventName: 'AssumeRole',
    userIdentity: runnerSession('2026-11-15T23:30:00Z'),
    awsRegion: 'ap-southeast-2',
    endpoint: 'regional',
    sourceIPAddress: '198.51.100.61',
    userAgent: BOTO_EC2,
    requestParameters: { roleArn: DEPLOY, roleSessionName: 'ci-build-8840' },
    error: {
      code: 'RegionDisabledException',
      message: `STS is not activated in this region for account:${PRODUCTION}. Your account administrator can activate STS in this region using the IAM Console.`,
    },
    recipientAccountId: TOOLING,
  }),
  // 2026-11-16 — the runner tries to push metrics into the vendor's account: the tooling OU's
  // data-perimeter SCP denies sts:AssumeRole outside Acme.
  stsRecord({
    eventID: EVENT_IDS.runnerVendorScpDenied,
    requestID: 'b1d2c3e4-0004-4a1b-8c2d-111111111104',
    eventTime: '2026-11-16T10:05:33Z',
    eventName: 'AssumeRole',
    userIdentity: runnerSession('2026-11-16T09:50:12Z'),
    awsRegion: 'us-east-1',
    endpoint: 'regional',
    sourceIPAddress: '198.51.100.14',
    userAgent: BOTO_EC2,
    requestParameters: { roleArn: METRICS_PUSH, roleSessionName: 'metrics-push' },
    error: denied(
      `arn:aws:sts::${TOOLING}:assumed-role/CiRunner/${RUNNER_INSTANCE}`,
      'sts:AssumeRole',
      METRICS_PUSH,
      ' with an explicit deny in a service control policy',
    ),
    recipientAccountId: TOOLING,
  }),
  // 2026-11-16 — the vendor's collector, with the right external id (not logged; see requestOverrides).
  stsRecord({
    eventID: EVENT_IDS.vendorExternalIdOk,
    requestID: 'b1d2c3e4-0005-4a1b-8c2d-111111111105',
    eventTime: '2026-11-16T12:00:04Z',
    eventName: 'AssumeRole',
    userIdentity: roleSession({
      account: VENDOR,
      roleName: 'MonitoringCollector',
      roleId: 'AROAQ3EXAMPLEVNDCOLL1',
      sessionName: VENDOR_INSTANCE,
      creationDate: '2026-11-16T11:45:00Z',
      ec2: true,
    }),
    awsRegion: 'us-east-1',
    endpoint: 'regional',
    sourceIPAddress: '198.51.100.77',
    userAgent: VENDOR_AGENT,
    requestParameters: { roleArn: VENDOR_MONITORING, roleSessionName: 'vendor-monitoring-sync', durationSeconds: 900 },
    responseElements: credentialsFor(VENDOR_MONITORING, 'AROAQ3EXAMPLEVNDRMON1', 'vendor-monitoring-sync', 'Nov 16, 2026, 12:15:04 PM'),
    resources: roleResource(VENDOR_MONITORING),
    recipientAccountId: PRODUCTION,
    sharedEventID: '7c1d9e2f-bbbb-4b5c-8d6e-000000000105',
  }),
  // 2026-11-17 — after a config push on the vendor side, the external id no longer matches.
  stsRecord({
    eventID: EVENT_IDS.vendorExternalIdDenied,
    requestID: 'b1d2c3e4-0006-4a1b-8c2d-111111111106',
    eventTime: '2026-11-17T12:00:06Z',
    eventName: 'AssumeRole',
    userIdentity: roleSession({
      account: VENDOR,
      roleName: 'MonitoringCollector',
      roleId: 'AROAQ3EXAMPLEVNDCOLL1',
      sessionName: VENDOR_INSTANCE,
      creationDate: '2026-11-17T11:45:00Z',
      ec2: true,
    }),
    awsRegion: 'us-east-1',
    endpoint: 'regional',
    sourceIPAddress: '198.51.100.77',
    userAgent: VENDOR_AGENT,
    requestParameters: { roleArn: VENDOR_MONITORING, roleSessionName: 'vendor-monitoring-sync', durationSeconds: 900 },
    error: denied(`arn:aws:sts::${VENDOR}:assumed-role/MonitoringCollector/${VENDOR_INSTANCE}`, 'sts:AssumeRole', VENDOR_MONITORING),
    recipientAccountId: PRODUCTION,
  }),
  // 2026-11-17 — alice's everyday read-only access.
  stsRecord({
    eventID: EVENT_IDS.aliceReadOnlyOk,
    requestID: 'b1d2c3e4-0007-4a1b-8c2d-111111111107',
    eventTime: '2026-11-17T08:31:50Z',
    eventName: 'AssumeRole',
    userIdentity: iamUser('alice', 'AIDAQ3EXAMPLEALICE001'),
    awsRegion: 'us-east-1',
    endpoint: 'global',
    sourceIPAddress: '203.0.113.25',
    userAgent: CLI,
    requestParameters: { roleArn: READ_ONLY, roleSessionName: 'alice' },
    responseElements: credentialsFor(READ_ONLY, 'AROAQ3EXAMPLEPRDREAD1', 'alice', 'Nov 17, 2026, 9:31:50 AM'),
    resources: roleResource(READ_ONLY),
    recipientAccountId: PRODUCTION,
    sharedEventID: '7c1d9e2f-cccc-4b5c-8d6e-000000000107',
  }),
  // 2026-11-17 — during an incident alice reaches for break-glass without MFA.
  stsRecord({
    eventID: EVENT_IDS.aliceBreakGlassNoMfa,
    requestID: 'b1d2c3e4-0008-4a1b-8c2d-111111111108',
    eventTime: '2026-11-17T21:14:03Z',
    eventName: 'AssumeRole',
    userIdentity: iamUser('alice', 'AIDAQ3EXAMPLEALICE001'),
    awsRegion: 'us-east-1',
    endpoint: 'global',
    sourceIPAddress: '203.0.113.25',
    userAgent: CLI,
    requestParameters: { roleArn: BREAK_GLASS, roleSessionName: 'alice-incident' },
    error: denied(`arn:aws:iam::${TOOLING}:user/alice`, 'sts:AssumeRole', BREAK_GLASS),
    recipientAccountId: PRODUCTION,
  }),
  // 2026-11-17 — alice assumes PlatformEngineer with MFA (serialNumber logged).
  stsRecord({
    eventID: EVENT_IDS.alicePlatformWithMfaOk,
    requestID: 'b1d2c3e4-0009-4a1b-8c2d-111111111109',
    eventTime: '2026-11-17T21:20:40Z',
    eventName: 'AssumeRole',
    userIdentity: iamUser('alice', 'AIDAQ3EXAMPLEALICE001'),
    awsRegion: 'us-east-1',
    endpoint: 'global',
    sourceIPAddress: '203.0.113.25',
    userAgent: CLI,
    requestParameters: {
      roleArn: PLATFORM_ENGINEER,
      roleSessionName: 'alice',
      durationSeconds: 14400,
      serialNumber: `arn:aws:iam::${TOOLING}:mfa/alice`,
    },
    responseElements: credentialsFor(PLATFORM_ENGINEER, 'AROAQ3EXAMPLEPLATENG1', 'alice', 'Nov 18, 2026, 1:20:40 AM'),
    resources: roleResource(PLATFORM_ENGINEER),
    recipientAccountId: TOOLING,
  }),
  // 2026-11-17 — from PlatformEngineer into production Operator for one hour: role chaining within the limit.
  stsRecord({
    eventID: EVENT_IDS.platformOperatorOk,
    requestID: 'b1d2c3e4-0010-4a1b-8c2d-111111111110',
    eventTime: '2026-11-17T21:22:05Z',
    eventName: 'AssumeRole',
    userIdentity: platformSession('2026-11-17T21:20:40Z'),
    awsRegion: 'us-east-1',
    endpoint: 'global',
    sourceIPAddress: '203.0.113.25',
    userAgent: CLI,
    requestParameters: { roleArn: OPERATOR, roleSessionName: 'alice', durationSeconds: 3600 },
    responseElements: credentialsFor(OPERATOR, 'AROAQ3EXAMPLEOPERATR', 'alice', 'Nov 17, 2026, 10:22:05 PM'),
    resources: roleResource(OPERATOR),
    recipientAccountId: PRODUCTION,
    sharedEventID: '7c1d9e2f-dddd-4b5c-8d6e-000000000110',
  }),
  // 2026-11-17 — …and asking for two hours the next time: over the role-chaining limit.
  stsRecord({
    eventID: EVENT_IDS.platformOperatorChainTooLong,
    requestID: 'b1d2c3e4-0011-4a1b-8c2d-111111111111',
    eventTime: '2026-11-17T22:30:12Z',
    eventName: 'AssumeRole',
    userIdentity: platformSession('2026-11-17T21:20:40Z'),
    awsRegion: 'us-east-1',
    endpoint: 'global',
    sourceIPAddress: '203.0.113.25',
    userAgent: CLI,
    requestParameters: { roleArn: OPERATOR, roleSessionName: 'alice', durationSeconds: 7200 },
    error: { code: 'ValidationError', message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.' },
    recipientAccountId: PRODUCTION,
  }),
  // 2026-11-18 — GitHub Actions on main: the OIDC exchange works.
  stsRecord({
    eventID: EVENT_IDS.githubMainOk,
    requestID: 'b1d2c3e4-0012-4a1b-8c2d-111111111112',
    eventTime: '2026-11-18T14:02:11Z',
    eventName: 'AssumeRoleWithWebIdentity',
    userIdentity: githubIdentity('repo:acme/api:ref:refs/heads/main'),
    awsRegion: 'us-east-1',
    endpoint: 'regional',
    sourceIPAddress: '198.51.100.23',
    userAgent: GHA,
    requestParameters: { roleArn: GITHUB_DEPLOY, roleSessionName: 'GitHubActions', durationSeconds: 3600 },
    responseElements: {
      ...credentialsFor(GITHUB_DEPLOY, 'AROAQ3EXAMPLEGHADEPLY', 'GitHubActions', 'Nov 18, 2026, 3:02:11 PM'),
      subjectFromWebIdentityToken: 'repo:acme/api:ref:refs/heads/main',
      provider: GITHUB_OIDC_PROVIDER_ARN,
      audience: 'sts.amazonaws.com',
    },
    additionalEventData: { identityProviderConnectionVerificationMethod: 'IAMTrustStore' },
    resources: roleResource(GITHUB_DEPLOY),
    recipientAccountId: TOOLING,
  }),
  // 2026-11-18 — the deploy job chains into production Deploy without session tags: fine.
  stsRecord({
    eventID: EVENT_IDS.githubChainOk,
    requestID: 'b1d2c3e4-0013-4a1b-8c2d-111111111113',
    eventTime: '2026-11-18T14:02:14Z',
    eventName: 'AssumeRole',
    userIdentity: githubDeploySession,
    awsRegion: 'us-east-1',
    endpoint: 'regional',
    sourceIPAddress: '198.51.100.23',
    userAgent: GHA,
    requestParameters: { roleArn: DEPLOY, roleSessionName: 'GitHubActions', durationSeconds: 3600 },
    responseElements: credentialsFor(DEPLOY, 'AROAQ3EXAMPLEPRDDEPLY', 'GitHubActions', 'Nov 18, 2026, 3:02:14 PM'),
    resources: roleResource(DEPLOY),
    recipientAccountId: PRODUCTION,
    sharedEventID: '7c1d9e2f-eeee-4b5c-8d6e-000000000113',
  }),
  // 2026-11-18 — a pull-request workflow tries the deploy role: its `sub` is repo:acme/api:pull_request.
  stsRecord({
    eventID: EVENT_IDS.githubPullRequestDenied,
    requestID: 'b1d2c3e4-0014-4a1b-8c2d-111111111114',
    eventTime: '2026-11-18T16:47:29Z',
    eventName: 'AssumeRoleWithWebIdentity',
    userIdentity: githubIdentity('repo:acme/api:pull_request'),
    awsRegion: 'us-east-1',
    endpoint: 'regional',
    sourceIPAddress: '198.51.100.24',
    userAgent: GHA,
    requestParameters: { roleArn: GITHUB_DEPLOY, roleSessionName: 'GitHubActions', durationSeconds: 3600 },
    error: { code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' },
    recipientAccountId: TOOLING,
  }),
  // 2026-11-19 — a new workflow version chains with session tags (the action's default): the Deploy
  // trust policy does not allow sts:TagSession.
  stsRecord({
    eventID: EVENT_IDS.githubChainTagsDenied,
    requestID: 'b1d2c3e4-0015-4a1b-8c2d-111111111115',
    eventTime: '2026-11-19T09:15:58Z',
    eventName: 'AssumeRole',
    userIdentity: roleSession({
      account: TOOLING,
      roleName: 'GitHubActionsDeploy',
      roleId: 'AROAQ3EXAMPLEGHADEPLY',
      sessionName: 'GitHubActions',
      creationDate: '2026-11-19T09:15:55Z',
      webIdentityProvider: GITHUB_OIDC_PROVIDER_ARN,
    }),
    awsRegion: 'us-east-1',
    endpoint: 'regional',
    sourceIPAddress: '198.51.100.23',
    userAgent: GHA,
    requestParameters: {
      roleArn: DEPLOY,
      roleSessionName: 'GitHubActions',
      durationSeconds: 3600,
      tags: [
        { key: 'GitHub', value: 'Actions' },
        { key: 'Repository', value: 'acme/api' },
        { key: 'Workflow', value: 'deploy' },
        { key: 'Actor', value: 'octocat' },
        { key: 'Branch', value: 'refs/heads/main' },
      ],
    },
    error: denied(`arn:aws:sts::${TOOLING}:assumed-role/GitHubActionsDeploy/GitHubActions`, 'sts:TagSession', DEPLOY),
    recipientAccountId: PRODUCTION,
  }),
  // 2026-11-19 — carol asks for a twelve-hour read-only session; the role allows four.
  stsRecord({
    eventID: EVENT_IDS.carolTooLong,
    requestID: 'b1d2c3e4-0016-4a1b-8c2d-111111111116',
    eventTime: '2026-11-19T07:02:44Z',
    eventName: 'AssumeRole',
    userIdentity: iamUser('carol', 'AIDAQ3EXAMPLECAROL003'),
    awsRegion: 'us-east-1',
    endpoint: 'global',
    sourceIPAddress: '203.0.113.77',
    userAgent: CLI,
    requestParameters: { roleArn: READ_ONLY, roleSessionName: 'carol', durationSeconds: 43200 },
    error: { code: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' },
    recipientAccountId: PRODUCTION,
  }),
  // 2026-11-20 — dana, an analyst, has no identity policy allowing sts:AssumeRole (cross-account, R-14).
  stsRecord({
    eventID: EVENT_IDS.danaNoIdentityAllow,
    requestID: 'b1d2c3e4-0017-4a1b-8c2d-111111111117',
    eventTime: '2026-11-20T10:26:37Z',
    eventName: 'AssumeRole',
    userIdentity: iamUser('dana', 'AIDAQ3EXAMPLEDANA0004'),
    awsRegion: 'us-east-1',
    endpoint: 'global',
    sourceIPAddress: '203.0.113.88',
    userAgent: CLI,
    requestParameters: { roleArn: READ_ONLY, roleSessionName: 'dana' },
    error: denied(`arn:aws:iam::${TOOLING}:user/dana`, 'sts:AssumeRole', READ_ONLY),
    recipientAccountId: PRODUCTION,
  }),
  // 2026-11-20 — bob, a contractor, is in Engineers but his boundary denies production roles.
  stsRecord({
    eventID: EVENT_IDS.bobBoundaryDeny,
    requestID: 'b1d2c3e4-0018-4a1b-8c2d-111111111118',
    eventTime: '2026-11-20T13:09:15Z',
    eventName: 'AssumeRole',
    userIdentity: iamUser('bob', 'AIDAQ3EXAMPLEBOB00002', 'contractors/'),
    awsRegion: 'us-east-1',
    endpoint: 'global',
    sourceIPAddress: '203.0.113.140',
    userAgent: CLI,
    requestParameters: { roleArn: READ_ONLY, roleSessionName: 'bob' },
    error: denied(`arn:aws:iam::${TOOLING}:user/contractors/bob`, 'sts:AssumeRole', READ_ONLY, ' with an explicit deny in a permissions boundary'),
    recipientAccountId: PRODUCTION,
  }),
  // 2026-11-20 — erin names her session after the ticket, with a slash.
  stsRecord({
    eventID: EVENT_IDS.erinBadSessionName,
    requestID: 'b1d2c3e4-0019-4a1b-8c2d-111111111119',
    eventTime: '2026-11-20T15:33:02Z',
    eventName: 'AssumeRole',
    userIdentity: iamUser('erin', 'AIDAQ3EXAMPLEERIN0005'),
    awsRegion: 'us-east-1',
    endpoint: 'global',
    sourceIPAddress: '203.0.113.92',
    userAgent: CLI,
    requestParameters: { roleArn: READ_ONLY, roleSessionName: 'erin/INC-4521' },
    error: {
      code: 'ValidationError',
      message:
        "1 validation error detected: Value 'erin/INC-4521' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    },
    recipientAccountId: PRODUCTION,
  }),
  // 2026-11-21 — the nightly report Lambda: its role was recreated, the trust still holds the old id.
  stsRecord({
    eventID: EVENT_IDS.reportingDeletedRole,
    requestID: 'b1d2c3e4-0020-4a1b-8c2d-111111111120',
    eventTime: '2026-11-21T02:00:07Z',
    eventName: 'AssumeRole',
    userIdentity: roleSession({
      account: TOOLING,
      roleName: 'ReportingJob',
      roleId: 'AROAQ3EXAMPLENEWRPT01',
      sessionName: 'nightly-report',
      creationDate: '2026-11-21T02:00:01Z',
    }),
    awsRegion: 'us-east-1',
    endpoint: 'regional',
    sourceIPAddress: '198.51.100.130',
    userAgent: BOTO_LAMBDA,
    requestParameters: { roleArn: LEGACY_REPORTING, roleSessionName: 'nightly-report' },
    error: denied(`arn:aws:sts::${TOOLING}:assumed-role/ReportingJob/nightly-report`, 'sts:AssumeRole', LEGACY_REPORTING),
    recipientAccountId: PRODUCTION,
  }),
  // 2026-11-21 — someone signed in as the tooling root user tries the read-only role.
  stsRecord({
    eventID: EVENT_IDS.rootCaller,
    requestID: 'b1d2c3e4-0021-4a1b-8c2d-111111111121',
    eventTime: '2026-11-21T18:44:30Z',
    eventName: 'AssumeRole',
    userIdentity: {
      type: 'Root',
      principalId: TOOLING,
      arn: `arn:aws:iam::${TOOLING}:root`,
      accountId: TOOLING,
      accessKeyId: 'ASIAQ3EXAMPLEROOTKEY',
      userName: 'acme-tooling',
      sessionContext: { attributes: { creationDate: '2026-11-21T18:40:02Z', mfaAuthenticated: 'true' } },
    },
    awsRegion: 'us-east-1',
    endpoint: 'global',
    sourceIPAddress: '203.0.113.200',
    userAgent: CLI,
    requestParameters: { roleArn: READ_ONLY, roleSessionName: 'root-check' },
    error: { code: 'AccessDenied', message: 'Roles may not be assumed by root accounts.' },
    recipientAccountId: PRODUCTION,
  }),
  // 2026-11-21 — Okta SSO into production read-only.
  stsRecord({
    eventID: EVENT_IDS.oktaOk,
    requestID: 'b1d2c3e4-0022-4a1b-8c2d-111111111122',
    eventTime: '2026-11-21T08:05:17Z',
    eventName: 'AssumeRoleWithSAML',
    userIdentity: {
      type: 'SAMLUser',
      principalId: 'Q3ExampleNameQualifier0Okta=:alice@example.com',
      userName: 'alice@example.com',
      identityProvider: 'Q3ExampleNameQualifier0Okta=',
    },
    awsRegion: 'us-east-1',
    endpoint: 'global',
    sourceIPAddress: '203.0.113.25',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
    requestParameters: {
      sAMLAssertionID: '_8e8dc5f69a98cc4c1ff3427e5ce34606fd672f91e6',
      roleSessionName: 'alice@example.com',
      roleArn: OKTA_READ_ONLY,
      principalArn: OKTA_SAML_PROVIDER_ARN,
      durationSeconds: 3600,
    },
    responseElements: {
      ...credentialsFor(OKTA_READ_ONLY, 'AROAQ3EXAMPLEOKTARO01', 'alice@example.com', 'Nov 21, 2026, 9:05:17 AM'),
      subject: 'alice@example.com',
      subjectType: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      issuer: 'http://www.okta.com/exk1example0acme',
      audience: 'https://signin.aws.amazon.com/saml',
      nameQualifier: 'Q3ExampleNameQualifier0Okta=',
    },
    resources: [
      ...roleResource(OKTA_READ_ONLY),
      { accountId: PRODUCTION, type: 'AWS::IAM::SAMLProvider', ARN: OKTA_SAML_PROVIDER_ARN },
    ],
    recipientAccountId: PRODUCTION,
  }),
].sort((a, b) => String(a.eventTime).localeCompare(String(b.eventTime)));

// ───────────────────────────── what each record should diagnose to ─────────────────────────────

export interface DemoIncident {
  /** Stable, URL-safe id for pages and tests. */
  slug: string;
  title: string;
  /** The failed CloudTrail record (caller side). */
  eventID: string;
  /** What the diagnosis must say: the decision and the exact list of failing checks. */
  expected: { decision: Exclude<Decision, 'allowed'>; failedChecks: CheckId[] };
  /** Rulebook rules the incident illustrates. */
  rules: string[];
  /** Facts CloudTrail does not record, restored for the replay (see the header of this file). */
  requestOverrides?: Partial<AssumeRoleRequest>;
  overrideReason?: string;
}

export interface DemoSuccessfulCall {
  slug: string;
  title: string;
  eventID: string;
  requestOverrides?: Partial<AssumeRoleRequest>;
  overrideReason?: string;
  /** A role-account copy of a cross-account record: no caller ARN, replayed through its partner. */
  roleSideOf?: string;
}

export const demoIncidents: DemoIncident[] = [
  {
    slug: 'github-oidc-sub-mismatch',
    title: 'GitHub pull-request workflow cannot assume GitHubActionsDeploy',
    eventID: EVENT_IDS.githubPullRequestDenied,
    expected: { decision: 'denied', failedChecks: ['trust-conditions'] },
    rules: ['R-58', 'R-57', 'R-31'],
  },
  {
    slug: 'vendor-external-id-mismatch',
    title: 'Monitoring vendor sends the wrong ExternalId for VendorMonitoring',
    eventID: EVENT_IDS.vendorExternalIdDenied,
    expected: { decision: 'denied', failedChecks: ['trust-conditions'] },
    rules: ['R-36', 'R-14'],
    requestOverrides: { externalId: 'acme-7f3c9e2b-stage' },
    overrideReason: 'The record shows no ExternalId (AWS does not document that CloudTrail logs it); the vendor confirmed it sent its staging value acme-7f3c9e2b-stage.',
  },
  {
    slug: 'cross-account-no-identity-allow',
    title: 'dana (tooling) has no identity policy allowing production ReadOnly',
    eventID: EVENT_IDS.danaNoIdentityAllow,
    expected: { decision: 'denied', failedChecks: ['identity-policy'] },
    rules: ['R-14', 'R-15'],
  },
  {
    slug: 'scp-deny-outside-org',
    title: 'CI runner blocked by the tooling OU SCP from assuming a vendor role',
    eventID: EVENT_IDS.runnerVendorScpDenied,
    expected: { decision: 'denied', failedChecks: ['scp'] },
    rules: ['R-04', 'R-05', 'R-06'],
  },
  {
    slug: 'mfa-required',
    title: 'alice tries BreakGlassAdmin without MFA',
    eventID: EVENT_IDS.aliceBreakGlassNoMfa,
    expected: { decision: 'denied', failedChecks: ['trust-conditions'] },
    rules: ['R-40', 'R-28'],
  },
  {
    slug: 'trust-names-deleted-role',
    title: 'LegacyReporting trusts the unique id of a deleted ReportingJob role',
    eventID: EVENT_IDS.reportingDeletedRole,
    expected: { decision: 'denied', failedChecks: ['trust-principal'] },
    rules: ['R-22'],
  },
  {
    slug: 'role-chaining-over-one-hour',
    title: 'PlatformEngineer session asks Operator for two hours',
    eventID: EVENT_IDS.platformOperatorChainTooLong,
    expected: { decision: 'invalid', failedChecks: ['duration'] },
    rules: ['R-50'],
  },
  {
    slug: 'duration-above-max-session',
    title: 'carol asks ReadOnly for 12 hours; MaxSessionDuration is 4',
    eventID: EVENT_IDS.carolTooLong,
    expected: { decision: 'invalid', failedChecks: ['duration'] },
    rules: ['R-49'],
  },
  {
    slug: 'missing-tag-session',
    title: 'GitHub deploy chains into Deploy with session tags; trust lacks sts:TagSession',
    eventID: EVENT_IDS.githubChainTagsDenied,
    expected: { decision: 'denied', failedChecks: ['tag-session'] },
    rules: ['R-39'],
  },
  {
    slug: 'invalid-session-name',
    title: "erin's session name contains a slash",
    eventID: EVENT_IDS.erinBadSessionName,
    expected: { decision: 'invalid', failedChecks: ['request-valid'] },
    rules: ['R-37', 'R-54'],
  },
  {
    slug: 'sts-region-not-activated',
    title: 'CI runner in Sydney: STS is deactivated in ap-southeast-2 for production',
    eventID: EVENT_IDS.runnerSydneyDenied,
    expected: { decision: 'denied', failedChecks: ['sts-region'] },
    rules: ['R-55'],
  },
  {
    slug: 'boundary-explicit-deny',
    title: "Contractor bob's permissions boundary denies production roles",
    eventID: EVENT_IDS.bobBoundaryDeny,
    expected: { decision: 'denied', failedChecks: ['permissions-boundary'] },
    rules: ['R-11', 'R-02', 'R-07'],
  },
  {
    slug: 'root-user-caller',
    title: 'The tooling root user cannot assume roles',
    eventID: EVENT_IDS.rootCaller,
    expected: { decision: 'denied', failedChecks: ['caller'] },
    rules: ['R-48', 'R-03'],
  },
];

export const demoSuccessfulCalls: DemoSuccessfulCall[] = [
  { slug: 'ec2-launches-runner', title: 'EC2 delivers the CiRunner role to a runner', eventID: EVENT_IDS.ec2LaunchesRunner },
  { slug: 'runner-deploys', title: 'CI runner assumes production Deploy', eventID: EVENT_IDS.runnerDeployOk },
  {
    slug: 'runner-deploys-role-side',
    title: 'Production copy of the runner deploy record',
    eventID: EVENT_IDS.runnerDeployOkRoleSide,
    roleSideOf: EVENT_IDS.runnerDeployOk,
  },
  {
    slug: 'vendor-monitoring',
    title: 'Vendor collector assumes VendorMonitoring with the right ExternalId',
    eventID: EVENT_IDS.vendorExternalIdOk,
    requestOverrides: { externalId: 'acme-7f3c9e2b-prod' },
    overrideReason: 'The record shows no ExternalId (AWS does not document that CloudTrail logs it); the vendor sent the production value.',
  },
  { slug: 'alice-read-only', title: 'alice assumes production ReadOnly', eventID: EVENT_IDS.aliceReadOnlyOk },
  { slug: 'alice-platform-mfa', title: 'alice assumes PlatformEngineer with MFA', eventID: EVENT_IDS.alicePlatformWithMfaOk },
  { slug: 'platform-operator', title: 'PlatformEngineer chains into Operator for one hour', eventID: EVENT_IDS.platformOperatorOk },
  { slug: 'github-main', title: 'GitHub Actions on main assumes GitHubActionsDeploy', eventID: EVENT_IDS.githubMainOk },
  { slug: 'github-chain', title: 'GitHub deploy chains into production Deploy', eventID: EVENT_IDS.githubChainOk },
  {
    slug: 'okta-read-only',
    title: 'Okta SSO into production OktaReadOnly',
    eventID: EVENT_IDS.oktaOk,
    requestOverrides: {
      saml: {
        principalArn: OKTA_SAML_PROVIDER_ARN,
        attributes: { 'saml:aud': 'https://signin.aws.amazon.com/saml', 'saml:sub': 'alice@example.com' },
      },
    },
    overrideReason: "CloudTrail does not record the assertion's Recipient (saml:aud); Okta posts to https://signin.aws.amazon.com/saml.",
  },
];
