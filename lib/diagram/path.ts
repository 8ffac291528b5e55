// Choosing what the decision-tree diagram shows, separate from how it is written in Mermaid:
// which checks are nodes, in which order, with which status, and where the path ends.

import type { Check, CheckStatus, ConditionEvidence, Diagnosis } from '../engine/types';
import { AWS_ERROR, CHECK_QUESTIONS, checkDrawing, INCONCLUSIVE, ISSUED, START, type CheckDrawing, type NodeRef } from './drawing';
import { nodeId } from './escape';

export type NodeClass = 'pass' | 'fail' | 'notreached' | 'skip' | 'unknown';

export interface TreeNode {
  id: string;
  checkId?: string;
  question: string;
  /** One line saying why, shown on failing / unknown / skipped nodes. */
  reason?: string;
  nodeClass: NodeClass;
  status?: CheckStatus;
  kind: 'start' | 'check' | 'outcome' | 'error';
}

export interface TreeEdge {
  from: string;
  to: string;
  label: 'yes' | 'no' | 'skip' | 'unknown' | '';
  onPath: boolean;
}

export interface DecisionPath {
  nodes: TreeNode[];
  edges: TreeEdge[];
  /** Id of the node of the failing check that produced AWS's answer, if any. */
  failingNodeId?: string;
}

// The questions are drawn with the rest of a check's text (drawing.ts).
export { CHECK_QUESTIONS };

export function checkNodeId(checkId: string): string {
  return nodeId(checkId);
}

/** Checks whose failure makes the call invalid (AWS answers ValidationError). */
const INVALID_CHECKS = new Set<string>(['request-valid', 'duration']);

/**
 * The failing check that produced AWS's answer: the one the engine names (awsError.check), else,
 * for a diagnosis that does not say, parameter errors first when the call is invalid, then refusals that come before any
 * policy is read (the caller's credentials, the web identity token), then the first failure in
 * tree order. The verdict headline and both diagrams follow it.
 */
export function decidingCheck(diagnosis: Diagnosis): Check | undefined {
  const named = diagnosis.awsError?.check;
  if (named !== undefined) {
    const check = diagnosis.checks.find((candidate) => candidate.id === named);
    if (check?.status === 'fail') return check;
  }
  // One pass, remembering the first failure of each kind.
  let first: Check | undefined;
  let firstInvalid: Check | undefined;
  let caller: Check | undefined;
  let webIdentity: Check | undefined;
  for (const check of diagnosis.checks) {
    if (check.status !== 'fail') continue;
    if (INVALID_CHECKS.has(check.id)) firstInvalid ??= check;
    else first ??= check;
    if (check.id === 'caller') caller ??= check;
    else if (check.id === 'web-identity') webIdentity ??= check;
  }
  if (diagnosis.decision === 'invalid') return firstInvalid ?? first;
  // A refusal is what AWS answers when the duration is also too long (see decide in lib/engine).
  return caller ?? webIdentity ?? first ?? firstInvalid;
}

/**
 * Receives the decision path in order, node by node and edge by edge. decisionPath collects them
 * as objects; the Mermaid writer writes them as text directly.
 */
export interface DecisionPathVisitor {
  /** The start node: a call of `action`. */
  start(action: string): void;
  checkNode(drawing: CheckDrawing, nodeClass: NodeClass, reason: string | undefined, check: Check): void;
  /** The outcome and error nodes (and, from a collected path, the start node); `reason` for nodes that show one. */
  node(kind: Exclude<TreeNode['kind'], 'check'>, node: NodeRef, nodeClass: NodeClass, question: string, reason: string | undefined): void;
  edge(from: NodeRef, to: NodeRef, label: TreeEdge['label'], onPath: boolean): void;
}

