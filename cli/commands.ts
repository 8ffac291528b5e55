// The CLI commands as functions returning what to print and the exit code, so the process
// wrapper (doctor.ts) stays thin.

import { decisionTreeMermaid, whoCanAssumeMermaid } from '@/lib/diagram';
import { diagnose, whoCanAssume } from '@/lib/engine';
import { isFailedStsEvent, requestFromEvent, unwrapCloudTrailEvent } from '@/lib/engine/cloudtrail';
import type { Diagnosis, Snapshot } from '@/lib/engine/types';
import { DoctorError, toDoctorError } from '@/lib/errors';
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

export async function runCommand(command: string, options: Options): Promise<CommandResult> {
  switch (command) {
    case 'diagnose':
      return diagnoseCommand(options);
    case 'replay':
      return replayCommand(options);
    case 'who-can-assume':
      return whoCanAssumeCommand(options);
    case 'pull':
      return pullCommand(options);
    default:
      throw new DoctorError('bad-usage', `unknown command ${JSON.stringify(command)}; expected diagnose, replay, who-can-assume or pull`);
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
  predictedError?: Diagnosis['awsError'];
  /** The predicted AWS error code equals the one CloudTrail recorded. */
  agrees?: boolean;
  gaps?: string[];
  error?: { code: string; message: string };
  diagnosis?: Diagnosis;
}

async function replayCommand(options: Options): Promise<CommandResult> {
  const format = formatOption(options, ['json', 'text']);
  const snapshot = (await loadSnapshotOption(options)) as Snapshot;
  const events = Array.isArray(snapshot?.events) ? snapshot.events : [];
  const entries: ReplayEntry[] = [];
  for (const event of events) {
    if (!isFailedStsEvent(event)) continue;
    const record = unwrapCloudTrailEvent(event);
    try {
      const replay = requestFromEvent(event);
      const diagnosis = diagnose(snapshot, replay.request, { mode: 'full', now: replay.observed.eventTime || new Date().toISOString() });
      entries.push({
        eventId: replay.observed.eventId,
        eventTime: replay.observed.eventTime,
        observedError: { code: replay.observed.errorCode, message: replay.observed.errorMessage },
        decision: diagnosis.decision,
        failedChecks: diagnosis.failedChecks,
        predictedError: diagnosis.awsError,
        agrees: diagnosis.awsError?.code !== undefined && normaliseErrorCode(diagnosis.awsError.code) === normaliseErrorCode(replay.observed.errorCode),
        gaps: replay.gaps,
        diagnosis: format === 'json' ? diagnosis : undefined,
      });
    } catch (error) {
      // One unreadable event must not stop the replay of the others.
      const doctorError = toDoctorError(error);
      if (doctorError.code === 'internal') throw error;
      entries.push({ eventId: typeof record?.eventID === 'string' ? record.eventID : undefined, error: { code: doctorError.code, message: doctorError.message } });
    }
  }
  if (format === 'json') return { exitCode: 0, stdout: JSON.stringify({ replayed: entries.length, events: entries }, null, 2) };
  const lines = [`Replayed ${entries.length} failed STS event(s).`];
  for (const entry of entries) {
    if (entry.error) {
      lines.push(`- ${entry.eventId ?? '?'}: could not replay: ${entry.error.message}`);
      continue;
    }
    lines.push(
      `- ${entry.eventTime ?? '?'} ${entry.eventId}: CloudTrail ${entry.observedError?.code ?? '?'}; doctor ${entry.decision} at ${entry.failedChecks?.join(', ') || '-'}${entry.agrees ? '' : ` (predicted ${entry.predictedError?.code ?? 'no error'})`}`,
    );
    if (entry.gaps?.length) lines.push(`    record lacks: ${entry.gaps.join('; ')}`);
  }
  return { exitCode: 0, stdout: lines.join('\n') };
}

/** STS error codes appear with and without the "Exception" suffix (RegionDisabledException). */
function normaliseErrorCode(code: string | undefined): string | undefined {
  return code?.replace(/Exception$/, '');
}

async function whoCanAssumeCommand(options: Options): Promise<CommandResult> {
  const format = formatOption(options);
  if (!options.role) throw new DoctorError('bad-usage', 'is required: the role ARN', '--role');
  const snapshot = await loadSnapshotOption(options);
  const entries = whoCanAssume(snapshot, options.role);
  if (format === 'json') return { exitCode: 0, stdout: JSON.stringify({ roleArn: options.role, principals: entries }, null, 2) };
  if (format === 'mermaid') return { exitCode: 0, stdout: whoCanAssumeMermaid(entries, options.role) };
  const lines = [`Who can assume ${options.role}: ${entries.length} principal(s)`];
  for (const entry of entries) {
    const conditions = entry.conditions.map((condition) => `${condition.key} ${condition.operator} ${condition.policyValues.join(' | ')}`);
    lines.push(`- ${entry.kind} ${entry.principal}${conditions.length ? ` when ${conditions.join(' and ')}` : ''}${entry.needsIdentityPolicy ? ' (plus an identity allow in its account)' : ''}${entry.deleted ? ' (deleted principal, R-22)' : ''}`);
  }
  return { exitCode: 0, stdout: lines.join('\n') };
}

async function pullCommand(options: Options): Promise<CommandResult> {
  if (!options.out) throw new DoctorError('bad-usage', 'is required: the snapshot file to write', '--out');
  // Options win over the environment (DOCTOR_ASSUME_ROLE_ARNS, DOCTOR_CLOUDTRAIL_*, AWS_*), read through lib/env.
  const { env } = await import('@/lib/env');
  const { parseAssumeRoleTargets, parseCloudTrailRegions, parseLookbackHours, DEFAULT_REGION } = await import('@/lib/aws/config');
  const settings = env();
  const region = options.region ?? settings.AWS_REGION ?? DEFAULT_REGION;
  const assumeRoles = options['assume-role'] !== undefined ? parseAssumeRoleTargets(options['assume-role']) : settings.DOCTOR_ASSUME_ROLE_ARNS;
  const cloudTrailRegions =
    options['cloudtrail-regions'] !== undefined
      ? parseCloudTrailRegions(options['cloudtrail-regions'], region)
      : settings.DOCTOR_CLOUDTRAIL_REGIONS.length
        ? settings.DOCTOR_CLOUDTRAIL_REGIONS
        : [region];
  const lookbackHours = options['lookback-hours'] !== undefined ? parseLookbackHours(options['lookback-hours']) : settings.DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS;
  // Loaded only here: the AWS SDK is heavy and `pull` is the one command that talks to AWS.
  const { pullSnapshot } = await import('@/lib/aws/pull');
  const snapshot = await pullSnapshot({
    region,
    profile: options.profile ?? settings.AWS_PROFILE,
    endpoint: options.endpoint ?? settings.AWS_ENDPOINT_URL,
    assumeRoles,
    cloudTrailRegions,
    lookbackHours,
    // Progress goes to stderr so stdout stays a one-line result.
    onProgress: (event) => process.stderr.write(`${event.message}\n`),
  });
  const accounts = snapshot.accounts.length;
  const events = snapshot.events?.length ?? 0;
  return {
    exitCode: 0,
    file: { path: options.out, content: `${JSON.stringify(snapshot, null, 2)}\n` },
    stdout: `wrote ${options.out}: ${accounts} account(s), ${events} CloudTrail event(s)`,
  };
}
