// Writing a DecisionPath as a Mermaid flowchart. Every label goes through escapeLabel; node ids
// come from check ids (`trust-conditions` → `trust_conditions`), so tests and the UI can find the
// failing node by id and by its class.

import { escapeLabel, escapeConstant } from './escape';
import type { DecisionPath, TreeNode } from './path';

/** Light fills with dark text keep contrast on both light and dark page themes. */
export const CLASS_DEFS = [
  'classDef pass fill:#dcfce7,stroke:#15803d,color:#14532d,stroke-width:2px',
  'classDef fail fill:#fee2e2,stroke:#b91c1c,color:#7f1d1d,stroke-width:3px',
  'classDef notreached fill:#f3f4f6,stroke:#9ca3af,color:#4b5563,stroke-dasharray:4 3',
  'classDef skip fill:#f8fafc,stroke:#94a3b8,color:#334155,stroke-dasharray:2 2',
  'classDef unknown fill:#fef3c7,stroke:#b45309,color:#78350f,stroke-width:2px',
];

function label(node: TreeNode): string {
  const question = node.kind === 'check' || node.kind === 'outcome' ? escapeConstant(node.question, 60) : escapeLabel(node.question, 60);
  if (!node.reason) return question;
  // The reason under the question (the failing node gets room for key and both values); `<br/>` is
  // inserted after escaping, so it is ours.
  return `${question}<br/>${escapeLabel(node.reason, node.nodeClass === 'fail' ? 180 : 90)}`;
}

function shape(node: TreeNode, text: string): string {
  switch (node.kind) {
    case 'start':
      return `${node.id}(["${text}"])`;
    case 'check':
      // Rounded boxes, not diamonds: a diamond grows with its label and makes the tree hard to read.
      return `${node.id}("${text}")`;
    case 'outcome':
      return `${node.id}(["${text}"])`;
    case 'error':
      return `${node.id}[["${text}"]]`;
  }
}

const CLASS_DEF_LINES = CLASS_DEFS.map((definition) => `  ${definition}`).join('\n');

export function formatFlowchart(path: DecisionPath): string {
  let text = 'flowchart TD';
  const byClass: Record<string, string[]> = {};
  for (const node of path.nodes) {
    text += `\n  ${shape(node, label(node))}`;
    (byClass[node.nodeClass] ??= []).push(node.id);
  }
  for (const edge of path.edges) {
    const arrow = edge.onPath ? '-->' : '-.->';
    text += edge.label ? `\n  ${edge.from} ${arrow}|${edge.label}| ${edge.to}` : `\n  ${edge.from} ${arrow} ${edge.to}`;
  }
  text += `\n${CLASS_DEF_LINES}`;
  for (const name in byClass) text += `\n  class ${byClass[name].join(',')} ${name}`;
  return text;
}
