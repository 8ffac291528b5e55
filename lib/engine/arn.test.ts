import { describe, expect, it } from 'vitest';
import { DoctorError } from '@/lib/errors';
import { accountOf, isAccountId, isServicePrincipal, parseArn, parseCaller, roleArnFromSessionArn } from './arn';

describe('parseArn', () => {
  it.each([
    ['role with path', 'arn:aws:iam::111111111111:role/ci/Deploy', { service: 'iam', account: '111111111111', resourceType: 'role', resourceName: 'Deploy', path: '/ci/' }],
    ['role without path', 'arn:aws:iam::111111111111:role/Deploy', { resourceType: 'role', resourceName: 'Deploy', path: '/' }],
    ['user', 'arn:aws:iam::111111111111:user/dev/alice', { resourceType: 'user', resourceName: 'alice', path: '/dev/' }],
    ['root', 'arn:aws:iam::111111111111:root', { resourceType: 'root', account: '111111111111' }],
    ['OIDC provider', 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com', { resourceType: 'oidc-provider', resourceName: 'token.actions.githubusercontent.com' }],
    ['OIDC provider with a path in its URL', 'arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC', { resourceType: 'oidc-provider', resourceName: 'oidc.eks.us-east-1.amazonaws.com/id/ABC' }],
    ['SAML provider', 'arn:aws:iam::111111111111:saml-provider/Okta', { resourceType: 'saml-provider', resourceName: 'Okta' }],
    ['MFA device', 'arn:aws:iam::111111111111:mfa/alice', { resourceType: 'mfa', resourceName: 'alice' }],
    ['AWS managed policy', 'arn:aws:iam::aws:policy/ReadOnlyAccess', { resourceType: 'policy', account: 'aws', resourceName: 'ReadOnlyAccess' }],
    ['assumed-role session', 'arn:aws:sts::111111111111:assumed-role/Deploy/build-42', { service: 'sts', resourceType: 'assumed-role', resourceName: 'Deploy', sessionName: 'build-42' }],
    ['federated user', 'arn:aws:sts::111111111111:federated-user/bob', { resourceType: 'federated-user', resourceName: 'bob' }],
    ['China partition', 'arn:aws-cn:iam::111111111111:role/Deploy', { partition: 'aws-cn' }],
    ['GovCloud partition', 'arn:aws-us-gov:iam::111111111111:role/Deploy', { partition: 'aws-us-gov' }],
    ['other service with colons in the resource', 'arn:aws:logs:us-east-1:111111111111:log-group:app:*', { service: 'logs', region: 'us-east-1', resource: 'log-group:app:*', resourceType: 'other' }],
  ])('reads a %s ARN', (_name, text, expected) => {
    expect(parseArn(text, 'request.roleArn')).toMatchObject(expected);
  });

  it.each([
    ['not a string', 42, /expected an ARN string/],
    ['null', null, /expected an ARN string, got null/],
    ['a name', 'Deploy', /expected an ARN like/],
    ['too few parts', 'arn:aws:iam::role/Deploy', /six colon-separated parts/],
    ['unknown partition', 'arn:aws-mars:iam::111111111111:role/Deploy', /unknown partition/],
    ['an account that is not 12 digits', 'arn:aws:iam::1111:role/Deploy', /12-digit account id/],
    ['a region on an IAM ARN', 'arn:aws:iam:us-east-1:111111111111:role/Deploy', /empty region/],
    ['no resource', 'arn:aws:iam::111111111111:', /no resource part/],
    ['a role without a name', 'arn:aws:iam::111111111111:role/', /no name/],
    ['a session ARN without a session name', 'arn:aws:sts::111111111111:assumed-role/Deploy', /assumed-role\/RoleName\/SessionName/],
    ['whitespace', 'arn:aws:iam::111111111111:role/De ploy', /whitespace/],
    ['500 colons', `arn:aws:iam::111111111111:role/x${':'.repeat(500)}`, /colons/],
    ['more than 2048 characters', `arn:aws:iam::111111111111:role/${'x'.repeat(2100)}`, /at most 2048/],
  ])('refuses %s with a bad-arn error naming the field', (_name, text, message) => {
    let error: unknown;
    try {
      parseArn(text, 'request.roleArn');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DoctorError);
    expect((error as DoctorError).code).toBe('bad-arn');
    expect((error as DoctorError).field).toBe('request.roleArn');
    expect((error as DoctorError).message).toMatch(message);
    expect((error as DoctorError).message).toContain('request.roleArn');
  });
});

describe('parseCaller', () => {
  it.each([
    ['an IAM user', 'arn:aws:iam::111111111111:user/alice', { kind: 'user', accountId: '111111111111', partition: 'aws' }],
    ['a role session', 'arn:aws:sts::111111111111:assumed-role/Deploy/s', { kind: 'role-session', roleArn: 'arn:aws:iam::111111111111:role/Deploy' }],
    ['the root user', 'arn:aws:iam::111111111111:root', { kind: 'root', accountId: '111111111111' }],
    ['a federated user', 'arn:aws:sts::111111111111:federated-user/bob', { kind: 'federated-user' }],
    ['a service principal', 'ec2.amazonaws.com', { kind: 'service', service: 'ec2.amazonaws.com' }],
    ['a China service principal', 'ec2.amazonaws.com.cn', { kind: 'service', partition: 'aws-cn' }],
  ])('reads %s', (_name, text, expected) => {
    expect(parseCaller(text, 'request.caller')).toMatchObject({ arn: text, ...expected });
  });

  it.each([
    ['a role ARN (a role calls through a session)', 'arn:aws:iam::111111111111:role/Deploy', /assumed-role\/Deploy\/session-name/],
    ['a bare account id', '111111111111', /not a bare account id/],
    ['a group ARN', 'arn:aws:iam::111111111111:group/admins', /expected a user, assumed-role session/],
    ['an empty string', '', /caller ARN/],
    ['a word', 'alice', /caller ARN/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseCaller(text, 'request.caller')).toThrowError(message);
  });
});

describe('ARN helpers', () => {
  it('roleArnFromSessionArn rebuilds the role ARN (with the path when known)', () => {
    expect(roleArnFromSessionArn('arn:aws:sts::111111111111:assumed-role/Deploy/s')).toBe('arn:aws:iam::111111111111:role/Deploy');
    expect(roleArnFromSessionArn('arn:aws:sts::111111111111:assumed-role/Deploy/s', 'x', '/ci/')).toBe('arn:aws:iam::111111111111:role/ci/Deploy');
    expect(() => roleArnFromSessionArn('arn:aws:iam::111111111111:user/alice', 'caller')).toThrowError(/assumed-role session ARN/);
  });

  it.each([
    ['arn:aws:iam::111111111111:role/Deploy', '111111111111'],
    ['222222222222', '222222222222'],
    ['arn:aws:iam::aws:policy/ReadOnlyAccess', undefined],
    ['ec2.amazonaws.com', undefined],
  ])('accountOf(%s)', (text, account) => {
    expect(accountOf(text)).toBe(account);
  });

  it.each([
    ['ec2.amazonaws.com', true],
    ['ecs-tasks.amazonaws.com', true],
    ['accounts.google.com', false],
    ['arn:aws:iam::111111111111:root', false],
  ])('isServicePrincipal(%s) is %s', (text, expected) => {
    expect(isServicePrincipal(text)).toBe(expected);
  });

  it.each([
    ['111111111111', true],
    ['11111111111', false],
    ['1111111111111', false],
    ['11111111111a', false],
  ])('isAccountId(%s) is %s', (text, expected) => {
    expect(isAccountId(text)).toBe(expected);
  });
});
