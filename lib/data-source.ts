import 'server-only';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { DoctorError, toDoctorError } from '@/lib/errors';
import { env, parseEnv, pullConfigFromEnv } from '@/lib/env';
import { demoSnapshot } from '@/lib/demo';
import { loadSnapshot, type IndexedSnapshot } from '@/lib/engine/snapshot';
import type { AssumeRoleRequest, Diagnosis, Snapshot } from '@/lib/engine/types';
import { pull, refreshWindowStart, type PullOptions, type PullProgressEvent } from '@/lib/aws/pull';
import { isAwsConfigured, type SourceMode } from '@/lib/aws/config';
import { importBuffers, importPaths, type ImportInputFile } from '@/lib/imports/files';
import type { ImportSummary } from '@/lib/imports/parse';
import { openStore, type FrozenDiagnosis, type PullProgressRow, type SnapshotMeta, type Store } from '@/lib/store';

// Where the app's data comes from: the newest snapshot in the store (a live pull or an import),
// or else the embedded demo organization. Pages call getCurrentSnapshot() / getIndexedSnapshot()
// on every request; the indexed form is cached by snapshot id so a request never re-indexes.

export type DataSourceKind = 'demo' | 'live' | 'import';

export interface DataSourceInfo {
  source: DataSourceKind;
  capturedAt?: string;
  accounts: number;
  snapshotId?: string;
  label?: string;
  mode: SourceMode;
  /** A live pull can be attempted (credentials or an endpoint are configured). */
  awsConfigured: boolean;
  /** The newest pull, running or finished, for the page to poll. */
  pull?: PullProgressRow;
  /** Set when the store could not be opened; the demo is shown meanwhile. */
  storeProblem?: string;
}

export interface DataSourceConfig {
  dataDir: string;
  mode: SourceMode;
  awsConfigured: boolean;
  /** How a live pull reaches AWS (region, endpoint, roles, CloudTrail regions and window, and test hooks). */
  pull: PullOptions & { lookbackHours: number };
  /** Live/import snapshots kept besides those behind share links. */
  keepSnapshots?: number;
  now?: () => Date;
}

export interface RefreshHandle {
  progress: PullProgressRow;
  done: Promise<{ snapshot: SnapshotMeta; newEvents: number }>;
}

export interface DataSource {
  getCurrentSnapshot(): Snapshot;
  getIndexedSnapshot(): IndexedSnapshot;
  describeDataSource(): DataSourceInfo;
  /** The current snapshot, its index and its description, read together (one store read). */
  currentView(): { snapshot: Snapshot; indexed: IndexedSnapshot; info: DataSourceInfo };
  /** Starts a live pull; the progress row exists when this returns. */
  startRefresh(options?: { onProgress?: (event: PullProgressEvent) => void }): RefreshHandle;
  /** A live pull, awaited. */
  refresh(options?: { onProgress?: (event: PullProgressEvent) => void }): Promise<{ snapshot: SnapshotMeta; newEvents: number }>;
  pullProgress(): PullProgressRow | undefined;
  /** Why this server refuses an import (read-only under DOCTOR_SOURCE=demo), before any upload is read; undefined when it accepts one. */
  importRefusal(): DoctorError | undefined;
  /** Stores files (paths, or uploaded buffers) as one import and makes it the current data. */
  importFiles(input: string[] | ImportInputFile[], options?: { noOrganization?: boolean }): Promise<{ snapshot: SnapshotMeta; summary: ImportSummary }>;
  /**
   * Freezes a diagnosis for a share link, with the snapshot it was computed on: the snapshot
   * given (one posted with the request), else the current data. Returns the link id.
   */
  freezeDiagnosis(input: { request: AssumeRoleRequest; diagnosis: Diagnosis; redacted: boolean; snapshot?: Snapshot }): FrozenDiagnosis;
  /** A frozen diagnosis with its snapshot, or undefined for an unknown id. */
  getFrozenDiagnosis(id: string): (FrozenDiagnosis & { snapshot?: Snapshot }) | undefined;
  store(): Store;
}

const DEMO_ID = 'demo';

// The demo's content never changes while the process runs: its stored id is hashed once.
let demoStoredId: string | undefined;
function demoSnapshotId(): string {
  return (demoStoredId ??= `demo-${createHash('sha256').update(JSON.stringify(demoSnapshot)).digest('hex').slice(0, 16)}`);
}

/**
 * Why Refresh cannot pull on this server, or undefined when it can: the one rule startRefresh
 * enforces and the home page shows. `live` always tries (instance or container credentials leave
 * no hint to look for); `auto` needs a sign that AWS is configured.
 */
