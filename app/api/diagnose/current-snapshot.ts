// The snapshot used when a POST /api/diagnose body has none: the server's current data (the
// newest live pull or import, else the demo), already indexed and cached by the data source.
import type { IndexedSnapshot } from '@/lib/engine/snapshot';

export async function currentSnapshot(): Promise<IndexedSnapshot> {
  // Loaded on demand: the data source opens the store, which a request carrying its own snapshot never needs.
  const { getIndexedSnapshot } = await import('@/lib/data-source');
  return getIndexedSnapshot();
}
