import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DoctorError } from '@/lib/errors';
import { loadSnapshot } from '@/lib/engine/snapshot';
import { diagnose } from '@/lib/engine';
import { combineImports, exportSnapshot, parseImportFile, snapshotFileName, MAX_DECOMPRESSED_BYTES, ORGANIZATION_NOT_IMPORTED, PARTIAL_IMPORT_REASON } from './parse';
import { importBuffers, importPaths } from './files';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// What `aws iam get-account-authorization-details` prints: documents as objects, dates as strings.
const cliDetails = {
  UserDetailList: [
    { Path: '/', UserName: 'alice', UserId: 'AIDAALICE', Arn: 'arn:aws:iam::111111111111:user/alice', CreateDate: '2026-01-01T00:00:00+00:00', UserPolicyList: [], GroupList: [], AttachedManagedPolicies: [], Tags: [] },
  ],
  GroupDetailList: [],
  RoleDetailList: [
    {
      Path: '/',
      RoleName: 'Deploy',
      RoleId: 'AROADEPLOY',
      Arn: 'arn:aws:iam::111111111111:role/Deploy',
      CreateDate: '2026-01-01T00:00:00+00:00',
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] },
      InstanceProfileList: [],
      RolePolicyList: [],
      AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      Tags: [],
      RoleLastUsed: {},
    },
  ],
  Policies: [
    { PolicyName: 'ReadOnlyAccess', PolicyId: 'ANPAREAD', Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', Path: '/', DefaultVersionId: 'v1', PolicyVersionList: [{ Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*:Get*', Resource: '*' }] }, VersionId: 'v1', IsDefaultVersion: true }] },
  ],
};

const record = (id: string, time: string, eventName = 'AssumeRole', eventSource = 'sts.amazonaws.com') => ({
  eventVersion: '1.08',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111' },
  eventTime: time,
  eventSource,
  eventName,
  awsRegion: 'us-east-1',
  requestParameters: { roleArn: 'arn:aws:iam::111111111111:role/Deploy', roleSessionName: 's' },
  errorCode: 'AccessDenied',
  eventID: id,
  recipientAccountId: '111111111111',
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'doctor-import-'));
  dirs.push(dir);
  return dir;
}

/** get-account-authorization-details of the caller account: alice may call sts:AssumeRole on anything. */
const ALICE_DETAILS = {
  UserDetailList: [
    {
      UserName: 'alice',
      UserId: 'AIDAALICE',
      Arn: 'arn:aws:iam::111111111111:user/alice',
      UserPolicyList: [{ PolicyName: 'assume', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }],
    },
  ],
};

