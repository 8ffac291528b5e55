// The text both diagrams draw for one node that depends only on the node (a check id and its
// question), never on the diagnosis: node ids, flowchart lines and edge ends, sequence messages.
// Check ids are a small fixed set, so each is written once and remembered; per diagnosis the
// diagrams only look a check up once and concatenate.

import { STS_ACTIONS, type Check, type CheckId } from '../engine/types';
import { escapeConstant, escapeLabel, nodeId } from './escape';

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

export type EdgeLabel = 'yes' | 'no' | 'skip' | 'unknown' | '';

/** Who answers a check in the sequence diagram. */
export type Participant = 'Caller' | 'STS' | 'Org' | 'Trust' | 'Identity' | 'IdP';

const PARTICIPANT_OF: Record<CheckId, Participant> = {
  'request-valid': 'STS',
  caller: 'STS',
  'role-exists': 'STS',
  'sts-region': 'STS',
  scp: 'Org',
  rcp: 'Org',
  'trust-principal': 'Trust',
  'trust-conditions': 'Trust',
  'trust-deny': 'Trust',
  'identity-policy': 'Identity',
  'permissions-boundary': 'Identity',
  'session-policy': 'Identity',
  'tag-session': 'Trust',
  'source-identity': 'Trust',
  duration: 'STS',
  'web-identity': 'IdP',
  saml: 'IdP',
};

const ARROW_ON_PATH: Record<EdgeLabel, string> = { '': ' --> ', yes: ' -->|yes| ', no: ' -->|no| ', skip: ' -->|skip| ', unknown: ' -->|unknown| ' };
const ARROW_OFF_PATH: Record<EdgeLabel, string> = { '': ' -.-> ', yes: ' -.->|yes| ', no: ' -.->|no| ', skip: ' -.->|skip| ', unknown: ' -.->|unknown| ' };

/** A node of the decision tree as the flowchart writes it in edges and class lines. */
export interface NodeRef {
  /** The Mermaid node id. */
  id: string;
  /** `\n  id`: the start of an edge line leaving this node. */
  edgeFrom: string;
  /** `,id`: this node appended to a class line. */
  member: string;
  /** The rest of an edge line entering this node, by label, on and off the path. */
  intoOnPath: Record<EdgeLabel, string>;
  intoOffPath: Record<EdgeLabel, string>;
}

export function nodeRef(id: string): NodeRef {
  const intoOnPath = {} as Record<EdgeLabel, string>;
  const intoOffPath = {} as Record<EdgeLabel, string>;
  for (const label of Object.keys(ARROW_ON_PATH) as EdgeLabel[]) {
    intoOnPath[label] = `${ARROW_ON_PATH[label]}${id}`;
    intoOffPath[label] = `${ARROW_OFF_PATH[label]}${id}`;
  }
  return { id, edgeFrom: `\n  ${id}`, member: `,${id}`, intoOnPath, intoOffPath };
}

/** The nodes of the decision tree that are not checks. */
export const START = nodeRef('start');
export const ISSUED = nodeRef('issued');
export const AWS_ERROR = nodeRef('aws_error');
export const INCONCLUSIVE = nodeRef('inconclusive');

/** What both diagrams write for the action called: the start node's line and the first message's label. */
export interface ActionDrawing {
  startLine: string;
  callLabel: string;
}

export function drawAction(action: string): ActionDrawing {
  return {
    startLine: `\n  start(["${escapeLabel(`${action} request`, 60)}"])`,
    callLabel: escapeLabel(action.replace('sts:', ''), 40),
  };
}

/** The three STS actions, drawn once; any other action (an invalid request) is drawn per call. */
const ACTION_DRAWINGS = new Map<string, ActionDrawing>(STS_ACTIONS.map((action) => [action, drawAction(action)]));

export function actionDrawing(action: string): ActionDrawing {
  return ACTION_DRAWINGS.get(action) ?? drawAction(action);
}

/** Everything drawn for one check that depends only on its id and question. */
export interface CheckDrawing extends NodeRef {
  question: string;
  /** Whether the question is the check's title (an id without a question of its own). */
  titled: boolean;
  /** Flowchart: the node line without a reason, and the parts around an escaped reason. */
  node: string;
  nodeOpen: string;
  nodeClose: string;
  /** Sequence: who answers, the messages up to the answer (`ask`), and with the answer yes (`passed`). */
  participant: Participant;
  ask: string;
  passed: string;
}

const drawings = new Map<string, CheckDrawing>();

export function checkDrawing(check: { id: string; title: string }): CheckDrawing {
  const drawing = drawings.get(check.id);
  if (drawing !== undefined && (!drawing.titled || drawing.question === check.title)) return drawing;
  const made = drawCheck(check);
  if (drawings.size < 256) drawings.set(check.id, made);
  return made;
}

function drawCheck(check: { id: string; title: string }): CheckDrawing {
  const known: string | undefined = CHECK_QUESTIONS[check.id as CheckId];
  const question = known ?? check.title;
  const id = nodeId(check.id);
  const text = escapeConstant(question, 60);
  // Rounded boxes, not diamonds: a diamond grows with its label and makes the tree hard to read.
  // The reason goes under the question; `<br/>` is inserted after escaping, so it is ours.
  const nodeOpen = `\n  ${id}("${text}`;
  const participant = PARTICIPANT_OF[check.id as CheckId] ?? 'STS';
  // STS answers its own checks in one message; a policy is asked and answers in two.
  const ask = participant === 'STS' ? `\n  STS->>STS: ${text} ` : `\n  STS->>${participant}: ${text}\n  ${participant}-->>STS: `;
  return {
    ...nodeRef(id),
    question,
    titled: known === undefined,
    node: `${nodeOpen}")`,
    nodeOpen: `${nodeOpen}<br/>`,
    nodeClose: '")',
    participant,
    ask,
    passed: `${ask}yes`,
  };
}

/** How much of a check's summary a sequence message shows. */
export const SEQUENCE_SUMMARY_LIMIT = 90;

/**
 * Labels one diagram escaped that the other shows too (diagramsOf): the summaries of the checks
 * the decision tree labelled with exactly what a sequence message shows. At most a few per diagnosis.
 */
export class SharedLabels {
  private readonly checks: Check[] = [];
  private readonly labels: string[] = [];

  add(check: Check, label: string): void {
    this.checks.push(check);
    this.labels.push(label);
  }

  /** escapeLabel(check.summary, SEQUENCE_SUMMARY_LIMIT), when already written. */
  summaryOf(check: Check): string | undefined {
    const index = this.checks.indexOf(check);
    return index < 0 ? undefined : this.labels[index];
  }
}
