// The engine as the what-if workbench runs it in the browser: loaded on demand (dynamic import),
// compiled once per slice, then one pure diagnose() per change.

import { drawnDiagrams } from '@/lib/diagram';
import { diagnose, loadSnapshot, parseRequest } from '@/lib/engine';
import type { AssumeRoleRequest, Diagnosis, Snapshot } from '@/lib/engine/types';

let compiled: { slice: Snapshot; indexed: ReturnType<typeof loadSnapshot> } | undefined;

export function runWhatIf(slice: Snapshot, request: AssumeRoleRequest): { diagnosis: Diagnosis; tree: string; sequence: string } {
  if (!compiled || compiled.slice !== slice) compiled = { slice, indexed: loadSnapshot(slice) };
  const diagnosis = diagnose(compiled.indexed, parseRequest(request), { now: new Date().toISOString() });
  const drawn = drawnDiagrams(diagnosis);
  return { diagnosis, tree: drawn.mermaid, sequence: drawn.sequence };
}
