// The one runner of the engine's JSON corpus (fixtures/engine/<topic>/*.json). Adding a case needs
// no code: write it into a file. Each case asserts the decision AND the reason (exact failing
// checks, key evidence), then applies every fix the diagnosis proposes and checks that the fixed
// world is allowed. Cases come from the rulebook, not from the engine: when one fails, the
// rulebook decides whether the case or the engine is wrong.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '@/lib/engine';
import { applyFix } from '@/lib/engine/fixes';
import { requestFromEvent } from './cloudtrail';
import { settleUnknownContext } from './unknown-context';
import { corpusFile, type CorpusCase, type CorpusFile, type CorpusRequest, type WorldPatch } from './corpus-schema';
import type {
  AssumeRoleRequest,
  AuthorizationDetails,
  Check,
  ConditionEvidence,
  Diagnosis,
  ManagedPolicyDetail,
  OrgNode,
  Organization,
  RoleDetail,
  Snapshot,
  SnapshotAccount,
  UserDetail,
} from './types';

const ROOT = path.resolve(__dirname, '../../fixtures/engine');
const WORLDS = path.join(ROOT, 'worlds');

/** Every rule of the rulebook; each must be cited by at least one case. */
const ALL_RULES = [
  ...Array.from({ length: 64 }, (_, index) => `R-${String(index + 1).padStart(2, '0')}`),
  'R-16b',
  'P-01',
  'P-02',
];

type Json = Record<string, unknown>;

// ───────────────────────────── loading ─────────────────────────────

interface LoadedFile {
  relative: string;
  file?: CorpusFile;
  error?: string;
}

function corpusFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== WORLDS) walk(full);
      } else if (entry.name.endsWith('.json')) found.push(full);
    }
  };
  if (fs.existsSync(ROOT)) walk(ROOT);
  return found;
}

function loadFile(full: string): LoadedFile {
  const relative = path.relative(ROOT, full).replace(/\\/g, '/').replace(/\.json$/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(full, 'utf8'));
  } catch (error) {
    return { relative, error: `not JSON: ${(error as Error).message}` };
  }
  const parsed = corpusFile.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    return { relative, error: `schema: ${issues.join('; ')}` };
  }
  return { relative, file: parsed.data };
}

const worldCache = new Map<string, Snapshot>();
function loadWorld(world: CorpusFile['world']): Snapshot {
  if (typeof world !== 'string') return world as unknown as Snapshot;
  let snapshot = worldCache.get(world);
  if (!snapshot) {
    snapshot = JSON.parse(fs.readFileSync(path.join(WORLDS, `${world}.json`), 'utf8')) as Snapshot;
    worldCache.set(world, snapshot);
  }
  return snapshot;
}

// ───────────────────────────── patches ─────────────────────────────

function account(snapshot: Snapshot, accountId: string): SnapshotAccount {
  const found = snapshot.accounts.find((candidate) => candidate.accountId === accountId);
  if (!found) throw new Error(`patch: account ${accountId} is not in the world`);
  return found;
}

function details(snapshot: Snapshot, accountId: string): AuthorizationDetails {
  return account(snapshot, accountId).authorizationDetails;
}

function role(snapshot: Snapshot, accountId: string, name: string): RoleDetail {
  const found = details(snapshot, accountId).RoleDetailList?.find((candidate) => candidate.RoleName === name);
  if (!found) throw new Error(`patch: role ${name} is not in account ${accountId}`);
  return found;
}

function user(snapshot: Snapshot, accountId: string, name: string): UserDetail {
  const found = details(snapshot, accountId).UserDetailList?.find((candidate) => candidate.UserName === name);
  if (!found) throw new Error(`patch: user ${name} is not in account ${accountId}`);
  return found;
}

function fakeId(prefix: string, name: string): string {
  return (prefix + name.toUpperCase().replace(/[^A-Z0-9]/g, '') + 'X'.repeat(17)).slice(0, 21);
}

function putInline(list: { PolicyName: string; PolicyDocument: unknown }[], name: string, policy: unknown) {
  const index = list.findIndex((item) => item.PolicyName === name);
  const entry = { PolicyName: name, PolicyDocument: policy as Json };
  if (index >= 0) list[index] = entry;
  else list.push(entry);
}

