import Link from 'next/link';

export default function FrozenNotFound() {
  return (
    <section className="space-y-3" data-testid="frozen-not-found">
      <h1 className="text-2xl font-semibold">No frozen diagnosis here</h1>
      <p>This link does not name a frozen diagnosis in this installation&apos;s store: it may be mistyped, or it was frozen on another server.</p>
      <Link href="/" className="text-[var(--accent)] underline">
        Back to incidents
      </Link>
    </section>
  );
}
