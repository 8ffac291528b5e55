import { describe, expect, it } from 'vitest';
import { parseCaller } from '../arn';
import { compilePrincipal, matchPrincipal } from './principal';
import type { CallerIdentity, PrincipalMatchKind } from './types';

const ALICE: CallerIdentity = { ...parseCaller('arn:aws:iam::111111111111:user/dev/alice', 'caller'), uniqueId: 'AIDAALICE0000000000001' };
const SESSION: CallerIdentity = {
  ...parseCaller('arn:aws:sts::111111111111:assumed-role/Deploy/build-42', 'caller'),
  roleArn: 'arn:aws:iam::111111111111:role/ci/Deploy',
  uniqueId: 'AROADEPLOY00000000001',
};
const ROOT = parseCaller('arn:aws:iam::111111111111:root', 'caller');
const FED_USER = parseCaller('arn:aws:sts::111111111111:federated-user/bob', 'caller');
const EC2 = parseCaller('ec2.amazonaws.com', 'caller');
const GITHUB: CallerIdentity = {
  kind: 'web-identity',
  arn: 'token.actions.githubusercontent.com',
  partition: 'aws',
  federatedProviders: ['arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com'],
};
const GOOGLE: CallerIdentity = { kind: 'web-identity', arn: 'accounts.google.com', partition: 'aws', federatedProviders: ['accounts.google.com'] };
const OKTA: CallerIdentity = { kind: 'saml', arn: 'Okta', partition: 'aws', federatedProviders: ['arn:aws:iam::222222222222:saml-provider/Okta'] };
const CN_USER = parseCaller('arn:aws-cn:iam::111111111111:user/alice', 'caller');

type Row = [name: string, principal: unknown, caller: CallerIdentity | undefined, matched: boolean, via?: PrincipalMatchKind];

