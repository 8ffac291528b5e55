// Imports: turning files engineers already have into a snapshot. Pure functions over strings
// and buffers (the fs walker lives in ./files.ts). Understood inputs:
//   - `aws iam get-account-authorization-details` output (CLI JSON, policy documents as objects)
//   - CloudTrail log files as S3 holds them ({"Records": [...]}, .json or .json.gz)
//   - `aws cloudtrail lookup-events` output ({"Events": [{"CloudTrailEvent": "<json string>"}]})
//   - snapshot files (assumerole-doctor/snapshot@1), e.g. from `doctor pull --out` or exportSnapshot
// Every failure is a DoctorError naming the file and the field.

import { gunzipSync } from 'node:zlib';
import { isIsoTime } from '@/lib/engine/conditions/date/parse-date';
import { DoctorError } from '@/lib/errors';
import { assertJsonDepth, MAX_JSON_DEPTH } from '@/lib/input';
import {
  SNAPSHOT_FORMAT,
  type AuthorizationDetails,
  type CloudTrailEvent,
  type Snapshot,
  type SnapshotAccount,
} from '@/lib/engine/types';

export type ImportKind = 'snapshot' | 'authorization-details' | 'cloudtrail-log' | 'lookup-events';

/** A file's bytes are refused beyond this (compressed or not). */
export const MAX_IMPORT_FILE_BYTES = 200 * 1024 * 1024;
/** A .gz file may not expand beyond this. */
export const MAX_DECOMPRESSED_BYTES = 400 * 1024 * 1024;

export const ASSUME_ROLE_EVENT_NAMES = new Set(['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']);

export interface ParsedImport {
  file: string;
  kind: ImportKind;
  /** authorization-details: the account and its data; snapshot: all of it. */
  accounts: SnapshotAccount[];
  events: CloudTrailEvent[];
  organization?: Snapshot['organization'];
  /** snapshot: accounts its live pull could not reach (F8). */
  unavailableAccounts?: Snapshot['unavailableAccounts'];
  capturedAt?: string;
  /**
   * authorization-details: the file is one page of several (IsTruncated, or a Marker / NextToken
   * as the CLI prints with --max-items), so entities may be missing from it.
   */
  partial?: boolean;
  /** Records in the file that were not STS AssumeRole* calls (skipped). */
  skippedRecords: number;
  warnings: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Bytes → text: gunzips .gz files (or gzip magic bytes), refuses oversized input. */
export function decodeImportFile(file: string, data: Buffer | Uint8Array | string, maxDecompressedBytes = MAX_DECOMPRESSED_BYTES): string {
  if (typeof data === 'string') {
    if (data.length > MAX_IMPORT_FILE_BYTES) throw new DoctorError('too-large', `${file} is larger than ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB`, file);
    return data;
  }
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.length > MAX_IMPORT_FILE_BYTES) throw new DoctorError('too-large', `${file} is larger than ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB`, file);
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (gzipped) {
    try {
      return gunzipSync(bytes, { maxOutputLength: maxDecompressedBytes }).toString('utf8');
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger/.test(String((error as Error).message))) {
        throw new DoctorError('too-large', `${file} expands to more than ${Math.round(maxDecompressedBytes / 1024 / 1024)} MB`, file);
      }
      throw new DoctorError('bad-json', `${file} is not a readable gzip file: ${(error as Error).message}`, file);
    }
  }
  if (file.endsWith('.gz')) throw new DoctorError('bad-json', `${file} ends in .gz but is not gzip-compressed`, file);
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

export function parseJsonFile(file: string, text: string): unknown {
  // Checked before parsing, as the CLI and the API check what they read: a file nesting thousands
  // of levels would otherwise reach the recursive walks (and JSON.stringify) behind the import.
  assertJsonDepth(text, MAX_JSON_DEPTH, file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DoctorError('bad-json', `${file} is not valid JSON: ${(error as Error).message}`, file);
  }
}

export function detectImportKind(value: unknown): ImportKind | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.format === 'string' && value.format.startsWith('assumerole-doctor/snapshot')) return 'snapshot';
  if (Array.isArray(value.Records)) return 'cloudtrail-log';
  if (Array.isArray(value.Events)) return 'lookup-events';
  if (['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].some((k) => Array.isArray(value[k]))) return 'authorization-details';
  return undefined;
}

const ACCOUNT_IN_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):/;

