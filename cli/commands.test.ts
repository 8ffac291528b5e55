import { describe, expect, it } from 'vitest';
import { dataSourceConfigFromEnv } from '@/lib/data-source';
import { DoctorError } from '@/lib/errors';
import { pullConfigFromOptions } from './commands';

// The web app's Refresh and `doctor pull` read the same variables; given the same environment they
// must pull the same regions over the same CloudTrail window.

/** What the web app's Refresh would pull with, for this environment. */
function webPull(source: Record<string, string | undefined>) {
  const { region, cloudTrailRegions, lookbackHours, assumeRoles, profile, endpoint } = dataSourceConfigFromEnv(source, false).pull;
  return { region, cloudTrailRegions, lookbackHours, assumeRoles, profile, endpoint };
}

/** What `doctor pull` without flags would pull with, for this environment. */
async function cliPull(source: Record<string, string | undefined>, options: Record<string, string | undefined> = {}) {
  const { region, cloudTrailRegions, lookbackHours, assumeRoles, profile, endpoint } = await pullConfigFromOptions(options, source);
  return { region, cloudTrailRegions, lookbackHours, assumeRoles, profile, endpoint };
}

async function thrownBy(run: () => unknown): Promise<DoctorError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(DoctorError);
    return error as DoctorError;
  }
  throw new Error('expected an error');
}

describe('pull configuration: the web app and the CLI agree', () => {
  it.each([
    ['nothing set', {}],
    ['AWS_DEFAULT_REGION only', { AWS_DEFAULT_REGION: 'eu-west-2' }],
    ['both regions, a window and CloudTrail regions', { AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'eu-west-2', DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS: '12', DOCTOR_CLOUDTRAIL_REGIONS: 'us-west-2,eu-west-1' }],
    ['a profile, an endpoint and extra accounts', { AWS_PROFILE: 'audit', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', DOCTOR_ASSUME_ROLE_ARNS: 'arn:aws:iam::222222222222:role/DoctorRead|ext-1234' }],
  ])('pulls the same regions over the same window from the same environment (%s)', async (_, source: Record<string, string>) => {
    expect(await cliPull(source)).toEqual(webPull(source));
  });

  it('uses the documented 72-hour window and us-east-1 when nothing is set', async () => {
    expect(webPull({})).toMatchObject({ region: 'us-east-1', cloudTrailRegions: ['us-east-1'], lookbackHours: 72 });
    expect(await cliPull({})).toMatchObject({ region: 'us-east-1', cloudTrailRegions: ['us-east-1'], lookbackHours: 72 });
  });

  it('takes the region from AWS_DEFAULT_REGION alone, for the pull and for CloudTrail, in both', async () => {
    const source = { AWS_DEFAULT_REGION: 'eu-central-1' };
    expect(webPull(source)).toMatchObject({ region: 'eu-central-1', cloudTrailRegions: ['eu-central-1'] });
    expect(await cliPull(source)).toMatchObject({ region: 'eu-central-1', cloudTrailRegions: ['eu-central-1'] });
  });

  it('refuses a bad lookback value in both, naming the variable', async () => {
    for (const value of ['soon', '0', '3000']) {
      const source = { DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS: value };
      const web = await thrownBy(() => dataSourceConfigFromEnv(source, false).pull);
      const cli = await thrownBy(() => pullConfigFromOptions({}, source));
      for (const error of [web, cli]) {
        expect(error.code).toBe('config');
        expect(error.message).toContain('DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS');
        expect(error.message).toContain(`'${value}' is not a number of hours`);
      }
    }
  });

  it('lets flags stand in for their variables, naming the flag when one is wrong', async () => {
    const source = { AWS_DEFAULT_REGION: 'eu-central-1', DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS: '12' };
    expect(await cliPull(source, { region: 'us-west-2', 'lookback-hours': '6' })).toMatchObject({ region: 'us-west-2', cloudTrailRegions: ['us-west-2'], lookbackHours: 6 });
    expect((await thrownBy(() => pullConfigFromOptions({ region: 'Oregon' }, source))).message).toMatch(/^--region: 'Oregon' is not an AWS region name/);
    expect((await thrownBy(() => pullConfigFromOptions({ 'lookback-hours': 'soon' }, source))).message).toMatch(/^--lookback-hours: 'soon' is not a number of hours/);
  });
});
