// The request as a conversation: Caller → STS → the policies STS consults, in check order,
// ending at the first failing step (AWS stops there) or at the credentials.

import type { Check, CheckId, Diagnosis } from '../engine/types';
import { escapeConstant, escapeLabel } from './escape';
import { CHECK_QUESTIONS, decidingCheck } from './path';

type Participant = 'Caller' | 'STS' | 'Org' | 'Trust' | 'Identity' | 'IdP';

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

/** The messages of one step up to its answer (`ask`), and with the answer yes (`passed`). */
interface Step {
  question: string;
  participant: Participant;
  ask: string;
  passed: string;
}

const steps = new Map<string, Step>();

/** Check ids and their questions are a small fixed set: each step's messages are written once, remembered. */
function stepOf(check: Check): Step {
  const question = CHECK_QUESTIONS[check.id as CheckId] ?? check.title;
  let step = steps.get(check.id);
  if (step === undefined || step.question !== question) {
    const participant = PARTICIPANT_OF[check.id as CheckId] ?? 'STS';
    const escaped = escapeConstant(question, 60);
    // STS answers its own checks in one message; a policy is asked and answers in two.
    const ask = participant === 'STS' ? `\n  STS->>STS: ${escaped} ` : `\n  STS->>${participant}: ${escaped}\n  ${participant}-->>STS: `;
    step = { question, participant, ask, passed: `${ask}yes` };
    if (steps.size < 256) steps.set(check.id, step);
  }
  return step;
}

export function formatSequence(diagnosis: Diagnosis): string {
  const request = diagnosis.request;
  const action = request?.action ?? 'sts:AssumeRole';
  const roleArn = request?.roleArn;
  // The role's name: what follows the last '/' (the whole ARN when there is none).
  const roleName = escapeLabel(roleArn == null ? 'role' : roleArn.slice(roleArn.lastIndexOf('/') + 1), 50);
  // The steps shown: applicable checks up to and including the failure that decided the answer.
  const deciding = decidingCheck(diagnosis);
  let messages = '';
  let org = false;
  let trust = false;
  let identity = false;
  let idp = false;
  for (const check of diagnosis.checks) {
    if (check.status === 'skip') continue;
    const step = stepOf(check);
    if (check.status === 'pass') messages += step.passed;
    else messages += `${step.ask}${check.status === 'fail' ? 'no' : 'unknown'} - ${escapeLabel(check.summary, 90)}`;
    const participant = step.participant;
    if (participant === 'Org') org = true;
    else if (participant === 'Trust') trust = true;
    else if (participant === 'Identity') identity = true;
    else if (participant !== 'STS') idp = true;
    if (check === deciding) break;
  }

  const callerLabel =
    action === 'sts:AssumeRoleWithWebIdentity'
      ? 'Web identity client'
      : action === 'sts:AssumeRoleWithSAML'
        ? 'SAML client'
        : request?.caller ?? 'Caller';
  let text = `sequenceDiagram\n  participant Caller as ${escapeLabel(callerLabel, 70)}\n  participant STS as AWS STS`;
  if (org) text += '\n  participant Org as Organizations SCP and RCP';
  if (trust) text += `\n  participant Trust as Trust policy of ${roleName}`;
  if (identity) text += '\n  participant Identity as Caller policies';
  if (idp) text += '\n  participant IdP as IAM identity providers';
  text += `\n  Caller->>STS: ${escapeLabel(action.replace('sts:', ''), 40)} ${roleName}${messages}`;

  if (diagnosis.decision === 'allowed') text += '\n  STS-->>Caller: Temporary credentials issued';
  else if (diagnosis.awsError) text += `\n  STS--xCaller: ${escapeLabel(`${diagnosis.awsError.code}: ${diagnosis.awsError.message}`, 120)}`;
  else text += `\n  STS--xCaller: ${escapeLabel(diagnosis.decision === 'inconclusive' ? 'Inconclusive - the snapshot lacks data' : 'Not authorized', 80)}`;
  return text;
}
