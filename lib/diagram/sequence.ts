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

export interface SequenceStep {
  check: Check;
  participant: Participant;
}

/** The steps shown: applicable checks up to and including the failure that decided the answer. */
export function sequenceSteps(diagnosis: Diagnosis): SequenceStep[] {
  const deciding = decidingCheck(diagnosis);
  const steps: SequenceStep[] = [];
  for (const check of diagnosis.checks) {
    if (check.status === 'skip') continue;
    steps.push({ check, participant: PARTICIPANT_OF[check.id as CheckId] ?? 'STS' });
    if (check === deciding) break;
  }
  return steps;
}

export function formatSequence(diagnosis: Diagnosis): string {
  const request = diagnosis.request;
  const action = request?.action ?? 'sts:AssumeRole';
  const steps = sequenceSteps(diagnosis);
  const used = new Set<Participant>(steps.map((step) => step.participant));
  const callerLabel =
    action === 'sts:AssumeRoleWithWebIdentity'
      ? 'Web identity client'
      : action === 'sts:AssumeRoleWithSAML'
        ? 'SAML client'
        : request?.caller ?? 'Caller';
  const roleName = request?.roleArn?.split('/').pop() ?? 'role';
  const lines = ['sequenceDiagram', `  participant Caller as ${escapeLabel(callerLabel, 70)}`, '  participant STS as AWS STS'];
  if (used.has('Org')) lines.push('  participant Org as Organizations SCP and RCP');
  if (used.has('Trust')) lines.push(`  participant Trust as Trust policy of ${escapeLabel(roleName, 50)}`);
  if (used.has('Identity')) lines.push('  participant Identity as Caller policies');
  if (used.has('IdP')) lines.push('  participant IdP as IAM identity providers');
  lines.push(`  Caller->>STS: ${escapeLabel(action.replace('sts:', ''), 40)} ${escapeLabel(roleName, 50)}`);

  for (const { check, participant } of steps) {
    const question = escapeConstant(CHECK_QUESTIONS[check.id as CheckId] ?? check.title, 60);
    const answer =
      check.status === 'pass' ? 'yes' : check.status === 'fail' ? `no - ${escapeLabel(check.summary, 90)}` : `unknown - ${escapeLabel(check.summary, 90)}`;
    if (participant === 'STS') {
      lines.push(`  STS->>STS: ${question} ${answer}`);
    } else {
      lines.push(`  STS->>${participant}: ${question}`);
      lines.push(`  ${participant}-->>STS: ${answer}`);
    }
  }

  if (diagnosis.decision === 'allowed') lines.push('  STS-->>Caller: Temporary credentials issued');
  else if (diagnosis.awsError) lines.push(`  STS--xCaller: ${escapeLabel(`${diagnosis.awsError.code}: ${diagnosis.awsError.message}`, 120)}`);
  else lines.push(`  STS--xCaller: ${escapeLabel(diagnosis.decision === 'inconclusive' ? 'Inconclusive - the snapshot lacks data' : 'Not authorized', 80)}`);
  return lines.join('\n');
}
