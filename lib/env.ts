// Every environment variable AssumeRole Doctor reads, in one place, validated.
// A bad value stops start-up with a message naming the variable and what was expected.
// AWS SDK variables (AWS_PROFILE, AWS_REGION, AWS_ACCESS_KEY_ID, …) are read by the SDK's own
// credential chain as well; we read only the ones that decide behaviour, and never log values.

import { z } from 'zod';
import { DoctorError } from './errors';

const roleArn = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;

const schema = z.object({
  /** Where the SQLite store lives. */
  DOCTOR_DATA_DIR: z.string().min(1).default('./data'),
  /** demo: always the embedded demo organization; live: pull from AWS; auto: live when AWS is configured. */
  DOCTOR_SOURCE: z.enum(['auto', 'demo', 'live']).default('auto'),
  /** Read-only roles to assume into for more accounts: `arn[|externalId],arn…`. */
  DOCTOR_ASSUME_ROLE_ARNS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const entries = text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => {
          const [arn, externalId] = part.split('|');
          return { roleArn: arn.trim(), externalId: externalId?.trim() || undefined };
        });
      for (const entry of entries) {
        if (!roleArn.test(entry.roleArn)) {
          ctx.addIssue({ code: 'custom', message: `'${entry.roleArn}' is not an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)` });
        }
      }
      return entries;
    }),
  /** Regions whose CloudTrail is searched for AssumeRole events. */
  DOCTOR_CLOUDTRAIL_REGIONS: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected region names such as us-east-1'))),
  /** How far back the first CloudTrail pull looks (LookupEvents keeps 90 days). */
  DOCTOR_CLOUDTRAIL_LOOKBACK_HOURS: z.coerce.number().int().min(1).max(2160).default(72),
  AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected a region name such as us-east-1').optional(),
  AWS_PROFILE: z.string().min(1).optional(),
  AWS_ENDPOINT_URL: z.url({ message: 'expected a URL such as http://127.0.0.1:4566' }).optional(),
  /** Where the test runner finds Chromium (tests only). */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
});

export type Env = z.infer<typeof schema>;

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
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** True when the AWS SDK's credential chain has something to work with, without calling AWS. */
export function awsLooksConfigured(source: Record<string, string | undefined> = process.env): boolean {
  return Boolean(
    source.AWS_ACCESS_KEY_ID ||
      source.AWS_PROFILE ||
      source.AWS_ENDPOINT_URL ||
      source.AWS_WEB_IDENTITY_TOKEN_FILE ||
      source.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
      source.AWS_CONTAINER_CREDENTIALS_FULL_URI,
  );
}