function putManaged(snapshot: Snapshot, accountId: string, name: string, policy: unknown, older: unknown[] = []): string {
  const arn = `arn:aws:iam::${accountId}:policy/${name}`;
  const target = details(snapshot, accountId);
  target.Policies = (target.Policies ?? []).filter((candidate) => candidate.Arn !== arn);
  const versions = [...older, policy].map((document, index, all) => ({
    VersionId: `v${index + 1}`,
    IsDefaultVersion: index === all.length - 1,
    Document: document as Json,
  }));
  const managed: ManagedPolicyDetail = {
    PolicyName: name,
    PolicyId: fakeId('ANPA', name),
    Arn: arn,
    Path: '/',
    DefaultVersionId: `v${versions.length}`,
    PolicyVersionList: versions,
  };
  target.Policies.push(managed);
  return arn;
}

function walkOrg(node: OrgNode | undefined, visit: (node: OrgNode) => void) {
  if (!node) return;
  visit(node);
  for (const child of node.children ?? []) walkOrg(child, visit);
}

function organization(snapshot: Snapshot): Organization {
  if (!snapshot.organization) throw new Error('patch: the world has no organization');
  return snapshot.organization;
}

function applyPatch(snapshot: Snapshot, patch: WorldPatch): void {
  switch (patch.op) {
    case 'set-trust':
      role(snapshot, patch.account, patch.role).AssumeRolePolicyDocument = patch.policy as Json;
      return;
    case 'user-inline': {
      const target = user(snapshot, patch.account, patch.user);
      target.UserPolicyList = target.UserPolicyList ?? [];
      putInline(target.UserPolicyList, patch.name, patch.policy);
      return;
    }
    case 'role-inline': {
      const target = role(snapshot, patch.account, patch.role);
      target.RolePolicyList = target.RolePolicyList ?? [];
      putInline(target.RolePolicyList, patch.name, patch.policy);
      return;
    }
    case 'group-inline': {
      const group = details(snapshot, patch.account).GroupDetailList?.find((candidate) => candidate.GroupName === patch.group);
      if (!group) throw new Error(`patch: group ${patch.group} is not in account ${patch.account}`);
      group.GroupPolicyList = group.GroupPolicyList ?? [];
      putInline(group.GroupPolicyList, patch.name, patch.policy);
      return;
    }
    case 'clear-identity-policies': {
      if (patch.user) {
        const target = user(snapshot, patch.account, patch.user);
        target.UserPolicyList = [];
        target.AttachedManagedPolicies = [];
        target.GroupList = [];
      }
      if (patch.role) {
        const target = role(snapshot, patch.account, patch.role);
        target.RolePolicyList = [];
        target.AttachedManagedPolicies = [];
      }
      return;
    }
    case 'managed-policy': {
      const arn = putManaged(snapshot, patch.account, patch.name, patch.policy, patch.olderVersions);
      const attachment = { PolicyName: patch.name, PolicyArn: arn };
      if (patch.attachToUser) {
        const target = user(snapshot, patch.account, patch.attachToUser);
        target.AttachedManagedPolicies = [...(target.AttachedManagedPolicies ?? []), attachment];
      }
      if (patch.attachToRole) {
        const target = role(snapshot, patch.account, patch.attachToRole);
        target.AttachedManagedPolicies = [...(target.AttachedManagedPolicies ?? []), attachment];
      }
      if (patch.attachToGroup) {
        const group = details(snapshot, patch.account).GroupDetailList?.find((candidate) => candidate.GroupName === patch.attachToGroup);
        if (!group) throw new Error(`patch: group ${patch.attachToGroup} is not in account ${patch.account}`);
        group.AttachedManagedPolicies = [...(group.AttachedManagedPolicies ?? []), attachment];
      }
      return;
    }
    case 'boundary': {
      const owner = patch.user ?? patch.role;
      if (!owner) throw new Error('patch: boundary needs a user or a role');
      const arn = putManaged(snapshot, patch.account, patch.name ?? `${owner}Boundary`, patch.policy);
      const boundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn };
      if (patch.user) user(snapshot, patch.account, patch.user).PermissionsBoundary = boundary;
      if (patch.role) role(snapshot, patch.account, patch.role).PermissionsBoundary = boundary;
      return;
    }
    case 'add-role': {
      const target = details(snapshot, patch.account);
      const rolePath = patch.path ?? '/';
      const added: RoleDetail = {
        RoleName: patch.role,
        RoleId: patch.roleId ?? fakeId('AROA', patch.role),
        Arn: `arn:aws:iam::${patch.account}:role${rolePath}${patch.role}`,
        Path: rolePath,
        AssumeRolePolicyDocument: patch.trust as Json,
        RolePolicyList: [],
        AttachedManagedPolicies: [],
        ...(patch.maxSessionDuration !== undefined ? { MaxSessionDuration: patch.maxSessionDuration } : {}),
        ...(patch.tags ? { Tags: patch.tags } : {}),
      };
      target.RoleDetailList = [...(target.RoleDetailList ?? []).filter((candidate) => candidate.RoleName !== patch.role), added];
      return;
    }
    case 'add-user': {
      const target = details(snapshot, patch.account);
      const userPath = patch.path ?? '/';
      const added: UserDetail = {
        UserName: patch.user,
        UserId: patch.userId ?? fakeId('AIDA', patch.user),
        Arn: `arn:aws:iam::${patch.account}:user${userPath}${patch.user}`,
        Path: userPath,
        GroupList: patch.groups ?? [],
        UserPolicyList: [],
        AttachedManagedPolicies: [],
        ...(patch.tags ? { Tags: patch.tags } : {}),
      };
      target.UserDetailList = [...(target.UserDetailList ?? []).filter((candidate) => candidate.UserName !== patch.user), added];
      return;
    }
    case 'set-role': {
      const target = role(snapshot, patch.account, patch.role);
      if (patch.maxSessionDuration === null) delete target.MaxSessionDuration;
      else if (patch.maxSessionDuration !== undefined) target.MaxSessionDuration = patch.maxSessionDuration;
      if (patch.roleId) target.RoleId = patch.roleId;
      if (patch.tags) target.Tags = patch.tags;
      if (patch.createDate) target.CreateDate = patch.createDate;
      return;
    }
    case 'set-user': {
      const target = user(snapshot, patch.account, patch.user);
      if (patch.userId) target.UserId = patch.userId;
      if (patch.tags) target.Tags = patch.tags;
      if (patch.groups) target.GroupList = patch.groups;
      return;
    }
    case 'remove-role': {
      const target = details(snapshot, patch.account);
      role(snapshot, patch.account, patch.role);
      target.RoleDetailList = target.RoleDetailList?.filter((candidate) => candidate.RoleName !== patch.role);
      return;
    }
    case 'remove-user': {
      const target = details(snapshot, patch.account);
      user(snapshot, patch.account, patch.user);
      target.UserDetailList = target.UserDetailList?.filter((candidate) => candidate.UserName !== patch.user);
      return;
    }
    case 'remove-account':
      account(snapshot, patch.account);
      snapshot.accounts = snapshot.accounts.filter((candidate) => candidate.accountId !== patch.account);
      return;
    case 'unread': {
      const target = account(snapshot, patch.account);
      target.unavailable = [...(target.unavailable ?? []), { part: patch.part, reason: patch.reason, ...(patch.missingPermission ? { missingPermission: patch.missingPermission } : {}) }];
      return;
    }
    case 'sts-regions':
      account(snapshot, patch.account).stsRegions = { disabled: patch.disabled };
      return;
    case 'oidc-providers':
      account(snapshot, patch.account).openIdConnectProviders = patch.providers as unknown as SnapshotAccount['openIdConnectProviders'];
      return;
    case 'saml-providers':
      account(snapshot, patch.account).samlProviders = patch.providers as unknown as SnapshotAccount['samlProviders'];
      return;
    case 'organization':
      if (patch.organization === null) delete snapshot.organization;
      else snapshot.organization = patch.organization as Organization;
      return;
    case 'org-policy': {
      const org = organization(snapshot);
      org.policies = [...(org.policies ?? []).filter((candidate) => candidate.id !== patch.id), { id: patch.id, type: patch.type, name: patch.name ?? patch.id, content: patch.content as Json }];
      const targets = new Set(patch.attachTo);
      const attached = new Set<string>();
      walkOrg(org.root, (node) => {
        const nodeId = node.id ?? node.accountId;
        if (nodeId && targets.has(nodeId)) {
          node.policies = [...(node.policies ?? []), patch.id];
          attached.add(nodeId);
        }
      });
      for (const target of targets) if (!attached.has(target)) throw new Error(`patch: org node ${target} not found`);
      return;
    }
    case 'org-detach': {
      const targets = new Set(patch.from);
      walkOrg(organization(snapshot).root, (node) => {
        const nodeId = node.id ?? node.accountId;
        if (nodeId && targets.has(nodeId)) node.policies = (node.policies ?? []).filter((id) => id !== patch.policyId);
      });
      return;
    }
  }
}

