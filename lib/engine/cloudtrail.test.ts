import { describe, expect, it } from 'vitest';
import { parseRequest } from './request';
import { isDoctorError } from '@/lib/errors';
import { isFailedStsEvent, isStsAssumeEvent, requestFromEvent, unwrapCloudTrailEvent } from './cloudtrail';
import { diagnose } from './diagnose';

// Records in the shape CloudTrail writes them (IAM user guide, "Example AWS STS API events").

const crossAccountUser = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDAQRSTUVWXYZEXAMPLE',
    arn: 'arn:aws:iam::777788889999:user/John',
    accountId: '777788889999',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    userName: 'John',
  },
  eventTime: '2026-07-18T15:07:39Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  awsRegion: 'us-east-2',
  sourceIPAddress: '192.0.2.101',
  userAgent: 'aws-cli/2.22.10',
  errorCode: 'AccessDenied',
  errorMessage: 'User: arn:aws:iam::777788889999:user/John is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/EC2-dev',
  requestParameters: {
    roleArn: 'arn:aws:iam::111122223333:role/EC2-dev',
    roleSessionName: 'John-EC2-dev',
    sourceIdentity: 'John',
    serialNumber: 'arn:aws:iam::777788889999:mfa/John',
    durationSeconds: 1800,
  },
  responseElements: null,
  requestID: '4EXAMPLE-0e8d-11e4-96e4-e55c0EXAMPLE',
  eventID: 'dEXAMPLE-ac7f-466c-a608-4ac8dEXAMPLE',
  readOnly: true,
  eventType: 'AwsApiCall',
  recipientAccountId: '111122223333',
  tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'sts.us-east-2.amazonaws.com' },
};

const roleChain = {
  eventVersion: '1.05',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAIN5ATK5U7KEXAMPLE:JohnRole1',
    arn: 'arn:aws:sts::111111111111:assumed-role/JohnRole1/John',
    accountId: '111111111111',
    accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
    sessionContext: {
      attributes: { mfaAuthenticated: 'true', creationDate: '20191002T215054Z' },
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAIN5ATK5U7KEXAMPLE',
        arn: 'arn:aws:iam::111111111111:role/JohnRole1',
        accountId: '111111111111',
        userName: 'JohnRole1',
      },
      sourceIdentity: 'John',
    },
  },
  eventTime: '2019-10-02T22:12:29Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.9',
  userAgent: 'aws-cli/1.16.248',
  requestParameters: {
    incomingTransitiveTags: { Department: 'Engineering' },
    tags: [
      { value: 'johndoe@example.com', key: 'Email' },
      { value: '12345', key: 'CostCenter' },
    ],
    roleArn: 'arn:aws:iam::111111111111:role/JohnRole2',
    roleSessionName: 'Role2WithTags',
    sourceIdentity: 'John',
    transitiveTagKeys: ['Email', 'CostCenter'],
    durationSeconds: 3600,
    policyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
  },
  responseElements: { credentials: { accessKeyId: 'ASIAI44QH8DHBEXAMPLE' } },
  additionalEventData: { RequestDetails: { awsServingRegion: 'us-east-1', endpointType: 'global' } },
  requestID: 'b96b0e4e-e561-11e9-8b3f-7b396EXAMPLE',
  eventID: '1917948f-3042-46ec-98e2-62865EXAMPLE',
  readOnly: true,
  eventType: 'AwsApiCall',
  recipientAccountId: '111111111111',
};

const github = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'WebIdentityUser',
    principalId: 'arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:repo:acme/api:ref:refs/heads/main',
    userName: 'repo:acme/api:ref:refs/heads/main',
    identityProvider: 'arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com',
  },
  eventTime: '2026-07-09T15:41:37Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRoleWithWebIdentity',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.23',
  userAgent: 'aws-sdk-js/3.730.0 configure-aws-credentials-for-github-actions',
  errorCode: 'AccessDenied',
  errorMessage: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
  requestParameters: {
    roleArn: 'arn:aws:iam::444455556666:role/GitHubDeploy',
    roleSessionName: 'GitHubActions',
    durationSeconds: 3600,
    principalTags: { CostCenter: '24680' },
    transitiveTagKeys: ['CostCenter'],
  },
  responseElements: null,
  requestID: 'aEXAMPLE-0b26-40df-8973-c7012EXAMPLE',
  eventID: 'aEXAMPLE-ee29-4ac0-a0ed-3f5c5EXAMPLE',
  readOnly: true,
  eventType: 'AwsApiCall',
  recipientAccountId: '444455556666',
  tlsDetails: { clientProvidedHostHeader: 'sts.eu-west-1.amazonaws.com' },
};

