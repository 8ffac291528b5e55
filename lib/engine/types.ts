// The machine contract of AssumeRole Doctor (snapshot@1, request@1, diagnosis@1).
// Names here are fixed by docs/contract.md: add fields freely, never rename or drop one.

// ───────────────────────────── snapshot ─────────────────────────────

export const SNAPSHOT_FORMAT = 'assumerole-doctor/snapshot@1';
export const REQUEST_FORMAT = 'assumerole-doctor/request@1';
export const DIAGNOSIS_FORMAT = 'assumerole-doctor/diagnosis@1';

/** An IAM policy document as stored: an object, or a (possibly URL-encoded) JSON string. */
export type PolicyDocumentInput = string | Record<string, unknown>;

export interface AttachedManagedPolicy {
  PolicyName?: string;
  PolicyArn: string;
}

export interface InlinePolicy {
  PolicyName: string;
  PolicyDocument: PolicyDocumentInput;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface PermissionsBoundary {
  PermissionsBoundaryType?: string;
  PermissionsBoundaryArn: string;
}

export interface UserDetail {
  UserName: string;
  UserId: string;
  Arn: string;
  Path?: string;
  GroupList?: string[];
  UserPolicyList?: InlinePolicy[];
  AttachedManagedPolicies?: AttachedManagedPolicy[];
  PermissionsBoundary?: PermissionsBoundary;
  Tags?: Tag[];
  CreateDate?: string;
}

export interface GroupDetail {
  GroupName: string;
  GroupId?: string;
  Arn: string;
  Path?: string;
  GroupPolicyList?: InlinePolicy[];
  AttachedManagedPolicies?: AttachedManagedPolicy[];
}

export interface RoleDetail {
  RoleName: string;
  RoleId: string;
  Arn: string;
  Path?: string;
  AssumeRolePolicyDocument?: PolicyDocumentInput;
  RolePolicyList?: InlinePolicy[];
  AttachedManagedPolicies?: AttachedManagedPolicy[];
  PermissionsBoundary?: PermissionsBoundary;
  Tags?: Tag[];
  /** Seconds; from ListRoles. Absent = 3600. */
  MaxSessionDuration?: number;
  CreateDate?: string;
  RoleLastUsed?: { LastUsedDate?: string; Region?: string };
  InstanceProfileList?: unknown[];
}

export interface ManagedPolicyDetail {
  PolicyName: string;
  PolicyId?: string;
  Arn: string;
  Path?: string;
  DefaultVersionId?: string;
  PolicyVersionList?: { Document: PolicyDocumentInput; VersionId?: string; IsDefaultVersion?: boolean }[];
}

export interface AuthorizationDetails {
  UserDetailList?: UserDetail[];
  GroupDetailList?: GroupDetail[];
  RoleDetailList?: RoleDetail[];
  Policies?: ManagedPolicyDetail[];
}

export interface OidcProvider {
  Arn: string;
  Url: string;
  ClientIDList?: string[];
  ThumbprintList?: string[];
}

export interface SamlProvider {
  Arn: string;
  ValidUntil?: string;
}

export interface SnapshotAccount {
  accountId: string;
  alias?: string;
  partition?: string;
  authorizationDetails: AuthorizationDetails;
  openIdConnectProviders?: OidcProvider[];
  samlProviders?: SamlProvider[];
  stsRegions?: { disabled?: string[] };
  /** Parts of the account that could not be read, with the reason (added by AssumeRole Doctor). */
  unavailable?: { part: string; reason: string; missingPermission?: string }[];
}

export interface OrgNode {
  id?: string;
  name?: string;
  accountId?: string;
  policies?: string[];
  children?: OrgNode[];
}

export interface OrgPolicy {
  id: string;
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  name?: string;
  content: PolicyDocumentInput;
}

export interface Organization {
  id?: string;
  managementAccountId?: string;
  root?: OrgNode;
  policies?: OrgPolicy[];
  /** The organization could not be read: SCP and RCP checks report `unknown`. */
  unavailable?: string;
  /**
   * Policy types enabled in the root, as a live pull read them (added by AssumeRole Doctor).
   * A type missing from a list that is present is not enforced: e.g. no SERVICE_CONTROL_POLICY
   * means SCPs do not apply. Absent = not known, assume both apply as listed.
   */
  enabledPolicyTypes?: string[];
  /**
   * Accounts whose membership could not be established (added by AssumeRole Doctor): a live pull
   * read them, but they are not in `root` and did not answer that they are in no organization
   * (another organization, or DescribeOrganization refused). SCP, RCP and aws:PrincipalOrgID /
   * aws:PrincipalOrgPaths answer unknown for them instead of "outside the organization".
   */
  membershipUnknown?: { accountId: string; reason: string }[];
  /**
   * Policy types the root lists as PENDING_ENABLE or PENDING_DISABLE (added by AssumeRole Doctor).
   * Their policies are still listed; the scp / rcp check answers unknown while a type is pending.
   */
  pendingPolicyTypes?: { type: string; status: string }[];
}

/** A CloudTrail record (the objects inside a log file's "Records"). */
export type CloudTrailEvent = Record<string, unknown>;

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  capturedAt?: string;
  /** Where the data came from: 'demo', 'live', 'import' (added by AssumeRole Doctor). */
  source?: string;
  accounts: SnapshotAccount[];
  /**
   * Accounts the pull was configured to read but could not reach (added by AssumeRole Doctor).
   * They stay out of `accounts`, so they are unknown rather than empty.
   */
  unavailableAccounts?: { accountId: string; roleArn?: string; reason: string; missingPermission?: string }[];
  organization?: Organization;
  events?: CloudTrailEvent[];
}

