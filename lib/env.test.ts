import { describe, expect, it } from 'vitest';
import { isAwsConfigured } from '@/lib/aws/config';
import { parseEnv, pullConfigFromEnv } from './env';
import { DoctorError } from './errors';

describe('environment', () => {
  it('defaults to the ./data store and the automatic data source', () => {
    const env = parseEnv({});
    expect(env.DOCTOR_DATA_DIR).toBe('./data');
    expect(env.DOCTOR_SOURCE).toBe('auto');
    const pull = pullConfigFromEnv({});
    expect(pull.assumeRoles).toEqual([]);
    expect(pull.region).toBe('us-east-1');
    // The window README documents.
    expect(pull.lookbackHours).toBe(72);
  });

  it('reads DOCTOR_SOURCE the one way the data source does: case and spaces do not matter', () => {
    expect(parseEnv({ DOCTOR_SOURCE: ' Demo ' }).DOCTOR_SOURCE).toBe('demo');
    expect(parseEnv({ DOCTOR_SOURCE: 'LIVE' }).DOCTOR_SOURCE).toBe('live');
  });

  it('reads extra accounts as role ARNs with optional external ids', () => {
    const pull = pullConfigFromEnv({
      DOCTOR_ASSUME_ROLE_ARNS: 'arn:aws:iam::222222222222:role/DoctorRead, arn:aws:iam::333333333333:role/Audit|ext-1234',
    });
    expect(pull.assumeRoles).toEqual([
      { roleArn: 'arn:aws:iam::222222222222:role/DoctorRead' },
      { roleArn: 'arn:aws:iam::333333333333:role/Audit', externalId: 'ext-1234' },
    ]);
  });

  it.each([
    ['DOCTOR_SOURCE', 'sometimes', /DOCTOR_SOURCE/],
    ['DOCTOR_ASSUME_ROLE_ARNS', 'arn:aws:iam::12:role/x', /not an IAM role ARN/],
    ['DOCTOR_CLOUDTRAIL_REGIONS', 'us-east-1,Mars', /'Mars' is not an AWS region name/],
    ['DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS', 'soon', /'soon' is not a number of hours/],
    ['DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS', '0', /'0' is not a number of hours/],
    ['DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS', '1.5', /'1.5' is not a number of hours/],
    ['AWS_REGION', 'Mars', /'Mars' is not an AWS region name/],
    ['AWS_DEFAULT_REGION', 'Mars', /'Mars' is not an AWS region name/],
    ['AWS_ENDPOINT_URL', 'localhost-4566', /is not a URL/],
    ['DOCTOR_ALLOWED_HOSTS', 'doctor.lan:3000', /'?"doctor.lan:3000"'? is not a host name/],
    ['DOCTOR_ALLOWED_HOSTS', 'http://doctor.lan', /is not a host name/],
    ['DOCTOR_ALLOWED_HOSTS', 'ok.lan, *.lan', /"\*\.lan" is not a host name/],
  ])('rejects a bad %s (%s) with a message naming the variable', (name, value, message) => {
    let thrown: unknown;
    try {
      parseEnv({ [name]: value });
      pullConfigFromEnv({ [name]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DoctorError);
    expect((thrown as DoctorError).message).toContain(name);
    expect((thrown as DoctorError).message).toMatch(message);
  });

  it('reads DOCTOR_ALLOWED_HOSTS as host names, normalized as a Host header is', () => {
    expect(parseEnv({}).DOCTOR_ALLOWED_HOSTS).toEqual([]);
    expect(parseEnv({ DOCTOR_ALLOWED_HOSTS: ' Doctor.LAN, 192.168.1.20,,fe80::1, [::2] ,doctor.lan' }).DOCTOR_ALLOWED_HOSTS).toEqual(['doctor.lan', '192.168.1.20', '[fe80::1]', '[::2]']);
  });

  it('tells whether AWS is configured without calling AWS', () => {
    expect(isAwsConfigured({}, false)).toBe(false);
    expect(isAwsConfigured({ AWS_PROFILE: 'prod-read' }, false)).toBe(true);
    expect(isAwsConfigured({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, false)).toBe(true);
  });
});
