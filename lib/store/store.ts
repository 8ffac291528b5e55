import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import { DoctorError } from '@/lib/errors';
import type { AssumeRoleRequest, CloudTrailEvent, Diagnosis, Snapshot } from '@/lib/engine/types';
import { openDb, type Db } from './db';

// The local store: snapshots (live pulls and imports), CloudTrail events indexed for the
// dashboard, the CloudTrail cursors that make refreshes incremental, frozen diagnoses behind
// share links, and the progress of the pull under way. A pull is written in one transaction at
// its end, so a pull that fails or is killed half-way leaves the previous snapshot as it was.

export type SnapshotSource = 'live' | 'import' | 'shared';

export interface SnapshotMeta {
  id: string;
  source: SnapshotSource;
  capturedAt?: string;
  createdAt: string;
  label?: string;
  accountCount: number;
}

export interface StoredSnapshot extends SnapshotMeta {
  snapshot: Snapshot;
}

export interface EventFilter {
  since?: string;
  until?: string;
  roleArn?: string;
  caller?: string;
  errorCode?: string;
  /** Only calls that failed (any error code). */
  failedOnly?: boolean;
  eventName?: string;
  /** Only events of this snapshot's origin (its events as the dashboard lists them). */
  snapshotId?: string;
  limit?: number;
  offset?: number;
}

export interface FrozenDiagnosis {
  id: string;
  request: AssumeRoleRequest;
  snapshotId: string;
  diagnosis: Diagnosis;
  frozenAt: string;
  source: string;
  redacted: boolean;
}

export type PullStatus = 'running' | 'done' | 'failed';

export interface PullProgressRow {
  id: string;
  status: PullStatus;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  phase?: string;
  accountId?: string;
  region?: string;
  pages: number;
  events: number;
  message?: string;
  errorCode?: string;
  errorMessage?: string;
  snapshotId?: string;
}

export interface SavePullInput {
  /** The pulled snapshot; its `events` are ignored in favour of `newEvents`. */
  snapshot: Snapshot;
  newEvents: CloudTrailEvent[];
  cursors: Record<string, string>;
  /** Events older than this are not part of the snapshot (the lookback window). */
  eventsSince: string;
  progressId?: string;
  label?: string;
  /** Test hook: runs inside the transaction, just before it commits. */
  beforeCommit?: () => void;
}

/** Events loaded into one snapshot at most (newest kept). */
export const MAX_SNAPSHOT_EVENTS = 100_000;
/** A running pull not heard from for this long was killed. */
export const STALE_PULL_MS = 10 * 60_000;

const iso = (value: unknown): string | undefined => {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const t = new Date(value).getTime();
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
};

/** The indexed columns of one CloudTrail record. */
export function eventColumns(event: CloudTrailEvent) {
  const identity = (event.userIdentity ?? {}) as Record<string, unknown>;
  const params = (event.requestParameters ?? {}) as Record<string, unknown>;
  const caller =
    (identity.arn as string | undefined) ??
    (identity.type === 'AWSAccount' ? (identity.accountId as string | undefined) : undefined) ??
    (identity.userName as string | undefined) ??
    (identity.principalId as string | undefined) ??
    null;
  return {
    event_id: String(event.eventID ?? ''),
    event_time: iso(event.eventTime) ?? '',
    event_name: (event.eventName as string | undefined) ?? null,
    account_id: (event.recipientAccountId as string | undefined) ?? null,
    region: (event.awsRegion as string | undefined) ?? null,
    role_arn: (params.roleArn as string | undefined) ?? null,
    caller,
    error_code: (event.errorCode as string | undefined) ?? null,
  };
}

function storeError(what: string, error: unknown): DoctorError {
  if (error instanceof DoctorError) return error;
  return new DoctorError('store', `${what}: ${(error as Error)?.message ?? String(error)}`);
}

interface SnapshotRow {
  seq: number;
  id: string;
  source: SnapshotSource;
  captured_at: string | null;
  created_at: string;
  label: string | null;
  account_count: number;
  events_origin: string | null;
  events_since: string | null;
  json: string;
}

