// What the expiry step tells a learner to run to let callers ask for a longer session. The
// command is computed from the role's current MaxSessionDuration and the duration the step
// talks about, so it can never lower the limit a role already has, and the shell and the
// Terraform beside it always name the same value. Pure.

import { formatDuration } from '@/lib/findings';

/** AWS's range for a role's MaxSessionDuration (IAM UpdateRole: "from 1 hour to 12 hours", 3600–43200 s). R-49. */
export const MIN_MAX_SESSION_SECONDS = 3600;
export const MAX_MAX_SESSION_SECONDS = 43200;
/** The session the expiry step and its "longer than the role allows" break ask for: 6 hours. */
export const LONGER_SESSION_SECONDS = 21600;

// One wording of a duration for the role pages and Learn.

export interface MaxSessionPlan {
  /** The role's MaxSessionDuration as read (undefined: not read). */
  current?: number;
  /** What the step asks for, within AWS's range. */
  wanted: number;
  /** The value both the shell and the Terraform write: never below `current`. */
  target: number;
  /** True when the role already allows `wanted`: nothing to raise. */
  alreadyAllows: boolean;
  /** Label for the shell block. */
  label: string;
  /** The shell block. */
  shell: string;
}

function clamp(seconds: number): number {
  return Math.min(MAX_MAX_SESSION_SECONDS, Math.max(MIN_MAX_SESSION_SECONDS, Math.round(seconds)));
}

/** The command to let `roleName` hand out sessions of `wantedSeconds`, given what it allows today. */
export function maxSessionPlan(roleName: string, current: number | undefined, wantedSeconds: number): MaxSessionPlan {
  const wanted = clamp(wantedSeconds);
  const readCommand = ['aws iam get-role \\', `  --role-name ${roleName} \\`, '  --query Role.MaxSessionDuration'].join('\n');
  const updateCommand = (seconds: number) => ['aws iam update-role \\', `  --role-name ${roleName} \\`, `  --max-session-duration ${seconds}`].join('\n');
  const range = `# AWS accepts ${MIN_MAX_SESSION_SECONDS} to ${MAX_MAX_SESSION_SECONDS} seconds (1 to 12 hours).`;

  if (current !== undefined && current >= wanted) {
    return {
      current,
      wanted,
      target: current,
      alreadyAllows: true,
      label: `${roleName} already allows ${formatDuration(wanted)}`,
      shell: [
        `# ${roleName} already allows ${formatDuration(current)} (${current} s), so a ${formatDuration(wanted)} session needs no change.`,
        '# Setting a smaller value would cut sessions callers rely on. To check the value:',
        readCommand,
      ].join('\n'),
    };
  }
  if (current === undefined) {
    return {
      wanted,
      target: wanted,
      alreadyAllows: false,
      label: 'Raise the role’s maximum session duration',
      shell: [
        `# The current value was not read: check it first, and do not run the update if it is already ${wanted} or more.`,
        readCommand,
        range,
        updateCommand(wanted),
      ].join('\n'),
    };
  }
  return {
    current,
    wanted,
    target: wanted,
    alreadyAllows: false,
    label: 'Raise the role’s maximum session duration',
    shell: [`# ${roleName} allows ${formatDuration(current)} (${current} s) today; this raises it to ${formatDuration(wanted)}.`, range, updateCommand(wanted)].join('\n'),
  };
}
