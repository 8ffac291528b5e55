import { expect, test } from '@playwright/test';
import { watchConsole } from './console';
import { LearnPage } from './pages/learn-page';

// What each "Break it" button must do, stated independently of the app: the check that fails
// first (the red node of the decision tree), or 'allowed' when the change does not matter to STS.
const EXPECTED: Record<string, string> = {
  'trust-other-account': 'trust-principal',
  'drop-identity-permission': 'identity-policy',
  'require-mfa': 'trust-conditions',
  'chained-two-hours': 'duration',
  'longer-than-max': 'duration',
  'expired-caller': 'caller',
  'remove-external-id': 'trust-conditions',
  'wrong-external-id': 'trust-conditions',
  'outside-source-ip': 'trust-conditions',
  'require-mfa-vendor': 'trust-conditions',
  'drop-vendor-permission': 'identity-policy',
  'trust-other-vendor-role': 'trust-principal',
  'chained-two-hours-vendor': 'duration',
  'detach-role-permissions': 'allowed',
  'trust-lambda-instead': 'trust-principal',
  'trust-wrong-action': 'trust-principal',
  'remove-s3-policy': 'allowed',
  'narrow-sub': 'trust-conditions',
  'pull-request-job': 'trust-conditions',
  'wrong-audience': 'web-identity',
  'delete-provider': 'web-identity',
  'foreign-repo': 'rcp',
};

function screenshotName(path: string, suffix = ''): string {
  return `${path.replace(/^\/learn\//, '').replace(/[^a-z0-9]+/gi, '-')}${suffix}.png`;
}

test('the walkthrough list links every step of the five walkthroughs', async ({ page }) => {
  const errors = watchConsole(page);
  const learn = new LearnPage(page);
  await learn.gotoIndex();
  await expect(page.locator('[data-testid^="walkthrough-"]')).toHaveCount(5);
  for (const title of ['How AssumeRole works', 'Set up cross-account access', 'An EC2 instance reads S3 through its role', 'GitHub Actions with OIDC', 'Troubleshooting tree']) {
    await expect(page.getByRole('link', { name: new RegExp(title) }).first()).toBeVisible();
  }
  expect((await learn.stepPaths()).length).toBeGreaterThanOrEqual(20);
  await page.screenshot({ path: test.info().outputPath('learn-index.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('every step renders all its diagrams without console errors', async ({ page }) => {
  test.setTimeout(300_000);
  const learn = new LearnPage(page);
  await learn.gotoIndex();
  const paths = await learn.stepPaths();
  for (const path of paths) {
    const errors = watchConsole(page);
    await learn.gotoStep(path);
    await expect(learn.stepDiagrams().first()).toBeAttached();
    const drawn = await learn.expectAllDiagramsRendered();
    expect(drawn, path).toBeGreaterThan(0);
    await expect(page.getByTestId('learn-explanation')).not.toBeEmpty();
    await page.screenshot({ path: test.info().outputPath(screenshotName(path)), fullPage: true });
    expect(errors, path).toEqual([]);
    page.removeAllListeners('console');
    page.removeAllListeners('pageerror');
  }
});

test('every "Break it" fails the expected check, paints its node red, and Reset restores allowed', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchConsole(page);
  const learn = new LearnPage(page);
  await learn.gotoIndex();
  const paths = await learn.stepPaths();
  const tested = new Set<string>();
  for (const path of paths) {
    await learn.gotoStep(path);
    if ((await learn.breakIt().count()) === 0) continue;
    await learn.expectTreeDrawn();
    await expect(learn.decision()).toHaveText('allowed');
    for (const id of await learn.breakIds()) {
      if (tested.has(id)) continue;
      expect(Object.keys(EXPECTED), `no expectation for break ${id}`).toContain(id);
      const expected = EXPECTED[id];
      await learn.clickBreak(id);
      await expect(page).toHaveURL(new RegExp(`[?&]break=${id}`));
      await expect(page.getByTestId('break-explanation')).toBeVisible();
      await expect(page.getByTestId('break-changes')).toContainText('What changed');
      if (expected === 'allowed') {
        await expect(learn.decision()).toHaveText('allowed');
        await expect(page.getByTestId('learn-failed-checks')).toHaveCount(0);
      } else {
        await expect(learn.decision()).toHaveText(/denied|invalid/);
        await expect(page.getByTestId(`failed-check-${expected}`)).toBeVisible();
        await expect(page.getByTestId('learn-deciding-check')).toHaveText(expected);
        await learn.expectTreeDrawn();
        await expect(learn.treeNode(expected)).toHaveClass(/\bfail\b/);
        await expect(page.getByTestId(`learn-check-${expected}`)).toHaveAttribute('data-status', 'fail');
        await learn.expectNodeInView(expected);
      }
      await page.screenshot({ path: test.info().outputPath(screenshotName(path, `-break-${id}`)), fullPage: true });
      await learn.reset();
      await expect(learn.decision()).toHaveText('allowed');
      await expect(page).not.toHaveURL(/[?&]break=/);
      await learn.expectTreeDrawn();
      await expect(learn.decisionTree().locator('g.node.fail')).toHaveCount(0);
      tested.add(id);
    }
  }
  expect([...tested].sort()).toEqual(Object.keys(EXPECTED).sort());
  expect(errors).toEqual([]);
});

test('a broken state is a link: reloading keeps it', async ({ page }) => {
  const learn = new LearnPage(page);
  await learn.gotoStep('/learn/cross-account-access/trust-policy?break=remove-external-id');
  await expect(page.getByTestId('break-remove-external-id')).toHaveAttribute('aria-pressed', 'true');
  await expect(learn.decision()).toHaveText('denied');
  await expect(page.getByTestId('failed-check-trust-conditions')).toBeVisible();
});

test('arrow keys and j/k move between steps; the controls are labelled', async ({ page }) => {
  const learn = new LearnPage(page);
  await learn.gotoStep('/learn/how-assume-role-works/big-picture');
  await expect(page.getByTestId('learn-step-position')).toHaveText('Step 1 of 5');
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/\/learn\/how-assume-role-works\/the-request$/);
  await page.keyboard.press('j');
  await expect(page).toHaveURL(/\/learn\/how-assume-role-works\/trust-check$/);
  await page.keyboard.press('k');
  await expect(page).toHaveURL(/\/learn\/how-assume-role-works\/the-request$/);
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/\/learn\/how-assume-role-works\/big-picture$/);
  await expect(page.getByRole('navigation', { name: 'Step navigation' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Next: The request/ })).toBeVisible();
  // Keyboard focus is visible on the controls.
  const next = page.getByTestId('learn-next');
  await next.focus();
  const outline = await next.evaluate((element) => getComputedStyle(element).outlineStyle);
  expect(outline).not.toBe('none');
});

