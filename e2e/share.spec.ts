import { expect, test } from '@playwright/test';
import { demoIncidents, demoSnapshot } from '../lib/demo';
import { watchConsole } from './console';
import { DiagnosisPage } from './pages/diagnosis-page';
import { HomePage } from './pages/home-page';

const mfaIncident = demoIncidents.find((incident) => incident.slug === 'mfa-required')!;
const githubIncident = demoIncidents.find((incident) => incident.slug === 'github-oidc-sub-mismatch')!;
const recorded = (eventId: string) => (demoSnapshot.events ?? []).find((event) => event.eventID === eventId)!;

test('a pasted AWS error message lands on the diagnosis of the call it names', async ({ page }) => {
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await home.goto();
  const message = String(recorded(mfaIncident.eventID).errorMessage);
  await home.paste(`An error occurred (AccessDenied) when calling the AssumeRole operation: ${message}`);
  await page.waitForURL(/\/diagnose\?/);
  const diagnosis = new DiagnosisPage(page);
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'denied');
  await diagnosis.waitForDiagrams();
  await diagnosis.expectFailingAt(['trust-conditions']);
  await expect(diagnosis.awsError).toContainText(message);
  await page.screenshot({ path: test.info().outputPath('pasted-error.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('a pasted CloudTrail record lands on its diagnosis', async ({ page }) => {
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await home.goto();
  await home.paste(JSON.stringify(recorded(githubIncident.eventID), null, 2));
  await page.waitForURL(/\/diagnose\?/);
  const diagnosis = new DiagnosisPage(page);
  await diagnosis.waitForDiagrams();
  await diagnosis.expectFailingAt(['trust-conditions']);
  expect(errors).toEqual([]);
});

test('a pasted text that is not an AWS error says so and keeps the text', async ({ page }) => {
  const home = new HomePage(page);
  await home.goto();
  await home.paste('hello, this is not an error');
  await expect(page.getByTestId('paste-problem')).toBeVisible();
  await expect(home.pasteInput).toHaveValue('hello, this is not an error');
});

test('a pasted message no CloudTrail record matches is not diagnosed as a guess: the form opens with what it names', async ({ page }) => {
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await home.goto();
  const message =
    'An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111111111111:user/nobody-here is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/VendorMonitoring';
  await home.paste(message);
  await expect(page.getByTestId('paste-problem')).toContainText('No CloudTrail record we hold matches this message');
  await expect(page.getByTestId('paste-problem')).toContainText('ExternalId, MFA, source IP');
  expect(page.url()).not.toContain('/diagnose');
  await page.getByRole('link', { name: 'Open the request form with what it names' }).click();
  await expect(page.locator('#request-form [name="role"]')).toHaveValue('arn:aws:iam::222222222222:role/VendorMonitoring');
  await expect(page.locator('#request-form [name="caller"]')).toHaveValue('arn:aws:iam::111111111111:user/nobody-here');
  expect(errors).toEqual([]);
});

test('what-if: signing in with MFA flips the verdict, and the URL follows', async ({ page }) => {
  const errors = watchConsole(page);
  const diagnosis = await new HomePage(page).openIncident(mfaIncident.eventID);
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'denied');
  await diagnosis.whatIf('mfa').selectOption('present');
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'allowed');
  await expect(page).toHaveURL(/[?&]mfa=true(&|$)/);
  await expect(diagnosis.tree).toHaveAttribute('data-rendered', 'true');
  await expect(diagnosis.treeNode('trust-conditions')).toHaveClass(/\bpass\b/);
  await expect(diagnosis.failingCheckNodes()).toHaveCount(0);
  // The changed URL is the new diagnosis: reloading shows the what-if result from the server.
  await page.reload();
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'allowed');
  await page.screenshot({ path: test.info().outputPath('what-if-mfa.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('what-if: the token sub of a main-branch workflow passes the GitHub trust', async ({ page }) => {
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await home.goto();
  await home.diagnose(githubIncident.eventID);
  const diagnosis = new DiagnosisPage(page);
  await diagnosis.waitForDiagrams();
  await diagnosis.whatIf('sub').fill('repo:acme/api:ref:refs/heads/main');
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'allowed');
  await expect(page).toHaveURL(/sub=repo%3Aacme%2Fapi%3Aref%3Arefs%2Fheads%2Fmain/);
  expect(errors).toEqual([]);
});

test('a copied link opened in a fresh browser context reproduces the diagnosis', async ({ page, browser, context }) => {
  const errors = watchConsole(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const home = new HomePage(page);
  await home.goto();
  await home.diagnose(githubIncident.eventID);
  const diagnosis = new DiagnosisPage(page);
  await diagnosis.waitForDiagrams();
  await diagnosis.copyLink.click();
  await expect(diagnosis.copyLink).toContainText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const otherErrors = watchConsole(other);
  await other.goto(copied);
  const reopened = new DiagnosisPage(other);
  await expect(reopened.verdict).toHaveAttribute('data-decision', githubIncident.expected.decision);
  await reopened.waitForDiagrams();
  await reopened.expectFailingAt(githubIncident.expected.failedChecks);
  await expect(reopened.awsError).toHaveText((await diagnosis.awsError.textContent()) ?? '');
  await other.screenshot({ path: test.info().outputPath('copied-link.png'), fullPage: true });
  await fresh.close();
  expect(errors).toEqual([]);
  expect(otherErrors).toEqual([]);
});

test('the request form opens the diagnosis of the call it describes', async ({ page }) => {
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await home.goto();
  const form = home.requestForm;
  await form.getByLabel('Caller ARN').fill('arn:aws:iam::111111111111:user/carol');
  await form.getByLabel('Role ARN').fill('arn:aws:iam::222222222222:role/ReadOnly');
  await form.getByLabel('Session name').fill('carol');
  await form.getByLabel('Duration (seconds)').fill('43200');
  await form.getByLabel('Time of the call').fill('2026-11-19T07:02:44Z');
  await form.getByTestId('request-submit').click();
  await page.waitForURL(/\/diagnose\?/);
  const diagnosis = new DiagnosisPage(page);
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'invalid');
  await diagnosis.waitForDiagrams();
  await diagnosis.expectFailingAt(['duration']);
  // What-if: a one-hour session is within the role's maximum.
  await diagnosis.whatIf('duration').fill('3600');
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'allowed');
  await expect(page).toHaveURL(/[?&]duration=3600(&|$)/);
  expect(errors).toEqual([]);
});

test('the request form names the field that is wrong', async ({ page }) => {
  const home = new HomePage(page);
  await home.goto();
  await home.requestForm.getByLabel('Role ARN').fill('arn:aws:iam::222222222222:role/ReadOnly');
  await home.requestForm.getByLabel('Duration (seconds)').fill('soon');
  await home.requestForm.getByTestId('request-submit').click();
  await expect(page.getByTestId('request-form-error')).toContainText('soon');
  await expect(home.requestForm.getByLabel('Duration (seconds)')).toHaveAttribute('aria-invalid', 'true');
});

test('a damaged link shows the exact cause instead of a verdict', async ({ page }) => {
  const response = await page.goto('/diagnose?role=not-an-arn&session=x1');
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId('input-error')).toBeVisible();
  await expect(page.getByTestId('input-error-message')).toContainText('not-an-arn');
  await expect(page.getByTestId('verdict')).toHaveCount(0);
});
