// What each kind of AssumeRole call can carry. AssumeRoleWithWebIdentity and AssumeRoleWithSAML
// are not signed with AWS credentials: they have no ExternalId parameter, no MFA (R-40: they "do
// not support MFA"), and their session tags come from the token or the assertion, not from the
// call. Nor do they have a SourceIdentity parameter: the source identity is the token's
// https://aws.amazon.com/source_identity claim or the assertion's
// https://aws.amazon.com/SAML/Attributes/SourceIdentity attribute. AssumeRoleWithSAML has no
// RoleSessionName parameter either: the session name is the assertion's
// https://aws.amazon.com/SAML/Attributes/RoleSessionName attribute.
//   AssumeRoleWithWebIdentity request: RoleArn, RoleSessionName, WebIdentityToken, ProviderId,
//     PolicyArns, Policy, DurationSeconds (https://ocaml.org/p/aws-sts/latest/doc/aws-sts/Aws_sts/Types/AssumeRoleWithWebIdentityRequest/index.html);
//     its source identity "is returned in the JSON web token (JWT) from the identity provider … You do
//     this by adding a claim to the JSON web token"
//     (https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sts/aws.sdk.kotlin.services.sts.model/-assume-role-with-web-identity-response/source-identity.html).
//   AssumeRoleWithSAML request: RoleArn, PrincipalArn, SAMLAssertion, PolicyArns, Policy, DurationSeconds
//     (https://docs.amazonaws.cn/AWSJavaSDK/latest/javadoc/com/amazonaws/services/securitytoken/model/AssumeRoleWithSAMLRequest.html,
//     https://docs.rs/aws-sdk-sts/1.20.0/aws_sdk_sts/operation/assume_role_with_saml/struct.AssumeRoleWithSamlInput.html);
//     its source identity is "the value in the SourceIdentity attribute in the SAML assertion"
//     (https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sts/aws.sdk.kotlin.services.sts.model/-assume-role-with-saml-response/source-identity.html);
//     attribute names: https://docs.aws.amazon.com/en_us/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html.
// A form, a what-if edit or a hand-made link that gave them those would have the engine weigh values
// AWS never sees (a typed source identity satisfying a trust policy the token does not), so they are
// taken out of the request at the source. Pure.

import type { AssumeRoleRequest, StsAction } from '@/lib/engine/types';

export type CallFields = {
  /** The caller's own ARN (a signed call). */
  caller: boolean;
  externalId: boolean;
  mfa: boolean;
  /** Session tags passed as call parameters (web identity and SAML carry theirs in the token / assertion). */
  sessionTags: boolean;
  /** SourceIdentity as a call parameter (web identity and SAML carry it in the token / assertion). */
  sourceIdentity: boolean;
  /** RoleSessionName as a call parameter (SAML carries it in the assertion). */
  sessionName: boolean;
};

const SIGNED: CallFields = { caller: true, externalId: true, mfa: true, sessionTags: true, sourceIdentity: true, sessionName: true };
const WEB_IDENTITY: CallFields = { caller: false, externalId: false, mfa: false, sessionTags: false, sourceIdentity: false, sessionName: true };
const SAML: CallFields = { ...WEB_IDENTITY, sessionName: false };

export function callFields(action: StsAction | string | undefined): CallFields {
  const normalised = action?.startsWith('sts:') ? action : `sts:${action ?? 'AssumeRole'}`;
  if (normalised === 'sts:AssumeRoleWithWebIdentity') return WEB_IDENTITY;
  if (normalised === 'sts:AssumeRoleWithSAML') return SAML;
  return SIGNED;
}

/** The assertion attribute AWS reads an AssumeRoleWithSAML session name from. */
export const SAML_ROLE_SESSION_NAME = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';

/** Why a field is not offered for a federated call, in a sentence the form shows. */
export function federatedNote(action: StsAction | string | undefined): string | undefined {
  const normalised = action?.startsWith('sts:') ? action : `sts:${action ?? 'AssumeRole'}`;
  if (normalised === 'sts:AssumeRoleWithWebIdentity') {
    return 'AssumeRoleWithWebIdentity has no External id and no MFA; its session tags come from the token’s https://aws.amazon.com/tags claim, and its source identity from its https://aws.amazon.com/source_identity claim.';
  }
  if (normalised === 'sts:AssumeRoleWithSAML') {
    return 'AssumeRoleWithSAML has no External id and no MFA; its session tags come from the assertion’s PrincipalTag attributes, its session name from its RoleSessionName attribute and its source identity from its SourceIdentity attribute.';
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
 * and SAML, no ExternalId, no MFA (code, serial or context key), no session tags and no
 * SourceIdentity as call parameters; for SAML, the session name is moved to the assertion's
 * RoleSessionName attribute (where AWS reads it; CloudTrail logs it as requestParameters.roleSessionName,
 * so a replayed record keeps it) unless the assertion names its own. An AssumeRole request comes back
 * as it was (the same object).
 */
export function requestForKind(request: AssumeRoleRequest): AssumeRoleRequest {
  const fields = callFields(request.action);
  if (Object.values(fields).every(Boolean)) return request;
  const next: AssumeRoleRequest = { ...request };
  if (!fields.externalId) delete next.externalId;
  if (!fields.sourceIdentity) delete next.sourceIdentity;
  if (!fields.sessionName && next.roleSessionName !== undefined) {
    if (next.saml && next.saml.attributes?.[SAML_ROLE_SESSION_NAME] === undefined) {
      next.saml = { ...next.saml, attributes: { ...next.saml.attributes, [SAML_ROLE_SESSION_NAME]: next.roleSessionName } };
    }
    delete next.roleSessionName;
  }
  if (!fields.mfa) {
    delete next.serialNumber;
    delete next.tokenCode;
    if (next.context) {
      const context = Object.fromEntries(Object.entries(next.context).filter(([key]) => !MFA_CONTEXT_KEYS.includes(key.toLowerCase())));
      if (Object.keys(context).length > 0) next.context = context;
      else delete next.context;
    }
  }
  if (!fields.sessionTags) {
    delete next.tags;
    delete next.transitiveTagKeys;
  }
  if (!fields.caller) {
    // No signed caller, so no calling session whose facts (tags, source identity, MFA) could count.
    delete next.callerSession;
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
