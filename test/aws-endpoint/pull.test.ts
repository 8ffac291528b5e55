import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pull, pullSnapshot, type PullProgressEvent } from '@/lib/aws/pull';
import { DoctorError } from '@/lib/errors';
import { diagnose } from '@/lib/engine';
import { startAwsEndpoint, type AwsEndpoint, type AwsEndpointOptions } from './server';
import { smallFixture, largeFixture, emptyAccount, makeUser, CALLER_KEY, type Fixture } from './fixture';
import { fakeClock, pullOptions } from './harness';

const ROLES = [
  { roleArn: 'arn:aws:iam::111111111111:role/DoctorReadOnly' },
  { roleArn: 'arn:aws:iam::222222222222:role/DoctorReadOnly', externalId: 'doctor-ext' },
];

let endpoint: AwsEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

async function start(fixture: Fixture = smallFixture(), options: AwsEndpointOptions = {}) {
  endpoint = await startAwsEndpoint(fixture, options);
  return endpoint;
}

/**
 * What CloudTrail shows after a first pull: a new event (late-1), and one delivered late
 * (delayed-1), timestamped five minutes before the newest event that pull read (`cursor`).
 */
function deliverAfterFirstPull(fixture: Fixture, cursor: number): void {
  const prod = fixture.accounts.find((a) => a.accountId === '222222222222')!;
  const later = structuredClone(prod.events['us-east-1'][0]);
  later.eventID = 'late-1';
  later.eventTime = '2026-11-22T11:30:00Z';
  const delayed = structuredClone(prod.events['us-east-1'][0]);
  delayed.eventID = 'delayed-1';
  delayed.eventTime = new Date(cursor - 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  prod.events['us-east-1'].push(later, delayed);
}

/** An SCP on the OU of account 111111111111 that denies every sts:AssumeRole. */
const DENY_ASSUME_ROLE_SCP = {
  id: 'p-denysts',
  type: 'SERVICE_CONTROL_POLICY' as const,
  name: 'DenyAssumeRole',
  content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }] },
  targets: ['ou-ab12-11111111'],
};

