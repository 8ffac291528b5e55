import type { Metadata } from 'next';
import Link from 'next/link';
import { DataGapsSummary } from '@/components/home/data-gaps';
import { SeverityBadge } from '@/components/roles/finding-list';
import { formatDuration } from '@/lib/findings';
import { currentData } from '@/lib/ui/current';
import { dataGaps } from '@/lib/ui/data-gaps';
import { listRoles } from '@/lib/ui/roles';

export const metadata: Metadata = { title: 'Roles' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function RolesPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const query = typeof params.q === 'string' ? params.q : '';
  const { snapshot, source } = await currentData();
  const rows = listRoles(snapshot, query);

  return (
    <section className="space-y-4 wrap-anywhere">
      <h1 className="text-2xl font-semibold">Roles</h1>
      <p className="text-sm text-[var(--muted)]">
        Every role in {source.label}, with what a reviewer should look at in its trust policy.
      </p>
      <DataGapsSummary gaps={dataGaps(snapshot)} />
      {/* A plain GET form: the search lives in the URL (?q=), works without JavaScript and can be shared. */}
      <form role="search" action="/roles" className="flex flex-wrap gap-2">
        <label htmlFor="role-search" className="sr-only">
          Search roles
        </label>
        <input
          id="role-search"
          type="search"
          name="q"
          defaultValue={query}
          placeholder="Role name, ARN, account or trusted principal"
          aria-label="Search roles"
          className="min-w-0 flex-1 rounded border border-[var(--border)] bg-[var(--bg)] px-2 py-1 text-sm"
        />
        <button type="submit" className="rounded bg-[var(--accent)] px-3 py-1 text-sm font-medium text-[var(--card)]">
          Search
        </button>
      </form>
      <p className="text-xs text-[var(--muted)]" aria-live="polite" data-testid="role-count">
        {rows.length} role{rows.length === 1 ? '' : 's'}
        {query ? <> matching “{query}”</> : null}
      </p>
      <ul className="divide-y divide-[var(--border)] rounded-lg border border-[var(--border)] bg-[var(--card)]">
        {rows.map((row) => {
          const worst = row.findings.find((finding) => finding.severity === 'high') ?? row.findings.find((finding) => finding.severity === 'medium') ?? row.findings[0];
          return (
            <li key={row.arn} className="flex flex-wrap items-center gap-x-4 gap-y-1 p-3" data-testid="role-row" data-role-arn={row.arn}>
              <Link href={`/roles/${row.accountId}/${encodeURIComponent(row.name)}`} className="font-medium text-[var(--accent)] underline-offset-2 hover:underline">
                {row.name}
              </Link>
              <span className="font-mono text-xs text-[var(--muted)]">
                {row.accountId}
                {row.alias ? ` (${row.alias})` : ''}
              </span>
              <span className="text-xs text-[var(--muted)]">max session {row.maxSessionDuration === undefined ? 'not read' : formatDuration(row.maxSessionDuration)}</span>
              {row.serviceLinked ? <span className="text-xs text-[var(--muted)]">service-linked</span> : null}
              {worst ? (
                <span className="flex items-center gap-1 text-xs">
                  <SeverityBadge severity={worst.severity} />
                  {row.findings.length} finding{row.findings.length === 1 ? '' : 's'}
                </span>
              ) : null}
              <span className="basis-full truncate text-xs text-[var(--muted)]" title={row.trusted?.join(', ')}>
                Trusts: {row.trusted === undefined ? 'unknown (the trust policy could not be read)' : row.trusted.length ? row.trusted.join(', ') : 'nobody'}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