/** Walks the decision path of a diagnosis; returns the id of the failing node, if any. */
export function walkDecisionPath(diagnosis: Diagnosis, visitor: DecisionPathVisitor, firstFail = decidingCheck(diagnosis)): string | undefined {
  const action = diagnosis.request?.action ?? 'sts:AssumeRole';
  visitor.start(action);
  let reachedFailure = false;
  let previous: NodeRef = START;
  let previousLabel: TreeEdge['label'] = '';
  let failing: CheckDrawing | undefined;

  for (const check of diagnosis.checks) {
    const drawing = checkDrawing(check);
    const beyond = reachedFailure;
    let nodeClass: NodeClass;
    switch (check.status) {
      case 'pass':
        // AWS stops at the first failure: checks after it are shown greyed, not as passed.
        nodeClass = beyond ? 'notreached' : 'pass';
        break;
      case 'fail':
        nodeClass = 'fail';
        break;
      case 'skip':
        nodeClass = beyond ? 'notreached' : 'skip';
        break;
      case 'unknown':
        nodeClass = 'unknown';
        break;
    }
    // A reason is shown where the eye goes: failures, unknowns and skips on the path. Checks
    // beyond the deciding failure are greyed out and keep only their question.
    const reason = check.status === 'pass' || (nodeClass === 'notreached' && check.status !== 'fail') ? undefined : nodeReason(check);
    visitor.checkNode(drawing, nodeClass, reason, check);
    visitor.edge(previous, drawing, previousLabel, !beyond);
    previous = drawing;
    previousLabel = check.status === 'pass' ? 'yes' : check.status === 'skip' ? 'skip' : check.status === 'unknown' ? 'unknown' : 'yes';
    if (check === firstFail) {
      reachedFailure = true;
      failing = drawing;
    }
  }

  const allowed = diagnosis.decision === 'allowed';
  visitor.node('outcome', ISSUED, allowed ? 'pass' : 'notreached', 'Credentials issued', undefined);
  visitor.edge(previous, ISSUED, previousLabel, allowed);

  if (firstFail) {
    const error = diagnosis.awsError;
    const question = error ? error.code : diagnosis.decision === 'invalid' ? 'ValidationError' : 'AccessDenied';
    visitor.node('error', AWS_ERROR, 'fail', question, error?.message);
    // The deciding check is one of the checks walked (decidingCheck picks from them).
    const from = failing ?? checkDrawing(firstFail);
    visitor.edge(from, AWS_ERROR, 'no', true);
    return from.id;
  }
  if (diagnosis.decision === 'inconclusive') {
    visitor.node('error', INCONCLUSIVE, 'unknown', 'Inconclusive: the snapshot lacks data', undefined);
    const firstUnknown = diagnosis.checks.find((check) => check.status === 'unknown');
    if (firstUnknown) visitor.edge(checkDrawing(firstUnknown), INCONCLUSIVE, 'unknown', true);
  }
  return undefined;
}

export function decisionPath(diagnosis: Diagnosis): DecisionPath {
  const nodes: TreeNode[] = [];
  const edges: TreeEdge[] = [];
  const failingNodeId = walkDecisionPath(diagnosis, {
    start(action) {
      nodes.push({ id: START.id, question: `${action} request`, nodeClass: 'pass', kind: 'start' });
    },
    checkNode(drawing, nodeClass, reason, check) {
      nodes.push({ id: drawing.id, checkId: check.id, question: drawing.question, reason, nodeClass, status: check.status, kind: 'check' });
    },
    node(kind, node, nodeClass, question, reason) {
      if (reason !== undefined) nodes.push({ id: node.id, question, reason, nodeClass, kind });
      else nodes.push({ id: node.id, question, nodeClass, kind });
    },
    edge(from, to, label, onPath) {
      edges.push({ from: from.id, to: to.id, label, onPath });
    },
  });
  return { nodes, edges, failingNodeId };
}

/**
 * The one line a node can hold. A failing condition is told by its key and both values, which
 * is what an engineer needs first; the summary (which starts by locating the statement) would be
 * truncated before it got there. Other checks keep their summary.
 */
export function nodeReason(check: Check): string {
  if (check.status === 'fail') {
    for (const evidence of check.evidence) {
      const condition = firstUnmatched(evidence.conditions);
      if (!condition) continue;
      const where = evidence.statement.sid ? ` (${evidence.statement.sid})` : '';
      // R-35: the comparison never happened; the unresolved variable is the reason, not the values.
      if (condition.unresolvedVariable !== undefined) return `\${${condition.unresolvedVariable}} has no value for this call, so ${condition.operator} on ${condition.key} fails${where}`;
      const sent = condition.keyMissing || condition.requestValues.length === 0 ? 'absent' : condition.requestValues.map((v) => `'${v}'`).join(', ');
      return `${condition.key} is ${sent}; ${condition.operator} ${demand(condition)}${where}`;
    }
  }
  return check.summary;
}

/**
 * What the operator asks for, worded so the line never reads as a contradiction: a negated
 * operator rules its values out ("StringNotEquals wants 'blocked'" beside "is 'blocked'" would read
 * as a match), and Null asks for the key to be absent or present.
 */
function demand(condition: ConditionEvidence): string {
  const values = condition.resolvedPolicyValues ?? condition.policyValues;
  const operator = condition.operator.replace(/^For(All|Any)Values?:/, '').replace(/IfExists$/, '');
  if (operator === 'Null') return values[0] === 'true' ? 'wants it absent' : 'wants it present';
  if (/Not/.test(operator)) return `rules out ${values.map((v) => `'${v}'`).join(', ')}`;
  return `wants ${values.map((v) => `'${v}'`).join(' or ')}`;
}

/** conditions.find((c) => !c.matched), without a closure per piece of evidence. */
function firstUnmatched(conditions: ConditionEvidence[] | null | undefined): ConditionEvidence | undefined {
  if (conditions == null) return undefined;
  for (const condition of conditions) if (!condition.matched) return condition;
  return undefined;
}
