// The shared inputs of every fix builder, each looked up at most once per diagnosis.

import { CHECK_IDS, type AssumeRoleRequest, type Check, type CheckId, type Diagnosis, type Fix, type PolicyLocator, type RoleDetail, type SettingPatch, type Snapshot, type SnapshotAccount } from '../types';
import { mergeRequest } from './apply';
import { arnAccount, describeCaller, findRole, splitArn, type CallerInfo, type RoleLocation, type SnapshotView } from './lookup';
import { viewPolicyDocument, type PolicyDocument } from './policy-document';
import { policyCli, policyJson, policyTerraform, requestCli, settingCli, settingTerraform } from './render';

export interface FixContext {
  diagnosis: Diagnosis;
  snapshot: Snapshot;
  request: AssumeRoleRequest;
  caller: CallerInfo;
  roleArn: string;
  roleAccountId: string;
  roleAccount?: SnapshotAccount;
  role?: RoleDetail;
  trustPolicy?: PolicyDocument;
  check(id: CheckId): Check | undefined;
}

export function makeContext(diagnosis: Diagnosis, view: SnapshotView, request: AssumeRoleRequest): FixContext {
  return new LazyFixContext(diagnosis, view, request);
}

/**
 * The caller, the role and the trust policy are looked up when a builder first asks: advice for
 * an SCP or a trust-policy deny needs none of them. A class, not an object literal with getters,
 * which V8 builds and reads much more slowly.
 */
class LazyFixContext implements FixContext {
  private located: RoleLocation | undefined | null = null;
  private callerInfo: CallerInfo | undefined;
  private trust: PolicyDocument | undefined | null = null;
  readonly snapshot: Snapshot;
  readonly roleAccountId: string;

  constructor(
    readonly diagnosis: Diagnosis,
    private readonly view: SnapshotView,
    readonly request: AssumeRoleRequest,
  ) {
    this.snapshot = view.raw;
    this.roleAccountId = arnAccount(request.roleArn) ?? '';
  }

  private get location(): RoleLocation | undefined {
    if (this.located === null) this.located = findRole(this.view, this.request.roleArn);
    return this.located;
  }

  get caller(): CallerInfo {
    return (this.callerInfo ??= describeCaller(this.view, this.request));
  }

  get roleArn(): string {
    return this.location?.role.Arn ?? this.request.roleArn;
  }

  get roleAccount(): SnapshotAccount | undefined {
    return this.location?.account;
  }

  get role(): RoleDetail | undefined {
    return this.location?.role;
  }

  // Read (and copied) only by the builders that edit the trust policy.
  get trustPolicy(): PolicyDocument | undefined {
    if (this.trust === null) {
      const located = this.location;
      this.trust = located ? (viewPolicyDocument(located.trustDocument ?? located.role.AssumeRolePolicyDocument) as PolicyDocument | undefined) : undefined;
    }
    return this.trust;
  }

  check(id: CheckId): Check | undefined {
    // The engine lists every check in CHECK_IDS order: look where the check should be, and scan
    // (seventeen at most) only for a diagnosis listed otherwise.
    const checks = this.diagnosis.checks;
    const expected = checks[CHECK_INDEX[id]];
    if (expected?.id === id) return expected;
    for (const check of checks) if (check.id === id) return check;
    return undefined;
  }
}

const CHECK_INDEX = Object.fromEntries(CHECK_IDS.map((id, index) => [id, index])) as Record<CheckId, number>;

export function trustLocator(context: FixContext): PolicyLocator | undefined {
  if (!context.role) return undefined;
  return { kind: 'trust', account: context.roleAccountId, roleName: context.role.RoleName };
}

/** The partition of the role's ARN (aws, aws-us-gov, aws-cn, …): principals and provider ARNs must use it (P-01). */
export function rolePartition(context: FixContext): string {
  return splitArn(context.roleArn)?.partition || 'aws';
}

/** What a trust-policy fix changes, named by the role's full ARN (its partition and path included). */
export function trustTarget(context: FixContext): string {
  return `trust policy of ${context.roleArn}`;
}

