// `npm run bench:outputs -- FILE`: writes every diagnosis the engine gives for the benchmark's
// synthetic organisations (five seeds, 2,000 requests each) and for the demo's CloudTrail events,
// in full and verdict mode, with and without a clock: one JSON line each. A speed change must not
// change a byte of it — write the file before and after, then compare them with `cmp`.

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { demoSnapshot } from '@/lib/demo';
import { demoEvents } from '@/lib/demo/events';
import { diagnose, loadSnapshot } from '@/lib/engine';
import { requestFromEvent } from '@/lib/engine/cloudtrail';
import type { AssumeRoleRequest, Diagnosis } from '@/lib/engine/types';
import { buildSyntheticOrg } from './synthetic-org';

const NOW = '2026-06-01T12:00:00Z';
const lines: string[] = [];

/** Both modes, on fresh copies of the request (the engine keeps nothing per request object). */
function record(indexed: unknown, request: AssumeRoleRequest, now: string | undefined): void {
  for (const mode of ['full', 'verdict'] as const) {
    let diagnosis: Diagnosis;
    try {
      diagnosis = diagnose(indexed, structuredClone(request), { now, mode });
    } catch (error) {
      lines.push(`ERROR ${String(error)}`);
      continue;
    }
    lines.push(JSON.stringify(diagnosis));
  }
}

for (const seed of [42, 1, 2, 3, 7]) {
  const org = buildSyntheticOrg(seed);
  const indexed = loadSnapshot(structuredClone(org.snapshot));
  for (const request of org.requests) for (const now of [undefined, NOW]) record(indexed, request, now);
}
const demo = loadSnapshot(demoSnapshot);
for (const event of demoEvents) {
  const { request } = requestFromEvent(event);
  for (const now of [undefined, String(event.eventTime)]) record(demo, request, now);
}

const file = process.argv[2];
const text = lines.join('\n');
if (file) writeFileSync(file, text);
process.stdout.write(`${lines.length} diagnoses, sha256 ${createHash('sha256').update(text).digest('hex').slice(0, 16)}${file ? ` → ${file}` : ''}\n`);
