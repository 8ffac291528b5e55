// Pull benchmark: one account of 1,000 roles, 300 users, 200 managed policies and N CloudTrail
// events, served by the local AWS endpoint (127.0.0.1), pulled with the real clock so the
// CloudTrail pacing (2 LookupEvents per second per region) is paid for real.
//
//   npm run bench:pull                 # 1,000 events; prints the projected time for 10,000
//   npm run bench:pull -- --events 10000   # the full run (≈ 100 s of paced CloudTrail reads)
//
// Modules marked `import 'server-only'` throw unless Node resolves the `react-server` export
// condition, so the script re-runs itself with --conditions=react-server when started without it.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const FULL_EVENTS = 10_000;

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} needs a whole number, got ${process.argv[at + 1]}`);
    process.exit(2);
  }
  return value;
}

async function main() {
  const { CLOUDTRAIL_OVERLAP_MINUTES, pull, refreshWindowStart } = await import('@/lib/aws/pull');
  const { PACER_MARGIN_MS } = await import('@/lib/aws/retry');
  const { Store } = await import('@/lib/store/store');
  const { startAwsEndpoint } = await import('@/test/aws-endpoint/server');
  const { largeFixture, makeAssumeRoleEvent, CALLER_KEY, CALLER_SECRET } = await import('@/test/aws-endpoint/fixture');

  const sizes = { roles: flag('roles', 1000), users: flag('users', 300), policies: flag('policies', 200), events: flag('events', 1000) };
  const fixture = largeFixture(sizes);
  const endpoint = await startAwsEndpoint(fixture);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'doctor-bench-'));
  const options = {
    region: 'us-east-1',
    endpoint: endpoint.url,
    credentials: { accessKeyId: CALLER_KEY, secretAccessKey: CALLER_SECRET },
    // The fixture's events end at 2026-11-22; reach back far enough from today to see them all.
    lookbackHours: 2160,
  };
  const line = (label: string, value: string | number) => console.log(`  ${label.padEnd(40)} ${value}`);

  try {
    console.log(`AssumeRole Doctor pull benchmark — ${sizes.roles} roles, ${sizes.users} users, ${sizes.policies} managed policies, ${sizes.events} events`);
    console.log(`endpoint ${endpoint.url} (local); CloudTrail paced at 2 requests/s per region, real clock\n`);

    const started = performance.now();
    let iamDone = 0;
    const first = await pull({
      ...options,
      onProgress: (event) => {
        if (event.phase === 'cloudtrail' && !iamDone) iamDone = performance.now();
      },
    });
    const firstMs = performance.now() - started;
    const store = new Store(dataDir);
    const saveStart = performance.now();
    store.savePull({ snapshot: first.snapshot, newEvents: first.newEvents, cursors: first.cursors, eventsSince: '2000-01-01T00:00:00Z' });
    const saveMs = performance.now() - saveStart;

    const iamCalls = Object.entries(endpoint.calls).filter(([action]) => action.startsWith('iam:'));
    const perRoleCalls = iamCalls.filter(([action]) => /GetRole$|ListRoleTags|GetRolePolicy|ListAttachedRolePolicies/.test(action));
    console.log('first pull');
    line('roles / users / policies read', `${first.snapshot.accounts[0].authorizationDetails.RoleDetailList!.length} / ${first.snapshot.accounts[0].authorizationDetails.UserDetailList!.length} / ${first.snapshot.accounts[0].authorizationDetails.Policies!.length}`);
    line('events fetched', first.newEvents.length);
    console.log('  API calls by action:');
    for (const [action, count] of Object.entries(endpoint.calls).sort()) line(`  ${action}`, count);
    const roleReadingCalls = (endpoint.calls['iam:GetAccountAuthorizationDetails'] ?? 0) + (endpoint.calls['iam:ListRoles'] ?? 0);
    line('IAM calls for the roles', `${roleReadingCalls} (target ≤ 5; per-role calls: ${perRoleCalls.length})`);
    line('wall time to the first CloudTrail page', `${((iamDone || performance.now()) - started).toFixed(0)} ms`);
    line('wall time, whole pull', `${(firstMs / 1000).toFixed(1)} s`);
    line('saving to SQLite (one transaction)', `${saveMs.toFixed(0)} ms`);
    line('CloudTrail rate-limit violations', endpoint.rateViolations.length);

    // Refresh: nothing new, then 100 new events.
    const servedBefore = new Map(endpoint.eventsServed);
    const callsBefore = endpoint.calls['cloudtrail:LookupEvents'] ?? 0;
    const refreshStart = performance.now();
    // As the app refreshes: from the stored cursors, with the ids of the events its overlap window may return again.
    const known = () => {
      const since = refreshWindowStart(store.cloudTrailCursors(), Date.now(), options.lookbackHours);
      return since === undefined ? undefined : store.eventIdsSince(since);
    };
    const second = await pull({ ...options, cursors: store.cloudTrailCursors(), knownEventIds: known() });
    const refreshMs = performance.now() - refreshStart;
    const refreshCalls = (endpoint.calls['cloudtrail:LookupEvents'] ?? 0) - callsBefore;
    store.savePull({ snapshot: second.snapshot, newEvents: second.newEvents, cursors: second.cursors, eventsSince: '2000-01-01T00:00:00Z' });
    const account = fixture.accounts[0];
    const last = Date.parse(String(account.events['us-east-1'].at(-1)?.eventTime ?? '2026-11-22T00:00:00Z'));
    for (let i = 0; i < 100; i++) {
      account.events['us-east-1'].push(
        makeAssumeRoleEvent({ eventId: `new-${i}`, eventTime: new Date(last + (i + 1) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'), region: 'us-east-1', accountId: account.accountId, callerArn: `arn:aws:iam::${account.accountId}:user/user0`, roleArn: `arn:aws:iam::${account.accountId}:role/Role0` }),
      );
    }
    const third = await pull({ ...options, cursors: second.cursors, knownEventIds: known() });
    const twice = [...endpoint.eventsServed.values()].filter((n) => n > 1).length;
    console.log('\nrefresh');
    line('new events, nothing added', `${second.newEvents.length} (${refreshCalls} LookupEvents calls, ${(refreshMs / 1000).toFixed(1)} s)`);
    line('new events, 100 added', third.newEvents.length);
    line(`events read again (the ${CLOUDTRAIL_OVERLAP_MINUTES}-minute overlap window)`, `${twice} (of ${servedBefore.size + 100} distinct; none counted as new)`);

    // Projection for the full 10,000 events: paced pages dominate.
    const pagesFull = Math.ceil(FULL_EVENTS / 50) + 2; // AssumeRole pages + one empty page per other event name
    const pacedMs = 1000 / 2 + PACER_MARGIN_MS; // the pacer's spacing
    const iamMs = (iamDone || started) - started;
    if (sizes.events < FULL_EVENTS) {
      console.log(`\nthis run used ${sizes.events} events (--events ${sizes.events}); projected for ${FULL_EVENTS}:`);
      line('LookupEvents pages', pagesFull);
      line('projected wall time', `${((iamMs + pagesFull * pacedMs) / 1000).toFixed(0)} s (${pagesFull} pages at ${pacedMs} ms, plus ${iamMs.toFixed(0)} ms IAM)`);
      console.log(`  run \`npm run bench:pull -- --events ${FULL_EVENTS}\` to measure it`);
    }
    store.close();
  } finally {
    await endpoint.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const hasServerCondition = process.execArgv.some((arg, i, all) => arg === '--conditions=react-server' || (arg === '--conditions' && all[i + 1] === 'react-server') || arg === '-C=react-server');
if (!hasServerCondition) {
  const child = spawnSync(process.execPath, [...process.execArgv, '--conditions=react-server', process.argv[1], ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
} else {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
