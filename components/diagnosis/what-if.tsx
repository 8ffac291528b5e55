'use client';

// What-if: change a session parameter and see the verdict move, without a server round trip.
//
// The page is rendered on the server; until someone touches a control, what shows is that static
// HTML (passed in as children of <WhatIfSwitch>), so the browser hydrates only the controls, the
// diagrams and the copy buttons. On the first change the engine (pure) and the view components are
// loaded together and run here against the slice of the snapshot this call needs — the role, the
// caller, their policies and the organization path, nothing else reaches the browser — and the
// switches show the browser-rendered result from then on.
//
// The URL follows every change via history.replaceState, which Next.js syncs with its router
// without refetching the server page: the address bar stays the share link.

import { createContext, useCallback, useContext, useEffect, useRef, useState, useTransition, type ReactNode } from 'react';
import type { AssumeRoleRequest, Diagnosis, Snapshot } from '@/lib/engine/types';
import { DoctorError } from '@/lib/errors';
import { settleUnknownContext } from '@/lib/engine/unknown-context';
import { encodeRequest } from '@/lib/share';
import { callFields, federatedNote, requestForKind } from '@/lib/ui/call-kind';
import { FORM_LABELS, fieldOfPath } from '@/lib/ui/request-form';
import { formatTags, parseTagText } from '@/lib/ui/tags';
import { contextString, mfaChoices, mfaState, SOURCE_IP_KEY, withContext, withMfa, type MfaState } from '@/lib/ui/what-if-request';

type Result = { diagnosis: Diagnosis; tree: string; sequence: string };
type Engine = typeof import('@/lib/ui/what-if-engine');
type Views = typeof import('./diagnosis-view');

let loading: Promise<[Engine, Views]> | undefined;
function loadWhatIf(): Promise<[Engine, Views]> {
  loading ??= Promise.all([import('@/lib/ui/what-if-engine'), import('./diagnosis-view')]);
  return loading;
}

/** Why the edited request has no verdict: the request field it concerns and the cause. */
type Problem = { field?: string; message: string };

type WhatIfState = {
  /** The request as the controls show it (the latest edit). */
  request: AssumeRoleRequest;
  /** The request the verdict on screen answers (the server's, then the last what-if's). */
  answered: AssumeRoleRequest;
  slice: Snapshot;
  /** Set once a what-if has run; until then the server's view stands. */
  outcome: { result: Result; views: Views } | null;
  /** The edited request could not be diagnosed (the engine refused it): no verdict is shown. */
  engineProblem: Problem | null;
  /** Text a control could not read into the request (a malformed tag line), by control. */
  inputProblems: Readonly<Record<string, Problem>>;
  apply: (next: AssumeRoleRequest) => void;
  setInputProblem: (control: string, problem: Problem | null) => void;
  warm: () => void;
};

const WhatIfContext = createContext<WhatIfState | null>(null);

function useWhatIf(): WhatIfState {
  const state = useContext(WhatIfContext);
  if (!state) throw new Error('What-if controls must be inside <WhatIfProvider>');
  return state;
}

/** The problems standing between the edited request and a verdict, input errors first. */
function problemsOf(state: Pick<WhatIfState, 'engineProblem' | 'inputProblems'>): Problem[] {
  return [...Object.values(state.inputProblems), ...(state.engineProblem ? [state.engineProblem] : [])];
}

// The what-if edits a web identity call's token through its sub alone.
const TOKEN_SUB = 'Token sub';

/** The what-if control a request field is edited with, in the words of its label (the form's). */
function controlLabel(field: string | undefined): string {
  if (!field) return 'The edited request';
  if (field === 'request.webIdentity' || field.startsWith('request.webIdentity.')) return TOKEN_SUB;
  const formField = fieldOfPath(field);
  return formField ? FORM_LABELS[formField] : field;
}

function toProblem(caught: unknown): Problem {
  // The control's label stands in for the field path a DoctorError's message starts with.
  if (caught instanceof DoctorError) return { field: caught.field, message: caught.reason };
  return { field: undefined, message: caught instanceof Error ? caught.message : String(caught) };
}

function invalid(problems: Problem[], field: string): boolean {
  return problems.some((problem) => problem.field !== undefined && controlLabel(problem.field) === controlLabel(field));
}

type ProviderProps = {
  request: AssumeRoleRequest;
  slice: Snapshot;
  /** Where the URL lives (`/diagnose`). */
  basePath: string;
  children: ReactNode;
};

