import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import { CHECK_QUESTIONS } from '@/lib/diagram/drawing';
import { diagnose } from '@/lib/engine';
import { CHECKS } from '@/lib/engine/checks';
import type { CheckId } from '@/lib/engine/types';
import { text, troubleshootingMermaid } from './mermaid';
import { withLearnOverlay } from './overlay';
import { buildWalkthroughs } from './walkthroughs';

const troubleshooting = buildWalkthroughs({ snapshot: withLearnOverlay(demoSnapshot), diagnose }).find((w) => w.slug === 'troubleshooting')!;
const TAUGHT: CheckId[] = ['trust-principal', 'trust-conditions', 'trust-deny', 'identity-policy', 'duration'];

describe('Learn’s troubleshooting tree follows the Diagnose tree', () => {
  it('asks the checks in the engine’s check order, with the Diagnose tree’s words', () => {
    const source = troubleshootingMermaid();
    const positions = TAUGHT.map((id) => source.indexOf(text(CHECK_QUESTIONS[id])));
    expect(positions.every((position) => position >= 0), JSON.stringify(positions)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const engineOrder = CHECKS.map((check) => check.id).filter((id) => TAUGHT.includes(id));
    expect(engineOrder).toEqual(TAUGHT);
    expect(source).not.toContain('May the caller ask');
  });

  it('the step text teaches the same order and names, and explains “source”', () => {
    const body = troubleshooting.steps[0].body.join(' ');
    const order = ['Trust policy names the caller?', 'Trust conditions met?', 'Source has permission?'].map((question) => body.indexOf(question));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(body).toContain('“Source” means the calling principal');
    // The checks list's own title for the same check, word for word.
    expect(body).toContain(`“${CHECKS.find((check) => check.id === 'identity-policy')!.title}”`);
  });

  it('says the order is for reading and the verdict comes from all checks (R-01, R-02), never a claimed AWS order', () => {
    const theTree = troubleshooting.steps[0];
    const body = theTree.body.join(' ');
    expect(body).toContain('The order is for reading, not the order AWS decides in');
    expect(body).toContain('the verdict comes from all of them together');
    expect(body).not.toMatch(/AWS (first|then) (checks|evaluates)/);
    expect(theTree.rules).toEqual(expect.arrayContaining(['R-01', 'R-02']));
  });

  it('the branch steps come in the tree’s order: trust policy, conditions, the caller’s permission', () => {
    expect(troubleshooting.steps.map((step) => step.slug)).toEqual(['the-tree', 'trust-policy', 'conditions', 'source-permission', 'beyond-the-tree']);
    expect(troubleshooting.steps.find((step) => step.slug === 'source-permission')!.body.join(' ')).toContain('“Source has permission?”');
  });
});
