// Where Learn mode gets its data on the server. The labs always run on the demo organization
// (plus the learn overlay); with live data the learner may also pick one of their own roles
// (?role=<arn>) for the steps that explain a single role.
import 'server-only';

import { cache } from 'react';
import { demoSnapshot } from '@/lib/demo';
import { diagnose } from '@/lib/engine';
import type { Snapshot } from '@/lib/engine/types';
import type { Lab } from './lab';
import { labForRole, listRoleChoices, type RoleChoice } from './subject';
import { withLearnOverlay } from './overlay';
import { buildWalkthroughs } from './walkthroughs';
import type { Walkthrough } from './types';
import { currentLearnSource } from './source';

export interface LearnPageData {
  walkthroughs: Walkthrough[];
  /** The demo snapshot with the overlay: what the labs run on. */
  labSnapshot: Snapshot;
  source: string;
  /** Roles the learner may pick: their own with live data, the demo's otherwise. */
  roleChoices: RoleChoice[];
  /** The picked role, when it exists in the data. */
  subjectRoleArn?: string;
  /** The lab around the picked role. */
  subjectLab?: Lab;
  /** A picked role that could not be found. */
  unknownRole?: string;
}

let labSnapshotCache: Snapshot | undefined;

function labSnapshot(): Snapshot {
  labSnapshotCache ??= withLearnOverlay(demoSnapshot);
  return labSnapshotCache;
}

/**
 * Learn's data for one request. Once per request and role parameter (React's cache): a Learn page,
 * its metadata and its not-found page would otherwise each read the store and build every
 * walkthrough, running the engine for every lab.
 */
export const loadLearnData = cache(readLearnData);

async function readLearnData(roleParam: string | undefined): Promise<LearnPageData> {
  const snapshot = labSnapshot();
  const live = await currentLearnSource();
  const pickFrom = live.snapshot ?? snapshot;
  const roleChoices = listRoleChoices(pickFrom);
  const subject = roleParam ? labForRole(pickFrom, roleParam) : undefined;
  return {
    walkthroughs: buildWalkthroughs({ snapshot, diagnose, subject }),
    labSnapshot: snapshot,
    source: live.source,
    roleChoices,
    subjectRoleArn: subject ? roleParam : undefined,
    subjectLab: subject,
    unknownRole: roleParam && !subject ? roleParam : undefined,
  };
}
