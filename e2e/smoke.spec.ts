import { expect, test } from '@playwright/test';
import { watchConsole } from './console';

test('home page shows the demo data source and the console stays clean', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('AssumeRole Doctor');
  await expect(page.getByTestId('data-source')).toContainText(/demo/i);
  await page.screenshot({ path: test.info().outputPath('home.png'), fullPage: true });
  expect(errors).toEqual([]);
});
