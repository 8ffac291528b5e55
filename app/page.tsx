export default function HomePage() {
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">AssumeRole Doctor</h1>
      <p className="text-[var(--muted)]" data-testid="data-source">
        Data source: the bundled demo organization
      </p>
    </section>
  );
}
