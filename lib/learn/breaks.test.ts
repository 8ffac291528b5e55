import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import { decidingCheck } from '@/lib/diagram/path';
import { diagnose } from '@/lib/engine';
import { BREAKS, breaksFor, findBreak } from './breaks';
import { LAB_IDS, buildLab } from './labs';
import { withLearnOverlay } from './overlay';

const snapshot = withLearnOverlay(demoSnapshot);

describe('labs', () => {
  it.each(LAB_IDS)('lab %s is allowed as it stands', (id) => {
    const lab = buildLab(id, snapshot);
    const diagnosis = diagnose(lab.snapshot, lab.request);
    expect(diagnosis.failedChecks).toEqual([]);
    expect(diagnosis.decision).toBe('allowed');
  });
});

describe('break it', () => {
  it('every break has a unique id and belongs to a lab', () => {
    const ids = BREAKS.map((definition) => definition.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const definition of BREAKS) expect(LAB_IDS).toContain(definition.lab);
  });

  it.each(BREAKS.map((definition) => [definition.id, definition.expected] as const))('%s → %s', (id, expected) => {
    const definition = findBreak(id)!;
    const base = buildLab(definition.lab, snapshot);
    const before = JSON.stringify(base);
    const broken = definition.apply(base);
    // pure: the lab it was given is untouched
    expect(JSON.stringify(base)).toBe(before);
    const diagnosis = diagnose(broken.snapshot, broken.request);
    if (expected === 'allowed') {
      expect(diagnosis.decision).toBe('allowed');
      expect(diagnosis.failedChecks).toEqual([]);
    } else {
      // The expected check fails and is the one AWS's answer comes from (the decision tree's error edge).
      expect(diagnosis.failedChecks).toContain(expected);
      expect(decidingCheck(diagnosis)?.id).toBe(expected);
      expect(diagnosis.decision).toBe(expected === 'duration' || expected === 'request-valid' ? 'invalid' : 'denied');
    }
    // Reset = the untouched lab again: allowed.
    const reset = diagnose(base.snapshot, base.request);
    expect(reset.decision).toBe('allowed');
  });

  it('breaksFor keeps the order a step asks for and drops unknown ids', () => {
    expect(breaksFor('basics', ['require-mfa', 'nope', 'trust-other-account']).map((d) => d.id)).toEqual(['require-mfa', 'trust-other-account']);
  });
});

describe('describeChange', () => {
  it('names what each break changed, and nothing for the untouched lab', async () => {
    const { describeChange } = await import('./lab');
    for (const definition of BREAKS) {
      const base = buildLab(definition.lab, snapshot);
      expect(describeChange(base, base)).toEqual([]);
      const changes = describeChange(base, definition.apply(base));
      expect(changes.length, definition.id).toBeGreaterThan(0);
      for (const change of changes) expect(JSON.stringify(change.before)).not.toBe(JSON.stringify(change.after));
    }
    const removeExternalId = findBreak('remove-external-id')!;
    const base = buildLab('cross-account', snapshot);
    expect(describeChange(base, removeExternalId.apply(base)).map((change) => change.label)).toEqual(['Request']);
    const requireMfa = findBreak('require-mfa')!;
    const basics = buildLab('basics', snapshot);
    expect(describeChange(basics, requireMfa.apply(basics)).map((change) => change.label)).toEqual(['Trust policy of ReadOnly']);
  });
});
