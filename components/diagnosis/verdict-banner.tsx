import type { AssumeRoleRequest, Diagnosis } from '@/lib/engine/types';
import { decidingCheck } from '@/lib/diagram/path';
import { documentedVariantIsPattern } from '@/lib/engine/aws-error';
import { DECISION_COLOR, DECISION_TEXT } from './status';

/** The first thing an on-call engineer reads: the verdict, AWS's own words, and where it fails. */
export function VerdictBanner({ diagnosis, request }: { diagnosis: Diagnosis; request: AssumeRoleRequest }) {
  const failing = diagnosis.checks.filter((check) => check.status === 'fail');
  const unknown = diagnosis.checks.filter((check) => check.status === 'unknown');
  // The check whose error AWS returns (a parameter STS rejects before any policy, an explicit
  // deny before an implicit one): the same node the decision tree marks.
  const first = decidingCheck(diagnosis);
  return (
    <section
      aria-labelledby="verdict-heading"
      data-testid="verdict"
      data-decision={diagnosis.decision}
      className={`rounded-lg border-l-8 border border-[var(--border)] bg-[var(--card)] p-4 ${DECISION_COLOR[diagnosis.decision]}`}
    >
      <p className="text-xs uppercase tracking-wide text-[var(--muted)]">{request.action}</p>
      <h2 id="verdict-heading" className="text-xl font-semibold">
        <span data-testid="decision">{DECISION_TEXT[diagnosis.decision]}</span>
        {first ? (
          <>
            {' — '}check failed: <span data-testid="failing-check">{first.title}</span>
          </>
        ) : null}
      </h2>
      {first ? (
        <p className="mt-1 text-sm" data-testid="failing-reason">
          {first.summary}{' '}
          <a href={`#check-${first.id}`} className="whitespace-nowrap text-[var(--accent)] underline">
            See the evidence
          </a>
          {first.disputed ? (
            <span className="ml-2 rounded-full border border-[var(--warn)] px-2 py-0.5 text-xs font-semibold text-[var(--warn)]" title="The AWS documentation contradicts itself on the rule this check follows">
              disputed
            </span>
          ) : null}
        </p>
      ) : diagnosis.decision === 'inconclusive' && unknown.length > 0 ? (
        <p className="mt-1 text-sm" data-testid="unknown-reason">
          Nothing failed, but {unknown.map((check) => check.title).join(', ')} could not be evaluated with the data at hand.{' '}
          {/* The first unknown check says which value is missing (e.g. a SAML attribute the form was not given). */}
          {unknown[0].summary}{' '}
          <a href={`#check-${unknown[0].id}`} className="whitespace-nowrap text-[var(--accent)] underline">
            See the evidence
          </a>
        </p>
      ) : diagnosis.decision === 'allowed' ? (
        <p className="mt-1 text-sm">Every check passes: AWS would issue the credentials.</p>
      ) : null}
      {diagnosis.awsError ? (
        <div className="mt-3 rounded border border-[var(--border)] bg-[var(--bg)] p-3">
          <p className="text-xs text-[var(--muted)]">
            What AWS answers <span className="font-mono">({diagnosis.awsError.code}{diagnosis.awsError.httpStatus ? `, HTTP ${diagnosis.awsError.httpStatus}` : ''})</span>
            {diagnosis.awsError.exactTextKnown === false ? (
              <span data-testid="aws-error-inexact">: AWS does not document the exact text; this describes it, so do not search logs for it word for word</span>
            ) : null}
          </p>
          <p className="mt-1 break-words font-mono text-sm" data-testid="aws-error">
            {diagnosis.awsError.message}
          </p>
          {diagnosis.awsError.documentedVariant && diagnosis.awsError.documentedVariant !== diagnosis.awsError.message ? (
            <p className="mt-2 text-xs text-[var(--muted)]" data-testid="aws-error-documented">
              {documentedVariantIsPattern(diagnosis.awsError)
                ? 'AWS’s documentation gives this as a pattern, not word for word (its own example reads differently); STS may also return it:'
                : 'AWS’s documentation gives a longer form, which STS may also return:'}{' '}
              <span className="break-words font-mono">{diagnosis.awsError.documentedVariant}</span>
            </p>
          ) : null}
        </div>
      ) : null}
      {failing.length > 1 ? (
        <p className="mt-2 text-xs text-[var(--muted)]">
          Also failing: {failing.filter((check) => check !== first).map((check) => check.title).join(', ')}.
        </p>
      ) : null}
    </section>
  );
}
