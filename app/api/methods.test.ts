// The methods a route under app/api/** does not serve: 405 in the API's error shape with `Allow`
// (Next.js alone answers a bare 405 with no body and no Allow), and OPTIONS listing what is served.
// Called as Next.js calls the handlers: the exported function with a web Request.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// A refused method must never reach the data: every function of the data source throws.
vi.mock('@/lib/data-source', () => {
  const never = () => {
    throw new Error('a refused method reached the data source');
  };
  return { describeDataSource: never, startRefresh: never, importFiles: never, getCurrentSnapshot: never, getIndexedSnapshot: never, refreshRefusal: never };
});

type Handler = (request: Request) => Response | Promise<Response>;

/** What each route serves; everything else is refused. */
const SERVED: Record<string, string[]> = {
  '/api/diagnose': ['POST'],
  '/api/source': ['GET', 'POST'],
  '/api/source/export': ['GET'],
  '/api/source/import': ['POST'],
};
const ALLOW: Record<string, string> = { '/api/diagnose': 'POST', '/api/source': 'GET, HEAD, POST', '/api/source/export': 'GET, HEAD', '/api/source/import': 'POST' };
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const apiDir = path.resolve(__dirname);
const routeFiles = (readdirSync(apiDir, { recursive: true }) as string[]).filter((file) => path.basename(file) === 'route.ts').sort();
const routes = await Promise.all(
  routeFiles.map(async (file) => ({
    urlPath: `/api/${path.dirname(file).split(path.sep).filter((p) => p !== '.').join('/')}`.replace(/\/$/, ''),
    mod: (await import(/* @vite-ignore */ path.join(apiDir, file))) as Record<string, Handler | undefined>,
  })),
);

function call(handler: Handler, method: string, urlPath: string, headers: Record<string, string> = { host: '127.0.0.1:3000' }): Promise<Response> {
  const body = method === 'GET' || method === 'HEAD' ? undefined : '{}';
  return Promise.resolve(handler(new Request(`http://127.0.0.1:3000${urlPath}`, { method, headers: { 'content-type': 'application/json', ...headers }, body })));
}

describe('methods an /api route does not serve', () => {
  it('every route is listed here', () => {
    expect(routes.map((r) => r.urlPath).sort()).toEqual(Object.keys(SERVED).sort());
  });

  for (const { urlPath, mod } of routes) {
    const refused = METHODS.filter((m) => !SERVED[urlPath].includes(m) && !(m === 'HEAD' && SERVED[urlPath].includes('GET')));

    for (const method of refused) {
      it(`${method} ${urlPath} is 405 method-not-allowed with Allow: ${ALLOW[urlPath]}`, async () => {
        const handler = mod[method];
        expect(handler, `${urlPath} exports ${method}`).toBeTypeOf('function');
        const response = await call(handler!, method, urlPath);
        expect(response.status).toBe(405);
        expect(response.headers.get('allow')).toBe(ALLOW[urlPath]);
        expect(await response.json()).toEqual({
          error: { code: 'method-not-allowed', message: `method: ${method} is not served here; use ${ALLOW[urlPath].split(', ').join(' or ')}`, field: 'method' },
        });
      });
    }

    it(`OPTIONS ${urlPath} is 204 with Allow naming what it serves`, async () => {
      const response = await call(mod.OPTIONS!, 'OPTIONS', urlPath);
      expect(response.status).toBe(204);
      expect(response.headers.get('allow')).toBe([...ALLOW[urlPath].split(', '), 'OPTIONS'].sort().join(', '));
    });

    it(`a refused method on ${urlPath} from a foreign Host is still the guard's 403`, async () => {
      const method = refused[0];
      const response = await call(mod[method]!, method, urlPath, { host: 'attacker.example:3000' });
      expect(response.status).toBe(403);
      expect((await response.json()).error).toMatchObject({ code: 'forbidden', field: 'Host' });
    });
  }
});