/** Names the policy a locator points at. A trust locator carries neither partition nor path: trust fixes pass trustTarget instead. */
export function describeLocator(locator: PolicyLocator): string {
  switch (locator.kind) {
    case 'trust':
      return `trust policy of arn:aws:iam::${locator.account}:role/${locator.roleName}`;
    case 'role-inline':
      return `inline policy ${locator.policyName} of role ${locator.roleName} (account ${locator.account})`;
    case 'user-inline':
      return `inline policy ${locator.policyName} of user ${locator.userName} (account ${locator.account})`;
    case 'managed':
      return `managed policy ${locator.policyArn}`;
  }
}

/** A fix that edits one policy document; the CLI and Terraform come from the locator. */
export function policyFix(
  check: CheckId,
  title: string,
  explanation: string,
  locator: PolicyLocator,
  before: unknown,
  after: unknown,
  target = describeLocator(locator),
): Fix {
  const json = policyJson(after, before);
  const oversize = locator.kind === 'trust' ? trustPolicySizeWarning(json.compact) : '';
  return {
    check,
    title,
    explanation: oversize ? `${explanation} ${oversize}` : explanation,
    // `before` may be the snapshot's own document, shared read-only like the snapshot itself (the
    // engine treats snapshots as immutable once diagnosed); `after` is always a fresh copy.
    policyPatch: { target, before: before ?? null, after, locator },
    cli: policyCli(locator, after, json),
    terraform: policyTerraform(locator, after, json),
  };
}

/**
 * IAM's default quota for a role trust policy: 2,048 characters, which the account can have raised
 * to 4,096 (IAM User Guide, "IAM and AWS STS quotas": "Role trust policy length"). IAM does not
 * count whitespace. Above it, update-assume-role-policy fails with LimitExceeded.
 */
const TRUST_POLICY_DEFAULT_QUOTA = 2048;

/** A sentence warning that `after` exceeds the default trust policy quota; '' when it fits. */
function trustPolicySizeWarning(compact: string): string {
  // The compact JSON is never shorter than the same without whitespace: most documents stop here.
  if (compact.length <= TRUST_POLICY_DEFAULT_QUOTA) return '';
  const size = compact.replace(/\s/g, '').length;
  if (size <= TRUST_POLICY_DEFAULT_QUOTA) return '';
  return `The changed trust policy is ${size.toLocaleString('en-US')} characters without whitespace, over IAM's default quota of 2,048 characters for a role trust policy: update-assume-role-policy fails with LimitExceeded unless the account's quota has been raised (up to 4,096 characters, in Service Quotas).`;
}

export function settingFix(check: CheckId, title: string, explanation: string, patch: SettingPatch): Fix {
  return { check, title, explanation, settingPatch: patch, cli: settingCli(patch), terraform: settingTerraform(patch) };
}

export function requestFix(context: FixContext, check: CheckId, title: string, explanation: string, requestPatch: Partial<AssumeRoleRequest>): Fix {
  const patched = mergeRequest(context.request, requestPatch);
  return { check, title, explanation, requestPatch, cli: requestCli(patched) };
}

/** Statement ids must be alphanumeric. */
export function sidFor(prefix: string, name: string): string {
  return `${prefix}${name.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 100);
}

/**
 * `sid`, or `sid` with the first numeric suffix no statement of `document` uses: IAM requires Sids
 * to be unique within a policy (compared here case-insensitively, to be safe).
 */
export function uniqueSid(document: { Statement: { Sid?: unknown }[] }, sid: string): string {
  // Usually no statement has it: one pass, without building the set of every Sid.
  const wanted = sid.toLowerCase();
  if (wanted !== '' && !document.Statement.some((statement) => typeof statement.Sid === 'string' && statement.Sid.toLowerCase() === wanted)) return sid;
  const taken = new Set(document.Statement.map((statement) => (typeof statement.Sid === 'string' ? statement.Sid.toLowerCase() : '')));
  if (!taken.has(wanted)) return sid;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${sid.slice(0, 100 - String(suffix).length)}${suffix}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** Inline policy names allow [\w+=,.@-], up to 128 characters. */
export function inlinePolicyName(prefix: string, name: string): string {
  return `${prefix}-${name}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 128);
}
