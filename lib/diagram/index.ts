// Placeholder until the diagram module lands: owned by the fixes/diagram work (see issue 3, item 6).
import type { Diagnosis } from '../engine/types';

export function decisionTreeMermaid(_diagnosis: Diagnosis): string {
  return 'flowchart TD\n  start([AssumeRole])';
}

export function sequenceMermaid(_diagnosis: Diagnosis): string {
  return 'sequenceDiagram\n  participant Caller';
}
