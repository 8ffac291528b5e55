import { describe, expect, it } from 'vitest';
import { organizationTreeUnknown } from '../context';
import { diagnose } from '../diagnose';
import { loadSnapshot } from '../snapshot';
import type { Organization } from '../types';
import {
  CALLER_ACCOUNT,
  MANAGEMENT_ACCOUNT,
  ROLE_ACCOUNT,
  account,
  allowAssume,
  assumeRequest,
  organization,
  role,
  roleArn,
  sessionArn,
  snapshot,
  trustStatement,
  user,
  userArn,
  check,
} from './testing';


const denySts = { id: 'p-deny-sts', type: 'SERVICE_CONTROL_POLICY' as const, name: 'DenySts', content: { Version: '2012-10-17', Statement: [{ Sid: 'NoAssume', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }] } };
const onlyS3 = { id: 'p-only-s3', type: 'SERVICE_CONTROL_POLICY' as const, name: 'OnlyS3', content: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } };
const rcpDenyOutside = {
  id: 'p-rcp-perimeter',
  type: 'RESOURCE_CONTROL_POLICY' as const,
  name: 'Perimeter',
  content: {
    Version: '2012-10-17',
    Statement: [{ Sid: 'OrgOnly', Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }],
  },
};

function world(org: Organization | undefined, callerAccount = CALLER_ACCOUNT) {
  return snapshot(
    [
      account(callerAccount, { users: [user('alice', { account: callerAccount, statements: [allowAssume()] })] }),
      account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: `arn:aws:iam::${callerAccount}:root` })] })] }),
    ],
    org,
  );
}

