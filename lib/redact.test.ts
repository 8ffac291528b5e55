import { describe, expect, it } from 'vitest';
import { demoSnapshot } from './demo';
import { diagnose } from './engine';
import type { AssumeRoleRequest, Snapshot } from './engine/types';
import { decodeJwtPayload } from './engine/jwt';
import { parseArn } from './engine/arn';
import { account, allowAssume, CALLER_ACCOUNT, check, ROLE_ACCOUNT, role, roleArn, snapshot, trustStatement, user, userArn } from './engine/checks/testing';
import { parseRequest } from './engine/request';
import { createRedactor, redactFreeze, redactSource } from './redact';
import { webIdentityWorld } from './engine/fixes/testing';
import { sliceForRequest } from './ui/snapshot-views';

describe('redaction', () => {
  it('replaces account ids and names with consistent pseudonyms that keep ARNs well-formed', () => {
    const request = {
      action: 'sts:AssumeRole' as const,
      caller: 'arn:aws:iam::111111111111:user/alice',
      roleArn: 'arn:aws:iam::222222222222:role/Deploy',
      roleSessionName: 'alice',
    };
    const redactor = createRedactor(request, {
      accounts: [{ accountId: '222222222222', alias: 'acme-prod', authorizationDetails: { RoleDetailList: [] } }],
    });
    const out = redactor.apply({
      request,
      message: 'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Deploy',
      note: 'acme-prod account 222222222222; aws:SourceIp stays',
    });
    expect(out.request.caller).toBe('arn:aws:iam::100000000001:user/user-1');
    expect(out.request.roleArn).toBe('arn:aws:iam::100000000002:role/role-1');
    expect(out.message).toContain('arn:aws:iam::100000000001:user/user-1');
    expect(out.message).not.toMatch(/alice|Deploy|111111111111|222222222222/);
    expect(out.note).toBe('alias-1 account 100000000002; aws:SourceIp stays');
  });

  it('replaces ExternalIds and IP addresses in the request, the explanation and the trust policy alike', () => {
    // The vendor incident: wrong ExternalId, and (added here) a source-IP condition the call misses.
    const request: AssumeRoleRequest = {
      action: 'sts:AssumeRole',
      caller: 'arn:aws:sts::333333333333:assumed-role/MonitoringCollector/i-0abc123def4567890',
      roleArn: 'arn:aws:iam::222222222222:role/VendorMonitoring',
      roleSessionName: 'acme-collector',
      externalId: 'acme-7f3c9e2b-stage',
      context: { 'aws:SourceIp': '198.51.100.7' },
    };
    const snapshot: Snapshot = structuredClone(demoSnapshot);
    const role = snapshot.accounts.flatMap((a) => a.authorizationDetails.RoleDetailList ?? []).find((r) => r.RoleName === 'VendorMonitoring')!;
    const trust = role.AssumeRolePolicyDocument as { Statement: { Condition: Record<string, Record<string, string>> }[] };
    trust.Statement[0].Condition.IpAddress = { 'aws:SourceIp': '203.0.113.0/24' };
    const diagnosis = diagnose(snapshot, request);
    expect(diagnosis.failedChecks).toEqual(['trust-conditions']);
    const frozen = redactFreeze({ request, diagnosis, snapshot: sliceForRequest(snapshot, request), source: 'demo' });
    const text = JSON.stringify(frozen);
    // Nor any part of a name or session id cut short in a diagram label.
    for (const secret of ['acme-7f3c9e2b', '198.51.100', '203.0.113', 'VendorMonitoring', 'role/Vendo', 'MonitoringColl', 'i-0abc123', 'AROAQ3', '222222222222', '333333333333']) expect(text).not.toContain(secret);
    expect(frozen.diagnosis.diagram?.mermaid).toContain('class trust_conditions,aws_error fail');
    // Consistent: the request's value and the policy's are different pseudonyms, each the same everywhere.
    expect(frozen.request.externalId).toBe('external-id-1');
    expect(frozen.request.context?.['aws:SourceIp']).toBe('ip-1');
    const summary = frozen.diagnosis.checks.find((c) => c.id === 'trust-conditions')!.summary;
    expect(summary).toContain("'external-id-1'");
    expect(summary).toContain("'external-id-2'");
    expect(summary).toContain("'ip-2/24'");
    expect(text).toContain('"sts:ExternalId":"external-id-2"');
  });

  it('reads policy documents written as IAM returns them (URL-encoded JSON), and keeps them encoded', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:user/alice' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'vendor-secret-42' }, NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:db8::/32'] } },
        },
      ],
    };
    const request: AssumeRoleRequest = { action: 'sts:AssumeRole', caller: 'arn:aws:iam::111111111111:user/alice', roleArn: 'arn:aws:iam::222222222222:role/Deploy' };
    const slice: Snapshot = {
      format: demoSnapshot.format,
      capturedAt: demoSnapshot.capturedAt,
      accounts: [
        {
          accountId: '222222222222',
          authorizationDetails: {
            RoleDetailList: [{ RoleName: 'Deploy', RoleId: 'AROAEXAMPLEEXAMPLE', Arn: request.roleArn, AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(policy)) }],
          },
        },
      ],
    };
    const out = createRedactor(request, slice).apply(slice);
    const encoded = out.accounts[0].authorizationDetails.RoleDetailList![0].AssumeRolePolicyDocument as string;
    expect(encoded.startsWith('%7B')).toBe(true);
    const decoded = decodeURIComponent(encoded);
    for (const secret of ['alice', '111111111111', 'vendor-secret-42', '192.0.2.0', '2001:db8::']) expect(decoded).not.toContain(secret);
    expect(JSON.parse(decoded).Statement[0]).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::100000000001:user/user-1' },
      Condition: { StringEquals: { 'sts:ExternalId': 'external-id-1' }, NotIpAddress: { 'aws:SourceIp': ['ip-1/24', 'ip-2/32'] } },
    });
  });

  it('rewrites IPv4 addresses, with a CIDR keeping its prefix length, but leaves version numbers alone', () => {
    const request: AssumeRoleRequest = { action: 'sts:AssumeRole', caller: 'arn:aws:iam::111111111111:user/alice', roleArn: 'arn:aws:iam::222222222222:role/Deploy' };
    const redactor = createRedactor(request);
    const out = redactor.apply({
      sourceIPAddress: '198.51.100.7',
      userAgent: 'aws-cli/2.15.30.1 md/Botocore#1.34.0.2 ua/2.0 os/linux#5.10.219.1 Version 1.2.3.4',
      policyName: 'trust-v1.2.3.4',
      condition: 'aws:SourceIp not in 10.0.0.0/8 or 203.0.113.0/24.',
      endpoint: 'http://192.0.2.10:4566/',
      notAddresses: '256.1.1.1 1.2.3.4.5 10.1.2.3/8.1',
    });
    // Addresses go, each to one pseudonym; prefix lengths and a sentence's full stop stay.
    expect(out.sourceIPAddress).toBe('ip-1');
    expect(out.condition).toBe('aws:SourceIp not in ip-2/8 or ip-3/24.');
    expect(out.endpoint).toBe('http://ip-4:4566/');
    // Version strings, and quads that are no address, are left as written.
    expect(out.userAgent).toBe('aws-cli/2.15.30.1 md/Botocore#1.34.0.2 ua/2.0 os/linux#5.10.219.1 Version 1.2.3.4');
    expect(out.policyName).toBe('trust-v1.2.3.4');
    expect(out.notAddresses).toBe('256.1.1.1 1.2.3.4.5 10.1.2.3/8.1');
    expect(redactor.apply('again from 198.51.100.7')).toBe('again from ip-1');
  });

  it('rewrites an address it has seen in a record even where it would pass for a version', () => {
    const request: AssumeRoleRequest = { action: 'sts:AssumeRole', caller: 'arn:aws:iam::111111111111:user/alice', roleArn: 'arn:aws:iam::222222222222:role/Deploy' };
    const redactor = createRedactor(request, { accounts: [], events: [{ sourceIPAddress: '198.51.100.7' }] } as unknown as Snapshot);
    expect(redactor.apply('checked at https://ip.example/198.51.100.7, user agent aws-cli/2.15.30.1')).toBe('checked at https://ip.example/ip-1, user agent aws-cli/2.15.30.1');
  });

  describe('web identity', () => {
    const SUB = 'repo:acme/payments:ref:refs/heads/main';
    const EMAIL = 'dev@acme.example';
    const role = demoSnapshot.accounts.flatMap((a) => a.authorizationDetails.RoleDetailList ?? []).find((r) => r.RoleName === 'GitHubActionsDeploy')!;
    const claims = {
      iss: 'https://token.actions.githubusercontent.com',
      aud: 'sts.amazonaws.com',
      sub: SUB,
      email: EMAIL,
      repository: 'acme/payments',
      actor: 'octo-dev',
      event_name: 'push',
      exp: 1765111500,
    };
    const base64Url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    function freeze(webIdentity: AssumeRoleRequest['webIdentity']) {
      const request: AssumeRoleRequest = { action: 'sts:AssumeRoleWithWebIdentity', roleArn: role.Arn, roleSessionName: 'GitHubActions', webIdentity };
      const diagnosis = diagnose(demoSnapshot, request);
      // The job runs from a repository the trust policy does not name: the sub condition fails.
      expect(diagnosis.failedChecks).toEqual(['trust-conditions']);
      return redactFreeze({ request, diagnosis, snapshot: sliceForRequest(demoSnapshot, request), source: 'demo' });
    }

    it('pseudonymises the subject everywhere, the same value to the same pseudonym, and keeps issuer and audience', () => {
      const frozen = freeze({ claims });
      const text = JSON.stringify(frozen);
      for (const secret of [SUB, 'acme/payments', EMAIL, 'octo-dev']) expect(text).not.toContain(secret);

      const subject = frozen.request.webIdentity?.claims?.sub;
      expect(subject).toBe('subject-1');
      expect(frozen.request.webIdentity?.claims?.email).toBe('subject-2');
      // The provider stays readable: it is what a provider or audience failure is about.
      expect(frozen.request.webIdentity?.claims).toMatchObject({ iss: claims.iss, aud: claims.aud, exp: claims.exp });
      expect(frozen.diagnosis.context.find((entry) => entry.key === 'token.actions.githubusercontent.com:sub')?.values).toEqual([subject]);

      const check = frozen.diagnosis.checks.find((c) => c.id === 'trust-conditions')!;
      const evidence = check.evidence!.flatMap((e) => ('conditions' in e ? (e.conditions ?? []) : []));
      const subCondition = evidence.find((c) => c.key === 'token.actions.githubusercontent.com:sub')!;
      expect(subCondition.requestValues).toEqual([subject]);
      expect(subCondition.matched).toBe(false);
      // The policy's subjects are pseudonyms too, different from the caller's, since they differ.
      expect(subCondition.policyValues).toHaveLength(2);
      for (const value of subCondition.policyValues) expect(value).toMatch(/^subject-\d+$/);
      expect(subCondition.policyValues).not.toContain(subject);
      expect(evidence.find((c) => c.key === 'token.actions.githubusercontent.com:aud')?.requestValues).toEqual(['sts.amazonaws.com']);
      expect(check.summary).toContain(`token.actions.githubusercontent.com:sub is '${subject}'`);
      // Text that merely resembles a claim value is left alone.
      expect(check.summary).toContain('repo:<owner>/<repo>:ref:refs/heads/<branch>');
      expect(frozen.diagnosis.diagram?.mermaid).toContain(subject);
      expect(frozen.diagnosis.fixes.map((f) => f.title)).toContain(`Also trust the subject '${subject}', exactly`);
    });

    it('re-encodes a pasted token with its claims redacted and without its signature', () => {
      const token = `${base64Url({ alg: 'RS256', typ: 'JWT', kid: 'key-1' })}.${base64Url(claims)}.c2lnbmF0dXJl`;
      const frozen = freeze({ token });
      const redacted = frozen.request.webIdentity!.token!;
      expect(redacted.split('.')[2]).toBe('redacted');
      const payload = decodeJwtPayload(redacted);
      expect(payload).toMatchObject({ iss: claims.iss, aud: claims.aud, sub: 'subject-1', email: 'subject-2', exp: claims.exp });
      // CI claims naming a repository or a person share the subjects' pseudonyms (so a trust
      // condition on them reads the same pseudonym); other claims become claim-N.
      for (const name of ['repository', 'actor'] as const) expect(payload[name]).toMatch(/^subject-\d+$/);
      expect(payload.event_name).toMatch(/^claim-\d+$/);
      const text = `${JSON.stringify(frozen)}${JSON.stringify(payload)}`;
      for (const secret of [SUB, 'acme/payments', EMAIL, 'octo-dev', 'c2lnbmF0dXJl']) expect(text).not.toContain(secret);
      const subCondition = frozen.diagnosis.checks
        .find((c) => c.id === 'trust-conditions')!
        .evidence!.flatMap((e) => ('conditions' in e ? (e.conditions ?? []) : []))
        .find((c) => c.key === 'token.actions.githubusercontent.com:sub')!;
      expect(subCondition.requestValues).toEqual(['subject-1']);
    });
  });

  describe('identities a call carries besides its caller', () => {
    function freeze(request: AssumeRoleRequest) {
      const diagnosis = diagnose(demoSnapshot, request);
      return { diagnosis, frozen: redactFreeze({ request, diagnosis, snapshot: sliceForRequest(demoSnapshot, request), source: 'demo' }) };
    }
    const contextValues = (frozen: ReturnType<typeof freeze>['frozen'], key: string) => frozen.diagnosis.context.find((entry) => entry.key === key)?.values;
    const base64Url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    it("pseudonymises the calling session's source identity and session tag values wherever they appear", () => {
      // A chained session tries to change its source identity: the check fails and the fix quotes the inherited one.
      const { diagnosis, frozen } = freeze({
        action: 'sts:AssumeRole',
        caller: 'arn:aws:sts::111111111111:assumed-role/PlatformEngineer/erin',
        roleArn: 'arn:aws:iam::222222222222:role/ReadOnly',
        roleSessionName: 'erin',
        sourceIdentity: 'john.roe.corp',
        tags: [{ Key: 'owner', Value: 'octo-dev@acme.example' }],
        callerSession: { sourceIdentity: 'jane.doe.corp', tags: [{ Key: 'team', Value: 'payments-squad' }] },
      });
      expect(diagnosis.failedChecks).toContain('source-identity');
      const text = JSON.stringify(frozen);
      for (const secret of ['jane.doe.corp', 'john.roe.corp', 'octo-dev@acme.example', 'payments-squad']) expect(text).not.toContain(secret);

      const inherited = frozen.request.callerSession!.sourceIdentity!;
      expect(inherited).toMatch(/^identity-\d+$/);
      expect(frozen.request.sourceIdentity).toMatch(/^identity-\d+$/);
      expect(frozen.request.sourceIdentity).not.toBe(inherited);
      expect(contextValues(frozen, 'aws:SourceIdentity')).toEqual([inherited]);
      expect(frozen.diagnosis.fixes.map((f) => f.title)).toContain(`Keep the source identity '${inherited}'`);
      expect(frozen.diagnosis.checks.find((c) => c.id === 'source-identity')!.summary).toContain(`source identity '${inherited}'`);
      // Tag keys stay (they name the attribute a policy tests); the values become consistent pseudonyms.
      const [ownerTag] = frozen.request.tags!;
      const [teamTag] = frozen.request.callerSession!.tags!;
      expect(ownerTag.Key).toBe('owner');
      expect(teamTag.Key).toBe('team');
      expect(ownerTag.Value).toMatch(/^tag-value-\d+$/);
      expect(teamTag.Value).toMatch(/^tag-value-\d+$/);
      expect(contextValues(frozen, 'aws:RequestTag/owner')).toEqual([ownerTag.Value]);
      expect(contextValues(frozen, 'aws:PrincipalTag/team')).toEqual([teamTag.Value]);
    });

    it("pseudonymises the values of a caller's IAM tags, which the context carries as aws:PrincipalTag", () => {
      // erin (demo) carries the IAM tag team=sre.
      const { frozen } = freeze({ action: 'sts:AssumeRole', caller: 'arn:aws:iam::111111111111:user/erin', roleArn: 'arn:aws:iam::222222222222:role/ReadOnly', roleSessionName: 'erin' });
      expect(JSON.stringify(frozen)).not.toContain('"sre"');
      const [value] = contextValues(frozen, 'aws:PrincipalTag/team')!;
      expect(value).toMatch(/^tag-value-\d+$/);
      const user = frozen.snapshot.accounts.flatMap((a) => a.authorizationDetails.UserDetailList ?? []).find((u) => u.UserName === 'user-1')!;
      expect(user.Tags).toEqual([{ Key: 'team', Value: value }]);
    });

    it("pseudonymises a web identity token's source identity and session tag values, keeping the tag keys", () => {
      const claims = {
        iss: 'https://token.actions.githubusercontent.com',
        aud: 'sts.amazonaws.com',
        sub: 'repo:acme/api:ref:refs/heads/main',
        'https://aws.amazon.com/source_identity': 'jane.doe.corp',
        'https://aws.amazon.com/tags': { principal_tags: { repo: ['acme-payments-api'], actor: ['octo-dev'] }, transitive_tag_keys: ['repo'] },
      };
      const token = `${base64Url({ alg: 'RS256', typ: 'JWT' })}.${base64Url(claims)}.c2lnbmF0dXJl`;
      const { diagnosis, frozen } = freeze({ action: 'sts:AssumeRoleWithWebIdentity', roleArn: 'arn:aws:iam::111111111111:role/GitHubActionsDeploy', roleSessionName: 'GitHubActions', webIdentity: { token } });
      expect(diagnosis.failedChecks).toContain('source-identity');
      const payload = decodeJwtPayload(frozen.request.webIdentity!.token!);
      const text = `${JSON.stringify(frozen)}${JSON.stringify(payload)}`;
      for (const secret of ['jane.doe.corp', 'acme-payments-api', 'octo-dev']) expect(text).not.toContain(secret);

      const identity = payload['https://aws.amazon.com/source_identity'] as string;
      expect(identity).toMatch(/^identity-\d+$/);
      expect(contextValues(frozen, 'sts:SourceIdentity')).toEqual([identity]);
      expect(frozen.diagnosis.checks.find((c) => c.id === 'source-identity')!.summary).toContain(`Source identity '${identity}'`);
      const tags = payload['https://aws.amazon.com/tags'] as { principal_tags: Record<string, string[]>; transitive_tag_keys: string[] };
      expect(Object.keys(tags.principal_tags)).toEqual(['repo', 'actor']);
      expect(tags.transitive_tag_keys).toEqual(['repo']);
      expect(tags.principal_tags.repo[0]).toMatch(/^tag-value-\d+$/);
      expect(tags.principal_tags.actor[0]).toMatch(/^tag-value-\d+$/);
      expect(contextValues(frozen, 'aws:PrincipalTag/repo') ?? contextValues(frozen, 'aws:RequestTag/repo')).toEqual(tags.principal_tags.repo);
    });

    it('pseudonymises the person a SAML assertion names like a web identity subject, keeping audience and issuer', () => {
      const attributes = {
        'saml:aud': 'https://signin.aws.amazon.com/saml',
        'saml:iss': 'http://www.okta.com/exk1example',
        'saml:sub': 'carol.smith@corp.example',
        'saml:sub_type': 'persistent',
        'saml:namequalifier': 'Zm9vYmFyYmF6cXV4LXF1YWxpZmllcg',
        'saml:eduPersonPrincipalName': 'csmith@corp.example',
        'saml:eduPersonMail': 'carol@corp.example',
        'https://aws.amazon.com/SAML/Attributes/RoleSessionName': 'carol.smith',
        // givenName under its OID: no context key, but stored with the request all the same.
        'urn:oid:2.5.4.42': 'Carolyn',
      };
      const { diagnosis, frozen } = freeze({ action: 'sts:AssumeRoleWithSAML', roleArn: 'arn:aws:iam::222222222222:role/OktaReadOnly', saml: { principalArn: 'arn:aws:iam::222222222222:saml-provider/Okta', attributes } });
      expect(diagnosis.failedChecks).toEqual([]);
      const text = JSON.stringify(frozen);
      for (const secret of ['carol', 'Carolyn', 'csmith', 'corp.example', 'Zm9vYmFyYmF6cXV4']) expect(text).not.toContain(secret);

      const redacted = frozen.request.saml!.attributes!;
      const subject = redacted['saml:sub'];
      expect(subject).toMatch(/^subject-\d+$/);
      for (const key of ['saml:namequalifier', 'saml:eduPersonPrincipalName', 'saml:eduPersonMail']) {
        expect(redacted[key]).toMatch(/^subject-\d+$/);
        expect(contextValues(frozen, key)).toEqual([redacted[key]]);
      }
      expect(contextValues(frozen, 'saml:sub')).toEqual([subject]);
      expect(redacted['urn:oid:2.5.4.42']).toMatch(/^subject-\d+$/);
      // The endpoint and the identity provider stay readable, as issuer and audience do for web identity.
      expect(redacted).toMatchObject({ 'saml:aud': attributes['saml:aud'], 'saml:iss': attributes['saml:iss'], 'saml:sub_type': 'persistent' });
      expect(contextValues(frozen, 'saml:aud')).toEqual([attributes['saml:aud']]);
      expect(contextValues(frozen, 'sts:RoleSessionName')).toEqual([redacted['https://aws.amazon.com/SAML/Attributes/RoleSessionName']]);
    });
  });

  it('replaces an over-long ExternalId also where the request check shows it cut short', () => {
    // 87 characters with spaces: invalid, so request-valid quotes it cut to 77 characters and an ellipsis.
    const externalId = `vendor shared secret ${'7f3c9e2b'.repeat(8)}-stage`;
    expect(externalId.length).toBeGreaterThan(86);
    const request: AssumeRoleRequest = {
      action: 'sts:AssumeRole',
      caller: 'arn:aws:sts::333333333333:assumed-role/MonitoringCollector/i-0abc123def4567890',
      roleArn: 'arn:aws:iam::222222222222:role/VendorMonitoring',
      roleSessionName: 'acme-collector',
      externalId,
    };
    const diagnosis = diagnose(demoSnapshot, request);
    expect(diagnosis.failedChecks).toContain('request-valid');
    const summary = diagnosis.checks.find((c) => c.id === 'request-valid')!.summary;
    expect(summary).toContain(`${externalId.slice(0, 77)}…`);
    const frozen = redactFreeze({ request, diagnosis, snapshot: sliceForRequest(demoSnapshot, request), source: 'demo' });
    const text = JSON.stringify(frozen);
    for (const secret of ['vendor shared secret', '7f3c9e2b']) expect(text).not.toContain(secret);
    expect(frozen.request.externalId).toBe('external-id-1');
    expect(frozen.diagnosis.checks.find((c) => c.id === 'request-valid')!.summary).toContain("externalId 'external-id-1'");
    expect(frozen.diagnosis.awsError?.message).toContain("'external-id-1'");
  });

  describe('names and values only the policies and the diagnosis hold (security review F1)', () => {
    const VENDOR_ACCOUNT = '999988887777';
    // A hostile-ish world: the role trusts and denies principals the call never names, under a
    // path; conditions quote an ARN pattern and tag values; names and values are as short as IAM allows.
    const world = snapshot([
      account(CALLER_ACCOUNT, {
        users: [
          // The caller: a two-character name, an IAM tag (aws:PrincipalTag/team) of three.
          user('al', {
            statements: [{ ...allowAssume(), Condition: { StringEquals: { 'aws:ResourceTag/team': 'HR' } } }, allowAssume('*', 'sts:TagSession')],
            tags: [{ Key: 'team', Value: 'red' }],
          }),
        ],
      }),
      account(ROLE_ACCOUNT, {
        roles: [
          role('VendorAccess', {
            path: '/teams/nightingale/',
            tags: [
              { Key: 'team', Value: 'HR' },
              { Key: 'owner', Value: 'dave.miller@corp.example' },
            ],
            trust: [
              trustStatement(
                { AWS: [userArn('al'), `arn:aws:iam::${VENDOR_ACCOUNT}:role/AcmeSecretVendorRole`, userArn('bobsmith')] },
                {
                  Sid: 'Vendors',
                  Action: ['sts:AssumeRole', 'sts:TagSession'],
                  Condition: {
                    StringEquals: { 'sts:ExternalId': 'Sup3rSecretExtId', 'aws:PrincipalTag/team': 'red', 'aws:RequestTag/project': 'Nightingale-Blue' },
                    ArnLike: { 'aws:PrincipalArn': [`arn:aws:iam::${CALLER_ACCOUNT}:role/ProjectNightingale*`, userArn('al')] },
                  },
                },
              ),
              { Sid: 'DenyCarol', Effect: 'Deny', Principal: { AWS: userArn('carol.jones') }, Action: 'sts:AssumeRole' },
            ],
            statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
          }),
        ],
      }),
    ]);
    // The inline policy is named after a customer (the helper names it `<role>-inline`).
    world.accounts[1].authorizationDetails.RoleDetailList![0].RolePolicyList![0].PolicyName = 'InlineNamedAfterCustomerZeta';
    const request = parseRequest({
      action: 'sts:AssumeRole',
      caller: userArn('al'),
      roleArn: roleArn('VendorAccess', ROLE_ACCOUNT, '/teams/nightingale/'),
      roleSessionName: 'qz',
      externalId: 'Sup3rSecretExtId',
      tags: [{ Key: 'k', Value: 'ZQ' }],
    });
    const source = 'import of 1 file(s): acme-prod-export.json, captured 2026-11-20T08:00:00Z';
    const diagnosis = diagnose(world, request, { now: '2026-11-22T09:00:00Z' });
    const frozen = redactFreeze({ request, diagnosis, snapshot: sliceForRequest(world, request), source });
    const text = JSON.stringify(frozen);
    const storedRole = frozen.snapshot.accounts.flatMap((a) => a.authorizationDetails.RoleDetailList ?? [])[0];
    const trust = storedRole.AssumeRolePolicyDocument as { Statement: { Principal: { AWS: string | string[] }; Condition?: Record<string, Record<string, string | string[]>> }[] };

    it('fails the call for the reasons the test means', () => {
      // The caller matches the ArnLike list and every tag; the request's tag k=ZQ is not allowed by the request-tag condition.
      expect(diagnosis.decision).toBe('denied');
      expect(diagnosis.failedChecks).toContain('trust-conditions');
      expect(check(diagnosis, 'trust-conditions').summary).toContain('Nightingale-Blue');
    });

    it('leaves none of the real names or values anywhere in what is stored', () => {
      const secrets = [
        CALLER_ACCOUNT, ROLE_ACCOUNT, VENDOR_ACCOUNT,
        // principals the trust policy trusts or denies, and an ARN pattern in a condition
        'AcmeSecretVendorRole', 'bobsmith', 'carol.jones', 'carol_jones', 'ProjectNightingale',
        // the role, its path, its inline policy, its owner, the ExternalId, the file imported
        'VendorAccess', 'nightingale', 'teams', 'InlineNamedAfterCustomerZeta', 'dave.miller', 'Sup3rSecretExtId', 'acme-prod-export',
        // a tag value only a condition holds
        'Nightingale-Blue',
      ];
      for (const secret of secrets) expect(text, secret).not.toContain(secret);
      // Short values, wherever they stand as a token of their own (`al`, `al-inline`, `'qz'`, "ZQ", `user/al`).
      for (const short of ['al', 'qz', 'ZQ', 'HR', 'red']) expect(text, short).not.toMatch(new RegExp(`(?<![A-Za-z0-9])${short}(?![A-Za-z0-9])`));
    });

    it('gives the trusted and denied principals, the ARN pattern and the path pseudonyms that keep them ARNs', () => {
      const [allowed, denied] = trust.Statement;
      expect(allowed.Principal.AWS).toEqual(['arn:aws:iam::100000000001:user/user-1', expect.stringMatching(/^arn:aws:iam::1000000000\d\d:role\/role-\d+$/), expect.stringMatching(/^arn:aws:iam::100000000001:user\/user-\d+$/)]);
      expect(denied.Principal.AWS).toMatch(/^arn:aws:iam::100000000001:user\/user-\d+$/);
      expect(allowed.Condition!.ArnLike['aws:PrincipalArn']).toEqual([expect.stringMatching(/^arn:aws:iam::100000000001:role\/role-\d+\*$/), 'arn:aws:iam::100000000001:user/user-1']);
      expect(storedRole.Path).toMatch(/^\/path-\d+\/path-\d+\/$/);
      expect(storedRole.Arn).toBe(`arn:aws:iam::100000000002:role${storedRole.Path}${storedRole.RoleName}`);
      expect(storedRole.RolePolicyList![0].PolicyName).toMatch(/^policy-\d+$/);
      // Every ARN stored still parses, and the request is still a request.
      const arns = text.match(/arn:[^\s"'`,\\]+/g)!.map((arn) => arn.replace(/[.)\]};:]+$/, ''));
      expect(arns.length).toBeGreaterThan(10);
      for (const arn of arns) expect(() => parseArn(arn, 'arn'), arn).not.toThrow();
      expect(() => parseRequest(frozen.request)).not.toThrow();
    });

    it('gives a tag value one pseudonym in the request, the context, the policies and the evidence', () => {
      const { StringEquals } = trust.Statement[0].Condition!;
      const team = frozen.diagnosis.context.find((entry) => entry.key === 'aws:PrincipalTag/team')!.values;
      expect(team).toEqual([expect.stringMatching(/^tag-value-\d+$/)]);
      expect(StringEquals['aws:PrincipalTag/team']).toBe(team[0]);
      expect(StringEquals['aws:RequestTag/project']).toMatch(/^tag-value-\d+$/);
      const [tag] = frozen.request.tags!;
      expect(tag).toEqual({ Key: 'k', Value: expect.stringMatching(/^tag-value-\d+$/) });
      expect(frozen.diagnosis.context.find((entry) => entry.key === 'aws:RequestTag/k')!.values).toEqual([tag.Value]);
      // HR: the role's IAM tag, which the caller's policy tests as aws:ResourceTag/team.
      const hr = storedRole.Tags!.find((t) => t.Key === 'team')!.Value;
      expect(hr).toMatch(/^tag-value-\d+$/);
      expect(frozen.diagnosis.context.find((entry) => entry.key === 'aws:ResourceTag/team')!.values).toEqual([hr]);
      const callerPolicy = frozen.snapshot.accounts.flatMap((a) => a.authorizationDetails.UserDetailList ?? [])[0].UserPolicyList![0];
      expect(JSON.stringify(callerPolicy.PolicyDocument)).toContain(`"aws:ResourceTag/team":"${hr}"`);
      // The short session name, where the request, the context and the retry command give it.
      expect(frozen.request.roleSessionName).toMatch(/^session-\d+$/);
      expect(frozen.diagnosis.context.find((entry) => entry.key === 'sts:RoleSessionName')!.values).toEqual([frozen.request.roleSessionName]);
    });

    it('still tells the same story: decision, failed checks and check statuses', () => {
      expect(frozen.diagnosis.decision).toBe(diagnosis.decision);
      expect(frozen.diagnosis.failedChecks).toEqual(diagnosis.failedChecks);
      expect(frozen.diagnosis.checks.map((c) => [c.id, c.status])).toEqual(diagnosis.checks.map((c) => [c.id, c.status]));
      // The request-tag condition still reads as a mismatch between two different pseudonyms.
      const summary = check(frozen.diagnosis, 'trust-conditions').summary;
      expect(summary).toMatch(/aws:RequestTag\/project/);
      expect(frozen.diagnosis.diagram?.mermaid).toContain('trust_conditions');
    });

    it('names the imported files file-N, keeping their extension', () => {
      expect(frozen.source).toBe('import of 1 file(s): file-1.json, captured 2026-11-20T08:00:00Z');
      const redactor = createRedactor(request);
      expect(redactSource('import of 5 file(s): acme.json, trail-acme.json.gz, b.csv, …, captured 2026-11-20T08:00:00Z', redactor)).toBe(
        'import of 5 file(s): file-1.json, file-2.json.gz, file-3.csv, …, captured 2026-11-20T08:00:00Z',
      );
      expect(redactSource('live pull of 111111111111', redactor)).toBe('live pull of 100000000001');
      // Aliases of accounts outside the slice are no name the redactor knows: they go too.
      expect(redactSource('live pull of acme-prod, acme-payments, 999988887777, captured 2026-11-22T09:00:00Z', redactor)).toMatch(/^live pull of alias-1, alias-2, 1000000000\d\d, captured 2026-11-22T09:00:00Z$/);
    });
  });

  it('replaces a short value only where it stands whole, never inside other text or a structural field', () => {
    const request: AssumeRoleRequest = {
      action: 'sts:AssumeRole',
      caller: 'arn:aws:sts::111111111111:assumed-role/Deploy/al',
      roleArn: 'arn:aws:iam::222222222222:role/Deploy',
      roleSessionName: 'al',
      tags: [{ Key: 'v1', Value: 'v1' }],
    };
    const redactor = createRedactor(request);
    const out = redactor.apply({
      request,
      policy: { DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1' }], Condition: { StringLike: { 'aws:PrincipalTag/v1': 'v1*' } } },
      summary: "session 'al' of role Deploy: total alias al-inline v1.2 (tag v1); StringLike v1 does not hold",
      userid: 'AROAEXAMPLEEXAMPLE1:al',
      command: `--role-session-name 'al' --tags '[{"Key":"env","Value":"v1"}]'`,
    });
    expect(out.request.caller).toBe('arn:aws:sts::100000000001:assumed-role/role-1/session-1');
    expect(out.request.roleSessionName).toBe('session-1');
    expect(out.request.tags).toEqual([{ Key: 'v1', Value: 'tag-value-1' }]);
    // Versions and tag keys are structure; a short value's letters inside other words stay.
    expect(out.policy).toEqual({ DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1' }], Condition: { StringLike: { 'aws:PrincipalTag/v1': 'tag-value-1*' } } });
    expect(out.summary).toBe("session 'session-1' of role role-1: total alias al-inline v1.2 (tag v1); StringLike tag-value-1 does not hold");
    expect(out.userid).toBe('AROAEXAMPLE000000001:session-1');
    expect(out.command).toBe(`--role-session-name 'session-1' --tags '[{"Key":"env","Value":"tag-value-1"}]'`);
  });
});

describe('names the engine writes in another form or before punctuation', () => {
  it('the cleaned session name a fix suggests and a name before a comma or a full stop are replaced too', () => {
    const request: AssumeRoleRequest = {
      action: 'sts:AssumeRole',
      caller: userArn('erin', CALLER_ACCOUNT),
      roleArn: roleArn('Deploy'),
      roleSessionName: 'erin/INC-4521',
    };
    const world = snapshot([account(CALLER_ACCOUNT, { users: [user('erin', { statements: [allowAssume()] })] }), account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: userArn('erin', CALLER_ACCOUNT) })] })] })]);
    const diagnosis = diagnose(world, request);
    // The fix proposes the name STS accepts: erin-INC-4521.
    expect(JSON.stringify(diagnosis.fixes)).toContain('erin-INC-4521');
    const frozen = redactFreeze({ request, diagnosis, snapshot: sliceForRequest(world, request), source: 'demo' });
    const text = JSON.stringify(frozen);
    for (const secret of ['erin/INC-4521', 'erin-INC-4521', 'INC-4521']) expect(text).not.toContain(secret);

    const redactor = createRedactor(request);
    expect(redactor.apply('roles Deploy, Admin were checked; the caller is user erin.')).not.toMatch(/Deploy|erin/);
    // A longer name that only starts with a registered one is left alone.
    expect(redactor.apply('Deploy.Prod and erin,joined')).toBe('Deploy.Prod and erin,joined');
  });
});