// ───────────────────────────── request ─────────────────────────────

export const STS_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'] as const;
export type StsAction = (typeof STS_ACTIONS)[number];

/**
 * Request fields only a signed sts:AssumeRole call has: AssumeRoleWithWebIdentity and
 * AssumeRoleWithSAML take no ExternalId, SourceIdentity, Tags, TransitiveTagKeys, SerialNumber or
 * TokenCode, and have no calling session (R-36, R-38… ). The engine refuses them on a
 * federated request; the pages take them out of one (lib/ui/call-kind.ts).
 */
export const SIGNED_ONLY_FIELDS = ['externalId', 'sourceIdentity', 'serialNumber', 'tokenCode', 'tags', 'transitiveTagKeys', 'callerSession'] as const;
export type SignedOnlyField = (typeof SIGNED_ONLY_FIELDS)[number];

export interface CallerSession {
  issuedBy?: string;
  sessionPolicy?: PolicyDocumentInput;
  sessionPolicyArns?: string[];
  mfaAuthenticated?: boolean;
  sourceIdentity?: string;
  tags?: Tag[];
  transitiveTagKeys?: string[];
  /**
   * False when `tags` holds only some of the session's tags (a replayed CloudTrail record logs only
   * the inherited transitive ones): other aws:PrincipalTag keys are unknown, not absent.
   */
  tagsComplete?: boolean;
  issuedAt?: string;
  expiration?: string;
}

export interface AssumeRoleRequest {
  format?: typeof REQUEST_FORMAT;
  action: StsAction;
  caller?: string;
  roleArn: string;
  roleSessionName?: string;
  durationSeconds?: number;
  externalId?: string;
  sourceIdentity?: string;
  tags?: Tag[];
  transitiveTagKeys?: string[];
  policy?: PolicyDocumentInput;
  policyArns?: string[];
  serialNumber?: string;
  tokenCode?: string;
  region?: string;
  context?: Record<string, string | string[]>;
  /**
   * Context keys whose value is not known for this call (e.g. a replayed CloudTrail record does not
   * show them): conditions on them answer unknown instead of treating the key as absent. Only keys
   * the call itself supplies (UNKNOWN_CONTEXT_KEYS in request.ts), never one the request also gives.
   */
  unknownContext?: string[];
  callerSession?: CallerSession;
  webIdentity?: {
    token?: string;
    claims?: Record<string, unknown>;
    providerId?: string;
    /** False when `claims` holds only some of the token's (a replayed CloudTrail record): the provider's keys not given are unknown, not absent. */
    claimsComplete?: boolean;
  };
  saml?: {
    principalArn: string;
    attributes?: Record<string, string | string[]>;
    sessionNotOnOrAfter?: string;
    /** False when `attributes` holds only some of the assertion's (a replayed CloudTrail record): the `saml:` keys not given are unknown, not absent. */
    attributesComplete?: boolean;
  };
}

