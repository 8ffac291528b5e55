'use client';

import { useActionState, useRef } from 'react';
import { CopyButton } from '@/components/copy-button';

export type FreezeState = { error?: string };

type Props = {
  freeze: (state: FreezeState, form: FormData) => Promise<FreezeState>;
};

/**
 * "Copy link" copies the address bar (which the what-if keeps up to date); "Freeze" stores the
 * request, the data used and the result under an unguessable id and opens /d/<id>.
 */
export function ShareBar({ freeze }: Props) {
  const [state, action, pending] = useActionState(freeze, {});
  const queryRef = useRef<HTMLInputElement>(null);
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-lg border border-[var(--border)] bg-[var(--card)] p-3" data-testid="share-bar">
      <CopyButton
        text={() => window.location.href}
        label="Copy link"
        ariaLabel="Copy a link that reproduces this diagnosis against current data"
        testId="copy-link"
        className="text-sm"
      />
      <form
        action={action}
        onSubmit={() => {
          if (queryRef.current) queryRef.current.value = window.location.search;
        }}
        className="flex flex-wrap items-center gap-3"
      >
        <input ref={queryRef} type="hidden" name="query" defaultValue="" />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="redact" value="1" data-testid="freeze-redact" className="h-4 w-4" />
          Redact accounts, names, IPs, ExternalIds and token subjects
        </label>
        <button
          type="submit"
          disabled={pending}
          data-testid="freeze"
          className="rounded bg-[var(--accent)] px-3 py-1 text-sm font-medium text-[var(--card)] disabled:opacity-60"
        >
          {pending ? 'Freezing…' : 'Freeze'}
        </button>
      </form>
      <p className="text-xs text-[var(--muted)]">A frozen link keeps this result even after the policies change.</p>
      {state.error ? (
        <p role="alert" className="w-full text-sm text-[var(--fail)]" data-testid="freeze-error">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
