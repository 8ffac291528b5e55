// The role page reads its params once-decoded, as Next.js passes them (F5): a `%` in the URL is
// a literal character of the name, never a reason for URIError.
import { describe, expect, it, vi } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import { loadSnapshot } from '@/lib/engine/snapshot';

vi.mock('@/lib/ui/current', () => ({
  currentData: async () => ({ snapshot: demoSnapshot, indexed: loadSnapshot(demoSnapshot), source: { kind: 'demo', label: 'demo', accountCount: 3, canRefresh: false, canImport: false } }),
  demoOverrides: () => undefined,
}));
// The diagram component is a client component (Mermaid in the browser): not needed to find the role.
vi.mock('@/components/mermaid-diagram', () => ({ MermaidDiagram: () => null }));

const { default: RolePage, generateMetadata } = await import('./page');

const params = (account: string, name: string) => ({ params: Promise.resolve({ account, name }) });

/** The digest Next.js's notFound() throws with. */
async function notFoundDigest(render: Promise<unknown>): Promise<string | undefined> {
  try {
    await render;
    return undefined;
  } catch (error) {
    return (error as { digest?: string }).digest;
  }
}

describe('the role page (/roles/[account]/[name])', () => {
  it('titles the page with the name as given, even one with a % (no second decoding)', async () => {
    expect((await generateMetadata(params('222222222222', '%ZZ'))).title).toBe('Role %ZZ');
    expect((await generateMetadata(params('222222222222', 'a%41b'))).title).toBe('Role a%41b');
  });

  it('answers notFound() for a name that is not a role, % included, instead of throwing URIError', async () => {
    for (const name of ['%ZZ', '%', 'NoSuchRole', '%52eadOnly']) {
      expect(await notFoundDigest(RolePage(params('222222222222', name))), name).toMatch(/404/);
    }
    expect(await notFoundDigest(RolePage(params('2222', 'ReadOnly')))).toMatch(/404/);
  });

  it('still renders an existing role', async () => {
    const role = demoSnapshot.accounts.flatMap((a) => (a.authorizationDetails.RoleDetailList ?? []).map((r) => [a.accountId, r.RoleName] as const))[0];
    await expect(RolePage(params(role[0], role[1]))).resolves.toBeTruthy();
  });
});
