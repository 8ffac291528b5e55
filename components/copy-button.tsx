'use client';

import { useState } from 'react';

type Props = {
  /** The text to copy, or a function computing it at click time (e.g. the current URL). */
  text: string | (() => string);
  label: string;
  /** What a screen reader hears, when the visible label alone is ambiguous ("Copy" next to what?). */
  ariaLabel?: string;
  testId?: string;
  className?: string;
};

/** Copies to the clipboard; falls back to a hidden textarea where the Clipboard API is refused. */
export function CopyButton({ text, label, ariaLabel, testId, className }: Props) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    const value = typeof text === 'function' ? text() : text;
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      const area = document.createElement('textarea');
      area.value = value;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.append(area);
      area.select();
      const ok = document.execCommand('copy');
      area.remove();
      setState(ok ? 'copied' : 'failed');
    }
    setTimeout(() => setState('idle'), 2000);
  }

  return (
    <button
      type="button"
      onClick={copy}
      aria-label={ariaLabel}
      data-testid={testId}
      className={`rounded border border-[var(--border)] bg-[var(--card)] px-2 py-1 text-xs font-medium hover:bg-[var(--bg)] ${className ?? ''}`}
    >
      <span aria-live="polite">{state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Copy failed' : label}</span>
    </button>
  );
}
