import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDataSource, dataSourceConfigFromEnv, type DataSourceConfig } from './data-source';
import { demoSnapshot } from '@/lib/demo';
import { DoctorError } from '@/lib/errors';
import type { Diagnosis } from '@/lib/engine/types';
import { startAwsEndpoint, type AwsEndpoint } from '@/test/aws-endpoint/server';
import { smallFixture, CALLER_KEY } from '@/test/aws-endpoint/fixture';
import { fakeClock, pullOptions } from '@/test/aws-endpoint/harness';

const dirs: string[] = [];
let endpoint: AwsEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ROLES = [
  { roleArn: 'arn:aws:iam::111111111111:role/DoctorReadOnly' },
  { roleArn: 'arn:aws:iam::222222222222:role/DoctorReadOnly', externalId: 'doctor-ext' },
];

async function setup(overrides: Partial<DataSourceConfig> = {}, fixture = smallFixture()) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'doctor-ds-'));
  dirs.push(dataDir);
  const clock = fakeClock();
  endpoint = await startAwsEndpoint(fixture, { now: clock.now });
  const config: DataSourceConfig = {
    dataDir,
    mode: 'auto',
    awsConfigured: true,
    pull: { ...pullOptions(endpoint.url, clock, { assumeRoles: ROLES }), lookbackHours: 48 },
    now: () => new Date(clock.now()),
    ...overrides,
  };
  return { source: createDataSource(config), config, fixture, clock, aws: endpoint };
}

