import { expect, test } from '@playwright/test';
import { watchConsole } from './console';
import { RoleListPage, RolePage } from './pages/role-page';

test('role page: trust policy, who-can-assume graph, findings and recent calls', async ({ page }) => {
  const errors = watchConsole(page);
  const role = new RolePage(page);
  await role.goto('222222222222', 'BreakGlassAdmin');
  await expect(role.graph).toHaveAttribute('data-rendered', 'true');
  await expect(role.graph.locator('svg g.node')).not.toHaveCount(0);
  await expect(role.graph.locator('svg .edgeLabel')).not.toHaveCount(0);
  await expect(role.trustPolicy).toContainText('aws:MultiFactorAuthPresent');
  await expect(role.events.first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('role-breakglass.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('role page: each principal of the data an account principal stands for, with its verdict and a Diagnose link (R-15, R-40)', async ({ page }) => {
  const errors = watchConsole(page);
  const role = new RolePage(page);
  await role.goto('222222222222', 'BreakGlassAdmin');
  const known = page.getByTestId('known-principals').first();
  await known.locator('summary').click();
  const alice = known.getByTestId('known-principal').filter({ hasText: 'arn:aws:iam::111111111111:user/alice' });
  // A plain call from long-term credentials carries no MFA, which the trust policy's condition requires.
  await expect(alice).toHaveAttribute('data-decision', 'denied');
  await alice.getByRole('link', { name: 'Diagnose' }).click();
  await expect(page).toHaveURL(/\/diagnose\?/);
  await expect(page.getByTestId('verdict')).toContainText('Denied');
  await expect(page.getByTestId('failing-check')).toContainText(/condition/i);
  expect(errors).toEqual([]);
});

test('role page flags a GitHub OIDC trust and a deleted principal', async ({ page }) => {
  const errors = watchConsole(page);
  const list = new RoleListPage(page);
  await list.goto();
  const rows = await list.rows.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-role-arn') ?? ''));
  expect(rows.length).toBeGreaterThan(3);
  const role = new RolePage(page);
  await role.goto('222222222222', 'LegacyReporting');
  await expect(page.locator('[data-testid="finding"][data-finding="unique-id-principal"]')).toBeVisible();
  await expect(role.graph).toHaveAttribute('data-rendered', 'true');
  expect(errors).toEqual([]);
});

test('the role list searches through the URL', async ({ page }) => {
  const errors = watchConsole(page);
  const list = new RoleListPage(page);
  await list.goto();
  const all = await list.rows.count();
  await list.search.fill('Vendor');
  await list.search.press('Enter');
  await expect(page).toHaveURL(/\/roles\?q=Vendor/);
  await expect(list.rows).not.toHaveCount(all);
  for (const arn of await list.rows.evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''))) expect(arn.toLowerCase()).toContain('vendor');
  await page.screenshot({ path: test.info().outputPath('roles-search.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('an unknown role answers 404 with a way back to the role list', async ({ page }) => {
  for (const path of ['/roles/222222222222/NoSuchRole', '/roles/999999999999/BreakGlassAdmin', '/roles/not-an-account/BreakGlassAdmin']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { name: 'No such role in the current data' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'All roles' })).toBeVisible();
  }
  // The list itself still streams behind its skeleton and answers 200.
  expect((await page.goto('/roles'))?.status()).toBe(200);
});
