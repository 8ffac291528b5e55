import { describe, expect, it } from 'vitest';
import { awsPullConfig, isAwsConfigured, parseAssumeRoleTargets, parseCloudTrailRegions, parseLookbackHours, parseSourceMode } from './config';

describe('live pull configuration', () => {
  it('reads role ARNs with optional external ids', () => {
    expect(parseAssumeRoleTargets(' arn:aws:iam::111111111111:role/ReadOnly , arn:aws:iam::222222222222:role/path/Audit|ext-123 ')).toEqual([
      { roleArn: 'arn:aws:iam::111111111111:role/ReadOnly' },
      { roleArn: 'arn:aws:iam::222222222222:role/path/Audit', externalId: 'ext-123' },
    ]);
    expect(parseAssumeRoleTargets('')).toEqual([]);
    expect(() => parseAssumeRoleTargets('arn:aws:iam::1111:role/x')).toThrow(/DOCTOR_ASSUME_ROLE_ARNS: 'arn:aws:iam::1111:role\/x' is not an IAM role ARN/);
    expect(() => parseAssumeRoleTargets('arn:aws:iam::111111111111:role/x|a b')).toThrow(/external id/);
  });

  it('validates regions, the lookback window and the source mode', () => {
    expect(parseCloudTrailRegions(undefined, 'eu-west-1')).toEqual(['eu-west-1']);
    expect(parseCloudTrailRegions('us-east-1, eu-west-1,us-east-1', 'x')).toEqual(['us-east-1', 'eu-west-1']);
    expect(() => parseCloudTrailRegions('mars-1', 'us-east-1')).toThrow(/DOCTOR_CLOUDTRAIL_REGIONS: 'mars-1' is not an AWS region/);
    expect(parseLookbackHours(undefined)).toBe(72);
    expect(() => parseLookbackHours('0.5')).toThrow(/DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS: '0.5' is not a number of hours/);
    expect(parseLookbackHours('72')).toBe(72);
    expect(() => parseLookbackHours('3000')).toThrow(/90 days/);
    expect(parseSourceMode(undefined)).toBe('auto');
    expect(parseSourceMode('LIVE')).toBe('live');
    expect(() => parseSourceMode('s3')).toThrow(/DOCTOR_SOURCE/);
  });

  it('tells whether AWS is configured without calling it', () => {
    expect(isAwsConfigured({}, false)).toBe(false);
    expect(isAwsConfigured({ AWS_PROFILE: 'audit' }, false)).toBe(true);
    expect(isAwsConfigured({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds' }, false)).toBe(true);
    expect(isAwsConfigured({ AWS_ACCESS_KEY_ID: ' ' }, false)).toBe(false);
    expect(isAwsConfigured({}, true)).toBe(true);
  });

  it('builds the whole pull configuration from raw values', () => {
    expect(awsPullConfig({ AWS_DEFAULT_REGION: 'eu-central-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS: '6' })).toEqual({
      region: 'eu-central-1',
      profile: undefined,
      endpoint: 'http://127.0.0.1:4566',
      assumeRoles: [],
      cloudTrailRegions: ['eu-central-1'],
      lookbackHours: 6,
    });
    expect(() => awsPullConfig({ AWS_ENDPOINT_URL: 'not a url' })).toThrow(/AWS_ENDPOINT_URL/);
    // AWS_REGION wins over AWS_DEFAULT_REGION, as in the SDK; a bad value names the variable it came from.
    expect(awsPullConfig({ AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'eu-central-1' }).region).toBe('ap-south-1');
    expect(() => awsPullConfig({ AWS_DEFAULT_REGION: 'Frankfurt' })).toThrow(/AWS_DEFAULT_REGION: 'Frankfurt' is not an AWS region name/);
  });
});
