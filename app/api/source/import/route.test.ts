// The upload passes the uploader's "no organization" statement to the import, and only then.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const received: unknown[] = [];
vi.mock('@/lib/data-source', () => ({
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
});