describe('live pull against the local AWS endpoint', () => {
  it('reads every configured account, the organization and the STS events', async () => {
    const clock = fakeClock();
    const aws = await start(smallFixture(), { now: clock.now });
    const progress: PullProgressEvent[] = [];
    const snapshot = await pullSnapshot(pullOptions(aws.url, clock, { assumeRoles: ROLES, onProgress: (e) => progress.push(e) }));

    expect(snapshot.format).toBe('assumerole-doctor/snapshot@1');
    expect(snapshot.source).toBe('live');
    expect(snapshot.accounts.map((a) => a.accountId)).toEqual(['999999999999', '111111111111', '222222222222']);
    const prod = snapshot.accounts.find((a) => a.accountId === '222222222222')!;
    expect(prod.alias).toBe('prod');
    expect(prod.unavailable).toBeUndefined();
    const deploy = prod.authorizationDetails.RoleDetailList!.find((r) => r.RoleName === 'Deploy')!;
    // MaxSessionDuration comes from ListRoles, merged into the authorization details.
    expect(deploy.MaxSessionDuration).toBe(7200);
    // Policy documents stay as IAM sends them: URL-encoded JSON.
    expect(typeof deploy.AssumeRolePolicyDocument).toBe('string');
    expect(JSON.parse(decodeURIComponent(deploy.AssumeRolePolicyDocument as string)).Statement[0].Condition).toEqual({ StringEquals: { 'sts:ExternalId': 'abc' } });
    expect(prod.authorizationDetails.RoleDetailList!.find((r) => r.RoleName === 'AWSServiceRoleForSupport')!.Path).toBe('/aws-service-role/support.amazonaws.com/');
    expect(prod.openIdConnectProviders).toEqual([
      expect.objectContaining({ Arn: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com', Url: 'token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'] }),
    ]);
    expect(prod.samlProviders).toEqual([expect.objectContaining({ Arn: 'arn:aws:iam::222222222222:saml-provider/Okta' })]);
    const dev = snapshot.accounts.find((a) => a.accountId === '111111111111')!;
    expect(dev.authorizationDetails.UserDetailList![0].GroupList).toEqual(['Developers']);
    expect(typeof dev.authorizationDetails.Policies![0].PolicyVersionList![0].Document).toBe('string');

    const org = snapshot.organization!;
    expect(org.id).toBe('o-a1b2c3d4e5');
    expect(org.managementAccountId).toBe('999999999999');
    expect(org.root!.policies).toEqual(['p-FullAWSAccess', 'p-rcp1']);
    const workloads = org.root!.children!.find((c) => c.name === 'Workloads')!;
    expect(workloads.id).toBe('ou-ab12-11111111');
    expect(workloads.policies).toEqual(['p-FullAWSAccess', 'p-denyleave']);
    expect(workloads.children!.map((c) => c.accountId)).toEqual(['111111111111', '222222222222']);
    expect(org.policies!.map((p) => [p.id, p.type])).toEqual([
      ['p-FullAWSAccess', 'SERVICE_CONTROL_POLICY'],
      ['p-denyleave', 'SERVICE_CONTROL_POLICY'],
      ['p-rcp1', 'RESOURCE_CONTROL_POLICY'],
    ]);
    expect(JSON.parse(org.policies![1].content as string).Statement[0].Effect).toBe('Deny');

    // 7 events in prod, 3 in dev, each a parsed CloudTrail record.
    expect(snapshot.events).toHaveLength(10);
    expect(snapshot.events!.every((e) => e.eventSource === 'sts.amazonaws.com' && typeof e.eventID === 'string')).toBe(true);
    expect(snapshot.events!.filter((e) => e.errorCode === 'AccessDenied').length).toBe(4);

    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['identity', 'assume-role', 'iam', 'organization', 'cloudtrail', 'done']));
    expect(progress.at(-1)!.events).toBe(10);
    expect(aws.rateViolations).toEqual([]);
  });

  it('follows IAM Marker pages and CloudTrail NextToken pages', async () => {
    const clock = fakeClock();
    const fixture = largeFixture({ roles: 120, users: 30, policies: 20, events: 130 });
    const aws = await start(fixture, { now: clock.now, iamPageCap: 50 });
    const { snapshot, calls } = await pull(pullOptions(aws.url, clock, { lookbackHours: 24 * 30 }));
    const details = snapshot.accounts[0].authorizationDetails;
    expect(details.RoleDetailList).toHaveLength(120);
    expect(details.UserDetailList).toHaveLength(30);
    expect(details.Policies).toHaveLength(20);
    expect(new Set(details.RoleDetailList!.map((r) => r.RoleName)).size).toBe(120);
    expect(details.RoleDetailList!.find((r) => r.RoleName === 'Role3')!.MaxSessionDuration).toBe(3600 + 3 * 3600);
    // 170 entities in pages of 50 = 4 pages; 120 roles = 3 pages.
    expect(calls['iam:GetAccountAuthorizationDetails']).toBe(4);
    expect(calls['iam:ListRoles']).toBe(3);
    // 130 events in pages of 50 = 3 pages for AssumeRole, 1 empty page each for the other two names.
    expect(snapshot.events).toHaveLength(130);
    expect(calls['cloudtrail:LookupEvents']).toBe(5);
    expect(aws.rateViolations).toEqual([]);
  });

  it('follows Organizations NextToken pages through a wide OU', async () => {
    const clock = fakeClock();
    const fixture = smallFixture();
    const workloads = fixture.organization!.root.children!.find((c) => c.name === 'Workloads')!;
    for (let i = 0; i < 45; i++) {
      const id = String(500000000000 + i);
      workloads.children!.push({ id, accountId: id });
    }
    fixture.organization!.policies[1].targets.push('500000000044');
    const aws = await start(fixture, { now: clock.now });
    const { snapshot } = await pull(pullOptions(aws.url, clock, { cloudTrailRegions: [] }));
    const ou = snapshot.organization!.root!.children!.find((c) => c.name === 'Workloads')!;
    expect(ou.children).toHaveLength(47);
    expect(ou.children!.at(-1)).toMatchObject({ accountId: '500000000044', policies: ['p-denyleave'] });
    // 47 accounts in pages of 20.
    expect(aws.calls['organizations:ListAccountsForParent']).toBe(1 + 3);
  });

  it('reads 1,000 roles with a handful of IAM calls, never one per role', async () => {
    const clock = fakeClock();
    const aws = await start(largeFixture({ roles: 1000, users: 300, policies: 200, events: 0 }), { now: clock.now });
    const { snapshot } = await pull(pullOptions(aws.url, clock, { cloudTrailRegions: [] }));
    expect(snapshot.accounts[0].authorizationDetails.RoleDetailList).toHaveLength(1000);
    const iamCalls = Object.entries(aws.calls).filter(([k]) => k.startsWith('iam:') && k !== 'iam:ListAccountAliases' && !k.includes('Provider'));
    expect(Object.fromEntries(iamCalls)).toEqual({ 'iam:GetAccountAuthorizationDetails': 2, 'iam:ListRoles': 1 });
  });

  it('marks only the denied part unavailable and names the missing permission', async () => {
    const clock = fakeClock();
    const aws = await start(smallFixture(), {
      now: clock.now,
      faults: [
        { action: 'iam:GetAccountAuthorizationDetails', kind: 'access-denied', accountId: '222222222222' },
        { action: 'cloudtrail:LookupEvents', kind: 'access-denied', accountId: '111111111111' },
      ],
    });
    const snapshot = await pullSnapshot(pullOptions(aws.url, clock, { assumeRoles: ROLES }));
    const prod = snapshot.accounts.find((a) => a.accountId === '222222222222')!;
    expect(prod.unavailable).toEqual([
      expect.objectContaining({ part: 'authorizationDetails', missingPermission: 'iam:GetAccountAuthorizationDetails', reason: expect.stringContaining('access denied') }),
    ]);
    expect(prod.authorizationDetails.RoleDetailList).toEqual([]);
    // The rest of prod was still read.
    expect(prod.openIdConnectProviders).toHaveLength(1);
    const dev = snapshot.accounts.find((a) => a.accountId === '111111111111')!;
    expect(dev.authorizationDetails.RoleDetailList!.length).toBeGreaterThan(0);
    expect(dev.unavailable).toEqual([expect.objectContaining({ part: 'cloudTrail:us-east-1', missingPermission: 'cloudtrail:LookupEvents' })]);
    expect(snapshot.events).toHaveLength(7);
  });

  it('R-49: ListRoles refused leaves MaxSessionDuration unknown, so DurationSeconds above 3600 answers unknown, not invalid (F1)', async () => {
    const clock = fakeClock();
    const request = { action: 'sts:AssumeRole', caller: 'arn:aws:iam::111111111111:user/alice', roleArn: 'arn:aws:iam::222222222222:role/Deploy', roleSessionName: 'sess', externalId: 'abc' };
    const aws = await start(smallFixture(), { now: clock.now, faults: [{ action: 'iam:ListRoles', kind: 'access-denied', accountId: '222222222222' }] });
    const snapshot = await pullSnapshot(pullOptions(aws.url, clock, { assumeRoles: ROLES }));
    const prod = snapshot.accounts.find((a) => a.accountId === '222222222222')!;
    expect(prod.unavailable).toEqual([expect.objectContaining({ part: 'maxSessionDuration', missingPermission: 'iam:ListRoles' })]);
    const long = diagnose(snapshot, { ...request, durationSeconds: 7200 }, { now: '2026-11-22T12:00:00Z' });
    expect(long.decision).toBe('inconclusive');
    expect(long.checks.find((c) => c.id === 'duration')).toMatchObject({ status: 'unknown', summary: expect.stringContaining('was not read') });
    // One hour is within every role's maximum.
    expect(diagnose(snapshot, { ...request, durationSeconds: 3600 }, { now: '2026-11-22T12:00:00Z' }).decision).toBe('allowed');
  });

  it('marks the organization unavailable when no account may read it, and skips it for non-members', async () => {
    const clock = fakeClock();
    const fixture = smallFixture();
    fixture.organization!.readableFrom = [];
    const aws = await start(fixture, { now: clock.now });
    const snapshot = await pullSnapshot(pullOptions(aws.url, clock, { assumeRoles: ROLES }));
    expect(snapshot.organization!.id).toBe('o-a1b2c3d4e5');
    expect(snapshot.organization!.unavailable).toMatch(/organizations:ListRoots/);
    expect(snapshot.accounts).toHaveLength(3);
    await aws.close();

    const alone = smallFixture();
    delete alone.organization;
    endpoint = await startAwsEndpoint(alone, { now: clock.now });
    const standalone = await pullSnapshot(pullOptions(endpoint.url, clock));
    expect(standalone.organization).toBeUndefined();
  });

  it('R-05: a standalone first account does not hide the organization the other accounts can read (F3)', async () => {
    const clock = fakeClock();
    const fixture = smallFixture();
    // The pull runs from a tooling account in no organization; 111111111111 is a delegated administrator.
    const tooling = emptyAccount('555555555555', 'tooling');
    tooling.users.push(makeUser('555555555555', 'doctor'));
    fixture.accounts.push(tooling);
    fixture.accessKeys[CALLER_KEY] = { accountId: '555555555555', arn: 'arn:aws:iam::555555555555:user/doctor', userId: 'AIDATOOLING' };
    fixture.organization!.readableFrom = ['999999999999', '111111111111'];
    fixture.organization!.policies.push(DENY_ASSUME_ROLE_SCP);
    const aws = await start(fixture, { now: clock.now });
    const snapshot = await pullSnapshot(pullOptions(aws.url, clock, { assumeRoles: ROLES }));
    expect(snapshot.organization!.id).toBe('o-a1b2c3d4e5');
    expect(snapshot.organization!.unavailable).toBeUndefined();
    // The tooling account answered "not in an organization": it is standalone, not of unknown membership.
    expect(snapshot.organization!.membershipUnknown).toBeUndefined();
    const request = { action: 'sts:AssumeRole', caller: 'arn:aws:iam::111111111111:user/alice', roleArn: 'arn:aws:iam::222222222222:role/Deploy', roleSessionName: 'sess', externalId: 'abc' };
    const d = diagnose(snapshot, request, { now: '2026-11-22T12:00:00Z' });
    expect(d.decision).toBe('denied');
    expect(d.failedChecks).toEqual(['scp']);
  });

  it('R-05, R-43: an account whose DescribeOrganization is refused and is not in the tree has unknown membership (F3)', async () => {
    const clock = fakeClock();
    const fixture = smallFixture();
    const outsider = emptyAccount('333333333333', 'outsider');
    fixture.accounts.push(outsider);
    fixture.assumableRoles.push({ roleArn: 'arn:aws:iam::333333333333:role/DoctorReadOnly' });
    const aws = await start(fixture, { now: clock.now, faults: [{ action: 'organizations:DescribeOrganization', kind: 'access-denied', accountId: '333333333333' }] });
    const snapshot = await pullSnapshot(
      pullOptions(aws.url, clock, { assumeRoles: [...ROLES, { roleArn: 'arn:aws:iam::333333333333:role/DoctorReadOnly' }] }),
    );
    expect(snapshot.accounts.map((a) => a.accountId)).toContain('333333333333');
    expect(snapshot.organization!.root).toBeDefined();
    expect(snapshot.organization!.membershipUnknown).toEqual([{ accountId: '333333333333', reason: expect.stringContaining('could not be read') }]);
  });

  it('R-05: a policy type pending enable/disable still has its policies listed, and the SCP check answers unknown (F6)', async () => {
    const clock = fakeClock();
    const fixture = smallFixture();
    fixture.organization!.policyTypeStatus = { SERVICE_CONTROL_POLICY: 'PENDING_DISABLE' };
    fixture.organization!.policies.push(DENY_ASSUME_ROLE_SCP);
    const aws = await start(fixture, { now: clock.now });
    const snapshot = await pullSnapshot(pullOptions(aws.url, clock, { assumeRoles: ROLES }));
    expect(snapshot.organization!.enabledPolicyTypes).not.toContain('SERVICE_CONTROL_POLICY');
    expect(snapshot.organization!.pendingPolicyTypes).toEqual([{ type: 'SERVICE_CONTROL_POLICY', status: 'PENDING_DISABLE' }]);
    expect(snapshot.organization!.policies!.map((p) => p.id)).toContain('p-denysts');
    const request = { action: 'sts:AssumeRole', caller: 'arn:aws:iam::111111111111:user/alice', roleArn: 'arn:aws:iam::222222222222:role/Deploy', roleSessionName: 'sess', externalId: 'abc' };
    const d = diagnose(snapshot, request, { now: '2026-11-22T12:00:00Z' });
    expect(d.checks.find((c) => c.id === 'scp')).toMatchObject({ status: 'unknown', summary: expect.stringContaining('PENDING_DISABLE') });
    expect(d.decision).toBe('inconclusive');
  });

  it('records a CloudTrail stream the event cap cut short, naming the window not read (F7)', async () => {
    const clock = fakeClock();
    const aws = await start(smallFixture(), { now: clock.now, cloudTrailPageCap: 2 });
    const snapshot = await pullSnapshot(pullOptions(aws.url, clock, { assumeRoles: ROLES, maxEventsPerStream: 2 }));
    const truncated = snapshot.accounts.flatMap((a) => (a.unavailable ?? []).filter((u) => u.part === 'cloudTrail:us-east-1' && /event cap reached/.test(u.reason)));
    expect(truncated.length).toBeGreaterThan(0);
    expect(truncated[0].reason).toMatch(/AssumeRole\w* events from \S+ to \S+ were not read/);
    // Without the cap nothing is marked.
    await aws.close();
    endpoint = await startAwsEndpoint(smallFixture(), { now: clock.now, cloudTrailPageCap: 2 });
    const whole = await pullSnapshot(pullOptions(endpoint.url, clock, { assumeRoles: ROLES }));
    expect(whole.accounts.every((a) => !a.unavailable)).toBe(true);
  });

  it('keeps an account it cannot assume into out of the snapshot, saying why', async () => {
    const clock = fakeClock();
    const aws = await start(smallFixture(), { now: clock.now });
    const snapshot = await pullSnapshot(
      pullOptions(aws.url, clock, { assumeRoles: [ROLES[0], { roleArn: ROLES[1].roleArn, externalId: 'wrong' }] }),
    );
    expect(snapshot.accounts.map((a) => a.accountId)).toEqual(['999999999999', '111111111111']);
    expect(snapshot.unavailableAccounts).toEqual([
      expect.objectContaining({ accountId: '222222222222', missingPermission: 'sts:AssumeRole', reason: expect.stringContaining('DoctorReadOnly') }),
    ]);
  });

  it('retries throttling with backoff, and 500s, then succeeds', async () => {
    const clock = fakeClock();
    const aws = await start(smallFixture(), {
      now: clock.now,
      faults: [
        { action: 'iam:GetAccountAuthorizationDetails', kind: 'throttle', times: 3 },
        { action: 'iam:ListRoles', kind: 'server-error', times: 2 },
        { action: 'organizations:ListRoots', kind: 'throttle', times: 1 },
        { action: 'cloudtrail:LookupEvents', kind: 'server-error', times: 1 },
      ],
    });
    const progress: PullProgressEvent[] = [];
    const { snapshot } = await pull(pullOptions(aws.url, clock, { assumeRoles: ROLES, onProgress: (e) => progress.push(e) }));
    expect(aws.calls['iam:GetAccountAuthorizationDetails']).toBe(3 + 3);
    expect(aws.calls['iam:ListRoles']).toBe(2 + 3);
    expect(snapshot.accounts.every((a) => !a.unavailable)).toBe(true);
    expect(snapshot.organization!.unavailable).toBeUndefined();
    expect(snapshot.events).toHaveLength(10);
    // Exponential backoff: successive waits grow.
    const retries = progress.filter((p) => p.phase === 'retry' && p.message.startsWith('iam:GetAccountAuthorizationDetails'));
    expect(retries).toHaveLength(3);
    const delays = retries.map((r) => Number(/in (\d+) ms/.exec(r.message)![1]));
    expect(delays[1]).toBeGreaterThan(delays[0]);
    expect(delays[2]).toBeGreaterThan(delays[1]);
  });

  it('gives up on a part after the retries are spent, keeping the rest', async () => {
    const clock = fakeClock();
    const aws = await start(smallFixture(), { now: clock.now, faults: [{ action: 'iam:ListSAMLProviders', kind: 'server-error' }] });
    const snapshot = await pullSnapshot(pullOptions(aws.url, clock, { retry: { maxAttempts: 3, random: () => 0.5 } }));
    expect(aws.calls['iam:ListSAMLProviders']).toBe(3);
    expect(snapshot.accounts[0].unavailable).toEqual([expect.objectContaining({ part: 'samlProviders', reason: expect.stringContaining('ServiceFailure') })]);
  });

  it('retries an answer that is too slow', async () => {
    const clock = fakeClock();
    const aws = await start(smallFixture(), { now: clock.now, faults: [{ action: 'iam:ListRoles', kind: 'slow', delayMs: 1500, times: 1 }] });
    const snapshot = await pullSnapshot(pullOptions(aws.url, clock, { requestTimeoutMs: 300, cloudTrailRegions: [] }));
    expect(aws.calls['iam:ListRoles']).toBe(2);
    expect(snapshot.accounts[0].unavailable).toBeUndefined();
  });

  it('stops with one clear credentials error when the session has expired', async () => {
    const clock = fakeClock();
    const fixture = smallFixture();
    fixture.expiredAccessKeys = [CALLER_KEY];
    const aws = await start(fixture, { now: clock.now });
    const error = await pullSnapshot(pullOptions(aws.url, clock, { assumeRoles: ROLES })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DoctorError);
    expect((error as DoctorError).code).toBe('aws-credentials');
    expect((error as DoctorError).message).toMatch(/credentials have expired.*pull again/);
    expect(aws.totalCalls()).toBe(1);
  });

  it('stops with the same error when credentials expire half-way', async () => {
    const clock = fakeClock();
    const aws = await start(smallFixture(), { now: clock.now, faults: [{ action: 'iam:ListSAMLProviders', kind: 'expired' }] });
    const error = await pullSnapshot(pullOptions(aws.url, clock)).catch((e: unknown) => e);
    expect((error as DoctorError).code).toBe('aws-credentials');
  });

  it('says so when there are no credentials at all', async () => {
    const clock = fakeClock();
    const aws = await start();
    const missing = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    const error = await pullSnapshot(pullOptions(aws.url, clock, { credentials: () => Promise.reject(missing) })).catch((e: unknown) => e);
    expect((error as DoctorError).code).toBe('aws-credentials');
    expect((error as DoctorError).message).toMatch(/no AWS credentials were found/);
    expect(aws.totalCalls()).toBe(0);
  });

  it('reports an unreachable endpoint as aws-unavailable', async () => {
    const clock = fakeClock();
    const aws = await start();
    const url = aws.url;
    await aws.close();
    endpoint = undefined;
    const error = await pullSnapshot(pullOptions(url, clock, { retry: { maxAttempts: 2, random: () => 0.5 } })).catch((e: unknown) => e);
    expect((error as DoctorError).code).toBe('aws-unavailable');
  });

  it('refreshes CloudTrail incrementally: only the overlap window is read again, and a late-delivered event is found', async () => {
    const clock = fakeClock();
    const fixture = smallFixture();
    const aws = await start(fixture, { now: clock.now });
    const first = await pull(pullOptions(aws.url, clock, { assumeRoles: ROLES }));
    expect(first.newEvents).toHaveLength(10);
    const held = new Set(first.newEvents.map((e) => String(e.eventID)));
    const cursor = Date.parse(first.cursors['222222222222/us-east-1/AssumeRole']);
    deliverAfterFirstPull(fixture, cursor);
    const servedBefore = new Map(aws.eventsServed);
    const second = await pull(pullOptions(aws.url, clock, { assumeRoles: ROLES, cursors: first.cursors, knownEventIds: held }));
    expect(second.newEvents.map((e) => e.eventID).sort()).toEqual(['delayed-1', 'late-1']);
    expect(second.cursors['222222222222/us-east-1/AssumeRole']).toBe('2026-11-22T11:30:00.000Z');
    // What was read again lies inside the 15-minute window before its stream's cursor.
    const timeOf = new Map(fixture.accounts.flatMap((a) => Object.values(a.events).flat()).map((e) => [String(e.eventID), Date.parse(String(e.eventTime))]));
    const oldestCursor = Math.min(...Object.values(first.cursors).map((t) => Date.parse(t)));
    const readAgain = [...aws.eventsServed].filter(([id, n]) => servedBefore.has(id) && n > servedBefore.get(id)!).map(([id]) => id);
    expect(readAgain.length).toBeGreaterThan(0);
    for (const id of readAgain) expect(timeOf.get(id)!, id).toBeGreaterThanOrEqual(oldestCursor - 15 * 60_000);
    const third = await pull(pullOptions(aws.url, clock, { assumeRoles: ROLES, cursors: second.cursors, knownEventIds: new Set([...held, 'late-1', 'delayed-1']) }));
    expect(third.newEvents).toEqual([]);
    // Back-to-back pulls share the per-account, per-region pace.
    expect(aws.rateViolations).toEqual([]);
  });

  it('with no overlap window, a refresh reads nothing twice (and so misses late deliveries)', async () => {
    const clock = fakeClock();
    const fixture = smallFixture();
    const aws = await start(fixture, { now: clock.now });
    const first = await pull(pullOptions(aws.url, clock, { assumeRoles: ROLES, overlapMinutes: 0 }));
    deliverAfterFirstPull(fixture, Date.parse(first.cursors['222222222222/us-east-1/AssumeRole']));
    const second = await pull(pullOptions(aws.url, clock, { assumeRoles: ROLES, cursors: first.cursors, overlapMinutes: 0 }));
    expect(second.newEvents.map((e) => e.eventID)).toEqual(['late-1']);
    expect([...aws.eventsServed.values()].every((n) => n === 1)).toBe(true);
  });

  it('paces LookupEvents under 2 requests per second per region', async () => {
    const clock = fakeClock();
    const aws = await start(largeFixture({ roles: 1, users: 1, policies: 1, events: 400 }), { now: clock.now });
    const { snapshot, calls } = await pull(pullOptions(aws.url, clock, { lookbackHours: 24 * 30 }));
    expect(snapshot.events).toHaveLength(400);
    expect(calls['cloudtrail:LookupEvents']).toBe(10);
    expect(aws.rateViolations).toEqual([]);
    // Without pacing the endpoint would have refused: the check is real.
    const burst = await pull(pullOptions(aws.url, clock, { lookbackHours: 24 * 30, lookupEventsPerSecond: 1000, retry: { maxAttempts: 1 } }));
    expect(aws.rateViolations.length).toBeGreaterThan(0);
    expect(burst.snapshot.accounts[0].unavailable).toEqual([expect.objectContaining({ part: 'cloudTrail:us-east-1', reason: expect.stringContaining('ThrottlingException') })]);
  });

  it('paces for real with the default clock (a short run)', async () => {
    const aws = await start(largeFixture({ roles: 1, users: 1, policies: 1, events: 120 }));
    const { snapshot } = await pull({
      ...pullOptions(aws.url, fakeClock(), { lookbackHours: 2000 }),
      now: undefined,
      sleep: undefined,
      cloudTrailRegions: ['us-east-1'],
    });
    expect(snapshot.events).toHaveLength(120);
    expect(aws.rateViolations).toEqual([]);
  });
});