const saml = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'SAMLUser',
    principalId: 'SampleUkh1i4+ExamplexL/jEvs=:SamlExample',
    userName: 'SamlExample',
    identityProvider: 'bdGOnTesti4+ExamplexL/jEvs=',
  },
  eventTime: '2023-08-28T18:30:58Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRoleWithSAML',
  awsRegion: 'us-east-2',
  sourceIPAddress: 'AWS Internal',
  userAgent: 'aws-internal/3',
  requestParameters: {
    sAMLAssertionID: '_c0046cEXAMPLEb9d4b8eEXAMPLE2619aEXAMPLE',
    roleSessionName: 'MyAssignedRoleSessionName',
    principalTags: { CostCenter: '987654' },
    transitiveTagKeys: ['CostCenter'],
    roleArn: 'arn:aws:iam::444455556666:role/SAMLTestRoleShibboleth',
    principalArn: 'arn:aws:iam::444455556666:saml-provider/Shibboleth',
    durationSeconds: 1800,
  },
  responseElements: {
    subject: 'SamlExample',
    subjectType: 'transient',
    issuer: 'https://server.example.com/idp/shibboleth',
    audience: 'https://signin.aws.amazon.com/saml',
  },
  requestID: '6EXAMPLE-e595-11e5-b2c7-c974fEXAMPLE',
  eventID: 'dEXAMPLE-265a-41e0-9352-4401bEXAMPLE',
  readOnly: true,
  eventType: 'AwsApiCall',
  recipientAccountId: '444455556666',
  tlsDetails: { clientProvidedHostHeader: 'sts.us-east-2.amazonaws.com' },
};

