'use client';

// "Break it": the learner clicks a change, the engine re-diagnoses the lab right here in the
// browser (it is pure), and the decision tree shows the failing node. The chosen break lives in
// the URL (?break=<id>) so a broken state can be shared; nothing is written anywhere else.

import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { MermaidDiagram } from '@/components/mermaid-diagram';
import { checkNodeId, decisionTreeMermaid } from '@/lib/diagram';
import { decidingCheck } from '@/lib/diagram/path';
import { diagnose } from '@/lib/engine';
import { findBreak } from '@/lib/learn/breaks';
import { describeChange, type Lab, type LabChange } from '@/lib/learn/lab';

export interface BreakChoice {
  id: string;
  label: string;
  explanation: string;
  expected: string;
  rules: string[];
}

type Props = {
  lab: Lab;
  breaks: BreakChoice[];
  /** A short description of the lab's scenario. */
  scenario: string;
};

const PARAM = 'break';

function subscribeToUrl(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener('learn:break', onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener('learn:break', onChange);
  };
}

function readBreakFromUrl(): string {
  return new URLSearchParams(window.location.search).get(PARAM) ?? '';
}

function writeBreakToUrl(id: string | null): void {
  const url = new URL(window.location.href);
  if (id) url.searchParams.set(PARAM, id);
  else url.searchParams.delete(PARAM);
  window.history.replaceState(window.history.state, '', url);
  window.dispatchEvent(new Event('learn:break'));
}

