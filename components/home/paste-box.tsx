'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import type { PasteState } from '@/app/actions';

type Props = { action: (state: PasteState, form: FormData) => Promise<PasteState> };

export function PasteBox({ action }: Props) {
  const [state, submit, pending] = useActionState(action, {});
  return (
    <form action={submit} className="space-y-2" aria-labelledby="paste-heading" data-testid="paste-box">
      <h2 id="paste-heading" className="text-lg font-semibold">
        Paste an error or a CloudTrail event
      </h2>
      <label htmlFor="pasted" className="block text-sm text-[var(--muted)]">
        The AWS error text (CLI, SDK or console), or the JSON of a CloudTrail record.
      </label>
      <textarea
        id="pasted"
        name="pasted"
        required
        defaultValue={state.text}
        data-testid="paste-input"
        spellCheck={false}
        placeholder="An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Deploy"
        className="h-20 w-full rounded border border-[var(--border)] bg-[var(--bg)] p-2 font-mono text-xs"
      />
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          data-testid="paste-submit"
          className="rounded bg-[var(--accent)] px-3 py-1.5 text-sm font-medium text-[var(--card)] disabled:opacity-60"
        >
          {pending ? 'Reading…' : 'Diagnose'}
        </button>
        {state.problem ? (
          <p role="alert" className="text-sm text-[var(--fail)]" data-testid="paste-problem">
            {state.problem}{' '}
            {state.prefillHref ? (
              <Link href={state.prefillHref} className="text-[var(--accent)] underline">
                Open the request form with what it names
              </Link>
            ) : null}
          </p>
        ) : null}
      </div>
      {state.candidates && state.candidates.length > 0 ? (
        <div className="space-y-1" data-testid="paste-candidates">
          <p className="text-sm font-medium">Recorded calls this message fits</p>
          <ul className="divide-y divide-[var(--border)] rounded border border-[var(--border)] text-sm">
            {state.candidates.map((candidate) => (
              <li key={candidate.eventId} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-2 py-1.5 wrap-anywhere" data-testid="paste-candidate" data-event-id={candidate.eventId}>
                <span className="min-w-0 flex-1 basis-72">
                  <code className="text-xs">{candidate.role}</code>
                  <span className="block text-xs text-[var(--muted)]">
                    by {candidate.who}, <time dateTime={candidate.time}>{candidate.time.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}</time>
                  </span>
                </span>
                <Link href={candidate.href} className="text-[var(--accent)] underline" aria-label={`Diagnose the call to ${candidate.role} at ${candidate.time}`}>
                  Diagnose
                </Link>
              </li>
            ))}
          </ul>
          {state.moreCandidates ? <p className="text-xs text-[var(--muted)]">…and {state.moreCandidates} older calls; paste the request id to pick one directly.</p> : null}
        </div>
      ) : null}
    </form>
  );
}
