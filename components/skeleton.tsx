/** Placeholder blocks while a page loads its data; announced once to screen readers. */
export function PageSkeleton({ label, blocks = 3 }: { label: string; blocks?: number }) {
  return (
    <div role="status" aria-label={label} className="space-y-4" data-testid="page-skeleton">
      <div className="h-8 w-64 animate-pulse rounded bg-[var(--border)]" />
      {Array.from({ length: blocks }, (_, index) => (
        <div key={index} className="h-32 animate-pulse rounded-lg bg-[var(--border)]" />
      ))}
      <span className="sr-only">{label}</span>
    </div>
  );
}
