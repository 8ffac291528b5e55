// Writing a DecisionPath as a Mermaid flowchart. Every label goes through escapeLabel; node ids
// come from check ids (`trust-conditions` → `trust_conditions`), so tests and the UI can find the
// failing node by id and by its class.

import { escapeLabel, escapeConstant } from './escape';
import type { Diagnosis } from '../engine/types';
import { walkDecisionPath, type DecisionPath, type DecisionPathVisitor, type NodeClass, type TreeEdge, type TreeNode } from './path';

/** Light fills with dark text keep contrast on both light and dark page themes. */
export const CLASS_DEFS = [
  'classDef pass fill:#dcfce7,stroke:#15803d,color:#14532d,stroke-width:2px',
  'classDef fail fill:#fee2e2,stroke:#b91c1c,color:#7f1d1d,stroke-width:3px',
  'classDef notreached fill:#f3f4f6,stroke:#9ca3af,color:#4b5563,stroke-dasharray:4 3',
  'classDef skip fill:#f8fafc,stroke:#94a3b8,color:#334155,stroke-dasharray:2 2',
  'classDef unknown fill:#fef3c7,stroke:#b45309,color:#78350f,stroke-width:2px',
];

const CLASS_DEF_LINES = CLASS_DEFS.map((definition) => `  ${definition}`).join('\n');

/**
 * Writes the flowchart as the path is walked: node lines, then edge lines, then one `class` line
 * per class in the order the classes first appear, each list in path order.
 */
class FlowchartWriter implements DecisionPathVisitor {
  private nodes = 'flowchart TD';
  private edges = '';
  private readonly members: Record<NodeClass, string> = { pass: '', fail: '', notreached: '', skip: '', unknown: '' };
  private readonly classOrder: NodeClass[] = [];

  node(kind: TreeNode['kind'], id: string, nodeClass: NodeClass, question: string, reason: string | undefined): void {
    // The reason goes under the question (the failing node gets room for key and both values);
    // `<br/>` is inserted after escaping, so it is ours.
    const shown = reason ? `<br/>${escapeLabel(reason, nodeClass === 'fail' ? 180 : 90)}` : '';
    if (kind === 'check') {
      const line = checkNodeLine(id, question);
      this.nodes += shown ? `${line.open}${shown}${line.close}` : line.plain;
    } else {
      // Outcome questions come from a fixed set: escaped once, remembered.
      const text = kind === 'outcome' ? escapeConstant(question, 60) : escapeLabel(question, 60);
      this.nodes += `\n  ${shape(kind, id, `${text}${shown}`)}`;
    }
    const members = this.members[nodeClass];
    if (members === '') this.classOrder.push(nodeClass);
    this.members[nodeClass] = members === '' ? id : `${members},${id}`;
  }

  edge(from: string, to: string, label: TreeEdge['label'], onPath: boolean): void {
    this.edges += `\n  ${from}${(onPath ? ARROW_ON_PATH : ARROW_OFF_PATH)[label]}${to}`;
  }

  text(): string {
    let text = `${this.nodes}${this.edges}\n${CLASS_DEF_LINES}`;
    for (const name of this.classOrder) text += `\n  class ${this.members[name]} ${name}`;
    return text;
  }
}

const ARROW_ON_PATH: Record<TreeEdge['label'], string> = { '': ' --> ', yes: ' -->|yes| ', no: ' -->|no| ', skip: ' -->|skip| ', unknown: ' -->|unknown| ' };
const ARROW_OFF_PATH: Record<TreeEdge['label'], string> = { '': ' -.-> ', yes: ' -.->|yes| ', no: ' -.->|no| ', skip: ' -.->|skip| ', unknown: ' -.->|unknown| ' };

/** A check node's line without a reason (`plain`), or the parts around its reason. */
interface CheckNodeLine {
  question: string;
  plain: string;
  open: string;
  close: string;
}

const checkNodeLines = new Map<string, CheckNodeLine>();

/** Check ids and their questions are a small fixed set: each node line is written once, remembered. */
function checkNodeLine(id: string, question: string): CheckNodeLine {
  let line = checkNodeLines.get(id);
  if (line === undefined || line.question !== question) {
    const text = escapeConstant(question, 60);
    // The shape around the label, split where the label goes.
    const [before, after] = shape('check', id, '\u0000').split('\u0000');
    line = { question, plain: `\n  ${before}${text}${after}`, open: `\n  ${before}${text}`, close: after };
    if (checkNodeLines.size < 256) checkNodeLines.set(id, line);
  }
  return line;
}

function shape(kind: TreeNode['kind'], id: string, text: string): string {
  switch (kind) {
    case 'start':
      return `${id}(["${text}"])`;
    case 'check':
      // Rounded boxes, not diamonds: a diamond grows with its label and makes the tree hard to read.
      return `${id}("${text}")`;
    case 'outcome':
      return `${id}(["${text}"])`;
    case 'error':
      return `${id}[["${text}"]]`;
  }
}

/** The decision tree of a diagnosis, written while its path is walked. */
export function flowchartOf(diagnosis: Diagnosis): string {
  const writer = new FlowchartWriter();
  walkDecisionPath(diagnosis, writer);
  return writer.text();
}

/** A decision path already collected (decisionPath), as Mermaid. */
export function formatFlowchart(path: DecisionPath): string {
  const writer = new FlowchartWriter();
  for (const node of path.nodes) writer.node(node.kind, node.id, node.nodeClass, node.question, node.reason);
  for (const edge of path.edges) writer.edge(edge.from, edge.to, edge.label, edge.onPath);
  return writer.text();
}