describe('tag values given in the request context', () => {
  it('a resource tag value given in the context is redacted like a principal or request tag value', () => {
    const request: AssumeRoleRequest = {
      action: 'sts:AssumeRole',
      caller: userArn('alice', CALLER_ACCOUNT),
      roleArn: roleArn('Deploy'),
      roleSessionName: 'alice',
      context: { 'aws:ResourceTag/owner': 'dave.miller', 'aws:PrincipalTag/team': 'payments-core' },
    };
    const out = createRedactor(request).apply({ context: request.context, summary: "aws:ResourceTag/owner is 'dave.miller', aws:PrincipalTag/team is 'payments-core'" });
    expect(JSON.stringify(out)).not.toMatch(/dave\.miller|payments-core/);
  });
});

describe('the web-identity subject fix in a frozen link', () => {
  // The reviewer's scenarios: the subject fix's texts (explanation, warning, cli) quote subjects
  // only whole, and the example subject it makes up for a pattern is collected from its
  // requestPatch before any text is rewritten, so one pseudonym replaces it everywhere.
  const B = '222222222222';
  const GITHUB = 'token.actions.githubusercontent.com';
  const EKS = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789';
  const scenarios: { name: string; provider: string; sub: string; condition: Record<string, Record<string, unknown>>; policySubjects: string[] }[] = [
    {
      name: 'GitHub: a branch subject against one exact branch',
      provider: GITHUB,
      sub: 'repo:secretcorp/payroll-api:ref:refs/heads/feature-alice-smith',
      condition: { StringEquals: { [`${GITHUB}:sub`]: 'repo:secretcorp/payroll-api:ref:refs/heads/main' } },
      policySubjects: ['repo:secretcorp/payroll-api:ref:refs/heads/main'],
    },
    {
      name: 'GitHub: a pull_request subject against a wildcard pattern (the fix makes up an example subject)',
      provider: GITHUB,
      sub: 'repo:secretcorp/payroll-api:pull_request',
      condition: { StringLike: { [`${GITHUB}:sub`]: 'repo:secretcorp/*:ref:refs/heads/release-*' } },
      policySubjects: ['repo:secretcorp/*:ref:refs/heads/release-*', 'repo:secretcorp/payroll-api:ref:refs/heads/release-x'],
    },
    {
      name: 'GitHub: a pull_request subject against an environment',
      provider: GITHUB,
      sub: 'repo:secretcorp/payroll-api:pull_request',
      condition: { StringEquals: { [`${GITHUB}:sub`]: 'repo:secretcorp/payroll-api:environment:prodsecret' } },
      policySubjects: ['repo:secretcorp/payroll-api:environment:prodsecret'],
    },
    {
      name: 'EKS: another service account',
      provider: EKS,
      sub: 'system:serviceaccount:payroll-ns:alice-sa',
      condition: { StringEquals: { [`${EKS}:sub`]: 'system:serviceaccount:payroll-ns:deployer-sa' } },
      policySubjects: ['system:serviceaccount:payroll-ns:deployer-sa'],
    },
  ];
  // Every owner, repository, branch, environment, namespace and service account the subjects name
  // (the words of the formats themselves, refs/heads or pull_request, are no one's and may stay).
  const pieces = ['secretcorp', 'payroll-api', 'payroll-ns', 'payroll', 'alice', 'feature-alice-smith', 'prodsecret', 'deployer-sa', 'release-x', 'release-'];

  for (const scenario of scenarios) {
    it(`${scenario.name}: no subject, nor any part of one, survives anywhere`, () => {
      const snap = webIdentityWorld(scenario.provider, scenario.condition);
      const request: AssumeRoleRequest = {
        action: 'sts:AssumeRoleWithWebIdentity',
        roleArn: `arn:aws:iam::${B}:role/Deploy`,
        roleSessionName: 'ci',
        context: { 'aws:CurrentTime': '2026-11-22T09:00:00Z' },
        webIdentity: { claims: { iss: `https://${scenario.provider}`, aud: 'sts.amazonaws.com', sub: scenario.sub } },
      };
      const diagnosis = diagnose(snap, request, { mode: 'full' });
      expect(diagnosis.failedChecks).toEqual(['trust-conditions']);
      const subjectFixes = diagnosis.fixes.filter((fix) => fix.check === 'trust-conditions');
      expect(subjectFixes).toHaveLength(2);
      // Unredacted, the fix really does name the subjects (so the test below is not vacuous).
      const recommendedSub = (subjectFixes[0].requestPatch as { webIdentity: { claims: { sub: string } } }).webIdentity.claims.sub;
      expect(scenario.policySubjects).toContain(recommendedSub);
      expect(subjectFixes[0].cli).toContain(`'${recommendedSub}'`);

      const frozen = redactFreeze({ request, diagnosis, snapshot: snap, source: 'demo' });
      const text = JSON.stringify(frozen);
      expect([scenario.sub, ...scenario.policySubjects, ...pieces].filter((piece) => text.includes(piece))).toEqual([]);
      // The recommended subject has one pseudonym, the same in the request patch, the cli and the explanation.
      const [recommended] = frozen.diagnosis.fixes.filter((fix) => fix.check === 'trust-conditions');
      const pseudonym = (recommended.requestPatch as { webIdentity: { claims: { sub: string } } }).webIdentity.claims.sub;
      expect(pseudonym).toMatch(/^subject-\d+$/);
      expect(pseudonym).not.toBe(frozen.request.webIdentity?.claims?.sub);
      expect(recommended.cli).toContain(`sub '${pseudonym}'`);
      expect(recommended.explanation).toContain(`'${pseudonym}'`);
    });
  }
});