function buildWorld(file: CorpusFile, testCase: CorpusCase): Snapshot {
  const snapshot = structuredClone(loadWorld(file.world));
  for (const patch of file.patches ?? []) applyPatch(snapshot, patch);
  for (const patch of testCase.patches ?? []) applyPatch(snapshot, patch);
  return snapshot;
}

function buildRequest(file: CorpusFile, testCase: CorpusCase): AssumeRoleRequest {
  // A replayed CloudTrail record gives the request; `request` adds what the record cannot hold.
  const defaults: CorpusRequest = testCase.event ? (requestFromEvent(testCase.event).request as unknown as CorpusRequest) : (file.defaults ?? {});
  const own = testCase.request;
  const merged: Json = { ...defaults, ...own };
  if (defaults.context || own.context) merged.context = { ...defaults.context, ...own.context };
  if (defaults.callerSession && own.callerSession) merged.callerSession = { ...defaults.callerSession, ...own.callerSession };
  // What `request` gives settles what the record left unknown (as the product's overrides do).
  return settleUnknownContext(merged as unknown as AssumeRoleRequest);
}

// ───────────────────────────── assertions ─────────────────────────────

const sorted = (values: readonly string[]) => [...values].sort();

function allConditions(diagnosis: Diagnosis, checkId?: string): ConditionEvidence[] {
  return diagnosis.checks
    .filter((check) => !checkId || check.id === checkId)
    .flatMap((check) => check.evidence.flatMap((statement) => statement.conditions ?? []));
}