describe('scp', () => {
  it('R-06: an explicit Deny at the caller account level refuses, naming the level and statement', () => {
    const d = diagnose(world(organization({ callerPolicies: ['p-full', 'p-deny-sts'], policies: [denySts] })), assumeRequest());
    expect(d.failedChecks).toEqual(['scp']);
    const c = check(d, 'scp');
    expect(c.denial).toBe('explicit');
    expect(c.summary).toContain('"NoAssume"');
    expect(c.summary).toContain(`account ${CALLER_ACCOUNT}`);
    expect((d.awsError as { documentedVariant?: string }).documentedVariant).toContain('with an explicit deny in a service control policy');
  });

  it('R-06: an SCP Deny names the level it is attached to once, by name and id', () => {
    const d = diagnose(world(organization({ ouPolicies: ['p-full', 'p-deny-sts'], policies: [denySts] })), assumeRequest());
    expect(d.failedChecks).toEqual(['scp']);
    const summary = check(d, 'scp').summary;
    expect(summary).toContain('statement "NoAssume" (#0) of SCP DenySts, attached to OU Workloads (ou-ab12-11111111), explicitly denies sts:AssumeRole');
    expect(summary.match(/attached to/g)).toHaveLength(1);
  });

  it('R-04, R-06: an OU whose SCPs lack an Allow blocks implicitly even though the root and account allow', () => {
    const d = diagnose(world(organization({ ouPolicies: ['p-only-s3'], policies: [onlyS3] })), assumeRequest());
    expect(d.failedChecks).toEqual(['scp']);
    const c = check(d, 'scp');
    expect(c.denial).toBe('implicit');
    expect(c.summary).toContain('OU Workloads (ou-ab12-11111111)');
    expect(c.summary).toContain('OnlyS3');
    // AWS calls every SCP refusal an explicit deny; the summary says no statement denies.
    expect(d.awsError?.message).toMatch(/with an explicit deny in a service control policy$/);
    expect(c.summary).toMatch(/No statement denies: AWS still words this refusal "with an explicit deny/);
    // §10 #5: the page itself words it "with" and "due to"; the summary says so and calls it disputed.
    expect(c.summary).toContain('"due to an explicit deny"');
    expect(c.summary).toContain('The wording is disputed');
  });

  it('R-05: SCPs do not limit the management account', () => {
    const org = organization({ policies: [denySts] });
    org.root!.children![0].policies = ['p-full', 'p-deny-sts'];
    const d = diagnose(world(org, MANAGEMENT_ACCOUNT), assumeRequest({ caller: userArn('alice', MANAGEMENT_ACCOUNT) }));
    expect(check(d, 'scp').status).toBe('skip');
    expect(d.decision).toBe('allowed');
  });

  it('R-05: callers from accounts outside the organization are not limited by its SCPs', () => {
    const d = diagnose(world(organization({ rootPolicies: ['p-full', 'p-deny-sts'], policies: [denySts] }), '333333333333'), assumeRequest({ caller: userArn('alice', '333333333333') }));
    expect(check(d, 'scp').status).toBe('skip');
    expect(check(d, 'scp').summary).toContain('outside the organization');
  });

  it('R-05, R-08, R-43: an account whose membership could not be established is unknown, not outside the organization', () => {
    const org = { ...organization({ rootPolicies: ['p-full', 'p-deny-sts'], policies: [denySts] }), membershipUnknown: [{ accountId: '333333333333', reason: 'account 333333333333 is in organization o-other, whose structure and policies were not read' }] };
    const d = diagnose(world(org, '333333333333'), assumeRequest({ caller: userArn('alice', '333333333333') }));
    expect(check(d, 'scp').status).toBe('unknown');
    expect(check(d, 'scp').summary).toContain('o-other');
    expect(d.decision).toBe('inconclusive');
    // aws:PrincipalOrgID is unknown, so a trust policy that requires it is not a certain refusal.
    const orgTrust = snapshot(
      [
        account('333333333333', { users: [user('alice', { account: '333333333333', statements: [allowAssume()] })] }),
        account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })] })] }),
      ],
      { ...organization(), membershipUnknown: org.membershipUnknown },
    );
    const t = diagnose(orgTrust, assumeRequest({ caller: userArn('alice', '333333333333') }));
    expect(t.decision).toBe('inconclusive');
    expect(t.failedChecks).toEqual([]);
    // An account that is in the tree keeps its path whatever the list says.
    const listed = { ...organization(), membershipUnknown: [{ accountId: CALLER_ACCOUNT, reason: 'stale' }] };
    expect(check(diagnose(world(listed), assumeRequest()), 'scp').status).toBe('pass');
  });

  it('R-05, R-08: a policy type pending enable or disable makes the SCP / RCP check unknown, not skip (F6)', () => {
    const pendingScp = { ...organization({ policies: [denySts] }), enabledPolicyTypes: [], pendingPolicyTypes: [{ type: 'SERVICE_CONTROL_POLICY', status: 'PENDING_ENABLE' }] };
    const d = diagnose(world(pendingScp), assumeRequest());
    expect(check(d, 'scp').status).toBe('unknown');
    expect(check(d, 'scp').summary).toContain('PENDING_ENABLE');
    expect(check(d, 'rcp').status).toBe('skip');
    const pendingRcp = { ...organization(), enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'], pendingPolicyTypes: [{ type: 'RESOURCE_CONTROL_POLICY', status: 'PENDING_DISABLE' }] };
    const r = diagnose(world(pendingRcp), assumeRequest());
    expect(check(r, 'rcp').status).toBe('unknown');
    expect(check(r, 'scp').status).toBe('pass');
  });

  it('R-05: SCPs do not affect service-linked roles', () => {
    const slr = role('AWSServiceRoleForSupport', { account: CALLER_ACCOUNT, path: '/aws-service-role/support.amazonaws.com/', trust: [], statements: [allowAssume()] });
    const snap = snapshot(
      [account(CALLER_ACCOUNT, { roles: [slr] }), account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` })] })] })],
      organization({ callerPolicies: ['p-full', 'p-deny-sts'], policies: [denySts] }),
    );
    const d = diagnose(snap, assumeRequest({ caller: sessionArn('AWSServiceRoleForSupport', 'x') }));
    expect(check(d, 'scp').status).toBe('skip');
  });

  it('R-06 (note): web identity callers are not subject to SCPs', () => {
    const d = diagnose(world(organization()), {
      action: 'sts:AssumeRoleWithWebIdentity',
      roleArn: roleArn('Deploy'),
      roleSessionName: 's',
      webIdentity: { claims: { iss: 'https://accounts.google.com', sub: '1', aud: 'x' } },
    });
    expect(check(d, 'scp').status).toBe('skip');
  });

  it('an unreadable organization makes SCP and RCP unknown', () => {
    const d = diagnose(world({ unavailable: 'AccessDenied on organizations:ListRoots' }), assumeRequest());
    expect(check(d, 'scp').status).toBe('unknown');
    expect(check(d, 'rcp').status).toBe('unknown');
    expect(d.decision).toBe('inconclusive');
  });

  it('no organization: no SCP or RCP applies', () => {
    const d = diagnose(world(undefined), assumeRequest());
    expect(check(d, 'scp').status).toBe('skip');
    expect(check(d, 'rcp').status).toBe('skip');
    expect(d.decision).toBe('allowed');
  });

  it('R-39, R-06: when tags are passed the SCPs must also allow sts:TagSession', () => {
    const allowAssumeOnly = { id: 'p-assume-only', type: 'SERVICE_CONTROL_POLICY' as const, name: 'AssumeOnly', content: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } };
    const d = diagnose(world(organization({ callerPolicies: ['p-assume-only'], policies: [allowAssumeOnly] })), assumeRequest({ tags: [{ Key: 'team', Value: 'red' }] }));
    expect(check(d, 'scp').status).toBe('fail');
    expect(check(d, 'scp').summary).toContain('sts:TagSession');
    expect(d.awsError?.message).toContain('sts:TagSession');
  });
});

describe('rcp', () => {
  it('R-08, R-09: an RCP Deny on the role account path refuses callers outside the organization', () => {
    const outsider = '333333333333';
    const d = diagnose(world(organization({ rolePolicies: ['p-full', 'p-rcp-perimeter'], policies: [rcpDenyOutside] }), outsider), assumeRequest({ caller: userArn('alice', outsider) }));
    expect(d.failedChecks).toEqual(['rcp']);
    expect(check(d, 'rcp').denial).toBe('explicit');
    expect(check(d, 'rcp').summary).toContain('"OrgOnly"');
  });

  it('R-09: an RCP Deny at the root names the root once', () => {
    const outsider = '333333333333';
    const d = diagnose(world(organization({ rootPolicies: ['p-full', 'p-rcp-perimeter'], policies: [rcpDenyOutside] }), outsider), assumeRequest({ caller: userArn('alice', outsider) }));
    expect(d.failedChecks).toEqual(['rcp']);
    const summary = check(d, 'rcp').summary;
    expect(summary).toContain('statement "OrgOnly" (#0) of RCP Perimeter, attached to the organization root, denies sts:AssumeRole');
    expect(summary.match(/attached to/g)).toHaveLength(1);
  });

  it('R-09: the same RCP lets a caller inside the organization through (aws:PrincipalOrgID is derived, R-43)', () => {
    const d = diagnose(world(organization({ rolePolicies: ['p-full', 'p-rcp-perimeter'], policies: [rcpDenyOutside] })), assumeRequest());
    expect(check(d, 'rcp').status).toBe('pass');
    expect(d.decision).toBe('allowed');
    expect(d.context.find((e) => e.key === 'aws:PrincipalOrgID')?.values).toEqual(['o-a1b2c3d4e5']);
  });

  it('R-09: RCPs do not affect resources of the management account', () => {
    const org = organization({ policies: [rcpDenyOutside] });
    org.root!.policies = ['p-full', 'p-rcp-perimeter'];
    const snap = snapshot(
      [
        account('333333333333', { users: [user('alice', { account: '333333333333', statements: [allowAssume()] })] }),
        account(MANAGEMENT_ACCOUNT, { roles: [role('Deploy', { account: MANAGEMENT_ACCOUNT, trust: [trustStatement({ AWS: 'arn:aws:iam::333333333333:root' })] })] }),
      ],
      org,
    );
    const d = diagnose(snap, assumeRequest({ caller: userArn('alice', '333333333333'), roleArn: roleArn('Deploy', MANAGEMENT_ACCOUNT) }));
    expect(check(d, 'rcp').status).toBe('skip');
    expect(d.decision).toBe('allowed');
  });

  it('R-10: an organization with no RCP behaves as RCPFullAWSAccess', () => {
    const d = diagnose(world(organization()), assumeRequest());
    expect(check(d, 'rcp').status).toBe('pass');
    expect(check(d, 'rcp').rules).toContain('R-10');
  });
});

describe('an organization without its tree', () => {
  it('R-43, R-05, R-08: one test decides it: the org keys, the SCP check and the RCP check all say unknown', () => {
    const org = organization({ policies: [rcpDenyOutside] });
    delete org.root;
    const snap = world(org);
    expect(organizationTreeUnknown(loadSnapshot(snap))).toBe(true);
    const d = diagnose(snap, assumeRequest());
    expect(check(d, 'scp').status).toBe('unknown');
    expect(check(d, 'scp').summary).toMatch(/organization tree/);
    expect(check(d, 'rcp').status).toBe('unknown');
    expect(d.context.find((e) => e.key === 'aws:PrincipalOrgID')).toBeUndefined();
    expect(d.decision).toBe('inconclusive');

    // With the tree, membership is known: the org keys are derived and both checks decide.
    const whole = diagnose(world(organization({ policies: [rcpDenyOutside] })), assumeRequest());
    expect(organizationTreeUnknown(loadSnapshot(world(organization())))).toBe(false);
    expect(whole.context.find((e) => e.key === 'aws:PrincipalOrgID')?.values).toEqual(['o-a1b2c3d4e5']);
    expect(check(whole, 'scp').status).toBe('pass');
  });

  it('an organization that could not be read is not "without its tree": it is unavailable', () => {
    expect(organizationTreeUnknown(loadSnapshot(world({ unavailable: 'AccessDenied on organizations:DescribeOrganization' })))).toBe(false);
    expect(organizationTreeUnknown(loadSnapshot(world(undefined)))).toBe(false);
  });
});