interface ProgressRowDb {
  id: string;
  status: PullStatus;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  phase: string | null;
  account_id: string | null;
  region: string | null;
  pages: number;
  events: number;
  message: string | null;
  error_code: string | null;
  error_message: string | null;
  snapshot_id: string | null;
}

const metaOf = (row: SnapshotRow): SnapshotMeta => ({
  id: row.id,
  source: row.source,
  ...(row.captured_at ? { capturedAt: row.captured_at } : {}),
  createdAt: row.created_at,
  ...(row.label ? { label: row.label } : {}),
  accountCount: row.account_count,
});

const progressOf = (row: ProgressRowDb): PullProgressRow => ({
  id: row.id,
  status: row.status,
  startedAt: row.started_at,
  updatedAt: row.updated_at,
  ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
  ...(row.phase ? { phase: row.phase } : {}),
  ...(row.account_id ? { accountId: row.account_id } : {}),
  ...(row.region ? { region: row.region } : {}),
  pages: row.pages,
  events: row.events,
  ...(row.message ? { message: row.message } : {}),
  ...(row.error_code ? { errorCode: row.error_code } : {}),
  ...(row.error_message ? { errorMessage: row.error_message } : {}),
  ...(row.snapshot_id ? { snapshotId: row.snapshot_id } : {}),
});

export class Store {
  readonly db: Db;

  constructor(
    readonly dataDir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.db = openDb(dataDir);
  }