describe('imports', () => {
  it('reads get-account-authorization-details output and finds the account from its ARNs', () => {
    const parsed = parseImportFile('details.json', JSON.stringify(cliDetails));
    expect(parsed.kind).toBe('authorization-details');
    expect(parsed.accounts[0].accountId).toBe('111111111111');
    const { snapshot } = combineImports([parsed], '2026-11-23T00:00:00.000Z');
    // The engine accepts the result as it is.
    const indexed = loadSnapshot(snapshot);
    expect(indexed.rolesByArn.has('arn:aws:iam::111111111111:role/Deploy')).toBe(true);
  });

  it('takes the account id from the file name when the data names none', () => {
    const parsed = parseImportFile('exports/222222222222-iam.json', JSON.stringify({ UserDetailList: [], RoleDetailList: [], GroupDetailList: [], Policies: [] }));
    expect(parsed.accounts[0].accountId).toBe('222222222222');
    expect(() => parseImportFile('empty.json', JSON.stringify({ RoleDetailList: [] }))).toThrow(/cannot tell which account/);
  });

  it('names the file and the field that is wrong', () => {
    const bad = { ...cliDetails, RoleDetailList: [{ RoleName: 'Deploy' }] };
    const error = (() => {
      try {
        parseImportFile('acct.json', JSON.stringify(bad));
      } catch (e) {
        return e as DoctorError;
      }
    })()!;
    expect(error).toBeInstanceOf(DoctorError);
    expect(error.message).toBe('acct.json: RoleDetailList[0].Arn is missing (expected a string)');
    expect(error.field).toBe('RoleDetailList[0].Arn');
    expect(() => parseImportFile('broken.json', '{"Records": [')).toThrow(/broken\.json is not valid JSON/);
    expect(() => parseImportFile('what.json', '{"hello": 1}')).toThrow(/what\.json is not a file AssumeRole Doctor can import/);
    expect(() => parseImportFile('mixed.json', JSON.stringify({ RoleDetailList: [{ RoleName: 'a', Arn: 'arn:aws:iam::111111111111:role/a' }, { RoleName: 'b', Arn: 'arn:aws:iam::222222222222:role/b' }] }))).toThrow(
      /mixes entities of several accounts/,
    );
    expect(() => parseImportFile('snap.json', JSON.stringify({ format: 'assumerole-doctor/snapshot@1', accounts: [{ accountId: '12' }] }))).toThrow(
      'snap.json: accounts[0].accountId must be a 12-digit account id',
    );
  });

  it('keeps only STS AssumeRole records from CloudTrail logs, gzipped or not', () => {
    const log = { Records: [record('a', '2026-11-20T10:00:00Z'), record('b', '2026-11-20T11:00:00Z', 'GetObject', 's3.amazonaws.com'), record('c', '2026-11-20T12:00:00Z', 'AssumeRoleWithWebIdentity')] };
    const plain = parseImportFile('log.json', JSON.stringify(log));
    const zipped = parseImportFile('log.json.gz', gzipSync(JSON.stringify(log)));
    for (const parsed of [plain, zipped]) {
      expect(parsed.kind).toBe('cloudtrail-log');
      expect(parsed.events.map((e) => e.eventID)).toEqual(['a', 'c']);
      expect(parsed.skippedRecords).toBe(1);
    }
    expect(() => parseImportFile('fake.json.gz', Buffer.from('{"Records":[]}'))).toThrow(/not gzip-compressed/);
  });

  it('refuses a gzip bomb', () => {
    expect(MAX_DECOMPRESSED_BYTES).toBeLessThanOrEqual(512 * 1024 * 1024);
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(10_000);
    expect(() => parseImportFile('bomb.json.gz', bomb, { maxDecompressedBytes: 1024 * 1024 })).toThrow(/bomb\.json\.gz expands to more than 1 MB/);
  });

  it('reads lookup-events output, parsing each CloudTrailEvent string', () => {
    const output = {
      Events: [
        { EventId: 'x', EventName: 'AssumeRole', CloudTrailEvent: JSON.stringify(record('x', '2026-11-20T10:00:00Z')) },
        { EventId: 'y', EventName: 'AssumeRoleWithSAML', CloudTrailEvent: JSON.stringify(record('y', '2026-11-20T09:00:00Z', 'AssumeRoleWithSAML')) },
      ],
      NextToken: 'more',
    };
    const parsed = parseImportFile('lookup.json', JSON.stringify(output));
    expect(parsed.events.map((e) => [e.eventID, e.errorCode])).toEqual([
      ['x', 'AccessDenied'],
      ['y', 'AccessDenied'],
    ]);
    expect(parsed.warnings[0]).toMatch(/NextToken/);
    expect(() => parseImportFile('l.json', JSON.stringify({ Events: [{ EventId: 'z', CloudTrailEvent: '{nope' }] }))).toThrow(/l\.json: Events\[0\]\.CloudTrailEvent is not valid JSON/);
  });

  it('walks a folder laid out as CloudTrail writes to S3, skipping digests and non-imports', async () => {
    const root = tempDir();
    const day = path.join(root, 'AWSLogs', '111111111111', 'CloudTrail', 'us-east-1', '2026', '11', '20');
    const day2 = path.join(root, 'AWSLogs', '111111111111', 'CloudTrail', 'eu-west-1', '2026', '11', '21');
    const digest = path.join(root, 'AWSLogs', '111111111111', 'CloudTrail-Digest', 'us-east-1', '2026', '11', '20');
    for (const d of [day, day2, digest]) mkdirSync(d, { recursive: true });
    writeFileSync(path.join(day, '111111111111_CloudTrail_us-east-1_20261120T1000Z_abc.json.gz'), gzipSync(JSON.stringify({ Records: [record('a', '2026-11-20T10:00:00Z'), record('b', '2026-11-20T10:01:00Z')] })));
    writeFileSync(path.join(day2, '111111111111_CloudTrail_eu-west-1_20261121T1000Z_def.json.gz'), gzipSync(JSON.stringify({ Records: [record('b', '2026-11-20T10:01:00Z'), record('c', '2026-11-21T10:00:00Z')] })));
    writeFileSync(path.join(digest, 'digest.json.gz'), gzipSync(JSON.stringify({ digestStartTime: 'x' })));
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'x' }));
    writeFileSync(path.join(root, '111111111111.json'), JSON.stringify(cliDetails));

    const { snapshot, summary } = await importPaths([root], { now: () => new Date('2026-11-23T00:00:00Z') });
    expect(snapshot.source).toBe('import');
    expect(snapshot.capturedAt).toBe('2026-11-23T00:00:00.000Z');
    expect(snapshot.accounts.map((a) => a.accountId)).toEqual(['111111111111']);
    expect(snapshot.events!.map((e) => e.eventID)).toEqual(['c', 'b', 'a']);
    expect(summary.duplicateEvents).toBe(1);
    expect(summary.files).toHaveLength(3);
    expect(summary.warnings.join('\n')).toMatch(/skipped 1 JSON file/);

    await expect(importPaths([path.join(root, 'package.json')])).rejects.toThrow(/package\.json is not a file AssumeRole Doctor can import/);
    await expect(importPaths([path.join(root, 'missing')])).rejects.toThrow(/does not exist/);
  });

  it('refuses a snapshot file whose capturedAt is not an ISO 8601 time, naming the file and the field (F6)', () => {
    for (const capturedAt of ['2026\r\nX-Injected: y', '"x;', 42]) {
      const data = JSON.stringify({ format: 'assumerole-doctor/snapshot@1', capturedAt, accounts: [] });
      let error: unknown;
      try {
        importBuffers([{ name: 'hostile.json', data }]);
      } catch (caught) {
        error = caught;
      }
      expect(error, String(capturedAt)).toBeInstanceOf(DoctorError);
      expect((error as DoctorError).code).toBe('bad-snapshot');
      expect((error as DoctorError).field).toBe('capturedAt');
      expect((error as DoctorError).message).toMatch(/hostile\.json: capturedAt is .*ISO 8601/);
      // Quoted as JSON: no raw line break reaches a message or a log.
      expect((error as DoctorError).message).not.toMatch(/[\r\n]/);
    }
  });

  it('names an exported snapshot file by the date capturedAt starts with, else today (F6)', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    expect(snapshotFileName('2026-11-22T09:00:00Z', now)).toBe('assumerole-doctor-snapshot-2026-11-22.json');
    expect(snapshotFileName('2026-11-22', now)).toBe('assumerole-doctor-snapshot-2026-11-22.json');
    for (const hostile of [undefined, '', '2026\r\nX-Injected: y', '"x;', 'x2026-11-22', '26-11-22']) {
      expect(snapshotFileName(hostile, now), String(hostile)).toBe('assumerole-doctor-snapshot-2026-12-01.json');
    }
  });

  it('round-trips a snapshot through export and import, merging with other files', () => {
    const first = importBuffers([{ name: 'a.json', data: JSON.stringify(cliDetails) }], { now: () => new Date('2026-11-23T00:00:00Z') });
    const exported = exportSnapshot(first.snapshot);
    const again = importBuffers([
      { name: 'snapshot.json', data: exported },
      { name: 'log.json', data: JSON.stringify({ Records: [record('z', '2026-11-22T00:00:00Z')] }) },
    ]);
    expect(again.snapshot.accounts).toEqual(first.snapshot.accounts);
    expect(again.snapshot.capturedAt).toBe('2026-11-23T00:00:00.000Z');
    expect(again.snapshot.events!.map((e) => e.eventID)).toEqual(['z']);
    expect(() => loadSnapshot(again.snapshot)).not.toThrow();
  });

  it('R-49: an imported get-account-authorization-details file marks MaxSessionDuration unavailable and warns (F2)', () => {
    const result = importBuffers([{ name: 'a.json', data: JSON.stringify(cliDetails) }]);
    const [acct] = result.snapshot.accounts;
    expect(acct.unavailable).toEqual([{ part: 'maxSessionDuration', reason: expect.stringContaining('iam:ListRoles') }]);
    expect(result.summary.warnings).toContainEqual(expect.stringMatching(/MaxSessionDuration is not in get-account-authorization-details output.*111111111111/));
    const indexed = loadSnapshot(result.snapshot);
    expect(indexed.rolesByArn.get('arn:aws:iam::111111111111:role/Deploy')!.maxSessionDurationKnown).toBe(false);
    // A file that carries MaxSessionDuration for every role is taken at its word.
    const withDuration = { ...cliDetails, RoleDetailList: cliDetails.RoleDetailList.map((r) => ({ ...r, MaxSessionDuration: 7200 })) };
    const full = importBuffers([{ name: 'b.json', data: JSON.stringify(withDuration) }]);
    expect(full.snapshot.accounts[0].unavailable).toBeUndefined();
    expect(full.summary.warnings.join(' ')).not.toMatch(/MaxSessionDuration/);
  });

  it('R-49: a GAAD file merged into a live snapshot keeps the MaxSessionDuration the pull read (F2)', () => {
    const live = {
      format: 'assumerole-doctor/snapshot@1',
      capturedAt: '2026-11-22T00:00:00Z',
      source: 'live',
      accounts: [{ accountId: '111111111111', authorizationDetails: { ...cliDetails, RoleDetailList: cliDetails.RoleDetailList.map((r) => ({ ...r, MaxSessionDuration: 7200 })) } }],
    };
    const newer = { ...cliDetails, RoleDetailList: cliDetails.RoleDetailList.map((r) => ({ ...r, Tags: [{ Key: 'new', Value: 'yes' }] })) };
    const result = importBuffers([
      { name: 'live.json', data: JSON.stringify(live) },
      { name: 'gaad.json', data: JSON.stringify(newer) },
    ]);
    const deploy = result.snapshot.accounts[0].authorizationDetails.RoleDetailList![0];
    expect(deploy.MaxSessionDuration).toBe(7200);
    expect(deploy.Tags).toEqual([{ Key: 'new', Value: 'yes' }]);
    expect(loadSnapshot(result.snapshot).rolesByArn.get(deploy.Arn)!.maxSessionDurationKnown).toBe(true);
  });

  describe('organization (F4)', () => {
    const caller = ALICE_DETAILS;
    const orgTrust = {
      RoleDetailList: [
        {
          RoleName: 'Shared',
          RoleId: 'AROASHARED',
          Arn: 'arn:aws:iam::222222222222:role/Shared',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }],
          },
        },
      ],
    };
    const files = [
      { name: 'dev.json', data: JSON.stringify(caller) },
      { name: 'prod.json', data: JSON.stringify(orgTrust) },
    ];
    const request = { action: 'sts:AssumeRole', caller: 'arn:aws:iam::111111111111:user/alice', roleArn: 'arn:aws:iam::222222222222:role/Shared', roleSessionName: 'sess' };

    it('R-05, R-08: IAM files alone leave the organization unavailable, so SCP, RCP and aws:PrincipalOrgID answer unknown', () => {
      const result = importBuffers(files);
      expect(result.snapshot.organization).toEqual({ unavailable: ORGANIZATION_NOT_IMPORTED });
      expect(result.summary.warnings).toContainEqual(expect.stringMatching(/no organization data was imported.*--no-organization/));
      const d = diagnose(result.snapshot, request, { now: '2026-11-22T12:00:00Z' });
      expect(d.decision).toBe('inconclusive');
      expect(d.checks.find((c) => c.id === 'scp')?.status).toBe('unknown');
      expect(d.checks.find((c) => c.id === 'rcp')?.status).toBe('unknown');
      // Not "aws:PrincipalOrgID is absent": a denied here would be a wrong verdict.
      expect(d.decision).not.toBe('denied');
    });

    it('R-05: --no-organization keeps the old reading: no SCP or RCP, and aws:PrincipalOrgID is absent', () => {
      const result = importBuffers(files, { noOrganization: true });
      expect(result.snapshot.organization).toBeUndefined();
      expect(result.summary.warnings.join(' ')).not.toMatch(/organization/);
      const d = diagnose(result.snapshot, request, { now: '2026-11-22T12:00:00Z' });
      expect(d.decision).toBe('denied');
      expect(d.checks.find((c) => c.id === 'scp')?.status).toBe('skip');
    });

    it('a re-imported snapshot file keeps its own answer about the organization (none, or the one it carries)', () => {
      const live = { format: 'assumerole-doctor/snapshot@1', accounts: [{ accountId: '111111111111', authorizationDetails: caller }] };
      expect(importBuffers([{ name: 'live.json', data: JSON.stringify(live) }]).snapshot.organization).toBeUndefined();
      const withOrg = { ...live, organization: { id: 'o-a1b2c3d4e5', root: { id: 'r-1', children: [{ accountId: '111111111111' }] } } };
      expect(importBuffers([{ name: 'live.json', data: JSON.stringify(withOrg) }, ...files]).snapshot.organization?.id).toBe('o-a1b2c3d4e5');
      // A GAAD file of an account the snapshot file did not cover: that account's membership is not known.
      expect(importBuffers([{ name: 'live.json', data: JSON.stringify(live) }, files[1]]).snapshot.organization).toEqual({ unavailable: ORGANIZATION_NOT_IMPORTED });
    });
  });

  it('keeps unavailableAccounts through re-import, dropping an account another file supplies (F8)', () => {
    const live = {
      format: 'assumerole-doctor/snapshot@1',
      accounts: [{ accountId: '333333333333', authorizationDetails: {} }],
      unavailableAccounts: [
        { accountId: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/DoctorReadOnly', reason: 'could not assume DoctorReadOnly: AccessDenied', missingPermission: 'sts:AssumeRole' },
        { accountId: '111111111111', reason: 'could not assume DoctorReadOnly: AccessDenied' },
      ],
    };
    const again = importBuffers([{ name: 'live.json', data: JSON.stringify(live) }], { noOrganization: true });
    expect(again.snapshot.unavailableAccounts).toEqual(live.unavailableAccounts);
    const request = { action: 'sts:AssumeRole', caller: 'arn:aws:iam::333333333333:user/x', roleArn: 'arn:aws:iam::222222222222:role/Deploy', roleSessionName: 'sess' };
    expect(diagnose(again.snapshot, request).checks.find((c) => c.id === 'role-exists')?.summary).toContain('could not assume DoctorReadOnly');
    // 111111111111's IAM data is imported alongside: it is no longer unreachable.
    const withData = importBuffers([{ name: 'live.json', data: JSON.stringify(live) }, { name: 'dev.json', data: JSON.stringify(cliDetails) }], { noOrganization: true });
    expect(withData.snapshot.unavailableAccounts!.map((u) => u.accountId)).toEqual(['222222222222']);
  });

  it('merges pages of one account into one', () => {
    const page1 = { ...cliDetails, RoleDetailList: [], IsTruncated: true, Marker: 'm' };
    const page2 = { UserDetailList: [], RoleDetailList: cliDetails.RoleDetailList };
    const result = importBuffers([
      { name: 'p1.json', data: JSON.stringify(page1) },
      { name: 'p2.json', data: JSON.stringify(page2) },
    ]);
    expect(result.snapshot.accounts).toHaveLength(1);
    expect(result.snapshot.accounts[0].authorizationDetails.RoleDetailList).toHaveLength(1);
    expect(result.snapshot.accounts[0].authorizationDetails.UserDetailList).toHaveLength(1);
    expect(result.summary.warnings[0]).toMatch(/IsTruncated/);
    // p2 is the last page (no marker): the pages add up, so nothing is marked partial.
    expect(result.snapshot.accounts[0].unavailable?.some((u) => u.part === 'authorizationDetails')).toBeFalsy();
  });

  describe('partial get-account-authorization-details (F5)', () => {
    const caller = ALICE_DETAILS;
    const otherRole = { RoleName: 'Other', RoleId: 'AROAOTHER', Arn: 'arn:aws:iam::222222222222:role/Other', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } };
    const request = { action: 'sts:AssumeRole', caller: 'arn:aws:iam::111111111111:user/alice', roleArn: 'arn:aws:iam::222222222222:role/Deploy', roleSessionName: 'sess' };
    const verdict = (pages: { name: string; data: string }[]) => {
      const result = importBuffers([{ name: 'dev.json', data: JSON.stringify(caller) }, ...pages], { noOrganization: true });
      const d = diagnose(result.snapshot, request, { now: '2026-11-22T12:00:00Z' });
      return { result, d, roleExists: d.checks.find((c) => c.id === 'role-exists')! };
    };

    it('R-62: a page with IsTruncated and a Marker marks the account partial, so a missing role is unknown, not "no such role"', () => {
      const { result, d, roleExists } = verdict([{ name: 'prod.json', data: JSON.stringify({ RoleDetailList: [otherRole], IsTruncated: true, Marker: 'm1' }) }]);
      expect(result.snapshot.accounts.find((a) => a.accountId === '222222222222')!.unavailable).toContainEqual({ part: 'authorizationDetails', reason: PARTIAL_IMPORT_REASON });
      expect(roleExists.status).toBe('unknown');
      expect(d.decision).toBe('inconclusive');
    });

    it('R-62: the CLI --max-items shape (a top-level NextToken, no IsTruncated) is partial too, and warns', () => {
      const { result, roleExists } = verdict([{ name: 'prod.json', data: JSON.stringify({ RoleDetailList: [otherRole], NextToken: 'eyJNYXJrZXIiOiBudWxsfQ==' }) }]);
      expect(result.summary.warnings).toContainEqual(expect.stringMatching(/prod\.json is one page of several \(it ends with a NextToken\)/));
      expect(roleExists.status).toBe('unknown');
    });

    it('R-62: once the last page (no marker) of the account is imported, a role absent from every page does not exist', () => {
      const { result, roleExists } = verdict([
        { name: 'prod-1.json', data: JSON.stringify({ RoleDetailList: [otherRole], NextToken: 't1' }) },
        { name: 'prod-2.json', data: JSON.stringify({ RoleDetailList: [{ ...otherRole, RoleName: 'Third', RoleId: 'AROATHIRD', Arn: 'arn:aws:iam::222222222222:role/Third' }] }) },
      ]);
      expect(result.snapshot.accounts.find((a) => a.accountId === '222222222222')!.unavailable).toEqual([{ part: 'maxSessionDuration', reason: expect.any(String) }]);
      expect(roleExists.status).toBe('fail');
    });

    it('R-62: a whole GAAD file of the account lifts an authorizationDetails gap a saved pull recorded', () => {
      const live = {
        format: 'assumerole-doctor/snapshot@1',
        accounts: [{ accountId: '222222222222', authorizationDetails: {}, unavailable: [{ part: 'authorizationDetails', reason: 'access denied', missingPermission: 'iam:GetAccountAuthorizationDetails' }] }],
      };
      const gapOnly = verdict([{ name: 'live.json', data: JSON.stringify(live) }]);
      expect(gapOnly.roleExists.status).toBe('unknown');
      const filled = verdict([{ name: 'live.json', data: JSON.stringify(live) }, { name: 'prod.json', data: JSON.stringify({ RoleDetailList: [otherRole] }) }]);
      expect(filled.result.snapshot.accounts.find((a) => a.accountId === '222222222222')!.unavailable?.some((u) => u.part === 'authorizationDetails')).toBeFalsy();
      expect(filled.roleExists.status).toBe('fail');
    });

    it('the partial marker survives export and re-import', () => {
      const { result } = verdict([{ name: 'prod.json', data: JSON.stringify({ RoleDetailList: [otherRole], IsTruncated: true, Marker: 'm1' }) }]);
      const again = importBuffers([{ name: 'snap.json', data: exportSnapshot(result.snapshot) }], { noOrganization: true });
      expect(again.snapshot.accounts.find((a) => a.accountId === '222222222222')!.unavailable).toContainEqual({ part: 'authorizationDetails', reason: PARTIAL_IMPORT_REASON });
    });
  });
});