describe('CI claims that name an organization, a repository or a workflow', () => {
  // GitHub Actions tokens carry repository, job_workflow_ref, …; trust policies test them as
  // `token.actions.githubusercontent.com:<claim>`. Their values name the customer's code.
  const GH = 'token.actions.githubusercontent.com';
  const providerArn = `arn:aws:iam::${ROLE_ACCOUNT}:oidc-provider/${GH}`;
  it.each([
    ['repository', { repository: 'secretcorp/payroll-api' }, { StringEquals: { [`${GH}:repository`]: 'secretcorp/deployer' } }],
    [
      'job_workflow_ref',
      { job_workflow_ref: 'secretcorp/alice-wf/.github/workflows/x.yml@refs/heads/main' },
      { StringEquals: { [`${GH}:job_workflow_ref`]: 'secretcorp/deployer/.github/workflows/x.yml@refs/heads/main' } },
    ],
    // Keys AWS documents for GitHub: the workflow's name and the numeric ids are in the context and the evidence too.
    [
      'workflow and the numeric ids',
      { workflow: 'Deploy secretcorp payroll', repository_id: '520556977', repository_owner_id: '73232739', actor_id: '4242424', enterprise_id: '9090909' },
      { StringEquals: { [`${GH}:repository_owner_id`]: '11112222', [`${GH}:workflow`]: 'Deploy deployer' } },
    ],
  ])('a trust condition on %s leaves no organization, repository or workflow name in a redacted freeze', (_claim, claims, condition) => {
    const trust = { Version: '2012-10-17', Statement: [{ Sid: 'Ci', Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }] };
    const snap = {
      format: 'assumerole-doctor/snapshot@1',
      accounts: [
        {
          accountId: ROLE_ACCOUNT,
          authorizationDetails: { UserDetailList: [], GroupDetailList: [], Policies: [], RoleDetailList: [{ RoleName: 'Deploy', RoleId: 'AROADEPLOYXXXXXXXXXX1', Arn: roleArn('Deploy'), Path: '/', AssumeRolePolicyDocument: trust }] },
          openIdConnectProviders: [{ Arn: providerArn, Url: GH, ClientIDList: ['sts.amazonaws.com'] }],
        },
      ],
    } as unknown as Snapshot;
    const request = parseRequest({
      action: 'sts:AssumeRoleWithWebIdentity',
      roleArn: roleArn('Deploy'),
      roleSessionName: 'ci',
      context: { 'aws:CurrentTime': '2026-11-22T09:00:00Z' },
      webIdentity: { claims: { iss: `https://${GH}`, aud: 'sts.amazonaws.com', sub: 'repo:secretcorp/payroll-api:ref:refs/heads/main', ...claims } },
    });
    const diagnosis = diagnose(snap, request, { mode: 'full' });
    expect(diagnosis.decision).toBe('denied');
    const text = JSON.stringify(redactFreeze({ request, diagnosis, snapshot: snap, source: 'demo' }));
    for (const secret of ['secretcorp', 'deployer', 'payroll', 'alice-wf', '520556977', '73232739', '4242424', '9090909', '11112222']) expect(text).not.toContain(secret);
  });
});
