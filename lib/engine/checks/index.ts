// The decision tree: every contract check, in the contract's order, with the function that
// answers it. The verdict is derived from these answers in diagnose.ts, never beside them.

import type { CheckId } from '../types';
import { checkCaller, checkRoleExists, checkStsRegion } from './caller-and-role';
import { checkSaml, checkWebIdentity } from './federation';
import { checkIdentityPolicy, checkPermissionsBoundary, checkSessionPolicy } from './identity';
import { checkRcp, checkScp } from './organization';
import { checkDuration, checkRequestValid } from './parameters';
import type { Outcome, Run } from './run';
import { checkSourceIdentity, checkTagSession } from './session-features';
import { checkTrustConditions, checkTrustDeny, checkTrustPrincipal } from './trust';

export interface CheckDefinition {
  id: CheckId;
  title: string;
  run: (run: Run) => Outcome;
}

export const CHECKS: readonly CheckDefinition[] = [
  { id: 'request-valid', title: 'Parameters are within AWS limits', run: checkRequestValid },
  { id: 'caller', title: 'The caller may call this action', run: checkCaller },
  { id: 'role-exists', title: 'The role exists', run: checkRoleExists },
  { id: 'sts-region', title: "STS is active in the Region for the role's account", run: checkStsRegion },
  { id: 'scp', title: "SCPs on the caller's account allow the call", run: checkScp },
  { id: 'rcp', title: "No RCP on the role's account denies the call", run: checkRcp },
  { id: 'trust-principal', title: 'The trust policy names the caller', run: checkTrustPrincipal },
  { id: 'trust-conditions', title: 'Trust policy conditions hold', run: checkTrustConditions },
  { id: 'trust-deny', title: 'No Deny in the trust policy applies', run: checkTrustDeny },
  { id: 'identity-policy', title: "The caller's identity policies allow the call", run: checkIdentityPolicy },
  { id: 'permissions-boundary', title: "The caller's permissions boundary allows the call", run: checkPermissionsBoundary },
  { id: 'session-policy', title: "The calling session's session policy allows the call", run: checkSessionPolicy },
  { id: 'tag-session', title: 'sts:TagSession is allowed for the session tags', run: checkTagSession },
  { id: 'source-identity', title: 'sts:SetSourceIdentity is allowed and the source identity is unchanged', run: checkSourceIdentity },
  { id: 'duration', title: 'DurationSeconds is within the allowed session length', run: checkDuration },
  { id: 'web-identity', title: 'The OIDC provider exists and accepts the token', run: checkWebIdentity },
  { id: 'saml', title: "The SAML provider exists in the role's account", run: checkSaml },
];

/** Checks whose failure means AWS rejects the parameters (ValidationError) rather than denying. */
export const INVALID_CHECKS: ReadonlySet<CheckId> = new Set<CheckId>(['request-valid', 'duration']);
