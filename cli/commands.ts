// The CLI commands as functions returning what to print and the exit code, so the process
// wrapper (doctor.ts) stays thin.

import { decisionTreeMermaid, whoCanAssumeMermaid } from '@/lib/diagram';
import { diagnose, loadSnapshot, whoCanAssumeReport } from '@/lib/engine';
import { isFailedStsEvent, requestFromEvent, unwrapCloudTrailEvent } from '@/lib/engine/cloudtrail';
import { normaliseCode } from '@/lib/engine/paste';
import type { AwsPullConfig } from '@/lib/aws/config';
import type { CloudTrailEvent, Diagnosis, Snapshot } from '@/lib/engine/types';
import type { ImportSummary } from '@/lib/imports/parse';
import { DoctorError, toDoctorError } from '@/lib/errors';
import { dataGapLines, dataGaps } from '@/lib/ui/data-gaps';
import { formatDiagnosisText } from './format-text';
import { readJsonFile } from './io';

export interface CommandResult {
  exitCode: number;
  stdout?: string;
  stderr?: string;
  file?: { path: string; content: string };
}

type Options = Record<string, string | undefined>;

const FORMATS = ['json', 'text', 'mermaid'] as const;
type Format = (typeof FORMATS)[number];

function formatOption(options: Options, allowed: readonly Format[] = FORMATS): Format {
  const format = (options.format ?? 'json') as Format;
  if (!allowed.includes(format)) throw new DoctorError('bad-usage', `expected one of ${allowed.join(', ')}, got ${JSON.stringify(options.format)}`, '--format');
  return format;
}

async function loadSnapshotOption(options: Options): Promise<unknown> {
  if (options.snapshot) return readJsonFile(options.snapshot, 'the snapshot', '--snapshot');
  const { demoSnapshot } = await import('@/lib/demo');
  return demoSnapshot;
}

export function exitCodeFor(diagnosis: Diagnosis): number {
  return diagnosis.decision === 'allowed' ? 0 : 1;
}

export async function runCommand(command: string, options: Options, paths: string[] = []): Promise<CommandResult> {
  switch (command) {
    case 'diagnose':
      return diagnoseCommand(options);
    case 'replay':
      return replayCommand(options);
    case 'who-can-assume':
      return whoCanAssumeCommand(options);
    case 'pull':
      return pullCommand(options);
    case 'import':
      return importCommand(options, paths);
    case 'export':
      return exportCommand(options);
    default:
      throw new DoctorError('bad-usage', `unknown command ${JSON.stringify(command)}; expected diagnose, replay, who-can-assume, pull, import or export`);
  }
}

async function diagnoseCommand(options: Options): Promise<CommandResult> {
  const format = formatOption(options);
  if (!options.request) throw new DoctorError('bad-usage', 'is required: a request file, or - for stdin', '--request');
  const snapshot = await loadSnapshotOption(options);
  const request = await readJsonFile(options.request, 'the request', '--request');
  const diagnosis = diagnose(snapshot as Snapshot, request as never, { mode: 'full', now: new Date().toISOString() });
  const stdout =
    format === 'json' ? JSON.stringify(diagnosis, null, 2) : format === 'text' ? formatDiagnosisText(diagnosis) : (diagnosis.diagram?.mermaid ?? decisionTreeMermaid(diagnosis));
  return { exitCode: exitCodeFor(diagnosis), stdout };
}

interface ReplayEntry {
  eventId?: string;
  eventTime?: string;
  observedError?: { code?: string; message?: string };
  decision?: Diagnosis['decision'];
  failedChecks?: string[];
  /** Checks that answered unknown (an inconclusive replay names where it stopped). */
  unknownChecks?: string[];
  /** The context keys the record does not settle and the answer depends on. */
  unknownContextKeys?: string[];
  predictedError?: Diagnosis['awsError'];
  /** The predicted AWS error code equals the one CloudTrail recorded. */
  agrees?: boolean;
  gaps?: string[];
  error?: { code: string; message: string };
  diagnosis?: Diagnosis;
}

/** The replay entry for events[index] when it is no CloudTrail record (not an object, or text that is no JSON object). */
function notARecord(index: number): NonNullable<ReplayEntry['error']> {
  return { code: 'bad-request', message: new DoctorError('bad-request', 'expected a CloudTrail record (a JSON object)', `events[${index}]`).message };
}

