import 'server-only';

export { openStore, Store, eventColumns, MAX_SNAPSHOT_EVENTS, STALE_PULL_MS } from './store';
export type {
  EventFilter,
  FrozenDiagnosis,
  PullProgressRow,
  PullStatus,
  SavePullInput,
  SnapshotMeta,
  SnapshotSource,
  StoredSnapshot,
} from './store';
export { STORE_FILE, SCHEMA_VERSION } from './db';
