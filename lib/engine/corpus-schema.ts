// The schema of the engine's JSON corpus (fixtures/engine/<topic>/*.json): strict everywhere, so a
// misspelt field fails loudly instead of silently asserting nothing (OPA / Cedar / iam-simulate style).
//
// A file has a base world — inline, or the name of a world under fixtures/engine/worlds/ — optional
// request defaults, and cases. A case names the rules it covers, may patch the world (replace a
// trust policy, add an identity policy, attach a boundary, add an SCP, …) so it stays short, gives
// the request, and states what the diagnosis must say: the decision, the exact failing checks and
// the key evidence (per-check status, summary fragments, AWS error, condition evidence, disputes).

import { z } from 'zod';
import { CHECK_IDS, CHECK_STATUSES, STS_ACTIONS } from './types';

const json = z.record(z.string(), z.unknown());
const policy = z.union([json, z.string()]);
const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit account id');
const checkId = z.enum(CHECK_IDS);
const tag = z.object({ Key: z.string(), Value: z.string() }).strict();

// R-nn: the rulebook. P-nn: rules the project adds from AWS documentation the rulebook does not
// cover, each listed with its source in fixtures/engine/README.md.
export const RULE_ID = /^(R-(0[1-9]|[1-5]\d|6[0-4]|16b)|P-0[12])$/;

// ───────────────────────────── request ─────────────────────────────