const rows: Row[] = [
  ['R-20 "*" names every caller', '*', ALICE, true, 'wildcard'],
  ['R-20 {"AWS":"*"} is the same as "*"', { AWS: '*' }, SESSION, true, 'wildcard'],
  ['R-20 "*" names an unauthenticated web identity caller too', '*', GITHUB, true, 'wildcard'],
  ['R-15 a bare account id names a user of that account', { AWS: '111111111111' }, ALICE, true, 'account'],
  ['R-15 the root ARN names a role session of that account', { AWS: 'arn:aws:iam::111111111111:root' }, SESSION, true, 'account'],
  ['R-15 the root ARN names the root user', { AWS: 'arn:aws:iam::111111111111:root' }, ROOT, true, 'account'],
  ['R-15 another account is not named', { AWS: '222222222222' }, ALICE, false],
  ['R-15 the account in another partition is not named', { AWS: 'arn:aws:iam::111111111111:root' }, CN_USER, false],
  ['R-15 an account principal does not name a service', { AWS: '111111111111' }, EC2, false],
  ['R-16 the user ARN names that user', { AWS: 'arn:aws:iam::111111111111:user/dev/alice' }, ALICE, true, 'user-arn'],
  ['R-16 the user ARN needs the same path', { AWS: 'arn:aws:iam::111111111111:user/alice' }, ALICE, false],
  ['R-16 another user is not named', { AWS: 'arn:aws:iam::111111111111:user/dev/bob' }, ALICE, false],
  ['R-17 the role ARN names every session of the role', { AWS: 'arn:aws:iam::111111111111:role/ci/Deploy' }, SESSION, true, 'role-arn'],
  ['R-17 the role ARN matches the session whatever the path written (sessions carry none)', { AWS: 'arn:aws:iam::111111111111:role/Deploy' }, SESSION, true, 'role-arn'],
  ['R-17 a role of the same name in another account is not named', { AWS: 'arn:aws:iam::333333333333:role/Deploy' }, SESSION, false],
  ['R-17 a role ARN does not name a user', { AWS: 'arn:aws:iam::111111111111:role/alice' }, ALICE, false],
  ['R-18 the exact session ARN names the session', { AWS: 'arn:aws:sts::111111111111:assumed-role/Deploy/build-42' }, SESSION, true, 'session-arn'],
  ['R-18 another session of the same role is not named', { AWS: 'arn:aws:sts::111111111111:assumed-role/Deploy/build-43' }, SESSION, false],
  ['federated-user ARN names that federated user', { AWS: 'arn:aws:sts::111111111111:federated-user/bob' }, FED_USER, true, 'federated-user-arn'],
  ['R-22 a unique id names the principal that holds it now', { AWS: 'AROADEPLOY00000000001' }, SESSION, true, 'unique-id'],
  ['R-22 a unique id of a deleted role names nobody', { AWS: 'AROAOLDDEPLOY00000001' }, SESSION, false],
  ['R-22 a user unique id names that user', { AWS: 'AIDAALICE0000000000001' }, ALICE, true, 'unique-id'],
  ['R-24 several principals are ORed', { AWS: ['arn:aws:iam::111111111111:user/dev/bob', 'arn:aws:iam::111111111111:user/dev/alice'] }, ALICE, true, 'user-arn'],
  ['R-24 principal types are ORed', { Service: 'lambda.amazonaws.com', AWS: '111111111111' }, ALICE, true, 'account'],
  ['R-25 a service principal names the service', { Service: 'ec2.amazonaws.com' }, EC2, true, 'service'],
  ['R-25 a list of services', { Service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'] }, EC2, true, 'service'],
  ['R-25 another service is not named', { Service: 'lambda.amazonaws.com' }, EC2, false],
  ['R-25 a service principal does not name a user', { Service: 'ec2.amazonaws.com' }, ALICE, false],
  ['R-26 an OIDC provider ARN names callers from that provider', { Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com' }, GITHUB, true, 'federated'],
  ['R-26 an OIDC provider in another account is not the provider', { Federated: 'arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com' }, GITHUB, false],
  ['R-26 a well-known web identity host', { Federated: 'accounts.google.com' }, GOOGLE, true, 'federated'],
  ['R-26 a SAML provider ARN', { Federated: 'arn:aws:iam::222222222222:saml-provider/Okta' }, OKTA, true, 'federated'],
  ['R-26 a SAML provider does not name an OIDC caller', { Federated: 'arn:aws:iam::222222222222:saml-provider/Okta' }, GITHUB, false],
  ['R-26 Federated does not name an IAM user', { Federated: 'cognito-identity.amazonaws.com' }, ALICE, false],
  ['CanonicalUser never names an IAM caller', { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }, ALICE, false],
  ['an absent caller is named only by "*"', { AWS: '111111111111' }, undefined, false],
];

describe('matchPrincipal', () => {
  it.each(rows)('%s', (_name, principal, caller, matched, via) => {
    const result = matchPrincipal(principal, caller);
    expect(result.matched).toBe(matched);
    expect(result.via).toBe(via);
  });

  it('R-24 with several matching entries, reports the most specific one', () => {
    const result = matchPrincipal(
      { AWS: ['*', '111111111111', 'arn:aws:iam::111111111111:role/ci/Deploy', 'arn:aws:sts::111111111111:assumed-role/Deploy/build-42'] },
      SESSION,
    );
    // The "*" beside them is reported too: it grants every caller whatever entry is named.
    expect(result).toEqual({ matched: true, via: 'session-arn', value: 'arn:aws:sts::111111111111:assumed-role/Deploy/build-42', listsWildcard: true });
  });

  it('R-20, R-24 a "*" listed beside narrower entries is reported whatever the case of the principal type', () => {
    for (const element of [{ AWS: ['*', '111111111111'] }, { aws: ['*', '111111111111'] }, { Aws: '*' }, '*']) {
      expect(matchPrincipal(element, ALICE).listsWildcard, JSON.stringify(element)).toBe(true);
    }
    expect(matchPrincipal({ aws: ['111111111111'] }, ALICE).listsWildcard).toBeUndefined();
    // A service named "*" is not the AWS wildcard.
    expect(compilePrincipal({ Service: '*' }, 'Principal').principal?.wildcard).toBeUndefined();
  });

  it('R-22 always lists unique-id entries, matched or not', () => {
    expect(matchPrincipal({ AWS: ['AROAOLDDEPLOY00000001', '111111111111'] }, SESSION)).toEqual({
      matched: true,
      via: 'account',
      value: '111111111111',
      uniqueIds: ['AROAOLDDEPLOY00000001'],
    });
    expect(matchPrincipal({ AWS: 'AROAOLDDEPLOY00000001' }, SESSION)).toEqual({ matched: false, uniqueIds: ['AROAOLDDEPLOY00000001'] });
  });
});

describe('compilePrincipal refuses what IAM refuses', () => {
  it.each([
    ['R-21 a partial wildcard in a role ARN', { AWS: 'arn:aws:iam::111111111111:role/ci-*' }, /R-21/],
    ['R-21 a wildcard account in a user ARN', { AWS: 'arn:aws:iam::*:user/alice' }, /R-21/],
    ['R-18 a wildcard session name', { AWS: 'arn:aws:sts::111111111111:assumed-role/Deploy/*' }, /R-21/],
    ['a group ARN', { AWS: 'arn:aws:iam::111111111111:group/admins' }, /only accounts, users, roles/],
    ['a name that is not an ARN', { AWS: 'alice' }, /invalid principal "alice"/],
    ['an unknown principal type', { Aws2: '111111111111' }, /unknown principal type "Aws2"/],
    ['a bare ARN string instead of an object', 'arn:aws:iam::111111111111:root', /must be "\*" or an object/],
    ['an empty list', { AWS: [] }, /empty/],
    ['a number', { AWS: 111111111111 }, /non-empty strings/],
    ['an ARN with 500 colons', { AWS: `arn:aws:iam::111111111111:role/${':'.repeat(500)}` }, /colons/],
  ])('%s', (_name, element, message) => {
    const { principal, problems } = compilePrincipal(element, 'Statement[0].Principal');
    expect(principal).toBeUndefined();
    expect(problems.map((p) => p.message).join(' ')).toMatch(message);
  });
});
