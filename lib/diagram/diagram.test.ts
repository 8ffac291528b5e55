import { describe, expect, it } from 'vitest';
import { CHECK_IDS, DIAGNOSIS_FORMAT, type Check, type CheckId, type CheckStatus, type ConditionEvidence, type Diagnosis } from '@/lib/engine/types';
import { decisionPath, decisionTreeMermaid, diagramsOf, escapeLabel, sequenceMermaid, whoCanAssumeMermaid } from './index';
import { escapeLabelStepwise } from './escape';
import { formatFlowchart } from './flowchart';
import { nodeReason } from './path';
import { parseFlowchart, parseSequence } from './mermaid-parse.test-helper';

function diagnosisWith(statuses: Partial<Record<CheckId, CheckStatus>>, extra: Partial<Diagnosis> = {}, summaries: Partial<Record<CheckId, string>> = {}): Diagnosis {
  const checks: Check[] = CHECK_IDS.map((id) => ({
    id,
    title: id,
    status: statuses[id] ?? 'pass',
    summary: summaries[id] ?? `${id} summary`,
    rules: [],
    evidence: [],
  }));
  const failedChecks = checks.filter((check) => check.status === 'fail').map((check) => check.id);
  return {
    format: DIAGNOSIS_FORMAT,
    decision: failedChecks.length ? 'denied' : checks.some((check) => check.status === 'unknown') ? 'inconclusive' : 'allowed',
    failedChecks,
    checks,
    context: [],
    fixes: [],
    request: { action: 'sts:AssumeRole', caller: 'arn:aws:iam::111111111111:user/alice', roleArn: 'arn:aws:iam::222222222222:role/Deploy', roleSessionName: 'alice' },
    ...extra,
  };
}

const HOSTILE = [
  'Deploy"]; click trust_principal call alert(1) %%',
  '<script>alert(1)</script>',
  '`**md**` ]]] :::fail',
  'a;b#c\nclassDef pass fill:#000\n%% comment',
  'x"|y|--> z',
  '{{evil}} (paren) [bracket] \\back',
];


/** The full diagnosis of every demo incident. */
async function demoIncidentDiagnoses(): Promise<Diagnosis[]> {
  const { demoSnapshot, demoIncidents, demoEvents } = await import('@/lib/demo');
  const { requestFromEvent } = await import('@/lib/engine/cloudtrail');
  const { diagnose } = await import('@/lib/engine');
  return demoIncidents.map((incident) => {
    const event = demoEvents.find((candidate) => candidate.eventID === incident.eventID)!;
    return diagnose(demoSnapshot, requestFromEvent(event).request, { mode: 'full' });
  });
}

