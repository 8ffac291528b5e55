// The what-if panel's edits to a request, and what it shows of one. Pure.

import { neverCarriesMfa } from '@/lib/engine/session-issuer';
import type { AssumeRoleRequest } from '@/lib/engine/types';

export const MFA_KEY = 'aws:MultiFactorAuthPresent';
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


/**
 * Whether the request says the caller used MFA, read as the engine reads it: the
 * aws:MultiFactorAuthPresent the request gives wins; else an MFA code on the call (SerialNumber
 * and TokenCode) means present; else the caller's session says (mfaAuthenticated, or credentials
 * that never carry MFA). When nothing says, it is unknown — not absent.
 */
export function mfaState(request: AssumeRoleRequest): MfaState {
  const given = contextString(request, MFA_KEY).toLowerCase();
  if (given === 'true') return 'present';
  if (given === 'false') return 'absent';
  if (request.serialNumber !== undefined && request.tokenCode !== undefined) return 'present';
  const session = request.callerSession;
  if (session?.mfaAuthenticated === true) return 'present';
  if (session?.mfaAuthenticated === false) return 'absent';
  if (neverCarriesMfa(session?.issuedBy)) return 'absent';
  return 'unknown';
}

/**
 * The request with MFA set as chosen. Present and absent are said explicitly
 * (aws:MultiFactorAuthPresent "true" / "false"); unknown removes everything that says either way.
 * An MFA code on the call and the session's own flag go when they would contradict the choice.
 */
export function withMfa(request: AssumeRoleRequest, state: MfaState): AssumeRoleRequest {
  const next = withContext(request, MFA_KEY, state === 'unknown' ? undefined : state === 'present' ? 'true' : 'false');
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