async function replayCommand(options: Options): Promise<CommandResult> {
  const format = formatOption(options, ['json', 'text']);
  const snapshot = (await loadSnapshotOption(options)) as Snapshot;
  const events = Array.isArray(snapshot?.events) ? snapshot.events : [];
  // Read every record first: one held as JSON text that cannot be read (nested too deep) is
  // reported in its place, and left out of the snapshot the others are diagnosed against (the
  // snapshot refuses it whole, which would fail every other event with its error).
  const toReplay: ({ record: CloudTrailEvent; error?: undefined } | { record?: undefined; error: NonNullable<ReplayEntry['error']> })[] = [];
  const unreadable = new Set<number>();
  for (const [index, event] of events.entries()) {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      // Not a record at all: reported in its place, like a record that cannot be read.
      toReplay.push({ error: notARecord(index) });
      unreadable.add(index);
      continue;
    }
    try {
      if (!isFailedStsEvent(event)) continue;
      const record = unwrapCloudTrailEvent(event);
      toReplay.push(record ? { record } : { error: notARecord(index) });
    } catch (error) {
      const doctorError = toDoctorError(error);
      if (doctorError.code === 'internal') throw error;
      const field = doctorError.field?.replace(/^event\b/, `events[${index}]`);
      toReplay.push({ error: { code: doctorError.code, message: new DoctorError(doctorError.code, doctorError.reason, field).message } });
      unreadable.add(index);
    }
  }
  // A snapshot that cannot be read at all is the command's error (exit 2), not each event's.
  const loaded = loadSnapshot(unreadable.size ? { ...snapshot, events: events.filter((_, index) => !unreadable.has(index)) } : snapshot);
  const entries: ReplayEntry[] = [];
  for (const { record, error } of toReplay) {
    if (error) {
      entries.push({ error });
      continue;
    }
    try {
      const replay = requestFromEvent(record);
      const diagnosis = diagnose(loaded, replay.request, { mode: 'full', now: replay.observed.eventTime || new Date().toISOString() });
      entries.push({
        eventId: replay.observed.eventId,
        eventTime: replay.observed.eventTime,
        observedError: { code: replay.observed.errorCode, message: replay.observed.errorMessage },
        decision: diagnosis.decision,
        failedChecks: diagnosis.failedChecks,
        ...(diagnosis.decision === 'inconclusive'
          ? { unknownChecks: diagnosis.checks.filter((check) => check.status === 'unknown').map((check) => check.id), unknownContextKeys: diagnosis.unknownContextKeys ?? [] }
          : {}),
        predictedError: diagnosis.awsError,
        agrees: diagnosis.awsError?.code !== undefined && replay.observed.errorCode !== undefined && normaliseCode(diagnosis.awsError.code) === normaliseCode(replay.observed.errorCode),
        gaps: replay.gaps,
        diagnosis: format === 'json' ? diagnosis : undefined,
      });
    } catch (caught) {
      // One event that cannot be replayed (no role ARN, a bad request in it) must not stop the others.
      const doctorError = toDoctorError(caught);
      if (doctorError.code === 'internal') throw caught;
      entries.push({ eventId: typeof record?.eventID === 'string' ? record.eventID : undefined, error: { code: doctorError.code, message: doctorError.message } });
    }
  }
  // Entries that could not be replayed are listed too, but they are no replayed failed calls.
  const replayed = entries.filter((entry) => !entry.error).length;
  const notReplayed = entries.length - replayed;
  if (format === 'json') return { exitCode: 0, stdout: JSON.stringify({ replayed, ...(notReplayed ? { notReplayed } : {}), events: entries }, null, 2) };
  const lines = [`Replayed ${replayed} failed STS event(s).${notReplayed ? ` ${notReplayed} entr${notReplayed === 1 ? 'y' : 'ies'} could not be replayed (below).` : ''}`];
  for (const entry of entries) {
    if (entry.error) {
      lines.push(`- ${entry.eventId ?? '?'}: could not replay: ${entry.error.message}`);
      continue;
    }
    const head = `- ${entry.eventTime ?? '?'} ${entry.eventId}: CloudTrail ${entry.observedError?.code ?? '?'}; doctor`;
    if (entry.decision === 'inconclusive') {
      // No error is predicted: the record leaves facts unknown that the answer depends on.
      const keys = entry.unknownContextKeys?.length ? `; not known: ${entry.unknownContextKeys.join(', ')}` : '';
      lines.push(`${head} inconclusive (unknown at ${entry.unknownChecks?.join(', ') || '-'}${keys})`);
    } else {
      lines.push(`${head} ${entry.decision} at ${entry.failedChecks?.join(', ') || '-'}${entry.agrees ? '' : ` (predicted ${entry.predictedError?.code ?? 'no error'})`}`);
    }
    if (entry.gaps?.length) lines.push(`    record lacks: ${entry.gaps.join('; ')}`);
  }
  return { exitCode: 0, stdout: lines.join('\n') };
}

