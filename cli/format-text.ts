// The human-readable verdict printed by `doctor diagnose --format text`.

import { documentedVariantIntro } from '@/lib/engine/aws-error';
import type { CheckStatus, Diagnosis } from '@/lib/engine/types';

const MARK: Record<CheckStatus, string> = { pass: 'ok  ', fail: 'FAIL', skip: 'skip', unknown: '??  ' };
const VERDICT: Record<Diagnosis['decision'], string> = {
  allowed: 'ALLOWED: STS would issue credentials',
  denied: 'DENIED',
  invalid: 'INVALID: AWS would reject the parameters before deciding',
  inconclusive: 'INCONCLUSIVE: nothing failed, but a check needed data the snapshot lacks',
};

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function formatDiagnosisText(diagnosis: Diagnosis): string {
  const lines: string[] = [];
  const request = diagnosis.request;
  lines.push(`Verdict: ${VERDICT[diagnosis.decision]}`);
  if (request) {
    lines.push(`  action  ${request.action}`);
    if (request.caller) lines.push(`  caller  ${request.caller}`);
    lines.push(`  role    ${request.roleArn}`);
  }
  if (diagnosis.failedChecks.length) lines.push(`  failed  ${diagnosis.failedChecks.join(', ')}`);
  lines.push('', 'Checks:');
  const width = Math.max(...diagnosis.checks.map((check) => check.id.length));
  for (const check of diagnosis.checks) {
    const rules = check.rules.length ? ` [${check.rules.join(', ')}]` : '';
    const denial = check.denial ? ` (${check.denial} deny)` : '';
    lines.push(`  ${MARK[check.status]}  ${check.id.padEnd(width)}  ${oneLine(check.summary || check.title)}${denial}${rules}${check.disputed ? ' (AWS docs disagree on this rule)' : ''}`);
  }
  if (diagnosis.awsError) {
    const error = diagnosis.awsError;
    const inexact = error.exactTextKnown === false ? ' (AWS does not document the exact text; this describes it)' : '';
    lines.push('', `AWS would answer: ${error.code}${error.httpStatus ? ` (HTTP ${error.httpStatus})` : ''}${inexact}`, `  ${oneLine(error.message)}`);
    if (error.documentedVariant && error.documentedVariant !== error.message) lines.push(`  ${documentedVariantIntro(error)}: ${oneLine(error.documentedVariant)}`);
  }
  if (diagnosis.problems?.length) {
    lines.push('', 'Skipped malformed statements (AWS would not have stored them):');
    for (const problem of diagnosis.problems) lines.push(`  - ${problem.policy.kind} ${problem.policy.name}: ${problem.field}: ${oneLine(problem.message)}`);
  }
  if (diagnosis.fixes.length) {
    lines.push('', 'Fixes:');
    diagnosis.fixes.forEach((fix, index) => {
      lines.push(`  ${index + 1}. ${fix.title}${fix.check ? ` (${fix.check})` : ''}`);
      if (fix.warning) lines.push(`     WARNING: ${oneLine(fix.warning)}`);
      lines.push(`     ${oneLine(fix.explanation)}`);
      if (fix.policyPatch) lines.push(`     changes: ${fix.policyPatch.target}`);
      if (fix.settingPatch) lines.push(`     changes: ${fix.settingPatch.target}`);
      if (fix.requestPatch) lines.push(`     request: ${JSON.stringify(fix.requestPatch)}`);
      if (fix.cli) for (const line of fix.cli.split('\n')) lines.push(`     ${line.startsWith('#') ? line : `$ ${line}`}`);
    });
  } else if (diagnosis.decision !== 'allowed') {
    lines.push('', 'No automatic fix: see the failing check above.');
  }
  return lines.join('\n');
}
