// Test data shared by the fixes' tests and the redaction tests: a role Deploy in account
// 222222222222 trusting one OIDC provider (audience sts.amazonaws.com) under `condition`.
import type { Snapshot } from '@/lib/engine/types';

export const WEB_ROLE_ACCOUNT = '222222222222';

export function webIdentityWorld(provider: string, condition: Record<string, Record<string, unknown>>, extraRoles: unknown[] = []): Snapshot {
  const providerArn = `arn:aws:iam::${WEB_ROLE_ACCOUNT}:oidc-provider/${provider}`;
  const trust = { Version: '2012-10-17', Statement: [{ Sid: 'Ci', Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }] };
  return {
    format: 'assumerole-doctor/snapshot@1',
    accounts: [
      {
        accountId: WEB_ROLE_ACCOUNT,
        authorizationDetails: {
          UserDetailList: [],
          GroupDetailList: [],
          Policies: [],
          RoleDetailList: [
            { RoleName: 'Deploy', RoleId: 'AROADEPLOYXXXXXXXXXX1', Arn: `arn:aws:iam::${WEB_ROLE_ACCOUNT}:role/Deploy`, Path: '/', AssumeRolePolicyDocument: trust as never },
            ...(extraRoles as never[]),
          ],
        },
        openIdConnectProviders: [{ Arn: providerArn, Url: provider, ClientIDList: ['sts.amazonaws.com'] }] as never,
      },
    ],
  };
}
