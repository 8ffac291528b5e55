'use client';

// ←/→ and j/k move between steps. Keys typed into a field, or with a modifier held, are left alone.

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

type Props = {
  previous?: { href: string; title: string };
  next?: { href: string; title: string };
};

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function StepKeyboardNav({ previous, next }: Props) {
  const router = useRouter();

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || isTyping(event.target)) return;
      const target = event.key === 'ArrowLeft' || event.key === 'k' ? previous : event.key === 'ArrowRight' || event.key === 'j' ? next : undefined;
      if (!target) return;
      event.preventDefault();
      router.push(target.href);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [previous, next, router]);

  return (
    <nav aria-label="Step navigation" className="flex flex-wrap items-center justify-between gap-3 border-t border-[var(--border)] pt-4">
      {previous ? (
        <Link
          href={previous.href}
          rel="prev"
          aria-keyshortcuts="ArrowLeft k"
          data-testid="learn-previous"
          className="rounded border border-[var(--border)] px-3 py-2 text-sm hover:bg-[var(--card)]"
        >
          ← Previous: {previous.title}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-xs text-[var(--muted)]">
        Keys: <kbd>←</kbd>/<kbd>→</kbd> or <kbd>k</kbd>/<kbd>j</kbd>
      </span>
      {next ? (
        <Link
          href={next.href}
          rel="next"
          aria-keyshortcuts="ArrowRight j"
          data-testid="learn-next"
          className="rounded border border-[var(--accent)] px-3 py-2 text-sm text-[var(--accent)] hover:bg-[var(--card)]"
        >
          Next: {next.title} →
        </Link>
      ) : (
        <Link href="/learn" data-testid="learn-finish" className="rounded border border-[var(--accent)] px-3 py-2 text-sm text-[var(--accent)]">
          Back to all walkthroughs
        </Link>
      )}
    </nav>
  );
}
