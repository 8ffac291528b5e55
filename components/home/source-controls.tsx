'use client';

// Refresh (a live pull) with its progress, and the import upload. The pull runs on the server;
// this polls GET /api/source until it ends, then re-renders the page on the new data.

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PullView } from '@/lib/ui/pull-view';

type Props = { canRefresh: boolean; canImport: boolean; initialPull: PullView | null };

const POLL_MS = 1000;

function describePull(pull: PullView): string {
  const where = [pull.accountId, pull.region].filter(Boolean).join(' ');
  const what = pull.message ?? pull.phase ?? 'working';
  return `${what}${where ? ` (${where})` : ''} — ${pull.pages} pages, ${pull.events} events`;
}

async function errorText(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

export function SourceControls({ canRefresh, canImport, initialPull }: Props) {
  const router = useRouter();
  const [pull, setPull] = useState<PullView | null>(initialPull);
  const [problem, setProblem] = useState<string | null>(null);
  const [importNote, setImportNote] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const noOrgRef = useRef<HTMLInputElement>(null);
  const running = pull?.status === 'running';

  // The pull runs on the server whatever happens here: a failed poll says so and the next one retries.
  const poll = useCallback(async () => {
    let response: Response;
    try {
      response = await fetch('/api/source', { cache: 'no-store' });
    } catch (error) {
      setProblem(`Lost contact with the server (${describeError(error)}); the pull goes on there, still asking.`);
      return;
    }
    if (!response.ok) {
      setProblem(await errorText(response));
      return;
    }
    setProblem(null);
    const body = (await response.json()) as { pull: PullView | null };
    setPull(body.pull);
    if (body.pull && body.pull.status !== 'running') router.refresh();
  }, [router]);

  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => void poll(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [running, poll]);

  async function refresh() {
    setProblem(null);
    let response: Response;
    try {
      response = await fetch('/api/source', { method: 'POST' });
    } catch (error) {
      setProblem(`The server could not be reached: ${describeError(error)}`);
      return;
    }
    if (!response.ok) {
      setProblem(await errorText(response));
      return;
    }
    const body = (await response.json()) as { pull: PullView };
    setPull(body.pull);
  }

  async function upload(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const files = fileRef.current?.files;
    if (!files || files.length === 0) {
      setProblem('Choose one or more .json or .json.gz files first.');
      return;
    }
    setProblem(null);
    setImportNote(null);
    setImporting(true);
    try {
      const form = new FormData();
      for (const file of Array.from(files)) form.append('files', file);
      if (noOrgRef.current?.checked) form.append('noOrganization', 'true');
      let response: Response;
      try {
        response = await fetch('/api/source/import', { method: 'POST', body: form });
      } catch (error) {
        setProblem(`The server could not be reached: ${describeError(error)}`);
        return;
      }
      if (!response.ok) {
        setProblem(await errorText(response));
        return;
      }
      const body = (await response.json()) as { summary: { accounts: number; events: number; warnings: string[] } };
      setImportNote(
        `Imported ${body.summary.accounts} account(s) and ${body.summary.events} event(s).${body.summary.warnings.length ? ` ${body.summary.warnings.join(' ')}` : ''}`,
      );
      if (fileRef.current) fileRef.current.value = '';
      router.refresh();
    } finally {
      setImporting(false);
    }
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        {canRefresh ? (
          <button
            type="button"
            onClick={() => void refresh()}
            disabled={running}
            data-testid="refresh"
            className="rounded border border-[var(--border)] px-3 py-1 text-sm font-medium hover:bg-[var(--bg)] disabled:opacity-60"
          >
            {running ? 'Refreshing…' : 'Refresh from AWS'}
          </button>
        ) : null}
        {canImport ? (
          <form onSubmit={(event) => void upload(event)} className="flex flex-wrap items-center gap-2" aria-label="Import files">
            <label className="text-sm">
              <span className="sr-only">Files to import</span>
              <input
                ref={fileRef}
                type="file"
                name="files"
                multiple
                accept=".json,.gz,application/json,application/gzip"
                data-testid="import-files"
                className="max-w-[16rem] text-xs file:mr-2 file:rounded file:border file:border-[var(--border)] file:bg-[var(--card)] file:px-2 file:py-1"
              />
            </label>
            <label className="flex items-center gap-1 text-xs" title="Without organization data, SCPs, RCPs and aws:PrincipalOrgID stay unknown">
              <input ref={noOrgRef} type="checkbox" name="noOrganization" data-testid="import-no-organization" />
              The accounts are in no AWS organization
            </label>
            <button
              type="submit"
              disabled={importing}
              data-testid="import-submit"
              className="rounded border border-[var(--border)] px-3 py-1 text-sm font-medium hover:bg-[var(--bg)] disabled:opacity-60"
            >
              {importing ? 'Importing…' : 'Import'}
            </button>
          </form>
        ) : null}
      </div>
      {pull ? (
        <p className="text-xs" role="status" aria-live="polite" data-testid="pull-progress" data-status={pull.status}>
          {pull.status === 'running' ? (
            <>
              <span className="mr-1 inline-block h-2 w-2 animate-pulse rounded-full bg-[var(--accent)]" aria-hidden="true" />
              Pulling: {describePull(pull)}
            </>
          ) : pull.status === 'failed' ? (
            <span className="text-[var(--fail)]">Last pull failed: {pull.error ?? describePull(pull)}</span>
          ) : (
            <span className="text-[var(--muted)]">Last pull finished: {describePull(pull)}</span>
          )}
        </p>
      ) : null}
      {importNote ? (
        <p className="text-xs text-[var(--pass)]" role="status" data-testid="import-note">
          {importNote}
        </p>
      ) : null}
      {problem ? (
        <p className="text-xs text-[var(--fail)]" role="alert" data-testid="source-problem">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
