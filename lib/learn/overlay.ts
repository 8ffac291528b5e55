// What the walkthroughs need that the demo organization does not have, added in memory only.
// Each step that relies on the overlay says so on the page (see OVERLAY_NOTES).
//
// 1. The vendor role VendorMonitoring trusts the vendor with an ExternalId; the cross-account
//    walkthrough also teaches a source-IP condition, so the overlay adds one for the vendor's
//    published egress range (203.0.113.0/24, a documentation range).
// 2. The demo has no EC2 instance role that only reads S3 (CiRunner also writes the build cache
//    and assumes other roles), so the overlay adds AppServerS3Reader in production with its
//    instance profile and a least-privilege read policy for one bucket.

import type { RoleDetail, Snapshot } from '@/lib/engine/types';
import { cloneJson, findAccount, findRole, parsePolicyDocument } from './lab';

export const PRODUCTION = '222222222222';
export const TOOLING = '111111111111';
export const VENDOR = '333333333333';

export const VENDOR_ROLE_ARN = `arn:aws:iam::${PRODUCTION}:role/VendorMonitoring`;
export const VENDOR_EGRESS_CIDR = '203.0.113.0/24';
export const EC2_ROLE_NAME = 'AppServerS3Reader';
export const EC2_ROLE_ARN = `arn:aws:iam::${PRODUCTION}:role/${EC2_ROLE_NAME}`;
export const EC2_INSTANCE_PROFILE_ARN = `arn:aws:iam::${PRODUCTION}:instance-profile/${EC2_ROLE_NAME}`;
export const APP_BUCKET = 'acme-app-config';

export const OVERLAY_NOTES = {
  vendorSourceIp: `Added for this walkthrough (in memory, not in the demo data): an IpAddress condition on aws:SourceIp ${VENDOR_EGRESS_CIDR} in the VendorMonitoring trust policy.`,
  ec2Role: `The demo organization has no instance role that only reads S3, so this walkthrough adds one in memory: ${EC2_ROLE_ARN} with its instance profile and a read-only policy for s3://${APP_BUCKET}.`,
} as const;

export const s3ReadPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ListTheBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${APP_BUCKET}` },
    { Sid: 'ReadObjects', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${APP_BUCKET}/*` },
  ],
};

export const ec2TrustPolicy = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Ec2Instances', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

const ec2Role: RoleDetail = {
  RoleName: EC2_ROLE_NAME,
  RoleId: 'AROAQ3EXAMPLEAPPS3RD1',
  Arn: EC2_ROLE_ARN,
  Path: '/',
  CreateDate: '2026-11-01T09:00:00Z',
  MaxSessionDuration: 3600,
  AssumeRolePolicyDocument: ec2TrustPolicy,
  RolePolicyList: [{ PolicyName: 'ReadAppConfigBucket', PolicyDocument: s3ReadPolicy }],
  AttachedManagedPolicies: [],
  InstanceProfileList: [
    { InstanceProfileName: EC2_ROLE_NAME, InstanceProfileId: 'AIPAQ3EXAMPLEAPPS3RD1', Arn: EC2_INSTANCE_PROFILE_ARN, Path: '/' },
  ],
  Tags: [{ Key: 'owner', Value: 'app-team' }],
};

/** The demo snapshot plus the overlay. Never mutates `base`; applying it twice changes nothing more. */
export function withLearnOverlay(base: Snapshot): Snapshot {
  const snapshot = cloneJson(base);
  const vendorRole = findRole(snapshot, VENDOR_ROLE_ARN);
  if (vendorRole) {
    const trust = parsePolicyDocument(vendorRole.AssumeRolePolicyDocument);
    for (const statement of trust.Statement) {
      if (statement.Effect !== 'Allow') continue;
      const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
      condition.IpAddress = { ...(condition.IpAddress ?? {}), 'aws:SourceIp': VENDOR_EGRESS_CIDR };
      statement.Condition = condition;
    }
    vendorRole.AssumeRolePolicyDocument = trust as unknown as Record<string, unknown>;
  }
  const production = findAccount(snapshot, PRODUCTION);
  if (production && !findRole(snapshot, EC2_ROLE_ARN)) {
    production.authorizationDetails.RoleDetailList = [...(production.authorizationDetails.RoleDetailList ?? []), cloneJson(ec2Role)];
  }
  return snapshot;
}
