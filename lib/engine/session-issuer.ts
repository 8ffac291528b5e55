// How the calling session was issued (request.callerSession.issuedBy), read one way for MFA
// the caller check and role chaining. No imports: the browser's what-if
// panel reads it without loading the engine.

/**
 * How the calling session's credentials were issued, read from callerSession.issuedBy (free text,
 * case-insensitive). The one reading shared by the MFA keys, the caller check and
 * role chaining:
 * - unstated: no issuedBy;
 * - federation: AssumeRoleWithWebIdentity / AssumeRoleWithSAML;
 * - assume-role: anything else starting with AssumeRole;
 * - federation-token / session-token: GetFederationToken / GetSessionToken;
 * - compute: credentials delivered to ec2, lambda, ecs or eks;
 * - other: any other text.
 */
export type SessionIssuer = 'unstated' | 'federation' | 'assume-role' | 'federation-token' | 'session-token' | 'compute' | 'other';

export function sessionIssuer(issuedBy: string | undefined): SessionIssuer {
  if (issuedBy === undefined) return 'unstated';
  if (/^AssumeRoleWith(WebIdentity|SAML)$/i.test(issuedBy)) return 'federation';
  if (/^AssumeRole/i.test(issuedBy)) return 'assume-role';
  if (/^GetFederationToken$/i.test(issuedBy)) return 'federation-token';
  if (/^GetSessionToken$/i.test(issuedBy)) return 'session-token';
  if (/^(ec2|lambda|ecs|eks)$/i.test(issuedBy)) return 'compute';
  return 'other';
}

/** Sessions that can never carry MFA: web identity and SAML, GetFederationToken, compute services. */
export function neverCarriesMfa(issuedBy: string | undefined): boolean {
  const issuer = sessionIssuer(issuedBy);
  return issuer === 'federation' || issuer === 'federation-token' || issuer === 'compute';
}
