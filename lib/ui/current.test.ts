import { describe, expect, it, vi } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import { loadSnapshot } from '@/lib/engine';

// currentView reads the store's current-snapshot row once (data-source.ts current()); the separate
// getters would each read it again, and could describe a different snapshot than the one diagnosed.
const reads = vi.hoisted(() => ({ count: 0 }));
vi.mock('@/lib/data-source', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/data-source')>();
  const separately = () => {
    throw new Error('read the snapshot and its description separately');
  };
  return {
    ...actual,
    currentView: () => {
      reads.count += 1;
      return { snapshot: demoSnapshot, indexed: loadSnapshot(demoSnapshot), info: { source: 'demo', accounts: demoSnapshot.accounts.length, mode: 'demo', awsConfigured: false } };
    },
    describeDataSource: separately,
    getCurrentSnapshot: separately,
    getIndexedSnapshot: separately,
  };
});

describe('the current data of a page', () => {
  it('reads the snapshot, its index and its description together, once', async () => {
    const { currentData } = await import('./current');
    const data = await currentData();
    expect(reads.count).toBe(1);
    expect(data.snapshot).toBe(demoSnapshot);
    expect(data.indexed).toBe(loadSnapshot(demoSnapshot));
    expect(data.source.kind).toBe('demo');
    expect(data.source.accountCount).toBe(demoSnapshot.accounts.length);
  });
});
