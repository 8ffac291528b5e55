// Records the UI tests and the end-to-end specs share (test data, not product code).

import type { CloudTrailEvent } from '@/lib/engine/types';

/**
 * The role account's copy of a cross-account AssumeRole that the demo's VendorMonitoring role
 * refused: CloudTrail names only the caller's account and principal id there, no caller ARN and
 * no ExternalId.
 */
export const ROLE_ACCOUNT_COPY_RECORD: CloudTrailEvent = {
  eventVersion: '1.08',
  userIdentity: { type: 'AWSAccount', principalId: 'AROAQ3EXAMPLECOLLECT:i-0abc123def4567890', accountId: '333333333333' },
  eventTime: '2026-11-17T12:00:06Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.77',
  errorCode: 'AccessDenied',
  errorMessage: 'User: arn:aws:sts::333333333333:assumed-role/MonitoringCollector/i-0abc123def4567890 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/VendorMonitoring',
  requestParameters: { roleArn: 'arn:aws:iam::222222222222:role/VendorMonitoring', roleSessionName: 'collector' },
  responseElements: null,
  requestID: 'rq-aws-account-1',
  sharedEventID: 'shared-aws-account-1',
  eventID: 'case-awsaccount-vendor',
  eventType: 'AwsApiCall',
  recipientAccountId: '222222222222',
};
