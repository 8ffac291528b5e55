import type { PullProgressRow } from '@/lib/store';

/** What the browser may see of a pull: progress and outcome, nothing about credentials. */
export interface PullView {
  id: string;
  status: 'running' | 'done' | 'failed';
  phase?: string;
  message?: string;
  accountId?: string;
  region?: string;
  pages: number;
  events: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
}

export function pullView(row: PullProgressRow): PullView {
  return {
    id: row.id,
    status: row.status,
    phase: row.phase,
    message: row.message,
    accountId: row.accountId,
    region: row.region,
    pages: row.pages,
    events: row.events,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    error: row.errorMessage,
  };
}
