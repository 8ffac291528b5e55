// The proxy in front of every page and route: a request that names another host (DNS rebinding)
// never reaches the pages that render the IAM data.
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { config, proxy } from './proxy';

function get(path: string, host: string): Promise<Response> | Response {
  return proxy(new NextRequest(`http://127.0.0.1:3000${path}`, { headers: { host } }));
}

describe('proxy', () => {
  it('refuses a page request whose Host names another machine, naming the header', async () => {
    const response = await get('/roles/222222222222/Deploy', 'attacker.example:3000');
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('attacker.example'), field: 'Host' } });
  });

  it('lets this machine through, under each of its loopback names', async () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000']) {
      const response = await get('/roles', host);
      expect(response.headers.get('x-middleware-next'), host).toBe('1');
    }
  });

  it('answers an address that is not valid percent-encoding with a 400 naming the segment, not a bare 500', async () => {
    const response = await get('/roles/%E0%A4%A/Deploy', '127.0.0.1:3000');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'bad-usage', message: expect.stringContaining('path segment 2 "%E0%A4%A" is not valid percent-encoding'), field: 'path' } });
  });

  it('covers every path but the static build output', () => {
    const matcher = new RegExp(`^${config.matcher[0]}$`);
    expect(matcher.test('/roles/222222222222/Deploy')).toBe(true);
    expect(matcher.test('/api/source/export')).toBe(true);
    expect(matcher.test('/_next/static/chunks/app.js')).toBe(false);
    // Uploads skip the proxy (it would buffer up to 64 MB for them); their route runs the guard itself.
    expect(matcher.test('/api/source/import')).toBe(false);
    // Only that route: anything longer is guarded as usual.
    for (const path of ['/api/source/importer', '/api/source/import/x', '/api/source/import-evil']) expect(matcher.test(path), path).toBe(true);
    expect(matcher.test('/api/source')).toBe(true);
  });
});
