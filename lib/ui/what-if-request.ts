// The what-if panel's edits to a request, and what it shows of one. Pure.

import { mfaKeyOf } from '@/lib/engine/session-issuer';
import type { AssumeRoleRequest } from '@/lib/engine/types';

export const MFA_KEY = 'aws:MultiFactorAuthPresent';
export const MFA_AGE_KEY = 'aws:MultiFactorAuthAge';
export const SOURCE_IP_KEY = 'aws:SourceIp';

export function contextString(request: AssumeRoleRequest, key: string): string {
  const value = request.context?.[key];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

export function withContext(request: AssumeRoleRequest, key: string, value: string | undefined): AssumeRoleRequest {
  const context = { ...(request.context ?? {}) };
  if (value === undefined || value === '') delete context[key];
  else context[key] = value;
  const next: AssumeRoleRequest = { ...request, context };
  if (Object.keys(context).length === 0) delete next.context;
  return next;
}

export type MfaState = 'present' | 'absent' | 'unknown';

/** Temporary credentials, as the engine counts them for R-40: a session ARN, or a caller described by callerSession. */
function temporaryCaller(request: AssumeRoleRequest): boolean {
  return request.callerSession !== undefined || /^arn:[\w-]+:sts::\d{12}:(assumed-role|federated-user)\//.test(request.caller ?? '');
}

/**
 * Whether the caller used MFA, read as the engine reads it (mfaKeyOf, R-40): the
 * aws:MultiFactorAuthPresent the request gives wins; else the credentials decide. Long-term keys
 * without an MFA code on the call are 'absent' (AWS sends no key); a session the request says
 * nothing about is 'unknown'.
 */
export function mfaState(request: AssumeRoleRequest): MfaState {
  const given = contextString(request, MFA_KEY).toLowerCase();
  if (given === 'true') return 'present';
  if (given === 'false') return 'absent';
  const key = mfaKeyOf({
    temporary: temporaryCaller(request),
    mfaOnCall: request.serialNumber !== undefined && request.tokenCode !== undefined,
    mfaAuthenticated: request.callerSession?.mfaAuthenticated,
    issuedBy: request.callerSession?.issuedBy,
  });
  return key === 'true' ? 'present' : key === 'unknown' ? 'unknown' : 'absent';
}

/** The states the control offers: long-term credentials are never 'unknown'. */
export function mfaChoices(request: AssumeRoleRequest): MfaState[] {
  return temporaryCaller(request) ? ['unknown', 'present', 'absent'] : ['present', 'absent'];
}

/**
 * The request with MFA set as chosen, the way AWS would see it. Present: the key says "true"
 * (and, for long-term keys, an age of 0, as for an MFA code on the call).
 * Absent: for a session the key says "false"; long-term credentials without MFA send no key at
 * all, so it is removed (writing "false" would trip a `Bool …: false` Deny AWS never applies to
 * them). Unknown removes everything that says either way. An MFA code on the call and the
 * session's own flag go when they would contradict the choice.
 */
export function withMfa(request: AssumeRoleRequest, state: MfaState): AssumeRoleRequest {
  const temporary = temporaryCaller(request);
  const value = state === 'present' ? 'true' : state === 'absent' && temporary ? 'false' : undefined;
  // Long-term keys carry MFA only as a code on the call, which AWS counts as just now (age 0);
  // without MFA there is no age at all. A session's age comes from when it was issued.
  const age = state === 'present' && !temporary ? '0' : state === 'present' ? contextString(request, MFA_AGE_KEY) : undefined;
  const next = withContext(withContext(request, MFA_KEY, value), MFA_AGE_KEY, age);
  if (state !== 'present') {
    delete next.serialNumber;
    delete next.tokenCode;
    if (next.callerSession && next.callerSession.mfaAuthenticated !== undefined) {
      const session = { ...next.callerSession };
      if (state === 'unknown') delete session.mfaAuthenticated;
      else session.mfaAuthenticated = false;
      next.callerSession = session;
    }
  }
  return next;
}