export function WhatIfProvider({ request: initialRequest, slice, basePath, children }: ProviderProps) {
  const [request, setRequest] = useState(initialRequest);
  const [answered, setAnswered] = useState(initialRequest);
  const [outcome, setOutcome] = useState<WhatIfState['outcome']>(null);
  const [engineProblem, setEngineProblem] = useState<Problem | null>(null);
  const [inputProblems, setInputProblems] = useState<Readonly<Record<string, Problem>>>({});
  const [, startTransition] = useTransition();
  const generation = useRef(0);

  useEffect(() => {
    // Warm the engine so the first toggle answers at once — after the diagrams have had the
    // network and the CPU, or as soon as someone reaches for a control (warm()).
    const timer = window.setTimeout(() => {
      const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 0));
      idle(() => void loadWhatIf());
    }, 2500);
    return () => window.clearTimeout(timer);
  }, []);

  const apply = useCallback(
    (edited: AssumeRoleRequest) => {
      // A value the edit gives (an ExternalId typed in, …) replaces the "unknown" a replay left, and
      // an edit never gives a web-identity or SAML call what it cannot carry (an External id, MFA).
      const next = requestForKind(settleUnknownContext(edited));
      setRequest(next);
      const mine = ++generation.current;
      window.history.replaceState(null, '', `${basePath}?${encodeRequest(next).toString()}`);
      loadWhatIf()
        .then(([engine, views]) => {
          const result = engine.runWhatIf(slice, next);
          if (mine !== generation.current) return;
          startTransition(() => {
            setOutcome({ result, views });
            setAnswered(next);
            setEngineProblem(null);
          });
        })
        .catch((caught: unknown) => {
          if (mine !== generation.current) return;
          // The verdict on screen answers the call before this edit: it is withdrawn, not kept.
          setEngineProblem(toProblem(caught));
        });
    },
    [slice, basePath],
  );

  const setInputProblem = useCallback((control: string, problem: Problem | null) => {
    setInputProblems((current) => {
      if (!problem && !(control in current)) return current;
      const next = { ...current };
      if (problem) next[control] = problem;
      else delete next[control];
      return next;
    });
  }, []);

  const warm = useCallback(() => void loadWhatIf(), []);

  return (
    <WhatIfContext.Provider value={{ request, answered, slice, outcome, engineProblem, inputProblems, apply, setInputProblem, warm }}>
      {children}
    </WhatIfContext.Provider>
  );
}

/** Its children only until a what-if has run: text about the call the page was opened with (the record it was matched to). */
export function WhatIfUnedited({ children }: { children: ReactNode }) {
  return useWhatIf().outcome === null ? <>{children}</> : null;
}

/**
 * Shows the server's rendering (children) until a what-if has run, then the browser's — and
 * neither while the edited request has no verdict: an old verdict never stands next to a new call.
 */
export function WhatIfSwitch({ part, children }: { part: 'top' | 'body'; children: ReactNode }) {
  const state = useWhatIf();
  const { outcome, answered, request, slice } = state;
  const problems = problemsOf(state);
  if (problems.length > 0) {
    if (part === 'body') return null;
    const fields = [...new Set(problems.map((problem) => controlLabel(problem.field)))];
    return (
      <section
        role="status"
        aria-labelledby="what-if-stale-heading"
        data-testid="what-if-stale"
        className="rounded-lg border border-l-8 border-[var(--border)] border-l-[var(--fail)] bg-[var(--card)] p-4"
      >
        <h2 id="what-if-stale-heading" className="text-xl font-semibold">
          No verdict: the edited call cannot be diagnosed
        </h2>
        <p className="mt-1 text-sm">
          {fields.join(', ')} {fields.length === 1 ? 'is' : 'are'} not valid (see below). The verdict for the call before this edit is not
          shown, as it does not answer this one; correct the field to see the verdict again.
        </p>
      </section>
    );
  }
  // Between an edit and its verdict (the engine may still be loading), the view on screen is the
  // previous call's own: it shows that call, dimmed, never the edited one.
  const pending = answered !== request;
  return (
    <div aria-busy={pending} data-testid={`what-if-${part}`} className={pending ? 'opacity-60 transition-opacity' : undefined}>
      {!outcome ? (
        children
      ) : part === 'top' ? (
        <outcome.views.DiagnosisTop diagnosis={outcome.result.diagnosis} request={answered} />
      ) : (
        <outcome.views.DiagnosisBody
          diagnosis={outcome.result.diagnosis}
          request={answered}
          snapshot={slice}
          tree={outcome.result.tree}
          sequence={outcome.result.sequence}
        />
      )}
    </div>
  );
}

const MFA_LABELS: Record<MfaState, string> = {
  unknown: 'not known',
  present: 'signed in with MFA',
  absent: 'no MFA',
};

const inputClass =
  'w-full rounded border border-[var(--border)] bg-[var(--bg)] px-2 py-1 font-mono text-sm focus:border-[var(--accent)] placeholder:font-sans placeholder:italic placeholder:text-[var(--muted)] placeholder:opacity-80';