async function whoCanAssumeCommand(options: Options): Promise<CommandResult> {
  const format = formatOption(options);
  if (!options.role) throw new DoctorError('bad-usage', 'is required: the role ARN', '--role');
  const snapshot = await loadSnapshotOption(options);
  const report = roleOption(() => whoCanAssumeReport(snapshot, options.role!));
  const entries = report.principals;
  if (format === 'json') return { exitCode: 0, stdout: JSON.stringify({ roleArn: options.role, principals: entries, denials: report.denials }, null, 2) };
  if (format === 'mermaid') return { exitCode: 0, stdout: whoCanAssumeMermaid(entries, options.role, report.denials) };
  const conditionsText = (conditions: { key: string; operator: string; policyValues: string[] }[]) => conditions.map((condition) => `${condition.key} ${condition.operator} ${condition.policyValues.join(' | ')}`).join(' and ');
  const lines = [`Who can assume ${options.role}: ${entries.length} principal(s); the snapshot's principals each with the verdict of a plain sts:AssumeRole (no tags, external id or MFA)`];
  for (const entry of entries) {
    const conditions = conditionsText(entry.conditions);
    lines.push(`- ${entry.kind} ${entry.principal}${conditions ? ` when ${conditions}` : ''}${entry.needsIdentityPolicy ? ' (plus an identity allow in its account)' : ''}${entry.deleted ? ' (deleted principal, R-22)' : ''}`);
    if (entry.identityPolicyNote && !entry.needsIdentityPolicy) lines.push(`    ${entry.identityPolicyNote}`);
    for (const known of entry.knownPrincipals) lines.push(`    ${known.decision.padEnd(12)} ${known.arn}`);
    if (entry.knownPrincipalsTruncated) lines.push('    … more principals of the snapshot match than are listed here');
  }
  if (report.denials.length) lines.push(`Denied by the trust policy (an explicit deny wins, R-01):`);
  for (const denial of report.denials) {
    const conditions = conditionsText(denial.conditions);
    const who = denial.principals.map((p) => (p.principal === '*' ? 'everyone' : `${p.kind} ${p.principal}`)).join(', ');
    lines.push(`- ${denial.statement.sid ?? `statement ${denial.statement.index}`}: ${who} (${denial.actions.join(', ')})${conditions ? ` when ${conditions}` : ''}`);
  }
  return { exitCode: 0, stdout: lines.join('\n') };
}

/**
 * The engine names the role ARN by its field (`roleArn`); on the command line the user typed it
 * as `--role`, so a refusal of it names the option.
 */
function roleOption<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof DoctorError && error.field === 'roleArn') {
      throw new DoctorError(error.code, error.reason, '--role');
    }
    throw error;
  }
}

/**
 * What `doctor pull` pulls with: the environment read exactly as the web app reads it
 * (awsPullConfig: AWS_REGION or AWS_DEFAULT_REGION, DOCTOR_*, one default lookback), then each
 * flag given in place of its variable. A bad flag is named as the flag, a bad variable as the variable.
 */
export async function pullConfigFromOptions(options: Options, source: Record<string, string | undefined> = process.env): Promise<AwsPullConfig> {
  const { pullEnvValues } = await import('@/lib/env');
  const { awsPullConfig, parseAssumeRoleTargets, parseCloudTrailRegions, parseEndpoint, parseLookbackHours, parseRegion } = await import('@/lib/aws/config');
  const region = options.region !== undefined ? parseRegion(options.region, '--region') : undefined;
  // --region stands in for AWS_REGION, so CloudTrail regions default to it as they would to the variable.
  const config = awsPullConfig({ ...pullEnvValues(source), ...(region ? { AWS_REGION: region } : {}) });
  return {
    ...config,
    ...(options.profile !== undefined ? { profile: options.profile.trim() || undefined } : {}),
    ...(options.endpoint !== undefined ? { endpoint: parseEndpoint(options.endpoint, '--endpoint') } : {}),
    ...(options['assume-role'] !== undefined ? { assumeRoles: parseAssumeRoleTargets(options['assume-role'], '--assume-role') } : {}),
    ...(options['cloudtrail-regions'] !== undefined ? { cloudTrailRegions: parseCloudTrailRegions(options['cloudtrail-regions'], config.region, '--cloudtrail-regions') } : {}),
    ...(options['lookback-hours'] !== undefined ? { lookbackHours: parseLookbackHours(options['lookback-hours'], '--lookback-hours') } : {}),
  };
}