function describeConditions(conditions: ConditionEvidence[]): string {
  return JSON.stringify(conditions.map(({ operator, key, policyValues, requestValues, matched, keyMissing }) => ({ operator, key, policyValues, requestValues, matched, keyMissing })));
}

function assertDiagnosis(diagnosis: Diagnosis, testCase: CorpusCase): void {
  const expected = testCase.expect;
  const failing = diagnosis.checks.filter((check) => check.status === 'fail').map((check) => `${check.id}: ${check.summary}`);
  expect(diagnosis.failedChecks, `failed checks (${failing.join(' | ') || 'none'})`).toEqual(expected.failedChecks);
  expect(diagnosis.decision, 'decision').toBe(expected.decision);

  for (const [checkId, checkExpected] of Object.entries(expected.checks ?? {})) {
    const check: Check | undefined = diagnosis.checks.find((candidate) => candidate.id === checkId);
    expect(check, `check ${checkId} present`).toBeDefined();
    if (!check) continue;
    if (checkExpected.status) expect(check.status, `${checkId}.status (${check.summary})`).toBe(checkExpected.status);
    if (checkExpected.denial) expect(check.denial, `${checkId}.denial`).toBe(checkExpected.denial);
    for (const fragment of checkExpected.summaryIncludes ?? []) {
      expect(check.summary, `${checkId}.summary`).toContain(fragment);
    }
    if (checkExpected.disputed !== undefined) expect(Boolean(check.disputed), `${checkId}.disputed`).toBe(checkExpected.disputed);
    for (const rule of checkExpected.rulesInclude ?? []) expect(check.rules, `${checkId}.rules`).toContain(rule);
    if (checkExpected.evidenceSid) {
      expect(check.evidence.map((statement) => statement.statement.sid), `${checkId}.evidence sids`).toContain(checkExpected.evidenceSid);
    }
    if (checkExpected.principalMatchedBy) {
      expect(check.evidence.map((statement) => statement.principalMatchedBy), `${checkId}.evidence principalMatchedBy`).toContain(checkExpected.principalMatchedBy);
    }
  }

  if (expected.awsError) {
    expect(diagnosis.awsError, 'awsError').toBeDefined();
    expect(diagnosis.awsError?.code, 'awsError.code').toBe(expected.awsError.code);
    if (expected.awsError.message) expect(diagnosis.awsError?.message, 'awsError.message').toBe(expected.awsError.message);
    for (const fragment of expected.awsError.messageIncludes ?? []) expect(diagnosis.awsError?.message, 'awsError.message').toContain(fragment);
  }
  if (expected.noAwsError) expect(diagnosis.awsError, 'awsError').toBeUndefined();

  for (const condition of expected.conditions ?? []) {
    const candidates = allConditions(diagnosis, condition.check).filter(
      (seen) => seen.key.toLowerCase() === condition.key.toLowerCase() && (!condition.operator || seen.operator === condition.operator),
    );
    const match = candidates.find(
      (seen) =>
        (condition.policyValues === undefined || JSON.stringify(sorted(seen.policyValues)) === JSON.stringify(sorted(condition.policyValues))) &&
        (condition.requestValues === undefined || JSON.stringify(sorted(seen.requestValues)) === JSON.stringify(sorted(condition.requestValues))) &&
        (condition.matched === undefined || seen.matched === condition.matched) &&
        (condition.keyMissing === undefined || Boolean(seen.keyMissing) === condition.keyMissing),
    );
    expect(match, `condition evidence ${JSON.stringify(condition)} among ${describeConditions(allConditions(diagnosis, condition.check))}`).toBeDefined();
  }

  if (expected.unknownContextKeys) {
    const named = diagnosis.unknownContextKeys ?? [];
    if (expected.unknownContextKeys.length === 0) expect(named, 'unknownContextKeys').toEqual([]);
    for (const key of expected.unknownContextKeys) expect(named, 'unknownContextKeys').toContain(key.toLowerCase());
  }

  for (const [key, values] of Object.entries(expected.context ?? {})) {
    const entry = diagnosis.context.find((candidate) => candidate.key.toLowerCase() === key.toLowerCase());
    if (values === null) expect(entry?.values ?? [], `context ${key} absent`).toEqual([]);
    else expect(sorted(entry?.values ?? []), `context ${key}`).toEqual(sorted(values));
  }

  if (expected.fixes) {
    const { titleIncludes = [], titleExcludes = [], warningIncludes = [], explanationIncludes = [] } = expected.fixes;
    const titles = diagnosis.fixes.map((fix) => fix.title);
    for (const fragment of titleIncludes) expect(titles.some((title) => title.includes(fragment)), `a fix title contains ${fragment}: ${JSON.stringify(titles)}`).toBe(true);
    for (const fragment of titleExcludes) expect(titles.filter((title) => title.includes(fragment)), `no fix title contains ${fragment}`).toEqual([]);
    const warnings = diagnosis.fixes.map((fix) => fix.warning ?? '');
    for (const fragment of warningIncludes) expect(warnings.some((warning) => warning.includes(fragment)), `a fix warning contains ${fragment}: ${JSON.stringify(warnings)}`).toBe(true);
    const explanations = diagnosis.fixes.map((fix) => fix.explanation);
    for (const fragment of explanationIncludes) {
      expect(explanations.some((explanation) => explanation.includes(fragment)), `a fix explanation contains ${fragment}: ${JSON.stringify(explanations)}`).toBe(true);
    }
  }

  if (expected.problems) {
    const problems = diagnosis.problems ?? [];
    expect(problems.length, `problems ${JSON.stringify(problems.map((problem) => problem.message))}`).toBeGreaterThanOrEqual(expected.problems.min);
    for (const fragment of expected.problems.messageIncludes ?? []) {
      expect(problems.some((problem) => problem.message.includes(fragment)), `a problem mentions ${fragment}: ${JSON.stringify(problems.map((problem) => problem.message))}`).toBe(true);
    }
  }
}

