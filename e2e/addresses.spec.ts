import { expect, test } from '@playwright/test';

// Addresses a user may paste or mistype, and requests a rebinding page would send: every page
// answers with a status and a message that says what is wrong, never a bare 500.

test('an address that is not valid percent-encoding gets a 400 naming the segment, for pages and the API', async ({ request }) => {
  for (const [path, segment] of [
    ['/roles/%E0%A4%A/Deploy', '%E0%A4%A'],
    ['/d/%ZZ', '%ZZ'],
    ['/roles/111111111111/%', '%'],
  ] as const) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
    expect(response.headers()['content-type'], path).toContain('application/json');
    expect(await response.json(), path).toEqual({ error: { code: 'bad-usage', message: expect.stringContaining(`${JSON.stringify(segment)} is not valid percent-encoding`), field: 'path' } });
  }
  const api = await request.post('/api/diagnose%C3', { data: {} });
  expect(api.status()).toBe(400);
  expect(await api.json()).toEqual({ error: { code: 'bad-usage', message: expect.stringContaining('"diagnose%C3"'), field: 'path' } });
});

test('a page asked for under another host name (DNS rebinding) is refused, naming Host', async ({ request }) => {
  const response = await request.get('/roles', { headers: { host: 'attacker.example:3100' } });
  expect(response.status()).toBe(403);
  expect(await response.json()).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('the Host header "attacker.example:3100" does not name this machine'), field: 'Host' } });
  const home = await request.get('/');
  expect(home.status()).toBe(200);
});
