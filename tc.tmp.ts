import { diagnose, loadSnapshot } from '@/lib/engine';
import { buildFixes } from '@/lib/engine/fixes';
import type { AssumeRoleRequest } from '@/lib/engine/types';
import { buildSyntheticOrg } from './bench/synthetic-org';
const org = buildSyntheticOrg();
const indexed = loadSnapshot(JSON.parse(JSON.stringify(org.snapshot)));
const text = JSON.stringify(org.requests);
const K = process.env.K ?? 'trust-principal+tag-session';
const t0 = Date.now(); while (Date.now() - t0 < 5000) {
  const reqs: AssumeRoleRequest[] = JSON.parse(text);
  const ds = reqs.map((r) => diagnose(indexed, r, { mode: 'full', fixes: false, diagrams: false }));
  ds.forEach((d, i) => { if (d.failedChecks.join('+') === K) buildFixes(d, indexed, reqs[i]); });
}
