import { expect, test } from '@playwright/test';
import { demoIncidents, demoSnapshot } from '../lib/demo';
import { watchConsole } from './console';
import { DiagnosisPage } from './pages/diagnosis-page';
import { HomePage } from './pages/home-page';

// A paste is matched to a recorded call only when it identifies the call; a generic message is
// never diagnosed as a guess, and a match says which record it was.

const events = demoSnapshot.events ?? [];
const webIdentity = events.find((event) => event.eventName === 'AssumeRoleWithWebIdentity' && event.errorCode === 'AccessDenied')!;
const mfaIncident = demoIncidents.find((incident) => incident.slug === 'mfa-required')!;
const mfaRecord = events.find((event) => event.eventID === mfaIncident.eventID)!;

test('a generic web-identity error lists the calls it fits and does not navigate', async ({ page }) => {
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await home.goto();
  await home.paste('An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity');
  const candidates = page.getByTestId('paste-candidate');
  await expect(page.getByTestId('paste-candidates')).toBeVisible();
  await expect(candidates).toHaveCount(1);
  await expect(candidates.first()).toHaveAttribute('data-event-id', String(webIdentity.eventID));
  await expect(candidates.first()).toContainText('arn:aws:iam::');
  await expect(candidates.first()).toContainText('token subject');
  await expect(page.getByTestId('paste-problem')).toContainText('names no role, caller or request id');
  await expect(page.getByRole('link', { name: 'Open the request form with what it names' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/');
  await page.screenshot({ path: test.info().outputPath('paste-candidates.png'), fullPage: true });

  // Picking the candidate opens its diagnosis, which says it is that record.
  await candidates.first().getByRole('link', { name: /Diagnose/ }).click();
  await page.waitForURL(/\/diagnose\?/);
  await expect(page.getByTestId('matched-record')).toContainText(`Matched to the CloudTrail record ${webIdentity.eventID} at ${webIdentity.eventTime}`);
  expect(errors).toEqual([]);
});

test('a paste naming the role and caller lands on the diagnosis and says which record it matched', async ({ page }) => {
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await home.goto();
  await home.paste(`An error occurred (AccessDenied) when calling the AssumeRole operation: ${String(mfaRecord.errorMessage)}`);
  await page.waitForURL(/\/diagnose\?.*from=/);
  const diagnosis = new DiagnosisPage(page);
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'denied');
  await expect(page.getByTestId('matched-record')).toHaveText(`Matched to the CloudTrail record ${mfaRecord.eventID} at ${mfaRecord.eventTime}: the diagnosis replays that call.`);
  // A what-if edit makes it another call: the line about the recorded one goes.
  await diagnosis.whatIf('mfa').selectOption('present');
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'allowed');
  await expect(page.getByTestId('matched-record')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a diagnosis opened from the incident list has no "matched" line', async ({ page }) => {
  await new HomePage(page).openIncident(mfaIncident.eventID);
  await expect(page.getByTestId('matched-record')).toHaveCount(0);
});

test('a link whose `from` names a record that is not this call, or no record at all, claims no match', async ({ page }) => {
  // The MFA incident's own link, with `from` naming the web-identity record, then a made-up id.
  const home = new HomePage(page);
  await home.goto();
  const href = (await home.incident(mfaIncident.eventID).getByTestId('diagnose-link').getAttribute('href'))!;
  for (const from of [String(webIdentity.eventID), 'ATTACKER_SAYS_THIS_IS_THE_RECORD-verified']) {
    await page.goto(`${href}&from=${encodeURIComponent(from)}`);
    const diagnosis = new DiagnosisPage(page);
    await expect(diagnosis.verdict).toHaveAttribute('data-decision', mfaIncident.expected.decision);
    await expect(page.getByTestId('matched-record')).toHaveCount(0);
    await expect(page.locator('main')).not.toContainText('ATTACKER_SAYS');
  }
  // The same link naming its own record says so.
  await page.goto(`${href}&from=${encodeURIComponent(String(mfaRecord.eventID))}`);
  await expect(page.getByTestId('matched-record')).toContainText(`Matched to the CloudTrail record ${String(mfaRecord.eventID)}`);
});
