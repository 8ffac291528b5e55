// The request as a conversation: Caller → STS → the policies STS consults, in check order,
// ending at the first failing step (AWS stops there) or at the credentials.

import type { Diagnosis } from '../engine/types';
import { actionDrawing, checkDrawing, SEQUENCE_SUMMARY_LIMIT, type SharedLabels } from './drawing';
import { escapeLabel } from './escape';
import { decidingCheck } from './path';

export function formatSequence(diagnosis: Diagnosis, deciding = decidingCheck(diagnosis), shared?: SharedLabels): string {
  const request = diagnosis.request;
  const action = request?.action ?? 'sts:AssumeRole';
  const roleArn = request?.roleArn;
  // The role's name: what follows the last '/' (the whole ARN when there is none).
  const roleName = escapeLabel(roleArn == null ? 'role' : roleArn.slice(roleArn.lastIndexOf('/') + 1), 50);
  // The steps shown: applicable checks up to and including the failure that decided the answer.
  let messages = '';
  let org = false;
  let trust = false;
  let identity = false;
  let idp = false;
  for (const check of diagnosis.checks) {
    if (check.status === 'skip') continue;
    const step = checkDrawing(check);
    if (check.status === 'pass') messages += step.passed;
    else messages += `${step.ask}${check.status === 'fail' ? 'no' : 'unknown'} - ${shared?.summaryOf(check) ?? escapeLabel(check.summary, SEQUENCE_SUMMARY_LIMIT)}`;
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
  text += `\n  Caller->>STS: ${actionDrawing(action).callLabel} ${roleName}${messages}`;

  if (diagnosis.decision === 'allowed') text += '\n  STS-->>Caller: Temporary credentials issued';
  else if (diagnosis.awsError) text += `\n  STS--xCaller: ${escapeLabel(`${diagnosis.awsError.code}: ${diagnosis.awsError.message}`, 120)}`;
  else text += `\n  STS--xCaller: ${escapeLabel(diagnosis.decision === 'inconclusive' ? 'Inconclusive - the snapshot lacks data' : 'Not authorized', 80)}`;
  return text;
}