export function refreshRefusal(mode: SourceMode, awsConfigured: boolean): DoctorError | undefined {
  if (mode === 'demo') {
    // A deliberate refusal (409 read-only), not a server fault: the message says how to turn it on.
    return new DoctorError('read-only', 'pulling from AWS is off while DOCTOR_SOURCE=demo (the embedded demo organization is always shown); to pull, set DOCTOR_SOURCE=auto or live and restart the server', 'DOCTOR_SOURCE');
  }
  if (mode === 'auto' && !awsConfigured) {
    return new DoctorError(
      'aws-credentials',
      'no AWS credentials are configured (set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a web identity token, or ~/.aws/config), or import files instead',
    );
  }
  return undefined;
}

export function createDataSource(config: DataSourceConfig): DataSource {
  const now = config.now ?? (() => new Date());
  let cache: { id: string; snapshot: Snapshot; indexed?: IndexedSnapshot; meta?: SnapshotMeta } | undefined;
  let storeProblem: string | undefined;

  const store = () => openStore(config.dataDir);

  /** The current snapshot and its store row; the demo when nothing is stored, the mode is demo, or the store is unusable. */
  function current(): { id: string; snapshot: Snapshot; indexed?: IndexedSnapshot; meta?: SnapshotMeta } {
    if (config.mode !== 'demo') {
      try {
        const meta = store().latestSnapshotMeta();
        storeProblem = undefined;
        if (meta) {
          if (cache?.id === meta.id) return cache;
          const stored = store().getSnapshot(meta.id);
          if (stored) {
            cache = { id: meta.id, snapshot: stored.snapshot, meta };
            return cache;
          }
        }
      } catch (error) {
        storeProblem = toDoctorError(error).message;
      }
    }
    if (cache?.id !== DEMO_ID) cache = { id: DEMO_ID, snapshot: demoSnapshot };
    return cache;
  }

  function importRefusal(): DoctorError | undefined {
    if (config.mode !== 'demo') return undefined;
    return new DoctorError('read-only', "importing is off while DOCTOR_SOURCE=demo (the embedded demo organization is always shown); to import, set DOCTOR_SOURCE=auto or live (and restart the dashboard's server)", 'DOCTOR_SOURCE');
  }

  function startRefresh(options: { onProgress?: (event: PullProgressEvent) => void } = {}): RefreshHandle {
    const refusal = refreshRefusal(config.mode, config.awsConfigured);
    if (refusal) throw refusal;
    const settings = config.pull; // a bad pull variable is refused here, before any progress row
    const s = store();
    const progress = s.startPull();
    const done = (async () => {
      try {
        const startedAt = now().getTime();
        const cursors = s.cloudTrailCursors();
        const since = refreshWindowStart(cursors, startedAt, settings.lookbackHours);
        const result = await pull({
          ...settings,
          cursors,
          knownEventIds: since === undefined ? undefined : s.eventIdsSince(since),
          onProgress: (event) => {
            s.updatePull(progress.id, event);
            options.onProgress?.(event);
          },
        });
        const accounts = result.snapshot.accounts.map((a) => a.alias ?? a.accountId).join(', ');
        const meta = s.savePull({
          snapshot: result.snapshot,
          newEvents: result.newEvents,
          cursors: result.cursors,
          eventsSince: new Date(startedAt - settings.lookbackHours * 3600_000).toISOString(),
          progressId: progress.id,
          label: `live pull of ${accounts}`,
        });
        s.pruneSnapshots(config.keepSnapshots ?? 10);
        return { snapshot: meta, newEvents: result.newEvents.length };
      } catch (error) {
        const doctor = error instanceof DoctorError ? error : new DoctorError('aws-unavailable', `the pull failed: ${(error as Error)?.message ?? String(error)}`);
        try {
          s.failPull(progress.id, { code: doctor.code, message: doctor.message });
        } catch {
          // the store itself failed; the error below says what went wrong first
        }
        throw doctor;
      }
    })();
    done.catch(() => undefined); // a background refresh reports through its progress row
    return { progress, done };
  }

  function describe(entry: ReturnType<typeof current>): DataSourceInfo {
    let pullRow: PullProgressRow | undefined;
    if (config.mode !== 'demo' && !storeProblem) {
      try {
        pullRow = store().currentPull();
      } catch (error) {
        storeProblem = toDoctorError(error).message;
      }
    }
    const source: DataSourceKind = entry.meta ? (entry.meta.source === 'import' ? 'import' : 'live') : 'demo';
    return {
      source,
      ...(entry.snapshot.capturedAt ? { capturedAt: entry.snapshot.capturedAt } : {}),
      accounts: entry.snapshot.accounts.length,
      ...(entry.meta ? { snapshotId: entry.meta.id } : {}),
      ...(entry.meta?.label ? { label: entry.meta.label } : {}),
      mode: config.mode,
      awsConfigured: config.awsConfigured,
      ...(pullRow ? { pull: pullRow } : {}),
      ...(storeProblem ? { storeProblem } : {}),
    };
  }

  return {
    getCurrentSnapshot: () => current().snapshot,

    getIndexedSnapshot() {
      // current() hands out the cache entry itself: indexed once per snapshot.
      const entry = current();
      return (entry.indexed ??= loadSnapshot(entry.snapshot));
    },

    describeDataSource: () => describe(current()),

    currentView() {
      // One entry for all three, so the description always matches the snapshot diagnosed.
      const entry = current();
      return { snapshot: entry.snapshot, indexed: (entry.indexed ??= loadSnapshot(entry.snapshot)), info: describe(entry) };
    },

    startRefresh,
    refresh: (options) => startRefresh(options).done,
    pullProgress: () => (config.mode === 'demo' ? undefined : store().currentPull()),

    importRefusal,

    async importFiles(input, options = {}) {
      const refusal = importRefusal();
      if (refusal) throw refusal;
      const result =
        input.length > 0 && typeof input[0] === 'string'
          ? await importPaths(input as string[], { now, noOrganization: options.noOrganization })
          : importBuffers(input as ImportInputFile[], { now, noOrganization: options.noOrganization });
      // Refuse what the engine would refuse, now, with the field named, rather than on every page.
      loadSnapshot(result.snapshot);
      const label = `import of ${result.summary.files.length} file(s): ${result.summary.files
        .slice(0, 3)
        .map((f) => path.basename(f.file))
        .join(', ')}${result.summary.files.length > 3 ? ', …' : ''}`;
      const meta = store().saveSnapshot(result.snapshot, { source: 'import', label });
      store().pruneSnapshots(config.keepSnapshots ?? 10);
      return { snapshot: meta, summary: result.summary };
    },

    freezeDiagnosis(input) {
      const s = store();
      if (input.snapshot) {
        return s.freezeDiagnosis({ ...input, snapshot: input.snapshot, source: input.snapshot.source ?? 'inline' });
      }
      const entry = current();
      if (entry.meta) return s.freezeDiagnosis({ ...input, snapshotId: entry.meta.id, source: entry.meta.source });
      // The demo is stored once per version of its content, not once per link.
      const id = demoSnapshotId();
      s.ensureSharedSnapshot(id, entry.snapshot);
      return s.freezeDiagnosis({ ...input, snapshotId: id, source: 'demo' });
    },

    getFrozenDiagnosis(id) {
      const frozen = store().getFrozenDiagnosis(id);
      if (!frozen) return undefined;
      return { ...frozen, snapshot: store().getSnapshot(frozen.snapshotId)?.snapshot };
    },

    store,
  };
}

