import { expect, test } from '@playwright/test';
import { demoSnapshot } from '../lib/demo';
import type { Snapshot } from '../lib/engine/types';
import { ROLE_ACCOUNT_COPY_RECORD } from '../lib/ui/testing';
import { watchConsole } from './console';
import { startOwnServer, type OwnServer } from './own-server';
import { HomePage } from './pages/home-page';

// "What could not be read": the demo has no gaps, so the shared server must show no list. To see
// one, this spec imports a snapshot with gaps into a production server of its own (its own store
// in a temporary folder, DOCTOR_SOURCE=auto, removed afterwards), as frozen.spec.ts does, so the
// shared demo server's data is never touched.

const port = Number(process.env.E2E_PORT || 3100) + 43;
let server: OwnServer | undefined;
let baseURL = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startOwnServer('data-gaps', port, { DOCTOR_SOURCE: 'auto' });
  baseURL = server.baseURL;
});

test.afterAll(() => server?.stop());

const EVENT_CAP =
  'event cap reached (500 AssumeRole events, maxEventsPerStream 500): AssumeRole events from 2026-11-30T00:00:00.000Z to 2026-12-01T04:10:00.000Z were not read';
/** Reasons and part names come from AWS error messages and imported files: they must stay text. */
const HOSTILE_PART = '<img src=x onerror="window.__gapsPwned=1">';
const HOSTILE_REASON = '<script>window.__gapsPwned=2</script> could not be read';

/** The demo organization as a pull that ran into every kind of gap would have recorded it. */
function snapshotWithGaps(): Snapshot {
  const copy = JSON.parse(JSON.stringify(demoSnapshot)) as Snapshot;
  const [first, second] = copy.accounts;
  first.unavailable = [
    { part: 'cloudTrail:us-east-1', reason: 'access denied: User is not authorized to perform cloudtrail:LookupEvents', missingPermission: 'cloudtrail:LookupEvents' },
    { part: 'cloudTrail:eu-west-1', reason: EVENT_CAP },
  ];
  second.unavailable = [
    { part: 'maxSessionDuration', reason: 'access denied: not authorized to perform iam:ListRoles', missingPermission: 'iam:ListRoles' },
    { part: HOSTILE_PART, reason: HOSTILE_REASON },
  ];
  return {
    ...copy,
    source: 'import',
    capturedAt: '2026-12-01T05:00:00Z',
    unavailableAccounts: [
      {
        accountId: '444444444444',
        roleArn: 'arn:aws:iam::444444444444:role/DoctorReadOnly',
        reason: 'could not assume arn:aws:iam::444444444444:role/DoctorReadOnly: AccessDenied',
        missingPermission: 'sts:AssumeRole',
      },
    ],
    // What a pull keeps when DescribeOrganization answered but the tree and policies were refused.
    organization: { id: copy.organization?.id, managementAccountId: copy.organization?.managementAccountId, unavailable: 'no account could read the organization' },
  };
}

test('the demo shows no "What could not be read" list, on the home page or the roles list', async ({ page }) => {
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await home.goto();
  await expect(home.dataSource).toHaveAttribute('data-kind', 'demo');
  await expect(page.getByTestId('data-gaps')).toHaveCount(0);
  await page.goto('/roles');
  await expect(page.getByTestId('role-count')).toBeVisible();
  await expect(page.getByTestId('data-gaps-summary')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('an imported snapshot with gaps says what could not be read, where, why and what it means', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await page.goto(`${baseURL}/`);
  await expect(home.dataSource).toHaveAttribute('data-kind', 'demo');
  await expect(page.getByTestId('data-gaps')).toHaveCount(0);

  await home.importFile('pull-with-gaps.json', JSON.stringify(snapshotWithGaps()));
  await page.reload();
  await expect(home.dataSource).toHaveAttribute('data-kind', 'import');

  const list = page.getByTestId('data-gaps');
  await expect(list).toBeVisible();
  await expect(list.getByRole('heading')).toHaveText('What could not be read (6)');
  const items = list.getByTestId('data-gap');
  // The organization first, then the accounts by id.
  await expect(items).toHaveText([
    `organization ${demoSnapshot.organization?.id}: the organization's structure, SCPs and RCPs not read — no account could read the organization So SCPs, RCPs and aws:PrincipalOrgID are unknown.`,
    'account 111111111111, us-east-1: CloudTrail events in us-east-1 not read — access denied: User is not authorized to perform cloudtrail:LookupEvents (missing permission: cloudtrail:LookupEvents) So failed calls from this region may be missing from the list.',
    `account 111111111111, eu-west-1: CloudTrail events in eu-west-1 not read — ${EVENT_CAP} So failed calls from this region may be missing from the list.`,
    "account 222222222222: MaxSessionDuration of roles not read — access denied: not authorized to perform iam:ListRoles (missing permission: iam:ListRoles) So durations above one hour are answered 'inconclusive'.",
    `account 222222222222: ${HOSTILE_PART} not read — ${HOSTILE_REASON} So verdicts that need it may be incomplete.`,
    "account 444444444444: the whole account (through arn:aws:iam::444444444444:role/DoctorReadOnly) not read — could not assume arn:aws:iam::444444444444:role/DoctorReadOnly: AccessDenied (missing permission: sts:AssumeRole) So checks that need this account are answered 'unknown'.",
  ]);
  // The hostile part name and reason came through as text: no element was made of them, nothing ran.
  await expect(list.locator('img, script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __gapsPwned?: number }).__gapsPwned)).toBeUndefined();
  await page.screenshot({ path: test.info().outputPath('home-data-gaps.png'), fullPage: true });

  // The roles list says there are gaps in one line and links to the list.
  await page.goto(`${baseURL}/roles`);
  const summary = page.getByTestId('data-gaps-summary');
  await expect(summary).toHaveText('6 parts of this data could not be read, so roles, durations or findings may be missing or inconclusive: see what could not be read.');
  await summary.getByRole('link', { name: 'see what could not be read' }).click();
  await expect(page).toHaveURL(`${baseURL}/#data-gaps`);
  await expect(page.getByTestId('data-gaps')).toBeVisible();
  expect(errors).toEqual([]);
});

test("a recorded call that names no caller (the role account's copy) offers the form, prefilled, with the keyboard on the caller", async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const home = new HomePage(page);
  // The demo plus one record as the role's account logs a cross-account call: no caller ARN.
  const copy = JSON.parse(JSON.stringify(demoSnapshot)) as Snapshot;
  const eventID = 'e2e-role-account-copy';
  copy.events = [
    ...(copy.events ?? []),
    { ...ROLE_ACCOUNT_COPY_RECORD, eventTime: '2026-11-30T12:00:06Z', requestID: 'rq-e2e-role-account-copy', sharedEventID: 'shared-e2e-role-account-copy', eventID },
  ];
  await page.goto(`${baseURL}/`);
  await home.importFile('role-account-copy.json', JSON.stringify({ ...copy, source: 'import', capturedAt: '2026-12-01T05:00:00Z' }));
  await page.reload();
  const row = home.incident(eventID);
  await expect(row.getByTestId('diagnose-link')).toHaveCount(0);
  await expect(row.getByTestId('incident-gaps')).toHaveAttribute('open', '');
  await expect(row.getByTestId('incident-gaps')).toContainText("role account's copy of a cross-account call");
  await row.getByTestId('complete-link').click();
  await expect(page).toHaveURL(/#request-form$/);
  await expect(page.locator('#request-role')).toHaveValue('arn:aws:iam::222222222222:role/VendorMonitoring');
  await expect(page.locator('#request-caller')).toBeFocused();
  expect(errors).toEqual([]);
});
