import { describe, expect, it } from 'vitest';
import { buildSyntheticOrg } from '@/bench/synthetic-org';
import { decide, diagnose } from './diagnose';
import { loadSnapshot } from './snapshot';
import { CHECK_IDS, type CheckStatus } from './types';
import { CALLER_ACCOUNT, ROLE_ACCOUNT, account, assumeRequest, organization, role, sessionArn, snapshot, trustStatement, twoAccounts, user, userArn } from './checks/testing';

const allowAll = { statements: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

describe('diagnose: the shape of a diagnosis', () => {
  it('lists every contract check in tree order, each with a title, a status, rules and a summary', () => {
    const d = diagnose(twoAccounts([trustStatement({ AWS: userArn('alice') })], allowAll), assumeRequest());
    expect(d.format).toBe('assumerole-doctor/diagnosis@1');
    expect(d.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
    for (const check of d.checks) {
      expect(check.title.length).toBeGreaterThan(0);
      expect(check.summary.length).toBeGreaterThan(0);
    }
    expect(d.decision).toBe('allowed');
    expect(d.awsError).toBeUndefined();
    expect(d.diagram?.mermaid).toMatch(/^flowchart/);
  });

  it('every skipped check says why', () => {
    const d = diagnose(twoAccounts([trustStatement({ AWS: userArn('alice') })], allowAll), assumeRequest());
    for (const check of d.checks.filter((c) => c.status === 'skip')) expect(check.summary).toMatch(/\w{4,}/);
  });
});

describe('decide: the verdict is derived from the checks', () => {
  const row = (statuses: Partial<Record<(typeof CHECK_IDS)[number], CheckStatus>>) => CHECK_IDS.map((id) => ({ id, status: statuses[id] ?? ('pass' as CheckStatus) }));

  it('a request-valid failure is invalid, even when something else also fails', () => {
    expect(decide(row({ 'request-valid': 'fail', 'trust-principal': 'fail' }))).toBe('invalid');
    expect(decide(row({ 'request-valid': 'fail', duration: 'fail', scp: 'unknown' }))).toBe('invalid');
  });
  it('R-49, R-50: a duration beyond the role\'s limit is invalid only for an otherwise authorized call; a refusal wins, an open authorization is inconclusive', () => {
    expect(decide(row({ duration: 'fail' }))).toBe('invalid');
    expect(decide(row({ duration: 'fail', 'identity-policy': 'fail' }))).toBe('denied');
    expect(decide(row({ caller: 'fail', duration: 'fail' }))).toBe('denied');
    expect(decide(row({ duration: 'fail', rcp: 'unknown' }))).toBe('inconclusive');
  });
  it('any other failure is denied, even with unknowns', () => {
    expect(decide(row({ scp: 'unknown', 'trust-conditions': 'fail' }))).toBe('denied');
  });
  it('unknown without failure is inconclusive; all pass or skip is allowed', () => {
    expect(decide(row({ rcp: 'unknown' }))).toBe('inconclusive');
    expect(decide(row({ scp: 'skip', saml: 'skip' }))).toBe('allowed');
  });
});

describe('verdict mode', () => {
  it('gives the same decision and failed checks as full mode, on 2,000 varied requests', () => {
    const org = buildSyntheticOrg();
    const indexed = loadSnapshot(org.snapshot);
    const tally = new Map<string, number>();
    for (const request of org.requests) {
      const verdict = diagnose(indexed, request, { mode: 'verdict' });
      const full = diagnose(indexed, request, { fixes: false, diagrams: false });
      expect(verdict.decision).toBe(full.decision);
      expect(verdict.failedChecks).toEqual(full.failedChecks);
      expect(verdict.checks.map((c) => c.status)).toEqual(full.checks.map((c) => c.status));
      tally.set(full.decision, (tally.get(full.decision) ?? 0) + 1);
    }
    // The mix really exercises both outcomes.
    expect(tally.get('allowed') ?? 0).toBeGreaterThan(100);
    expect(tally.get('denied') ?? 0).toBeGreaterThan(100);
  });

  it('R-28…R-35: agrees with full mode on every combination of operator, key, policy variable, Resource and caller knowledge (SCP, trust and identity policy)', () => {
    // Full mode decides with evidence (and knows unknown keys); verdict mode takes fast paths.
    // Every combination below must give both the same statuses, whatever is unknown or absent.
    const operators = ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLikeIfExists', 'StringEqualsIfExists', 'ForAnyValue:StringEquals', 'ForAllValues:StringNotEquals', 'Null', 'ArnLike'];
    const keys = ['aws:ResourceTag/team', 'aws:PrincipalTag/team', 'aws:ResourceTag/project', 'aws:username', 'aws:PrincipalArn'];
    const values = ['red', '${aws:PrincipalTag/team}', "${aws:PrincipalTag/team, 'red'}", '${aws:username}', 'true', 'arn:aws:*:*:*:*/${aws:PrincipalTag/team}*'];
    const resources: Record<string, unknown>[] = [{ Resource: '*' }, { Resource: 'arn:aws:iam::*:role/${aws:PrincipalTag/team}*' }, { NotResource: "arn:aws:iam::*:role/${aws:PrincipalTag/unit, 'x'}" }];
    // The caller's own identity policy carries the same Deny as the SCP (set per combination below).
    let identity: Record<string, unknown>[] = [];
    const builder = (tags?: { Key: string; Value: string }[]) => role('Builder', { account: CALLER_ACCOUNT, statements: identity, tags });
    const callers: { roles: () => ReturnType<typeof role>[]; request: Record<string, unknown> }[] = [
      { roles: () => [builder([{ Key: 'team', Value: 'red' }])], request: { caller: sessionArn('Builder', 's1') } },
      { roles: () => [builder()], request: { caller: sessionArn('Builder', 's1') } },
      { roles: () => [], request: { caller: sessionArn('Builder', 's1') } }, // not in the snapshot: its tags are unknown
      { roles: () => [], request: {} }, // alice, an IAM user with long-term keys
    ];
    let compared = 0;
    const statuses = new Set<string>();
    for (const operator of operators) {
      for (const key of keys) {
        for (const value of values) {
          for (const resource of resources) {
            const condition = { Condition: { [operator]: { [key]: value } } };
            const scp = { Effect: 'Deny', Action: 'sts:AssumeRole', ...resource, ...condition };
            const trust = trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` }, condition);
            identity = [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }, scp];
            for (const caller of callers) {
              const world = snapshot(
                [
                  account(CALLER_ACCOUNT, { users: [user('alice', { statements: identity })], roles: caller.roles() }),
                  account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trust], tags: [{ Key: 'team', Value: 'red' }] })] }),
                ],
                organization({ callerPolicies: ['p-full', 'p-extra'], policies: [{ id: 'p-extra', type: 'SERVICE_CONTROL_POLICY', name: 'Extra', content: { Version: '2012-10-17', Statement: [scp] } }] }),
              );
              const indexed = loadSnapshot(world);
              const request = assumeRequest(caller.request);
              const full = diagnose(indexed, request, { fixes: false, diagrams: false }).checks.map((c) => `${c.id}:${c.status}`);
              const verdict = diagnose(indexed, request, { mode: 'verdict' }).checks.map((c) => `${c.id}:${c.status}`);
              expect(verdict, `${operator} ${key} ${value} ${JSON.stringify(resource)} ${JSON.stringify(caller.request)}`).toEqual(full);
              for (const status of full) if (/^(scp|trust-conditions|identity-policy):/.test(status)) statuses.add(status);
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBe(operators.length * keys.length * values.length * resources.length * callers.length);
    // The combinations reach every outcome of both checks they exercise.
    for (const check of ['scp', 'trust-conditions', 'identity-policy']) for (const status of ['pass', 'fail', 'unknown']) expect(statuses).toContain(`${check}:${status}`);
  });

  it('builds no words: summaries are empty and no extras are attached', () => {
    const d = diagnose(twoAccounts([trustStatement({ AWS: userArn('bob') })], allowAll), assumeRequest(), { mode: 'verdict' });
    expect(d.decision).toBe('denied');
    expect(d.failedChecks).toEqual(['trust-principal']);
    expect(d.checks.every((c) => c.summary === '')).toBe(true);
    expect(d.fixes).toEqual([]);
    expect(d.diagram).toBeUndefined();
  });
});

describe('diagnose: inputs', () => {
  it('accepts a raw snapshot or an indexed one, and a raw request', () => {
    const snap = twoAccounts([trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` })], allowAll);
    expect(diagnose(snap, assumeRequest()).decision).toBe('allowed');
    expect(diagnose(loadSnapshot(snap), JSON.parse(JSON.stringify(assumeRequest()))).decision).toBe('allowed');
  });

  it('diagnosing the same request twice gives equal diagnoses (memoisation is invisible)', () => {
    const snap = twoAccounts([trustStatement({ AWS: userArn('alice') }, { Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } })], allowAll);
    const request = assumeRequest({ externalId: 'abd' });
    const first = diagnose(snap, request);
    diagnose(snap, request, { mode: 'verdict' });
    const second = diagnose(snap, request);
    expect(JSON.parse(JSON.stringify(second))).toEqual(JSON.parse(JSON.stringify(first)));
  });

  it('lists the context it used, each key marked given or derived', () => {
    const d = diagnose(twoAccounts([trustStatement({ AWS: userArn('alice') })], allowAll), assumeRequest({ context: { 'aws:SourceIp': '203.0.113.10' } }));
    expect(d.context.find((e) => e.key === 'aws:SourceIp')?.origin).toBe('given');
    expect(d.context.find((e) => e.key === 'aws:PrincipalArn')?.origin).toBe('derived');
  });
});

describe('diagnose: what would settle an inconclusive answer', () => {
  it('R-41: lists the context keys a policy reads that the request does not give', () => {
    const snap = twoAccounts([trustStatement({ AWS: userArn('alice') }, { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })], allowAll);
    const d = diagnose(snap, assumeRequest());
    expect(d.decision).toBe('inconclusive');
    expect(d.unknownContextKeys).toEqual(['aws:sourceip']);
    expect(diagnose(snap, assumeRequest({ context: { 'aws:SourceIp': '203.0.113.1' } })).unknownContextKeys).toBeUndefined();
  });

  it('R-41, R-24: a key read only by a statement naming another principal is not listed (it cannot change this verdict)', () => {
    const snap = twoAccounts(
      [
        trustStatement({ AWS: userArn('bob') }, { Sid: 'BobFromOffice', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }),
        trustStatement({ AWS: userArn('alice') }, { Sid: 'Alice' }),
      ],
      allowAll,
    );
    const d = diagnose(snap, assumeRequest());
    expect(d.decision).toBe('allowed');
    expect(d.unknownContextKeys).toBeUndefined();
  });

  it('R-41, R-31: a key read by a statement for another action, or beside a condition that already fails, is not listed', () => {
    const snap = twoAccounts(
      [
        trustStatement({ AWS: userArn('alice') }, { Action: 'sts:TagSession', Condition: { StringEquals: { 'aws:UserAgent': 'ci' } } }),
        trustStatement({ AWS: userArn('alice') }, { Condition: { StringEquals: { 'sts:ExternalId': 'abc' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }),
      ],
      allowAll,
    );
    const d = diagnose(snap, assumeRequest({ externalId: 'abd' }));
    expect(d.decision).toBe('denied');
    expect(d.unknownContextKeys).toBeUndefined();
  });

  it('R-41: a key read by a statement naming the caller is listed beside one that is not', () => {
    const snap = twoAccounts(
      [
        trustStatement({ AWS: userArn('bob') }, { Condition: { StringEquals: { 'aws:UserAgent': 'ci' } } }),
        trustStatement({ AWS: userArn('alice') }, { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }),
      ],
      allowAll,
    );
    const d = diagnose(snap, assumeRequest());
    expect(d.decision).toBe('inconclusive');
    expect(d.unknownContextKeys).toEqual(['aws:sourceip']);
  });

  /** Deploy (role account, tagged team=red) trusting the caller account, with one more SCP on the caller's account. */
  function withCallerScp(name: string, statements: unknown[], callerRoles: ReturnType<typeof role>[] = []) {
    const scp = { id: 'p-extra', type: 'SERVICE_CONTROL_POLICY' as const, name, content: { Version: '2012-10-17', Statement: statements } };
    return snapshot(
      [
        account(CALLER_ACCOUNT, { roles: callerRoles }),
        account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` })], tags: [{ Key: 'team', Value: 'red' }] })] }),
      ],
      organization({ callerPolicies: ['p-full', 'p-extra'], policies: [scp] }),
    );
  }
  const scpOf = (d: ReturnType<typeof diagnose>) => d.checks.find((c) => c.id === 'scp')!;
  // The caller's role is not in the snapshot (no callerRoles), so its principal tags are unknown.
  const ghost = (extra: Record<string, unknown> = {}) => assumeRequest({ caller: sessionArn('Builder', 's1'), ...extra });

  it('R-35, R-41: a policy variable on an unknown key that leaves a matching statement\'s resource unresolved is listed', () => {
    const snap = withCallerScp('OnlyOwnTeam', [
      { Effect: 'Deny', Action: 'sts:AssumeRole', NotResource: 'arn:aws:iam::*:role/${aws:PrincipalTag/team}-*' },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::${aws:PrincipalTag/bucket}/*' },
    ]);
    const d = diagnose(snap, ghost());
    expect(d.unknownContextKeys).toContain('aws:principaltag/team');
    // The s3 statement names another action: its variable cannot change this answer.
    expect(d.unknownContextKeys).not.toContain('aws:principaltag/bucket');
  });

  it('R-35, R-41: a variable on an unknown key makes its statement uncertain (resource or condition value), unless a condition on a known key already fails', () => {
    const snap = withCallerScp('OnlyOwnTeam', [
      { Sid: 'OwnTeamHome', Effect: 'Deny', Action: 'sts:AssumeRole', NotResource: 'arn:aws:iam::*:role/${aws:PrincipalTag/team}-*', Condition: { StringEquals: { 'aws:RequestedRegion': '${aws:PrincipalTag/home}' } } },
      // A condition on a known key (the region of the call) already fails: nothing here can apply.
      { Sid: 'EuOnly', Effect: 'Deny', Action: 'sts:AssumeRole', NotResource: 'arn:aws:iam::*:role/${aws:PrincipalTag/unit}-*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
    ]);
    const d = diagnose(snap, ghost({ region: 'us-east-1' }));
    expect(scpOf(d).status).toBe('unknown');
    expect(d.unknownContextKeys).toContain('aws:principaltag/team');
    expect(d.unknownContextKeys).toContain('aws:principaltag/home');
    expect(d.unknownContextKeys).not.toContain('aws:principaltag/unit');
  });

  it('R-35: an ABAC Deny comparing a role tag with the caller\'s tag is not settled while the caller\'s tags are unknown', () => {
    const sameTeam = [{ Sid: 'SameTeam', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } }];
    const builder = (team: string) => role('Builder', { account: CALLER_ACCOUNT, statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }], tags: [{ Key: 'team', Value: team }] });
    // The caller's team tag is unknown, so the Deny may apply.
    const unknown = diagnose(withCallerScp('SameTeamOnly', sameTeam), ghost());
    expect(scpOf(unknown).status).toBe('unknown');
    expect(scpOf(unknown).summary).toContain('aws:PrincipalTag/team');
    expect(unknown.unknownContextKeys).toContain('aws:principaltag/team');
    expect(scpOf(diagnose(withCallerScp('SameTeamOnly', sameTeam), ghost(), { mode: 'verdict' })).status).toBe('unknown');
    // The role's tag with nothing said about the session: still open, a session tag may override it.
    expect(scpOf(diagnose(withCallerScp('SameTeamOnly', sameTeam, [builder('red')]), ghost())).status).toBe('unknown');
    // Known tags (a session said to carry none) settle it either way.
    const untagged = { callerSession: { issuedBy: 'AssumeRole', tags: [] } };
    expect(scpOf(diagnose(withCallerScp('SameTeamOnly', sameTeam, [builder('red')]), ghost(untagged))).status).toBe('pass');
    const blue = diagnose(withCallerScp('SameTeamOnly', sameTeam, [builder('blue')]), ghost(untagged));
    expect(scpOf(blue).status).toBe('fail');
    expect(blue.decision).toBe('denied');
  });

  it('R-35: a variable with a default still reads an unknown key: the outcome is open, in condition values and in Resource', () => {
    const scps: unknown[][] = [
      [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceTag/team': "${aws:PrincipalTag/team, 'none'}" } } }],
      [{ Effect: 'Deny', Action: 'sts:AssumeRole', NotResource: "arn:aws:iam::*:role/${aws:PrincipalTag/team, 'Deploy'}" }],
    ];
    for (const statements of scps) {
      for (const mode of ['full', 'verdict'] as const) expect(scpOf(diagnose(withCallerScp('Defaults', statements), ghost(), { mode })).status).toBe('unknown');
    }
  });

  it('R-35: a variable known to be absent settles the statement (invalid) whatever else is unknown or missing, in both modes', () => {
    const untagged = role('Builder', { account: CALLER_ACCOUNT, statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
    // Deploy has no project tag: the negated ...IfExists operator would hold on the missing key,
    // but the caller's team tag is known to be absent (an untagged role, a session stated to carry
    // no session tags), so the statement is invalid and never denies.
    const ifExists = [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:ResourceTag/project': '${aws:PrincipalTag/team}' } } }];
    for (const mode of ['full', 'verdict'] as const) {
      const d = diagnose(withCallerScp('Projects', ifExists, [untagged]), ghost({ callerSession: { issuedBy: 'AssumeRole', tags: [] } }), { mode });
      expect(scpOf(d).status).toBe('pass');
      // Nothing said about the session: it may carry a team tag of its own, so the SCP may deny.
      expect(scpOf(diagnose(withCallerScp('Projects', ifExists, [untagged]), ghost(), { mode })).status).toBe('unknown');
    }
    // aws:username is absent for a role session: that settles it before the unknown team tag, in either order.
    for (const pattern of ['${aws:PrincipalTag/team}-${aws:username}', '${aws:username}-${aws:PrincipalTag/team}']) {
      const named = [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceTag/team': pattern } } }];
      expect(scpOf(diagnose(withCallerScp('Named', named), ghost())).status).toBe('pass');
    }
  });

  it('R-35, R-44: a variable known to be absent invalidates the statement even when the condition\'s own key is unknown', () => {
    // aws:username is absent for a role session; the caller's team tag is unknown.
    const named = [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': '${aws:username}' } } }];
    for (const mode of ['full', 'verdict'] as const) expect(scpOf(diagnose(withCallerScp('Named', named), ghost(), { mode })).status).toBe('pass');
    expect(diagnose(withCallerScp('Named', named), ghost()).unknownContextKeys ?? []).not.toContain('aws:principaltag/team');
  });

  it('R-28, R-35: on a key known to be missing, a negated operator holds whenever the statement is valid, which a default guarantees', () => {
    // Deploy has no project tag; the default makes the variable resolve whatever the caller's tags are.
    const withDefault = [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceTag/project': "${aws:PrincipalTag/team, 'x'}" } } }];
    expect(scpOf(diagnose(withCallerScp('Projects', withDefault), ghost())).status).toBe('fail');
    // Without a default the unknown tag may be absent (statement invalid) or present (deny): open.
    const withoutDefault = [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceTag/project': '${aws:PrincipalTag/team}' } } }];
    expect(scpOf(diagnose(withCallerScp('Projects', withoutDefault), ghost())).status).toBe('unknown');
  });

  it('R-35: a NotResource pattern without variables that already excludes the role settles it, beside an unknown variable', () => {
    const excluded = [{ Effect: 'Deny', Action: 'sts:AssumeRole', NotResource: [`arn:aws:iam::${ROLE_ACCOUNT}:role/Deploy`, 'arn:aws:iam::*:role/${aws:PrincipalTag/team}-*'] }];
    const d = diagnose(withCallerScp('Excluded', excluded), ghost());
    expect(scpOf(d).status).toBe('pass');
    // With Resource, the same list stays open: the literal matches, but the variable may invalidate the statement.
    const listed = [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: [`arn:aws:iam::${ROLE_ACCOUNT}:role/Deploy`, 'arn:aws:iam::*:role/${aws:PrincipalTag/team}-*'] }];
    const open = diagnose(withCallerScp('Listed', listed), ghost());
    expect(scpOf(open).status).toBe('unknown');
    // The evidence does not claim the resource failed to match while the summary calls it open.
    expect(scpOf(open).evidence.every((e) => e.resourceMatched !== false)).toBe(true);
  });

  it('R-02, R-03, R-14: a Deny on an unknown key where nothing can allow refuses either way: denied, and the key is not listed', () => {
    const offNetwork = { Sid: 'DenyOffNetwork', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } };
    const noAllow = twoAccounts([trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` })], { statements: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, offNetwork] });
    const d = diagnose(noAllow, assumeRequest());
    expect(d.decision).toBe('denied');
    expect(d.failedChecks).toEqual(['identity-policy']);
    const identity = d.checks.find((c) => c.id === 'identity-policy')!;
    expect(identity.denial).toBe('implicit');
    expect(identity.summary).toContain('The refusal is certain');
    expect(identity.summary).toContain("aws:SourceIp satisfies NotIpAddress '10.0.0.0/8'");
    expect(identity.summary).toContain('with an explicit deny in an identity-based policy');
    expect(d.unknownContextKeys).toBeUndefined();
    expect(d.awsError?.documentedVariant).toMatch(/because no identity-based policy allows the sts:AssumeRole action$/);
    // Given, the address settles which refusal it is.
    expect(diagnose(noAllow, assumeRequest({ context: { 'aws:SourceIp': '203.0.113.9' } })).checks.find((c) => c.id === 'identity-policy')!.denial).toBe('explicit');
    expect(diagnose(noAllow, assumeRequest({ context: { 'aws:SourceIp': '10.1.2.3' } })).checks.find((c) => c.id === 'identity-policy')!.denial).toBe('implicit');
    // With an Allow beside it, the Deny decides: inconclusive, and the key is listed.
    const withAllow = twoAccounts([trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` })], { statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }, offNetwork] });
    const open = diagnose(withAllow, assumeRequest());
    expect(open.decision).toBe('inconclusive');
    expect(open.unknownContextKeys).toEqual(['aws:sourceip']);
  });

  it('R-28, R-35: a condition on a key known to be missing fails whatever the unknown variable would say', () => {
    const project = [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/project': '${aws:PrincipalTag/team}' } } }];
    const d = diagnose(withCallerScp('Projects', project), ghost());
    expect(scpOf(d).status).toBe('pass');
    expect(d.unknownContextKeys ?? []).not.toContain('aws:principaltag/team');
  });

});

describe('diagnose: MFA age goes with MFA (R-40)', () => {
  const mfaWithin = (seconds: number) =>
    twoAccounts([trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': String(seconds) } } })]);
  const trustConditions = (d: ReturnType<typeof diagnose>) => d.checks.find((c) => c.id === 'trust-conditions')!.status;

  it('a session whose MFA the request does not state: its age is not known either, so the age condition is not a certain failure', () => {
    const d = diagnose(mfaWithin(3600), assumeRequest({ caller: sessionArn('Caller', 's1') }));
    expect(trustConditions(d)).toBe('unknown');
    expect(d.unknownContextKeys).toEqual(expect.arrayContaining(['aws:multifactorauthpresent', 'aws:multifactorauthage']));
  });

  it('MFA given as present without an age: the age is unknown, not absent', () => {
    const d = diagnose(mfaWithin(3600), assumeRequest({ caller: sessionArn('Caller', 's1'), context: { 'aws:MultiFactorAuthPresent': 'true' } }));
    expect(trustConditions(d)).toBe('unknown');
    expect(d.unknownContextKeys).toEqual(['aws:multifactorauthage']);
  });

  it('a session without MFA has no age: the condition fails on MFA, with certainty', () => {
    const d = diagnose(mfaWithin(3600), assumeRequest({ caller: sessionArn('Caller', 's1'), callerSession: { mfaAuthenticated: false } }));
    expect(trustConditions(d)).toBe('fail');
  });

  it('no age where the request says there was no MFA, even with a code on the call', () => {
    const d = diagnose(mfaWithin(3600), assumeRequest({ serialNumber: `arn:aws:iam::${CALLER_ACCOUNT}:mfa/alice`, tokenCode: '123456', context: { 'aws:MultiFactorAuthPresent': 'false' } }));
    expect(d.context.find((entry) => entry.key === 'aws:MultiFactorAuthAge')).toBeUndefined();
    expect(trustConditions(d)).toBe('fail');
  });

  it('long-term keys with the MFA code on the call: age 0', () => {
    const d = diagnose(mfaWithin(3600), assumeRequest({ serialNumber: `arn:aws:iam::${CALLER_ACCOUNT}:mfa/alice`, tokenCode: '123456' }));
    expect(trustConditions(d)).toBe('pass');
    expect(d.context.find((entry) => entry.key === 'aws:MultiFactorAuthAge')?.values).toEqual(['0']);
  });
});

describe('diagnose: network origin (R-41, R-42)', () => {
  it('a call through a VPC endpoint has no aws:SourceIp, and the VPC keys it did not give are unknown, not absent', () => {
    const onlyFromVpc = twoAccounts([trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` }, { Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1111' } } })]);
    const d = diagnose(onlyFromVpc, assumeRequest({ context: { 'aws:SourceVpce': 'vpce-1234abcd' } }));
    expect(d.checks.find((c) => c.id === 'trust-conditions')!.status).toBe('unknown');
    expect(d.unknownContextKeys).toEqual(['aws:sourcevpc']);
    const fromInternet = twoAccounts([trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` }, { Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } })]);
    expect(diagnose(fromInternet, assumeRequest({ context: { 'aws:SourceVpce': 'vpce-1234abcd' } })).checks.find((c) => c.id === 'trust-conditions')!.status).toBe('fail');
  });
});

