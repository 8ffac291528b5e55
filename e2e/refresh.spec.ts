import { expect, test } from '@playwright/test';
import { CALLER_KEY, CALLER_SECRET, smallFixture } from '../test/aws-endpoint/fixture';
import { startAwsEndpoint, type AwsEndpoint } from '../test/aws-endpoint/server';
import { watchConsole } from './console';
import { startOwnServer, type OwnServer } from './own-server';
import { HomePage } from './pages/home-page';

// Refresh against a local AWS-protocol endpoint (the one the pull's own tests use): a production
// server of our own with DOCTOR_SOURCE=live and fake static keys pointing at 127.0.0.1, so the
// Refresh button, its live progress and the switch to live data are exercised end to end.

const port = Number(process.env.E2E_PORT || 3100) + 41;
let server: OwnServer | undefined;
let endpoint: AwsEndpoint | undefined;
let baseURL = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  endpoint = await startAwsEndpoint(smallFixture());
  server = await startOwnServer('refresh', port, {
    DOCTOR_SOURCE: 'live',
    AWS_ENDPOINT_URL: endpoint.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: CALLER_KEY,
    AWS_SECRET_ACCESS_KEY: CALLER_SECRET,
    DOCTOR_ASSUME_ROLE_ARNS: 'arn:aws:iam::111111111111:role/DoctorReadOnly,arn:aws:iam::222222222222:role/DoctorReadOnly|doctor-ext',
  });
  baseURL = server.baseURL;
});

test.afterAll(async () => {
  server?.stop();
  await endpoint?.close();
});

test('Refresh pulls from AWS with live progress, then shows the live accounts', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await page.goto(`${baseURL}/`);
  await expect(home.dataSource).toHaveAttribute('data-kind', 'demo');
  await page.getByTestId('refresh').click();
  const progress = page.getByTestId('pull-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(home.dataSource).toHaveAttribute('data-kind', 'live');
  await expect(home.dataSource).toContainText('3 accounts');
  await expect(progress).toContainText('Last pull finished');
  await page.screenshot({ path: test.info().outputPath('home-live.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('with live data, Learn explains one of the pulled roles picked through ?role=', async ({ page }) => {
  // Runs after the Refresh test (serial): the server now shows the pulled accounts.
  const errors = watchConsole(page);
  await page.goto(`${baseURL}/learn/how-assume-role-works/big-picture`);
  const picker = page.getByTestId('learn-role-picker');
  await expect(picker).toContainText('Explain with one of your roles');
  const liveRole = 'arn:aws:iam::222222222222:role/Deploy';
  await expect(page.getByTestId('learn-role-select').locator(`option[value="${liveRole}"]`)).toHaveCount(1);
  await page.getByTestId('learn-role-select').selectOption(liveRole);
  await page.getByRole('button', { name: 'Use this role' }).click();
  await expect(page).toHaveURL(/[?&]role=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2FDeploy/);
  await expect(page.getByText(/borrows Deploy/).first()).toBeVisible();
  await expect(page.getByTestId('learn-diagram-architecture')).toHaveAttribute('data-rendered', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'No role' })).toHaveCount(0);
  // A role that is not in the pulled data is said so, and the demo role stands in.
  await page.goto(`${baseURL}/learn/how-assume-role-works/big-picture?role=${encodeURIComponent('arn:aws:iam::222222222222:role/NotThere')}`);
  await expect(page.getByRole('alert').filter({ hasText: 'No role' })).toContainText('No role arn:aws:iam::222222222222:role/NotThere in the current data');
  expect(errors).toEqual([]);
});
