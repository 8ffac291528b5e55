// Choosing what the decision-tree diagram shows, separate from how it is written in Mermaid:
// which checks are nodes, in which order, with which status, and where the path ends.

import type { Check, CheckId, CheckStatus, Diagnosis } from '../engine/types';
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

/** The question each check answers, in the spirit of "Trust policy valid? → Source has permission? → Conditions met?". */
export const CHECK_QUESTIONS: Record<CheckId, string> = {
  'request-valid': 'Request parameters valid?',
  caller: 'Caller may call this STS action?',
  'role-exists': 'Role exists?',
  'sts-region': 'STS active in this region?',
  scp: 'SCPs allow the caller?',
  rcp: 'RCPs allow access to the role?',
  'trust-principal': 'Trust policy names the caller?',
  'trust-conditions': 'Trust conditions met?',
  'trust-deny': 'No deny in the trust policy?',
  'identity-policy': 'Source has permission?',
  'permissions-boundary': 'Permissions boundary allows?',
  'session-policy': 'Session policy allows?',
  'tag-session': 'Session tags allowed?',
  'source-identity': 'Source identity allowed?',
  duration: 'Session duration within limit?',
  'web-identity': 'OIDC provider and audience valid?',
  saml: 'SAML provider registered?',
};

export function checkNodeId(checkId: string): string {
  return nodeId(checkId);
}

/** Checks whose failure makes the call invalid (AWS answers ValidationError). */
const INVALID_CHECKS = new Set<string>(['request-valid', 'duration']);

/**
 * The failing check that produced AWS's answer: parameter errors first, then refusals that come
 * before any policy is read (the caller's credentials, the web identity token), then the first
 * failure in tree order.
 */
export function decidingCheck(diagnosis: Diagnosis): Check | undefined {
  // One pass, remembering the first failure of each kind.
  let first: Check | undefined;
  let firstInvalid: Check | undefined;
  let caller: Check | undefined;
  let webIdentity: Check | undefined;
  for (const check of diagnosis.checks) {
    if (check.status !== 'fail') continue;
    first ??= check;
    if (INVALID_CHECKS.has(check.id)) firstInvalid ??= check;
    if (check.id === 'caller') caller ??= check;
    else if (check.id === 'web-identity') webIdentity ??= check;
  }
  if (first === undefined) return undefined;
  if (diagnosis.decision === 'invalid') return firstInvalid ?? first;
  return caller ?? webIdentity ?? first;
}

/**
 * Receives the decision path in order, node by node and edge by edge. decisionPath collects them
 * as objects; the Mermaid writer writes them as text directly.
 */
export interface DecisionPathVisitor {
  /** `check` is given for check nodes; `reason` for nodes that show one. */
  node(kind: TreeNode['kind'], id: string, nodeClass: NodeClass, question: string, reason: string | undefined, check: Check | undefined): void;
  edge(from: string, to: string, label: TreeEdge['label'], onPath: boolean): void;
}

/** Walks the decision path of a diagnosis; returns the id of the failing node, if any. */
export function walkDecisionPath(diagnosis: Diagnosis, visitor: DecisionPathVisitor): string | undefined {
  const action = diagnosis.request?.action ?? 'sts:AssumeRole';
  visitor.node('start', 'start', 'pass', `${action} request`, undefined, undefined);
  const firstFail = decidingCheck(diagnosis);
  let reachedFailure = false;
  let previous = 'start';
  let previousLabel: TreeEdge['label'] = '';

  for (const check of diagnosis.checks) {
    const id = checkNodeId(check.id);
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
    visitor.node('check', id, nodeClass, CHECK_QUESTIONS[check.id as CheckId] ?? check.title, reason, check);
    visitor.edge(previous, id, previousLabel, !beyond);
    previous = id;
    previousLabel = check.status === 'pass' ? 'yes' : check.status === 'skip' ? 'skip' : check.status === 'unknown' ? 'unknown' : 'yes';
    if (check === firstFail) reachedFailure = true;
  }

  const allowed = diagnosis.decision === 'allowed';
  visitor.node('outcome', 'issued', allowed ? 'pass' : 'notreached', 'Credentials issued', undefined, undefined);
  visitor.edge(previous, 'issued', previousLabel, allowed);

  if (firstFail) {
    const error = diagnosis.awsError;
    const question = error ? error.code : diagnosis.decision === 'invalid' ? 'ValidationError' : 'AccessDenied';
    visitor.node('error', 'aws_error', 'fail', question, error?.message, undefined);
    visitor.edge(checkNodeId(firstFail.id), 'aws_error', 'no', true);
    return checkNodeId(firstFail.id);
  }
  if (diagnosis.decision === 'inconclusive') {
    visitor.node('error', 'inconclusive', 'unknown', 'Inconclusive: the snapshot lacks data', undefined, undefined);
    const firstUnknown = diagnosis.checks.find((check) => check.status === 'unknown');
    if (firstUnknown) visitor.edge(checkNodeId(firstUnknown.id), 'inconclusive', 'unknown', true);
  }
  return undefined;
}

export function decisionPath(diagnosis: Diagnosis): DecisionPath {
  const nodes: TreeNode[] = [];
  const edges: TreeEdge[] = [];
  const failingNodeId = walkDecisionPath(diagnosis, {
    node(kind, id, nodeClass, question, reason, check) {
      if (check) nodes.push({ id, checkId: check.id, question, reason, nodeClass, status: check.status, kind });
      else if (reason !== undefined) nodes.push({ id, question, reason, nodeClass, kind });
      else nodes.push({ id, question, nodeClass, kind });
    },
    edge(from, to, label, onPath) {
      edges.push({ from, to, label, onPath });
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
      const condition = evidence.conditions?.find((c) => !c.matched);
      if (!condition) continue;
      const sent = condition.keyMissing || condition.requestValues.length === 0 ? 'absent' : condition.requestValues.map((v) => `'${v}'`).join(', ');
      const wanted = (condition.resolvedPolicyValues ?? condition.policyValues).map((v) => `'${v}'`).join(' or ');
      const where = evidence.statement.sid ? ` (${evidence.statement.sid})` : '';
      return `${condition.key} is ${sent}; ${condition.operator} wants ${wanted}${where}`;
    }
  }
  return check.summary;
}
