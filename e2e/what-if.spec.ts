import { expect, test } from '@playwright/test';
import { demoIncidents } from '../lib/demo';
import { watchConsole } from './console';
import { DiagnosisPage } from './pages/diagnosis-page';
import { HomePage } from './pages/home-page';

const mfaIncident = demoIncidents.find((incident) => incident.slug === 'mfa-required')!;

async function openMfaIncident(page: import('@playwright/test').Page): Promise<DiagnosisPage> {
  const diagnosis = await new HomePage(page).openIncident(mfaIncident.eventID);
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'denied');
  return diagnosis;
}

test('what-if: a duration the engine cannot read withdraws the verdict and names the field; fixing it brings a verdict back', async ({ page }) => {
  const errors = watchConsole(page);
  const diagnosis = await openMfaIncident(page);
  // Some verdict must have been computed in the browser first, so the stale one is the browser's.
  await diagnosis.whatIf('source-ip').fill('203.0.113.26');
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'denied');
  await expect(page).toHaveURL(/sourceIp=203\.0\.113\.26/);

  await diagnosis.whatIf('duration').fill('1.5');
  await expect(page.getByTestId('what-if-error')).toContainText('Duration (seconds)');
  await expect(page.getByTestId('what-if-error')).toContainText('whole number of seconds');
  // Named once, by the control's label, not again by the engine's field path.
  await expect(page.getByTestId('what-if-error')).not.toContainText('request.durationSeconds');
  await expect(diagnosis.whatIf('duration')).toHaveAttribute('aria-invalid', 'true');
  // No verdict, diagram or check panel stands next to the edited call.
  await expect(page.getByTestId('what-if-stale')).toBeVisible();
  await expect(page.getByTestId('what-if-stale')).toContainText('Duration (seconds)');
  await expect(diagnosis.verdict).toHaveCount(0);
  await expect(page.getByTestId('request-summary')).toHaveCount(0);
  await expect(diagnosis.tree).toHaveCount(0);
  await expect(diagnosis.check('trust-conditions')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('what-if-invalid-duration.png'), fullPage: true });

  await diagnosis.whatIf('duration').fill('3600');
  await expect(page.getByTestId('what-if-stale')).toHaveCount(0);
  await expect(page.getByTestId('what-if-error')).toHaveCount(0);
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'denied');
  await expect(page.getByTestId('request-summary')).toContainText('3600 s');
  await expect(diagnosis.whatIf('duration')).toHaveAttribute('aria-invalid', 'false');
  expect(errors).toEqual([]);
});

test('what-if: a malformed tag line hides the server-rendered verdict too, and the other controls keep it hidden until the tag is fixed', async ({ page }) => {
  const errors = watchConsole(page);
  const diagnosis = await openMfaIncident(page);
  // The first edit: the verdict on screen is still the server's.
  await diagnosis.whatIf('tags').fill('team=red\nnot-a-tag');
  await expect(page.getByTestId('what-if-error')).toContainText('Session tags');
  await expect(page.getByTestId('what-if-error')).toContainText("'not-a-tag' is not a tag written Key=Value");
  await expect(page.getByTestId('what-if-stale')).toContainText('Session tags');
  await expect(diagnosis.verdict).toHaveCount(0);
  await expect(diagnosis.tree).toHaveCount(0);

  // Another control's edit is diagnosed, but the tag box still says something unread: no verdict.
  await diagnosis.whatIf('mfa').selectOption('present');
  await expect(page).toHaveURL(/[?&]mfa=true(&|$)/);
  await expect(diagnosis.verdict).toHaveCount(0);
  await expect(page.getByTestId('what-if-stale')).toBeVisible();

  await diagnosis.whatIf('tags').fill('team=red\nproject=apollo');
  await expect(page.getByTestId('what-if-stale')).toHaveCount(0);
  // The verdict is the edited call's: with MFA, the trust conditions pass; the tags now need sts:TagSession.
  await expect(page.getByTestId('request-summary')).toContainText('team=red, project=apollo');
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'denied');
  await expect(diagnosis.check('tag-session')).toHaveAttribute('data-status', 'fail');
  await expect(diagnosis.check('trust-conditions')).toHaveAttribute('data-status', 'pass');
  await expect(page).toHaveURL(/tag=project%3Dapollo/);
  await diagnosis.waitForDiagrams();
  expect(errors).toEqual([]);
});

test('what-if (R-40): long-term keys are never "MFA unknown", a session the call says nothing about is; each choice is kept by the link', async ({ page }) => {
  const errors = watchConsole(page);
  // alice calls with her access keys and no MFA code: AWS sends no MFA key at all.
  const diagnosis = await openMfaIncident(page);
  const mfa = diagnosis.whatIf('mfa');
  await expect(mfa).toHaveValue('absent');
  await expect(mfa.locator('option:checked')).toHaveText('no MFA');
  await expect(mfa.locator('option[value="unknown"]')).toHaveCount(0);
  await expect(page).not.toHaveURL(/[?&]mfa=/);

  await mfa.selectOption('present');
  await expect(page).toHaveURL(/[?&]mfa=true(&|$)/);
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'allowed');
  await page.reload();
  await expect(diagnosis.whatIf('mfa')).toHaveValue('present');
  // Back to no MFA: the key is removed again rather than written "false".
  await diagnosis.whatIf('mfa').selectOption('absent');
  await expect(page).not.toHaveURL(/[?&]mfa=/);
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'denied');

  // A role session whose MFA the call does not state.
  const params = new URLSearchParams({
    caller: 'arn:aws:sts::111111111111:assumed-role/PlatformEngineer/alice',
    role: 'arn:aws:iam::222222222222:role/BreakGlassAdmin',
    session: 'alice',
  });
  await page.goto(`/diagnose?${params}`);
  await diagnosis.waitForDiagrams();
  await expect(diagnosis.whatIf('mfa')).toHaveValue('unknown');
  await expect(diagnosis.whatIf('mfa').locator('option:checked')).toHaveText('not known');
  await diagnosis.whatIf('mfa').selectOption('absent');
  await expect(page).toHaveURL(/[?&]mfa=false(&|$)/);
  await page.reload();
  await expect(diagnosis.whatIf('mfa')).toHaveValue('absent');
  await diagnosis.whatIf('mfa').selectOption('unknown');
  await expect(page).not.toHaveURL(/[?&]mfa=/);
  expect(errors).toEqual([]);
});
