import { expect, test } from '@playwright/test';
import { demoIncidents, demoSnapshot } from '../lib/demo';
import { watchConsole } from './console';
import { DiagnosisPage } from './pages/diagnosis-page';
import { HomePage } from './pages/home-page';

/** AWS's message as CloudTrail recorded it, without the optional R-63 suffix some records carry. */
function recordedMessage(eventId: string): string {
  const record = (demoSnapshot.events ?? []).find((event) => event.eventID === eventId);
  const message = String(record?.errorMessage ?? '');
  return message.replace(/ (with an explicit deny in|because no) .*$/, '');
}

test('home lists the failed calls newest first, on the demo data', async ({ page }) => {
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await home.goto();
  await expect(home.dataSource).toContainText(/demo/i);
  for (const incident of demoIncidents) await expect(home.incident(incident.eventID)).toHaveCount(1);
  const times = await page.locator('[data-testid="incident"] time:first-of-type').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime') ?? ''));
  expect(times.length).toBeGreaterThanOrEqual(demoIncidents.length);
  expect([...times].sort().reverse()).toEqual(times);
  await page.screenshot({ path: test.info().outputPath('home.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('a listed call says what its record lacks and which facts were supplied from outside it', async ({ page }) => {
  const home = new HomePage(page);
  await home.goto();
  const vendor = demoIncidents.find((incident) => incident.requestOverrides?.externalId !== undefined)!;
  const row = home.incident(vendor.eventID);
  await expect(row.getByTestId('incident-supplied')).toContainText('Not in the record, supplied:');
  await expect(row.getByTestId('incident-supplied')).toContainText(vendor.requestOverrides!.externalId!);
  const gaps = row.getByTestId('incident-gaps');
  await expect(gaps).not.toHaveAttribute('open', '');
  await gaps.locator('summary').click();
  await expect(gaps).toContainText('The record shows no ExternalId');
  await expect(row.getByTestId('diagnose-link')).toHaveCount(1);
});

test('the GitHub pull_request incident recommends running the job where the policy admits it; widening the trust carries a warning', async ({ page }) => {
  const home = new HomePage(page);
  await home.goto();
  const github = demoIncidents.find((incident) => incident.slug === 'github-oidc-sub-mismatch')!;
  await home.diagnose(github.eventID);
  const fixes = page.getByTestId('fix');
  await expect(fixes.first()).toContainText('Run the job where the trust policy admits it');
  await expect(fixes.first().getByTestId('fix-warning')).toHaveCount(0);
  const widening = fixes.filter({ has: page.getByTestId('fix-warning') });
  await expect(widening).toHaveCount(1);
  await expect(widening.getByTestId('fix-warning')).toContainText('every pull_request run of the repository');
});

for (const incident of demoIncidents) {
  test(`incident "${incident.slug}" diagnosed from the home list fails at ${incident.expected.failedChecks.join(', ')}`, async ({ page }) => {
    const errors = watchConsole(page);
    const home = new HomePage(page);
    await home.goto();
    await home.diagnose(incident.eventID);
    const diagnosis = new DiagnosisPage(page);
    await expect(diagnosis.verdict).toHaveAttribute('data-decision', incident.expected.decision);
    await diagnosis.waitForDiagrams();
    await diagnosis.expectFailingAt(incident.expected.failedChecks);
    await expect(diagnosis.failingCheckNodes()).toHaveCount(incident.expected.failedChecks.length);
    await expect(diagnosis.awsError).toContainText(recordedMessage(incident.eventID));
    await page.screenshot({ path: test.info().outputPath(`diagnosis-${incident.slug}.png`), fullPage: true });
    expect(errors).toEqual([]);
  });
}