export function WhatIfControls() {
  const state = useWhatIf();
  const { request, apply, setInputProblem, warm } = state;
  const problems = problemsOf(state);
  const [tagDraft, setTagDraft] = useState(() => formatTags(request.tags));
  const isWebIdentity = request.action === 'sts:AssumeRoleWithWebIdentity';
  // Web identity and SAML calls have no MFA, External id or session tags of their own: not offered.
  const offers = callFields(request.action);
  const kindNote = federatedNote(request.action);
  const sub = typeof request.webIdentity?.claims?.sub === 'string' ? request.webIdentity.claims.sub : '';

  return (
      <section
        aria-labelledby="what-if-heading"
        onPointerEnter={warm}
        onFocus={warm}
        className="rounded-lg border border-[var(--border)] bg-[var(--card)] p-3" data-testid="what-if">
        <h2 id="what-if-heading" className="text-sm font-semibold">
          What if…
        </h2>
        <p className="text-xs text-[var(--muted)]">Change the call; the verdict and the link follow instantly.</p>
        <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {offers.mfa ? (
            <label className="text-sm">
              <span className="block text-xs text-[var(--muted)]">{FORM_LABELS.mfa}</span>
              <select
                className={inputClass}
                data-testid="what-if-mfa"
                value={mfaState(request)}
                aria-invalid={invalid(problems, 'request.serialNumber')}
                onChange={(event) => apply(withMfa(request, event.target.value as MfaState))}
              >
                {mfaChoices(request).map((value) => (
                  <option key={value} value={value}>
                    {MFA_LABELS[value]}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label className="text-sm">
            <span className="block text-xs text-[var(--muted)]">{FORM_LABELS.sourceIp}</span>
            <input
              className={inputClass}
              data-testid="what-if-source-ip"
              aria-invalid={invalid(problems, 'request.context.aws:SourceIp')}
              value={contextString(request, SOURCE_IP_KEY)}
              placeholder="e.g. 203.0.113.10"
              onChange={(event) => apply(withContext(request, SOURCE_IP_KEY, event.target.value.trim()))}
            />
          </label>
          {offers.externalId ? (
            <label className="text-sm">
              <span className="block text-xs text-[var(--muted)]">{FORM_LABELS.externalId}</span>
              <input
                className={inputClass}
                data-testid="what-if-external-id"
                aria-invalid={invalid(problems, 'request.externalId')}
                value={request.externalId ?? ''}
                onChange={(event) => {
                  const next: AssumeRoleRequest = { ...request, externalId: event.target.value };
                  if (next.externalId === '') delete next.externalId;
                  apply(next);
                }}
              />
            </label>
          ) : null}
          <label className="text-sm">
            <span className="block text-xs text-[var(--muted)]">{FORM_LABELS.session}</span>
            <input
              className={inputClass}
              data-testid="what-if-session-name"
              aria-invalid={invalid(problems, 'request.roleSessionName')}
              value={request.roleSessionName ?? ''}
              onChange={(event) => apply({ ...request, roleSessionName: event.target.value })}
            />
          </label>
          <label className="text-sm">
            <span className="block text-xs text-[var(--muted)]">{FORM_LABELS.duration}</span>
            <input
              className={inputClass}
              data-testid="what-if-duration"
              aria-invalid={invalid(problems, 'request.durationSeconds')}
              type="number"
              min={0}
              step={900}
              value={request.durationSeconds ?? ''}
              placeholder="3600 (default)"
              onChange={(event) => {
                const next = { ...request };
                if (event.target.value === '') delete next.durationSeconds;
                else next.durationSeconds = Number(event.target.value);
                apply(next);
              }}
            />
          </label>
          {offers.sessionTags ? (
            <label className="text-sm">
              <span className="block text-xs text-[var(--muted)]">{FORM_LABELS.tags} (Key=Value per line)</span>
              <textarea
                className={`${inputClass} h-16`}
                data-testid="what-if-tags"
                aria-invalid={invalid(problems, 'request.tags')}
                value={tagDraft}
                onChange={(event) => {
                  setTagDraft(event.target.value);
                  let parsed;
                  try {
                    parsed = parseTagText(event.target.value, { field: 'request.tags' });
                  } catch (caught) {
                    setInputProblem('tags', toProblem(caught));
                    return;
                  }
                  setInputProblem('tags', null);
                  const next: AssumeRoleRequest = { ...request, tags: parsed };
                  if (parsed.length === 0) delete next.tags;
                  apply(next);
                }}
              />
            </label>
          ) : null}
          {isWebIdentity ? (
            <label className="text-sm sm:col-span-2">
              <span className="block text-xs text-[var(--muted)]">{TOKEN_SUB}</span>
              <input
                className={inputClass}
                data-testid="what-if-sub"
                aria-invalid={invalid(problems, 'request.webIdentity')}
                value={sub}
                onChange={(event) =>
                  apply({
                    ...request,
                    webIdentity: { ...request.webIdentity, claims: { ...(request.webIdentity?.claims ?? {}), sub: event.target.value } },
                  })
                }
              />
            </label>
          ) : null}
        </div>
        {kindNote ? (
          <p className="mt-2 text-xs text-[var(--muted)]" data-testid="what-if-kind-note">
            {kindNote}
          </p>
        ) : null}
        {problems.map((problem) => (
          <p key={`${problem.field}:${problem.message}`} role="alert" className="mt-2 text-sm text-[var(--fail)]" data-testid="what-if-error">
            <span className="font-medium">{controlLabel(problem.field)}</span>: {problem.message}
          </p>
        ))}
      </section>
  );
}