test('progress is kept in the browser and shown on the list', async ({ page }) => {
  const learn = new LearnPage(page);
  await learn.gotoIndex();
  await expect(page.getByTestId('progress-ec2-reads-s3')).toHaveText('Not started');
  await learn.gotoStep('/learn/ec2-reads-s3/role-and-trust');
  await learn.gotoStep('/learn/ec2-reads-s3/s3-read-policy');
  await learn.gotoIndex();
  await expect(page.getByTestId('progress-ec2-reads-s3')).toHaveText('2 of 4 steps visited');
  await expect(page.getByTestId('visited-ec2-reads-s3-role-and-trust')).toBeVisible();
  await page.getByTestId('learn-reset-progress').click();
  await expect(page.getByTestId('progress-ec2-reads-s3')).toHaveText('Not started');
});

test('the GitHub sub table shows what the engine admitted and refused', async ({ page }) => {
  const learn = new LearnPage(page);
  await learn.gotoStep('/learn/github-actions-oidc/sub-claims');
  const rows = page.getByTestId('learn-sub-row');
  await expect(rows).toHaveCount(7);
  await expect(page.locator('[data-testid="learn-sub-row"][data-admitted="true"]')).toHaveCount(2);
  await expect(rows.filter({ hasText: 'refs/heads/main' }).first()).toContainText('admitted');
  await expect(rows.filter({ hasText: 'pull_request' })).toContainText('refused');
});

test('the role picker swaps the subject role into the URL, the diagrams and the live diagnosis', async ({ page }) => {
  const errors = watchConsole(page);
  const learn = new LearnPage(page);
  await learn.gotoStep('/learn/how-assume-role-works/big-picture');
  await expect(page.getByTestId('learn-diagram-architecture')).toHaveAttribute('data-rendered', 'true');
  await expect(page.getByText('Architecture: alice borrows ReadOnly')).toBeVisible();
  await page.getByTestId('learn-role-select').selectOption('arn:aws:iam::222222222222:role/Operator');
  await page.getByRole('button', { name: 'Use this role' }).click();
  await expect(page).toHaveURL(/[?&]role=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2FOperator/);
  await expect(page.getByText('Architecture: PlatformEngineer/learn borrows Operator')).toBeVisible();
  await expect(page.getByTestId('learn-diagram-architecture')).toHaveAttribute('data-rendered', 'true');
  // The role stays chosen from step to step, and the trust check diagnoses it with the engine.
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/\/the-request\?role=/);
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/\/trust-check\?role=/);
  await expect(page.getByText(/Scenario: your role arn:aws:iam::222222222222:role\/Operator/)).toBeVisible();
  await expect(learn.decision()).toHaveText('allowed');
  await learn.expectTreeDrawn();
  await page.screenshot({ path: test.info().outputPath('role-picker-operator.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('a walkthrough link opens its first step; an unknown step is a 404', async ({ page }) => {
  await page.goto('/learn/troubleshooting');
  await expect(page).toHaveURL(/\/learn\/troubleshooting\/the-tree$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Three questions, in order');
  const response = await page.goto('/learn/troubleshooting/no-such-step');
  expect(response?.status()).toBe(404);
});