async function pullCommand(options: Options): Promise<CommandResult> {
  if (!options.out) throw new DoctorError('bad-usage', 'is required: the snapshot file to write', '--out');
  const config = await pullConfigFromOptions(options);
  // Loaded only here: the AWS SDK is heavy and `pull` is the one command that talks to AWS.
  const { pullSnapshot } = await import('@/lib/aws/pull');
  const snapshot = await pullSnapshot({
    ...config,
    // Progress goes to stderr so stdout stays the result (one line, then any gaps: withGaps).
    onProgress: (event) => process.stderr.write(`${event.message}\n`),
  });
  const accounts = snapshot.accounts.length;
  const events = snapshot.events?.length ?? 0;
  return {
    exitCode: 0,
    file: { path: options.out, content: `${JSON.stringify(snapshot, null, 2)}\n` },
    stdout: withGaps(`wrote ${options.out}: ${accounts} account(s), ${events} CloudTrail event(s)`, snapshot),
  };
}

/**
 * The one-line result, then what the snapshot could not read: the dashboard's "What could not be
 * read" list, one line each. On stdout, as the import's warnings are: the first line stays the
 * result scripts read, and stderr stays for progress and errors.
 */
export function withGaps(result: string, snapshot: Snapshot): string {
  const lines = dataGapLines(dataGaps(snapshot));
  if (lines.length === 0) return result;
  return [result, `what could not be read (${lines.length}):`, ...lines.map((line) => `- ${line}`)].join('\n');
}

async function importCommand(options: Options, paths: string[]): Promise<CommandResult> {
  if (paths.length === 0) throw new DoctorError('bad-usage', 'name at least one file or folder to import', 'PATH');
  if (!options.out === !options.store) throw new DoctorError('bad-usage', 'give exactly one of --out FILE (write a snapshot file) or --store (make it the dashboard\'s data)', '--out');
  if (options.store) {
    // Into the local store, exactly as the home page's upload does: the dashboard shows it next.
    const { currentView, importFiles } = await import('@/lib/data-source');
    const { snapshot, summary } = await importFiles(paths, { noOrganization: noOrganization(options) });
    // The gaps of the snapshot just stored: read back as the current data unless another import or pull landed meanwhile.
    const { snapshot: stored, info } = currentView();
    const result = `stored snapshot ${snapshot.id} (${snapshot.source}): ${describeImport(summary)}`;
    return { exitCode: 0, stdout: info.snapshotId === snapshot.id ? withGaps(result, stored) : result };
  }
  const { importPaths } = await import('@/lib/imports/files');
  const { exportSnapshot } = await import('@/lib/imports');
  const result = await importPaths(paths, { noOrganization: noOrganization(options) });
  return {
    exitCode: 0,
    file: { path: options.out!, content: exportSnapshot(result.snapshot) },
    stdout: withGaps(`wrote ${options.out}: ${describeImport(result.summary)}`, result.snapshot),
  };
}

/** `--no-organization`: the user states the imported accounts are in no organization. */
function noOrganization(options: Options): boolean {
  return options['no-organization'] === 'true';
}

function describeImport(summary: ImportSummary): string {
  const duplicates = summary.duplicateEvents > 0 ? ` (${summary.duplicateEvents} duplicate event(s) dropped)` : '';
  const warnings = summary.warnings.length > 0 ? `; ${summary.warnings.length} warning(s): ${summary.warnings.join(' | ')}` : '';
  return `${summary.files.length} file(s), ${summary.accounts} account(s), ${summary.events} CloudTrail event(s)${duplicates}${warnings}`;
}

async function exportCommand(options: Options): Promise<CommandResult> {
  if (!options.out) throw new DoctorError('bad-usage', 'is required: the snapshot file to write', '--out');
  const { currentView } = await import('@/lib/data-source');
  const { exportSnapshot } = await import('@/lib/imports');
  // Read together, so the store problem and the source named are those of the snapshot written.
  const { snapshot, info: source } = currentView();
  // The demo stands in when the store cannot be opened: exporting it as if it were the user's data
  // would hide that.
  if (source.storeProblem) throw new DoctorError('store', `the local store could not be read (${source.storeProblem}); nothing was exported`, 'DOCTOR_DATA_DIR');
  return {
    exitCode: 0,
    file: { path: options.out, content: exportSnapshot(snapshot) },
    stdout: withGaps(`wrote ${options.out}: the ${source.source} data, ${snapshot.accounts.length} account(s), ${snapshot.events?.length ?? 0} CloudTrail event(s)`, snapshot),
  };
}
