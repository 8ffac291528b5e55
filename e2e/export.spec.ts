import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { demoIncidents } from '../lib/demo';
import { watchConsole } from './console';
import { DiagnosisPage } from './pages/diagnosis-page';
import { HomePage } from './pages/home-page';

test('the home page exports the current data as a snapshot file the CLI can read', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-snapshot').click()]);
  expect(download.suggestedFilename()).toMatch(/^assumerole-doctor-snapshot-\d{4}-\d{2}-\d{2}\.json$/);
  const snapshot = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(snapshot.format).toBe('assumerole-doctor/snapshot@1');
  expect(snapshot.accounts.map((account: { accountId: string }) => account.accountId).sort()).toEqual(['111111111111', '222222222222', '333333333333']);
  expect(snapshot.events.length).toBeGreaterThanOrEqual(13);
  expect(errors).toEqual([]);
});

test('the decision tree exports as SVG and as a PNG image (its canvas is not tainted by HTML labels)', async ({ page }) => {
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await home.goto();
  await home.diagnose(demoIncidents[0].eventID);
  const diagnosis = new DiagnosisPage(page);
  await diagnosis.waitForDiagrams();
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export .* as SVG$/ }).first().click()]);
  expect(readFileSync(await svg.path(), 'utf8')).toContain('<svg');
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export .* as PNG$/ }).first().click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  // The PNG signature: a real image came out of the canvas, not an error.
  expect([...readFileSync(await png.path()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  expect(errors).toEqual([]);
});
