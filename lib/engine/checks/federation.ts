// Identity-provider checks for unsigned calls: `web-identity` (R-56…R-59) and `saml` (R-60).

import { audienceError, expiredWebIdentityTokenError, noOidcProviderError, type AwsErrorDetail } from '../aws-error';
import { WELL_KNOWN_WEB_IDENTITY_PROVIDERS } from '../context';
import { normaliseIssuer } from '../snapshot';
import { constantRules, outcome, type Outcome, type Run } from './run';

// Each check's rules: constants, so verdict mode can share the outcomes that carry them.
const WEB_IDENTITY_RULES = constantRules(['R-56', 'R-57', 'R-59']);
const SAML_RULES = constantRules(['R-60']);

/** How long past its exp IAM still accepts an OIDC token (clock skew). */
const EXP_ALLOWANCE_MS = 5 * 60 * 1000;

function asStrings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/**
 * `web-identity`: the token had not expired when the call was made, and an IAM OIDC provider for
 * its issuer exists in the role's account and lists its audience. An expiry that cannot be
 * settled (the time of the call is not given) does not hide a provider or audience failure,
 * which STS refuses whatever the time.
 */
export function checkWebIdentity(run: Run): Outcome {
  const rules = WEB_IDENTITY_RULES;
  if (run.prepared.action !== 'sts:AssumeRoleWithWebIdentity') return outcome('skip', run.full ? 'Not an AssumeRoleWithWebIdentity call.' : '', rules);
  const expiry = tokenExpiry(run);
  if (expiry?.status === 'fail') return expiry;
  const provider = providerAndAudience(run);
  return expiry !== undefined && provider.status !== 'fail' ? expiry : provider;
}

/** The token's exp against the time of the call: a failure, unknown, or undefined when it does not decide. */
function tokenExpiry(run: Run): Outcome | undefined {
  const rules = WEB_IDENTITY_RULES;
  const full = run.full;
  const claims = run.prepared.claims ?? {};
  // Tokens past their exp are refused before any policy is read (model: ExpiredTokenException).
  // prepareRequest refuses an exp that is not a number of seconds (given or decoded from the token).
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  if (exp === undefined) return undefined;
  if (run.ctx.now === undefined) {
    return outcome('unknown', full ? `The token expires at ${new Date(exp).toISOString()}, but the time of the call is not known: give aws:CurrentTime in request.context.` : '', rules);
  }
  // IAM accepts a token up to five minutes past its exp, for clock skew (the IAM guide's OIDC
  // federation page, R-59).
  const refusedFrom = exp + EXP_ALLOWANCE_MS;
  if (refusedFrom <= run.ctx.now) {
    const expired = `The web identity token expired at ${new Date(exp).toISOString()}; IAM accepts it for five minutes more, until ${new Date(refusedFrom).toISOString()}`;
    // The time is only the diagnosis's own (the request gives no aws:CurrentTime): a token pasted
    // after the failed run has expired since, which says nothing about the call.
    if (!run.ctx.callTimeGiven) {
      return outcome(
        'unknown',
        full
          ? `${expired}. The request does not say when the call was made (only that it was before now, ${new Date(run.ctx.now).toISOString()}): if it was made after ${new Date(refusedFrom).toISOString()}, STS refused it as expired (ExpiredTokenException). Give the time of the call (aws:CurrentTime) to settle it.`
          : '',
        rules,
      );
    }
    return outcome('fail', full ? `${expired}, and the call was made at ${new Date(run.ctx.now).toISOString()}.` : '', rules, { awsError: expiredWebIdentityTokenError() });
  }
  return undefined;
}

