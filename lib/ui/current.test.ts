import { describe, expect, it, vi } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import { loadSnapshot } from '@/lib/engine';

// Each of these reads the store's current-snapshot row (data-source.ts current()).
const reads = vi.hoisted(() => ({ count: 0 }));
vi.mock('@/lib/data-source', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/data-source')>();
  return {
    ...actual,
    describeDataSource: () => {
      reads.count += 1;
      return { source: 'demo', accounts: demoSnapshot.accounts.length, mode: 'demo', awsConfigured: false };
    },
    getCurrentSnapshot: () => {
      reads.count += 1;
      return demoSnapshot;
    },
    getIndexedSnapshot: () => {
      reads.count += 1;
      return loadSnapshot(demoSnapshot);
    },
  };
});

describe('the current data of a page', () => {
  it('reads the store once for the description and once for the snapshot, and hands out the index of that snapshot', async () => {
    const { currentData } = await import('./current');
    const data = await currentData();
    expect(reads.count).toBe(2);
    expect(data.snapshot).toBe(demoSnapshot);
    expect(data.indexed).toBe(loadSnapshot(demoSnapshot));
    expect(data.source.kind).toBe('demo');
    expect(data.source.accountCount).toBe(demoSnapshot.accounts.length);
  });
});
