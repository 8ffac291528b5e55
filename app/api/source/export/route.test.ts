// GET /api/source/export, called as Next.js calls it. The download name never carries more of the
// snapshot than a date (F6): a capturedAt held from before validation cannot break the header.
import { describe, expect, it, vi } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import type { Snapshot } from '@/lib/engine/types';

let current: Snapshot = demoSnapshot;
vi.mock('@/lib/data-source', () => ({ getCurrentSnapshot: () => current }));

const { GET } = await import('./route');

const get = () => GET(new Request('http://127.0.0.1:3000/api/source/export', { headers: { host: '127.0.0.1:3000', 'sec-fetch-site': 'same-origin' } }));

describe('GET /api/source/export', () => {
  it('answers the snapshot as a download named by its capture date', async () => {
    current = { ...demoSnapshot, capturedAt: '2026-11-22T09:00:00Z' };
    const response = get();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="assumerole-doctor-snapshot-2026-11-22.json"');
    expect((await response.json()).format).toBe('assumerole-doctor/snapshot@1');
  });

  it('names the file by today when capturedAt is hostile or missing, instead of a 500 or a broken header', async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const capturedAt of ['2026\r\nX-Injected: y', '"x;', undefined]) {
      current = { ...demoSnapshot, capturedAt };
      const response = get();
      expect(response.status, String(capturedAt)).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="assumerole-doctor-snapshot-${today}.json"`);
      expect(response.headers.get('x-injected')).toBeNull();
    }
  });
});