export const corpusRequest = z
  .object({
    action: z.enum(STS_ACTIONS).optional(),
    caller: z.string().optional(),
    roleArn: z.string().optional(),
    roleSessionName: z.string().optional(),
    durationSeconds: z.number().optional(),
    externalId: z.string().optional(),
    sourceIdentity: z.string().optional(),
    tags: z.array(tag).optional(),
    transitiveTagKeys: z.array(z.string()).optional(),
    policy: policy.optional(),
    policyArns: z.array(z.string()).optional(),
    serialNumber: z.string().optional(),
    tokenCode: z.string().optional(),
    region: z.string().optional(),
    context: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    unknownContext: z.array(z.string()).optional(),
    callerSession: z
      .object({
        issuedBy: z.string().optional(),
        sessionPolicy: policy.optional(),
        sessionPolicyArns: z.array(z.string()).optional(),
        mfaAuthenticated: z.boolean().optional(),
        sourceIdentity: z.string().optional(),
        tags: z.array(tag).optional(),
        transitiveTagKeys: z.array(z.string()).optional(),
        tagsComplete: z.boolean().optional(),
        issuedAt: z.string().optional(),
        expiration: z.string().optional(),
      })
      .strict()
      .optional(),
    webIdentity: z
      .object({ token: z.string().optional(), claims: json.optional(), providerId: z.string().optional(), claimsComplete: z.boolean().optional() })
      .strict()
      .optional(),
    saml: z
      .object({
        principalArn: z.string(),
        attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
        sessionNotOnOrAfter: z.string().optional(),
        attributesComplete: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type CorpusRequest = z.infer<typeof corpusRequest>;

// ───────────────────────────── world patches ─────────────────────────────

const roleRef = { account: accountId, role: z.string() };
const userRef = { account: accountId, user: z.string() };

export const worldPatch = z.discriminatedUnion('op', [
  /** Replace a role's trust policy. */
  z.object({ op: z.literal('set-trust'), ...roleRef, policy }).strict(),
  /** Add (or replace, by name) an inline policy on a user / role / group. */
  z.object({ op: z.literal('user-inline'), ...userRef, name: z.string(), policy }).strict(),
  z.object({ op: z.literal('role-inline'), ...roleRef, name: z.string(), policy }).strict(),
  z.object({ op: z.literal('group-inline'), account: accountId, group: z.string(), name: z.string(), policy }).strict(),
  /** Remove every identity policy (inline and attached) of a user or role. */
  z.object({ op: z.literal('clear-identity-policies'), account: accountId, user: z.string().optional(), role: z.string().optional() }).strict(),
  /** Create a customer managed policy (default version `policy`, older `versions` optional) and attach it. */
  z
    .object({
      op: z.literal('managed-policy'),
      account: accountId,
      name: z.string(),
      policy,
      olderVersions: z.array(policy).optional(),
      attachToUser: z.string().optional(),
      attachToRole: z.string().optional(),
      attachToGroup: z.string().optional(),
    })
    .strict(),
  /** Set a permissions boundary (a customer managed policy created with `policy`) on a user or role. */
  z.object({ op: z.literal('boundary'), account: accountId, user: z.string().optional(), role: z.string().optional(), name: z.string().optional(), policy }).strict(),
  /** Add a role (trust policy given; other fields default). */
  z
    .object({
      op: z.literal('add-role'),
      account: accountId,
      role: z.string(),
      roleId: z.string().optional(),
      path: z.string().optional(),
      trust: policy,
      maxSessionDuration: z.number().optional(),
      tags: z.array(tag).optional(),
    })
    .strict(),
  z
    .object({
      op: z.literal('add-user'),
      account: accountId,
      user: z.string(),
      userId: z.string().optional(),
      path: z.string().optional(),
      groups: z.array(z.string()).optional(),
      tags: z.array(tag).optional(),
    })
    .strict(),
  /** Change role settings. */
  z
    .object({
      op: z.literal('set-role'),
      ...roleRef,
      maxSessionDuration: z.number().nullable().optional(),
      roleId: z.string().optional(),
      tags: z.array(tag).optional(),
      /** The role's CreateDate (ISO 8601). */
      createDate: z.string().optional(),
    })
    .strict(),
  z.object({ op: z.literal('set-user'), ...userRef, userId: z.string().optional(), tags: z.array(tag).optional(), groups: z.array(z.string()).optional() }).strict(),
  z.object({ op: z.literal('remove-role'), ...roleRef }).strict(),
  z.object({ op: z.literal('remove-user'), ...userRef }).strict(),
  z.object({ op: z.literal('remove-account'), account: accountId }).strict(),
  // What the pull or an import recorded as not read for an account (accounts[].unavailable).
  z.object({ op: z.literal('unread'), account: accountId, part: z.string(), reason: z.string(), missingPermission: z.string().optional() }).strict(),
  z.object({ op: z.literal('sts-regions'), account: accountId, disabled: z.array(z.string()) }).strict(),
  z.object({ op: z.literal('oidc-providers'), account: accountId, providers: z.array(json) }).strict(),
  z.object({ op: z.literal('saml-providers'), account: accountId, providers: z.array(json) }).strict(),
  /** Replace (or with `null`, remove) the organization. */
  z.object({ op: z.literal('organization'), organization: json.nullable() }).strict(),
  /** Add an SCP / RCP to the organization and attach it to nodes (root / OU ids / account ids). */
  z
    .object({
      op: z.literal('org-policy'),
      id: z.string(),
      type: z.enum(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']),
      name: z.string().optional(),
      content: policy,
      attachTo: z.array(z.string()).min(1),
    })
    .strict(),
  /** Detach a policy id from org nodes. */
  z.object({ op: z.literal('org-detach'), policyId: z.string(), from: z.array(z.string()).min(1) }).strict(),
]);
export type WorldPatch = z.infer<typeof worldPatch>;

// ───────────────────────────── expectations ─────────────────────────────

export const conditionExpect = z
  .object({
    /** Which check's evidence to search; default: every check. */
    check: checkId.optional(),
    operator: z.string().optional(),
    key: z.string(),
    policyValues: z.array(z.string()).optional(),
    requestValues: z.array(z.string()).optional(),
    matched: z.boolean().optional(),
    keyMissing: z.boolean().optional(),
  })
  .strict();

export const checkExpect = z
  .object({
    status: z.enum(CHECK_STATUSES).optional(),
    denial: z.enum(['explicit', 'implicit']).optional(),
    /** Fragments the summary must contain (case-sensitive): a Sid, a key, the values compared. */
    summaryIncludes: z.array(z.string()).optional(),
    disputed: z.boolean().optional(),
    rulesInclude: z.array(z.string()).optional(),
    /** Some evidence statement of this check has this Sid. */
    evidenceSid: z.string().optional(),
    /** Some evidence statement matched its principal this way (account, user-arn, role-arn, session-arn, wildcard, …). */
    principalMatchedBy: z.string().optional(),
  })
  .strict();

/**
 * What the diagnosis' fixes say: fragments (case-sensitive) that some fix's title, warning or
 * explanation must contain, and title fragments no fix may have (advice that must not be offered).
 */
export const fixesExpect = z
  .object({
    titleIncludes: z.array(z.string()).optional(),
    titleExcludes: z.array(z.string()).optional(),
    warningIncludes: z.array(z.string()).optional(),
    explanationIncludes: z.array(z.string()).optional(),
  })
  .strict();

export const caseExpect = z
  .object({
    decision: z.enum(['allowed', 'denied', 'invalid', 'inconclusive']),
    failedChecks: z.array(checkId),
    checks: z.record(z.string(), checkExpect).optional(),
    awsError: z
      .object({ code: z.string(), message: z.string().optional(), messageIncludes: z.array(z.string()).optional() })
      .strict()
      .optional(),
    /** The diagnosis has no awsError (allowed calls). */
    noAwsError: z.boolean().optional(),
    conditions: z.array(conditionExpect).optional(),
    /** Keys (any case) the diagnosis must name in unknownContextKeys; an empty list: it names none. */
    unknownContextKeys: z.array(z.string()).optional(),
    /** Context keys the diagnosis used: values (order-insensitive), or null for "absent". */
    context: z.record(z.string(), z.array(z.string()).nullable()).optional(),
    /** Malformed statements reported: at least this many, and fragments of their messages. */
    problems: z.object({ min: z.number().int().min(1), messageIncludes: z.array(z.string()).optional() }).strict().optional(),
    fixes: fixesExpect.optional(),
    /** Set false (with a reason) when applying the diagnosis' fixes cannot reach "allowed". */
    fixesReachAllowed: z.boolean().optional(),
    reason: z.string().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.fixesReachAllowed === false && !value.reason) {
      ctx.addIssue({ code: 'custom', message: 'fixesReachAllowed: false needs a reason', path: ['reason'] });
    }
    if (value.decision === 'allowed' && value.failedChecks.length > 0) {
      ctx.addIssue({ code: 'custom', message: 'an allowed case cannot have failed checks', path: ['failedChecks'] });
    }
    if ((value.decision === 'denied' || value.decision === 'invalid') && value.failedChecks.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'a denied / invalid case names its failed checks', path: ['failedChecks'] });
    }
  });

export const corpusCase = z
  .object({
    name: z.string().min(3),
    rules: z.array(z.string().regex(RULE_ID, 'expected a rule id R-01…R-64, R-16b, P-01 or P-02')).min(1),
    note: z.string().optional(),
    patches: z.array(worldPatch).optional(),
    /**
     * A CloudTrail record to replay: the request is read from it with requestFromEvent, and
     * `request` then only adds what the record cannot hold (an ExternalId, SAML attributes, …).
     * File defaults do not apply to replayed cases.
     */
    event: json.optional(),
    request: corpusRequest,
    expect: caseExpect,
  })
  .strict();
export type CorpusCase = z.infer<typeof corpusCase>;

export const corpusFile = z
  .object({
    description: z.string().optional(),
    /** A world name (fixtures/engine/worlds/<name>.json) or an inline snapshot. */
    world: z.union([z.string().regex(/^[a-z0-9-]+$/), json]),
    /** Patches applied to the world before every case. */
    patches: z.array(worldPatch).optional(),
    /** Merged under every case's request. */
    defaults: corpusRequest.optional(),
    cases: z.array(corpusCase).min(1),
  })
  .strict();
export type CorpusFile = z.infer<typeof corpusFile>;