/** The one account whose entities an authorization-details document describes. */
function accountOfDetails(file: string, details: AuthorizationDetails): string | undefined {
  const seen = new Map<string, number>();
  const note = (arn: unknown) => {
    const match = typeof arn === 'string' ? ACCOUNT_IN_ARN.exec(arn) : null;
    if (match) seen.set(match[1], (seen.get(match[1]) ?? 0) + 1);
  };
  for (const list of [details.UserDetailList, details.GroupDetailList, details.RoleDetailList, details.Policies]) {
    for (const item of list ?? []) note((item as { Arn?: unknown }).Arn);
  }
  if (seen.size > 1) {
    throw new DoctorError(
      'bad-snapshot',
      `${file} mixes entities of several accounts (${[...seen.keys()].join(', ')}); import one get-account-authorization-details output per account`,
      file,
    );
  }
  return [...seen.keys()][0];
}

function checkList(file: string, value: Record<string, unknown>, list: string, required: string[]): void {
  const items = value[list];
  if (items === undefined) return;
  if (!Array.isArray(items)) throw new DoctorError('bad-snapshot', `${file}: ${list} must be a list`, `${list}`);
  items.forEach((item, i) => {
    if (!isObject(item)) throw new DoctorError('bad-snapshot', `${file}: ${list}[${i}] must be an object`, `${list}[${i}]`);
    for (const field of required) {
      if (typeof item[field] !== 'string' || item[field] === '') {
        throw new DoctorError('bad-snapshot', `${file}: ${list}[${i}].${field} is missing (expected a string)`, `${list}[${i}].${field}`);
      }
    }
  });
}

/** `aws iam get-account-authorization-details` output (several pages of one account may be merged by the caller). */
export function parseAuthorizationDetails(file: string, value: unknown, accountIdHint?: string): ParsedImport {
  if (!isObject(value)) throw new DoctorError('bad-snapshot', `${file}: expected the JSON object that get-account-authorization-details prints`, file);
  checkList(file, value, 'UserDetailList', ['UserName', 'Arn']);
  checkList(file, value, 'GroupDetailList', ['GroupName', 'Arn']);
  checkList(file, value, 'RoleDetailList', ['RoleName', 'Arn']);
  checkList(file, value, 'Policies', ['PolicyName', 'Arn']);
  const details: AuthorizationDetails = {
    UserDetailList: (value.UserDetailList as AuthorizationDetails['UserDetailList']) ?? [],
    GroupDetailList: (value.GroupDetailList as AuthorizationDetails['GroupDetailList']) ?? [],
    RoleDetailList: (value.RoleDetailList as AuthorizationDetails['RoleDetailList']) ?? [],
    Policies: (value.Policies as AuthorizationDetails['Policies']) ?? [],
  };
  const fromFileName = /(?:^|[^\d])(\d{12})(?:[^\d]|$)/.exec(file.split(/[\\/]/).pop() ?? '')?.[1];
  const accountId = accountOfDetails(file, details) ?? accountIdHint ?? fromFileName;
  if (!accountId) {
    throw new DoctorError('bad-snapshot', `${file}: cannot tell which account this is (it holds no account ARNs); put the 12-digit account id in the file name`, file);
  }
  const warnings: string[] = [];
  // The API pages with IsTruncated + Marker; the CLI's --max-items prints a top-level NextToken
  // instead (and no IsTruncated). Either means more entities exist than the file holds.
  const marker = typeof value.NextToken === 'string' ? 'NextToken' : typeof value.Marker === 'string' && value.IsTruncated !== false ? 'Marker' : undefined;
  const partial = value.IsTruncated === true || marker !== undefined;
  if (partial) {
    const why = value.IsTruncated === true ? 'IsTruncated is true' : `it ends with a ${marker}`;
    warnings.push(`${file} is one page of several (${why}): run the command without --max-items, or import every page`);
  }
  const account: SnapshotAccount = { accountId, authorizationDetails: details };
  // RoleDetail carries no MaxSessionDuration (only ListRoles / GetRole return it): unless the file
  // was edited to hold it for every role, each role's maximum is unknown, not the 3600 default.
  if ((details.RoleDetailList ?? []).some((r) => r.MaxSessionDuration === undefined)) {
    account.unavailable = [{ part: 'maxSessionDuration', reason: MAX_SESSION_NOT_IMPORTED }];
  }
  return { file, kind: 'authorization-details', accounts: [account], events: [], ...(partial ? { partial } : {}), skippedRecords: 0, warnings };
}

