// Session tags as people type them: "Key=Value", one per line (the request form also takes
// commas). The one parser and formatter for every text box and summary that shows tags.

import { tagFromPair } from '@/lib/share';
import type { Tag } from '@/lib/engine/types';

/**
 * Tags from text. Keys and values are trimmed; blank entries are skipped. Throws a DoctorError
 * naming `field` and the entry that is not written Key=Value.
 */
export function parseTagText(text: string, options: { field?: string; commas?: boolean } = {}): Tag[] {
  const tags: Tag[] = [];
  const entries = text.split(options.commas ? /\n|,/ : '\n');
  for (const entry of entries.map((item) => item.trim()).filter(Boolean)) {
    // People type spaces around '=': the link codec keeps tags exactly, the text boxes trim them.
    const tag = tagFromPair(entry, options.field ?? 'tags');
    tags.push({ Key: tag.Key.trim(), Value: tag.Value.trim() });
  }
  return tags;
}

/** Tags as text parseTagText reads back: one Key=Value per line, or joined by `separator`. */
export function formatTags(tags: readonly Tag[] | undefined, separator = '\n'): string {
  return (tags ?? []).map((tag) => `${tag.Key}=${tag.Value}`).join(separator);
}