// ─────────────── the process-wide data source, configured from lib/env.ts ───────────────

function sharedConfigExists(): boolean {
  const dir = path.join(homedir(), '.aws');
  return existsSync(path.join(dir, 'config')) || existsSync(path.join(dir, 'credentials'));
}

/**
 * The process-wide configuration, from `source` (the process environment unless a test passes
 * its own). The pull settings come from awsPullConfig, exactly as `doctor pull` reads them.
 */
export function dataSourceConfigFromEnv(
  source: Record<string, string | undefined> = process.env,
  sharedConfigFileExists: boolean = sharedConfigExists(),
): DataSourceConfig {
  const e = source === process.env ? env() : parseEnv(source);
  // The pull's settings are read when a pull first needs them: a bad value there (a lookback of
  // 1.5 hours, a misspelt region) makes Refresh fail naming the variable, and never stops the
  // pages from showing the data already held, or the demo in DOCTOR_SOURCE=demo.
  let pull: DataSourceConfig['pull'] | undefined;
  return {
    dataDir: e.DOCTOR_DATA_DIR,
    mode: e.DOCTOR_SOURCE,
    awsConfigured: isAwsConfigured(source, sharedConfigFileExists),
    get pull() {
      return (pull ??= pullConfigFromEnv(source));
    },
  };
}

let shared: DataSource | undefined;

export function dataSource(): DataSource {
  shared ??= createDataSource(dataSourceConfigFromEnv());
  return shared;
}

export const getCurrentSnapshot = (): Snapshot => dataSource().getCurrentSnapshot();
export const getIndexedSnapshot = (): IndexedSnapshot => dataSource().getIndexedSnapshot();
export const describeDataSource = (): DataSourceInfo => dataSource().describeDataSource();
export const currentView = (): ReturnType<DataSource['currentView']> => dataSource().currentView();
export const refresh = (options?: { onProgress?: (event: PullProgressEvent) => void }) => dataSource().refresh(options);
export const startRefresh = (options?: { onProgress?: (event: PullProgressEvent) => void }) => dataSource().startRefresh(options);
export const pullProgress = () => dataSource().pullProgress();
export const importRefusal = () => dataSource().importRefusal();
export const importFiles = (input: string[] | ImportInputFile[], options?: { noOrganization?: boolean }) => dataSource().importFiles(input, options);
export const freezeDiagnosis = (input: Parameters<DataSource['freezeDiagnosis']>[0]) => dataSource().freezeDiagnosis(input);
export const getFrozenDiagnosis = (id: string) => dataSource().getFrozenDiagnosis(id);
