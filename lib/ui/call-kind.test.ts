import { describe, expect, it } from 'vitest';
import type { AssumeRoleRequest } from '@/lib/engine/types';
import { callFields, federatedNote, requestForKind } from './call-kind';

const loaded: Omit<AssumeRoleRequest, 'action'> = {
  roleArn: 'arn:aws:iam::111111111111:role/Gh',
  externalId: 'external-id-1',
  serialNumber: 'arn:aws:iam::111111111111:mfa/alice',
  tokenCode: '000000',
  sourceIdentity: 'alice',
  tags: [{ Key: 'team', Value: 'red' }],
  transitiveTagKeys: ['team'],
  context: { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '30', 'aws:SourceIp': '203.0.113.9' },
};

describe('what each kind of call carries', () => {
  it('offers External id, MFA, session tags and a source identity for AssumeRole only', () => {
    expect(callFields('sts:AssumeRole')).toEqual({ caller: true, externalId: true, mfa: true, sessionTags: true, sourceIdentity: true });
    expect(callFields(undefined)).toEqual(callFields('AssumeRole'));
    for (const action of ['sts:AssumeRoleWithWebIdentity', 'AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'AssumeRoleWithSAML']) {
      expect(callFields(action)).toEqual({ caller: false, externalId: false, mfa: false, sessionTags: false, sourceIdentity: false });
      expect(federatedNote(action)).toMatch(/no External id and no MFA/);
      expect(federatedNote(action)).toMatch(/source identity from its (https:\/\/aws\.amazon\.com\/source_identity claim|SourceIdentity attribute)/);
    }
    expect(federatedNote('AssumeRole')).toBeUndefined();
  });

  it('takes External id, MFA, session tags and the source identity out of a web-identity or SAML request, keeping the rest', () => {
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
});
