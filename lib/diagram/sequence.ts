// The request as a conversation: Caller → STS → the policies STS consults, in check order,
// ending at the first failing step (AWS stops there) or at the credentials.

import type { CheckId, Diagnosis } from '../engine/types';
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

export function formatSequence(diagnosis: Diagnosis): string {
  const request = diagnosis.request;
  const action = request?.action ?? 'sts:AssumeRole';
  const roleName = escapeLabel(request?.roleArn?.split('/').pop() ?? 'role', 50);
  // The steps shown: applicable checks up to and including the failure that decided the answer.
  const deciding = decidingCheck(diagnosis);
  let messages = '';
  let org = false;
  let trust = false;
  let identity = false;
  let idp = false;
  for (const check of diagnosis.checks) {
    if (check.status === 'skip') continue;
    const participant = PARTICIPANT_OF[check.id as CheckId] ?? 'STS';
    const question = escapeConstant(CHECK_QUESTIONS[check.id as CheckId] ?? check.title, 60);
    const answer =
      check.status === 'pass' ? 'yes' : check.status === 'fail' ? `no - ${escapeLabel(check.summary, 90)}` : `unknown - ${escapeLabel(check.summary, 90)}`;
    if (participant === 'STS') {
      messages += `\n  STS->>STS: ${question} ${answer}`;
    } else {
      messages += `\n  STS->>${participant}: ${question}\n  ${participant}-->>STS: ${answer}`;
      if (participant === 'Org') org = true;
      else if (participant === 'Trust') trust = true;
      else if (participant === 'Identity') identity = true;
      else idp = true;
    }
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
