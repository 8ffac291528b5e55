import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { Store, STALE_PULL_MS } from './store';
import { STORE_FILE, SCHEMA_VERSION } from './db';
import { DoctorError } from '@/lib/errors';
import { SNAPSHOT_FORMAT, type CloudTrailEvent, type Diagnosis, type Snapshot } from '@/lib/engine/types';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'doctor-store-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string, clock?: () => Date): Store {
  const store = new Store(dir, clock);
  stores.push(store);
  return store;
}

const snapshot = (accountId: string, capturedAt = '2026-11-22T09:00:00Z'): Snapshot => ({
  format: SNAPSHOT_FORMAT,
  capturedAt,
  accounts: [{ accountId, authorizationDetails: { RoleDetailList: [{ RoleName: 'Deploy', RoleId: 'AROAX', Arn: `arn:aws:iam::${accountId}:role/Deploy` }] } }],
});

const event = (id: string, time: string, extra: Partial<CloudTrailEvent> = {}): CloudTrailEvent => ({
  eventID: id,
  eventTime: time,
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  awsRegion: 'us-east-1',
  recipientAccountId: '222222222222',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice' },
  requestParameters: { roleArn: 'arn:aws:iam::222222222222:role/Deploy', roleSessionName: 's' },
  ...extra,
});

