// The seam to the app's data source: live data (and so the role picker) only when the current
// source is not the demo.
import 'server-only';

import type { Snapshot } from '@/lib/engine/types';

export interface LearnSource {
  source: string;
  /** The live (or imported) snapshot; undefined on demo data. */
  snapshot?: Snapshot;
}

export async function currentLearnSource(): Promise<LearnSource> {
  // Until lib/data-source lands, Learn mode runs on the demo only.
  return { source: 'demo' };
}
