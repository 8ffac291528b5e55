import Link from 'next/link';
import type { DoctorError } from '@/lib/errors';

/** A user-caused error, shown with its exact cause and the field it concerns. */
export function InputError({ title, error }: { title: string; error: DoctorError }) {
  return (
    <section role="alert" className="space-y-3 rounded-lg border border-[var(--fail)] bg-[var(--card)] p-4" data-testid="input-error">
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="font-mono text-sm" data-testid="input-error-message">
        {error.message}
      </p>
      <p className="text-xs text-[var(--muted)]">
        Error code <code>{error.code}</code>
        {error.field ? (
          <>
            {' '}
            · field <code>{error.field}</code>
          </>
        ) : null}
      </p>
      <Link href="/" className="text-sm text-[var(--accent)] underline">
        Back to incidents
      </Link>
    </section>
  );
}
