// Every route handler under app/api/** refuses another site's request and a foreign Host before
// doing anything (F3), called as Next.js calls it: the exported handler with a web Request.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { demoSnapshot } from '@/lib/demo';

// The data source is what a refused request must never reach: each function records its calls.
const calls: string[] = [];
vi.mock('@/lib/data-source', async () => {
  const { DoctorError } = await import('@/lib/errors');
  const track =
    <T,>(name: string, value: () => T) =>
    () => {
      calls.push(name);
      return value();
    };
  return {
    describeDataSource: track('describeDataSource', () => ({ source: 'demo', accounts: 3, mode: 'demo', awsConfigured: false })),
    startRefresh: track('startRefresh', () => {
      throw new DoctorError('config', 'not in this test');
    }),
    importFiles: track('importFiles', () => {
      throw new Error('not in this test');
    }),
    getCurrentSnapshot: track('getCurrentSnapshot', () => demoSnapshot),
    getIndexedSnapshot: track('getIndexedSnapshot', () => {
      throw new Error('not in this test');
    }),
    refreshRefusal: () => undefined,
  };
});

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Handler = (request: Request) => Response | Promise<Response>;

/** Every route.ts under app/api, with the HTTP methods it exports. */
const apiDir = path.resolve(__dirname);
const routeFiles = (readdirSync(apiDir, { recursive: true }) as string[]).filter((file) => path.basename(file) === 'route.ts').sort();
const found = await Promise.all(
  routeFiles.map(async (file) => {
    const mod = (await import(/* @vite-ignore */ path.join(apiDir, file))) as Record<string, unknown>;
    const urlPath = `/api/${path.dirname(file).split(path.sep).filter((p) => p !== '.').join('/')}`.replace(/\/$/, '');
    return { urlPath, handlers: METHODS.filter((m) => typeof mod[m] === 'function').map((m) => [m, mod[m] as Handler] as const) };
  }),
);
const routes = found.sort((a, b) => a.urlPath.localeCompare(b.urlPath));

function call(handler: Handler, method: string, urlPath: string, headers: Record<string, string>, body?: BodyInit): Promise<Response> {
  return Promise.resolve(handler(new Request(`http://127.0.0.1:3000${urlPath}`, { method, headers, ...(body === undefined ? {} : { body }) })));
}

async function expectRefused(response: Response, field: string): Promise<void> {
  expect(response.status).toBe(403);
  const body = await response.json();
  expect(body).toEqual({ error: { code: 'forbidden', message: expect.stringContaining(field), field } });
}

beforeEach(() => {
  calls.length = 0;
});

describe('app/api/** route handlers', () => {
  it('are all found (the guard covers every route)', () => {
    // Every method is exported: those a route does not serve answer 405 (lib/http/methods.ts),
    // after the guard too. HEAD is left to Next.js (the GET handler) where a route serves GET.
    expect(routes.map((r) => `${r.urlPath} ${r.handlers.map(([m]) => m).join(',')}`)).toEqual([
      '/api/diagnose GET,HEAD,POST,PUT,PATCH,DELETE',
      '/api/source GET,POST,PUT,PATCH,DELETE',
      '/api/source/export GET,POST,PUT,PATCH,DELETE',
      '/api/source/import GET,HEAD,POST,PUT,PATCH,DELETE',
    ]);
  });

  for (const { urlPath, handlers } of routes) {
    for (const [method, handler] of handlers) {
      const unsafe = method !== 'GET' && method !== 'HEAD';

      it(`${method} ${urlPath} refuses a foreign Host (DNS rebinding), even same-origin`, async () => {
        const host = 'attacker.example:3000';
        await expectRefused(await call(handler, method, urlPath, { host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, unsafe ? '{}' : undefined), 'Host');
        expect(calls).toEqual([]);
      });

      if (unsafe) {
        it(`${method} ${urlPath} refuses another site (Sec-Fetch-Site: cross-site, or a foreign Origin)`, async () => {
          await expectRefused(await call(handler, method, urlPath, { host: '127.0.0.1:3000', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, '{}'), 'Sec-Fetch-Site');
          await expectRefused(await call(handler, method, urlPath, { host: '127.0.0.1:3000', origin: 'https://evil.example', 'content-type': 'application/json' }, '{}'), 'Origin');
          expect(calls).toEqual([]);
        });
      }
    }
  }
});

describe('the attacks of the security review (F3), one by one', () => {
  const handler = (urlPath: string, method: string): Handler => routes.find((r) => r.urlPath === urlPath)!.handlers.find(([m]) => m === method)![1];

  it('a no-cors multipart import from another page does not replace the data', async () => {
    const form = new FormData();
    form.append('files', new File(['{"format":"assumerole-doctor/snapshot@1","accounts":[]}'], 'hostile.json'));
    const response = await call(handler('/api/source/import', 'POST'), 'POST', '/api/source/import', { host: '127.0.0.1:3000', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, form);
    await expectRefused(response, 'Sec-Fetch-Site');
    expect(calls).not.toContain('importFiles');
  });

  it('another page cannot start a pull', async () => {
    await expectRefused(await call(handler('/api/source', 'POST'), 'POST', '/api/source', { host: '127.0.0.1:3000', origin: 'https://evil.example' }), 'Origin');
    expect(calls).not.toContain('startRefresh');
  });

  it('a text/plain POST /api/diagnose is refused, even from the same origin', async () => {
    const body = JSON.stringify({ request: {} });
    await expectRefused(await call(handler('/api/diagnose', 'POST'), 'POST', '/api/diagnose', { host: '127.0.0.1:3000', 'content-type': 'text/plain' }, body), 'Content-Type');
    await expectRefused(await call(handler('/api/diagnose', 'POST'), 'POST', '/api/diagnose', { host: '127.0.0.1:3000' }, body), 'Content-Type');
  });

  it('a rebinding page cannot read the snapshot export; the dashboard itself and curl can', async () => {
    const exportGet = handler('/api/source/export', 'GET');
    const refused = await call(exportGet, 'GET', '/api/source/export', { host: 'attacker.example:3199', 'sec-fetch-site': 'same-origin' });
    await expectRefused(refused, 'Host');
    expect(calls).toEqual([]);
    const allowed: Record<string, string>[] = [{ host: '127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }, { host: 'localhost:3000' }, { host: '[::1]:3000' }];
    for (const headers of allowed) {
      const response = await call(exportGet, 'GET', '/api/source/export', headers);
      expect(response.status, headers.host).toBe(200);
      expect((await response.json()).format).toBe('assumerole-doctor/snapshot@1');
    }
  });

  it('the dashboard’s own calls still get through (same-origin, as the browser sends them)', async () => {
    const sameOrigin = { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' };
    const source = await call(handler('/api/source', 'GET'), 'GET', '/api/source', { host: '127.0.0.1:3000', 'sec-fetch-site': 'same-origin' });
    expect(source.status).toBe(200);
    // Reaches the data source (which this test makes fail): past the guard.
    const refresh = await call(handler('/api/source', 'POST'), 'POST', '/api/source', sameOrigin);
    expect(refresh.status).toBe(500);
    expect(calls).toEqual(['describeDataSource', 'startRefresh']);
  });
});