// ───────────────────────────── diagnosis ─────────────────────────────

/** Check ids in tree order. More may be added between them; none renamed or dropped. */
export const CHECK_IDS = [
  'request-valid',
  'caller',
  'role-exists',
  'sts-region',
  'scp',
  'rcp',
  'trust-principal',
  'trust-conditions',
  'trust-deny',
  'identity-policy',
  'permissions-boundary',
  'session-policy',
  'tag-session',
  'source-identity',
  'duration',
  'web-identity',
  'saml',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const CHECK_STATUSES = ['pass', 'fail', 'skip', 'unknown'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export type Decision = 'allowed' | 'denied' | 'invalid' | 'inconclusive';
export type Denial = 'explicit' | 'implicit';

export type PolicyKind =
  | 'trust'
  | 'identity-inline'
  | 'identity-managed'
  | 'group-inline'
  | 'group-managed'
  | 'permissions-boundary'
  | 'session-policy'
  | 'scp'
  | 'rcp';

export interface PolicyRef {
  kind: PolicyKind;
  name: string;
  account?: string;
  arn?: string;
  /** For SCPs / RCPs: the org node the policy is attached to (root, OU id, account id). */
  attachedTo?: string;
  /** For group policies: the group; for identity policies: the user or role. */
  owner?: string;
}

export interface ConditionEvidence {
  operator: string;
  key: string;
  policyValues: string[];
  requestValues: string[];
  matched: boolean;
  /** The key was absent from the request context. */
  keyMissing?: boolean;
  /** Policy values after policy-variable substitution, when they differ from policyValues. */
  resolvedPolicyValues?: string[];
  /** Why a value could not be compared (bad date, bad CIDR, unresolvable variable, …). */
  note?: string;
  /** A policy variable in the policy values that could not be resolved, so the condition failed. */
  unresolvedVariable?: string;
  /** A policy variable in the policy values reads this key, which is unknown for the request: the outcome is not settled. */
  unknownVariable?: string;
}

export interface StatementEvidence {
  policy: PolicyRef;
  statement: { index: number; sid?: string };
  effect: 'Allow' | 'Deny';
  principalMatched?: boolean;
  /** How the principal matched: 'wildcard', 'account', 'user-arn', 'role-arn', 'session-arn', … */
  principalMatchedBy?: string;
  actionMatched?: boolean;
  resourceMatched?: boolean;
  conditionsMatched?: boolean;
  conditions?: ConditionEvidence[];
  /** The statement as written, for display. */
  source?: unknown;
}

export interface Check {
  id: CheckId;
  title: string;
  status: CheckStatus;
  denial?: Denial;
  summary: string;
  rules: string[];
  evidence: StatementEvidence[];
  /** Set when the check follows a rule the AWS documentation disputes (marked D in the rulebook). */
  disputed?: boolean;
  /**
   * Added: on a failing tag-session or source-identity check, the side that refused the extra
   * action: the role's trust policy, the caller's identity policies, its permissions boundary or
   * its session policy.
   */
  failedPart?: CheckPart;
  /** Added: when more than one side refused the extra action, all of them in check order, failedPart first. */
  failedParts?: CheckPart[];
  /** Added: with failedParts, how each of those sides refused (`denial` is failedPart's). */
  failedPartDenials?: Partial<Record<CheckPart, Denial>>;
  /**
   * Added: on a failing check refused either way (no Allow can apply, and a Deny may): the context
   * keys, not known for this request, that decide whether that Deny applies. The refusal is
   * certain; only whether it is explicit (and so the error's longer form) depends on them.
   */
  denialDependsOn?: string[];
}

/** A side of the call a check reads: the trust policy, or the caller's identity policies, boundary or session policy. */
export type CheckPart = 'trust' | 'identity' | 'boundary' | 'session';

export type ContextOrigin = 'given' | 'derived';

export interface ContextEntry {
  key: string;
  values: string[];
  origin: ContextOrigin;
}

export interface AwsError {
  code: string;
  message: string;
  httpStatus?: number;
  /** the documented "… because no <type> policy allows …" / "… with an explicit deny in …" form (added by the engine). */
  documentedVariant?: string;
  /** False when AWS does not document the exact text and `message` describes it (added by the engine). */
  exactTextKnown?: boolean;
  /** The rules the message comes from (added by the engine). */
  rules?: string[];
  /** The failing check whose error AWS returns (added by the engine): the one to read first. */
  check?: CheckId;
}

/**
 * Where a patched policy lives, so a fix can be re-applied mechanically (added by AssumeRole Doctor).
 * `trust`: a role's trust policy; `role-inline` / `user-inline`: an inline policy (created when absent);
 * `managed`: a customer managed policy whose new default version is `after`.
 */
export type PolicyLocator =
  | { kind: 'trust'; account: string; roleName: string }
  | { kind: 'role-inline'; account: string; roleName: string; policyName: string }
  | { kind: 'user-inline'; account: string; userName: string; policyName: string }
  /**
   * `deleteVersionId`: the policy already holds the five versions IAM keeps, so this non-default
   * version (the oldest) is deleted before the new default version is created.
   */
  | { kind: 'managed'; account: string; policyArn: string; deleteVersionId?: string };

export interface PolicyPatch {
  target: string;
  before: unknown;
  after: unknown;
  /** Added by AssumeRole Doctor: the machine-readable address of `target`. */
  locator?: PolicyLocator;
}

/** A change to an IAM setting that is not a policy document (added by AssumeRole Doctor). */
export type SettingPatch =
  | { kind: 'role-max-session-duration'; target: string; account: string; roleName: string; before: number; after: number }
  | { kind: 'oidc-provider'; target: string; account: string; before: OidcProvider | null; after: OidcProvider };

export interface Fix {
  title: string;
  explanation: string;
  check?: CheckId;
  policyPatch?: PolicyPatch;
  cli?: string;
  terraform?: string;
  /** Fixes that change the request rather than a policy (e.g. a shorter DurationSeconds). */
  requestPatch?: Partial<AssumeRoleRequest>;
  /** Added by AssumeRole Doctor: fixes that change a role setting or an identity provider. */
  settingPatch?: SettingPatch;
  /**
   * Added: set on a fix that widens who the role trusts beyond this call (a web-identity subject
   * that names a class of runs, such as every pull request): how far, and why that may be unsafe.
   * Shown prominently with the fix.
   */
  warning?: string;
  /**
   * Added: this fix changes a document an earlier fix of another check changes too, and starts
   * from that fix's result (its `policyPatch.before` is that fix's `after`): the index in `fixes`
   * of the fix to apply first.
   */
  buildsOn?: number;
  /** Added: other failing checks this fix's change clears as well; they get no fix of their own to the same document. */
  alsoClears?: CheckId[];
}

export interface PolicyProblem {
  policy: PolicyRef;
  statementIndex?: number;
  field: string;
  message: string;
  /** Added: set where a check reads the problem (not its words). `trust-deny-notprincipal-ignored`: a Deny + NotPrincipal trust statement ignored under the current text (R-27, disputed). */
  code?: 'trust-deny-notprincipal-ignored';
}

export interface Diagnosis {
  format: typeof DIAGNOSIS_FORMAT;
  decision: Decision;
  failedChecks: CheckId[];
  checks: Check[];
  context: ContextEntry[];
  awsError?: AwsError;
  fixes: Fix[];
  diagram?: { mermaid: string; sequence?: string };
  /** Malformed statements skipped, as AWS would have refused to store them. */
  problems?: PolicyProblem[];
  /**
   * Context keys a consulted policy reads that the request does not give and the snapshot cannot
   * supply (aws:SourceIp, aws:CurrentTime, …): giving them in request.context can settle an
   * inconclusive diagnosis (added by the engine).
   */
  unknownContextKeys?: string[];
  request?: AssumeRoleRequest;
}
