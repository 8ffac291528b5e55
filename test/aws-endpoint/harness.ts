// Shared set-up for tests that pull from the local endpoint: fake static credentials, every
// client pointed at 127.0.0.1, no real sleeping (a fake clock advances instead).

import type { PullOptions } from '@/lib/aws/pull';
import { CALLER_KEY, CALLER_SECRET } from './fixture';

export interface FakeClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  slept: number[];
}

/** A clock that starts at `start` and moves only when something sleeps on it. */
export function fakeClock(start = Date.parse('2026-11-22T12:00:00Z')): FakeClock {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
    slept,
  };
}

export function pullOptions(url: string, clock: FakeClock, extra: Partial<PullOptions> = {}): PullOptions {
  return {
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: CALLER_KEY, secretAccessKey: CALLER_SECRET },
    now: clock.now,
    sleep: clock.sleep,
    retry: { random: () => 0.5 },
    lookbackHours: 48,
    ...extra,
  };
}
