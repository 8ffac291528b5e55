import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { watchConsole } from './console';

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
