import { expect, test } from '@playwright/test';
import { demoIncidents } from '../lib/demo';
import { watchConsole } from './console';
import { DiagnosisPage } from './pages/diagnosis-page';
import { HomePage } from './pages/home-page';

// Phone-sized screens: nothing may force the page wider than the screen (diagrams and policies
// scroll inside their own boxes), and every page is screenshotted for review.
test.use({ viewport: { width: 390, height: 844 } });

async function expectNoHorizontalOverflow(page: import('@playwright/test').Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('home, diagnosis, roles and role pages fit a 390×844 screen', async ({ page }) => {
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await home.goto();
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: test.info().outputPath('mobile-home.png'), fullPage: true });

  await home.diagnose(demoIncidents[0].eventID);
  const diagnosis = new DiagnosisPage(page);
  await diagnosis.waitForDiagrams();
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: test.info().outputPath('mobile-diagnosis.png'), fullPage: true });

  await page.goto('/roles');
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: test.info().outputPath('mobile-roles.png'), fullPage: true });

  await page.goto('/roles/222222222222/BreakGlassAdmin');
  await expect(page.getByTestId('who-can-assume')).toHaveAttribute('data-rendered', 'true');
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: test.info().outputPath('mobile-role.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('the diagnosis is usable from the keyboard: skip link, what-if and share controls are reachable', async ({ page }) => {
  const home = new HomePage(page);
  await home.goto();
  // A signed sts:AssumeRole call (the MFA control is offered only for a call that can carry MFA).
  const signed = demoIncidents.find((incident) => incident.slug === 'mfa-required')!;
  await home.diagnose(signed.eventID);
  const diagnosis = new DiagnosisPage(page);
  await diagnosis.waitForDiagrams();
  const reached = new Set<string>();
  for (let index = 0; index < 40; index += 1) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.textContent?.trim() ?? '');
    reached.add(id);
  }
  for (const testId of ['copy-link', 'freeze', 'what-if-mfa', 'what-if-source-ip']) expect([...reached]).toContain(testId);
});

test('in dark mode the diagrams are drawn with the dark theme', async ({ page }) => {
  const errors = watchConsole(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  const home = new HomePage(page);
  await home.goto();
  await home.diagnose(demoIncidents[0].eventID);
  const diagnosis = new DiagnosisPage(page);
  await diagnosis.waitForDiagrams();
  await diagnosis.expectFailingAt(demoIncidents[0].expected.failedChecks);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(11, 17, 32)');
  await page.screenshot({ path: test.info().outputPath('mobile-diagnosis-dark.png'), fullPage: true });
  expect(errors).toEqual([]);
});
