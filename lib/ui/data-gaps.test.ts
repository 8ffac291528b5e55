import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import { SNAPSHOT_FORMAT, type Snapshot, type SnapshotAccount } from '@/lib/engine/types';
import { MAX_SESSION_NOT_IMPORTED, ORGANIZATION_NOT_IMPORTED, PARTIAL_IMPORT_REASON } from '@/lib/imports/parse';
import { dataGapLines, dataGaps } from './data-gaps';

function account(accountId: string, unavailable?: SnapshotAccount['unavailable']): SnapshotAccount {
  return { accountId, authorizationDetails: {}, ...(unavailable ? { unavailable } : {}) };
}

function snapshot(parts: Partial<Snapshot>): Snapshot {
  return { format: SNAPSHOT_FORMAT, accounts: [], ...parts };
}

const EVENT_CAP =
  'event cap reached (100000 AssumeRole events, maxEventsPerStream 100000): AssumeRole events from 2026-11-30T00:00:00.000Z to 2026-12-01T04:10:00.000Z were not read';

describe('data gaps: what the snapshot says could not be read', () => {
  it('the demo has none', () => {
    expect(dataGaps(demoSnapshot)).toEqual([]);
  });

  it('CloudTrail refused in one region names the region, the reason, the missing permission and what it means', () => {
    const [gap] = dataGaps(
      snapshot({
        accounts: [account('111111111111', [{ part: 'cloudTrail:us-east-1', reason: 'access denied: AccessDeniedException: not authorized', missingPermission: 'cloudtrail:LookupEvents' }])],
      }),
    );
    expect(gap).toEqual({
      kind: 'cloudtrail',
      scope: '111111111111',
      region: 'us-east-1',
      where: 'account 111111111111, us-east-1',
      what: 'CloudTrail events in us-east-1',
      reason: 'access denied: AccessDeniedException: not authorized',
      missingPermission: 'cloudtrail:LookupEvents',
      why: 'access denied: AccessDeniedException: not authorized (missing permission: cloudtrail:LookupEvents)',
      meaning: 'failed calls from this region may be missing from the list',
    });
  });

  it('CloudTrail cut by the event cap keeps the recorded window in the reason', () => {
    const [gap] = dataGaps(snapshot({ accounts: [account('222222222222', [{ part: 'cloudTrail:eu-west-1', reason: EVENT_CAP }])] }));
    expect(gap.what).toBe('CloudTrail events in eu-west-1');
    expect(gap.where).toBe('account 222222222222, eu-west-1');
    expect(gap.why).toBe(EVENT_CAP);
    expect(gap.missingPermission).toBeUndefined();
    expect(gap.meaning).toBe('failed calls from this region may be missing from the list');
  });

  it('explains every account part the pull and the imports write', () => {
    const gaps = dataGaps(
      snapshot({
        accounts: [
          account('111111111111', [
            { part: 'authorizationDetails', reason: PARTIAL_IMPORT_REASON },
            { part: 'maxSessionDuration', reason: MAX_SESSION_NOT_IMPORTED },
            { part: 'openIdConnectProviders', reason: 'access denied: nope', missingPermission: 'iam:ListOpenIDConnectProviders' },
            { part: 'samlProviders', reason: 'could not be read: timeout' },
          ]),
        ],
      }),
    );
    expect(gaps.map(({ what, why, meaning }) => ({ what, why, meaning }))).toEqual([
      {
        what: 'IAM roles, users and policies (GetAccountAuthorizationDetails)',
        why: PARTIAL_IMPORT_REASON,
        meaning: "a role, user or policy missing from the data is answered 'unknown', not 'does not exist'",
      },
      { what: 'MaxSessionDuration of roles', why: MAX_SESSION_NOT_IMPORTED, meaning: "durations above one hour are answered 'inconclusive'" },
      {
        what: 'OIDC identity providers',
        why: 'access denied: nope (missing permission: iam:ListOpenIDConnectProviders)',
        meaning: "web identity checks for this account are answered 'unknown'",
      },
      { what: 'SAML identity providers', why: 'could not be read: timeout', meaning: "SAML checks for this account are answered 'unknown'" },
    ]);
    expect(gaps.every((gap) => gap.where === 'account 111111111111' && gap.region === undefined)).toBe(true);
  });

  it('an account that could not be read at all says so, with the role tried', () => {
    const [gap] = dataGaps(
      snapshot({
        unavailableAccounts: [
          {
            accountId: '333333333333',
            roleArn: 'arn:aws:iam::333333333333:role/DoctorReadOnly',
            reason: 'could not assume arn:aws:iam::333333333333:role/DoctorReadOnly: AccessDenied',
            missingPermission: 'sts:AssumeRole',
          },
        ],
      }),
    );
    expect(dataGapLines([gap])).toEqual([
      "account 333333333333: the whole account (through arn:aws:iam::333333333333:role/DoctorReadOnly) not read (could not assume arn:aws:iam::333333333333:role/DoctorReadOnly: AccessDenied (missing permission: sts:AssumeRole)); checks that need this account are answered 'unknown'",
    ]);
    expect(gap.kind).toBe('account');
  });

  it('an organization that could not be read comes first, whatever the accounts hold', () => {
    const gaps = dataGaps(
      snapshot({
        accounts: [account('111111111111', [{ part: 'maxSessionDuration', reason: MAX_SESSION_NOT_IMPORTED }])],
        organization: { unavailable: ORGANIZATION_NOT_IMPORTED },
      }),
    );
    expect(gaps[0]).toMatchObject({
      kind: 'organization',
      where: 'organization',
      what: "the organization's structure, SCPs and RCPs",
      why: ORGANIZATION_NOT_IMPORTED,
      meaning: 'SCPs, RCPs and aws:PrincipalOrgID are unknown',
    });
    expect(gaps[1].kind).toBe('max-session-duration');
  });

  it('names the organization by id when the pull learned it', () => {
    expect(dataGaps(snapshot({ organization: { id: 'o-abc123', unavailable: 'refused' } }))[0].where).toBe('organization o-abc123');
  });

  it('an account whose organization membership is unknown says what that leaves unknown', () => {
    const [gap] = dataGaps(snapshot({ organization: { root: { id: 'r-1' }, membershipUnknown: [{ accountId: '444444444444', reason: 'account 444444444444 is in organization o-other' }] } }));
    expect(gap).toMatchObject({
      kind: 'organization-membership',
      where: 'account 444444444444',
      what: 'whether the account is in the organization',
      why: 'account 444444444444 is in organization o-other',
      meaning: 'SCPs, RCPs and aws:PrincipalOrgID are unknown for this account',
    });
  });

  it('a part this version does not know still shows, by its raw name and reason (and its region when it names one)', () => {
    const gaps = dataGaps(
      snapshot({
        accounts: [
          account('111111111111', [
            { part: 'stsRegions', reason: 'could not be read: <b>boom</b>' },
            { part: 'accessAnalyzer:ap-southeast-2', reason: 'access denied: x', missingPermission: 'access-analyzer:ListAnalyzers' },
          ]),
        ],
      }),
    );
    expect(gaps).toEqual([
      {
        kind: 'other',
        scope: '111111111111',
        where: 'account 111111111111',
        what: 'stsRegions',
        reason: 'could not be read: <b>boom</b>',
        why: 'could not be read: <b>boom</b>',
        meaning: 'verdicts that need it may be incomplete',
      },
      {
        kind: 'other',
        scope: '111111111111',
        region: 'ap-southeast-2',
        where: 'account 111111111111, ap-southeast-2',
        what: 'accessAnalyzer:ap-southeast-2',
        reason: 'access denied: x',
        missingPermission: 'access-analyzer:ListAnalyzers',
        why: 'access denied: x (missing permission: access-analyzer:ListAnalyzers)',
        meaning: 'verdicts that need it may be incomplete',
      },
    ]);
  });

  it('a bare "cloudTrail" part without a region is shown raw, not guessed', () => {
    expect(dataGaps(snapshot({ accounts: [account('111111111111', [{ part: 'cloudTrail', reason: 'r' }])] }))[0]).toMatchObject({ kind: 'other', what: 'cloudTrail' });
  });

  it('orders accounts by id, unreachable and partly read alike, keeping each account’s parts in recorded order', () => {
    const gaps = dataGaps(
      snapshot({
        accounts: [
          account('222222222222', [
            { part: 'cloudTrail:us-west-2', reason: 'b' },
            { part: 'cloudTrail:us-east-1', reason: 'a' },
          ]),
          account('111111111111', [{ part: 'maxSessionDuration', reason: 'c' }]),
        ],
        unavailableAccounts: [{ accountId: '150000000000', reason: 'd' }],
        organization: { unavailable: 'e' },
      }),
    );
    expect(gaps.map((gap) => `${gap.scope}/${gap.reason}`)).toEqual(['organization/e', '111111111111/c', '150000000000/d', '222222222222/b', '222222222222/a']);
  });

  it('the CLI line reads as one sentence per gap', () => {
    const gaps = dataGaps(snapshot({ accounts: [account('111111111111', [{ part: 'cloudTrail:us-east-1', reason: EVENT_CAP }])] }));
    expect(dataGapLines(gaps)).toEqual([`account 111111111111, us-east-1: CloudTrail events in us-east-1 not read (${EVENT_CAP}); failed calls from this region may be missing from the list`]);
  });

  it('a reason holding newlines (an imported file) still prints one line, which cannot pass for a result line', () => {
    const gaps = dataGaps(snapshot({ accounts: [account('111111111111', [{ part: 'maxSessionDuration', reason: 'AccessDenied\nwrote /etc/passwd: 0 account(s)' }])] }));
    const lines = dataGapLines(gaps);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(lines[0]).toContain('(AccessDenied wrote /etc/passwd: 0 account(s))');
  });
});
