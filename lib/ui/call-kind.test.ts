import { describe, expect, it } from 'vitest';
import type { AssumeRoleRequest } from '@/lib/engine/types';
import { callFields, federatedNote, requestForKind, SAML_ROLE_SESSION_NAME } from './call-kind';

const loaded: Omit<AssumeRoleRequest, 'action'> = {
  roleArn: 'arn:aws:iam::111111111111:role/Gh',
  externalId: 'external-id-1',
  serialNumber: 'arn:aws:iam::111111111111:mfa/alice',
  tokenCode: '000000',
  tags: [{ Key: 'team', Value: 'red' }],
  transitiveTagKeys: ['team'],
  context: { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '30', 'aws:SourceIp': '203.0.113.9' },
};

describe('what each kind of call carries', () => {
  it('offers External id, MFA and session tags for AssumeRole only', () => {
    expect(callFields('sts:AssumeRole')).toEqual({ caller: true, externalId: true, mfa: true, sessionTags: true, sourceIdentity: true, sessionName: true });
    expect(callFields(undefined)).toEqual(callFields('AssumeRole'));
    for (const action of ['sts:AssumeRoleWithWebIdentity', 'AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'AssumeRoleWithSAML']) {
      expect(callFields(action)).toMatchObject({ caller: false, externalId: false, mfa: false, sessionTags: false, sourceIdentity: false });
      expect(federatedNote(action)).toMatch(/no External id and no MFA/);
    }
    expect(federatedNote('AssumeRole')).toBeUndefined();
  });

  it('takes External id, MFA and session tags out of a web-identity or SAML request, keeping the rest', () => {
    for (const action of ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'] as const) {
      expect(requestForKind({ ...loaded, action })).toEqual({ action, roleArn: loaded.roleArn, context: { 'aws:SourceIp': '203.0.113.9' } });
    }
    const onlyMfa: AssumeRoleRequest = { action: 'sts:AssumeRoleWithSAML', roleArn: loaded.roleArn, context: { 'aws:multifactorauthpresent': 'true' } };
    expect(requestForKind(onlyMfa)).toEqual({ action: 'sts:AssumeRoleWithSAML', roleArn: loaded.roleArn });
  });

  it('leaves an AssumeRole request alone', () => {
    const request: AssumeRoleRequest = { ...loaded, action: 'sts:AssumeRole' };
    expect(requestForKind(request)).toBe(request);
  });

  it('takes a SourceIdentity parameter out of a web-identity or SAML request: the token or the assertion carries it', () => {
    expect(callFields('AssumeRoleWithWebIdentity').sessionName).toBe(true);
    expect(callFields('AssumeRoleWithSAML').sessionName).toBe(false);
    expect(federatedNote('AssumeRoleWithWebIdentity')).toMatch(/source identity from its https:\/\/aws\.amazon\.com\/source_identity claim/);
    expect(federatedNote('AssumeRoleWithSAML')).toMatch(/session name from its RoleSessionName attribute and its source identity from its SourceIdentity attribute/);
    const web: AssumeRoleRequest = { action: 'sts:AssumeRoleWithWebIdentity', roleArn: loaded.roleArn, roleSessionName: 'ci', sourceIdentity: 'alice', webIdentity: { claims: { sub: 'x' } } };
    expect(requestForKind(web)).toEqual({ action: 'sts:AssumeRoleWithWebIdentity', roleArn: loaded.roleArn, roleSessionName: 'ci', webIdentity: { claims: { sub: 'x' } } });
    const saml: AssumeRoleRequest = { action: 'sts:AssumeRoleWithSAML', roleArn: loaded.roleArn, sourceIdentity: 'alice', saml: { principalArn: 'arn:aws:iam::111111111111:saml-provider/Okta' } };
    expect(requestForKind(saml)).toEqual({ action: 'sts:AssumeRoleWithSAML', roleArn: loaded.roleArn, saml: saml.saml });
    const signed: AssumeRoleRequest = { action: 'sts:AssumeRole', roleArn: loaded.roleArn, caller: 'arn:aws:iam::111111111111:user/alice', sourceIdentity: 'alice' };
    expect(requestForKind(signed)).toBe(signed);
  });

  it("moves a SAML session name to the assertion's RoleSessionName attribute, where AWS reads it, unless the assertion names one", () => {
    const principalArn = 'arn:aws:iam::111111111111:saml-provider/Okta';
    const recorded: AssumeRoleRequest = { action: 'sts:AssumeRoleWithSAML', roleArn: loaded.roleArn, roleSessionName: 'alice@example.com', saml: { principalArn, attributes: { 'saml:aud': 'https://signin.aws.amazon.com/saml' } } };
    expect(requestForKind(recorded)).toEqual({
      action: 'sts:AssumeRoleWithSAML',
      roleArn: loaded.roleArn,
      saml: { principalArn, attributes: { 'saml:aud': 'https://signin.aws.amazon.com/saml', [SAML_ROLE_SESSION_NAME]: 'alice@example.com' } },
    });
    const named: AssumeRoleRequest = { ...recorded, roleSessionName: 'typed', saml: { principalArn, attributes: { [SAML_ROLE_SESSION_NAME]: 'from-assertion' } } };
    expect(requestForKind(named)).toEqual({ action: 'sts:AssumeRoleWithSAML', roleArn: loaded.roleArn, saml: named.saml });
  });

  it('takes the calling session and the unknowns only a missing field would settle out of a web-identity or SAML request', () => {
    const request: AssumeRoleRequest = {
      action: 'sts:AssumeRoleWithWebIdentity',
      roleArn: loaded.roleArn,
      roleSessionName: 'ci',
      webIdentity: { claims: { sub: 'x' } },
      callerSession: { sourceIdentity: 'alice' },
      unknownContext: ['sts:ExternalId', 'aws:MultiFactorAuthPresent', 'aws:PrincipalTag/team', 'aws:SourceIdentity', 'aws:UserAgent'],
    };
    expect(requestForKind(request)).toEqual({ action: request.action, roleArn: loaded.roleArn, roleSessionName: 'ci', webIdentity: request.webIdentity, unknownContext: ['aws:UserAgent'] });
    expect(requestForKind({ ...request, unknownContext: ['sts:ExternalId'] }).unknownContext).toBeUndefined();
  });
});
