// Run as a child process by store.test.ts: starts writing a pull and is killed (SIGKILL) inside
// the transaction, before it commits, as a crash or `kill -9` would.
import { Store } from '../store';
import { SNAPSHOT_FORMAT } from '@/lib/engine/types';

const store = new Store(process.argv[2]);
const progress = store.startPull();
store.savePull({
  snapshot: { format: SNAPSHOT_FORMAT, capturedAt: '2026-11-23T00:00:00Z', accounts: [{ accountId: '444444444444', authorizationDetails: {} }] },
  newEvents: [{ eventID: 'half-written', eventTime: '2026-11-23T00:00:00Z', eventName: 'AssumeRole' }],
  cursors: { '444444444444/us-east-1/AssumeRole': '2026-11-23T00:00:00Z' },
  eventsSince: '2026-11-20T00:00:00Z',
  progressId: progress.id,
  beforeCommit: () => process.kill(process.pid, 'SIGKILL'),
});