describe('requestFromEvent', () => {
  it('reads an IAM user caller, MFA serial, source identity, duration and the call time and address', () => {
    const { request, observed, gaps } = requestFromEvent(crossAccountUser);
    expect(request).toMatchObject({
      action: 'sts:AssumeRole',
      caller: 'arn:aws:iam::777788889999:user/John',
      roleArn: 'arn:aws:iam::111122223333:role/EC2-dev',
      roleSessionName: 'John-EC2-dev',
      durationSeconds: 1800,
      sourceIdentity: 'John',
      serialNumber: 'arn:aws:iam::777788889999:mfa/John',
      region: 'us-east-2',
      context: { 'aws:SourceIp': '192.0.2.101', 'aws:CurrentTime': '2026-07-18T15:07:39Z' },
    });
    expect(request.callerSession).toBeUndefined();
    expect(observed).toMatchObject({
      eventTime: '2026-07-18T15:07:39Z',
      region: 'us-east-2',
      errorCode: 'AccessDenied',
      eventId: 'dEXAMPLE-ac7f-466c-a608-4ac8dEXAMPLE',
      recipientAccountId: '111122223333',
    });
    expect(observed.errorMessage).toContain('is not authorized to perform: sts:AssumeRole');
    expect(gaps.some((gap) => gap.includes('ExternalId'))).toBe(true);
    // The TokenCode is never logged: a logged SerialNumber is read as MFA on the call.
    expect(request.context?.['aws:MultiFactorAuthPresent']).toBe('true');
    expect(gaps.some((gap) => gap.includes('TokenCode'))).toBe(true);
  });

  it('R-40: a user calling with GetSessionToken credentials (MFA first, then AssumeRole) carries its session, so MFA is read as present', () => {
    const { serialNumber: _serial, ...params } = crossAccountUser.requestParameters;
    const mfaSession = {
      ...crossAccountUser,
      errorCode: undefined,
      errorMessage: undefined,
      requestParameters: params,
      userIdentity: {
        ...crossAccountUser.userIdentity,
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        sessionContext: { attributes: { creationDate: '2026-07-18T14:50:00Z', mfaAuthenticated: 'true' } },
      },
    };
    const { request } = requestFromEvent(mfaSession);
    expect(request.callerSession).toEqual({ issuedBy: 'GetSessionToken', mfaAuthenticated: true, issuedAt: '2026-07-18T14:50:00Z' });
    // A trust policy requiring MFA within the hour, as the successful call proves AWS allowed it.
    const world = {
      format: 'assumerole-doctor/snapshot@1',
      accounts: [
        { accountId: '777788889999', authorizationDetails: { UserDetailList: [{ UserName: 'John', UserId: 'AIDAQRSTUVWXYZEXAMPLE', Arn: 'arn:aws:iam::777788889999:user/John', Path: '/', UserPolicyList: [{ PolicyName: 'assume', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: '*' }] } }] }], RoleDetailList: [], GroupDetailList: [], Policies: [] } },
        {
          accountId: '111122223333',
          authorizationDetails: {
            UserDetailList: [],
            RoleDetailList: [{ RoleName: 'EC2-dev', RoleId: 'AROAEC2DEVEXAMPLE0001', Arn: 'arn:aws:iam::111122223333:role/EC2-dev', Path: '/', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::777788889999:root' }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } }] } }],
            GroupDetailList: [],
            Policies: [],
          },
        },
      ],
    };
    expect(diagnose(world, request).decision).toBe('allowed');
  });

  it('R-41, R-42: a call through a VPC endpoint carries aws:SourceVpce and no aws:SourceIp; the user agent is read', () => {
    const { request, gaps } = requestFromEvent({ ...crossAccountUser, sourceIPAddress: '10.0.12.7', vpcEndpointId: 'vpce-1234abcd' });
    expect(request.context?.['aws:SourceVpce']).toBe('vpce-1234abcd');
    expect(request.context?.['aws:SourceIp']).toBeUndefined();
    expect(request.context?.['aws:UserAgent']).toBe('aws-cli/2.22.10');
    expect(gaps.some((gap) => gap.includes('vpce-1234abcd'))).toBe(true);
  });

  it('does not read MFA into a call that failed for MFA', () => {
    const mfaFailed = { ...crossAccountUser, errorMessage: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ' };
    expect(requestFromEvent(mfaFailed).request.context?.['aws:MultiFactorAuthPresent']).toBeUndefined();
  });

  it('uses a logged externalId and then reports no ExternalId gap', () => {
    const withExternalId = { ...crossAccountUser, requestParameters: { ...crossAccountUser.requestParameters, externalId: 'abc-123' } };
    const { request, gaps } = requestFromEvent(withExternalId);
    expect(request.externalId).toBe('abc-123');
    expect(gaps.some((gap) => gap.includes('ExternalId'))).toBe(false);
  });

  it('reads a role-chaining caller: session ARN, issuer, MFA, creation date (basic ISO), source identity, inherited transitive tags', () => {
    const { request, gaps } = requestFromEvent(roleChain);
    expect(request.caller).toBe('arn:aws:sts::111111111111:assumed-role/JohnRole1/John');
    expect(request.callerSession).toEqual({
      issuedBy: 'AssumeRole',
      mfaAuthenticated: true,
      issuedAt: '2019-10-02T21:50:54Z',
      sourceIdentity: 'John',
      tags: [{ Key: 'Department', Value: 'Engineering' }],
      transitiveTagKeys: ['Department'],
      // Only the inherited transitive tags are logged: the session's other tags are unknown.
      tagsComplete: false,
    });
    expect(request.tags).toEqual([
      { Key: 'Email', Value: 'johndoe@example.com' },
      { Key: 'CostCenter', Value: '12345' },
    ]);
    expect(request.transitiveTagKeys).toEqual(['Email', 'CostCenter']);
    expect(request.policyArns).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(typeof request.policy).toBe('string');
    expect(gaps.some((gap) => gap.includes('session policies'))).toBe(true);
  });

  it('maps the global endpoint (endpointType global, logged in us-east-1) to region "global"', () => {
    expect(requestFromEvent(roleChain).request.region).toBe('global');
    const hostOnly = { ...crossAccountUser, awsRegion: 'us-east-1', tlsDetails: { clientProvidedHostHeader: 'sts.amazonaws.com' } };
    expect(requestFromEvent(hostOnly).request.region).toBe('global');
  });

  it('maps a regional host header to its region, and flags a bare us-east-1 record as ambiguous', () => {
    const regional = { ...crossAccountUser, awsRegion: 'ap-southeast-2', tlsDetails: { clientProvidedHostHeader: 'sts.ap-southeast-2.amazonaws.com' } };
    expect(requestFromEvent(regional).request.region).toBe('ap-southeast-2');
    const bare: Record<string, unknown> = { ...crossAccountUser, awsRegion: 'us-east-1' };
    delete bare.tlsDetails;
    const replay = requestFromEvent(bare);
    expect(replay.request.region).toBe('us-east-1');
    expect(replay.gaps.some((gap) => gap.includes('global endpoint'))).toBe(true);
  });

  it('marks an EC2 instance-profile session as issued by ec2 and a web identity session by its provider', () => {
    const ec2 = structuredClone(roleChain) as typeof roleChain & { userIdentity: { sessionContext: Record<string, unknown> } };
    ec2.userIdentity.sessionContext.ec2RoleDelivery = '2.0';
    expect(requestFromEvent(ec2).request.callerSession?.issuedBy).toBe('ec2');
    const web = structuredClone(roleChain) as typeof roleChain & { userIdentity: { sessionContext: Record<string, unknown> } };
    web.userIdentity.sessionContext.webIdFederationData = { federatedProvider: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com', attributes: {} };
    expect(requestFromEvent(web).request.callerSession?.issuedBy).toBe('AssumeRoleWithWebIdentity');
  });

  it('reads a root caller', () => {
    const root = {
      ...crossAccountUser,
      userIdentity: { type: 'Root', principalId: '777788889999', arn: 'arn:aws:iam::777788889999:root', accountId: '777788889999' },
      errorMessage: 'Roles may not be assumed by root accounts.',
    };
    expect(requestFromEvent(root).request.caller).toBe('arn:aws:iam::777788889999:root');
  });

  it('reads an AWS service caller from invokedBy and does not use a service host name as aws:SourceIp', () => {
    const service = {
      ...crossAccountUser,
      userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
      sourceIPAddress: 'ec2.amazonaws.com',
      userAgent: 'ec2.amazonaws.com',
    };
    const { request, gaps } = requestFromEvent(service);
    expect(request.caller).toBe('ec2.amazonaws.com');
    expect(request.context?.['aws:SourceIp']).toBeUndefined();
    expect(gaps.some((gap) => gap.includes('sourceIPAddress'))).toBe(false);
  });

  it("lists the missing caller ARN for the role account's AWSAccount copy", () => {
    const roleSide = {
      ...crossAccountUser,
      userIdentity: { type: 'AWSAccount', principalId: 'AIDAQRSTUVWXYZEXAMPLE', accountId: '777788889999' },
      sharedEventID: 'bEXAMPLE-efea-4a70-b951-19a88EXAMPLE',
    };
    const { request, observed, gaps } = requestFromEvent(roleSide);
    expect(request.caller).toBeUndefined();
    expect(observed.sharedEventID).toBe('bEXAMPLE-efea-4a70-b951-19a88EXAMPLE');
    const gap = gaps.find((text) => text.includes("role account's copy"));
    expect(gap).toBeDefined();
    expect(gap).toContain('777788889999');
    expect(gap).toContain('an IAM user');
  });

  it('reads a web identity caller: iss from the provider ARN, sub from userName, aud from principalId, tags claim', () => {
    const { request, gaps } = requestFromEvent(github);
    expect(request.action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(request.caller).toBeUndefined();
    expect(request.region).toBe('eu-west-1');
    expect(request.webIdentity?.claims).toEqual({
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:acme/api:ref:refs/heads/main',
      aud: 'sts.amazonaws.com',
      'https://aws.amazon.com/tags': { principal_tags: { CostCenter: ['24680'] }, transitive_tag_keys: ['CostCenter'] },
    });
    expect(request.tags).toBeUndefined();
    expect(gaps.some((gap) => gap.includes('ExternalId'))).toBe(false);
    expect(gaps.some((gap) => gap.includes('other claims'))).toBe(true);
    expect(request.webIdentity?.claimsComplete).toBe(false);
  });

  it('R-57: a claim the record does not log (amr, azp) is unknown in a replay, so a condition on it is not a certain failure', () => {
    const { request } = requestFromEvent(github);
    const provider = 'arn:aws:iam::' + request.roleArn.split(':')[4] + ':oidc-provider/token.actions.githubusercontent.com';
    const world = {
      format: 'assumerole-doctor/snapshot@1',
      accounts: [
        {
          accountId: request.roleArn.split(':')[4],
          openIdConnectProviders: [{ Arn: provider, Url: 'token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'] }],
          authorizationDetails: {
            UserDetailList: [],
            RoleDetailList: [
              {
                RoleName: request.roleArn.split('/').pop(),
                RoleId: 'AROAGITHUBROLEEXAMPL1',
                Arn: request.roleArn,
                Path: '/',
                AssumeRolePolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'], Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:azp': 'ci-client' } } }],
                },
              },
            ],
            GroupDetailList: [],
            Policies: [],
          },
        },
      ],
    };
    const d = diagnose(world, request);
    expect(d.checks.find((c) => c.id === 'trust-conditions')?.status).toBe('unknown');
    expect(d.unknownContextKeys).toEqual(['token.actions.githubusercontent.com:azp']);
    // The logged aud is known: a wrong audience still fails for certain.
    const wrongAud = structuredClone(world);
    wrongAud.accounts[0].authorizationDetails.RoleDetailList[0].AssumeRolePolicyDocument.Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:aud'] = 'other';
    expect(diagnose(wrongAud, request).checks.find((c) => c.id === 'trust-conditions')?.status).toBe('fail');
  });

  it('reads a Google-style web identity record whose provider is a host name', () => {
    const google = {
      ...github,
      userIdentity: {
        type: 'WebIdentityUser',
        principalId: 'accounts.google.com:application-id.apps.googleusercontent.com:user-id',
        userName: 'user-id',
        identityProvider: 'accounts.google.com',
      },
    };
    expect(requestFromEvent(google).request.webIdentity?.claims).toMatchObject({
      iss: 'https://accounts.google.com',
      sub: 'user-id',
      aud: 'application-id.apps.googleusercontent.com',
    });
  });

  it('reads a SAML caller: principalArn, saml:sub, namequalifier, issuer, principal tags; flags saml:aud and the non-IP source', () => {
    const { request, gaps } = requestFromEvent(saml);
    expect(request.action).toBe('sts:AssumeRoleWithSAML');
    expect(request.saml?.principalArn).toBe('arn:aws:iam::444455556666:saml-provider/Shibboleth');
    expect(request.saml?.attributes).toMatchObject({
      'saml:sub': 'SamlExample',
      'saml:namequalifier': 'bdGOnTesti4+ExamplexL/jEvs=',
      'saml:iss': 'https://server.example.com/idp/shibboleth',
      'saml:sub_type': 'transient',
      'https://aws.amazon.com/SAML/Attributes/PrincipalTag:CostCenter': '987654',
    });
    // saml:aud is the assertion's Recipient, which the STS response returns as Audience
    // ("the value of the Recipient attribute of the SubjectConfirmationData element").
    expect(request.saml?.attributes?.['saml:aud']).toBe('https://signin.aws.amazon.com/saml');
    // Only part of the assertion is logged: the saml: keys not read are unknown, not absent.
    expect(request.saml?.attributesComplete).toBe(false);
    expect(request.durationSeconds).toBe(1800);
    expect(gaps.some((gap) => gap.includes('not logged'))).toBe(true);
    expect(gaps.some((gap) => gap.includes('AWS Internal'))).toBe(true);
    expect(request.context?.['aws:SourceIp']).toBeUndefined();
  });


  // a federated call carries its source identity in the token or the assertion and has
  // no ExternalId / SerialNumber / TokenCode parameters. A record that logs any of them in
  // requestParameters replays to a request the engine accepts, the source identity where AWS reads it.
  it('R-56: a federated record whose identity type names a signing caller gives no caller session (the call has none)', () => {
    const odd = { ...github, userIdentity: { ...roleChain.userIdentity } };
    const { request } = requestFromEvent(odd);
    expect(request.action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(request.callerSession).toBeUndefined();
    expect(request.caller).toBeUndefined();
  });

  it('puts a logged source identity of a federated call into the token claim or the assertion attribute, never a parameter', () => {
    const logged = { sourceIdentity: 'alice', externalId: 'acme-123', serialNumber: 'arn:aws:iam::111111111111:mfa/alice', tokenCode: '123456' };
    const web = requestFromEvent({ ...github, requestParameters: { ...github.requestParameters, ...logged } }).request;
    expect(web.webIdentity?.claims?.['https://aws.amazon.com/source_identity']).toBe('alice');
    const federated = requestFromEvent({ ...saml, requestParameters: { ...saml.requestParameters, ...logged } }).request;
    expect(federated.saml?.attributes?.['https://aws.amazon.com/SAML/Attributes/SourceIdentity']).toBe('alice');
    for (const request of [web, federated]) {
      expect([request.sourceIdentity, request.externalId, request.serialNumber, request.tokenCode]).toEqual([undefined, undefined, undefined, undefined]);
      expect(() => parseRequest(request)).not.toThrow();
    }
  });
  it('R-60: a failed SAML call logs no response, so the standard saml:aud condition is unknown, not a certain failure', () => {
    const failed = { ...saml, errorCode: 'AccessDenied', errorMessage: 'Not authorized to perform sts:AssumeRoleWithSAML', responseElements: null };
    const { request, gaps } = requestFromEvent(failed);
    expect(request.saml?.attributes?.['saml:aud']).toBeUndefined();
    expect(gaps.some((gap) => gap.includes('saml:aud'))).toBe(true);
    const provider = request.saml!.principalArn;
    const account = provider.split(':')[4];
    const world = {
      format: 'assumerole-doctor/snapshot@1',
      accounts: [
        {
          accountId: account,
          samlProviders: [{ Arn: provider }],
          authorizationDetails: {
            UserDetailList: [],
            RoleDetailList: [
              {
                RoleName: request.roleArn.split('/').pop(),
                RoleId: 'AROASAMLROLEEXAMPLE01',
                Arn: request.roleArn,
                Path: '/',
                AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }] },
              },
            ],
            GroupDetailList: [],
            Policies: [],
          },
        },
      ],
    };
    const d = diagnose(world, request);
    expect(d.checks.find((c) => c.id === 'trust-conditions')?.status).toBe('unknown');
    expect(d.unknownContextKeys).toContain('saml:aud');
    // With the response logged (a successful call), the same trust is met.
    expect(diagnose(world, requestFromEvent(saml).request).checks.find((c) => c.id === 'trust-conditions')?.status).toBe('pass');
  });

  it('R-41: a sourceIPAddress that only looks like an address is a gap, never a context value the request check refuses', () => {
    const { request, gaps } = requestFromEvent({ ...crossAccountUser, sourceIPAddress: '::::' });
    expect(request.context?.['aws:SourceIp']).toBeUndefined();
    expect(gaps.some((gap) => gap.includes('"::::"'))).toBe(true);
    // The replayed request is one the engine reads.
    expect(() => parseRequest(request)).not.toThrow();
  });

  it('rejects records that are not AssumeRole* calls, or lack the role', () => {
    const notSts = { ...crossAccountUser, eventSource: 'iam.amazonaws.com', eventName: 'GetUserPolicy' };
    expect(() => requestFromEvent(notSts)).toThrowError(/AssumeRole/);
    try {
      requestFromEvent({ ...crossAccountUser, requestParameters: null });
    } catch (error) {
      expect(isDoctorError(error)).toBe(true);
      expect(String(error)).toContain('roleArn');
      return;
    }
    throw new Error('expected a DoctorError');
  });

  it('accepts a LookupEvents item and an EventBridge envelope', () => {
    const lookup = { EventId: 'x', EventName: 'AssumeRole', CloudTrailEvent: JSON.stringify(crossAccountUser) };
    expect(requestFromEvent(lookup).request.caller).toBe('arn:aws:iam::777788889999:user/John');
    const bridge = { 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.sts', detail: crossAccountUser };
    expect(unwrapCloudTrailEvent(bridge)).toBe(crossAccountUser);
  });
});

