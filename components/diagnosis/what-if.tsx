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
import type { AssumeRoleRequest, Diagnosis, Snapshot, Tag } from '@/lib/engine/types';
import { encodeRequest } from '@/lib/share';

type Result = { diagnosis: Diagnosis; tree: string; sequence: string };
type Engine = typeof import('@/lib/ui/what-if-engine');
type Views = typeof import('./diagnosis-view');

let loading: Promise<[Engine, Views]> | undefined;
function loadWhatIf(): Promise<[Engine, Views]> {
  loading ??= Promise.all([import('@/lib/ui/what-if-engine'), import('./diagnosis-view')]);
  return loading;
}

type WhatIfState = {
  request: AssumeRoleRequest;
  slice: Snapshot;
  /** Set once a what-if has run; until then the server's view stands. */
  outcome: { result: Result; views: Views } | null;
  error: string | null;
  apply: (next: AssumeRoleRequest) => void;
  setError: (message: string | null) => void;
  warm: () => void;
};

const WhatIfContext = createContext<WhatIfState | null>(null);

function useWhatIf(): WhatIfState {
  const state = useContext(WhatIfContext);
  if (!state) throw new Error('What-if controls must be inside <WhatIfProvider>');
  return state;
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
  const [outcome, setOutcome] = useState<WhatIfState['outcome']>(null);
  const [error, setError] = useState<string | null>(null);
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
    (next: AssumeRoleRequest) => {
      setRequest(next);
      const mine = ++generation.current;
      window.history.replaceState(null, '', `${basePath}?${encodeRequest(next).toString()}`);
      loadWhatIf()
        .then(([engine, views]) => {
          const result = engine.runWhatIf(slice, next);
          if (mine !== generation.current) return;
          startTransition(() => {
            setOutcome({ result, views });
            setError(null);
          });
        })
        .catch((caught: unknown) => {
          if (mine !== generation.current) return;
          setError(caught instanceof Error ? caught.message : String(caught));
        });
    },
    [slice, basePath],
  );

  const warm = useCallback(() => void loadWhatIf(), []);

  return (
    <WhatIfContext.Provider value={{ request, slice, outcome, error, apply, setError, warm }}>{children}</WhatIfContext.Provider>
  );
}

/** Shows the server's rendering (children) until a what-if has run, then the browser's. */
export function WhatIfSwitch({ part, children }: { part: 'top' | 'body'; children: ReactNode }) {
  const { outcome, request, slice } = useWhatIf();
  if (!outcome) return <>{children}</>;
  const { result, views } = outcome;
  return part === 'top' ? (
    <views.DiagnosisTop diagnosis={result.diagnosis} request={request} />
  ) : (
    <views.DiagnosisBody diagnosis={result.diagnosis} request={request} snapshot={slice} tree={result.tree} sequence={result.sequence} />
  );
}

const MFA_KEY = 'aws:MultiFactorAuthPresent';
const SOURCE_IP_KEY = 'aws:SourceIp';

