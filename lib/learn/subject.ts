// The role picker: with live data a learner can swap the walkthrough's subject role for one of
// their own. We then need a plausible caller for it, read from its own trust policy: the first
// principal an Allow statement names (a role becomes one of its sessions, an account becomes a
// user of that account when the snapshot has one).

import type { AssumeRoleRequest, RoleDetail, Snapshot } from '@/lib/engine/types';
import { accountIdOfArn, findAccount, findRole, parsePolicyDocument, trimSnapshot, type Lab } from './lab';
import { CALLER_IP, LAB_TIME } from './labs';
import { conditionsOf, principalsOf } from './mermaid';

export interface RoleChoice {
  arn: string;
  name: string;
  account: string;
}

/** Roles a learner may pick: every non-service-linked role in the snapshot. */
export function listRoleChoices(snapshot: Snapshot): RoleChoice[] {
  return snapshot.accounts.flatMap((account) =>
    (account.authorizationDetails.RoleDetailList ?? [])
      .filter((role) => !(role.Path ?? '/').startsWith('/aws-service-role/'))
      .map((role) => ({ arn: role.Arn, name: role.RoleName, account: account.alias ? `${account.alias} (${account.accountId})` : account.accountId })),
  );
}

function callerFor(snapshot: Snapshot, role: RoleDetail): Pick<AssumeRoleRequest, 'action' | 'caller' | 'webIdentity' | 'saml' | 'externalId'> {
  const trust = parsePolicyDocument(role.AssumeRolePolicyDocument);
  for (const statement of trust.Statement.filter((s) => s.Effect === 'Allow')) {
    const externalId = conditionsOf(statement).find((c) => c.key.toLowerCase() === 'sts:externalid' && c.operator === 'StringEquals')?.values[0];
    for (const principal of principalsOf(statement)) {
      if (principal.kind === 'Service') return { action: 'sts:AssumeRole', caller: principal.value };
      if (principal.kind === 'Federated' && principal.value.includes(':saml-provider/')) {
        // A SAML role is assumed with AssumeRoleWithSAML and the provider's ARN, not a web identity token.
        const aud = conditionsOf(statement).find((c) => c.key.toLowerCase() === 'saml:aud')?.values[0] ?? 'https://signin.aws.amazon.com/saml';
        return { action: 'sts:AssumeRoleWithSAML', saml: { principalArn: principal.value, attributes: { 'SAML:aud': aud } } };
      }
      if (principal.kind === 'Federated') {
        const sub = conditionsOf(statement).find((c) => c.key.endsWith(':sub'))?.values[0] ?? 'subject';
        const aud = conditionsOf(statement).find((c) => c.key.endsWith(':aud'))?.values[0] ?? 'sts.amazonaws.com';
        const issuer = principal.value.includes('oidc-provider/') ? `https://${principal.value.split('oidc-provider/')[1]}` : principal.value;
        return { action: 'sts:AssumeRoleWithWebIdentity', webIdentity: { claims: { iss: issuer, sub, aud } } };
      }
      if (principal.kind !== 'AWS' || principal.value === '*') continue;
      const value = principal.value;
      const role = /^arn:(aws[\w-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(value);
      if (role) return { action: 'sts:AssumeRole', caller: `arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/learn`, externalId };
      if (/^arn:aws[\w-]*:iam::\d{12}:user\//.test(value)) return { action: 'sts:AssumeRole', caller: value, externalId };
      const account = /^(?:arn:aws[\w-]*:iam::)?(\d{12})(?::root)?$/.exec(value)?.[1];
      if (account) {
        const user = findAccount(snapshot, account)?.authorizationDetails.UserDetailList?.[0];
        return { action: 'sts:AssumeRole', caller: user?.Arn ?? `arn:aws:iam::${account}:user/engineer`, externalId };
      }
    }
  }
  return { action: 'sts:AssumeRole', caller: `arn:aws:iam::${accountIdOfArn(role.Arn) ?? '000000000000'}:user/engineer` };
}

/** A lab around a role the learner picked, or undefined when the snapshot has no such role. */
export function labForRole(snapshot: Snapshot, roleArn: string): Lab | undefined {
  const role = findRole(snapshot, roleArn);
  if (!role) return undefined;
  const caller = callerFor(snapshot, role);
  const request: AssumeRoleRequest = {
    ...caller,
    roleArn: role.Arn,
    roleSessionName: 'learn',
    durationSeconds: 3600,
    context: { 'aws:SourceIp': CALLER_IP, 'aws:CurrentTime': LAB_TIME },
  };
  if (!request.externalId) delete request.externalId;
  const callerAccount = accountIdOfArn((request.caller ?? '').replace(':sts::', ':iam::'));
  return { snapshot: trimSnapshot(snapshot, [callerAccount, accountIdOfArn(role.Arn)]), request };
}
