// What each kind of AssumeRole call can carry. AssumeRoleWithWebIdentity and AssumeRoleWithSAML
// are not signed with AWS credentials: they have no ExternalId parameter, no MFA (R-40: they "do
// not support MFA"), and their session tags come from the token or the assertion, not from the
// call; nor do they have a SourceIdentity parameter (the token's https://aws.amazon.com/source_identity
// claim, the assertion's SourceIdentity attribute). The engine refuses a request giving them those
// (lib/engine/request.ts); a form, a what-if edit or a hand-made link that carried them over from
// another kind of call has them taken out at the source instead. Pure.

import { SIGNED_ONLY_FIELDS, type AssumeRoleRequest, type StsAction } from '@/lib/engine/types';

export type CallFields = {
  /** The caller's own ARN (a signed call). */
  caller: boolean;
  externalId: boolean;
  mfa: boolean;
  /** Session tags passed as call parameters (web identity and SAML carry theirs in the token / assertion). */
  sessionTags: boolean;
  /** SourceIdentity as a call parameter (web identity and SAML carry it in the token / assertion). */
  sourceIdentity: boolean;
};

const SIGNED: CallFields = { caller: true, externalId: true, mfa: true, sessionTags: true, sourceIdentity: true };
const FEDERATED: CallFields = { caller: false, externalId: false, mfa: false, sessionTags: false, sourceIdentity: false };

export function callFields(action: StsAction | string | undefined): CallFields {
  const normalised = action?.startsWith('sts:') ? action : `sts:${action ?? 'AssumeRole'}`;
  return normalised === 'sts:AssumeRoleWithWebIdentity' || normalised === 'sts:AssumeRoleWithSAML' ? FEDERATED : SIGNED;
}

/** Why a field is not offered for a federated call, in a sentence the form shows. */
export function federatedNote(action: StsAction | string | undefined): string | undefined {
  const normalised = action?.startsWith('sts:') ? action : `sts:${action ?? 'AssumeRole'}`;
  if (normalised === 'sts:AssumeRoleWithWebIdentity') {
    return 'AssumeRoleWithWebIdentity has no External id and no MFA; its session tags come from the token’s https://aws.amazon.com/tags claim, and its source identity from its https://aws.amazon.com/source_identity claim.';
  }
  if (normalised === 'sts:AssumeRoleWithSAML') {
    return 'AssumeRoleWithSAML has no External id and no MFA; its session tags come from the assertion’s PrincipalTag attributes, and its source identity from its SourceIdentity attribute.';
  }
  return undefined;
}

const MFA_CONTEXT_KEYS = ['aws:multifactorauthpresent', 'aws:multifactorauthage'];

/** True when `key` (lower-cased) is given only by a field the kind of call does not have. */
function withoutKey(fields: CallFields, key: string): boolean {
  if (!fields.externalId && key === 'sts:externalid') return true;
  if (!fields.mfa && MFA_CONTEXT_KEYS.includes(key)) return true;
  if (!fields.caller && (key === 'aws:sourceidentity' || key.startsWith('aws:principaltag/'))) return true;
  return false;
}

/**
 * The request without the fields its kind of call cannot have (see the header): for web identity
 * and SAML, no ExternalId, no MFA (code, serial or context key) and no session tags or SourceIdentity as call
 * parameters. An AssumeRole request comes back as it was (the same object).
 */
export function requestForKind(request: AssumeRoleRequest): AssumeRoleRequest {
  const fields = callFields(request.action);
  if (fields === SIGNED) return request;
  const next: AssumeRoleRequest = { ...request };
  // A federated call: every field only a signed call has goes (the list the engine refuses by),
  // and so do the MFA context keys.
  for (const field of SIGNED_ONLY_FIELDS) delete next[field];
  if (next.context) {
    const context = Object.fromEntries(Object.entries(next.context).filter(([key]) => !MFA_CONTEXT_KEYS.includes(key.toLowerCase())));
    if (Object.keys(context).length > 0) next.context = context;
    else delete next.context;
  }
  // Nor may the request call unknown a key only a field it cannot have would give (the form's hidden
  // remainder of an AssumeRole record carries "sts:ExternalId is unknown"; on a SAML call there is none).
  if (Array.isArray(next.unknownContext)) {
    const kept = next.unknownContext.filter((key) => typeof key !== 'string' || !withoutKey(fields, key.toLowerCase()));
    if (kept.length > 0) next.unknownContext = kept;
    else delete next.unknownContext;
  }
  return next;
}
