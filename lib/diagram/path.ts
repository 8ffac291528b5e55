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
  const failing = diagnosis.checks.filter((check) => check.status === 'fail');
  if (failing.length === 0) return undefined;
  if (diagnosis.decision === 'invalid') return failing.find((check) => INVALID_CHECKS.has(check.id)) ?? failing[0];
  return failing.find((check) => check.id === 'caller') ?? failing.find((check) => check.id === 'web-identity') ?? failing[0];
}

export function decisionPath(diagnosis: Diagnosis): DecisionPath {
  const action = diagnosis.request?.action ?? 'sts:AssumeRole';
  const nodes: TreeNode[] = [{ id: 'start', question: `${action} request`, nodeClass: 'pass', kind: 'start' }];
  const edges: TreeEdge[] = [];
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
    nodes.push({
      id,
      checkId: check.id,
      question: CHECK_QUESTIONS[check.id as CheckId] ?? check.title,
      // A reason is shown where the eye goes: failures, unknowns and skips on the path. Checks
      // beyond the deciding failure are greyed out and keep only their question.
      reason: check.status === 'pass' || (nodeClass === 'notreached' && check.status !== 'fail') ? undefined : nodeReason(check),
      nodeClass,
      status: check.status,
      kind: 'check',
    });
    edges.push({ from: previous, to: id, label: previousLabel, onPath: !beyond });
    previous = id;
    previousLabel = check.status === 'pass' ? 'yes' : check.status === 'skip' ? 'skip' : check.status === 'unknown' ? 'unknown' : 'yes';
    if (check === firstFail) reachedFailure = true;
  }

  const allowed = diagnosis.decision === 'allowed';
  nodes.push({ id: 'issued', question: 'Credentials issued', nodeClass: allowed ? 'pass' : 'notreached', kind: 'outcome' });
  edges.push({ from: previous, to: 'issued', label: previousLabel, onPath: allowed });

  if (firstFail) {
    const error = diagnosis.awsError;
    nodes.push({
      id: 'aws_error',
      question: error ? error.code : diagnosis.decision === 'invalid' ? 'ValidationError' : 'AccessDenied',
      reason: error?.message,
      nodeClass: 'fail',
      kind: 'error',
    });
    edges.push({ from: checkNodeId(firstFail.id), to: 'aws_error', label: 'no', onPath: true });
  } else if (diagnosis.decision === 'inconclusive') {
    nodes.push({ id: 'inconclusive', question: 'Inconclusive: the snapshot lacks data', nodeClass: 'unknown', kind: 'error' });
    const firstUnknown = diagnosis.checks.find((check) => check.status === 'unknown');
    if (firstUnknown) edges.push({ from: checkNodeId(firstUnknown.id), to: 'inconclusive', label: 'unknown', onPath: true });
  }
  return { nodes, edges, failingNodeId: firstFail ? checkNodeId(firstFail.id) : undefined };
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
