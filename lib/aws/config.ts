import 'server-only';
import { DoctorError } from '@/lib/errors';

// Configuration of the live AWS pull. Every function takes its values as parameters: lib/env.ts
// reads the environment and hands the raw strings here, so tests never touch process.env.
// awsPullConfig is the one interpretation of these variables: the web app (lib/data-source.ts)
// and `doctor pull` both go through it, so they cannot disagree on a default or a fallback.

export type SourceMode = 'demo' | 'live' | 'auto';

/** A read-only role in another account that the pull assumes into. */
export interface AssumeRoleTarget {
  roleArn: string;
  externalId?: string;
}

export const DEFAULT_REGION = 'us-east-1';
/** The window README documents for DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS (3 days). */
export const DEFAULT_LOOKBACK_HOURS = 72;
/** CloudTrail LookupEvents only reaches 90 days back. */
export const MAX_LOOKBACK_HOURS = 90 * 24;

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const EXTERNAL_ID = /^[\w+=,.@:\/-]{2,1224}$/;

/** `DOCTOR_ASSUME_ROLE_ARNS` (or a CLI flag, named in errors as `field`): comma-separated `arn` or `arn|externalId`. */
export function parseAssumeRoleTargets(value: string | undefined, field = 'DOCTOR_ASSUME_ROLE_ARNS'): AssumeRoleTarget[] {
  if (!value || !value.trim()) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const bar = item.indexOf('|');
      const roleArn = (bar === -1 ? item : item.slice(0, bar)).trim();
      const externalId = bar === -1 ? undefined : item.slice(bar + 1).trim();
      if (!ROLE_ARN.test(roleArn)) {
        throw new DoctorError(
          'config',
          `'${roleArn}' is not an IAM role ARN (expected arn:aws:iam::123456789012:role/Name, optionally followed by |externalId)`,
          field,
        );
      }
      if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
        throw new DoctorError(
          'config',
          `the external id after '${roleArn}|' must be 2-1224 characters of letters, digits and +=,.@:/-`,
          field,
        );
      }
      return externalId ? { roleArn, externalId } : { roleArn };
    });
}

/** `DOCTOR_CLOUDTRAIL_REGIONS` (or a CLI flag, named in errors as `field`): comma-separated regions; defaults to the SDK region. */
export function parseCloudTrailRegions(value: string | undefined, fallbackRegion: string, field = 'DOCTOR_CLOUDTRAIL_REGIONS'): string[] {
  const regions = (value ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (regions.length === 0) return [fallbackRegion];
  for (const region of regions) {
    if (!REGION.test(region)) {
      throw new DoctorError('config', `'${region}' is not an AWS region name (expected e.g. us-east-1)`, field);
    }
  }
  return [...new Set(regions)];
}

/** A region name (AWS_REGION, AWS_DEFAULT_REGION or a CLI flag, named in errors as `field`). */
export function parseRegion(value: string, field: string): string {
  const region = value.trim();
  if (!REGION.test(region)) throw new DoctorError('config', `'${region}' is not an AWS region name (expected e.g. us-east-1)`, field);
  return region;
}

/** An endpoint URL (AWS_ENDPOINT_URL or a CLI flag, named in errors as `field`), or undefined when blank. */
export function parseEndpoint(value: string | undefined, field = 'AWS_ENDPOINT_URL'): string | undefined {
  const endpoint = value?.trim() || undefined;
  if (endpoint) {
    try {
      new URL(endpoint);
    } catch {
      throw new DoctorError('config', `'${endpoint}' is not a URL (expected e.g. http://127.0.0.1:4566)`, field);
    }
  }
  return endpoint;
}

/** `DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS` (or a CLI flag, named in errors as `field`): whole hours 1…2160 (90 days), default 72. */
export function parseLookbackHours(value: string | undefined, field = 'DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS'): number {
  if (value === undefined || value.trim() === '') return DEFAULT_LOOKBACK_HOURS;
  const hours = Number(value);
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_LOOKBACK_HOURS) {
    throw new DoctorError(
      'config',
      `'${value}' is not a number of hours between 1 and ${MAX_LOOKBACK_HOURS} (whole hours; CloudTrail keeps 90 days of events)`,
      field,
    );
  }
  return hours;
}

/** `DOCTOR_SOURCE`: demo | live | auto (default auto: live data when AWS is configured, else the demo). */
export function parseSourceMode(value: string | undefined): SourceMode {
  const mode = (value ?? '').trim().toLowerCase() || 'auto';
  if (mode === 'demo' || mode === 'live' || mode === 'auto') return mode;
  throw new DoctorError('config', `'${value}' is not one of demo, live, auto`, 'DOCTOR_SOURCE');
}

/** The environment variables through which the SDK's default chain can find credentials. */
export const AWS_CREDENTIAL_HINTS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_ENDPOINT_URL',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
] as const;

/**
 * Whether a live pull is worth attempting, decided without calling AWS: a credential hint in
 * the environment, or a shared config file (~/.aws/config, where profiles and SSO live).
 */
export function isAwsConfigured(values: Partial<Record<string, string | undefined>>, sharedConfigFileExists: boolean): boolean {
  return AWS_CREDENTIAL_HINTS.some((name) => (values[name] ?? '').trim() !== '') || sharedConfigFileExists;
}

/** Everything a live pull needs, in one value (built by lib/env.ts or by a test). */
export interface AwsPullConfig {
  region: string;
  profile?: string;
  endpoint?: string;
  assumeRoles: AssumeRoleTarget[];
  cloudTrailRegions: string[];
  lookbackHours: number;
}

export interface AwsPullConfigValues {
  AWS_REGION?: string;
  AWS_DEFAULT_REGION?: string;
  AWS_PROFILE?: string;
  AWS_ENDPOINT_URL?: string;
  DOCTOR_ASSUME_ROLE_ARNS?: string;
  DOCTOR_CLOUDTRAIL_REGIONS?: string;
  DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS?: string;
}

/**
 * The whole pull configuration from raw values. The region is AWS_REGION, else AWS_DEFAULT_REGION
 * (the AWS CLI's variable, which the JavaScript SDK does not read: the region is passed to every
 * client explicitly), else us-east-1; a bad value is an error naming the variable it came from.
 */
export function awsPullConfig(values: AwsPullConfigValues): AwsPullConfig {
  const regionVariable = values.AWS_REGION?.trim() ? 'AWS_REGION' : values.AWS_DEFAULT_REGION?.trim() ? 'AWS_DEFAULT_REGION' : undefined;
  const region = regionVariable ? parseRegion(values[regionVariable]!, regionVariable) : DEFAULT_REGION;
  return {
    region,
    profile: values.AWS_PROFILE?.trim() || undefined,
    endpoint: parseEndpoint(values.AWS_ENDPOINT_URL),
    assumeRoles: parseAssumeRoleTargets(values.DOCTOR_ASSUME_ROLE_ARNS),
    cloudTrailRegions: parseCloudTrailRegions(values.DOCTOR_CLOUDTRAIL_REGIONS, region),
    lookbackHours: parseLookbackHours(values.DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS),
  };
}