/** The reason on an account whose authorization details were imported from some pages only. */
export const PARTIAL_IMPORT_REASON =
  'partial import: only some pages of get-account-authorization-details were imported (the last page, without IsTruncated / Marker / NextToken, is missing), so roles, users and policies may be missing';

/** Why an import's organization is unknown. */
export const ORGANIZATION_NOT_IMPORTED =
  'the organization was not imported: the imported files say nothing about which organization the accounts are in, its SCPs or RCPs';

/** Why an imported account's MaxSessionDuration is unknown. */
export const MAX_SESSION_NOT_IMPORTED =
  'get-account-authorization-details output does not carry MaxSessionDuration (only iam:ListRoles and iam:GetRole return it)';

/** Parts unavailable in either copy of an account stay unavailable; one entry per part. */
function unionUnavailable(a: SnapshotAccount['unavailable'], b: SnapshotAccount['unavailable']): SnapshotAccount['unavailable'] {
  const byPart = new Map<string, NonNullable<SnapshotAccount['unavailable']>[number]>();
  for (const u of [...(a ?? []), ...(b ?? [])]) if (!byPart.has(u.part)) byPart.set(u.part, u);
  return byPart.size > 0 ? [...byPart.values()] : undefined;
}

function isAssumeRoleRecord(record: Record<string, unknown>): boolean {
  return record.eventSource === 'sts.amazonaws.com' && ASSUME_ROLE_EVENT_NAMES.has(String(record.eventName));
}

function checkRecord(file: string, field: string, record: unknown): Record<string, unknown> {
  if (!isObject(record)) throw new DoctorError('bad-snapshot', `${file}: ${field} must be a CloudTrail record (an object)`, `${field}`);
  return record;
}

/** A CloudTrail log file: `{"Records": [...]}`. Keeps the STS AssumeRole* records. */
export function parseCloudTrailLog(file: string, value: unknown): ParsedImport {
  if (!isObject(value) || !Array.isArray(value.Records)) {
    throw new DoctorError('bad-snapshot', `${file}: expected a CloudTrail log file ({"Records": [...]})`, `Records`);
  }
  const events: CloudTrailEvent[] = [];
  value.Records.forEach((raw, i) => {
    const record = checkRecord(file, `Records[${i}]`, raw);
    if (isAssumeRoleRecord(record)) events.push(record);
  });
  return { file, kind: 'cloudtrail-log', accounts: [], events, skippedRecords: value.Records.length - events.length, warnings: [] };
}

/** `aws cloudtrail lookup-events` output: each CloudTrailEvent is a JSON string. */
export function parseLookupEvents(file: string, value: unknown): ParsedImport {
  if (!isObject(value) || !Array.isArray(value.Events)) {
    throw new DoctorError('bad-snapshot', `${file}: expected lookup-events output ({"Events": [...]})`, `Events`);
  }
  const events: CloudTrailEvent[] = [];
  let skipped = 0;
  value.Events.forEach((raw, i) => {
    const entry = checkRecord(file, `Events[${i}]`, raw);
    const text = entry.CloudTrailEvent;
    if (typeof text !== 'string') {
      throw new DoctorError('bad-snapshot', `${file}: Events[${i}].CloudTrailEvent is missing (expected the record as a JSON string)`, `Events[${i}].CloudTrailEvent`);
    }
    let record: unknown;
    try {
      assertJsonDepth(text, MAX_JSON_DEPTH, `Events[${i}].CloudTrailEvent`);
    } catch (error) {
      throw error instanceof DoctorError ? new DoctorError(error.code, `${file}: ${error.message}`, error.field) : error;
    }
    try {
      record = JSON.parse(text);
    } catch (error) {
      throw new DoctorError('bad-json', `${file}: Events[${i}].CloudTrailEvent is not valid JSON: ${(error as Error).message}`, `Events[${i}].CloudTrailEvent`);
    }
    const parsed = checkRecord(file, `Events[${i}].CloudTrailEvent`, record);
    if (isAssumeRoleRecord(parsed)) events.push(parsed);
    else skipped++;
  });
  const warnings = typeof value.NextToken === 'string' ? [`${file} ends with a NextToken: more events exist than the file holds`] : [];
  return { file, kind: 'lookup-events', accounts: [], events, skippedRecords: skipped, warnings };
}

