// Fixes for the session parameters: DurationSeconds (R-49, R-50), a changed source identity
// (R-38), and the web identity provider registration (R-56…R-59).

import { roleChaining } from '../checks/parameters';
import type { Fix, OidcProvider } from '../types';
import { requestFix, rolePartition, settingFix, type FixContext } from './context';
import { webIdentityClaims } from './lookup';
import { issuerHost, oidcProviderOf } from './trust';

const DEFAULT_MAX_SESSION = 3600;
const HARD_MAX_SESSION = 43200;
const CHAINED_MAX_SESSION = 3600;

/** The duration check failed on the role-chaining cap (R-50), not on the role's MaxSessionDuration. */
function isRoleChaining(context: FixContext): boolean {
  return context.check('duration')?.rules.includes('R-50') ?? false;
}

export function durationFixes(context: FixContext): Fix[] {
  const requested = context.request.durationSeconds;
  if (requested === undefined) return [];
  const max = context.role?.MaxSessionDuration ?? DEFAULT_MAX_SESSION;
  if (isRoleChaining(context)) {
    return [
      requestFix(
        context,
        'duration',
        `Ask for at most ${CHAINED_MAX_SESSION} seconds`,
        `${
          context.caller.kind === 'role-session'
            ? 'The caller is itself a role session, so this is role chaining, where'
            : 'The caller uses temporary credentials from GetSessionToken, for which'
        } AWS caps the new session at one hour whatever the role's MaxSessionDuration (R-50). Raising MaxSessionDuration would not help; request ${CHAINED_MAX_SESSION} seconds or less${
          context.caller.kind === 'role-session' ? '' : ', or call AssumeRole with the long-term access keys'
        }.`,
        { durationSeconds: Math.min(CHAINED_MAX_SESSION, max) },
      ),
    ];
  }
  const fixes: Fix[] = [
    requestFix(
      context,
      'duration',
      `Ask for at most ${max} seconds`,
      `The role's MaxSessionDuration is ${max} seconds and the call asks for ${requested} (R-49). Asking for ${max} seconds or less works without touching the role.`,
      { durationSeconds: max },
    ),
  ];
  const issuedBy = context.request.callerSession?.issuedBy;
  // Credentials from a compute service (or an issuer AWS does not name): not role chaining by AWS's
  // terms, but a one-hour cap is reported in practice (R-50, disputed): the check's own reading.
  const disputedChain = roleChaining(context.caller.kind, issuedBy).disputed;
  if (context.role && requested <= HARD_MAX_SESSION) {
    fixes.push(
      settingFix(
        'duration',
        `Raise MaxSessionDuration of ${context.role.RoleName} to ${requested} seconds`,
        `Alternatively let the role issue longer sessions: MaxSessionDuration can be set from 3600 to 43200 seconds (R-49). This lengthens every session of the role, not only this caller's.${
          disputedChain
            ? ` Caution: the caller's credentials come from ${issuedBy}; AWS does not call that role chaining, but a one-hour cap has been observed in practice (R-50, disputed), so the shorter duration is the safer fix.`
            : ''
        }`,
        {
          kind: 'role-max-session-duration',
          target: `MaxSessionDuration of ${context.roleArn}`,
          account: context.roleAccountId,
          roleName: context.role.RoleName,
          before: max,
          after: requested,
        },
      ),
    );
  }
  return fixes;
}

export function sourceIdentityChangeFix(context: FixContext): Fix | undefined {
  const inherited = context.request.callerSession?.sourceIdentity;
  const asked = context.request.sourceIdentity;
  if (inherited === undefined || asked === undefined || inherited === asked) return undefined;
  return requestFix(
    context,
    'source-identity',
    `Keep the source identity '${inherited}'`,
    `The calling session already carries the source identity '${inherited}', which cannot change along a chain of sessions (R-38). Send the same value, or none, to inherit it.`,
    { sourceIdentity: inherited },
  );
}

export function webIdentityFix(context: FixContext): Fix | undefined {
  const host = issuerHost(context);
  if (!host || context.request.action !== 'sts:AssumeRoleWithWebIdentity') return undefined;
  const aud = webIdentityClaims(context.request).aud;
  const audiences = (Array.isArray(aud) ? aud : [aud]).filter((value): value is string => typeof value === 'string');
  const existing = oidcProviderOf(context, String(webIdentityClaims(context.request).iss));
  const arn = `arn:${rolePartition(context)}:iam::${context.roleAccountId}:oidc-provider/${host}`;
  if (!existing) {
    const after: OidcProvider = { Arn: arn, Url: host, ClientIDList: audiences.length ? [audiences[0]] : ['sts.amazonaws.com'] };
    return settingFix(
      'web-identity',
      `Register ${host} as an OIDC identity provider in account ${context.roleAccountId}`,
      `STS only accepts tokens from an issuer registered as an OIDC provider in the role's account (R-56, R-59). Register https://${host} with the token's audience as its client ID; the trust policy then names the provider ARN ${arn}.`,
      { kind: 'oidc-provider', target: `OIDC provider ${arn}`, account: context.roleAccountId, before: null, after },
    );
  }
  const missing = audiences.filter((value) => !(existing.ClientIDList ?? []).includes(value));
  if (missing.length === 0) return undefined;
  const after: OidcProvider = { ...existing, ClientIDList: [...(existing.ClientIDList ?? []), missing[0]] };
  return settingFix(
    'web-identity',
    `Add the audience '${missing[0]}' to the OIDC provider ${existing.Arn}`,
    `The token's audience is not among the provider's client IDs, so STS rejects it with "Incorrect token audience" (R-59). Adding exactly this client ID is the smallest change; check first that the token really should carry it (for GitHub Actions the official action uses sts.amazonaws.com).`,
    { kind: 'oidc-provider', target: `client IDs of ${existing.Arn}`, account: context.roleAccountId, before: existing, after },
  );
}
