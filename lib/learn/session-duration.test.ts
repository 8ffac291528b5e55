import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import { diagnose } from '@/lib/engine';
import { withLearnOverlay } from './overlay';
import { formatDuration } from '@/lib/findings';
import { LONGER_SESSION_SECONDS, MAX_MAX_SESSION_SECONDS, MIN_MAX_SESSION_SECONDS, maxSessionPlan } from './session-duration';
import { labForRole } from './subject';
import { buildWalkthroughs } from './walkthroughs';

const snapshot = withLearnOverlay(demoSnapshot);

/** Every value a command or a Terraform block sets as the role's maximum session. */
function writtenMaxSessions(code: string): number[] {
  return [...code.matchAll(/(?:--max-session-duration|max_session_duration\s*=)\s*(\d+)/g)].map((match) => Number(match[1]));
}

describe('formatDuration', () => {
  it('says hours and minutes in words, never "hour(s)"', () => {
    expect(formatDuration(3600)).toBe('1 hour');
    expect(formatDuration(14400)).toBe('4 hours');
    expect(formatDuration(43200)).toBe('12 hours');
    expect(formatDuration(5400)).toBe('1 hour 30 minutes');
    expect(formatDuration(900)).toBe('15 minutes');
    expect(formatDuration(60)).toBe('1 minute');
  });
});

describe('maxSessionPlan (R-49: MaxSessionDuration is 3600–43200 s)', () => {
  it('raises a shorter limit to what the step asks for, on lines that fit a narrow block', () => {
    const plan = maxSessionPlan('ReadOnly', 14400, 21600);
    expect(plan.alreadyAllows).toBe(false);
    expect(plan.target).toBe(21600);
    expect(plan.shell).toContain('--max-session-duration 21600');
    expect(plan.shell).toContain('4 hours');
    for (const line of plan.shell.split('\n').filter((l) => !l.startsWith('#'))) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('never lowers a longer limit: says the role already allows it and writes no update', () => {
    const plan = maxSessionPlan('PlatformEngineer', 43200, 21600);
    expect(plan.alreadyAllows).toBe(true);
    expect(plan.target).toBe(43200);
    expect(plan.label).toBe('PlatformEngineer already allows 6 hours');
    expect(plan.shell).not.toContain('update-role');
    expect(plan.shell).toContain('get-role');
  });

  it('a role already at the asked value is left alone', () => {
    expect(maxSessionPlan('X', 21600, 21600).alreadyAllows).toBe(true);
  });

  it('an unread limit is checked before it is set', () => {
    const plan = maxSessionPlan('Operator', undefined, 21600);
    expect(plan.target).toBe(21600);
    expect(plan.shell.indexOf('get-role')).toBeLessThan(plan.shell.indexOf('update-role'));
    expect(plan.shell).toMatch(/not read/);
  });

  it('keeps the value within AWS’s range', () => {
    expect(maxSessionPlan('X', undefined, 90_000).target).toBe(MAX_MAX_SESSION_SECONDS);
    expect(maxSessionPlan('X', undefined, 900).target).toBe(MIN_MAX_SESSION_SECONDS);
  });
});

describe('the expiry step’s shell and Terraform', () => {
  const expiryOf = (roleArn?: string) => {
    const subject = roleArn ? labForRole(snapshot, roleArn) : undefined;
    return buildWalkthroughs({ snapshot, diagnose, subject })[0].steps.find((step) => step.slug === 'expiry')!;
  };

  it.each([
    ['the demo role (ReadOnly, 4 hours)', undefined, 14400],
    ['PlatformEngineer (12 hours)', 'arn:aws:iam::111111111111:role/PlatformEngineer', 43200],
    ['Operator (8 hours)', 'arn:aws:iam::222222222222:role/Operator', 28800],
  ])('%s: both name one value, never below the role’s current limit', (_name, roleArn, current) => {
    const expiry = expiryOf(roleArn);
    const written = expiry.code.flatMap((block) => writtenMaxSessions(block.code));
    expect(written.length).toBeGreaterThan(0);
    expect(new Set(written).size).toBe(1);
    expect(written[0]).toBeGreaterThanOrEqual(current);
    expect(written[0]).toBeGreaterThanOrEqual(Math.min(LONGER_SESSION_SECONDS, MAX_MAX_SESSION_SECONDS));
    expect(expiry.body.join(' ')).not.toContain('hour(s)');
  });

  it('PlatformEngineer: says the role already allows it and offers no update-role', () => {
    const expiry = expiryOf('arn:aws:iam::111111111111:role/PlatformEngineer');
    expect(expiry.code[0].label).toBe('PlatformEngineer already allows 6 hours');
    expect(expiry.code[0].code).not.toContain('update-role');
    expect(expiry.body.join(' ')).toContain('allows sessions of up to 12 hours');
    expect(expiry.body.join(' ')).toContain('already allows that');
  });

  it('ReadOnly: raises 4 hours to the 6 the break asks for', () => {
    const expiry = expiryOf();
    expect(expiry.code[0].label).toBe('Raise the role’s maximum session duration');
    expect(expiry.code[0].code).toContain('--max-session-duration 21600');
    expect(expiry.body.join(' ')).toContain('allows sessions of up to 4 hours');
  });
});