/** An IAM OIDC provider for the token's issuer in the role's account (R-56), listing its audience (R-59). */
function providerAndAudience(run: Run): Outcome {
  const rules = WEB_IDENTITY_RULES;
  const full = run.full;
  const claims = run.prepared.claims ?? {};
  const issuer = String(claims.iss);
  const host = run.prepared.issuer!;
  const account = run.prepared.role.account;

  if (WELL_KNOWN_WEB_IDENTITY_PROVIDERS.has(host)) {
    return outcome('pass', full ? `${host} is a provider AWS knows without an IAM OIDC provider; the trust policy names it as "Federated": "${host}" (R-26).` : '', ['R-26', ...rules]);
  }
  const acct = run.roleAccount;
  if (!acct) return outcome('unknown', full ? `Account ${account} is not in the snapshot, so its OIDC providers are unknown.` : '', rules);
  if (acct.oidcProviders === undefined) {
    return outcome('unknown', full ? `The snapshot does not list account ${account}'s OIDC providers (openIdConnectProviders), so whether one exists for ${host} is unknown.` : '', rules);
  }
  const provider = run.indexed.oidcByAccountAndUrl.get(`${account}|${host}`);
  if (!provider) {
    const others = acct.oidcProviders.map((p) => normaliseIssuer(p.Url));
    return outcome(
      'fail',
      full
        ? `Account ${account}, which owns the role, has no IAM OIDC provider for the issuer ${issuer}${others.length ? ` (it has: ${others.join(', ')})` : ' (it has none)'}. The provider must exist in the role's account with the issuer's exact URL (R-56, R-59).`
        : '',
      rules,
      { awsError: noOidcProviderError(issuer) },
    );
  }
  const audiences = asStrings(claims.aud);
  const clientIds = provider.ClientIDList ?? [];
  // Only part of the token is known (a replayed CloudTrail record whose principalId could not be
  // split): a missing aud is not known to be missing, so whether the provider lists it is unknown.
  if (audiences.length === 0 && run.prepared.request.webIdentity?.claimsComplete === false) {
    return outcome(
      'unknown',
      full
        ? `The token's audience (aud) is not known — the record does not show it — so whether provider ${provider.Arn} lists it among its client ids (${clientIds.length ? clientIds.map((c) => `'${c}'`).join(', ') : 'none'}) is unknown: give it in webIdentity.claims.aud (R-59).`
        : '',
      rules,
    );
  }
  if (!audiences.some((a) => clientIds.includes(a))) {
    return outcome(
      'fail',
      full
        ? `The token's audience ${audiences.length ? audiences.map((a) => `'${a}'`).join(', ') : '(none)'} is not in the client ids of provider ${provider.Arn} (${clientIds.length ? clientIds.map((c) => `'${c}'`).join(', ') : 'none'}) (R-59).`
        : '',
      rules,
      { awsError: audienceError() },
    );
  }
  return outcome('pass', full ? `Provider ${provider.Arn} exists in account ${account} and lists the token's audience.` : '', rules);
}

/** `saml`: the SAML provider named in the call exists in the role's account. */
export function checkSaml(run: Run): Outcome {
  const rules = SAML_RULES;
  const full = run.full;
  if (run.prepared.action !== 'sts:AssumeRoleWithSAML') return outcome('skip', full ? 'Not an AssumeRoleWithSAML call.' : '', rules);
  const principalArn = run.prepared.request.saml!.principalArn;
  const account = run.prepared.role.account;
  const error: AwsErrorDetail = { code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithSAML', httpStatus: 403, exactTextKnown: false, rules };
  const providerAccount = principalArn.split(':')[4];
  if (providerAccount !== account) {
    return outcome('fail', full ? `The SAML provider ${principalArn} is in account ${providerAccount}, but it must be in the role's account ${account} (R-60).` : '', rules, { awsError: error });
  }
  const acct = run.roleAccount;
  if (!acct) return outcome('unknown', full ? `Account ${account} is not in the snapshot, so its SAML providers are unknown.` : '', rules);
  if (acct.samlProviders === undefined) return outcome('unknown', full ? `The snapshot does not list account ${account}'s SAML providers.` : '', rules);
  if (!acct.samlProviders.some((p) => p.Arn === principalArn)) {
    return outcome('fail', full ? `Account ${account} has no SAML provider ${principalArn}${acct.samlProviders.length ? ` (it has: ${acct.samlProviders.map((p) => p.Arn).join(', ')})` : ''} (R-60).` : '', rules, { awsError: error });
  }
  return outcome('pass', full ? `SAML provider ${principalArn} exists in the role's account.` : '', rules);
}