/** A snapshot file. Shape only; the engine validates the contents when it loads the snapshot. */
export function parseSnapshotFile(file: string, value: unknown): ParsedImport {
  if (!isObject(value)) throw new DoctorError('bad-snapshot', `${file}: expected a snapshot object`, file);
  if (value.format !== SNAPSHOT_FORMAT) {
    throw new DoctorError('bad-snapshot', `${file}: format is ${JSON.stringify(value.format)}, expected "${SNAPSHOT_FORMAT}"`, `format`);
  }
  if (!Array.isArray(value.accounts)) throw new DoctorError('bad-snapshot', `${file}: accounts must be a list`, `accounts`);
  value.accounts.forEach((account, i) => {
    if (!isObject(account) || typeof account.accountId !== 'string' || !/^\d{12}$/.test(account.accountId)) {
      throw new DoctorError('bad-snapshot', `${file}: accounts[${i}].accountId must be a 12-digit account id`, `accounts[${i}].accountId`);
    }
    if (!isObject(account.authorizationDetails)) {
      throw new DoctorError('bad-snapshot', `${file}: accounts[${i}].authorizationDetails must be an object`, `accounts[${i}].authorizationDetails`);
    }
  });
  if (value.events !== undefined && !Array.isArray(value.events)) throw new DoctorError('bad-snapshot', `${file}: events must be a list`, `events`);
  // It becomes the combined snapshot's capturedAt, shown on every page and part of the export's file name.
  if (value.capturedAt !== undefined && (typeof value.capturedAt !== 'string' || !isIsoTime(value.capturedAt))) {
    const shown = JSON.stringify(value.capturedAt)?.slice(0, 60) ?? String(value.capturedAt);
    throw new DoctorError('bad-snapshot', `${file}: capturedAt is ${shown}, expected an ISO 8601 time such as 2026-11-22T09:00:00Z`, 'capturedAt');
  }
  const events = ((value.events as unknown[] | undefined) ?? []).map((e, i) => checkRecord(file, `events[${i}]`, e));
  return {
    file,
    kind: 'snapshot',
    accounts: value.accounts as SnapshotAccount[],
    events,
    organization: value.organization as Snapshot['organization'],
    ...(Array.isArray(value.unavailableAccounts) ? { unavailableAccounts: value.unavailableAccounts as Snapshot['unavailableAccounts'] } : {}),
    capturedAt: value.capturedAt as string | undefined,
    skippedRecords: 0,
    warnings: [],
  };
}

/** Any supported file, recognised by its contents. */
export interface ImportOptions {
  /** The account of an authorization-details file that names none. */
  accountId?: string;
  maxDecompressedBytes?: number;
  /**
   * The user states the imported accounts are in no organization (CLI `--no-organization`).
   * Without it, an import that carries no organization data marks the organization unavailable.
   */
  noOrganization?: boolean;
}

export function parseImportFile(file: string, data: Buffer | Uint8Array | string, options: ImportOptions = {}): ParsedImport {
  return parseImportValue(file, parseJsonFile(file, decodeImportFile(file, data, options.maxDecompressedBytes)), options);
}

/** An already-parsed JSON value of a file. */
export function parseImportValue(file: string, value: unknown, options: ImportOptions = {}): ParsedImport {
  switch (detectImportKind(value)) {
    case 'snapshot':
      return parseSnapshotFile(file, value);
    case 'cloudtrail-log':
      return parseCloudTrailLog(file, value);
    case 'lookup-events':
      return parseLookupEvents(file, value);
    case 'authorization-details':
      return parseAuthorizationDetails(file, value, options.accountId);
    default:
      throw new DoctorError(
        'bad-snapshot',
        `${file} is not a file AssumeRole Doctor can import: expected a snapshot ("format"), get-account-authorization-details output ("RoleDetailList"…), a CloudTrail log ("Records") or lookup-events output ("Events")`,
        file,
      );
  }
}

