// The seam to the app's data source: the learner's own roles only when the current source is not
// the demo. A store that cannot be read leaves Learn mode on the demo rather than failing the page.
import 'server-only';

import { currentView } from '@/lib/data-source';
import type { Snapshot } from '@/lib/engine/types';

export interface LearnSource {
  source: string;
  /** The live (or imported) snapshot; undefined on demo data. */
  snapshot?: Snapshot;
}

export async function currentLearnSource(): Promise<LearnSource> {
  try {
    const { snapshot, info } = currentView();
    if (info.source === 'demo') return { source: 'demo' };
    return { source: info.source, snapshot };
  } catch {
    return { source: 'demo' };
  }
}
