import 'server-only';

export { pull, pullSnapshot, cursorKey, STS_EVENT_NAMES } from './pull';
export type { CloudTrailCursors, PullOptions, PullPhase, PullProgressEvent, PullResult } from './pull';
export {
  awsPullConfig,
  isAwsConfigured,
  parseAssumeRoleTargets,
  parseCloudTrailRegions,
  parseLookbackHours,
  parseSourceMode,
  AWS_CREDENTIAL_HINTS,
} from './config';
export type { AssumeRoleTarget, AwsPullConfig, AwsPullConfigValues, SourceMode } from './config';
