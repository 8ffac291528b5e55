// Every environment variable AssumeRole Doctor reads, in one place, validated.
// A bad value is refused, when first needed, with a message naming the variable and what was expected.
// AWS SDK variables (AWS_PROFILE, AWS_REGION, AWS_ACCESS_KEY_ID, …) are read by the SDK's own
// credential chain as well; we read only the ones that decide behaviour, and never log values.
// The live pull's variables are read by pullConfigFromEnv below and interpreted only by
// awsPullConfig (lib/aws/config.ts), for the web app and `doctor pull` alike.

import { z } from 'zod';
import { awsPullConfig, parseSourceMode, type AwsPullConfig, type AwsPullConfigValues, type SourceMode } from '@/lib/aws/config';
import { DoctorError } from './errors';

const schema = z.object({
  /** Where the SQLite store lives. */
  DOCTOR_DATA_DIR: z.string().min(1).default('./data'),
  /** demo: always the embedded demo organization; live: pull from AWS; auto: live when AWS is configured (read by parseSourceMode). */
  DOCTOR_SOURCE: z.string().optional(),
  /** Host names the web API answers to besides localhost, 127.0.0.1 and [::1] (read by parseAllowedHosts). */
  DOCTOR_ALLOWED_HOSTS: z.string().optional(),
  /** Where the test runner finds Chromium (tests only). */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
});

export type Env = Omit<z.infer<typeof schema>, 'DOCTOR_SOURCE' | 'DOCTOR_ALLOWED_HOSTS'> & { DOCTOR_SOURCE: SourceMode; DOCTOR_ALLOWED_HOSTS: string[] };

const HOST_NAME = /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*$/;
const IPV6 = /^\[?([0-9a-f:.]+)\]?$/;

/**
 * DOCTOR_ALLOWED_HOSTS: comma-separated host names (`doctor.lan, 192.168.1.20, fe80::1`), no
 * scheme or port, normalized as a Host header's name is (lowercase, IPv6 in brackets).
 */
export function parseAllowedHosts(value: string | undefined): string[] {
  const out: string[] = [];
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    let name: string | undefined;
    const v6 = entry.includes(':') ? IPV6.exec(entry) : null;
    if (v6) {
      try {
        name = new URL(`http://[${v6[1]}]`).hostname;
      } catch {
        name = undefined;
      }
    } else if (HOST_NAME.test(entry)) {
      try {
        name = new URL(`http://${entry}`).hostname;
      } catch {
        name = undefined;
      }
    }
    if (name === undefined) {
      throw new DoctorError(
        'config',
        `environment variable DOCTOR_ALLOWED_HOSTS: ${JSON.stringify(raw.trim())} is not a host name (expected comma-separated names or IP addresses, without scheme or port)`,
        'DOCTOR_ALLOWED_HOSTS',
      );
    }
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** Validates a set of variables; exported so tests can check the messages without touching process.env. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset" for optional variables (a common .env habit).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    throw new DoctorError('config', `environment variable ${name}: ${issue.message}`, name);
  }
  return { ...result.data, DOCTOR_SOURCE: parseSourceMode(result.data.DOCTOR_SOURCE), DOCTOR_ALLOWED_HOSTS: parseAllowedHosts(result.data.DOCTOR_ALLOWED_HOSTS) };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The raw values of the live pull's variables (AWS_REGION, AWS_DEFAULT_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, DOCTOR_ASSUME_ROLE_ARNS, DOCTOR_CLOUDTRAIL_*). */
export function pullEnvValues(source: Record<string, string | undefined> = process.env): AwsPullConfigValues {
  return {
    AWS_REGION: source.AWS_REGION,
    AWS_DEFAULT_REGION: source.AWS_DEFAULT_REGION,
    AWS_PROFILE: source.AWS_PROFILE,
    AWS_ENDPOINT_URL: source.AWS_ENDPOINT_URL,
    DOCTOR_ASSUME_ROLE_ARNS: source.DOCTOR_ASSUME_ROLE_ARNS,
    DOCTOR_CLOUDTRAIL_REGIONS: source.DOCTOR_CLOUDTRAIL_REGIONS,
    DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS: source.DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS,
  };
}

/** How a live pull reaches AWS, from the environment; a bad value is an error naming its variable. */
export function pullConfigFromEnv(source: Record<string, string | undefined> = process.env): AwsPullConfig {
  return awsPullConfig(pullEnvValues(source));
}
