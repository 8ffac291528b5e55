// Writing a DecisionPath as a Mermaid flowchart. Every label goes through escapeLabel; node ids
// come from check ids (`trust-conditions` → `trust_conditions`), so tests and the UI can find the
// failing node by id and by its class.

import type { Check, Diagnosis } from '../engine/types';
import { actionDrawing, checkDrawing, nodeRef, SEQUENCE_SUMMARY_LIMIT, SharedLabels, START, type CheckDrawing, type NodeRef } from './drawing';
import { escapeLabel, escapeConstant } from './escape';
import { decidingCheck, walkDecisionPath, type DecisionPath, type DecisionPathVisitor, type NodeClass, type TreeEdge, type TreeNode } from './path';

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

  /** `shared`: where to keep the escaped summaries the sequence diagram shows too (diagramsOf). */
  constructor(private readonly shared?: SharedLabels) {}

  start(action: string): void {
    this.nodes += actionDrawing(action).startLine;
    this.member('pass', START);
  }

  /** `check` is absent when a collected path is written (formatFlowchart). */
  checkNode(drawing: CheckDrawing, nodeClass: NodeClass, reason: string | undefined, check?: Check): void {
    if (!reason) {
      this.nodes += drawing.node;
    } else {
      // The reason goes under the question (the failing node gets room for key and both values).
      const escaped = escapeLabel(reason, nodeClass === 'fail' ? 180 : 90);
      this.nodes += `${drawing.nodeOpen}${escaped}${drawing.nodeClose}`;
      if (this.shared !== undefined && check !== undefined && reason === check.summary && (check.status === 'unknown' || (check.status === 'fail' && reason.length <= SEQUENCE_SUMMARY_LIMIT))) {
        // Escaped at 90 as the sequence does; a text of at most 90 units is never cut at 180 either.
        this.shared.add(check, escaped);
      }
    }
    this.member(nodeClass, drawing);
  }

  node(kind: Exclude<TreeNode['kind'], 'check'>, node: NodeRef, nodeClass: NodeClass, question: string, reason: string | undefined): void {
    // `<br/>` is inserted after escaping, so it is ours.
    const shown = reason ? `<br/>${escapeLabel(reason, nodeClass === 'fail' ? 180 : 90)}` : '';
    // Outcome questions come from a fixed set: escaped once, remembered.
    const text = kind === 'outcome' ? escapeConstant(question, 60) : escapeLabel(question, 60);
    this.nodes += `\n  ${shape(kind, node.id, `${text}${shown}`)}`;
    this.member(nodeClass, node);
  }

  private member(nodeClass: NodeClass, node: NodeRef): void {
    const members = this.members[nodeClass];
    if (members === '') {
      this.classOrder.push(nodeClass);
      this.members[nodeClass] = node.id;
    } else {
      this.members[nodeClass] = members + node.member;
    }
  }

  edge(from: NodeRef, to: NodeRef, label: TreeEdge['label'], onPath: boolean): void {
    this.edges += from.edgeFrom + (onPath ? to.intoOnPath : to.intoOffPath)[label];
  }

  text(): string {
    let text = `${this.nodes}${this.edges}\n${CLASS_DEF_LINES}`;
    for (const name of this.classOrder) text += `\n  class ${this.members[name]} ${name}`;
    return text;
  }
}

/** Check nodes are drawn once per check (drawing.ts); these are the others. */
function shape(kind: Exclude<TreeNode['kind'], 'check'>, id: string, text: string): string {
  switch (kind) {
    case 'start':
      return `${id}(["${text}"])`;
    case 'outcome':
      return `${id}(["${text}"])`;
    case 'error':
      return `${id}[["${text}"]]`;
  }
}

/** The decision tree of a diagnosis, written while its path is walked. */
export function flowchartOf(diagnosis: Diagnosis, deciding = decidingCheck(diagnosis), shared?: SharedLabels): string {
  const writer = new FlowchartWriter(shared);
  walkDecisionPath(diagnosis, writer, deciding);
  return writer.text();
}

/** A decision path already collected (decisionPath), as Mermaid. */
export function formatFlowchart(path: DecisionPath): string {
  const writer = new FlowchartWriter();
  for (const node of path.nodes) {
    if (node.kind === 'check') writer.checkNode(checkDrawing({ id: node.checkId ?? node.id, title: node.question }), node.nodeClass, node.reason);
    else writer.node(node.kind, nodeRef(node.id), node.nodeClass, node.question, node.reason);
  }
  for (const edge of path.edges) writer.edge(nodeRef(edge.from), nodeRef(edge.to), edge.label, edge.onPath);
  return writer.text();
}
