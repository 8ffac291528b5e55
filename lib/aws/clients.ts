import 'server-only';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

// SDK clients, all built the same way: the explicit endpoint (AWS_ENDPOINT_URL, LocalStack,
// moto, our test endpoint) on every one of them, and the SDK's own retries off so that every
// retry and wait goes through lib/aws/retry.ts.

export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

export interface ClientSettings {
  region: string;
  endpoint?: string;
  credentials: Credentials;
  /** Per-request timeout; a timed-out request is retried like a 500. */
  requestTimeoutMs?: number;
}

function common(settings: ClientSettings, region = settings.region) {
  return {
    region,
    credentials: settings.credentials,
    maxAttempts: 1,
    requestHandler: { requestTimeout: settings.requestTimeoutMs ?? 30_000, connectionTimeout: 10_000, throwOnRequestTimeout: true },
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
  };
}

export interface AwsClients {
  iam: IAMClient;
  sts: STSClient;
  organizations: OrganizationsClient;
  cloudTrail(region: string): CloudTrailClient;
  destroy(): void;
}

export function makeClients(settings: ClientSettings): AwsClients {
  // IAM and Organizations are global: the SDK's endpoint rules map any region of a partition to
  // the partition's one endpoint, so the configured region also picks the partition.
  const iam = new IAMClient(common(settings));
  const sts = new STSClient(common(settings));
  const organizations = new OrganizationsClient(common(settings));
  const trails = new Map<string, CloudTrailClient>();
  return {
    iam,
    sts,
    organizations,
    cloudTrail(region) {
      let client = trails.get(region);
      if (!client) {
        client = new CloudTrailClient(common(settings, region));
        trails.set(region, client);
      }
      return client;
    },
    destroy() {
      iam.destroy();
      sts.destroy();
      organizations.destroy();
      for (const c of trails.values()) c.destroy();
    },
  };
}
