import { expect, test } from '@playwright/test';
import { demoIncidents } from '../lib/demo';
import { watchConsole } from './console';
import { DiagnosisPage } from './pages/diagnosis-page';
import { HomePage } from './pages/home-page';

// What each kind of call can carry: AssumeRoleWithWebIdentity and AssumeRoleWithSAML have no
// External id, no MFA, no session tags and no source identity of their own (the token or the
// assertion carries those), and a form cannot see their token or assertion, so what it was not told
// is unknown, not absent.

const githubIncident = demoIncidents.find((incident) => incident.slug === 'github-oidc-sub-mismatch')!;
const OKTA_ROLE = 'arn:aws:iam::222222222222:role/OktaReadOnly';
const OKTA_PROVIDER = 'arn:aws:iam::222222222222:saml-provider/Okta';

test('the request form offers External id, MFA, Session tags and Source identity for AssumeRole only', async ({ page }) => {
  const home = new HomePage(page);
  await home.goto();
  const form = home.requestForm;
  for (const label of ['External id', 'MFA', 'Session tags', 'Source identity']) await expect(form.getByLabel(label, { exact: true })).toHaveCount(1);
  for (const kind of ['AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']) {
    await form.getByLabel('Action').selectOption(kind);
    for (const label of ['External id', 'MFA', 'Session tags', 'Caller ARN', 'Source identity']) await expect(form.getByLabel(label, { exact: true }), `${kind}: ${label}`).toHaveCount(0);
    await expect(form.getByTestId('request-kind-note')).toContainText('no External id and no MFA');
    await expect(form.getByTestId('request-kind-note')).toContainText(kind === 'AssumeRoleWithSAML' ? 'source identity from its SourceIdentity attribute' : 'source identity from its https://aws.amazon.com/source_identity claim');
  }
  await form.getByLabel('Action').selectOption('AssumeRole');
  await expect(form.getByLabel('Source identity', { exact: true })).toHaveCount(1);
  // Placeholders are examples, not values.
  await expect(form.getByLabel('Time of the call')).toHaveAttribute('placeholder', /^e\.g\. /);
});

