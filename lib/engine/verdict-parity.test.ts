// Verdict mode takes shortcuts (decide() instead of evaluate(), condition evidence left out when no
// key a policy reads is unknown): whatever the shortcut, its decision, failed checks and every
// check's status must equal full mode's. Fresh request objects each time, verdict first, so no
// memo of full mode can leak into the verdict.

import { describe, expect, it } from 'vitest';
import { buildSyntheticOrg } from '@/bench/synthetic-org';
import { diagnose } from './diagnose';
import { loadSnapshot } from './snapshot';
import type { AssumeRoleRequest } from './types';

describe('verdict mode equals full mode', () => {
  const org = buildSyntheticOrg(7);
  const indexed = loadSnapshot(org.snapshot);
  const fresh = (request: AssumeRoleRequest) => JSON.parse(JSON.stringify(request)) as AssumeRoleRequest;

  // Without its context a request leaves keys unknown, which sends verdict mode down its full path.
  const withoutContext = (request: AssumeRoleRequest) => {
    const copy = fresh(request);
    delete copy.context;
    return copy;
  };

  it.each([
    ['without a clock', undefined, fresh],
    ['with options.now', '2026-01-15T10:00:00Z', fresh],
    ['without request.context', undefined, withoutContext],
  ])('on every synthetic request, %s', (_name, now, variant) => {
    const decisions = new Set<string>();
    for (const original of org.requests) {
      const request = variant(original);
      const verdict = diagnose(indexed, fresh(request), { mode: 'verdict', now });
      const full = diagnose(indexed, fresh(request), { now, fixes: false, diagrams: false });
      expect(verdict.decision).toBe(full.decision);
      expect(verdict.failedChecks).toEqual(full.failedChecks);
      expect(verdict.checks.map((c) => [c.id, c.status])).toEqual(full.checks.map((c) => [c.id, c.status]));
      decisions.add(full.decision);
    }
    expect(decisions.has('allowed') && decisions.has('denied')).toBe(true);
  });
});
