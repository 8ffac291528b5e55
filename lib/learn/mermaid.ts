// Mermaid text for the walkthroughs, built from the lab's real roles, principals and conditions.
// Names, Sids and condition values can come from a live account (attacker-controlled), so every
// piece of text goes through `text()`. Labels are always written inside "…" (flowcharts) or after
// ':' (sequence messages), where only a quote, a semicolon, a hash (Mermaid's entity marker) and
// angle brackets can change the meaning: those become entity codes, line breaks become spaces and
// long values are shortened. Brackets, braces and pipes are plain text inside quotes and stay as
// they are, so labels read as written; Mermaid's strict security level sanitises the HTML labels
// it renders. Node ids are ours.

import { CHECK_QUESTIONS } from '@/lib/diagram/drawing';
import type { AssumeRoleRequest, RoleDetail } from '@/lib/engine/types';
import { accountIdOfArn, parsePolicyDocument, type PolicyStatement } from './lab';

const MAX_LABEL = 90;
const ENTITIES: Record<string, string> = { '"': '#quot;', '<': '#lt;', '>': '#gt;' };

/** Safe Mermaid label text (inside "…" in flowcharts, after ':' in sequence diagrams). */
export function text(value: unknown): string {
  let raw = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  // '%%{…}%%' is a Mermaid directive wherever it appears in the text: never let a value write one.
  raw = raw.replace(/[\r\n\t]+/g, ' ').replace(/%(?=%)/g, '% ');
  if (raw.length > MAX_LABEL) raw = `${raw.slice(0, MAX_LABEL - 1)}…`;
  // One pass, so the '#' and ';' of an entity we just wrote are never escaped again.
  return raw.replace(/[#";<>]/g, (character) => ENTITIES[character] ?? `#${character.charCodeAt(0)};`);
}

export function lastPart(arn: string): string {
  const slash = arn.lastIndexOf('/');
  return slash >= 0 ? arn.slice(slash + 1) : arn;
}

/** A short, readable name for a caller: a user's name, Role/session for a session, a service as is. */
export function callerName(caller: string | undefined): string {
  if (!caller) return 'caller';
  const session = /:assumed-role\/(.+)$/.exec(caller);
  if (session) return session[1];
  return lastPart(caller);
}

export interface Principal {
  kind: string;
  value: string;
}

export function principalsOf(statement: PolicyStatement): Principal[] {
  const principal = statement.Principal;
  if (principal === '*') return [{ kind: 'AWS', value: '*' }];
  if (!principal || typeof principal !== 'object') return [];
  const out: Principal[] = [];
  for (const [kind, values] of Object.entries(principal as Record<string, unknown>)) {
    for (const value of Array.isArray(values) ? values : [values]) out.push({ kind, value: String(value) });
  }
  return out;
}

export interface ConditionLine {
  operator: string;
  key: string;
  values: string[];
}

export function conditionsOf(statement: PolicyStatement): ConditionLine[] {
  const condition = statement.Condition;
  if (!condition || typeof condition !== 'object') return [];
  const out: ConditionLine[] = [];
  for (const [operator, keys] of Object.entries(condition as Record<string, unknown>)) {
    if (!keys || typeof keys !== 'object') continue;
    for (const [key, values] of Object.entries(keys as Record<string, unknown>)) {
      out.push({ operator, key, values: (Array.isArray(values) ? values : [values]).map(String) });
    }
  }
  return out;
}

function actionsOf(statement: PolicyStatement): string[] {
  const action = statement.Action ?? statement.NotAction;
  return (Array.isArray(action) ? action : [action]).filter((a): a is string => typeof a === 'string');
}

/** A short name for whoever calls: web identity and SAML callers have no AWS identity to name (R-56). */
export function requestCallerName(request: AssumeRoleRequest): string {
  if (request.action === 'sts:AssumeRoleWithWebIdentity') return 'a workload with a token';
  if (request.action === 'sts:AssumeRoleWithSAML') return 'a SAML user';
  return callerName(request.caller);
}

function callerLabel(request: AssumeRoleRequest): string {
  if (request.action === 'sts:AssumeRoleWithWebIdentity') {
    const claims = request.webIdentity?.claims ?? {};
    return `Web identity ${String(claims.sub ?? '')}`;
  }
  if (request.action === 'sts:AssumeRoleWithSAML') return `SAML assertion from ${lastPart(request.saml?.principalArn ?? 'the identity provider')}`;
  return request.caller ?? 'caller';
}

/** Architecture: who sits where, and what the trust and permission policies guard. */
export function architectureMermaid(request: AssumeRoleRequest, role: RoleDetail): string {
  const roleAccount = accountIdOfArn(role.Arn) ?? 'unknown';
  const callerAccount = accountIdOfArn(request.caller ?? '') ?? (request.caller?.endsWith('.amazonaws.com') ? 'AWS service' : 'outside AWS');
  const trust = parsePolicyDocument(role.AssumeRolePolicyDocument);
  const permissionNames = [
    ...(role.RolePolicyList ?? []).map((policy) => policy.PolicyName),
    ...(role.AttachedManagedPolicies ?? []).map((policy) => policy.PolicyName ?? lastPart(policy.PolicyArn)),
  ];
  const trusted = trust.Statement.filter((s) => s.Effect === 'Allow').flatMap(principalsOf).map((p) => `${p.kind}: ${p.value}`);
  const lines = [
    'flowchart TB',
    `  subgraph src["Caller side: ${text(callerAccount)}"]`,
    `    caller["${text(callerLabel(request))}"]`,
    '  end',
    '  subgraph sts["AWS STS"]',
    `    api["${text(request.action)}"]`,
    '    creds["Temporary credentials<br/>key id, secret, session token, expiration"]',
    '  end',
    `  subgraph dst["Role account: ${text(roleAccount)}"]`,
    `    role["Role ${text(role.RoleName)}"]`,
    `    trust["Trust policy<br/>${text(trusted.join(', ') || 'no Allow statement')}"]`,
    `    perms["Permission policies<br/>${text(permissionNames.join(', ') || 'none attached')}"]`,
    '    resources["AWS resources"]',
    '  end',
    '  caller -->|"1. request"| api',
    '  api -->|"2. may this caller assume it?"| trust',
    '  trust -.->|guards| role',
    '  api -->|"3. issue"| creds',
    '  creds -->|"4. returned to"| caller',
    '  caller -->|"5. signed calls"| resources',
    '  perms -.->|"limit what the session may do"| resources',
    '  role --- perms',
  ];
  return lines.join('\n');
}

/** Sequence: the call, the trust evaluation, the credentials, their use and their expiry. */
export function assumeSequenceMermaid(
  request: AssumeRoleRequest,
  role: RoleDetail,
  options: { expiration?: string; useCall?: string } = {},
): string {
  const trust = parsePolicyDocument(role.AssumeRolePolicyDocument);
  const allow = trust.Statement.filter((s) => s.Effect === 'Allow');
  const principals = allow.flatMap(principalsOf).map((p) => p.value);
  const conditions = allow.flatMap(conditionsOf);
  // Web identity and SAML calls carry the IdP's token or assertion instead of a signature (R-56, R-60).
  const parameters =
    request.action === 'sts:AssumeRoleWithSAML'
      ? [`RoleArn=${role.Arn}`, `PrincipalArn=${request.saml?.principalArn ?? 'saml-provider'}`, 'SAMLAssertion=…']
      : [`RoleArn=${role.Arn}`, `RoleSessionName=${request.roleSessionName ?? 'session'}`];
  if (request.action === 'sts:AssumeRoleWithWebIdentity') parameters.push('WebIdentityToken=…');
  if (request.externalId) parameters.push(`ExternalId=${request.externalId}`);
  if (request.durationSeconds) parameters.push(`DurationSeconds=${request.durationSeconds}`);
  const who = requestCallerName(request);
  const lines = [
    'sequenceDiagram',
    '  autonumber',
    `  participant C as ${text(who)}`,
    '  participant S as AWS STS',
    `  participant T as Trust policy of ${text(role.RoleName)}`,
    '  participant R as AWS service',
    `  C->>S: ${text(request.action.replace('sts:', ''))} ${text(parameters.join(' '))}`,
    `  S->>T: Is ${text(who)} a trusted principal?`,
    `  Note over T: Principals: ${text(principals.join(', ') || 'none')}`,
  ];
  if (conditions.length) {
    lines.push(`  Note over T: Conditions: ${text(conditions.map((c) => `${c.operator} ${c.key} ${c.values.join('|')}`).join(' AND '))}`);
  }
  lines.push(
    '  alt trusted, conditions hold and the caller may ask',
    '    T-->>S: Allow',
    `    S-->>C: AccessKeyId ASIA…, SecretAccessKey, SessionToken, Expiration ${text(options.expiration ?? '+1 hour')}`,
    `    C->>R: ${text(options.useCall ?? 'API call signed with the temporary credentials')}`,
    '    R-->>C: answer, judged by the role permission policies',
    '    Note over C,R: After Expiration every call fails with ExpiredToken',
    '  else refused',
    '    T-->>S: no matching Allow',
    `    S-->>C: AccessDenied, not authorized to perform ${text(request.action)}`,
    '  end',
  );
  return lines.join('\n');
}

/** Trust policy as a graph: statement → principals → conditions → role. */
export function trustPolicyMermaid(role: RoleDetail): string {
  const trust = parsePolicyDocument(role.AssumeRolePolicyDocument);
  const lines = ['flowchart LR', `  role["Role ${text(role.RoleName)}"]`];
  trust.Statement.forEach((statement, index) => {
    const id = `s${index}`;
    const effect = statement.Effect === 'Deny' ? 'Deny' : 'Allow';
    lines.push(`  ${id}{"${text(`${effect} ${statement.Sid ? `(${statement.Sid}) ` : ''}${actionsOf(statement).join(', ')}`)}"}`);
    principalsOf(statement).forEach((principal, p) => {
      lines.push(`  ${id}p${p}["${text(`${principal.kind}: ${principal.value}`)}"] --> ${id}`);
    });
    const conditions = conditionsOf(statement);
    if (conditions.length === 0) {
      lines.push(`  ${id} -->|"no conditions"| role`);
    } else {
      let previous = id;
      conditions.forEach((condition, c) => {
        const node = `${id}c${c}`;
        lines.push(`  ${node}["${text(`${condition.operator} ${condition.key}`)}<br/>${text(condition.values.join(' or '))}"]`);
        lines.push(`  ${previous} -->|${c === 0 ? '"and"' : '"and"'}| ${node}`);
        previous = node;
      });
      lines.push(`  ${previous} --> role`);
    }
  });
  return lines.join('\n');
}

export const SETUP_STEPS = [
  'Create the target role',
  'Write the trust policy',
  'Attach permission policies',
  'Allow the caller sts:AssumeRole',
  'Test with aws sts assume-role',
  'Use the temporary credentials',
] as const;

const SETUP_COMMANDS = [
  'aws iam create-role',
  'trust-policy.json',
  'aws iam put-role-policy',
  'aws iam put-role-policy (caller side)',
  'aws sts assume-role',
  'AWS_* variables or a profile',
];

/** The setup flow, with the current step highlighted. */
export function setupFlowMermaid(current: number, roleName: string, callerName: string): string {
  const lines = ['flowchart TD'];
  SETUP_STEPS.forEach((step, index) => {
    const subject = index < 3 ? ` (${roleName})` : index === 3 ? ` (${callerName})` : '';
    lines.push(`  step${index}["${index + 1}. ${text(step + subject)}"]`);
    lines.push(`  cmd${index}(["${text(SETUP_COMMANDS[index])}"]) -.-> step${index}`);
    if (index > 0) lines.push(`  step${index - 1} --> step${index}`);
  });
  lines.push('  classDef current fill:#dbeafe,stroke:#1d4ed8,stroke-width:3px,color:#0f172a');
  lines.push('  classDef done fill:#dcfce7,stroke:#15803d,color:#0f172a');
  if (current > 0) lines.push(`  class ${Array.from({ length: current }, (_, i) => `step${i}`).join(',')} done`);
  lines.push(`  class step${current} current`);
  return lines.join('\n');
}

/** EC2 → instance profile → STS → S3. */
export function ec2FlowMermaid(roleName: string, instanceProfileArn: string, bucket: string): string {
  return [
    'sequenceDiagram',
    '  autonumber',
    '  participant App as Application on the instance',
    '  participant IMDS as Instance metadata service',
    '  participant EC2 as ec2.amazonaws.com',
    '  participant STS as AWS STS',
    '  participant S3 as Amazon S3',
    `  Note over EC2: Instance launched with ${text(lastPart(instanceProfileArn))} instance profile`,
    `  EC2->>STS: AssumeRole ${text(roleName)} on the instance's behalf`,
    `  STS-->>EC2: temporary credentials, trust names ec2.amazonaws.com`,
    '  EC2->>IMDS: place credentials, refreshed before they expire',
    `  App->>IMDS: GET /latest/meta-data/iam/security-credentials/${text(roleName)}`,
    '  IMDS-->>App: AccessKeyId, SecretAccessKey, Token, Expiration',
    `  App->>S3: ListBucket and GetObject on ${text(bucket)}`,
    '  S3-->>App: objects, allowed by the role read policy',
    `  App-xS3: PutObject on ${text(bucket)}`,
    '  S3--xApp: AccessDenied, the role may only read',
  ].join('\n');
}

/** GitHub Actions → OIDC token → STS → role. */
export function oidcSequenceMermaid(roleArn: string, providerArn: string, audience: string, subjects: string[]): string {
  return [
    'sequenceDiagram',
    '  autonumber',
    '  participant Job as GitHub Actions job',
    '  participant GH as GitHub OIDC issuer',
    '  participant STS as AWS STS',
    `  participant P as IAM OIDC provider ${text(lastPart(providerArn))}`,
    `  participant Role as ${text(lastPart(roleArn))}`,
    `  Job->>GH: request an ID token, audience ${text(audience)}`,
    '  GH-->>Job: signed JWT with iss, aud, sub claims',
    `  Job->>STS: AssumeRoleWithWebIdentity ${text(lastPart(roleArn))} with the token`,
    '  STS->>P: is the issuer registered, is aud in the client ID list?',
    '  P-->>STS: yes, signature checked against GitHub keys',
    `  STS->>Role: trust conditions on aud and sub`,
    `  Note over Role: sub must match ${text(subjects.join(' or ') || 'nothing')}`,
    '  Role-->>STS: Allow',
    '  STS-->>Job: temporary credentials, no stored AWS secret in GitHub',
  ].join('\n');
}

export interface SubRow {
  sub: string;
  kind: string;
  admitted: boolean;
  failedChecks: string[];
}

/** Each sample sub claim and the engine's verdict for it. */
export function subClaimsMermaid(rows: SubRow[], roleName: string): string {
  const lines = ['flowchart LR', `  role["${text(roleName)} trust policy"]`];
  rows.forEach((row, index) => {
    lines.push(`  sub${index}["${text(row.kind)}<br/>${text(row.sub)}"] --> role`);
    lines.push(`  role -->|"${row.admitted ? 'admitted' : text(`refused: ${row.failedChecks.join(', ')}`)}"| v${index}["${row.admitted ? 'credentials' : 'AccessDenied'}"]`);
    lines.push(`  class v${index} ${row.admitted ? 'pass' : 'fail'}`);
  });
  lines.push('  classDef pass fill:#dcfce7,stroke:#15803d,color:#0f172a');
  lines.push('  classDef fail fill:#fee2e2,stroke:#b91c1c,color:#0f172a');
  return lines.join('\n');
}

export type TroubleshootingBranch = 'trust' | 'permission' | 'conditions' | 'other';

/**
 * The troubleshooting tree, asked in the order the Diagnose page's tree draws the same checks
 * (lib/engine's check order: trust-principal, trust-conditions, trust-deny, identity-policy, …,
 * duration) and with its questions' words, so what Learn teaches is what Diagnose shows. The order
 * is for reading: the engine, like AWS, evaluates every check and the verdict comes from all of them.
 */
export function troubleshootingMermaid(highlight?: TroubleshootingBranch): string {
  const q = (id: keyof typeof CHECK_QUESTIONS) => text(CHECK_QUESTIONS[id]);
  const lines = [
    'flowchart TD',
    `  start(["AssumeRole fails"]) --> q1{"${q('trust-principal')}<br/>its ARN, its account or *"}`,
    '  q1 -->|no| e1["AccessDenied: not authorized to perform sts:AssumeRole"]',
    '  e1 --> d1["Read the Principal: account, role ARN, session or service. aws iam get-role"]',
    `  q1 -->|yes| q2{"${q('trust-conditions')}"}`,
    '  q2 -->|no| e2["AccessDenied, same message: the condition is not named"]',
    '  e2 --> d2["Compare ExternalId, source IP, MFA, sub with the request. CloudTrail"]',
    `  q2 -->|yes| q3{"${q('trust-deny')}"}`,
    '  q3 -->|no| e3["AccessDenied: a Deny statement in the trust policy matches the call"]',
    '  e3 --> d3["Read the trust policy’s Deny statements. aws iam get-role"]',
    `  q3 -->|yes| q4{"${q('identity-policy')}<br/>source = the calling principal: its identity policies; its boundary, session policy and SCPs can refuse too"}`,
    '  q4 -->|no| e4["AccessDenied, usually the same message; sometimes ending in ‘because no identity-based policy allows…’ or naming the boundary or SCP"]',
    '  e4 --> d4["Check the caller side. aws iam simulate-principal-policy"]',
    `  q4 -->|yes| q5{"${q('duration')}<br/>other parameters valid?"}`,
    '  q5 -->|no| e5["ValidationError: DurationSeconds, session name, ExternalId length"]',
    '  e5 --> d5["Shorten the session: 1 hour when chaining; EC2 or ECS credentials as caller: disputed"]',
    '  q5 -->|yes| ok(["Temporary credentials issued"])',
    '  classDef err fill:#fee2e2,stroke:#b91c1c,color:#0f172a',
    '  classDef debug fill:#fef3c7,stroke:#b45309,color:#0f172a',
    '  classDef ok fill:#dcfce7,stroke:#15803d,color:#0f172a',
    '  classDef focus stroke:#1d4ed8,stroke-width:4px',
    '  class e1,e2,e3,e4,e5 err',
    '  class d1,d2,d3,d4,d5 debug',
    '  class ok ok',
  ];
  const focus: Record<TroubleshootingBranch, string> = { trust: 'q1,e1,d1', conditions: 'q2,e2,d2,q3,e3,d3', permission: 'q4,e4,d4', other: 'q5,e5,d5' };
  if (highlight) lines.push(`  class ${focus[highlight]} focus`);
  return lines.join('\n');
}