export function BreakItPanel({ lab, breaks, scenario }: Props) {
  const fromUrl = useSyncExternalStore(subscribeToUrl, readBreakFromUrl, () => '');
  const active = breaks.find((choice) => choice.id === fromUrl) ?? null;

  const { diagnosis, changes, error } = useMemo(() => {
    try {
      const definition = active ? findBreak(active.id) : undefined;
      const current = definition ? definition.apply(lab) : lab;
      const changed: LabChange[] = definition ? describeChange(lab, current) : [];
      return { diagnosis: diagnose(current.snapshot, current.request), changes: changed, error: null };
    } catch (caught) {
      return { diagnosis: null, changes: [] as LabChange[], error: caught instanceof Error ? caught.message : String(caught) };
    }
  }, [active, lab]);

  const tree = useMemo(() => (diagnosis ? decisionTreeMermaid(diagnosis) : ''), [diagnosis]);
  const choose = useCallback((id: string | null) => writeBreakToUrl(id), []);
  const failing = diagnosis?.checks.filter((check) => check.status === 'fail') ?? [];
  // The failing check AWS's answer comes from (parameters first, then the token, then tree order).
  const deciding = diagnosis ? decidingCheck(diagnosis) : undefined;

  return (
    <section aria-labelledby="break-it-heading" className="space-y-3 rounded-lg border border-[var(--border)] bg-[var(--card)] p-4" data-testid="break-it">
      <div>
        <h2 id="break-it-heading" className="text-lg font-semibold">
          {breaks.length > 0 ? 'Break it' : 'Live diagnosis'}
        </h2>
        <p className="text-sm text-[var(--muted)]">
          Scenario: {scenario}.{' '}
          {breaks.length > 0
            ? 'Each button changes the policy or the request in your browser only and runs the engine again.'
            : 'The engine runs on this role in your browser.'}
        </p>
      </div>
      {breaks.length > 0 ? (
        <div role="group" aria-label="Ways to break this setup" className="flex flex-wrap gap-2">
          {breaks.map((choice) => (
            <button
              key={choice.id}
              type="button"
              onClick={() => choose(choice.id)}
              aria-pressed={active?.id === choice.id}
              data-testid={`break-${choice.id}`}
              className="rounded border border-[var(--border)] px-3 py-1.5 text-sm hover:bg-[var(--bg)] aria-pressed:border-[var(--fail)] aria-pressed:text-[var(--fail)]"
            >
              {choice.label}
            </button>
          ))}
          <button
            type="button"
            onClick={() => choose(null)}
            disabled={!active}
            data-testid="break-reset"
            className="rounded border border-[var(--accent)] px-3 py-1.5 text-sm text-[var(--accent)] disabled:opacity-50"
          >
            Reset
          </button>
        </div>
      ) : null}

      {active ? (
        <p className="text-sm" data-testid="break-explanation">
          <span className="font-medium">{active.label}: </span>
          {active.explanation}{active.rules.length > 0 ? <span className="text-[var(--muted)]"> ({active.rules.join(', ')})</span> : null}
        </p>
      ) : null}

      {changes.length > 0 ? (
        <details className="rounded border border-[var(--border)] p-2 text-sm" data-testid="break-changes">
          <summary className="cursor-pointer">What changed: {changes.map((change) => change.label).join(', ')}</summary>
          {changes.map((change) => (
            <div key={change.label} className="mt-2 grid gap-2 md:grid-cols-2 [&>*]:min-w-0">
              <figure>
                <figcaption className="text-xs text-[var(--muted)]">{change.label}, before</figcaption>
                <pre tabIndex={0} className="max-h-64 overflow-auto rounded bg-[var(--bg)] p-2 text-xs">{JSON.stringify(change.before, null, 2)}</pre>
              </figure>
              <figure>
                <figcaption className="text-xs text-[var(--muted)]">{change.label}, after</figcaption>
                <pre tabIndex={0} className="max-h-64 overflow-auto rounded bg-[var(--bg)] p-2 text-xs">{JSON.stringify(change.after, null, 2)}</pre>
              </figure>
            </div>
          ))}
        </details>
      ) : null}

      {error ? (
        <p role="alert" className="text-sm text-[var(--fail)]">
          The engine could not evaluate this lab: {error}
        </p>
      ) : null}

      {diagnosis ? (
        <div aria-live="polite" className="space-y-2">
          <p className="text-sm">
            Decision:{' '}
            <strong
              data-testid="learn-decision"
              className={diagnosis.decision === 'allowed' ? 'text-[var(--pass)]' : 'text-[var(--fail)]'}
            >
              {diagnosis.decision}
            </strong>
            {failing.length > 0 ? (
              <>
                {' '}
                — failing check{failing.length > 1 ? 's' : ''}:{' '}
                <span data-testid="learn-failed-checks">
                  {failing.map((check, index) => (
                    <span key={check.id}>
                      {index > 0 ? ', ' : ''}
                      <code data-testid={`failed-check-${check.id}`}>{check.id}</code>
                    </span>
                  ))}
                </span>
              </>
            ) : null}
          </p>
          {deciding ? (
            <p className="text-sm">
              AWS stops at <code data-testid="learn-deciding-check">{deciding.id}</code>: <span className="text-[var(--muted)]">{deciding.summary}</span>
            </p>
          ) : null}
          {diagnosis.awsError ? (
            <p className="text-sm">
              {diagnosis.awsError.exactTextKnown === false ? 'What happens (AWS documents no exact text for this): ' : 'AWS would answer: '}
              <code className="break-all">{diagnosis.awsError.code}: {diagnosis.awsError.message}</code>
            </p>
          ) : null}
          <div className="grid gap-3 lg:grid-cols-[16rem_minmax(0,1fr)]">
            <ol aria-label="Checks, in the engine’s tree order" className="space-y-1 text-sm" data-testid="learn-check-list">
              {diagnosis.checks.map((check) => (
                <li key={check.id} data-testid={`learn-check-${check.id}`} data-status={check.status} className="flex items-baseline gap-2">
                  <span
                    aria-hidden="true"
                    className={
                      check.status === 'fail'
                        ? 'text-[var(--fail)]'
                        : check.status === 'pass'
                          ? 'text-[var(--pass)]'
                          : check.status === 'unknown'
                            ? 'text-[var(--warn)]'
                            : 'text-[var(--muted)]'
                    }
                  >
                    {check.status === 'fail' ? '✗' : check.status === 'pass' ? '✓' : check.status === 'unknown' ? '?' : '–'}
                  </span>
                  <span className={check.id === deciding?.id ? 'font-semibold text-[var(--fail)]' : undefined}>
                    <code>{check.id}</code> <span className="sr-only">{check.status}</span>
                  </span>
                </li>
              ))}
            </ol>
            <div className="min-w-0" data-testid="learn-decision-tree-box">
              {/* The tree is one tall column: it keeps a readable size in its own scroll box, which
                  brings the red node AWS's answer comes from into view whenever a new tree is drawn. */}
              <MermaidDiagram
                source={tree}
                title="Decision tree (live engine)"
                testId="learn-decision-tree"
                focusSelector={deciding ? `g.node.fail[id*="flowchart-${checkNodeId(deciding.id)}-"]` : 'g.node.fail'}
              />
            </div>
          </div>
        </div>
      ) : null}
    </section>
  );
}
