import 'server-only';

// The seam between the pages and the data: which snapshot is current, compiled once (the data
// source caches the index by snapshot id), and how to describe where it came from.

import { cache } from 'react';
import { currentView, refreshRefusal, type DataSourceInfo } from '@/lib/data-source';
import { demoIncidents, demoSuccessfulCalls } from '@/lib/demo';
import type { IndexedSnapshot } from '@/lib/engine';
import type { Snapshot } from '@/lib/engine/types';
import { overridesOf, overrideReasonsOf, type OverrideReasons, type RequestOverrides } from './replay';

export type SourceKind = 'demo' | 'live' | 'import';

export interface SourceView {
  kind: SourceKind;
  /** One line for people: "the demo organization", "a live pull of …", "an import of …". */
  label: string;
  capturedAt?: string;
  accountCount: number;
  /** Id of the stored snapshot, when the data lives in the store. */
  snapshotId?: string;
  canRefresh: boolean;
  canImport: boolean;
  /** Why refresh / import are off, in words. */
  whyReadOnly?: string;
  storeProblem?: string;
}

export function sourceView(info: DataSourceInfo): SourceView {
  const label =
    info.source === 'demo'
      ? 'the demo organization (Acme: three accounts, a week of CloudTrail)'
      : info.source === 'live'
        ? (info.label ?? 'a live pull from AWS')
        : (info.label ?? 'imported files');
  const refusal = refreshRefusal(info.mode, info.awsConfigured);
  const whyReadOnly =
    info.mode === 'demo'
      ? 'This server runs with DOCTOR_SOURCE=demo: it always shows the demo organization. To import files or refresh from AWS, restart it with DOCTOR_SOURCE=auto or live.'
      : refusal
        ? 'No AWS credentials are configured here: import files, or configure AWS and refresh.'
        : undefined;
  return {
    kind: info.source,
    label,
    capturedAt: info.capturedAt,
    accountCount: info.accounts,
    snapshotId: info.snapshotId,
    canRefresh: refusal === undefined,
    canImport: info.mode !== 'demo',
    whyReadOnly,
    storeProblem: info.storeProblem,
  };
}

/**
 * The current data for one request (React cache: every component of a render shares it): the
 * snapshot, its index and its description come from one read of the current-snapshot row, so the
 * source line always describes the snapshot that was diagnosed, even when a pull lands meanwhile.
 */
export const currentData = cache(async (): Promise<{ snapshot: Snapshot; indexed: IndexedSnapshot; source: SourceView; info: DataSourceInfo }> => {
  const { snapshot, indexed, info } = currentView();
  return { snapshot, indexed, source: sourceView(info), info };
});

/**
 * Facts the demo's records do not show that its incidents restore (the ExternalId the vendor
 * sent, …), by eventID. Only for the demo data: live records are taken as logged, and what they
 * do not show is unknown (request.unknownContext, callerSession.tagsComplete).
 */
export function demoOverrides(source: SourceView): RequestOverrides {
  if (source.kind !== 'demo') return new Map();
  return overridesOf([...demoIncidents, ...demoSuccessfulCalls]);
}

/** Why the demo's overrides are known (shown beside the call they complete); empty for real data. */
export function demoOverrideReasons(source: SourceView): OverrideReasons {
  if (source.kind !== 'demo') return new Map();
  return overrideReasonsOf([...demoIncidents, ...demoSuccessfulCalls]);
}
