// The embedded demo organization: a complete snapshot (three accounts, an organization with SCPs
// and RCPs, OIDC and SAML providers, a week of STS CloudTrail records) and the incidents it holds.
// Used by the demo pages, the UI tests and `lib/demo/demo.test.ts`, which replays every record.

import { SNAPSHOT_FORMAT, type Snapshot } from '@/lib/engine/types';
import { DEMO_CAPTURED_AT, demoEvents, demoIncidents as incidents, type DemoIncident } from './events';
import { demoAccounts, demoOrganization } from './organization';

export const demoSnapshot: Snapshot = {
  format: SNAPSHOT_FORMAT,
  capturedAt: DEMO_CAPTURED_AT,
  source: 'demo',
  accounts: demoAccounts,
  organization: demoOrganization,
  events: demoEvents,
};

export { DEMO_CAPTURED_AT, EVENT_IDS, demoEvents, demoIncidents, demoSuccessfulCalls } from './events';
export type { DemoIncident, DemoSuccessfulCall } from './events';
export {
  DELETED_REPORTING_JOB_ROLE_ID,
  GITHUB_OIDC_PROVIDER_ARN,
  MANAGEMENT,
  OKTA_SAML_PROVIDER_ARN,
  PRODUCTION,
  TOOLING,
  VENDOR,
  demoAccounts,
  demoOrganization,
} from './organization';

const demoIncidentsBySlug = new Map(incidents.map((incident) => [incident.slug, incident]));

/** The incident for a slug, or undefined. */
export function findDemoIncident(slug: string): DemoIncident | undefined {
  return demoIncidentsBySlug.get(slug);
}
