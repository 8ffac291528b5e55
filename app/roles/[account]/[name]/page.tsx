import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PolicyJson } from '@/components/diagnosis/policy-json';
import { MermaidDiagram } from '@/components/mermaid-diagram';
import { FindingList } from '@/components/roles/finding-list';
import { WhoCanAssumeList } from '@/components/roles/who-can-assume-list';
import { formatTime } from '@/components/source-line';
import { whoCanAssumeMermaid } from '@/lib/diagram';
import { whoCanAssumeReport } from '@/lib/engine';
import { formatDuration, readPolicyDocument } from '@/lib/findings';
import { currentData, demoOverrides } from '@/lib/ui/current';
import { findingOptions, roleEvents, roleRow } from '@/lib/ui/roles';
import { findRoleByName } from '@/lib/ui/snapshot-views';

// Next.js hands params over already percent-decoded (`/roles/1/%25ZZ` → `%ZZ`): used as they are.
// Decoding again threw URIError on a literal `%` and read `%41` as `A` (F5).
type Params = Promise<{ account: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { name } = await params;
  return { title: `Role ${name}` };
}

export default async function RolePage({ params }: { params: Params }) {
  const { account, name } = await params;
  const { snapshot, indexed, source } = await currentData();
  const found = /^\d{12}$/.test(account) ? findRoleByName(snapshot, account, name) : undefined;
  if (!found) notFound();
  const { role } = found;
  const row = roleRow(found.account, role, findingOptions(snapshot));
  const who = whoCanAssumeReport(indexed, role.Arn);
  const events = roleEvents(snapshot, role.Arn, 25, demoOverrides(source));
  const trust = readPolicyDocument(role.AssumeRolePolicyDocument);
  const highlight = new Map<number, 'fail' | 'pass' | 'neutral'>();
  for (const finding of row.findings) {
    if (finding.statement) highlight.set(finding.statement.index, finding.severity === 'high' ? 'fail' : 'neutral');
  }

  return (
    <section className="space-y-6 wrap-anywhere">
      <div className="space-y-1">
        <p className="text-sm">
          <Link href="/roles" className="text-[var(--accent)] underline">
            Roles
          </Link>{' '}
          / {account}
          {found.account.alias ? ` (${found.account.alias})` : ''}
        </p>
        <h1 className="break-all text-2xl font-semibold">{role.RoleName}</h1>
        <p className="break-all font-mono text-xs text-[var(--muted)]">{role.Arn}</p>
      </div>

      <dl className="grid grid-cols-1 gap-3 min-[360px]:grid-cols-2 rounded-lg border border-[var(--border)] bg-[var(--card)] p-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-[var(--muted)]">Max session duration</dt>
          <dd data-testid="max-session">{row.maxSessionDuration === undefined ? 'not read' : formatDuration(row.maxSessionDuration)}</dd>
        </div>
        <div>
          <dt className="text-xs text-[var(--muted)]">Path</dt>
          <dd className="font-mono">{row.path}</dd>
        </div>
        <div>
          <dt className="text-xs text-[var(--muted)]">Created</dt>
          <dd>{role.CreateDate ? formatTime(role.CreateDate) : 'unknown'}</dd>
        </div>
        <div>
          <dt className="text-xs text-[var(--muted)]">Last used</dt>
          <dd>{role.RoleLastUsed?.LastUsedDate ? formatTime(role.RoleLastUsed.LastUsedDate) : 'not recorded'}</dd>
        </div>
      </dl>

      <section aria-labelledby="findings-heading" className="space-y-2">
        <h2 id="findings-heading" className="text-lg font-semibold">
          Findings
        </h2>
        <FindingList findings={row.findings} />
      </section>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <section aria-labelledby="who-heading" className="min-w-0 space-y-2">
          <h2 id="who-heading" className="text-lg font-semibold">
            Who can assume it
          </h2>
          <MermaidDiagram source={whoCanAssumeMermaid(who.principals, role.Arn, who.denials)} title={`Who can assume ${role.RoleName}`} testId="who-can-assume" />
          <WhoCanAssumeList report={who} />
        </section>
        <section aria-labelledby="trust-heading" className="min-w-0 space-y-2">
          <h2 id="trust-heading" className="text-lg font-semibold">
            Trust policy
          </h2>
          <div data-testid="trust-policy">
            {trust ? <PolicyJson document={trust} highlight={highlight} label={`Trust policy of ${role.RoleName}`} /> : <p className="text-sm text-[var(--fail)]">The snapshot holds no readable trust policy for this role.</p>}
          </div>
        </section>
      </div>

      <section aria-labelledby="events-heading" className="space-y-2">
        <h2 id="events-heading" className="text-lg font-semibold">
          Recent AssumeRole calls
        </h2>
        {events.length === 0 ? (
          <p className="text-sm text-[var(--muted)]">No call to this role in the CloudTrail records of this data.</p>
        ) : (
          <ul className="divide-y divide-[var(--border)] rounded-lg border border-[var(--border)] bg-[var(--card)]">
            {events.map((event) => (
              <li key={event.eventId} className="flex flex-wrap items-center gap-x-3 gap-y-1 p-2 text-sm" data-testid="role-event" data-event-id={event.eventId}>
                <time dateTime={event.time} className="text-xs text-[var(--muted)]">
                  {formatTime(event.time)}
                </time>
                <span className={`rounded px-1.5 text-xs font-semibold ${event.errorCode ? 'text-[var(--fail)]' : 'text-[var(--pass)]'}`}>{event.errorCode ?? 'OK'}</span>
                <span className="min-w-0 break-all font-mono text-xs">{event.caller}</span>
                <span className="text-xs text-[var(--muted)]">{event.action}</span>
                {event.writtenRoleArn ? (
                  <span className="min-w-0 break-all text-xs text-[var(--warn)]" data-testid="written-role-arn">
                    named as <span className="font-mono">{event.writtenRoleArn}</span>
                  </span>
                ) : null}
                {event.href ? (
                  <Link href={event.href} prefetch={false} className="ml-auto text-xs text-[var(--accent)] underline" data-testid={event.needsCaller ? 'complete-link' : 'diagnose-link'}>
                    {event.needsCaller ? 'Add the caller ARN' : 'Diagnose'}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