describe('imports: nesting hidden in files and in JSON strings', () => {
  function refused(fn: () => unknown): DoctorError {
    try {
      fn();
    } catch (error) {
      if (error instanceof DoctorError) return error;
      throw error;
    }
    throw new Error('expected a DoctorError');
  }
  const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

  it('a file nesting 5,000 deep is too-deep naming the file (it reached the store and JSON.stringify before)', () => {
    const data = `{"format":"assumerole-doctor/snapshot@1","accounts":[],"events":[{"eventName":"AssumeRole","x":${deepArray(5000)}}]}`;
    const error = refused(() => importBuffers([{ name: 'deep.json', data }]));
    expect(error.code).toBe('too-deep');
    expect(error.status).toBe(422);
    expect(error.exitCode).toBe(2);
    expect(error.field).toBe('deep.json');
  });

  it('a lookup-events CloudTrailEvent string nesting 5,000 deep is too-deep naming Events[i].CloudTrailEvent', () => {
    const record = `{"eventName":"AssumeRole","eventSource":"sts.amazonaws.com","x":${deepArray(5000)}}`;
    const data = JSON.stringify({ Events: [{ EventId: 'ok', CloudTrailEvent: '{"eventName":"GetCallerIdentity"}' }, { EventId: 'x', CloudTrailEvent: record }] });
    const error = refused(() => importBuffers([{ name: 'lookup.json', data }]));
    expect(error.code).toBe('too-deep');
    expect(error.field).toBe('Events[1].CloudTrailEvent');
    expect(error.message).toMatch(/^lookup\.json: Events\[1\]\.CloudTrailEvent: /);
  });
});