describe('the data source', () => {
  it('shows the demo organization until something is pulled or imported', async () => {
    const { source } = await setup();
    expect(source.getCurrentSnapshot()).toBe(demoSnapshot);
    expect(source.describeDataSource()).toMatchObject({ source: 'demo', accounts: demoSnapshot.accounts.length, mode: 'auto', awsConfigured: true });
  });

  it('pulls live data, records its progress, and serves it indexed once per snapshot', async () => {
    const { source } = await setup();
    const phases: string[] = [];
    const { snapshot: meta, newEvents } = await source.refresh({ onProgress: (e) => phases.push(e.phase) });
    expect(newEvents).toBe(10);
    expect(phases).toContain('cloudtrail');
    const info = source.describeDataSource();
    expect(info).toMatchObject({ source: 'live', accounts: 3, snapshotId: meta.id, pull: { status: 'done', snapshotId: meta.id } });
    expect(info.label).toMatch(/live pull of management, dev, prod/);
    expect(source.getCurrentSnapshot().events).toHaveLength(10);
    const indexed = source.getIndexedSnapshot();
    expect(indexed.rolesByArn.has('arn:aws:iam::222222222222:role/Deploy')).toBe(true);
    expect(source.getIndexedSnapshot()).toBe(indexed);
    // Read together, the description is the snapshot's own, and the index is the shared one.
    const view = source.currentView();
    expect(view.snapshot).toBe(source.getCurrentSnapshot());
    expect(view.indexed).toBe(indexed);
    expect(view.info).toMatchObject({ source: 'live', snapshotId: meta.id, accounts: view.snapshot.accounts.length });
  });

  it('refreshes incrementally and keeps the earlier events in the new snapshot', async () => {
    const { source, fixture, aws } = await setup();
    await source.refresh();
    const prod = fixture.accounts.find((a) => a.accountId === '222222222222')!;
    const late = { ...structuredClone(prod.events['us-east-1'][1]), eventID: 'late', eventTime: '2026-11-22T11:00:00Z' };
    prod.events['us-east-1'].push(late);
    const servedBefore = new Map(aws.eventsServed);
    const second = await source.refresh();
    // The overlap window reads a few held events again; they are recognised, not counted as new.
    expect(second.newEvents).toBe(1);
    expect(source.getCurrentSnapshot().events!.map((e) => e.eventID)).toContain('late');
    expect(source.getCurrentSnapshot().events).toHaveLength(11);
    const readAgain = [...aws.eventsServed].filter(([id, n]) => servedBefore.has(id) && n > servedBefore.get(id)!).map(([id]) => id);
    // Each stream (account, region, event name) re-reads at most 15 minutes before its newest held event.
    const streamOf = new Map<string, { stream: string; time: number }>();
    for (const account of fixture.accounts) {
      for (const [region, events] of Object.entries(account.events)) {
        for (const e of events) streamOf.set(String(e.eventID), { stream: `${account.accountId}/${region}/${String(e.eventName)}`, time: Date.parse(String(e.eventTime)) });
      }
    }
    const newestHeld = new Map<string, number>();
    for (const id of servedBefore.keys()) {
      const { stream, time } = streamOf.get(id)!;
      newestHeld.set(stream, Math.max(newestHeld.get(stream) ?? -Infinity, time));
    }
    for (const id of readAgain) {
      const { stream, time } = streamOf.get(id)!;
      expect(time, id).toBeGreaterThanOrEqual(newestHeld.get(stream)! - 15 * 60_000);
    }
  });

  it('keeps the previous snapshot when a refresh fails, and says why', async () => {
    const { source, fixture } = await setup();
    const first = await source.refresh();
    fixture.expiredAccessKeys = [CALLER_KEY];
    const error = await source.refresh().catch((e: unknown) => e);
    expect((error as DoctorError).code).toBe('aws-credentials');
    const info = source.describeDataSource();
    expect(info.snapshotId).toBe(first.snapshot.id);
    expect(info.pull).toMatchObject({ status: 'failed', errorCode: 'aws-credentials' });
    expect(info.pull!.errorMessage).toMatch(/expired/);
  });

  it('starts a background refresh whose progress row exists at once', async () => {
    const { source } = await setup();
    const handle = source.startRefresh();
    expect(source.pullProgress()).toMatchObject({ id: handle.progress.id, status: 'running' });
    expect(() => source.startRefresh()).toThrow(/already running/);
    await handle.done;
    expect(source.pullProgress()).toMatchObject({ id: handle.progress.id, status: 'done' });
  });

  it('makes an import the current data, rejecting what the engine would reject', async () => {
    const { source } = await setup();
    const details = {
      RoleDetailList: [{ RoleName: 'App', RoleId: 'AROAAPP', Arn: 'arn:aws:iam::444444444444:role/App', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } }],
    };
    const { snapshot: meta, summary } = await source.importFiles([{ name: 'iam.json', data: JSON.stringify(details) }]);
    expect(summary.accounts).toBe(1);
    expect(source.describeDataSource()).toMatchObject({ source: 'import', snapshotId: meta.id, accounts: 1 });
    expect(source.getIndexedSnapshot().rolesByArn.has('arn:aws:iam::444444444444:role/App')).toBe(true);

    const bad = { RoleDetailList: [{ RoleName: 'App', RoleId: 'AROAAPP', Arn: 'arn:aws:iam::444444444444:role/App', MaxSessionDuration: 5 }] };
    await expect(source.importFiles([{ name: 'bad.json', data: JSON.stringify(bad) }])).rejects.toThrow(/MaxSessionDuration/);
    expect(source.describeDataSource().snapshotId).toBe(meta.id);
  });

  it('in demo mode shows only the demo and refuses pulls and imports', async () => {
    const { source } = await setup({ mode: 'demo' });
    expect(() => source.startRefresh()).toThrow(/DOCTOR_SOURCE=demo/);
    await expect(source.importFiles([{ name: 'x.json', data: '{}' }])).rejects.toThrow(/DOCTOR_SOURCE=demo/);
    expect(source.describeDataSource().source).toBe('demo');
  });

  it('in auto mode without AWS configuration asks for credentials instead of pulling', async () => {
    const { source, aws } = await setup({ awsConfigured: false });
    expect(() => source.startRefresh()).toThrow(DoctorError);
    expect(() => source.startRefresh()).toThrow(/no AWS credentials are configured/);
    expect(aws.totalCalls()).toBe(0);
  });

  it('freezes diagnoses for share links against the data they were computed on', async () => {
    const { source } = await setup();
    const request = { action: 'sts:AssumeRole' as const, roleArn: 'arn:aws:iam::222222222222:role/Deploy', caller: 'arn:aws:iam::111111111111:user/alice' };
    const diagnosis = { format: 'assumerole-doctor/diagnosis@1', decision: 'denied', failedChecks: [], checks: [], context: [], fixes: [] } as unknown as Diagnosis;
    const onDemo = source.freezeDiagnosis({ request, diagnosis, redacted: false });
    const onDemoAgain = source.freezeDiagnosis({ request, diagnosis, redacted: true });
    expect(onDemo.snapshotId).toBe(onDemoAgain.snapshotId);
    expect(onDemo.source).toBe('demo');
    await source.refresh();
    const onLive = source.freezeDiagnosis({ request, diagnosis, redacted: true });
    expect(onLive.source).toBe('live');
    // A later refresh does not change what the link shows.
    await source.refresh();
    const link = source.getFrozenDiagnosis(onLive.id)!;
    expect(link).toMatchObject({ id: onLive.id, redacted: true, source: 'live' });
    expect(link.snapshot!.accounts).toHaveLength(3);
    expect(source.getFrozenDiagnosis(onDemo.id)!.snapshot!.accounts).toHaveLength(demoSnapshot.accounts.length);
    expect(source.getFrozenDiagnosis('AAAAAAAAAAAAAAAAAAAAAA')).toBeUndefined();
  });

  it('reads the pull variables only when pulling: a bad one never stops the pages, and Refresh names it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'doctor-ds-'));
    dirs.push(dataDir);
    const bad = { DOCTOR_DATA_DIR: dataDir, DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS: '1.5', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' };
    const demo = createDataSource(dataSourceConfigFromEnv({ ...bad, DOCTOR_SOURCE: 'demo' }, false));
    expect(demo.describeDataSource()).toMatchObject({ source: 'demo', mode: 'demo' });
    const auto = createDataSource(dataSourceConfigFromEnv(bad, false));
    expect(auto.getCurrentSnapshot()).toBe(demoSnapshot);
    let thrown: unknown;
    try {
      auto.startRefresh();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DoctorError);
    expect((thrown as DoctorError).message).toContain("'1.5' is not a number of hours");
    expect((thrown as DoctorError).field).toBe('DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS');
    expect(auto.pullProgress()).toBeUndefined();
  });

  it('falls back to the demo, saying why, when the store cannot be opened', async () => {
    const blocker = path.join(mkdtempSync(path.join(tmpdir(), 'doctor-ds-')), 'a-file');
    dirs.push(path.dirname(blocker));
    writeFileSync(blocker, 'not a directory');
    const { source } = await setup({ dataDir: path.join(blocker, 'data') });
    expect(source.getCurrentSnapshot()).toBe(demoSnapshot);
    expect(source.describeDataSource().storeProblem).toMatch(/cannot open the data store/);
  });
});
