'use client';

// Progress through the walkthroughs, kept in this browser only (localStorage).

import { useEffect, useSyncExternalStore } from 'react';

const STORAGE_KEY = 'assumerole-doctor:learn-progress';
const CHANGE_EVENT = 'learn:progress';

type Progress = Record<string, string[]>;

function readRaw(): string {
  try {
    return window.localStorage.getItem(STORAGE_KEY) ?? '{}';
  } catch {
    return '{}';
  }
}

function parse(raw: string): Progress {
  try {
    const value: unknown = JSON.parse(raw);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    const out: Progress = {};
    for (const [key, steps] of Object.entries(value as Record<string, unknown>)) {
      if (Array.isArray(steps)) out[key] = steps.filter((step): step is string => typeof step === 'string');
    }
    return out;
  } catch {
    return {};
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

/** The raw string is the snapshot (stable between renders); parse it where it is used. */
function useProgress(): Progress {
  const raw = useSyncExternalStore(subscribe, readRaw, () => '{}');
  return parse(raw);
}

/** Marks a step as visited when it is shown. Renders nothing. */
export function MarkStepVisited({ walkthrough, step }: { walkthrough: string; step: string }) {
  useEffect(() => {
    const progress = parse(readRaw());
    const steps = new Set(progress[walkthrough] ?? []);
    if (steps.has(step)) return;
    steps.add(step);
    progress[walkthrough] = [...steps];
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(progress));
      window.dispatchEvent(new Event(CHANGE_EVENT));
    } catch {
      // storage full or disabled: progress is a convenience, not a requirement
    }
  }, [walkthrough, step]);
  return null;
}

export function WalkthroughProgress({ walkthrough, steps }: { walkthrough: string; steps: string[] }) {
  const visited = new Set(useProgress()[walkthrough] ?? []);
  const done = steps.filter((step) => visited.has(step)).length;
  return (
    <span className="text-xs text-[var(--muted)]" data-testid={`progress-${walkthrough}`} data-done={done}>
      {done === 0 ? 'Not started' : done === steps.length ? `Done: all ${steps.length} steps` : `${done} of ${steps.length} steps visited`}
    </span>
  );
}

export function StepVisitedMark({ walkthrough, step }: { walkthrough: string; step: string }) {
  const visited = (useProgress()[walkthrough] ?? []).includes(step);
  return visited ? (
    <span aria-label="visited" title="visited" data-testid={`visited-${walkthrough}-${step}`} className="text-[var(--pass)]">
      ✓
    </span>
  ) : null;
}

export function ResetProgressButton() {
  return (
    <button
      type="button"
      onClick={() => {
        try {
          window.localStorage.removeItem(STORAGE_KEY);
          window.dispatchEvent(new Event(CHANGE_EVENT));
        } catch {
          // nothing to clear
        }
      }}
      className="rounded border border-[var(--border)] px-2 py-1 text-xs hover:bg-[var(--card)]"
      data-testid="learn-reset-progress"
    >
      Forget my progress
    </button>
  );
}
