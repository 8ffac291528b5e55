import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import type { RoleDetail } from '@/lib/engine/types';
import { organizationAccountIds, roleFindings } from './index';

function demoRole(name: string): { role: RoleDetail; account: string } {
  for (const account of demoSnapshot.accounts) {
    const role = account.authorizationDetails.RoleDetailList?.find((candidate) => candidate.RoleName === name);
    if (role) return { role, account: account.accountId };
  }
  throw new Error(`no demo role ${name}`);
}

const ids = (role: RoleDetail, account: string, organizationAccounts?: Set<string>) => roleFindings(role, account, { organizationAccounts }).map((finding) => finding.id);

function withTrust(statement: Record<string, unknown>, extra: Partial<RoleDetail> = {}): RoleDetail {
  return {
    RoleName: 'Probe',
    RoleId: 'AROAPROBE',
    Arn: 'arn:aws:iam::222222222222:role/Probe',
    AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [statement] })),
    ...extra,
  };
}

describe('role findings', () => {
  it('flags the demo role that trusts a deleted principal by its unique id (R-22)', () => {
    const { role, account } = demoRole('LegacyReporting');
    expect(ids(role, account)).toContain('unique-id-principal');
  });

  it('does not ask for an ExternalId between accounts of the same organization', () => {
    const { role, account } = demoRole('BreakGlassAdmin');
    const organization = organizationAccountIds(demoSnapshot.organization?.root);
    expect(ids(role, account, organization)).not.toContain('cross-account-without-external-id');
    expect(ids(role, account)).toContain('cross-account-without-external-id');
  });

  it('says "outside the organization" only when the role\'s own account is in it', () => {
    const trust = withTrust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' });
    const detail = (organization: Set<string>) => roleFindings(trust, '222222222222', { organizationAccounts: organization }).find((f) => f.id === 'cross-account-without-external-id')?.detail;
    // The role's account is a member, the trusted one is not: a third party outside the organization.
    expect(detail(new Set(['222222222222']))).toContain('111111111111, outside the organization,');
    // The role's account is not a member: the trusted account may well be in the organization.
    expect(detail(new Set(['111111111111']))).not.toContain('outside the organization');
  });

  it('flags wildcard principals, GitHub trusts without sub or with wildcards in StringEquals, users without MFA and long sessions', () => {
    expect(ids(withTrust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }), '222222222222')).toContain('wildcard-principal-without-conditions');
    // R-20: same-account principals need nothing else; other accounts' still need an identity allow (R-14) and their SCPs (R-05).
    const wildcard = roleFindings(withTrust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }), '222222222222').find((f) => f.id === 'wildcard-principal-without-conditions')!.detail;
    expect(wildcard).toContain("Other accounts' principals need an identity allow (and their SCPs must allow); principals in this account need nothing else.");
    expect(wildcard).toContain('SCPs and explicit denies still apply to every caller');
    expect(wildcard).not.toContain('limited only by their own identity policies');
    const github = 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com';
    expect(
      ids(withTrust({ Effect: 'Allow', Principal: { Federated: github }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } }), '222222222222'),
    ).toContain('github-oidc-without-sub');
    expect(
      ids(
        withTrust({ Effect: 'Allow', Principal: { Federated: github }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } } }),
        '222222222222',
      ),
    ).toEqual(['github-oidc-wildcard-in-string-equals']);
    expect(ids(withTrust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:user/alice' }, Action: 'sts:AssumeRole' }), '222222222222')).toEqual(['human-role-without-mfa']);
    expect(ids(withTrust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }, { MaxSessionDuration: 43200 }), '222222222222')).toEqual(['long-session']);
  });
});