  private now(): string {
    return this.clock().toISOString();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ─────────────── snapshots ───────────────

  private insertEvents(events: CloudTrailEvent[], origin: string): number {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO events (event_id, event_time, event_name, account_id, region, role_arn, caller, error_code, origin, json)
       VALUES (@event_id, @event_time, @event_name, @account_id, @region, @role_arn, @caller, @error_code, @origin, @json)`,
    );
    let added = 0;
    for (const event of events) {
      const columns = eventColumns(event);
      // A record without an id or a time cannot be deduplicated or placed on the timeline.
      if (!columns.event_id || !columns.event_time) continue;
      added += insert.run({ ...columns, origin, json: JSON.stringify(event) }).changes;
    }
    return added;
  }

  private insertSnapshot(id: string, snapshot: Snapshot, source: SnapshotSource, label: string | undefined, eventsOrigin: string | null, eventsSince: string | null): SnapshotMeta {
    const { events: _events, ...rest } = snapshot;
    const body = eventsOrigin ? rest : snapshot;
    const row = {
      id,
      source,
      captured_at: snapshot.capturedAt ?? null,
      created_at: this.now(),
      label: label ?? null,
      account_count: snapshot.accounts.length,
      events_origin: eventsOrigin,
      events_since: eventsSince,
      json: JSON.stringify({ ...body, source }),
    };
    this.db
      .prepare(
        `INSERT INTO snapshots (id, source, captured_at, created_at, label, account_count, events_origin, events_since, json)
         VALUES (@id, @source, @captured_at, @created_at, @label, @account_count, @events_origin, @events_since, @json)`,
      )
      .run(row);
    return metaOf({ ...row, seq: 0 } as SnapshotRow);
  }

  /** Stores an import (or a snapshot a share link needs) and, for imports, makes it current. */
  saveSnapshot(snapshot: Snapshot, options: { source: 'import' | 'shared'; label?: string }): SnapshotMeta {
    const id = randomUUID();
    try {
      return this.db.transaction(() => {
        if (options.source === 'import') {
          const origin = `import:${id}`;
          this.insertEvents(snapshot.events ?? [], origin);
          return this.insertSnapshot(id, snapshot, 'import', options.label, origin, null);
        }
        return this.insertSnapshot(id, snapshot, options.source, options.label, null, null);
      }).immediate();
    } catch (error) {
      throw storeError('could not save the snapshot', error);
    }
  }

  /** Stores a snapshot under a fixed id unless that id is already there (e.g. the demo, by content hash). */
  ensureSharedSnapshot(id: string, snapshot: Snapshot): void {
    try {
      this.db.transaction(() => {
        if (!this.db.prepare(`SELECT 1 FROM snapshots WHERE id = ?`).get(id)) this.insertSnapshot(id, snapshot, 'shared', undefined, null, null);
      }).immediate();
    } catch (error) {
      throw storeError('could not save the snapshot', error);
    }
  }

  /** Everything a finished pull produced, in one transaction. */
  savePull(input: SavePullInput): SnapshotMeta {
    const id = randomUUID();
    try {
      return this.db.transaction(() => {
        this.insertEvents(input.newEvents, 'live');
        const upsert = this.db.prepare(
          `INSERT INTO cloudtrail_cursors (key, newest_event_time) VALUES (?, ?)
           ON CONFLICT(key) DO UPDATE SET newest_event_time = excluded.newest_event_time`,
        );
        for (const [key, time] of Object.entries(input.cursors)) upsert.run(key, time);
        const meta = this.insertSnapshot(id, input.snapshot, 'live', input.label, 'live', input.eventsSince);
        if (input.progressId) {
          this.db
            .prepare(`UPDATE pull_progress SET status = 'done', phase = 'done', finished_at = ?, updated_at = ?, snapshot_id = ? WHERE id = ?`)
            .run(this.now(), this.now(), id, input.progressId);
        }
        input.beforeCommit?.();
        return meta;
      }).immediate();
    } catch (error) {
      throw storeError('could not save the pulled snapshot (the previous one is unchanged)', error);
    }
  }

  private rowToStored(row: SnapshotRow): StoredSnapshot {
    let snapshot: Snapshot;
    try {
      snapshot = JSON.parse(row.json) as Snapshot;
    } catch (error) {
      throw storeError(`snapshot ${row.id} in the store is not valid JSON`, error);
    }
    if (row.events_origin) {
      const rows = this.db
        .prepare(
          `SELECT json FROM events WHERE origin = ? AND event_time >= ? ORDER BY event_time DESC, event_id LIMIT ?`,
        )
        .all(row.events_origin, row.events_since ?? '', MAX_SNAPSHOT_EVENTS) as { json: string }[];
      snapshot.events = rows.map((r) => JSON.parse(r.json) as CloudTrailEvent);
    }
    return { ...metaOf(row), snapshot };
  }

  /** The newest live pull or import: what the app shows. */
  latestSnapshotMeta(): SnapshotMeta | undefined {
    const row = this.db.prepare(`SELECT * FROM snapshots WHERE source IN ('live', 'import') ORDER BY seq DESC LIMIT 1`).get() as SnapshotRow | undefined;
    return row ? metaOf(row) : undefined;
  }

  latestSnapshot(): StoredSnapshot | undefined {
    const row = this.db.prepare(`SELECT * FROM snapshots WHERE source IN ('live', 'import') ORDER BY seq DESC LIMIT 1`).get() as SnapshotRow | undefined;
    return row ? this.rowToStored(row) : undefined;
  }

  getSnapshot(id: string): StoredSnapshot | undefined {
    const row = this.db.prepare(`SELECT * FROM snapshots WHERE id = ?`).get(id) as SnapshotRow | undefined;
    return row ? this.rowToStored(row) : undefined;
  }

  listSnapshots(limit = 20): SnapshotMeta[] {
    return (this.db.prepare(`SELECT * FROM snapshots ORDER BY seq DESC LIMIT ?`).all(limit) as SnapshotRow[]).map(metaOf);
  }

  /**
   * Drops old snapshots, keeping the newest `keep` live/import ones and every snapshot a share
   * link points at. Imported events go with their snapshot; live events stay (refreshes build on them).
   */
  pruneSnapshots(keep = 10): number {
    return this.db.transaction(() => {
      const doomed = this.db
        .prepare(
          `SELECT id, events_origin FROM snapshots
           WHERE source IN ('live', 'import')
             AND seq NOT IN (SELECT seq FROM snapshots WHERE source IN ('live', 'import') ORDER BY seq DESC LIMIT ?)
             AND id NOT IN (SELECT snapshot_id FROM frozen_diagnoses)`,
        )
        .all(keep) as { id: string; events_origin: string | null }[];
      for (const { id, events_origin } of doomed) {
        if (events_origin?.startsWith('import:')) this.db.prepare(`DELETE FROM events WHERE origin = ?`).run(events_origin);
        this.db.prepare(`DELETE FROM snapshots WHERE id = ?`).run(id);
      }
      return doomed.length;
    }).immediate();
  }

  // ─────────────── events and cursors ───────────────

  /** Ids of the held events at or after `since` (ISO 8601): what a refresh's overlap window may return again. */
  eventIdsSince(since: string): Set<string> {
    const rows = this.db.prepare(`SELECT event_id FROM events WHERE event_time >= ?`).all(since) as { event_id: string }[];
    return new Set(rows.map((r) => r.event_id));
  }

  cloudTrailCursors(): Record<string, string> {
    const rows = this.db.prepare(`SELECT key, newest_event_time FROM cloudtrail_cursors`).all() as { key: string; newest_event_time: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.newest_event_time]));
  }

  private eventWhere(filter: EventFilter): { sql: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (filter.snapshotId) {
      const snap = this.db.prepare(`SELECT events_origin, events_since FROM snapshots WHERE id = ?`).get(filter.snapshotId) as
        | { events_origin: string | null; events_since: string | null }
        | undefined;
      clauses.push('origin = ?');
      params.push(snap?.events_origin ?? '\u0000none');
      if (snap?.events_since) {
        clauses.push('event_time >= ?');
        params.push(snap.events_since);
      }
    }
    if (filter.since) {
      clauses.push('event_time >= ?');
      params.push(iso(filter.since) ?? filter.since);
    }
    if (filter.until) {
      clauses.push('event_time <= ?');
      params.push(iso(filter.until) ?? filter.until);
    }
    if (filter.roleArn) {
      clauses.push('role_arn = ?');
      params.push(filter.roleArn);
    }
    if (filter.caller) {
      clauses.push('caller = ?');
      params.push(filter.caller);
    }
    if (filter.errorCode) {
      clauses.push('error_code = ?');
      params.push(filter.errorCode);
    }
    if (filter.failedOnly) clauses.push('error_code IS NOT NULL');
    if (filter.eventName) {
      clauses.push('event_name = ?');
      params.push(filter.eventName);
    }
    return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  /** Events newest first, filtered by time, role, caller and error code (all indexed). */
  listEvents(filter: EventFilter = {}): CloudTrailEvent[] {
    const { sql, params } = this.eventWhere(filter);
    const rows = this.db
      .prepare(`SELECT json FROM events ${sql} ORDER BY event_time DESC, event_id LIMIT ? OFFSET ?`)
      .all(...params, filter.limit ?? 100, filter.offset ?? 0) as { json: string }[];
    return rows.map((r) => JSON.parse(r.json) as CloudTrailEvent);
  }

  countEvents(filter: EventFilter = {}): number {
    const { sql, params } = this.eventWhere(filter);
    return (this.db.prepare(`SELECT count(*) AS n FROM events ${sql}`).get(...params) as { n: number }).n;
  }

  // ─────────────── frozen diagnoses (share links) ───────────────

  /**
   * Freezes a diagnosis with the request and the snapshot it was computed on. Pass the stored
   * snapshot's id, or the snapshot itself (kept as a 'shared' snapshot). Returns the link id.
   */
  freezeDiagnosis(input: {
    request: AssumeRoleRequest;
    diagnosis: Diagnosis;
    source: string;
    redacted: boolean;
    snapshotId?: string;
    snapshot?: Snapshot;
  }): FrozenDiagnosis {
    const id = randomBytes(16).toString('base64url');
    try {
      return this.db.transaction(() => {
        let snapshotId = input.snapshotId;
        if (snapshotId) {
          if (!this.db.prepare(`SELECT 1 FROM snapshots WHERE id = ?`).get(snapshotId)) {
            throw new DoctorError('not-found', `snapshot ${snapshotId} is not in the store`, 'snapshotId');
          }
        } else if (input.snapshot) {
          snapshotId = this.insertSnapshot(randomUUID(), input.snapshot, 'shared', undefined, null, null).id;
        } else {
          throw new DoctorError('bad-request', 'a frozen diagnosis needs the snapshot it was computed on', 'snapshot');
        }
        const frozenAt = this.now();
        this.db
          .prepare(`INSERT INTO frozen_diagnoses (id, request, snapshot_id, diagnosis, frozen_at, source, redacted) VALUES (?, ?, ?, ?, ?, ?, ?)`)
          .run(id, JSON.stringify(input.request), snapshotId, JSON.stringify(input.diagnosis), frozenAt, input.source, input.redacted ? 1 : 0);
        return { id, request: input.request, snapshotId, diagnosis: input.diagnosis, frozenAt, source: input.source, redacted: input.redacted };
      }).immediate();
    } catch (error) {
      throw storeError('could not freeze the diagnosis', error);
    }
  }

  getFrozenDiagnosis(id: string): FrozenDiagnosis | undefined {
    if (!/^[A-Za-z0-9_-]{22}$/.test(id)) return undefined;
    const row = this.db.prepare(`SELECT * FROM frozen_diagnoses WHERE id = ?`).get(id) as
      | { id: string; request: string; snapshot_id: string; diagnosis: string; frozen_at: string; source: string; redacted: number }
      | undefined;
    if (!row) return undefined;
    return {
      id: row.id,
      request: JSON.parse(row.request) as AssumeRoleRequest,
      snapshotId: row.snapshot_id,
      diagnosis: JSON.parse(row.diagnosis) as Diagnosis,
      frozenAt: row.frozen_at,
      source: row.source,
      redacted: row.redacted === 1,
    };
  }

  // ─────────────── pull progress ───────────────

  /** Starts a progress row; refuses while another pull is running (and alive). */
  startPull(): PullProgressRow {
    return this.db.transaction(() => {
      const running = this.currentPull();
      if (running?.status === 'running') {
        throw new DoctorError('bad-usage', `a pull is already running (started ${running.startedAt}); wait for it to finish`);
      }
      const id = randomUUID();
      const now = this.now();
      this.db
        .prepare(`INSERT INTO pull_progress (id, status, started_at, updated_at, phase, message) VALUES (?, 'running', ?, ?, 'starting', 'starting the pull')`)
        .run(id, now, now);
      return this.pull(id)!;
    }).immediate();
  }

  updatePull(id: string, progress: { phase?: string; accountId?: string; region?: string; pages?: number; events?: number; message?: string }): void {
    this.db
      .prepare(
        `UPDATE pull_progress SET updated_at = ?, phase = coalesce(?, phase), account_id = ?, region = ?,
           pages = coalesce(?, pages), events = coalesce(?, events), message = coalesce(?, message)
         WHERE id = ? AND status = 'running'`,
      )
      .run(this.now(), progress.phase ?? null, progress.accountId ?? null, progress.region ?? null, progress.pages ?? null, progress.events ?? null, progress.message ?? null, id);
  }

  failPull(id: string, error: { code: string; message: string }): void {
    this.db
      .prepare(`UPDATE pull_progress SET status = 'failed', finished_at = ?, updated_at = ?, error_code = ?, error_message = ? WHERE id = ? AND status = 'running'`)
      .run(this.now(), this.now(), error.code, error.message, id);
  }

  pull(id: string): PullProgressRow | undefined {
    const row = this.db.prepare(`SELECT * FROM pull_progress WHERE id = ?`).get(id) as ProgressRowDb | undefined;
    return row ? progressOf(row) : undefined;
  }

  /** The newest pull; a 'running' one that went silent (its process died) is reported failed. */
  currentPull(): PullProgressRow | undefined {
    const row = this.db.prepare(`SELECT * FROM pull_progress ORDER BY started_at DESC, rowid DESC LIMIT 1`).get() as ProgressRowDb | undefined;
    if (!row) return undefined;
    if (row.status === 'running' && this.clock().getTime() - Date.parse(row.updated_at) > STALE_PULL_MS) {
      this.failPull(row.id, { code: 'interrupted', message: 'the pull stopped without finishing (the process ended); the previous snapshot is still in use' });
      return this.pull(row.id);
    }
    return progressOf(row);
  }
}

const stores = new Map<string, Store>();

/** One open store per data directory for the life of the process. */
export function openStore(dataDir: string): Store {
  let store = stores.get(dataDir);
  if (!store || !store.db.open) {
    store = new Store(dataDir);
    stores.set(dataDir, store);
  }
  return store;
}
