import { expect, test, type Page } from '@playwright/test';
import { watchConsole } from './console';
import { LearnPage } from './pages/learn-page';

// Learn's layout and the details a UX review found wrong: pages wider than a phone, code blocks
// cut off, the expiry command that could lower a role's limit, and bare 404s.

const PHONE_PAGES = [
  '/learn/github-actions-oidc/sub-claims',
  '/learn/troubleshooting/the-tree',
  '/learn/how-assume-role-works/big-picture',
  '/learn/cross-account-access/trust-policy',
];

async function waitForDiagrams(page: Page): Promise<void> {
  const diagrams = page.locator('[data-rendered]');
  const count = await diagrams.count();
  for (let index = 0; index < count; index += 1) await expect(diagrams.nth(index)).toHaveAttribute('data-rendered', 'true');
}

test.describe('at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  for (const path of PHONE_PAGES) {
    test(`${path} does not scroll sideways`, async ({ page }) => {
      const errors = watchConsole(page);
      await new LearnPage(page).gotoStep(path);
      await waitForDiagrams(page);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      expect(scrollWidth, `${path}: page is ${scrollWidth} px wide`).toBeLessThanOrEqual(innerWidth);
      // Long lines scroll inside their block instead.
      const block = page.getByTestId('learn-code-0').locator('pre');
      await expect(block).toHaveCSS('overflow-x', 'auto');
      await page.screenshot({ path: test.info().outputPath(`phone-${path.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
      expect(errors).toEqual([]);
    });
  }
});

test('code blocks take the full width and scroll inside, instead of being cut at half width', async ({ page }) => {
  await new LearnPage(page).gotoStep('/learn/troubleshooting/the-tree');
  const column = await page.getByTestId('learn-code').boundingBox();
  const block = await page.getByTestId('learn-code-0').boundingBox();
  expect(block!.width).toBeGreaterThan(column!.width - 2);
  const pre = page.getByTestId('learn-code-0').locator('pre');
  await expect(pre).toHaveCSS('overflow-x', 'auto');
  // Nothing is hidden without a way to reach it: content wider than the block means a scrollable block.
  const { scrollWidth, clientWidth } = await pre.evaluate((element) => ({ scrollWidth: element.scrollWidth, clientWidth: element.clientWidth }));
  if (scrollWidth > clientWidth) await expect(pre).toHaveCSS('overflow-x', 'auto');
  await expect(pre).toContainText('# what did STS see?');
});

test('expiry: after choosing PlatformEngineer the shell and Terraform agree and never lower its 12-hour limit', async ({ page }) => {
  const errors = watchConsole(page);
  const learn = new LearnPage(page);
  const written = async () => {
    const shell = (await page.getByTestId('learn-code-0').locator('pre').textContent()) ?? '';
    const terraform = (await page.getByTestId('learn-code-1').locator('pre').textContent()) ?? '';
    const values = [...`${shell}\n${terraform}`.matchAll(/(?:--max-session-duration|max_session_duration\s*=)\s*(\d+)/g)].map((match) => Number(match[1]));
    return { shell, terraform, values };
  };

  // The demo role, ReadOnly, allows 4 hours: the command raises it to the 6 hours the step asks for.
  await learn.gotoStep('/learn/how-assume-role-works/expiry');
  await expect(page.getByTestId('learn-explanation')).toContainText('allows sessions of up to 4 hours');
  let code = await written();
  expect(code.shell).toContain('update-role');
  expect(new Set(code.values)).toEqual(new Set([21600]));

  await page.getByTestId('learn-role-select').selectOption('arn:aws:iam::111111111111:role/PlatformEngineer');
  await page.getByRole('button', { name: 'Use this role' }).click();
  await expect(page).toHaveURL(/role=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2FPlatformEngineer/);
  await expect(page.getByTestId('learn-explanation')).toContainText('allows sessions of up to 12 hours');
  await expect(page.getByTestId('learn-explanation')).not.toContainText('hour(s)');
  await expect(page.getByTestId('learn-code-0')).toContainText('PlatformEngineer already allows 6 hours');
  code = await written();
  expect(code.shell).not.toContain('update-role');
  expect(code.terraform).toContain('max_session_duration = 43200');
  expect(code.values.every((value) => value >= 43200)).toBe(true);
  expect(errors).toEqual([]);
});

for (const path of ['/learn/nope', '/learn/troubleshooting/nope']) {
  test(`${path} is a Learn 404 with a way back to /learn`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId('learn-not-found')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('No such walkthrough or step');
    const back = page.getByTestId('learn-not-found-back');
    await expect(back).toHaveAttribute('href', '/learn');
    await back.click();
    await expect(page).toHaveURL(/\/learn$/);
    await expect(page.getByTestId('learn-walkthroughs')).toBeVisible();
  });
}