describe('the local store', () => {
  it('keeps everything across close and reopen', () => {
    const dir = tempDir();
    const first = open(dir);
    const pulled = first.savePull({
      snapshot: { ...snapshot('222222222222'), events: [] },
      newEvents: [event('e1', '2026-11-22T08:00:00Z'), event('e2', '2026-11-22T08:05:00Z', { errorCode: 'AccessDenied' })],
      cursors: { '222222222222/us-east-1/AssumeRole': '2026-11-22T08:05:00.000Z' },
      eventsSince: '2026-11-21T00:00:00.000Z',
      label: 'live pull',
    });
    const frozen = first.freezeDiagnosis({
      request: { action: 'sts:AssumeRole', roleArn: 'arn:aws:iam::222222222222:role/Deploy', caller: 'arn:aws:iam::111111111111:user/alice' },
      diagnosis: { format: 'assumerole-doctor/diagnosis@1', decision: 'denied', failedChecks: ['trust-principal'], checks: [], context: [], fixes: [] } as Diagnosis,
      snapshotId: pulled.id,
      source: 'live',
      redacted: true,
    });
    first.close();

    const again = open(dir);
    const latest = again.latestSnapshot()!;
    expect(latest.id).toBe(pulled.id);
    expect(latest.source).toBe('live');
    expect(latest.snapshot.accounts[0].accountId).toBe('222222222222');
    expect(latest.snapshot.events!.map((e) => e.eventID)).toEqual(['e2', 'e1']);
    expect(again.cloudTrailCursors()).toEqual({ '222222222222/us-east-1/AssumeRole': '2026-11-22T08:05:00.000Z' });
    const link = again.getFrozenDiagnosis(frozen.id)!;
    expect(link.diagnosis.decision).toBe('denied');
    expect(link.redacted).toBe(true);
    expect(link.snapshotId).toBe(pulled.id);
    expect(again.getSnapshot(link.snapshotId)!.snapshot.accounts).toHaveLength(1);
  });

  it('runs its migrations once and records the schema version', () => {
    const dir = tempDir();
    open(dir).close();
    const raw = new Database(path.join(dir, STORE_FILE));
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    expect(() => open(dir)).not.toThrow();
  });

  it('refuses a store written by a newer version instead of damaging it', () => {
    const dir = tempDir();
    open(dir).close();
    const raw = new Database(path.join(dir, STORE_FILE));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => new Store(dir)).toThrow(/newer AssumeRole Doctor/);
  });

  it('gives share links 128-bit random ids and keeps their snapshot', () => {
    const store = open(tempDir());
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const frozen = store.freezeDiagnosis({
        request: { action: 'sts:AssumeRole', roleArn: 'arn:aws:iam::222222222222:role/Deploy' },
        diagnosis: { decision: 'allowed' } as Diagnosis,
        snapshot: snapshot('222222222222'),
        source: 'inline',
        redacted: false,
      });
      expect(frozen.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(frozen.id, 'base64url')).toHaveLength(16);
      ids.add(frozen.id);
    }
    expect(ids.size).toBe(20);
    // Snapshots kept for share links never become the current data.
    expect(store.latestSnapshot()).toBeUndefined();
    expect(store.getFrozenDiagnosis('not-an-id')).toBeUndefined();
    expect(store.getFrozenDiagnosis('AAAAAAAAAAAAAAAAAAAAAA')).toBeUndefined();
  });

  it('makes an import current, with its events listed and filtered', () => {
    const store = open(tempDir());
    store.savePull({ snapshot: snapshot('222222222222'), newEvents: [event('live-1', '2026-11-22T07:00:00Z')], cursors: {}, eventsSince: '2026-11-01T00:00:00Z' });
    const imported = store.saveSnapshot(
      {
        ...snapshot('555555555555'),
        events: [
          event('i1', '2026-11-20T10:00:00Z', { errorCode: 'AccessDenied' }),
          event('i2', '2026-11-20T11:00:00Z', { userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111111111111:assumed-role/Ci/run' } }),
          event('i3', '2026-11-20T12:00:00Z', { requestParameters: { roleArn: 'arn:aws:iam::555555555555:role/Other' } }),
        ],
      },
      { source: 'import', label: 'cloudtrail logs' },
    );
    const latest = store.latestSnapshot()!;
    expect(latest.id).toBe(imported.id);
    expect(latest.source).toBe('import');
    expect(latest.snapshot.events!.map((e) => e.eventID)).toEqual(['i3', 'i2', 'i1']);
    expect(store.listEvents({ snapshotId: imported.id, failedOnly: true }).map((e) => e.eventID)).toEqual(['i1']);
    expect(store.listEvents({ snapshotId: imported.id, roleArn: 'arn:aws:iam::555555555555:role/Other' }).map((e) => e.eventID)).toEqual(['i3']);
    expect(store.listEvents({ caller: 'arn:aws:sts::111111111111:assumed-role/Ci/run' }).map((e) => e.eventID)).toEqual(['i2']);
    expect(store.listEvents({ since: '2026-11-20T10:30:00Z', until: '2026-11-20T11:30:00Z' }).map((e) => e.eventID)).toEqual(['i2']);
    expect(store.countEvents({ errorCode: 'AccessDenied' })).toBe(1);
    expect(store.countEvents()).toBe(4);
  });

  it('stores an event once however often it is delivered', () => {
    const store = open(tempDir());
    store.savePull({ snapshot: snapshot('222222222222'), newEvents: [event('dup', '2026-11-22T07:00:00Z')], cursors: {}, eventsSince: '2026-11-01T00:00:00Z' });
    store.savePull({ snapshot: snapshot('222222222222'), newEvents: [event('dup', '2026-11-22T07:00:00Z'), event('new', '2026-11-22T07:01:00Z')], cursors: {}, eventsSince: '2026-11-01T00:00:00Z' });
    expect(store.latestSnapshot()!.snapshot.events!.map((e) => e.eventID)).toEqual(['new', 'dup']);
  });

  it('lists the ids of held events from a time on, for a refresh to drop what its overlap window reads again', () => {
    const store = open(tempDir());
    store.savePull({
      snapshot: snapshot('222222222222'),
      newEvents: [event('old', '2026-11-22T06:40:00Z'), event('edge', '2026-11-22T06:45:00Z'), event('recent', '2026-11-22T07:00:00Z')],
      cursors: { '222222222222/us-east-1/AssumeRole': '2026-11-22T07:00:00.000Z' },
      eventsSince: '2026-11-01T00:00:00Z',
    });
    expect([...store.eventIdsSince('2026-11-22T06:45:00.000Z')].sort()).toEqual(['edge', 'recent']);
    expect(store.eventIdsSince('2026-11-22T08:00:00.000Z').size).toBe(0);
  });

  it('leaves the previous snapshot intact when a pull fails while saving', () => {
    const store = open(tempDir());
    const before = store.savePull({ snapshot: snapshot('222222222222'), newEvents: [event('a', '2026-11-22T07:00:00Z')], cursors: { k: '2026-11-22T07:00:00.000Z' }, eventsSince: '2026-11-01T00:00:00Z' });
    const progress = store.startPull();
    expect(() =>
      store.savePull({
        snapshot: snapshot('333333333333'),
        newEvents: [event('b', '2026-11-22T08:00:00Z')],
        cursors: { k: '2026-11-22T08:00:00.000Z' },
        eventsSince: '2026-11-01T00:00:00Z',
        progressId: progress.id,
        beforeCommit: () => {
          throw new Error('disk full');
        },
      }),
    ).toThrow(DoctorError);
    expect(store.latestSnapshot()!.id).toBe(before.id);
    expect(store.latestSnapshot()!.snapshot.events!.map((e) => e.eventID)).toEqual(['a']);
    expect(store.cloudTrailCursors()).toEqual({ k: '2026-11-22T07:00:00.000Z' });
    expect(store.pull(progress.id)!.status).toBe('running');
  });

  it('leaves the previous snapshot intact when the process is killed half-way through saving', () => {
    const dir = tempDir();
    const store = open(dir);
    const before = store.savePull({ snapshot: snapshot('222222222222'), newEvents: [], cursors: {}, eventsSince: '2026-11-01T00:00:00Z' });
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=react-server', path.resolve(__dirname, 'testing/killed-pull.ts'), dir],
      { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8' },
    );
    expect(child.signal).toBe('SIGKILL');
    store.close();
    const reopened = open(dir);
    expect(reopened.latestSnapshot()!.id).toBe(before.id);
    expect(reopened.countEvents()).toBe(0);
    expect(reopened.cloudTrailCursors()).toEqual({});
  });

  it('tracks the progress of a pull, one at a time, and notices one that died', () => {
    let now = Date.parse('2026-11-23T10:00:00Z');
    const store = open(tempDir(), () => new Date(now));
    const progress = store.startPull();
    expect(store.currentPull()!.status).toBe('running');
    expect(() => store.startPull()).toThrow(/already running/);
    store.updatePull(progress.id, { phase: 'cloudtrail', accountId: '222222222222', region: 'us-east-1', pages: 12, events: 300, message: 'AssumeRole in us-east-1: 300 events' });
    expect(store.currentPull()).toMatchObject({ phase: 'cloudtrail', accountId: '222222222222', pages: 12, events: 300 });
    store.failPull(progress.id, { code: 'aws-credentials', message: 'the AWS credentials have expired' });
    expect(store.currentPull()).toMatchObject({ status: 'failed', errorCode: 'aws-credentials' });

    const second = store.startPull();
    now += STALE_PULL_MS + 1;
    expect(store.currentPull()).toMatchObject({ id: second.id, status: 'failed', errorCode: 'interrupted' });
    const third = store.startPull();
    const saved = store.savePull({ snapshot: snapshot('222222222222'), newEvents: [], cursors: {}, eventsSince: '2026-11-01T00:00:00Z', progressId: third.id });
    expect(store.currentPull()).toMatchObject({ id: third.id, status: 'done', snapshotId: saved.id });
  });

  it('prunes old snapshots but keeps those behind share links', () => {
    const store = open(tempDir());
    const metas = Array.from({ length: 5 }, (_, i) => store.saveSnapshot({ ...snapshot('222222222222'), events: [event(`e${i}`, '2026-11-20T10:00:00Z')] }, { source: 'import' }));
    store.freezeDiagnosis({ request: { action: 'sts:AssumeRole', roleArn: 'arn:aws:iam::222222222222:role/Deploy' }, diagnosis: { decision: 'allowed' } as Diagnosis, snapshotId: metas[0].id, source: 'import', redacted: false });
    expect(store.pruneSnapshots(2)).toBe(2);
    expect(store.listSnapshots().map((m) => m.id).sort()).toEqual([metas[0].id, metas[3].id, metas[4].id].sort());
    expect(store.countEvents()).toBe(3);
  });

  it('names the directory when it cannot open the store', () => {
    const dir = tempDir();
    const file = path.join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    expect(() => new Store(file)).toThrow(/cannot open the data store at .*not-a-dir/);
  });
});
