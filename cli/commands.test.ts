import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataSourceConfigFromEnv } from '@/lib/data-source';
import { demoSnapshot } from '@/lib/demo';
import type { Snapshot } from '@/lib/engine/types';
import { DoctorError } from '@/lib/errors';
import { pullConfigFromOptions, runCommand, withGaps } from './commands';

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

describe('import and pull print what could not be read, as the dashboard lists it', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'doctor-gaps-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const EVENT_CAP = 'event cap reached (500 AssumeRole events, maxEventsPerStream 500): AssumeRole events from 2026-11-30T00:00:00.000Z to 2026-12-01T00:00:00.000Z were not read';
  const withHoles: Snapshot = {
    ...demoSnapshot,
    accounts: demoSnapshot.accounts.map((account, i) => (i === 0 ? { ...account, unavailable: [{ part: 'cloudTrail:us-east-1', reason: EVENT_CAP }] } : account)),
    unavailableAccounts: [{ accountId: '444444444444', reason: 'could not assume arn:aws:iam::444444444444:role/DoctorReadOnly: AccessDenied', missingPermission: 'sts:AssumeRole' }],
  };

  it('import --out lists each gap after the one-line result', async () => {
    const file = path.join(dir, 'holes.json');
    writeFileSync(file, JSON.stringify(withHoles));
    const result = await runCommand('import', { out: path.join(dir, 'out.json') }, [file]);
    const lines = result.stdout!.split('\n');
    expect(lines[0]).toMatch(/^wrote .*out\.json: 1 file\(s\), 3 account\(s\)/);
    expect(lines.slice(1)).toEqual([
      'what could not be read (2):',
      `- account ${demoSnapshot.accounts[0].accountId}, us-east-1: CloudTrail events in us-east-1 not read (${EVENT_CAP}); failed calls from this region may be missing from the list`,
      "- account 444444444444: the whole account not read (could not assume arn:aws:iam::444444444444:role/DoctorReadOnly: AccessDenied (missing permission: sts:AssumeRole)); checks that need this account are answered 'unknown'",
    ]);
  });

  it('a snapshot with no gaps keeps the one-line result', () => {
    expect(withGaps('wrote x.json: 3 account(s)', demoSnapshot)).toBe('wrote x.json: 3 account(s)');
  });
});