describe('decision tree', () => {
  it('gives every check one node whose id comes from the check id and whose class matches its status', async () => {
    const diagnosis = diagnosisWith(
      { 'web-identity': 'skip', saml: 'skip', 'trust-conditions': 'fail' },
      { awsError: { code: 'AccessDenied', message: 'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Deploy' } },
      { 'trust-conditions': "sts:ExternalId is 'abd' but TrustVendor requires 'abc'" },
    );
    const text = decisionTreeMermaid(diagnosis);
    const parsed = await parseFlowchart(text);
    expect(parsed.vertices.get('trust_conditions')?.classes).toEqual(['fail']);
    expect(parsed.vertices.get('trust_principal')?.classes).toEqual(['pass']);
    expect(parsed.vertices.get('request_valid')?.classes).toEqual(['pass']);
    // AWS stops at the first failure: later checks are greyed out, not shown as passed.
    expect(parsed.vertices.get('identity_policy')?.classes).toEqual(['notreached']);
    expect(parsed.vertices.get('saml')?.classes).toEqual(['notreached']);
    expect(parsed.vertices.get('issued')?.classes).toEqual(['notreached']);
    expect(parsed.vertices.get('aws_error')?.classes).toEqual(['fail']);
    for (const id of CHECK_IDS) expect(parsed.vertices.has(id.replace(/-/g, '_'))).toBe(true);
    // The failing node carries its one-line reason; the error node the AWS error code.
    expect(parsed.vertices.get('trust_conditions')?.text).toContain('ExternalId');
    expect(parsed.vertices.get('aws_error')?.text).toContain('AccessDenied');
    expect(parsed.edges).toContainEqual(expect.objectContaining({ start: 'trust_conditions', end: 'aws_error', text: 'no' }));
    expect(parsed.classNames).toEqual(expect.arrayContaining(['pass', 'fail', 'notreached', 'skip', 'unknown']));
  });

  it('ends an allowed call at "Credentials issued" on the path, skipped checks classed skip', async () => {
    const diagnosis = diagnosisWith({ 'web-identity': 'skip', saml: 'skip', 'identity-policy': 'skip' });
    const parsed = await parseFlowchart(decisionTreeMermaid(diagnosis));
    expect(parsed.vertices.get('issued')?.classes).toEqual(['pass']);
    expect(parsed.vertices.get('identity_policy')?.classes).toEqual(['skip']);
    expect(parsed.vertices.has('aws_error')).toBe(false);
    const path = decisionPath(diagnosis);
    expect(path.edges.every((edge) => edge.onPath)).toBe(true);
  });

  it('marks checks that lacked data as unknown and ends an inconclusive run there', async () => {
    const diagnosis = diagnosisWith({ scp: 'unknown' });
    expect(diagnosis.decision).toBe('inconclusive');
    const parsed = await parseFlowchart(decisionTreeMermaid(diagnosis));
    expect(parsed.vertices.get('scp')?.classes).toEqual(['unknown']);
    expect(parsed.vertices.get('inconclusive')?.classes).toEqual(['unknown']);
  });

  it('escapes hostile summaries so they cannot add nodes, classes or click handlers', async () => {
    for (const hostile of HOSTILE) {
      const diagnosis = diagnosisWith(
        { 'trust-principal': 'fail' },
        { awsError: { code: 'AccessDenied', message: hostile } },
        { 'trust-principal': hostile },
      );
      const text = decisionTreeMermaid(diagnosis);
      expect(text).not.toContain('<script');
      expect(text).not.toMatch(/\nclassDef pass fill:#000/);
      expect(text).not.toContain('%%');
      const parsed = await parseFlowchart(text);
      expect(parsed.vertices.size).toBe(CHECK_IDS.length + 3); // start, issued, aws_error
      expect(parsed.hasClickBindings).toBe(false);
      expect(parsed.vertices.get('trust_principal')?.classes).toEqual(['fail']);
      expect(parsed.classNames.sort()).toEqual(['fail', 'notreached', 'pass', 'skip', 'unknown']);
    }
  });

  it('truncates very long labels', () => {
    const diagnosis = diagnosisWith({ 'trust-principal': 'fail' }, {}, { 'trust-principal': 'x'.repeat(10_000) });
    const text = decisionTreeMermaid(diagnosis);
    expect(text.length).toBeLessThan(6_000);
    expect(text).toContain('#8230;'); // the ellipsis, as an entity code
  });
});

describe('escapeLabel', () => {
  it('turns every syntax character into an entity code and flattens newlines', () => {
    expect(escapeLabel('a"b')).toBe('a#quot;b');
    expect(escapeLabel('<b>')).toBe('#lt;b#gt;');
    expect(escapeLabel('#;`:%]')).toBe('#35;#59;#96;#58;#37;#93;');
    expect(escapeLabel('line1\nline2')).toBe('line1 line2');
    expect(escapeLabel('arn:aws:iam::1:role/x')).toBe('arn#58;aws#58;iam#58;#58;1#58;role/x');
  });

  it('gives in one pass what flattening, trimming, truncating and encoding step by step give', () => {
    // Texts around every boundary the one-pass version handles itself: the limit, the clip at
    // 2 × limit + 16 units, runs of control characters, blanks at either end, named entities.
    const pieces = ['a', ':', '"', ' ', '\n', '\n\n\n', '\t ', '\u00a0', '\u2028', '\u0085', '\ufeff', 'é', '…', '😀', '\ud800'];
    let seed = 7;
    const next = (bound: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % bound;
    };
    for (let run = 0; run < 5_000; run++) {
      const limit = [2, 3, 10, 60, 90][next(5)];
      let text = 'x'.repeat(next(limit * 2 + 20));
      for (let count = next(12); count > 0; count--) {
        const at = next(text.length + 1);
        text = text.slice(0, at) + pieces[next(pieces.length)].repeat(1 + next(4)) + text.slice(at);
      }
      expect(escapeLabel(text, limit)).toBe(escapeLabelStepwise(text, limit));
    }
  });
});

describe('sequence diagram', () => {
  it('walks Caller → STS → trust policy and stops at the failing step with the AWS error', async () => {
    const diagnosis = diagnosisWith(
      { 'trust-conditions': 'fail', 'web-identity': 'skip', saml: 'skip' },
      { awsError: { code: 'AccessDenied', message: 'not authorized' } },
    );
    const text = sequenceMermaid(diagnosis);
    const parsed = await parseSequence(text);
    expect(parsed.actors).toEqual(expect.arrayContaining(['Caller', 'STS', 'Trust']));
    // Nothing after the failing step: the identity policies are never consulted.
    expect(parsed.actors).not.toContain('Identity');
    const last = parsed.messages.filter((message) => message.message).at(-1);
    expect(last?.from).toBe('STS');
    expect(last?.to).toBe('Caller');
    expect(last?.message).toContain('AccessDenied');
  });

  it('survives hostile caller names', async () => {
    for (const hostile of HOSTILE) {
      const diagnosis = diagnosisWith({ 'trust-principal': 'fail' }, { awsError: { code: 'AccessDenied', message: hostile } }, { 'trust-principal': hostile });
      diagnosis.request = { ...diagnosis.request!, caller: hostile, roleArn: `arn:aws:iam::222222222222:role/${hostile}` };
      const text = sequenceMermaid(diagnosis);
      expect(text.split('\n').every((line) => !line.includes('<script'))).toBe(true);
      const parsed = await parseSequence(text);
      // The hostile text stays inside labels: no participant or message is added by it.
      expect(parsed.actors.sort()).toEqual(['Caller', 'Org', 'STS', 'Trust']);
      expect(parsed.messages.filter((message) => message.message !== undefined).length).toBe(sequenceStepsCount(diagnosis));
    }
  });
});

function sequenceStepsCount(diagnosis: Diagnosis): number {
  // Caller→STS, then one message per STS-local step or two per consulted policy, then the answer.
  const shown = diagnosis.checks.slice(0, diagnosis.checks.findIndex((check) => check.status === 'fail') + 1).filter((check) => check.status !== 'skip');
  const local = new Set(['request-valid', 'caller', 'role-exists', 'sts-region', 'duration']);
  return 2 + shown.reduce((sum, check) => sum + (local.has(check.id) ? 1 : 2), 0);
}

describe('who can assume', () => {
  it('draws one edge per principal with its conditions, escaping names', async () => {
    const text = whoCanAssumeMermaid(
      [
        { principal: 'arn:aws:iam::111111111111:root', kind: 'account', needsIdentityPolicy: true, conditions: [{ operator: 'StringEquals', key: 'sts:ExternalId', values: ['abc'] }] },
        { principal: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com', kind: 'federated', conditions: ['token.actions.githubusercontent.com:sub StringEquals repo:acme/api:ref:refs/heads/main'] },
        { principal: HOSTILE[0], kind: 'user' },
      ],
      'arn:aws:iam::222222222222:role/Deploy',
    );
    const parsed = await parseFlowchart(text);
    expect(parsed.vertices.size).toBe(4);
    expect(parsed.edges.filter((edge) => edge.end === 'role')).toHaveLength(3);
    expect(parsed.edges[0].text).toContain('ExternalId');
    expect(parsed.hasClickBindings).toBe(false);
  });

  it('R-20: a "*" principal says other accounts still need their identity allow', async () => {
    const parsed = await parseFlowchart(whoCanAssumeMermaid([{ principal: '*', kind: 'wildcard', needsIdentityPolicy: false }], 'arn:aws:iam::222222222222:role/Open'));
    expect(parsed.edges[0].text).toBe('other accounts also need an identity allow');
  });

  it('R-01: a trust Deny statement is drawn as a crossed edge with its conditions, hostile names escaped', async () => {
    const parsed = await parseFlowchart(
      whoCanAssumeMermaid([{ principal: '111111111111', kind: 'account', needsIdentityPolicy: true }], 'arn:aws:iam::222222222222:role/Deploy', [
        { statement: { index: 1, sid: HOSTILE[0] }, principals: [{ principal: '*', kind: 'wildcard' }], conditions: [{ operator: 'Bool', key: 'aws:SecureTransport', policyValues: ['false'] }] },
        { statement: { index: 2 }, principals: [{ principal: HOSTILE[1], kind: 'user' }] },
      ]),
    );
    expect(parsed.edges.map((edge) => [edge.start, edge.end])).toEqual([
      ['p0', 'role'],
      ['d0', 'role'],
      ['d1', 'role'],
    ]);
    expect(parsed.edges[1].text).toContain('denied if');
    expect(parsed.edges[1].text).toContain('SecureTransport Bool false');
    expect(parsed.edges[2].text).toBe('denied');
    expect(parsed.vertices.get('d0')?.text).toContain('everyone');
    expect(parsed.vertices.get('d1')?.text).toContain('statement 2');
    expect(parsed.vertices.get('d0')?.classes).toEqual(['denied']);
    expect(parsed.hasClickBindings).toBe(false);
  });
});

describe('deciding failure', () => {
  it('draws the AWS error from the check that produced it: a parameter error before a policy failure', async () => {
    const diagnosis = diagnosisWith({ 'trust-principal': 'fail', duration: 'fail' }, { decision: 'invalid', awsError: { code: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' } });
    const parsed = await parseFlowchart(decisionTreeMermaid(diagnosis));
    expect(parsed.edges).toContainEqual(expect.objectContaining({ start: 'duration', end: 'aws_error', text: 'no' }));
    expect(parsed.vertices.get('trust_principal')?.classes).toEqual(['fail']);
    expect(parsed.vertices.get('duration')?.classes).toEqual(['fail']);
  });

  it('R-02: draws the AWS error from the check the engine names, an explicit deny after an implicit one in tree order', async () => {
    const { diagnose } = await import('@/lib/engine');
    const { assumeRequest, trustStatement, twoAccounts, userArn } = await import('@/lib/engine/checks/testing');
    // The trust policy names bob, not alice (implicit deny), and alice's own policy denies the call.
    const world = twoAccounts([trustStatement({ AWS: userArn('bob') })], {
      statements: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }, { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }],
    });
    const diagnosis = diagnose(world, assumeRequest());
    expect(diagnosis.failedChecks).toEqual(['trust-principal', 'identity-policy']);
    expect(diagnosis.awsError?.check).toBe('identity-policy');
    const parsed = await parseFlowchart(decisionTreeMermaid(diagnosis));
    expect(parsed.edges).toContainEqual(expect.objectContaining({ start: 'identity_policy', end: 'aws_error', text: 'no' }));
  });
});

describe('truncate', () => {
  it('cuts at a code point boundary, never inside a surrogate pair', () => {
    const emoji = '😀'.repeat(100);
    const cut = escapeLabel(emoji, 10);
    expect(cut).toBe(`${'#128512;'.repeat(9)}#8230;`);
    expect(escapeLabel('a'.repeat(79) + '😀', 80)).toBe('a'.repeat(79) + '#128512;');
    expect(escapeLabel('short', 80)).toBe('short');
  });
});

describe('diagrams of real diagnoses', () => {
  it('every demo incident yields a decision tree and a sequence Mermaid parses, failing node classed fail', async () => {
    const { demoSnapshot, demoIncidents, demoEvents } = await import('@/lib/demo');
    const { requestFromEvent } = await import('@/lib/engine/cloudtrail');
    const { diagnose } = await import('@/lib/engine');
    for (const incident of demoIncidents) {
      const event = demoEvents.find((candidate) => candidate.eventID === incident.eventID)!;
      const diagnosis = diagnose(demoSnapshot, requestFromEvent(event).request, { mode: 'full' });
      const tree = await parseFlowchart(decisionTreeMermaid(diagnosis));
      for (const id of diagnosis.failedChecks) expect(tree.vertices.get(id.replace(/-/g, '_'))?.classes, `${incident.slug}: ${id}`).toEqual(['fail']);
      const sequence = await parseSequence(sequenceMermaid(diagnosis));
      expect(sequence.actors).toContain('STS');
    }
  });

  it('writes the same tree from the collected decision path as while walking it', async () => {
    const diagnoses = await demoIncidentDiagnoses();
    diagnoses.push(diagnosisWith({ scp: 'unknown' }), diagnosisWith({ 'web-identity': 'skip', saml: 'skip', 'identity-policy': 'skip' }));
    for (const diagnosis of diagnoses) expect(formatFlowchart(decisionPath(diagnosis))).toBe(decisionTreeMermaid(diagnosis));
  });

  it('draws both diagrams at once exactly as one at a time', async () => {
    const diagnoses = await demoIncidentDiagnoses();
    // Unknown and failing checks, with short and long summaries: the labels the two diagrams share.
    diagnoses.push(
      diagnosisWith({ scp: 'unknown', 'trust-principal': 'fail' }, { decision: 'inconclusive' }),
      diagnosisWith({ 'trust-conditions': 'fail' }, {}, { 'trust-conditions': 'x'.repeat(89) + '"' }),
      diagnosisWith({ 'trust-conditions': 'fail' }, {}, { 'trust-conditions': 'x'.repeat(90) + '"' }),
      diagnosisWith({ rcp: 'unknown', 'identity-policy': 'unknown' }, { decision: 'inconclusive' }, { rcp: ' <b> '.repeat(40) }),
    );
    for (const diagnosis of diagnoses) expect(diagramsOf(diagnosis)).toEqual({ mermaid: decisionTreeMermaid(diagnosis), sequence: sequenceMermaid(diagnosis) });
  });
});

describe('the failing node says what failed before it is cut short', () => {
  it('R-35: a condition failing on a policy variable with no value is told by that variable, not by a comparison that never happened', () => {
    const condition: ConditionEvidence = { operator: 'StringEquals', key: 'sts:RoleSessionName', policyValues: ['${aws:username}'], requestValues: ['ci'], matched: false, unresolvedVariable: 'aws:username' };
    const diagnosis = diagnosisWith({ 'trust-conditions': 'fail' });
    const check = diagnosis.checks.find((c) => c.id === 'trust-conditions')!;
    check.evidence = [{ policy: { kind: 'trust', name: 'Deploy' }, statement: { index: 0, sid: 'Humans' }, effect: 'Allow', conditions: [condition] }];
    expect(nodeReason(check)).toBe('${aws:username} has no value for this call, so StringEquals on sts:RoleSessionName fails (Humans)');
  });

  it('R-36: a failing condition is told by its key and both values, not by the statement locator', () => {
    const check: Check = {
      id: 'trust-conditions',
      title: 'Trust policy conditions hold',
      status: 'fail',
      denial: 'implicit',
      summary: 'statement "TrustVendor" (#0) of the trust policy of role arn:aws:iam::222222222222:role/Deploy in account 222222222222: sts:ExternalId …',
      rules: ['R-36'],
      evidence: [
        {
          policy: { kind: 'trust', name: 'Deploy', account: '222222222222' },
          statement: { index: 0, sid: 'TrustVendor' },
          effect: 'Allow',
          conditions: [
            { operator: 'StringEquals', key: 'sts:ExternalId', policyValues: ['abc'], requestValues: ['abd'], matched: false },
          ],
        },
      ],
    };
    expect(nodeReason(check)).toBe("sts:ExternalId is 'abd'; StringEquals wants 'abc' (TrustVendor)");
    expect(nodeReason({ ...check, evidence: [{ ...check.evidence[0], conditions: [{ ...check.evidence[0].conditions![0], requestValues: [], keyMissing: true }] }] })).toBe(
      "sts:ExternalId is absent; StringEquals wants 'abc' (TrustVendor)",
    );
    expect(nodeReason({ ...check, evidence: [] })).toBe(check.summary);
    // A negated operator rules its values out, and Null asks for absence or presence: the line
    // must never read as "is X; wants X".
    const failing = (condition: Partial<ConditionEvidence>) =>
      nodeReason({ ...check, evidence: [{ ...check.evidence[0], conditions: [{ ...check.evidence[0].conditions![0], ...condition }] }] });
    expect(failing({ operator: 'StringNotEquals', key: 'aws:PrincipalTag/team', policyValues: ['blocked'], requestValues: ['blocked'] })).toBe(
      "aws:PrincipalTag/team is 'blocked'; StringNotEquals rules out 'blocked' (TrustVendor)",
    );
    expect(failing({ operator: 'NotIpAddress', key: 'aws:SourceIp', policyValues: ['10.0.0.0/8'], requestValues: ['10.1.2.3'] })).toBe(
      "aws:SourceIp is '10.1.2.3'; NotIpAddress rules out '10.0.0.0/8' (TrustVendor)",
    );
    expect(failing({ operator: 'Null', key: 'aws:SourceIdentity', policyValues: ['false'], requestValues: [], keyMissing: true })).toBe(
      'aws:SourceIdentity is absent; Null wants it present (TrustVendor)',
    );
  });
});
