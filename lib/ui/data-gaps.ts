// What the current snapshot says could not be read, in words for people. The pull and the
// imports record these gaps (`accounts[].unavailable`, `unavailableAccounts`,
// `organization.unavailable`, `organization.membershipUnknown`); the engine already answers
// 'unknown' for them, and this view lets the dashboard and the CLI say so before anyone reads a
// verdict. Pure: a snapshot in, a list out. Reasons and part names come from AWS error messages
// or imported files: callers render them as text only.

import type { Snapshot } from '@/lib/engine/types';

/** The kinds of gap this version knows how to explain; anything else is `other` and still shown. */
export type DataGapKind =
  | 'organization'
  | 'organization-membership'
  | 'account'
  | 'cloudtrail'
  | 'max-session-duration'
  | 'authorization-details'
  | 'oidc-providers'
  | 'saml-providers'
  | 'other';

export interface DataGap {
  kind: DataGapKind;
  /** 'organization', or the account id the gap is in. */
  scope: string;
  /** The region the part names (`cloudTrail:us-east-1`), when it names one. */
  region?: string;
  /** Where, for people: "organization o-abc", "account 111111111111, us-east-1". */
  where: string;
  /** What was not read, in plain words (the raw part name for a part this version does not know). */
  what: string;
  /** The recorded reason, as recorded. */
  reason: string;
  missingPermission?: string;
  /** The reason, and the missing permission when one is given. */
  why: string;
  /** What it means for verdicts, in one short phrase. */
  meaning: string;
}

/** Per known account part: what it is, and what its absence does to verdicts. */
const PARTS = {
  maxSessionDuration: {
    kind: 'max-session-duration',
    what: 'MaxSessionDuration of roles',
    meaning: "durations above one hour are answered 'inconclusive'",
  },
  authorizationDetails: {
    kind: 'authorization-details',
    what: 'IAM roles, users and policies (GetAccountAuthorizationDetails)',
    // role-exists, and the caller's identity policies, answer 'unknown' for what this account's
    // data lacks when the part is recorded (fixtures/engine/data-gaps/unread-parts.json).
    meaning: "a role, user or policy missing from the data is answered 'unknown', not 'does not exist'",
  },
  openIdConnectProviders: {
    kind: 'oidc-providers',
    what: 'OIDC identity providers',
    meaning: "web identity checks for this account are answered 'unknown'",
  },
  samlProviders: {
    kind: 'saml-providers',
    what: 'SAML identity providers',
    meaning: "SAML checks for this account are answered 'unknown'",
  },
} as const satisfies Record<string, { kind: DataGapKind; what: string; meaning: string }>;

const CLOUDTRAIL_MEANING = 'failed calls from this region may be missing from the list';
const ACCOUNT_MEANING = "checks that need this account are answered 'unknown'";
const ORGANIZATION_MEANING = 'SCPs, RCPs and aws:PrincipalOrgID are unknown';
const MEMBERSHIP_MEANING = 'SCPs, RCPs and aws:PrincipalOrgID are unknown for this account';
const OTHER_MEANING = 'verdicts that need it may be incomplete';

/** `name:region` (e.g. `cloudTrail:us-east-1`, `cloudTrail:us-gov-west-1`). */
const REGIONAL_PART = /^([^:]+):([a-z]{2}(?:-[a-z]+)+-\d+)$/;

function whyOf(reason: string, missingPermission: string | undefined): string {
  return missingPermission ? `${reason} (missing permission: ${missingPermission})` : reason;
}

function accountWhere(accountId: string, region?: string): string {
  return `account ${accountId}${region ? `, ${region}` : ''}`;
}

function partGap(accountId: string, part: string, reason: string, missingPermission: string | undefined): DataGap {
  const regional = REGIONAL_PART.exec(part);
  const name = regional ? regional[1] : part;
  const region = regional?.[2];
  const base = { scope: accountId, ...(region ? { region } : {}), where: accountWhere(accountId, region), reason, ...(missingPermission ? { missingPermission } : {}), why: whyOf(reason, missingPermission) };
  if (name === 'cloudTrail' && region) return { ...base, kind: 'cloudtrail', what: `CloudTrail events in ${region}`, meaning: CLOUDTRAIL_MEANING };
  if (!regional && Object.hasOwn(PARTS, part)) {
    const known = PARTS[part as keyof typeof PARTS];
    return { ...base, kind: known.kind, what: known.what, meaning: known.meaning };
  }
  return { ...base, kind: 'other', what: part, meaning: OTHER_MEANING };
}

/**
 * Every gap the snapshot records, never dropping one it does not recognise: the organization
 * first, then the accounts by id (unreachable accounts and accounts read in part alike), each
 * account's parts in the order they were recorded.
 */
export function dataGaps(snapshot: Snapshot): DataGap[] {
  const gaps: DataGap[] = [];
  const org = snapshot.organization;
  if (org?.unavailable !== undefined) {
    gaps.push({
      kind: 'organization',
      scope: 'organization',
      where: org.id ? `organization ${org.id}` : 'organization',
      what: "the organization's structure, SCPs and RCPs",
      reason: org.unavailable,
      why: org.unavailable,
      meaning: ORGANIZATION_MEANING,
    });
  }

  const byAccount = new Map<string, DataGap[]>();
  const add = (accountId: string, gap: DataGap) => byAccount.set(accountId, [...(byAccount.get(accountId) ?? []), gap]);
  for (const unreachable of snapshot.unavailableAccounts ?? []) {
    add(unreachable.accountId, {
      kind: 'account',
      scope: unreachable.accountId,
      where: accountWhere(unreachable.accountId),
      what: unreachable.roleArn ? `the whole account (through ${unreachable.roleArn})` : 'the whole account',
      reason: unreachable.reason,
      ...(unreachable.missingPermission ? { missingPermission: unreachable.missingPermission } : {}),
      why: whyOf(unreachable.reason, unreachable.missingPermission),
      meaning: ACCOUNT_MEANING,
    });
  }
  for (const unknown of org?.membershipUnknown ?? []) {
    add(unknown.accountId, {
      kind: 'organization-membership',
      scope: unknown.accountId,
      where: accountWhere(unknown.accountId),
      what: 'whether the account is in the organization',
      reason: unknown.reason,
      why: unknown.reason,
      meaning: MEMBERSHIP_MEANING,
    });
  }
  for (const account of snapshot.accounts) {
    for (const { part, reason, missingPermission } of account.unavailable ?? []) add(account.accountId, partGap(account.accountId, part, reason, missingPermission));
  }
  // Plain code-unit order: account ids are digits, and the order must not depend on the locale.
  for (const accountId of [...byAccount.keys()].sort()) gaps.push(...byAccount.get(accountId)!);
  return gaps;
}

/** The gaps as plain lines, for the CLI: "account 1…, us-east-1: CloudTrail events in us-east-1 not read — …". */
export function dataGapLines(gaps: DataGap[]): string[] {
  // One line per gap whatever a reason holds: reasons come from AWS errors or imported files, and a
  // newline in one must not print a line of its own (it could pass for a result line).
  const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
  return gaps.map((gap) => oneLine(`${gap.where}: ${gap.what} not read (${gap.why}); ${gap.meaning}`));
}
