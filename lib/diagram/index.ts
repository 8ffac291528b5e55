// Diagrams of a diagnosis, as Mermaid text. Pure: choosing the path (path.ts, sequence steps) is
// separate from writing Mermaid (flowchart.ts, sequence.ts); all labels are escaped (escape.ts).
import type { Diagnosis } from '../engine/types';
import { flowchartOf } from './flowchart';
import { SharedLabels } from './drawing';
import { decidingCheck } from './path';
import { formatSequence } from './sequence';

export { decisionPath, decidingCheck, CHECK_QUESTIONS, checkNodeId } from './path';
export type { DecisionPath, NodeClass, TreeEdge, TreeNode } from './path';
export { escapeLabel, truncate } from './escape';
export { whoCanAssumeMermaid } from './who-can-assume';
export type { WhoCanAssumeEntryLike } from './who-can-assume';

/** The decision tree, one node per check, the failing node classed `fail`. */
export function decisionTreeMermaid(diagnosis: Diagnosis): string {
  return flowchartOf(diagnosis);
}

/** The sequence Caller → STS → policies, ending at the failing step. */
export function sequenceMermaid(diagnosis: Diagnosis): string {
  return formatSequence(diagnosis);
}

/**
 * Both diagrams of a diagnosis, equal to decisionTreeMermaid and sequenceMermaid: the check that
 * decided the answer is found once, and summaries both show are escaped once.
 */
export function diagramsOf(diagnosis: Diagnosis): { mermaid: string; sequence: string } {
  const deciding = decidingCheck(diagnosis);
  const shared = new SharedLabels();
  const mermaid = flowchartOf(diagnosis, deciding, shared);
  return { mermaid, sequence: formatSequence(diagnosis, deciding, shared) };
}

/** The diagrams a full-mode diagnose() has already drawn, drawn here only when it has not (diagrams: false). */
export function drawnDiagrams(diagnosis: Diagnosis): { mermaid: string; sequence: string } {
  const drawn = diagnosis.diagram;
  return drawn?.sequence !== undefined ? { mermaid: drawn.mermaid, sequence: drawn.sequence } : diagramsOf(diagnosis);
}
