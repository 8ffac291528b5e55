// The four labs the walkthroughs play with, each built from the demo organization (plus the
// overlay in ./overlay.ts) and each a request the engine allows as it stands. "Break it" starts
// from these.

import type { AssumeRoleRequest, Snapshot } from '@/lib/engine/types';
import { accountIdOfArn, roleArnOfCaller, trimSnapshot, type Lab } from './lab';
import { EC2_ROLE_ARN, PRODUCTION, TOOLING, VENDOR, VENDOR_ROLE_ARN } from './overlay';

export const LAB_IDS = ['basics', 'cross-account', 'ec2-s3', 'github-oidc'] as const;
export type LabId = (typeof LAB_IDS)[number];

export function isLabId(value: string): value is LabId {
  return (LAB_IDS as readonly string[]).includes(value);
}

/** A fixed clock, so the walkthroughs (and their tests) read the same every day. */
export const LAB_TIME = '2026-11-23T09:00:00Z';
export const CALLER_IP = '203.0.113.10';

export const BASICS_CALLER = `arn:aws:iam::${TOOLING}:user/alice`;
export const BASICS_ROLE_ARN = `arn:aws:iam::${PRODUCTION}:role/ReadOnly`;
export const VENDOR_CALLER_ROLE = `arn:aws:iam::${VENDOR}:role/MonitoringCollector`;
export const VENDOR_CALLER = `arn:aws:sts::${VENDOR}:assumed-role/MonitoringCollector/i-0a1b2c3d4e5f60718`;
export const VENDOR_EXTERNAL_ID = 'acme-7f3c9e2b-prod';
export const GITHUB_ROLE_ARN = `arn:aws:iam::${TOOLING}:role/GitHubActionsDeploy`;
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const GITHUB_AUDIENCE = 'sts.amazonaws.com';
export const GITHUB_MAIN_SUB = 'repo:acme/api:ref:refs/heads/main';

export const LAB_TITLES: Record<LabId, string> = {
  basics: 'alice (tooling) assumes ReadOnly in production',
  'cross-account': 'the vendor’s collector assumes VendorMonitoring with an ExternalId',
  'ec2-s3': `an EC2 instance gets ${EC2_ROLE_ARN.split('/')[1]} through its instance profile`,
  'github-oidc': 'a GitHub Actions job on main assumes GitHubActionsDeploy',
};

function requestFor(id: LabId): AssumeRoleRequest {
  switch (id) {
    case 'basics':
      return {
        action: 'sts:AssumeRole',
        caller: BASICS_CALLER,
        roleArn: BASICS_ROLE_ARN,
        roleSessionName: 'alice',
        durationSeconds: 3600,
        context: { 'aws:SourceIp': CALLER_IP, 'aws:CurrentTime': LAB_TIME },
      };
    case 'cross-account':
      return {
        action: 'sts:AssumeRole',
        caller: VENDOR_CALLER,
        roleArn: VENDOR_ROLE_ARN,
        roleSessionName: 'vendor-metrics-sync',
        externalId: VENDOR_EXTERNAL_ID,
        durationSeconds: 3600,
        context: { 'aws:SourceIp': CALLER_IP, 'aws:CurrentTime': LAB_TIME },
        // The collector runs on EC2: its own credentials come from the instance profile (R-50 note).
        callerSession: { issuedBy: 'ec2', issuedAt: '2026-11-23T08:30:00Z', expiration: '2026-11-23T14:30:00Z' },
      };
    case 'ec2-s3':
      return {
        action: 'sts:AssumeRole',
        caller: 'ec2.amazonaws.com',
        roleArn: EC2_ROLE_ARN,
        roleSessionName: 'i-0fedcba9876543210',
        // No aws:SourceAccount / aws:SourceArn: no AWS page we found says EC2 sends them when it
        // assumes an instance-profile role (R-25 is M for AssumeRole), and public reports say it
        // does not (prowler-cloud/prowler #2810, #7021). The engine leaves them unknown.
        context: { 'aws:CurrentTime': LAB_TIME },
      };
    case 'github-oidc':
      return {
        action: 'sts:AssumeRoleWithWebIdentity',
        roleArn: GITHUB_ROLE_ARN,
        roleSessionName: 'GitHubActions',
        durationSeconds: 3600,
        context: { 'aws:CurrentTime': LAB_TIME },
        webIdentity: { claims: { iss: GITHUB_ISSUER, sub: GITHUB_MAIN_SUB, aud: GITHUB_AUDIENCE } },
      };
  }
}

/** The lab `id` over `snapshot` (the demo with the learn overlay), trimmed to the accounts it needs. */
export function buildLab(id: LabId, snapshot: Snapshot): Lab {
  const request = requestFor(id);
  const callerAccount = accountIdOfArn(roleArnOfCaller(request.caller) ?? request.caller ?? '');
  return { snapshot: trimSnapshot(snapshot, [callerAccount, accountIdOfArn(request.roleArn)]), request };
}