function assertFixesReachAllowed(snapshot: Snapshot, request: AssumeRoleRequest, diagnosis: Diagnosis, testCase: CorpusCase): void {
  if (testCase.expect.fixesReachAllowed === false) return;
  if (diagnosis.decision === 'allowed' || diagnosis.decision === 'inconclusive') return;
  const applicable = diagnosis.fixes.filter((fix) => fix.policyPatch || fix.requestPatch || fix.settingPatch);
  if (applicable.length === 0) return;
  if (diagnosis.failedChecks.length === 1) {
    // One reason: every fix on its own must make the call pass.
    for (const fix of applicable) {
      const fixed = applyFix(snapshot, request, fix);
      const again = diagnose(fixed.snapshot, fixed.request);
      expect(again.decision, `after fix "${fix.title}" (still failing: ${again.failedChecks.join(', ')})`).toBe('allowed');
    }
    return;
  }
  // Several independent reasons: the fixes together, applied in the order given (a fix that changes
  // a document an earlier fix changes starts from that fix's result: `buildsOn`), must clear every
  // check they address, a fix's own and those it says it clears too (`alsoClears`). A check with no
  // applicable fix (an SCP owned by another team, say) may remain; nothing else may.
  for (const fix of diagnosis.fixes) {
    if (fix.buildsOn === undefined) continue;
    const base = diagnosis.fixes[fix.buildsOn];
    expect(fix.buildsOn, `fix "${fix.title}" builds on an earlier fix`).toBeLessThan(diagnosis.fixes.indexOf(fix));
    expect(fix.policyPatch?.before, `fix "${fix.title}" starts from the result of fix "${base?.title}"`).toEqual(base?.policyPatch?.after);
  }
  let world = { snapshot, request };
  for (const fix of applicable) world = applyFix(world.snapshot, world.request, fix);
  const again = diagnose(world.snapshot, world.request);
  const addressed = new Set(applicable.flatMap((fix) => [fix.check, ...(fix.alsoClears ?? [])]).filter((check) => check !== undefined));
  const unaddressed = diagnosis.failedChecks.filter((check) => !addressed.has(check));
  if (unaddressed.length === 0) {
    expect(again.decision, `after all ${applicable.length} fixes (still failing: ${again.failedChecks.join(', ')})`).toBe('allowed');
  } else {
    expect(again.failedChecks, `after all ${applicable.length} fixes, only the checks no fix addresses may still fail`).toEqual(
      diagnosis.failedChecks.filter((check) => unaddressed.includes(check)),
    );
  }
}