describe('docs/iam-policy.json', () => {
  const policy = JSON.parse(readFileSync(path.resolve(__dirname, '../../docs/iam-policy.json'), 'utf8')) as {
    Statement: { Effect: string; Action: string[] }[];
  };
  const allowed = new Set(policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action));

  it('grants only read actions (plus sts:AssumeRole into the read-only roles)', () => {
    for (const action of allowed) {
      expect(action === 'sts:AssumeRole' || /^[a-z]+:(Get|List|Describe|Lookup)[A-Za-z]+$/.test(action), action).toBe(true);
    }
  });

  it('covers every action a pull calls, including the error paths', async () => {
    const clock = fakeClock();
    const aws = await start(smallFixture(), { now: clock.now, faults: [{ action: 'iam:ListRoles', kind: 'throttle', times: 1 }] });
    await pull(pullOptions(aws.url, clock, { assumeRoles: ROLES, cloudTrailRegions: ['us-east-1', 'eu-west-1'] }));
    const called = Object.keys(aws.calls);
    expect(called.length).toBeGreaterThan(10);
    expect(called.filter((action) => !allowed.has(action))).toEqual([]);
    // …and nothing in the policy that the code never needs.
    expect([...allowed].filter((action) => !called.includes(action))).toEqual([]);
  });
});
