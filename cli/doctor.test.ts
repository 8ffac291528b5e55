// The CLI, spawned for real as users run it (`tsx cli/doctor.ts …`), on small files in a temp dir.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(path.join(tmpdir(), 'doctor-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function doctor(args: string[], stdin?: string, env?: Record<string, string>): Promise<Ran> {
  return new Promise((resolve) => {
    const options = { cwd: ROOT, maxBuffer: 32 * 1024 * 1024, env: env ? { ...process.env, ...env } : process.env };
    const child = execFile(TSX, [path.join(ROOT, 'cli', 'doctor.ts'), ...args], options, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin?.end(stdin);
    else child.stdin?.end();
  });
}

function file(name: string, content: unknown): string {
  const target = path.join(dir, name);
  writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  return target;
}

const A = '111111111111';
const B = '222222222222';
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const snapshot = {
  format: 'assumerole-doctor/snapshot@1',
  accounts: [
    {
      accountId: A,
      authorizationDetails: {
        UserDetailList: [
          { UserName: 'alice', UserId: 'AIDAALICEXXXXXXXX', Arn: `arn:aws:iam::${A}:user/alice`, UserPolicyList: [{ PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/Deploy` }) }] },
        ],
      },
    },
    {
      accountId: B,
      authorizationDetails: {
        RoleDetailList: [
          {
            RoleName: 'Deploy',
            RoleId: 'AROADEPLOYXXXXXXX',
            Arn: `arn:aws:iam::${B}:role/Deploy`,
            AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(doc({ Sid: 'Vendor', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } }))),
          },
        ],
      },
    },
  ],
};
const allowedRequest = { action: 'sts:AssumeRole', caller: `arn:aws:iam::${A}:user/alice`, roleArn: `arn:aws:iam::${B}:role/Deploy`, roleSessionName: 'alice', externalId: 'abc' };
const deniedRequest = { ...allowedRequest, externalId: 'abd' };

describe('doctor diagnose', () => {
  const snapshotFile = file('snapshot.json', snapshot);

  it('exits 0 and prints the diagnosis as JSON when the call is allowed', async () => {
    const ran = await doctor(['diagnose', '--snapshot', snapshotFile, '--request', file('allowed.json', allowedRequest)]);
    expect(ran.code).toBe(0);
    const diagnosis = JSON.parse(ran.stdout);
    expect(diagnosis.format).toBe('assumerole-doctor/diagnosis@1');
    expect(diagnosis.decision).toBe('allowed');
  });

  it('R-36: exits 1 on a denied call; the text format names the failing check, the AWS error and the fix', async () => {
    const ran = await doctor(['diagnose', '--snapshot', snapshotFile, '--request', file('denied.json', deniedRequest), '--format', 'text']);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/Verdict: DENIED/);
    expect(ran.stdout).toMatch(/FAIL\s+trust-conditions/);
    expect(ran.stdout).toContain('AccessDenied');
    expect(ran.stdout).toContain("--external-id 'abc'");
  });

  it('R-48, R-63: the text format says when AWS does not document the exact error text, and gives the documented longer form', async () => {
    const federated = await doctor(['diagnose', '--snapshot', snapshotFile, '--request', file('federated.json', { ...allowedRequest, caller: `arn:aws:sts::${A}:federated-user/alice` }), '--format', 'text']);
    expect(federated.stdout).toMatch(/AWS would answer: AccessDenied \(HTTP 403\) \(AWS does not document the exact text; this describes it\)/);
    const denied = await doctor(['diagnose', '--snapshot', snapshotFile, '--request', file('denied.json', deniedRequest), '--format', 'text']);
    expect(denied.stdout).not.toContain('does not document the exact text');
    // deniedRequest fails on the trust policy, whose documented form is a pattern, not AWS's exact words (R-63, §10 #6).
    expect(denied.stdout).toContain('documented pattern (not AWS’s exact words; its own example is worded differently), which STS may also return:');
  });

  it('reads the request from stdin with --request - and prints Mermaid with the failing node', async () => {
    const ran = await doctor(['diagnose', '--snapshot', snapshotFile, '--request', '-', '--format', 'mermaid'], JSON.stringify(deniedRequest));
    expect(ran.code).toBe(1);
    expect(ran.stdout.startsWith('flowchart TD')).toBe(true);
    expect(ran.stdout).toMatch(/class [\w,]*trust_conditions[\w,]* fail/);
  });

  it('writes control characters from policy text as visible escapes, so a hostile Sid or value cannot drive the terminal', async () => {
    const hostile = '\u001b[2J\u001b[1;31mALLOWED\r\u009b0m\u001b]8;;https://evil.example\u0007click';
    const world = structuredClone(snapshot);
    world.accounts[1].authorizationDetails.RoleDetailList![0].AssumeRolePolicyDocument = encodeURIComponent(
      JSON.stringify(doc({ Sid: `Vendor${hostile}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': hostile } } })),
    );
    const hostileFile = file('hostile.json', world);
    for (const format of ['text', 'json']) {
      const ran = await doctor(['diagnose', '--snapshot', hostileFile, '--request', file('hostile-request.json', deniedRequest), '--format', format]);
      expect(ran.code).toBe(1);
      expect(ran.stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
      expect(ran.stdout).toContain('\\u001b[2J');
      // JSON output reads back to the very same text.
      if (format === 'json') expect(JSON.stringify(JSON.parse(ran.stdout))).toContain(JSON.stringify(hostile).slice(1, -1));
    }
  });

  it('uses the embedded demo organization without --snapshot', async () => {
    const ran = await doctor(['diagnose', '--request', file('demo.json', { action: 'sts:AssumeRole', caller: `arn:aws:iam::${A}:user/dana`, roleArn: `arn:aws:iam::${B}:role/ReadOnly`, roleSessionName: 'dana' })]);
    expect([0, 1]).toContain(ran.code);
    expect(JSON.parse(ran.stdout).checks.length).toBeGreaterThan(10);
  });

  const badInputs: [string, () => string[], string | undefined, RegExp][] = [
    ['malformed JSON', () => ['diagnose', '--snapshot', snapshotFile, '--request', file('bad.json', '{"action":')], undefined, /not valid JSON/],
    ['a missing file', () => ['diagnose', '--snapshot', snapshotFile, '--request', path.join(dir, 'missing.json')], undefined, /cannot read/],
    ['no --request', () => ['diagnose', '--snapshot', snapshotFile], undefined, /--request/],
    ['an unknown format', () => ['diagnose', '--snapshot', snapshotFile, '--request', '-', '--format', 'yaml'], '{}', /--format/],
    ['an ARN with 500 colons', () => ['diagnose', '--snapshot', snapshotFile, '--request', '-'], JSON.stringify({ ...allowedRequest, roleArn: 'arn' + ':x'.repeat(500) }), /roleArn/],
    ['a file that is not a snapshot', () => ['diagnose', '--snapshot', file('notsnap.json', { format: 'nope' }), '--request', '-'], JSON.stringify(allowedRequest), /snapshot|format/i],
    ['1,000-deep nesting', () => ['diagnose', '--snapshot', snapshotFile, '--request', '-'], '['.repeat(1000) + ']'.repeat(1000), /deeper/],
    ['an unknown command', () => ['explode'], undefined, /unknown command/],
    ['an unknown command asked for its help', () => ['explode', '--help'], undefined, /^doctor: unknown command "explode"; expected one of diagnose/],
    // Hostile values inside a well-formed request (contract §5): each names its field.
    ['a context key named constructor next to a bad aws:SourceIp', () => ['diagnose', '--snapshot', snapshotFile, '--request', '-'], JSON.stringify({ ...allowedRequest, context: { constructor: 'x', 'aws:SourceIp': 'nope' } }), /^doctor: request\.context\.aws:SourceIp: /],
    ['a __proto__ context key', () => ['diagnose', '--snapshot', snapshotFile, '--request', '-'], `{"action":"sts:AssumeRole","caller":"arn:aws:iam::${A}:user/alice","roleArn":"arn:aws:iam::${B}:role/Deploy","context":{"__proto__":{"aws:SourceIp":"1.2.3.4"}}}`, /^doctor: request\.context\.__proto__: /],
    ['context keys differing only in case', () => ['diagnose', '--snapshot', snapshotFile, '--request', '-'], JSON.stringify({ ...allowedRequest, context: { 'aws:SourceIp': '1.2.3.4', 'AWS:SOURCEIP': '9.9.9.9' } }), /^doctor: request\.context\.AWS:SOURCEIP: duplicates aws:SourceIp/],
    ['a callerSession.issuedAt that is not a time', () => ['diagnose', '--snapshot', snapshotFile, '--request', '-'], JSON.stringify({ ...allowedRequest, callerSession: { issuedAt: 'garbage' } }), /^doctor: request\.callerSession\.issuedAt: /],
    [
      'a web identity token whose payload nests 5,000 deep',
      () => ['diagnose', '--snapshot', snapshotFile, '--request', '-'],
      JSON.stringify({
        action: 'sts:AssumeRoleWithWebIdentity',
        roleArn: `arn:aws:iam::${B}:role/Deploy`,
        roleSessionName: 's',
        webIdentity: { token: `e30.${Buffer.from(`{"iss":"https://x.example","sub":${'['.repeat(5000)}${']'.repeat(5000)}}`).toString('base64url')}.sig` },
      }),
      /^doctor: request\.webIdentity\.token \(payload\): /,
    ],
    ['a web identity claim that is an object', () => ['diagnose', '--snapshot', snapshotFile, '--request', '-'], JSON.stringify({ action: 'sts:AssumeRoleWithWebIdentity', roleArn: `arn:aws:iam::${B}:role/Deploy`, roleSessionName: 's', webIdentity: { claims: { iss: 'https://x.example', aud: { x: 1 } } } }), /^doctor: request\.webIdentity\.claims\.aud: /],
  ];
  it.each(badInputs)('exits 2 with one line on stderr for %s', async (_name, args, stdin, message) => {
    const ran = await doctor(args(), stdin);
    expect(ran.code).toBe(2);
    expect(ran.stderr.trim().split('\n')).toHaveLength(1);
    expect(ran.stderr).toMatch(message);
    expect(ran.stdout).toBe('');
  });

  it('says how far over 20 MB a file is, never "20 MB, over the 20 MB limit"', async () => {
    const big = file('big2003.json', '');
    truncateSync(big, 21_000_000);
    const ran = await doctor(['diagnose', '--snapshot', big, '--request', file('r.json', allowedRequest)]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(`doctor: --snapshot: the snapshot ${big} is 20.03 MB, over the 20 MB limit\n`);
  });

  it('R-52: exits 2 naming request.policy for a 10 MB inline session policy, and answers a malformed one with MalformedPolicyDocument', async () => {
    const huge = { ...allowedRequest, policy: `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"${'a'.repeat(10 * 1024 * 1024)}"}]}` };
    const refused = await doctor(['diagnose', '--snapshot', snapshotFile, '--request', file('huge-policy.json', huge)]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('request.policy');
    expect(refused.stdout).toBe('');
    const malformed = await doctor(['diagnose', '--snapshot', snapshotFile, '--request', file('garbage-policy.json', { ...allowedRequest, policy: 'garbage{{' })]);
    expect(malformed.code).toBe(1);
    const diagnosis = JSON.parse(malformed.stdout);
    expect(diagnosis.decision).toBe('invalid');
    expect(diagnosis.awsError.code).toBe('MalformedPolicyDocument');
  });

  it('refuses a file over 20 MB with exit 2 before reading it', async () => {
    const big = file('big.json', '');
    truncateSync(big, 21 * 1024 * 1024);
    const ran = await doctor(['diagnose', '--snapshot', big, '--request', file('r.json', allowedRequest)]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/over the 20 MB limit/);
  });
});

describe('doctor replay and who-can-assume', () => {
  it('replays every failed STS event of the demo and matches the error CloudTrail recorded', async () => {
    const ran = await doctor(['replay']);
    expect(ran.code).toBe(0);
    const report = JSON.parse(ran.stdout);
    expect(report.replayed).toBeGreaterThan(0);
    const inconclusive: string[] = [];
    for (const event of report.events) {
      expect(event.error).toBeUndefined();
      expect(event.decision).not.toBe('allowed');
      if (event.decision === 'inconclusive') {
        inconclusive.push(event.eventId);
        continue;
      }
      expect(event.agrees, `${event.eventId}: ${event.observedError?.code} vs ${event.predictedError?.code}`).toBe(true);
    }
    // The vendor's wrong-ExternalId incident: its record shows no ExternalId, and AWS does not
    // document that CloudTrail logs it (R-64, M), so the raw replay cannot tell what was sent. It
    // names the key instead of a denial built on "none was sent" (the demo restores the value
    // beside the record: lib/demo requestOverrides).
    expect(inconclusive).toEqual(['3f6c1b2a-5d4e-4f7a-9b8c-0d1e2f3a4b11']);
    const vendor = report.events.find((event: { eventId: string }) => event.eventId === inconclusive[0]);
    expect(vendor.unknownChecks).toEqual(['trust-conditions']);
    expect(vendor.unknownContextKeys).toEqual(['sts:externalid']);
  });

  it('reports an unreadable record by its place in the snapshot and replays the rest', async () => {
    const failed = (eventId: string, extra: Record<string, unknown>) => ({
      eventVersion: '1.08', eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', eventID: eventId, eventTime: '2026-11-20T10:00:00Z', awsRegion: 'us-east-1',
      errorCode: 'AccessDenied', errorMessage: 'not authorized', userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${A}:user/alice`, accountId: A },
      requestParameters: { roleArn: `arn:aws:iam::${B}:role/Deploy`, roleSessionName: 'alice' }, ...extra,
    });
    // The second record is held as CloudTrail text nested too deep to read.
    const deep = `{"eventSource":"sts.amazonaws.com","eventName":"AssumeRole","errorCode":"AccessDenied","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const events = [failed('e-1', {}), { EventId: 'e-2', CloudTrailEvent: deep }, 'not a record'];
    const ran = await doctor(['replay', '--snapshot', file('deep-event.json', { ...snapshot, events })]);
    expect(ran.code, ran.stderr).toBe(0);
    const report = JSON.parse(ran.stdout);
    // The readable record is still replayed: it lacks the ExternalId the trust policy tests (R-36).
    expect(report.events[0]).toMatchObject({ eventId: 'e-1', decision: 'inconclusive', unknownContextKeys: ['sts:externalid'] });
    expect(report.events[1].error.code).toBe('too-deep');
    expect(report.events[1].error.message).toMatch(/^events\[1\]\.CloudTrailEvent: /);
    // Something that is not a record at all: its own entry too, the others still replayed.
    expect(report.events[2].error).toEqual({ code: 'bad-request', message: 'events[2]: expected a CloudTrail record (a JSON object)' });
    // Only the event diagnosed counts as replayed; the two others are counted apart.
    expect(report.replayed).toBe(1);
    expect(report.notReplayed).toBe(2);
  });

  it('lists who can assume a role, with conditions, as JSON and as Mermaid', async () => {
    const snapshotFile = file('snapshot2.json', snapshot);
    const json = await doctor(['who-can-assume', '--snapshot', snapshotFile, '--role', `arn:aws:iam::${B}:role/Deploy`]);
    expect(json.code).toBe(0);
    const principals = JSON.parse(json.stdout).principals;
    // R-14: a cross-account account principal also needs an identity allow in its own account.
    expect(principals).toEqual([
      expect.objectContaining({ principal: A, kind: "account", needsIdentityPolicy: true, conditions: [expect.objectContaining({ key: 'sts:ExternalId', policyValues: ['abc'] })] }),
    ]);
    expect(JSON.parse(json.stdout).denials).toEqual([]);
    // Text: each principal of the snapshot with what a plain call gets; the external id condition refuses it.
    const text = await doctor(['who-can-assume', '--snapshot', snapshotFile, '--role', `arn:aws:iam::${B}:role/Deploy`, '--format', 'text']);
    expect(text.stdout).toContain(`- account ${A} when sts:ExternalId StringEquals abc (plus an identity allow in its account)`);
    expect(text.stdout).toMatch(new RegExp(`^ +denied +arn:aws:iam::${A}:user/alice$`, 'm'));
    const mermaid = await doctor(['who-can-assume', '--snapshot', snapshotFile, '--role', `arn:aws:iam::${B}:role/Deploy`, '--format', 'mermaid']);
    expect(mermaid.stdout).toContain('flowchart LR');
    expect(mermaid.stdout).toContain('ExternalId');
    const missing = await doctor(['who-can-assume', '--snapshot', snapshotFile]);
    expect(missing.code).toBe(2);
  });
});

describe('doctor pull', () => {
  it('pulls a live snapshot from an AWS-protocol endpoint into --out, which diagnose then reads', async () => {
    const { startAwsEndpoint } = await import('@/test/aws-endpoint/server');
    const { smallFixture, CALLER_KEY, CALLER_SECRET } = await import('@/test/aws-endpoint/fixture');
    const endpoint = await startAwsEndpoint(smallFixture(), {});
    try {
      const out = path.join(dir, 'pulled.json');
      const ran = await doctorWithEnv(
        ['pull', '--out', out, '--endpoint', endpoint.url, '--region', 'us-east-1', '--lookback-hours', '48', '--assume-role', 'arn:aws:iam::111111111111:role/DoctorReadOnly,arn:aws:iam::222222222222:role/DoctorReadOnly|doctor-ext'],
        { AWS_ACCESS_KEY_ID: CALLER_KEY, AWS_SECRET_ACCESS_KEY: CALLER_SECRET },
      );
      expect(ran.code, ran.stderr).toBe(0);
      expect(ran.stdout).toMatch(/wrote .*pulled\.json: 3 account\(s\)/);
      const snapshot = JSON.parse(readFileSync(out, 'utf8'));
      expect(snapshot.format).toBe('assumerole-doctor/snapshot@1');
      expect(snapshot.accounts.map((account: { accountId: string }) => account.accountId).sort()).toEqual(['111111111111', '222222222222', '999999999999']);
      const replay = await doctor(['replay', '--snapshot', out]);
      expect(replay.code).toBe(0);
    } finally {
      await endpoint.close();
    }
  }, 60_000);

  it('names the flag, not an environment variable, when a flag value is wrong', async () => {
    const out = path.join(dir, 'never.json');
    const regions = await doctorWithEnv(['pull', '--out', out, '--cloudtrail-regions', 'mars-1'], {});
    expect(regions.stderr).toMatch(/--cloudtrail-regions: 'mars-1' is not an AWS region/);
    expect(regions.stderr).not.toContain('DOCTOR_');
    const lookback = await doctorWithEnv(['pull', '--out', out, '--lookback-hours', 'lots'], {});
    expect(lookback.stderr).toMatch(/--lookback-hours: 'lots' is not a number of hours/);
    const roles = await doctorWithEnv(['pull', '--out', out, '--assume-role', 'not-an-arn'], {});
    expect(roles.stderr).toMatch(/--assume-role: 'not-an-arn' is not an IAM role ARN/);
  }, 60_000);

  it('exits 3 with one line when AWS refuses the credentials', async () => {
    const { startAwsEndpoint } = await import('@/test/aws-endpoint/server');
    const { smallFixture } = await import('@/test/aws-endpoint/fixture');
    const endpoint = await startAwsEndpoint(smallFixture(), {});
    try {
      const ran = await doctorWithEnv(['pull', '--out', path.join(dir, 'never.json'), '--endpoint', endpoint.url, '--region', 'us-east-1'], { AWS_ACCESS_KEY_ID: 'AKIANOTKNOWN00000000', AWS_SECRET_ACCESS_KEY: 'nope' });
      expect(ran.code).toBe(3);
      expect(ran.stderr.trim().split('\n').filter((line) => line.startsWith('doctor:'))).toHaveLength(1);
      expect(ran.stderr).not.toContain('nope');
    } finally {
      await endpoint.close();
    }
  }, 60_000);
});

function doctorWithEnv(args: string[], extraEnv: Record<string, string>): Promise<Ran> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, AWS_CONFIG_FILE: path.join(dir, 'no-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials') };
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;
    const child = execFile(TSX, [path.join(ROOT, 'cli', 'doctor.ts'), ...args], { cwd: ROOT, env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

describe('doctor import / export', () => {
  const store = { DOCTOR_DATA_DIR: path.join(dir, 'store'), DOCTOR_SOURCE: 'auto' };

  it('export refuses, saying why, when the store cannot be read, instead of writing the demo in its place', async () => {
    const notADirectory = path.join(dir, 'store-is-a-file');
    writeFileSync(notADirectory, 'not a directory');
    const out = path.join(dir, 'never-exported.json');
    const ran = await doctor(['export', '--out', out], undefined, { DOCTOR_DATA_DIR: notADirectory, DOCTOR_SOURCE: 'auto' });
    expect(ran.code).toBe(3);
    expect(ran.stderr).toMatch(/DOCTOR_DATA_DIR: the local store could not be read/);
    expect(existsSync(out)).toBe(false);
  });

  it('export writes the current data: the demo organization when nothing was imported', async () => {
    const out = path.join(dir, 'exported-demo.json');
    const ran = await doctor(['export', '--out', out], undefined, store);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('the demo data');
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    expect(exported.format).toBe('assumerole-doctor/snapshot@1');
    expect(exported.accounts.map((a: { accountId: string }) => a.accountId)).toEqual(expect.arrayContaining(['111111111111', '222222222222', '333333333333']));
  });

  it('import turns authorization details and a CloudTrail log into one snapshot file that diagnoses', async () => {
    const details = file('auth-details.json', snapshot.accounts[1].authorizationDetails);
    const trail = file('cloudtrail.json', {
      Records: [
        {
          eventVersion: '1.08',
          eventTime: '2026-11-20T10:00:00Z',
          eventSource: 'sts.amazonaws.com',
          eventName: 'AssumeRole',
          awsRegion: 'us-east-1',
          eventID: 'e-1',
          recipientAccountId: A,
          userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${A}:user/alice`, accountId: A },
          requestParameters: { roleArn: `arn:aws:iam::${B}:role/Deploy`, roleSessionName: 'alice' },
          errorCode: 'AccessDenied',
          errorMessage: `User: arn:aws:iam::${A}:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${B}:role/Deploy`,
        },
      ],
    });
    const out = path.join(dir, 'imported.json');
    const ran = await doctor(['import', details, trail, '--out', out]);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('2 file(s)');
    expect(ran.stdout).toContain('1 CloudTrail event(s)');
    const imported = JSON.parse(readFileSync(out, 'utf8'));
    expect(imported.events).toHaveLength(1);
    expect(imported.accounts.some((a: { authorizationDetails: { RoleDetailList?: { RoleName: string }[] } }) => a.authorizationDetails.RoleDetailList?.some((r) => r.RoleName === 'Deploy'))).toBe(true);
    // R-05: IAM files say nothing about the organization, so it is unknown, with a warning.
    expect(imported.organization).toEqual({ unavailable: expect.stringContaining('not imported') });
    expect(ran.stdout).toContain('no organization data was imported');
  });

  it('import --no-organization states the accounts are in no organization (R-05)', async () => {
    const details = file('auth-details-noorg.json', snapshot.accounts[1].authorizationDetails);
    const out = path.join(dir, 'imported-noorg.json');
    const ran = await doctor(['import', details, '--no-organization', '--out', out]);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).not.toContain('no organization data was imported');
    expect(JSON.parse(readFileSync(out, 'utf8')).organization).toBeUndefined();
  });

  it('import --store makes the files the dashboard data, and export then writes them back', async () => {
    const source = file('to-store.json', snapshot);
    const stored = await doctor(['import', source, '--store'], undefined, store);
    expect(stored.code).toBe(0);
    expect(stored.stdout).toMatch(/^stored snapshot \S+ \(import\)/);
    const out = path.join(dir, 'exported-import.json');
    const exported = await doctor(['export', '--out', out], undefined, store);
    expect(exported.stdout).toContain('the import data');
    expect(JSON.parse(readFileSync(out, 'utf8')).accounts.map((a: { accountId: string }) => a.accountId).sort()).toEqual([A, B]);
  });

  it.each([
    [['import', '--out', 'x.json'], 'name at least one file or folder'],
    [['import', 'a.json'], 'exactly one of --out FILE'],
    [['import', path.join(dir, 'missing.json'), '--out', 'x.json'], 'does not exist'],
    [['export'], '--out'],
  ])('%j is refused with exit 2 and a one-line reason', async (args, reason) => {
    const ran = await doctor(args as string[], undefined, store);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(reason);
    expect(ran.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('doctor usage', () => {
  const commands = ['diagnose', 'replay', 'who-can-assume', 'pull', 'import', 'export'];

  it.each(commands.flatMap((command) => [[command, '--help'], [command, '-h']]))('%s %s prints that command\'s usage on stdout and exits 0', async (command, flag) => {
    const ran = await doctor([command, flag]);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toMatch(new RegExp(`^usage: doctor ${command} `));
  });

  it('--help after other options still prints the usage, without running the command', async () => {
    const ran = await doctor(['diagnose', '--snapshot', path.join(dir, 'missing.json'), '--help']);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^usage: doctor diagnose --snapshot FILE --request FILE\|-/);
  });

  it('doctor --help lists every command and exits 0', async () => {
    const ran = await doctor(['--help']);
    expect(ran.code).toBe(0);
    for (const command of commands) expect(ran.stdout).toContain(`\n  ${command} `);
  });

  it('doctor with no command exits 2 with a one-line reason on stderr', async () => {
    const ran = await doctor([]);
    expect(ran.code).toBe(2);
    expect(ran.stderr.trim().split('\n')).toHaveLength(1);
    expect(ran.stderr).toMatch(/^doctor: command: is required: one of diagnose, replay, who-can-assume, pull, import, export; run "doctor --help"/);
  });

  it('who-can-assume names the --role option, not the engine field, when the role is refused', async () => {
    const snapshotFile = file('snapshot3.json', snapshot);
    for (const [role, message] of [
      ['nope', /^doctor: --role: expected an ARN like/],
      [`arn:aws:iam::999999999999:role/X`, /^doctor: --role: account 999999999999 is not in the snapshot/],
      [`arn:aws:iam::${B}:role/Nope`, /^doctor: --role: account 222222222222 has no role Nope/],
    ] as const) {
      const ran = await doctor(['who-can-assume', '--snapshot', snapshotFile, '--role', role]);
      expect(ran.code, role).toBe(2);
      expect(ran.stderr, role).toMatch(message);
      expect(ran.stderr, role).not.toContain('roleArn');
    }
  });
});