function contextString(request: AssumeRoleRequest, key: string): string {
  const value = request.context?.[key];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function withContext(request: AssumeRoleRequest, key: string, value: string | undefined): AssumeRoleRequest {
  const context = { ...(request.context ?? {}) };
  if (value === undefined || value === '') delete context[key];
  else context[key] = value;
  const next: AssumeRoleRequest = { ...request, context };
  if (Object.keys(context).length === 0) delete next.context;
  return next;
}

function hasMfa(request: AssumeRoleRequest): boolean {
  const override = contextString(request, MFA_KEY);
  if (override) return override === 'true';
  return Boolean(request.serialNumber) || request.callerSession?.mfaAuthenticated === true;
}

function setMfa(request: AssumeRoleRequest, on: boolean): AssumeRoleRequest {
  // MFA present = the key says "true"; off = no MFA anywhere (no serial number on the call, a
  // session that was not MFA-authenticated), which is how AWS sees a caller without MFA.
  if (on) return withContext(request, MFA_KEY, 'true');
  const next = withContext(request, MFA_KEY, undefined);
  delete next.serialNumber;
  delete next.tokenCode;
  if (next.callerSession?.mfaAuthenticated) next.callerSession = { ...next.callerSession, mfaAuthenticated: false };
  return next;
}

function tagsText(tags: Tag[] | undefined): string {
  return (tags ?? []).map((tag) => `${tag.Key}=${tag.Value}`).join('\n');
}

function parseTags(text: string): Tag[] | string {
  const tags: Tag[] = [];
  for (const line of text.split('\n').map((item) => item.trim()).filter(Boolean)) {
    const at = line.indexOf('=');
    if (at <= 0) return `'${line}' is not written Key=Value`;
    tags.push({ Key: line.slice(0, at).trim(), Value: line.slice(at + 1).trim() });
  }
  return tags;
}

const inputClass =
  'w-full rounded border border-[var(--border)] bg-[var(--bg)] px-2 py-1 font-mono text-sm focus:border-[var(--accent)]';

export function WhatIfControls() {
  const { request, apply, error, setError, warm } = useWhatIf();
  const [tagDraft, setTagDraft] = useState(() => tagsText(request.tags));
  const isWebIdentity = request.action === 'sts:AssumeRoleWithWebIdentity';
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
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              data-testid="what-if-mfa"
              checked={hasMfa(request)}
              onChange={(event) => apply(setMfa(request, event.target.checked))}
              className="h-4 w-4"
            />
            Signed in with MFA
          </label>
          <label className="text-sm">
            <span className="block text-xs text-[var(--muted)]">Source IP</span>
            <input
              className={inputClass}
              data-testid="what-if-source-ip"
              value={contextString(request, SOURCE_IP_KEY)}
              placeholder="203.0.113.10"
              onChange={(event) => apply(withContext(request, SOURCE_IP_KEY, event.target.value.trim()))}
            />
          </label>
          <label className="text-sm">
            <span className="block text-xs text-[var(--muted)]">External id</span>
            <input
              className={inputClass}
              data-testid="what-if-external-id"
              value={request.externalId ?? ''}
              onChange={(event) => {
                const next: AssumeRoleRequest = { ...request, externalId: event.target.value };
                if (next.externalId === '') delete next.externalId;
                apply(next);
              }}
            />
          </label>
          <label className="text-sm">
            <span className="block text-xs text-[var(--muted)]">Session name</span>
            <input
              className={inputClass}
              data-testid="what-if-session-name"
              value={request.roleSessionName ?? ''}
              onChange={(event) => apply({ ...request, roleSessionName: event.target.value })}
            />
          </label>
          <label className="text-sm">
            <span className="block text-xs text-[var(--muted)]">Duration (seconds)</span>
            <input
              className={inputClass}
              data-testid="what-if-duration"
              type="number"
              min={0}
              step={900}
              value={request.durationSeconds ?? ''}
              placeholder="3600"
              onChange={(event) => {
                const next = { ...request };
                if (event.target.value === '') delete next.durationSeconds;
                else next.durationSeconds = Number(event.target.value);
                apply(next);
              }}
            />
          </label>
          <label className="text-sm">
            <span className="block text-xs text-[var(--muted)]">Session tags (Key=Value per line)</span>
            <textarea
              className={`${inputClass} h-16`}
              data-testid="what-if-tags"
              value={tagDraft}
              onChange={(event) => {
                setTagDraft(event.target.value);
                const parsed = parseTags(event.target.value);
                if (typeof parsed === 'string') {
                  setError(`Session tags: ${parsed}`);
                  return;
                }
                const next: AssumeRoleRequest = { ...request, tags: parsed };
                if (parsed.length === 0) delete next.tags;
                apply(next);
              }}
            />
          </label>
          {isWebIdentity ? (
            <label className="text-sm sm:col-span-2">
              <span className="block text-xs text-[var(--muted)]">Token sub</span>
              <input
                className={inputClass}
                data-testid="what-if-sub"
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
        {error ? (
          <p role="alert" className="mt-2 text-sm text-[var(--fail)]" data-testid="what-if-error">
            {error}
          </p>
        ) : null}
      </section>
  );
}