describe('isFailedStsEvent / isStsAssumeEvent', () => {
  it.each([
    ['failed AssumeRole', crossAccountUser, true, true],
    ['successful AssumeRole', roleChain, true, false],
    ['failed web identity', github, true, true],
    ['successful SAML', saml, true, false],
    ['IAM event', { ...crossAccountUser, eventSource: 'iam.amazonaws.com', eventName: 'GetUser' }, false, false],
    ['GetCallerIdentity', { ...crossAccountUser, eventName: 'GetCallerIdentity' }, false, false],
    ['empty errorCode', { ...crossAccountUser, errorCode: '' }, true, false],
    ['not an object', 'AssumeRole', false, false],
  ])('%s', (_name, event, isSts, failed) => {
    expect(isStsAssumeEvent(event)).toBe(isSts);
    expect(isFailedStsEvent(event)).toBe(failed);
  });
});

// A review's reproductions, copied in (minimal): a replayed record must not give a firm verdict on
// a fact it does not show. The ExternalId is not documented to be logged; a calling
// session's tags are logged only when inherited as transitive; a web identity record whose
// principalId cannot be split shows no audience.
describe('replay of what a record does not show: unknown, not absent (R-64)', () => {
  const collectorRecord = {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAQ3EXAMPLEVNDCOLL1:i-0abc123def4567890',
      arn: 'arn:aws:sts::333333333333:assumed-role/MonitoringCollector/i-0abc123def4567890',
      accountId: '333333333333',
      accessKeyId: 'ASIAQ3EXAMPLECALLER1',
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: 'AROAQ3EXAMPLEVNDCOLL1', arn: 'arn:aws:iam::333333333333:role/MonitoringCollector', accountId: '333333333333', userName: 'MonitoringCollector' },
        webIdFederationData: {},
        attributes: { creationDate: '2026-11-17T11:45:00Z', mfaAuthenticated: 'false' },
        ec2RoleDelivery: '2.0',
      },
    },
    eventTime: '2026-11-17T12:00:06Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.77',
    userAgent: 'aws-sdk-go-v2/1.32.6 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/sts#1.33.2 exampleagent/4.2.0',
    errorCode: 'AccessDenied',
    errorMessage:
      'User: arn:aws:sts::333333333333:assumed-role/MonitoringCollector/i-0abc123def4567890 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/VendorMonitoring',
    requestParameters: { roleArn: 'arn:aws:iam::222222222222:role/VendorMonitoring', roleSessionName: 'vendor-monitoring-sync', durationSeconds: 900 },
    responseElements: null,
    additionalEventData: { RequestDetails: { awsServingRegion: 'us-east-1', endpointType: 'regional' } },
    requestID: 'rq-cust-1',
    eventID: 'customer-own-record-0001',
    eventType: 'AwsApiCall',
    recipientAccountId: '222222222222',
    tlsDetails: { clientProvidedHostHeader: 'sts.us-east-1.amazonaws.com' },
  };
  const tagGatedRecord = {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAQ3EXAMPLEPLATENG:alice',
      arn: 'arn:aws:sts::111111111111:assumed-role/PlatformEngineer/alice',
      accountId: '111111111111',
      accessKeyId: 'ASIAQ3EXAMPLEALICE01',
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: 'AROAQ3EXAMPLEPLATENG', arn: 'arn:aws:iam::111111111111:role/PlatformEngineer', accountId: '111111111111', userName: 'PlatformEngineer' },
        attributes: { creationDate: '2026-11-17T11:30:00Z', mfaAuthenticated: 'true' },
      },
    },
    eventTime: '2026-11-17T12:00:06Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.25',
    userAgent: 'aws-cli/2.15.0',
    errorCode: 'AccessDenied',
    errorMessage: 'User: arn:aws:sts::111111111111:assumed-role/PlatformEngineer/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/TagGated',
    requestParameters: { roleArn: 'arn:aws:iam::222222222222:role/TagGated', roleSessionName: 'alice' },
    responseElements: null,
    requestID: 'rq-tag-1',
    sharedEventID: 'sh-tag-1',
    eventID: 'case-session-tag-gated',
    eventType: 'AwsApiCall',
    recipientAccountId: '111111111111',
    tlsDetails: { clientProvidedHostHeader: 'sts.us-east-1.amazonaws.com' },
  };
  const webNoUserRecord = {
    eventVersion: '1.08',
    userIdentity: {
      type: 'WebIdentityUser',
      principalId: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:repo:acme/api:ref:refs/heads/main',
      identityProvider: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
    },
    eventTime: '2026-11-18T16:47:29Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRoleWithWebIdentity',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.24',
    userAgent: 'aws-sdk-js/3',
    errorCode: 'AccessDenied',
    errorMessage: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    requestParameters: { roleArn: 'arn:aws:iam::111111111111:role/GitHubActionsDeploy', roleSessionName: 'GitHubActions', durationSeconds: 3600 },
    responseElements: null,
    requestID: 'rq-wi-nouser',
    eventID: 'case-webidentity-no-username',
    eventType: 'AwsApiCall',
    recipientAccountId: '111111111111',
    tlsDetails: { clientProvidedHostHeader: 'sts.us-east-1.amazonaws.com' },
  };

  const allowAssume = (resource: string) => ({ PolicyName: 'Assume', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resource }] } });
  const world = {
    format: 'assumerole-doctor/snapshot@1',
    accounts: [
      {
        accountId: '111111111111',
        authorizationDetails: {
          RoleDetailList: [
            {
              RoleName: 'PlatformEngineer',
              RoleId: 'AROAQ3EXAMPLEPLATENG1',
              Arn: 'arn:aws:iam::111111111111:role/PlatformEngineer',
              MaxSessionDuration: 43200,
              AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] },
              RolePolicyList: [allowAssume('arn:aws:iam::222222222222:role/*')],
            },
            {
              RoleName: 'GitHubActionsDeploy',
              RoleId: 'AROAQ3EXAMPLEGHDEPLOY',
              Arn: 'arn:aws:iam::111111111111:role/GitHubActionsDeploy',
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Sid: 'GitHubActionsMainAndProduction',
                    Effect: 'Allow',
                    Principal: { Federated: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com' },
                    Action: 'sts:AssumeRoleWithWebIdentity',
                    Condition: {
                      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
                      StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/api:ref:refs/heads/main', 'repo:acme/api:environment:production'] },
                    },
                  },
                ],
              },
            },
          ],
        },
        openIdConnectProviders: [{ Arn: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com', Url: 'token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'] }],
      },
      {
        accountId: '222222222222',
        authorizationDetails: {
          RoleDetailList: [
            {
              RoleName: 'VendorMonitoring',
              RoleId: 'AROAQ3EXAMPLEVNDRMON1',
              Arn: 'arn:aws:iam::222222222222:role/VendorMonitoring',
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Sid: 'MonitoringVendor', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:role/MonitoringCollector' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'acme-7f3c9e2b-prod' } } },
                ],
              },
            },
            {
              RoleName: 'TagGated',
              RoleId: 'AROAQ3TESTTAGGATED01',
              Arn: 'arn:aws:iam::222222222222:role/TagGated',
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Sid: 'TeamRed', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } }],
              },
            },
          ],
        },
      },
      {
        accountId: '333333333333',
        authorizationDetails: {
          RoleDetailList: [
            {
              RoleName: 'MonitoringCollector',
              RoleId: 'AROAQ3EXAMPLEVNDCOLL1',
              Arn: 'arn:aws:iam::333333333333:role/MonitoringCollector',
              AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
              RolePolicyList: [allowAssume('arn:aws:iam::*:role/VendorMonitoring')],
            },
          ],
        },
      },
    ],
  };
  const replayed = (record: Record<string, unknown>) => {
    const replay = requestFromEvent(record);
    return { ...replay, diagnosis: diagnose(world, parseRequest(replay.request), { now: replay.observed.eventTime }) };
  };
  const statusOf = (diagnosis: ReturnType<typeof diagnose>, id: string) => diagnosis.checks.find((check) => check.id === id)?.status;

  it('an AssumeRole record without externalId declares sts:ExternalId unknown; an AssumedRole caller has incomplete session tags', () => {
    const { request, gaps } = requestFromEvent(collectorRecord);
    expect(request.externalId).toBeUndefined();
    expect(request.unknownContext).toEqual(['sts:ExternalId']);
    expect(request.callerSession).toEqual({ issuedBy: 'ec2', mfaAuthenticated: false, issuedAt: '2026-11-17T11:45:00Z', tagsComplete: false });
    expect(gaps.some((gap) => gap.includes('shows no ExternalId') && gap.includes('AWS does not document that CloudTrail logs it'))).toBe(true);
    expect(gaps.some((gap) => gap.includes('session tags not in the record are unknown'))).toBe(true);
    expect(() => parseRequest(request)).not.toThrow();
  });

  it('a record with externalId uses it and declares nothing unknown', () => {
    const withId = { ...collectorRecord, requestParameters: { ...collectorRecord.requestParameters, externalId: 'acme-7f3c9e2b-prod' } };
    const { request, gaps } = requestFromEvent(withId);
    expect(request.externalId).toBe('acme-7f3c9e2b-prod');
    expect(request.unknownContext).toBeUndefined();
    expect(gaps.some((gap) => gap.includes('ExternalId'))).toBe(false);
  });

  it('the ExternalId scenario is inconclusive naming sts:externalid, not denied at trust-conditions', () => {
    const { diagnosis } = replayed(collectorRecord);
    expect(diagnosis.decision).toBe('inconclusive');
    expect(diagnosis.failedChecks).toEqual([]);
    expect(statusOf(diagnosis, 'trust-conditions')).toBe('unknown');
    expect(diagnosis.unknownContextKeys).toEqual(['sts:externalid']);
    // With the value in the record, the verdict is firm either way.
    const right = replayed({ ...collectorRecord, requestParameters: { ...collectorRecord.requestParameters, externalId: 'acme-7f3c9e2b-prod' } });
    expect(right.diagnosis.decision).toBe('allowed');
    const wrong = replayed({ ...collectorRecord, requestParameters: { ...collectorRecord.requestParameters, externalId: 'acme-7f3c9e2b-stage' } });
    expect(wrong.diagnosis.decision).toBe('denied');
    expect(wrong.diagnosis.failedChecks).toEqual(['trust-conditions']);
  });

  it('the session-tag scenario is inconclusive naming aws:principaltag/team, not denied at trust-conditions', () => {
    const { request, diagnosis } = replayed(tagGatedRecord);
    expect(request.callerSession?.tagsComplete).toBe(false);
    expect(diagnosis.decision).toBe('inconclusive');
    expect(diagnosis.failedChecks).toEqual([]);
    expect(statusOf(diagnosis, 'trust-conditions')).toBe('unknown');
    expect(diagnosis.unknownContextKeys).toEqual(['aws:principaltag/team']);
  });

  it('the web identity record without userName: the audience is unknown, not "Incorrect token audience"', () => {
    const { request, diagnosis } = replayed(webNoUserRecord);
    expect(request.webIdentity?.claimsComplete).toBe(false);
    expect(request.webIdentity?.claims?.aud).toBeUndefined();
    expect(diagnosis.decision).toBe('inconclusive');
    expect(diagnosis.failedChecks).toEqual([]);
    expect(statusOf(diagnosis, 'web-identity')).toBe('unknown');
    expect(diagnosis.checks.find((check) => check.id === 'web-identity')?.summary).toContain('the record does not show it');
    expect(diagnosis.awsError).toBeUndefined();
  });
});

describe('a record given as JSON text', () => {
  it('nesting past 64 levels is too-deep naming event.CloudTrailEvent, not a RangeError later', () => {
    const text = `{"eventName":"AssumeRole","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    let caught: unknown;
    try {
      unwrapCloudTrailEvent({ EventId: 'e', CloudTrailEvent: text });
    } catch (error) {
      caught = error;
    }
    expect(isDoctorError(caught)).toBe(true);
    if (!isDoctorError(caught)) return;
    expect(caught.code).toBe('too-deep');
    expect(caught.exitCode).toBe(2);
    expect(caught.field).toBe('event.CloudTrailEvent');
    // Text within the limit still unwraps.
    expect(unwrapCloudTrailEvent({ CloudTrailEvent: '{"eventName":"AssumeRole"}' })).toEqual({ eventName: 'AssumeRole' });
  });
});
