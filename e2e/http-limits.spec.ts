import { expect, test } from '@playwright/test';
import http from 'node:http';

// What the HTTP API answers at its edges, against the production server as users run it: bodies
// longer than Next.js buffers through proxy.ts by default (10 MB), methods a route does not serve,
// and a change refused because the server shows the demo (the shared test server runs with
// DOCTOR_SOURCE=demo). Uploads go to the second server (port + 1, DOCTOR_SOURCE=auto), which takes
// imports: the demo one refuses them before reading a byte.
//
// The long bodies are sent chunked, with no Content-Length (as `curl -T -` does): a declared length
// is refused by the route before reading, so only a chunked body reaches the byte count, and only
// a chunked body was cut short by the proxy. Playwright's `request` always sends a length, hence
// node's http module here.

const port = Number(process.env.E2E_PORT || 3100);
const MB = 1024 * 1024;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** POSTs `parts` one chunk each (Transfer-Encoding: chunked, no Content-Length), to the demo server unless `to` says. */
function postChunked(path: string, contentType: string, parts: (string | Buffer)[], to = port): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port: to, path, method: 'POST', headers: { 'content-type': contentType, 'transfer-encoding': 'chunked' } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // The server may answer (413) and close before every chunk is written: the answer is what counts.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    for (const part of parts) req.write(part);
    req.end();
  });
}

const request = {
  action: 'sts:AssumeRole',
  caller: 'arn:aws:iam::111111111111:user/alice',
  roleArn: 'arn:aws:iam::222222222222:role/Deploy',
  roleSessionName: 'alice',
};
const spaces = (megabytes: number) => Buffer.alloc(megabytes * MB, 0x20);

test('a 12 MB chunked body to /api/diagnose gets 413 too-large naming the body, not a truncated-JSON 400', async () => {
  const answer = await postChunked('/api/diagnose', 'application/json', ['{"request":', JSON.stringify(request), ',"pad":"', ...Array.from({ length: 12 }, () => Buffer.alloc(MB, 0x78)), '"}']);
  expect(answer.status, answer.body).toBe(413);
  expect(JSON.parse(answer.body)).toEqual({ error: { code: 'too-large', message: 'the request body is over the 10 MB limit', field: 'body' } });
});

test('a valid request padded past 10 MB with spaces and then garbage is refused, never diagnosed', async () => {
  const answer = await postChunked('/api/diagnose', 'application/json', [JSON.stringify({ request }), spaces(11), 'garbage']);
  expect(answer.status, answer.body.slice(0, 200)).toBe(413);
  const body = JSON.parse(answer.body);
  expect(body.error.code).toBe('too-large');
  expect(body.decision).toBeUndefined();
});

test('a chunked body just under 10 MB is read whole: trailing garbage is bad JSON (400), not a verdict', async () => {
  const answer = await postChunked('/api/diagnose', 'application/json', [JSON.stringify({ request }), spaces(9), 'garbage']);
  expect(answer.status, answer.body.slice(0, 200)).toBe(400);
  const body = JSON.parse(answer.body);
  expect(body.error).toMatchObject({ code: 'bad-json', field: 'body' });
  expect(body.decision).toBeUndefined();
});

test('an import upload past 10 MB reaches the route whole: 15 MB is parsed, 66 MB is 413; a demo server refuses before reading', async () => {
  const boundary = 'doctor-e2e-boundary';
  const multipart = (size: number) => [
    `--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="big.json"\r\ncontent-type: application/json\r\n\r\n`,
    ...Array.from({ length: size }, () => spaces(1)),
    `\r\n--${boundary}--\r\n`,
  ];
  const imports = port + 1;
  const fifteen = await postChunked('/api/source/import', `multipart/form-data; boundary=${boundary}`, multipart(15), imports);
  // Read whole as a form (it was "expected a multipart form" when cut at 10 MB): the file itself,
  // 15 MB of spaces, is then refused as no JSON, naming it.
  expect(fifteen.status, fifteen.body).toBe(400);
  expect(fifteen.body).not.toContain('expected a multipart form');
  expect(JSON.parse(fifteen.body).error.message).toContain('big.json');
  const huge = await postChunked('/api/source/import', `multipart/form-data; boundary=${boundary}`, multipart(66), imports);
  expect(huge.status, huge.body).toBe(413);
  expect(JSON.parse(huge.body)).toEqual({ error: { code: 'too-large', message: 'files: the upload is over the 64 MB limit', field: 'files' } });
  // The demo server answers the same 66 MB upload with its refusal, without reading it first.
  const refused = await postChunked('/api/source/import', `multipart/form-data; boundary=${boundary}`, multipart(66));
  expect(refused.status, refused.body).toBe(409);
  expect(JSON.parse(refused.body)).toEqual({ error: { code: 'read-only', message: expect.stringContaining('DOCTOR_SOURCE=auto or live'), field: 'DOCTOR_SOURCE' } });
});

test('a method a route does not serve gets 405 in the error shape, with Allow', async ({ request: api }) => {
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH'] as const) {
    const response = await api.fetch('/api/diagnose', { method, headers: { 'content-type': 'application/json' }, data: method === 'GET' || method === 'DELETE' ? undefined : '{}' });
    expect(response.status(), method).toBe(405);
    expect(response.headers()['allow'], method).toBe('POST');
    expect(await response.json(), method).toEqual({ error: { code: 'method-not-allowed', message: `method: ${method} is not served here; use POST`, field: 'method' } });
  }
  const exportDelete = await api.delete('/api/source/export');
  expect(exportDelete.status()).toBe(405);
  expect(exportDelete.headers()['allow']).toBe('GET, HEAD');
  const options = await api.fetch('/api/diagnose', { method: 'OPTIONS' });
  expect(options.status()).toBe(204);
  expect(options.headers()['allow']).toBe('OPTIONS, POST');
});

test('refresh on the demo server is a 409 read-only refusal that says how to enable it, not a 500', async ({ request: api }) => {
  const response = await api.post('/api/source');
  expect(response.status()).toBe(409);
  expect(await response.json()).toEqual({ error: { code: 'read-only', message: expect.stringContaining('DOCTOR_SOURCE=auto or live'), field: 'DOCTOR_SOURCE' } });
});