test('a web-identity diagnosis has no MFA, External id or Session tags what-if, and a link that gives them is read without them', async ({ page }) => {
  const errors = watchConsole(page);
  const diagnosis = await new HomePage(page).openIncident(githubIncident.eventID);
  for (const control of ['mfa', 'external-id', 'tags'] as const) await expect(diagnosis.whatIf(control)).toHaveCount(0);
  await expect(diagnosis.whatIf('sub')).toBeVisible();
  await expect(page.getByTestId('what-if-kind-note')).toContainText('AssumeRoleWithWebIdentity has no External id and no MFA');

  // A hand-made link that gives this web-identity call an External id, MFA and a tag.
  const url = new URL(page.url());
  url.searchParams.set('externalId', 'external-id-1');
  url.searchParams.set('mfa', 'true');
  url.searchParams.append('tag', 'team=red');
  url.searchParams.set('sourceIdentity', 'alice');
  await page.goto(url.toString());
  const reopened = new DiagnosisPage(page);
  await reopened.waitForDiagrams();
  const summary = page.getByTestId('request-summary');
  await expect(summary).toContainText('Token sub');
  for (const label of ['External id', 'MFA', 'Session tags', 'Source identity']) await expect(summary.getByText(label, { exact: true })).toHaveCount(0);
  // An edit keeps them out of the link too.
  await reopened.whatIf('source-ip').fill('203.0.113.26');
  await expect(page).toHaveURL(/sourceIp=203\.0\.113\.26/);
  expect(page.url()).not.toMatch(/[?&](externalId|mfa|tag|sourceIdentity)=/);
  // And the frozen page, made from that link, lists none of them.
  await reopened.freezeAndOpen();
  const frozen = page.getByTestId('request-summary');
  await expect(frozen).toContainText('Token sub');
  for (const label of ['External id', 'MFA', 'Session tags']) await expect(frozen.getByText(label, { exact: true })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a SAML call typed into the form without its attributes is inconclusive, naming the key, not denied', async ({ page }) => {
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await home.goto();
  const form = home.requestForm;
  await form.getByLabel('Action').selectOption('AssumeRoleWithSAML');
  await form.getByLabel('Role ARN').fill(OKTA_ROLE);
  await form.getByLabel('SAML provider ARN').fill(OKTA_PROVIDER);
  await form.getByTestId('request-submit').click();
  await page.waitForURL(/\/diagnose\?/);
  const diagnosis = new DiagnosisPage(page);
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'inconclusive');
  await expect(page.getByTestId('unknown-reason')).toContainText('SAML:aud');
  await expect(diagnosis.check('trust-conditions')).toHaveAttribute('data-status', 'unknown');
  await diagnosis.waitForDiagrams();
  await page.screenshot({ path: test.info().outputPath('saml-without-attributes.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('form errors name the field by its label and sit on that field', async ({ page }) => {
  const home = new HomePage(page);
  await home.goto();
  const form = home.requestForm;
  await form.getByLabel('Role ARN').fill('arn:aws:iam::222222222222:user/not-a-role');
  await form.getByLabel('Caller ARN').fill('arn:aws:iam::111111111111:user/alice');
  await form.getByTestId('request-submit').click();
  await expect(page.getByTestId('request-form-error')).toContainText(/^Role ARN: /);
  await expect(page.getByTestId('request-form-error')).not.toContainText('request.');
  const role = form.getByLabel('Role ARN');
  await expect(role).toHaveAttribute('aria-invalid', 'true');
  await expect(role).toHaveAccessibleDescription(/Role ARN: expected a role ARN/);

  await form.getByLabel('Action').selectOption('AssumeRoleWithWebIdentity');
  await form.getByLabel('Role ARN').fill('arn:aws:iam::111111111111:role/GitHubActionsDeploy');
  await form.getByTestId('request-submit').click();
  await expect(page.getByTestId('request-form-error')).toContainText('Web identity token (JWT): AssumeRoleWithWebIdentity needs the token');
  await expect(page.getByTestId('request-form-error')).not.toContainText('webIdentity');
  const token = form.getByLabel('Web identity token (JWT)');
  await expect(token).toHaveAttribute('aria-invalid', 'true');
  await expect(token).toHaveAccessibleDescription(/needs the token/);
});

test('a record pre-filled into the form keeps what it left unknown: with the caller given, an unknown ExternalId is inconclusive, not denied', async ({ page }) => {
  const errors = watchConsole(page);
  // What the incident list's "Add the caller ARN" link holds for the role account's copy of a cross-account call.
  const carried = Buffer.from(JSON.stringify({ unknownContext: ['sts:ExternalId'] })).toString('base64url');
  const query = new URLSearchParams({ role: 'arn:aws:iam::222222222222:role/VendorMonitoring', session: 'collector', region: 'us-east-1', sourceIp: '198.51.100.77', time: '2026-11-17T12:00:06Z', x: carried });
  await page.goto(`/?${query.toString()}#request-form`);
  const form = new HomePage(page).requestForm;
  await expect(form.getByTestId('request-carried')).toHaveCount(1);
  await form.getByLabel('Caller ARN').fill('arn:aws:sts::333333333333:assumed-role/MonitoringCollector/i-0abc123def4567890');
  await form.getByTestId('request-submit').click();
  await page.waitForURL(/\/diagnose\?/);
  const diagnosis = new DiagnosisPage(page);
  await expect(diagnosis.verdict).toHaveAttribute('data-decision', 'inconclusive');
  await expect(diagnosis.check('trust-conditions')).toHaveAttribute('data-status', 'unknown');
  await diagnosis.waitForDiagrams();
  expect(errors).toEqual([]);
});
