import { expect, test } from '@playwright/test';
import { demoIncidents, demoSnapshot } from '../lib/demo';
import type { RoleDetail, Snapshot } from '../lib/engine/types';
import { watchConsole } from './console';
import { startOwnServer, type OwnServer } from './own-server';
import { DiagnosisPage } from './pages/diagnosis-page';
import { FrozenPage } from './pages/frozen-page';
import { HomePage } from './pages/home-page';

// The shared test server shows the demo whatever happens (DOCTOR_SOURCE=demo), so the data cannot
// change under it. This spec starts its own production server on the same build, with a store
// of its own and DOCTOR_SOURCE=auto, so that an import really replaces the current data.

const port = Number(process.env.E2E_PORT || 3100) + 37;
let server: OwnServer | undefined;
let baseURL = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startOwnServer('frozen', port, { DOCTOR_SOURCE: 'auto' });
  baseURL = server.baseURL;
});

test.afterAll(() => server?.stop());

/** The demo organization with BreakGlassAdmin no longer asking for MFA: the incident's call now passes. */
function snapshotWithoutMfaCondition(): Snapshot {
  const copy = JSON.parse(JSON.stringify(demoSnapshot)) as Snapshot;
  const role = copy.accounts.flatMap((account) => account.authorizationDetails.RoleDetailList ?? []).find((candidate: RoleDetail) => candidate.RoleName === 'BreakGlassAdmin')!;
  const trust = (typeof role.AssumeRolePolicyDocument === 'string' ? JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument)) : role.AssumeRolePolicyDocument) as {
    Statement: Record<string, unknown>[] | Record<string, unknown>;
  };
  for (const statement of Array.isArray(trust.Statement) ? trust.Statement : [trust.Statement]) delete statement.Condition;
  role.AssumeRolePolicyDocument = trust as Record<string, unknown>;
  return { ...copy, source: 'import', capturedAt: '2026-11-23T08:00:00Z' };
}

test('a frozen link keeps showing the incident after the data changes', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const incident = demoIncidents.find((candidate) => candidate.slug === 'mfa-required')!;
  const home = new HomePage(page);

  await page.goto(`${baseURL}/`);
  await expect(home.dataSource).toContainText(/demo/i);
  await home.diagnose(incident.eventID);
  const diagnosis = new DiagnosisPage(page);
  await diagnosis.waitForDiagrams();
  await diagnosis.expectFailingAt(['trust-conditions']);
  const liveLink = page.url();
  const awsError = (await diagnosis.awsError.textContent()) ?? '';
  const frozenLink = await diagnosis.freezeAndOpen();

  const frozen = new FrozenPage(page);
  await expect(frozen.banner).toContainText('Frozen');
  await expect(frozen.source).toContainText(/demo/i);
  await frozen.waitForDiagrams();
  await frozen.expectFailingAt(['trust-conditions']);

  // Replace the data: an import where BreakGlassAdmin's trust no longer requires MFA.
  await page.goto(`${baseURL}/`);
  await home.importFile('fixed-breakglass.json', JSON.stringify(snapshotWithoutMfaCondition()));
  await expect(home.dataSource).toContainText(/import/i);

  // The live link now says "allowed" against the new data…
  await page.goto(liveLink);
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'allowed');

  // …and the frozen link still shows the incident as it was.
  await page.goto(frozenLink);
  await expect(frozen.verdict).toHaveAttribute('data-decision', 'denied');
  await frozen.waitForDiagrams();
  await frozen.expectFailingAt(['trust-conditions']);
  await expect(frozen.awsError).toHaveText(awsError);
  await expect(frozen.source).toContainText(/demo/i);
  await page.screenshot({ path: test.info().outputPath('frozen.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('a redacted frozen link hides account ids and names', async ({ page }) => {
  const errors = watchConsole(page);
  const incident = demoIncidents.find((candidate) => candidate.slug === 'vendor-external-id-mismatch')!;
  await page.goto(`${baseURL}/`);
  const home = new HomePage(page);
  await home.diagnose(incident.eventID);
  const diagnosis = new DiagnosisPage(page);
  await diagnosis.waitForDiagrams();
  await diagnosis.freezeAndOpen({ redact: true });
  const frozen = new FrozenPage(page);
  await expect(frozen.banner).toContainText('pseudonyms');
  await frozen.waitForDiagrams();
  // The data is the import of the previous test, not the demo: no demo override supplies the
  // ExternalId the vendor sent, and the record does not show one (R-64: AWS does not document that
  // CloudTrail logs it), so the trust condition on sts:ExternalId is unknown, not failed.
  await expect(frozen.verdict).toHaveAttribute('data-decision', 'inconclusive');
  await expect(frozen.treeNode('trust-conditions')).toHaveClass(/\bunknown\b/);
  await expect(frozen.check('trust-conditions')).toHaveAttribute('data-status', 'unknown');
  const text = (await page.locator('main').innerText()) + (await frozen.tree.innerHTML()) + (await frozen.sequence.innerHTML());
  for (const secret of ['222222222222', '333333333333', 'VendorMonitoring', 'MonitoringCollector', 'acme-production']) expect(text).not.toContain(secret);
  await page.screenshot({ path: test.info().outputPath('frozen-redacted.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('an import that is not AWS data is refused with the exact cause, and the data stays as it was', async ({ page }) => {
  const home = new HomePage(page);
  await page.goto(`${baseURL}/`);
  const before = (await home.dataSource.textContent()) ?? '';
  await page.getByTestId('import-files').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": "world"}') });
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('source-problem')).toContainText('notes.json');
  await page.reload();
  await expect(home.dataSource).toHaveText(before);
});

test('an unknown frozen id says so', async ({ page }) => {
  const response = await page.goto(`${baseURL}/d/AAAAAAAAAAAAAAAAAAAAAA`);
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('frozen-not-found')).toBeVisible();
});

test('IAM files alone leave the organization unknown unless the upload says the accounts are in none (R-05, R-43)', async ({ page }) => {
  const home = new HomePage(page);
  await page.goto(`${baseURL}/`);
  // One account's get-account-authorization-details output: no organization data in it.
  const details = JSON.stringify(demoSnapshot.accounts[0].authorizationDetails);
  await home.importFile('auth-details.json', details);
  await expect(page.getByTestId('import-note')).toContainText('no organization data was imported');
  await page.reload();
  await page.getByTestId('import-no-organization').check();
  await home.importFile('auth-details.json', details);
  await expect(page.getByTestId('import-note')).not.toContainText('no organization data was imported');
});
