// POST /api/diagnose, called as Next.js calls it: the exported handler with a web Request.
import { describe, expect, it, vi } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import { loadSnapshot } from '@/lib/engine/snapshot';

// The server's current data; the real data source reads the store on disk.
vi.mock('@/lib/data-source', () => ({ getIndexedSnapshot: () => loadSnapshot(demoSnapshot) }));

const { POST } = await import('./route');

const A = '111111111111';
const B = '222222222222';
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const snapshot = {
  format: 'assumerole-doctor/snapshot@1',
  accounts: [
    { accountId: A, authorizationDetails: { UserDetailList: [{ UserName: 'alice', UserId: 'AIDAALICEXXXXXXXX', Arn: `arn:aws:iam::${A}:user/alice` }] } },
    {
      accountId: B,
      authorizationDetails: {
        RoleDetailList: [
          { RoleName: 'Deploy', RoleId: 'AROADEPLOYXXXXXXX', Arn: `arn:aws:iam::${B}:role/Deploy`, AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole' }) },
        ],
      },
    },
  ],
};
const request = { action: 'sts:AssumeRole', caller: `arn:aws:iam::${A}:user/alice`, roleArn: `arn:aws:iam::${B}:role/Deploy`, roleSessionName: 'alice' };

function post(body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Promise<Response> {
  return POST(new Request('http://localhost/api/diagnose', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, duplex: 'half' } as RequestInit));
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  const body = await response.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body).not.toHaveProperty('decision');
  return body.error;
}

describe('POST /api/diagnose', () => {
  it('answers 200 with the diagnosis for { snapshot, request }', async () => {
    const response = await post(JSON.stringify({ snapshot, request }));
    expect(response.status).toBe(200);
    const diagnosis = await response.json();
    expect(diagnosis.format).toBe('assumerole-doctor/diagnosis@1');
    // cross-account, and alice has no identity allow.
    expect(diagnosis.decision).toBe('denied');
    expect(diagnosis.failedChecks).toEqual(['identity-policy']);
    expect(diagnosis.fixes[0].cli).toContain('put-user-policy');
    expect(diagnosis.diagram.mermaid).toContain('identity_policy');
  });

  it('uses the server current data when the body has no snapshot', async () => {
    const response = await post(JSON.stringify({ request: { action: 'sts:AssumeRole', caller: `arn:aws:iam::${A}:user/dana`, roleArn: `arn:aws:iam::${B}:role/ReadOnly`, roleSessionName: 'dana' } }));
    expect(response.status).toBe(200);
    expect((await response.json()).checks.find((check: { id: string }) => check.id === 'role-exists').status).toBe('pass');
  });

  it('400 for malformed JSON', async () => {
    const response = await post('{"request": ');
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('bad-json');
  });

  it('413 when Content-Length says more than 10 MB', async () => {
    const response = await post('{}', { 'content-length': String(10 * 1024 * 1024 + 1) });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('too-large');
  });

  it('413 when the bytes actually received exceed 10 MB (streamed, no length)', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(1024 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"request":{},"pad":"'));
        for (let i = 0; i < 11; i++) controller.enqueue(chunk);
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
      },
    });
    const response = await post(stream);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: 'too-large', message: 'the request body is over the 10 MB limit', field: 'body' } });
  });

  it('413 naming the body when Content-Length says more than 10 MB', async () => {
    const response = await post('{}', { 'content-length': String(12 * 1024 * 1024) });
    expect(await response.json()).toEqual({ error: { code: 'too-large', message: 'the request body is 12 MB, over the 10 MB limit', field: 'body' } });
  });

  it('422 naming the field when the request is missing or wrong', async () => {
    const missing = await errorOf(await post(JSON.stringify({ snapshot })));
    expect(missing.message).toMatch(/request/);
    const badArn = await post(JSON.stringify({ snapshot, request: { ...request, roleArn: 'arn' + ':x'.repeat(500) } }));
    expect(badArn.status).toBe(422);
    expect((await errorOf(badArn)).message).toMatch(/roleArn/);
    const badAction = await post(JSON.stringify({ snapshot, request: { ...request, action: 'sts:GetCallerIdentity' } }));
    expect(badAction.status).toBe(422);
    expect((await errorOf(badAction)).message).toMatch(/action/);
  });

  it('refuses hostile input with 4xx and never a verdict', async () => {
    const notAPolicy = structuredClone(snapshot) as typeof snapshot;
    (notAPolicy.accounts[1].authorizationDetails.RoleDetailList![0] as Record<string, unknown>).AssumeRolePolicyDocument = { hello: ['world'] };
    const deep = `{"request":${'['.repeat(1000)}${']'.repeat(1000)}}`;
    const bigPolicy = structuredClone(snapshot) as typeof snapshot;
    (bigPolicy.accounts[1].authorizationDetails.RoleDetailList![0] as Record<string, unknown>).AssumeRolePolicyDocument = doc({ Sid: 'x'.repeat(10 * 1024 * 1024), Effect: 'Allow', Principal: '*', Action: '*' });
    const mediumPolicy = structuredClone(snapshot) as typeof snapshot;
    (mediumPolicy.accounts[1].authorizationDetails.RoleDetailList![0] as Record<string, unknown>).AssumeRolePolicyDocument = doc({ Sid: 'x'.repeat(5 * 1024 * 1024), Effect: 'Allow', Principal: '*', Action: '*' });
    const bodies: [string, string][] = [
      ['a policy that is not a policy', JSON.stringify({ snapshot: notAPolicy, request })],
      ['an ARN with 500 colons as caller', JSON.stringify({ snapshot, request: { ...request, caller: 'arn' + ':'.repeat(500) } })],
      ['1,000-deep nesting', deep],
      ['a 10 MB policy', JSON.stringify({ snapshot: bigPolicy, request })],
      ['a 5 MB policy inside the body limit', JSON.stringify({ snapshot: mediumPolicy, request })],
      ['a snapshot that is an array', JSON.stringify({ snapshot: [1, 2], request })],
      ['a body that is a string', JSON.stringify('hello')],
    ];
    for (const [name, body] of bodies) {
      const response = await post(body);
      expect(response.status, name).toBeGreaterThanOrEqual(400);
      expect(response.status, name).toBeLessThan(500);
      await errorOf(response);
    }
  });
});
