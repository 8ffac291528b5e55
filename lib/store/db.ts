import 'server-only';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DoctorError } from '@/lib/errors';

// The SQLite file in the data directory, opened in WAL mode so the web server and the CLI can
// read while a pull writes. The schema moves forward through `user_version`: each migration runs
// once, in its own transaction, and a file from a newer version is refused rather than damaged.

export type Db = Database.Database;

export const STORE_FILE = 'assumerole-doctor.sqlite';

const MIGRATIONS: string[] = [
  // 1: snapshots, events, CloudTrail cursors, frozen diagnoses, pull progress
  `
  CREATE TABLE snapshots (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,                 -- live | import | shared (a snapshot a share link froze)
    captured_at TEXT,
    created_at TEXT NOT NULL,
    label TEXT,                           -- what was imported, or which accounts were pulled
    account_count INTEGER NOT NULL,
    events_origin TEXT,                   -- NULL: events are inside json; else the events table rows of this origin
    events_since TEXT,                    -- with events_origin: only events from this time on
    json TEXT NOT NULL
  );
  CREATE INDEX snapshots_source_seq ON snapshots(source, seq);

  CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    event_time TEXT NOT NULL,
    event_name TEXT,
    account_id TEXT,
    region TEXT,
    role_arn TEXT,
    caller TEXT,
    error_code TEXT,
    origin TEXT NOT NULL,                 -- 'live', or 'import:<snapshot id>'
    json TEXT NOT NULL
  );
  CREATE INDEX events_time ON events(event_time);
  CREATE INDEX events_role ON events(role_arn, event_time);
  CREATE INDEX events_caller ON events(caller, event_time);
  CREATE INDEX events_error ON events(error_code, event_time);
  CREATE INDEX events_origin_time ON events(origin, event_time);

  CREATE TABLE cloudtrail_cursors (
    key TEXT PRIMARY KEY,                 -- accountId/region/eventName
    newest_event_time TEXT NOT NULL
  );

  CREATE TABLE frozen_diagnoses (
    id TEXT PRIMARY KEY,                  -- 128 random bits, base64url
    request TEXT NOT NULL,
    snapshot_id TEXT NOT NULL REFERENCES snapshots(id),
    diagnosis TEXT NOT NULL,
    frozen_at TEXT NOT NULL,
    source TEXT NOT NULL,
    redacted INTEGER NOT NULL
  );

  CREATE TABLE pull_progress (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,                 -- running | done | failed
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT,
    phase TEXT,
    account_id TEXT,
    region TEXT,
    pages INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL DEFAULT 0,
    message TEXT,
    error_code TEXT,
    error_message TEXT,
    snapshot_id TEXT
  );
  CREATE INDEX pull_progress_started ON pull_progress(started_at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

function migrate(db: Db, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new DoctorError(
      'store',
      `the data store ${file} was written by a newer AssumeRole Doctor (schema ${current}, this one knows ${SCHEMA_VERSION}); upgrade, or point DOCTOR_DATA_DIR elsewhere`,
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

export function openDb(dataDir: string): Db {
  const file = path.resolve(dataDir, STORE_FILE);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL'); // durable at each checkpoint; WAL keeps the file consistent after a crash
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file);
    return db;
  } catch (error) {
    if (error instanceof DoctorError) throw error;
    throw new DoctorError('store', `cannot open the data store at ${file}: ${(error as Error).message}`);
  }
}
