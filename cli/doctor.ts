// `npm run --silent doctor -- <command>`: the command-line face of AssumeRole Doctor.
//
//   diagnose --snapshot FILE --request FILE|- [--format json|text|mermaid]
//   replay [--snapshot FILE] [--format json|text]
//   who-can-assume [--snapshot FILE] --role ARN [--format json|text|mermaid]
//   pull --out FILE [--region R] [--profile P] [--endpoint URL] [--lookback-hours N] [--assume-role …]
//   import PATH… (--out FILE | --store)   export --out FILE
//
// Exit codes: 0 allowed (or the command succeeded), 1 denied / invalid / inconclusive, 2 bad
// input or usage (one line on stderr), 3 AWS or internal failure. Without --snapshot the embedded
// demo organization is used.

import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DoctorError, toDoctorError } from '@/lib/errors';
import { runCommand } from './commands';
import { terminalSafe } from './io';
import { allowServerOnlyModules } from './server-context';

allowServerOnlyModules();

/** Each command's usage, as `doctor <command> --help` prints it and `doctor --help` lists them. */
const COMMAND_USAGE: Record<string, string> = {
  diagnose: 'diagnose --snapshot FILE --request FILE|- [--format json|text|mermaid]',
  replay: 'replay [--snapshot FILE] [--format json|text]',
  'who-can-assume': 'who-can-assume [--snapshot FILE] --role ARN [--format json|text|mermaid]',
  pull: `pull --out FILE [--region REGION] [--profile PROFILE] [--endpoint URL] [--lookback-hours N]
       [--assume-role ARN[|externalId],…] [--cloudtrail-regions R1,R2]`,
  import: `import PATH… (--out FILE | --store) [--no-organization]   authorization details, CloudTrail logs
       (.json, .json.gz, folders as S3 lays them out), lookup-events output or snapshots → one
       snapshot file, or into the local store (DOCTOR_DATA_DIR) as the dashboard's current data.
       Without organization data the organization is unknown (SCP/RCP/PrincipalOrgID answer
       unknown); --no-organization states the accounts are in no organization`,
  export: "export --out FILE   the dashboard's current data (the store's newest snapshot, else the demo)",
};

const USAGE_FOOTER = `Without --snapshot the embedded demo organization is used. pull reads AWS credentials the SDK's
usual way and defaults its options from DOCTOR_* / AWS_* environment variables.`;

const USAGE = `usage: doctor <command> [options]
${Object.values(COMMAND_USAGE)
  .map((line) => `  ${line}`)
  .join('\n')}
${USAGE_FOOTER}`;

/** `doctor <command> --help`: that command's usage alone. */
function commandUsage(command: string): string {
  return `usage: doctor ${COMMAND_USAGE[command]}\n${USAGE_FOOTER}`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // Exit 2 with the one-line reason on stderr, as for every other usage error.
  if (!command) throw new DoctorError('bad-usage', `is required: one of ${Object.keys(COMMAND_USAGE).join(', ')}; run "doctor --help" for usage`, 'command');
  // An unknown command is named as such before its options are read (`doctor bogus --help`).
  if (!Object.hasOwn(COMMAND_USAGE, command)) {
    throw new DoctorError('bad-usage', `unknown command ${JSON.stringify(command)}; expected one of ${Object.keys(COMMAND_USAGE).join(', ')}; run "doctor --help"`, 'command');
  }
  if (rest.some((arg) => arg === '--help' || arg === '-h')) {
    process.stdout.write(`${commandUsage(command)}\n`);
    return 0;
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: true,
      options: {
        snapshot: { type: 'string' },
        request: { type: 'string' },
        format: { type: 'string' },
        role: { type: 'string' },
        out: { type: 'string' },
        region: { type: 'string' },
        profile: { type: 'string' },
        endpoint: { type: 'string' },
        'lookback-hours': { type: 'string' },
        'assume-role': { type: 'string' },
        'cloudtrail-regions': { type: 'string' },
        store: { type: 'boolean' },
        'no-organization': { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new DoctorError('bad-usage', `${(error as Error).message.split('\n')[0]}; run "doctor --help"`);
  }
  if (positionals.length > 0 && command !== 'import') {
    throw new DoctorError('bad-usage', `unexpected argument ${JSON.stringify(positionals[0])}; run "doctor --help"`);
  }
  const options = { ...values, store: values.store ? 'true' : undefined, 'no-organization': values['no-organization'] ? 'true' : undefined } as Record<string, string | undefined>;
  const result = await runCommand(command, options, positionals);
  if (result.file) await writeFile(result.file.path, result.file.content);
  if (result.stdout !== undefined) process.stdout.write(terminalSafe(result.stdout.endsWith('\n') ? result.stdout : `${result.stdout}\n`));
  if (result.stderr) process.stderr.write(`${terminalSafe(result.stderr)}\n`);
  return result.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const doctorError = toDoctorError(error);
    // One line, no stack: messages name the field and what was expected, never echo secrets.
    process.stderr.write(`doctor: ${terminalSafe(doctorError.message.split('\n')[0])}\n`);
    if (doctorError.code === 'internal' && process.env.DOCTOR_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    process.exitCode = doctorError.exitCode;
  },
);
