// Under DOCTOR_SOURCE=demo the server refuses to change its data on purpose: a refresh or an import
// is a 409 `read-only` (a 4xx: nothing is broken) whose message says how to turn it on, never a
// 500 `config` as if the server were at fault. The real data source, configured from the environment.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(path.join(tmpdir(), 'doctor-read-only-'));
process.env.DOCTOR_SOURCE = 'demo';
process.env.DOCTOR_DATA_DIR = dataDir;
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const source = await import('./route');
const upload = await import('./import/route');
const { sourceView } = await import('@/lib/ui/current');
const { describeDataSource } = await import('@/lib/data-source');

const headers = { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' };

describe('a demo server (DOCTOR_SOURCE=demo) refuses to change its data with 409 read-only', () => {
  it('POST /api/source (Refresh)', async () => {
    const response = await source.POST(new Request('http://127.0.0.1:3000/api/source', { method: 'POST', headers }));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: { code: 'read-only', message: expect.stringMatching(/DOCTOR_SOURCE=demo.*set DOCTOR_SOURCE=auto or live/), field: 'DOCTOR_SOURCE' },
    });
  });

  it('POST /api/source/import', async () => {
    const form = new FormData();
    form.append('files', new File(['{"UserDetailList":[]}'], 'auth.json', { type: 'application/json' }));
    const response = await upload.POST(new Request('http://127.0.0.1:3000/api/source/import', { method: 'POST', headers, body: form }));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: { code: 'read-only', message: expect.stringMatching(/importing is off while DOCTOR_SOURCE=demo.*set DOCTOR_SOURCE=auto or live/), field: 'DOCTOR_SOURCE' },
    });
  });

  it('POST /api/source/import refuses before reading the upload (a 64 MB body is not waited for)', async () => {
    let read = false;
    // highWaterMark 0: the stream is pulled only when the route reads the body.
    const body = new ReadableStream<Uint8Array>({ pull: () => { read = true; throw new Error('the body was read'); } }, { highWaterMark: 0 });
    const init = { method: 'POST', headers: { ...headers, 'content-type': 'multipart/form-data; boundary=x' }, body, duplex: 'half' } as RequestInit;
    const response = await upload.POST(new Request('http://127.0.0.1:3000/api/source/import', init));
    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe('read-only');
    expect(read).toBe(false);
  });

  it('the home page hides both controls and says how to enable them', () => {
    const view = sourceView(describeDataSource());
    expect(view).toMatchObject({ canRefresh: false, canImport: false });
    expect(view.whyReadOnly).toContain('DOCTOR_SOURCE=auto or live');
  });
});
