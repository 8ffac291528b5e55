// The upload passes the uploader's "no organization" statement to the import, and only then.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const received: unknown[] = [];
vi.mock('@/lib/data-source', () => ({
  // A server that takes imports (DOCTOR_SOURCE auto or live): read-only.test.ts covers the refusal.
  importRefusal: () => undefined,
  importFiles: (input: unknown, options: unknown) => {
    received.push(options);
    return { snapshot: { id: 's1', label: 'import' }, summary: { accounts: 1, events: 0, warnings: [] } };
  },
}));

const { POST } = await import('./route');

function upload(noOrganization?: string): Promise<Response> {
  const form = new FormData();
  form.append('files', new File(['{"UserDetailList":[]}'], 'auth.json', { type: 'application/json' }));
  if (noOrganization !== undefined) form.append('noOrganization', noOrganization);
  return POST(new Request('http://127.0.0.1:3000/api/source/import', { method: 'POST', body: form }));
}

describe('POST /api/source/import', () => {
  beforeEach(() => {
    received.length = 0;
  });

  it('R-05, R-43: without the statement, the import is asked to leave the organization unknown; with it, to record none', async () => {
    expect((await upload()).status).toBe(200);
    expect((await upload('true')).status).toBe(200);
    expect(received).toEqual([{ noOrganization: false }, { noOrganization: true }]);
  });

  // A chunked upload declares no length: the route counts what it receives, so its own 64 MB limit
  // decides (Next.js lets proxy.ts pass up to 65 MB whole, next.config.js).
  function chunked(parts: (string | Uint8Array)[], contentType: string): Request {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(typeof part === 'string' ? encoder.encode(part) : part);
        controller.close();
      },
    });
    return new Request('http://127.0.0.1:3000/api/source/import', { method: 'POST', body, headers: { 'content-type': contentType }, duplex: 'half' } as RequestInit);
  }
  const boundary = 'b0undary';
  const multipart = (content: (string | Uint8Array)[]) => [`--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="auth.json"\r\ncontent-type: application/json\r\n\r\n`, ...content, `\r\n--${boundary}--\r\n`];

  it('reads a chunked upload (no Content-Length) as a form', async () => {
    const response = await POST(chunked(multipart(['{"UserDetailList":[]}']), `multipart/form-data; boundary=${boundary}`));
    expect(response.status).toBe(200);
    expect(received).toEqual([{ noOrganization: false }]);
  });

  it('413 too-large naming the files when a chunked upload passes 64 MB, before importing', async () => {
    const megabyte = new Uint8Array(1024 * 1024).fill(32);
    const response = await POST(chunked(multipart(Array.from({ length: 65 }, () => megabyte)), `multipart/form-data; boundary=${boundary}`));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: 'too-large', message: 'files: the upload is over the 64 MB limit', field: 'files' } });
    expect(received).toEqual([]);
  });
});