function mergeDetails(into: AuthorizationDetails, from: AuthorizationDetails): AuthorizationDetails {
  const merge = <T extends { Arn: string }>(a: T[] = [], b: T[] = [], keep: (old: T, next: T) => T = (_, next) => next) => {
    const byArn = new Map(a.map((x) => [x.Arn, x]));
    for (const x of b) {
      const old = byArn.get(x.Arn);
      byArn.set(x.Arn, old ? keep(old, x) : x);
    }
    return [...byArn.values()];
  };
  return {
    UserDetailList: merge(into.UserDetailList, from.UserDetailList),
    GroupDetailList: merge(into.GroupDetailList, from.GroupDetailList),
    // A GAAD copy of a role has no MaxSessionDuration: keep the one an earlier file (a live pull) read.
    RoleDetailList: merge(into.RoleDetailList, from.RoleDetailList, (old, next) =>
      next.MaxSessionDuration === undefined && old.MaxSessionDuration !== undefined ? { ...next, MaxSessionDuration: old.MaxSessionDuration } : next,
    ),
    Policies: merge(into.Policies, from.Policies),
  };
}

export interface ImportSummary {
  files: { file: string; kind: ImportKind; accounts: string[]; events: number; skippedRecords: number }[];
  accounts: number;
  events: number;
  duplicateEvents: number;
  warnings: string[];
}

/**
 * One snapshot from many parsed files: accounts merged by id (pages of the same account's
 * authorization details join up), events deduplicated by eventID, the first organization kept.
 */