// ───────────────────────────── the tests ─────────────────────────────

const loaded = corpusFiles().map(loadFile);
const cited = new Set<string>();
for (const entry of loaded) for (const testCase of entry.file?.cases ?? []) for (const rule of testCase.rules) cited.add(rule);

describe('engine corpus', () => {
  it('has corpus files, all valid against the strict schema', () => {
    expect(loaded.length).toBeGreaterThan(0);
    const invalid = loaded.filter((entry) => entry.error).map((entry) => `${entry.relative}: ${entry.error}`);
    expect(invalid).toEqual([]);
  });

  it('cites every rule R-01…R-64, R-16b, P-01 and P-02 at least once', () => {
    expect(ALL_RULES.filter((rule) => !cited.has(rule))).toEqual([]);
  });

  it('has unique case names within each file', () => {
    for (const entry of loaded) {
      const names = (entry.file?.cases ?? []).map((testCase) => testCase.name);
      expect(names.filter((name, index) => names.indexOf(name) !== index), entry.relative).toEqual([]);
    }
  });

  for (const entry of loaded) {
    const file = entry.file;
    if (!file) continue;
    for (const testCase of file.cases) {
      it(`${entry.relative}: ${testCase.name} [${testCase.rules.join(', ')}]`, () => {
        const snapshot = buildWorld(file, testCase);
        const request = buildRequest(file, testCase);
        const diagnosis = diagnose(snapshot, request);
        assertDiagnosis(diagnosis, testCase);
        // Verdict mode (bulk replay, who-can-assume, the benchmark) answers every case alike.
        const verdict = diagnose(snapshot, JSON.parse(JSON.stringify(request)), { mode: 'verdict' });
        expect({ decision: verdict.decision, failedChecks: verdict.failedChecks }, 'verdict mode').toEqual({ decision: diagnosis.decision, failedChecks: diagnosis.failedChecks });
        assertFixesReachAllowed(snapshot, request, diagnosis, testCase);
      });
    }
  }
});
