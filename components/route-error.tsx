'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useEffect } from 'react';

/**
 * The error boundary's face. Next.js replaces server-side messages with a generic text in
 * production (so secrets never leak); the digest then ties what the user sees to the server log.
 */
export function RouteError({ error, reset, where }: { error: Error & { digest?: string }; reset: () => void; where: string }) {
  const router = useRouter();
  useEffect(() => {
    console.warn(`${where} failed:`, error.message, error.digest ?? '');
  }, [error, where]);
  return (
    <section role="alert" className="space-y-3 rounded-lg border border-[var(--fail)] bg-[var(--card)] p-4" data-testid="route-error">
      <h1 className="text-xl font-semibold">{where} could not be shown</h1>
      <p className="font-mono text-sm" data-testid="route-error-message">
        {error.message}
      </p>
      {error.digest ? (
        <p className="text-xs text-[var(--muted)]">
          Server log reference: <code>{error.digest}</code>
        </p>
      ) : null}
      <button
        type="button"
        onClick={() =>
          startTransition(() => {
            router.refresh();
            reset();
          })
        }
        className="rounded border border-[var(--border)] px-3 py-1 text-sm"
      >
        Try again
      </button>
    </section>
  );
}
