// The roles list and the role page's data, from a snapshot. Pure.

import { maxSessionOf, organizationAccountIds, roleFindings, readPolicyDocument, trustStatements, type Finding, type FindingOptions } from '@/lib/findings';
import { isFailedStsEvent, isStsAssumeEvent, unwrapCloudTrailEvent } from '@/lib/engine/cloudtrail';
import type { CloudTrailEvent, RoleDetail, Snapshot, SnapshotAccount } from '@/lib/engine/types';
import { callerLabel, callLinks } from './incidents';
import { replayCall, withoutRoleAccountCopies, type RequestOverrides } from './replay';

export interface RoleRow {
  accountId: string;
  alias?: string;
  name: string;
  arn: string;
  path: string;
  /** Seconds; undefined when the snapshot could not read it (ListRoles refused, or imported IAM files, which never carry it). */
  maxSessionDuration: number | undefined;
  serviceLinked: boolean;
  /** Who the trust policy names, as written; undefined when the trust policy could not be read. */
  trusted: string[] | undefined;
  findings: Finding[];
}

export function roleRow(account: Pick<SnapshotAccount, 'accountId' | 'alias' | 'unavailable'>, role: RoleDetail, options: FindingOptions = {}): RoleRow {
  const { accountId, alias } = account;
  const document = readPolicyDocument(role.AssumeRolePolicyDocument);
  const trusted = document
    ? [...new Set(trustStatements(document).filter((statement) => statement.effect === 'Allow').flatMap((statement) => statement.principals.map((principal) => principal.value)))]
    : undefined;
  return {
    accountId,
    alias,
    name: role.RoleName,
    arn: role.Arn,
    path: role.Path ?? '/',
    maxSessionDuration: maxSessionOf(role, account),
    serviceLinked: (role.Path ?? '').startsWith('/aws-service-role/'),
    trusted,
    findings: roleFindings(role, accountId, options),
  };
}

/** What the findings need to know about the snapshot: which accounts form the organization. */
export function findingOptions(snapshot: Snapshot): FindingOptions {
  const root = snapshot.organization?.root;
  return root && !snapshot.organization?.unavailable ? { organizationAccounts: organizationAccountIds(root) } : {};
}

export function listRoles(snapshot: Snapshot, query = ''): RoleRow[] {
  const needle = query.trim().toLowerCase();
  const options = findingOptions(snapshot);
  const rows: RoleRow[] = [];
  for (const account of snapshot.accounts) {
    for (const role of account.authorizationDetails.RoleDetailList ?? []) {
      const row = roleRow(account, role, options);
      if (needle) {
        const haystack = [row.name, row.arn, row.accountId, row.alias ?? '', ...(row.trusted ?? [])].join('\n').toLowerCase();
        if (!haystack.includes(needle)) continue;
      }
      rows.push(row);
    }
  }
  return rows.sort((a, b) => a.accountId.localeCompare(b.accountId) || a.name.localeCompare(b.name));
}

export interface RoleEvent {
  eventId: string;
  time: string;
  action: string;
  caller: string;
  errorCode?: string;
  errorMessage?: string;
  href?: string;
  /** The record names no caller of an sts:AssumeRole: `href` is the request form, prefilled, to give it. */
  needsCaller?: boolean;
  /** The role ARN as the call wrote it, when it spells this role differently (case or path). */
  writtenRoleArn?: string;
}

/** account id and lowercased name of a role ARN (`arn:…:iam::ACCOUNT:role/PATH/NAME`), or undefined. */
function roleKey(arn: string): string | undefined {
  const match = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return match ? `${match[1]}/${match[2].toLowerCase()}` : undefined;
}

/**
 * AssumeRole* calls on this role in the snapshot's CloudTrail records, newest first. A call that
 * spells the role differently (another case or path: IAM role names are unique per account
 * whatever their case) is listed too, with the ARN it wrote: it is most likely meant for this role,
 * and its diagnosis says AWS does not document whether STS accepts that spelling.
 */
export function roleEvents(
  snapshot: Snapshot,
  roleArn: string,
  limit = 25,
  overrides: RequestOverrides = new Map(),
): RoleEvent[] {
  const key = roleKey(roleArn);
  const matching: { record: CloudTrailEvent; written: string }[] = [];
  for (const event of snapshot.events ?? []) {
    const record = unwrapCloudTrailEvent(event) as CloudTrailEvent | undefined;
    if (!record || !isStsAssumeEvent(record)) continue;
    const written = (record.requestParameters as { roleArn?: unknown } | undefined)?.roleArn;
    if (typeof written !== 'string' || (written !== roleArn && (key === undefined || roleKey(written) !== key))) continue;
    matching.push({ record, written });
  }
  // One call once (the caller's copy of a cross-account call), newest first; only the listed ones are replayed.
  const kept = new Set(withoutRoleAccountCopies(matching.map((entry) => entry.record)));
  const newest = matching.filter((entry) => kept.has(entry.record)).sort((a, b) => String(b.record.eventTime ?? '').localeCompare(String(a.record.eventTime ?? ''))).slice(0, limit);
  return newest.map(({ record, written }) => {
    const identity = (record.userIdentity ?? {}) as { type?: string; arn?: string; principalId?: string };
    let href: string | undefined;
    let needsCaller = false;
    let caller = identity.arn ?? `${identity.type ?? 'unknown'}${identity.principalId ? ` ${identity.principalId}` : ''}`;
    try {
      const { request } = replayCall(record, overrides);
      // As the incident list does: a call without its caller goes to the form, not to a diagnosis that can only fail.
      const links = callLinks(request);
      needsCaller = !links.diagnosable;
      href = links.diagnosable ? links.href : links.completeHref;
      // Named as the incident list names it (SAML callers included).
      caller = callerLabel(request, identity.type, identity.principalId);
    } catch {
      // listed without a Diagnose link
    }
    return {
      eventId: String(record.eventID ?? ''),
      time: String(record.eventTime ?? ''),
      action: String(record.eventName ?? ''),
      caller,
      errorCode: isFailedStsEvent(record) ? String(record.errorCode) : undefined,
      errorMessage: typeof record.errorMessage === 'string' ? record.errorMessage : undefined,
      href,
      ...(needsCaller ? { needsCaller } : {}),
      ...(written !== roleArn ? { writtenRoleArn: written } : {}),
    };
  });
}