export function combineImports(
  parsed: ParsedImport[],
  capturedAt: string,
  options: Pick<ImportOptions, 'noOrganization'> = {},
): { snapshot: Snapshot; summary: ImportSummary } {
  if (parsed.length === 0) throw new DoctorError('bad-usage', 'nothing to import: no .json or .json.gz files were given');
  const accounts = new Map<string, SnapshotAccount>();
  const events = new Map<string, CloudTrailEvent>();
  let organization: Snapshot['organization'];
  let duplicateEvents = 0;
  let withoutId = 0;
  const warnings: string[] = [];
  // Per account: some imported page was partial / some source held the whole set (the last page,
  // a complete GAAD file, or a snapshot file).
  const partialPages = new Set<string>();
  const completeSets = new Set<string>();
  /** Accounts with a whole get-account-authorization-details file: it supersedes any earlier gap. */
  const completeFiles = new Set<string>();
  for (const item of parsed) {
    warnings.push(...item.warnings);
    for (const account of item.accounts) {
      const incomplete = item.partial || account.unavailable?.some((u) => u.part === 'authorizationDetails');
      (incomplete ? partialPages : completeSets).add(account.accountId);
      if (item.kind === 'authorization-details' && !item.partial) completeFiles.add(account.accountId);
    }
    if (item.organization && !organization) organization = item.organization;
    for (const account of item.accounts) {
      const existing = accounts.get(account.accountId);
      if (!existing) accounts.set(account.accountId, structuredClone(account));
      else {
        const unavailable = unionUnavailable(existing.unavailable, account.unavailable);
        const merged: SnapshotAccount =
          item.kind === 'authorization-details'
            ? { ...existing, authorizationDetails: mergeDetails(existing.authorizationDetails, account.authorizationDetails) }
            : { ...existing, ...structuredClone(account), authorizationDetails: mergeDetails(existing.authorizationDetails, account.authorizationDetails) };
        if (unavailable) merged.unavailable = unavailable;
        else delete merged.unavailable;
        accounts.set(account.accountId, merged);
      }
    }
    for (const event of item.events) {
      const id = typeof event.eventID === 'string' ? event.eventID : undefined;
      if (!id) {
        withoutId++;
        events.set(`\u0000${withoutId}`, event);
      } else if (events.has(id)) duplicateEvents++;
      else events.set(id, event);
    }
  }
  for (const [accountId, account] of accounts) {
    const kept = (account.unavailable ?? []).filter(
      (u) => !(u.part === 'authorizationDetails' && (completeFiles.has(accountId) || (completeSets.has(accountId) && u.reason === PARTIAL_IMPORT_REASON))),
    );
    if (partialPages.has(accountId) && !completeSets.has(accountId) && !kept.some((u) => u.part === 'authorizationDetails')) {
      kept.push({ part: 'authorizationDetails', reason: PARTIAL_IMPORT_REASON });
    }
    if (kept.length > 0) account.unavailable = kept;
    else delete account.unavailable;
  }
  // Which organization, if any, the accounts are in is only known from a snapshot file (a live
  // pull read it) or from the user. A GAAD file says nothing about membership, so absent that,
  // the organization is unknown, not "none": SCP, RCP and aws:PrincipalOrgID then answer unknown.
  const fromSnapshots = new Set(parsed.filter((p) => p.kind === 'snapshot').flatMap((p) => p.accounts.map((a) => a.accountId)));
  const membershipUnknown = [...accounts.keys()].filter((id) => !fromSnapshots.has(id));
  if (options.noOrganization) organization = undefined;
  else if (!organization && (membershipUnknown.length > 0 || fromSnapshots.size === 0)) {
    organization = { unavailable: ORGANIZATION_NOT_IMPORTED };
    warnings.push(
      'no organization data was imported, so SCPs, RCPs and aws:PrincipalOrgID / aws:PrincipalOrgPaths are unknown (checks that need them answer unknown); if these accounts are in no organization, say so when importing (doctor import --no-organization, or the upload\'s "no AWS organization" box)',
    );
  }
  // Accounts a pull could not reach stay unknown, with the reason, unless another file supplies them.
  const unreachable = new Map<string, NonNullable<Snapshot['unavailableAccounts']>[number]>();
  for (const item of parsed) {
    for (const u of item.unavailableAccounts ?? []) if (!accounts.has(u.accountId) && !unreachable.has(u.accountId)) unreachable.set(u.accountId, u);
  }
  const sorted = [...events.values()].sort((a, b) => String(b.eventTime ?? '').localeCompare(String(a.eventTime ?? '')));
  const snapshot: Snapshot = {
    format: SNAPSHOT_FORMAT,
    capturedAt: parsed.find((p) => p.kind === 'snapshot' && p.capturedAt)?.capturedAt ?? capturedAt,
    source: 'import',
    accounts: [...accounts.values()],
    ...(organization ? { organization } : {}),
    ...(unreachable.size > 0 ? { unavailableAccounts: [...unreachable.values()] } : {}),
    events: sorted,
  };
  const summary: ImportSummary = {
    files: parsed.map((p) => ({ file: p.file, kind: p.kind, accounts: p.accounts.map((a) => a.accountId), events: p.events.length, skippedRecords: p.skippedRecords })),
    accounts: snapshot.accounts.length,
    events: sorted.length,
    duplicateEvents,
    warnings,
  };
  const durationsUnread = snapshot.accounts.filter(
    (a) => a.unavailable?.some((u) => u.part === 'maxSessionDuration') && a.authorizationDetails.RoleDetailList?.some((r) => r.MaxSessionDuration === undefined),
  );
  if (durationsUnread.length > 0) {
    warnings.push(
      `MaxSessionDuration is not in get-account-authorization-details output, so it is unknown for the roles of ${durationsUnread.map((a) => a.accountId).join(', ')}: a DurationSeconds above 3600 answers unknown (a live pull reads it with iam:ListRoles)`,
    );
  }
  if (snapshot.accounts.length === 0) {
    warnings.push('no account data was imported (only events): checks that need IAM data will report unknown; add get-account-authorization-details output for the accounts involved');
  }
  return { snapshot, summary };
}

/**
 * The download name of an exported snapshot: `assumerole-doctor-snapshot-YYYY-MM-DD.json`, the day
 * taken only from a leading date of `capturedAt` (else today, UTC), so nothing else of the
 * snapshot's text can reach the Content-Disposition header (F6).
 */
export function snapshotFileName(capturedAt: string | undefined, now: Date = new Date()): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(capturedAt ?? '')?.[0] ?? now.toISOString().slice(0, 10);
  return `assumerole-doctor-snapshot-${day}.json`;
}

/** A snapshot as a file others can import (stable, indented JSON). */
export function exportSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify({ ...snapshot, format: SNAPSHOT_FORMAT }, null, 2)}\n`;
}
