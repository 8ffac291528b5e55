import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import { diagnose } from '@/lib/engine';
import { parseFlowchart, parseSequence } from '@/lib/diagram/mermaid-parse.test-helper';
import { findBreak } from './breaks';
import { findRole, parsePolicyDocument } from './lab';
import { buildLab } from './labs';
import { EC2_ROLE_ARN, VENDOR_EGRESS_CIDR, VENDOR_ROLE_ARN, withLearnOverlay } from './overlay';
import { SETUP_STEPS, text, trustPolicyMermaid } from './mermaid';
import { labForRole, listRoleChoices } from './subject';
import { SAMPLE_SUBS, buildWalkthroughs } from './walkthroughs';

const snapshot = withLearnOverlay(demoSnapshot);
const walkthroughs = buildWalkthroughs({ snapshot, diagnose });

describe('overlay', () => {
  it('adds the EC2 reader role and the vendor source-IP condition without touching the demo', () => {
    const before = JSON.stringify(demoSnapshot);
    const overlaid = withLearnOverlay(demoSnapshot);
    expect(JSON.stringify(demoSnapshot)).toBe(before);
    expect(findRole(demoSnapshot, EC2_ROLE_ARN)).toBeUndefined();
    expect(findRole(overlaid, EC2_ROLE_ARN)?.InstanceProfileList).toHaveLength(1);
    const trust = parsePolicyDocument(findRole(overlaid, VENDOR_ROLE_ARN)?.AssumeRolePolicyDocument);
    expect(trust.Statement[0].Condition).toMatchObject({ IpAddress: { 'aws:SourceIp': VENDOR_EGRESS_CIDR }, StringEquals: { 'sts:ExternalId': 'acme-7f3c9e2b-prod' } });
    expect(JSON.stringify(withLearnOverlay(overlaid))).toBe(JSON.stringify(overlaid));
  });
});

describe('walkthroughs', () => {
  it('has the five walkthroughs, each step linkable and unique', () => {
    expect(walkthroughs.map((w) => w.slug)).toEqual([
      'how-assume-role-works',
      'cross-account-access',
      'ec2-reads-s3',
      'github-actions-oidc',
      'troubleshooting',
    ]);
    for (const walkthrough of walkthroughs) {
      const slugs = walkthrough.steps.map((step) => step.slug);
      expect(new Set(slugs).size).toBe(slugs.length);
      for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it('every step explains, cites rules, draws at least one diagram, shows code, and offers only known breaks', () => {
    for (const walkthrough of walkthroughs) {
      for (const step of walkthrough.steps) {
        expect(step.body.length, `${walkthrough.slug}/${step.slug}`).toBeGreaterThan(0);
        expect(step.rules.every((rule) => /^R-\d\d[a-z]?$/.test(rule))).toBe(true);
        expect(step.diagrams.length).toBeGreaterThan(0);
        expect(step.code.length).toBeGreaterThan(0);
        for (const id of step.lab?.breakIds ?? []) expect(findBreak(id)?.lab, `${step.slug}: ${id}`).toBe(step.lab?.id);
      }
    }
  });

  it('every setup step of the cross-account, EC2 and GitHub walkthroughs has something to break', () => {
    for (const slug of ['cross-account-access', 'ec2-reads-s3', 'github-actions-oidc']) {
      const walkthrough = walkthroughs.find((w) => w.slug === slug)!;
      for (const step of walkthrough.steps) expect(step.lab?.breakIds.length, `${slug}/${step.slug}`).toBeGreaterThan(0);
    }
  });

  it('every diagram is valid Mermaid', async () => {
    for (const walkthrough of walkthroughs) {
      for (const step of walkthrough.steps) {
        for (const diagram of step.diagrams) {
          const parse = diagram.source.startsWith('sequenceDiagram') ? parseSequence : parseFlowchart;
          await expect(parse(diagram.source), `${walkthrough.slug}/${step.slug}/${diagram.id}`).resolves.toBeTruthy();
        }
      }
    }
  });

  it('draws from the real demo policies: the role ARN, principals and conditions appear in the diagrams', () => {
    const how = walkthroughs[0];
    expect(how.steps[0].diagrams[0].source).toContain('ReadOnly');
    expect(how.steps[0].diagrams[0].source).toContain('111111111111');
    const cross = walkthroughs[1].steps.find((step) => step.slug === 'trust-policy')!;
    expect(cross.diagrams[0].source).toContain('sts:ExternalId');
    expect(cross.diagrams[0].source).toContain(VENDOR_EGRESS_CIDR);
    expect(cross.diagrams[0].source).toContain('MonitoringCollector');
  });

  it('R-15 / R-20: the caller side is not only a cross-account matter, and a Principal can match without naming the caller', () => {
    const how = walkthroughs[0];
    const bigPicture = how.steps.find((step) => step.slug === 'big-picture')!;
    expect(bigPicture.body.join(' ')).toContain('or the trust names a whole account rather than the caller itself');
    expect(bigPicture.rules).toEqual(expect.arrayContaining(['R-14', 'R-15']));
    expect(how.steps.find((step) => step.slug === 'trust-check')!.body[0]).toContain('whose Principal matches the caller (its user or role ARN, its account, or "*")');
    expect(walkthroughs[4].steps[0].diagrams[0].source).not.toContain('name the caller?');
  });

  it('R-50: the one-hour chaining cap is disputed for EC2 instance-profile and ECS task-role callers', () => {
    const expiry = walkthroughs[0].steps.find((step) => step.slug === 'expiry')!.body.join(' ');
    expect(expiry).toContain('came from an earlier AssumeRole (role chaining)');
    expect(expiry).toContain('Whether credentials from an EC2 instance profile or an ECS task role count as chaining is disputed');
    expect(walkthroughs[4].steps[0].diagrams[0].source).toContain('EC2 or ECS credentials as caller: disputed');
  });

  it('R-41 / R-42: aws:SourceIp is taught with its VPC-endpoint caveat', () => {
    const trustStep = walkthroughs[1].steps.find((step) => step.slug === 'trust-policy')!;
    expect(trustStep.body.join(' ')).toContain('through an STS interface VPC endpoint carries no aws:SourceIp at all');
    expect(trustStep.body.join(' ')).toContain('aws:SourceVpce or aws:SourceVpc');
    expect(trustStep.rules).toEqual(expect.arrayContaining(['R-41', 'R-42']));
    expect(findBreak('outside-source-ip')?.explanation).toContain('aws:SourceIp is then absent');
  });

  it('R-14: the vendor-side setup step is named for sts:AssumeRole permission, not for source identity (R-38 is another feature)', () => {
    const step = walkthroughs[1].steps.find((s) => s.body.join(' ').includes('two gates'))!;
    expect(step.title).toBe('Allow the vendor’s role to call sts:AssumeRole');
    expect(SETUP_STEPS[3]).toBe('Allow the caller sts:AssumeRole');
    for (const walkthrough of walkthroughs) {
      for (const s of walkthrough.steps) {
        expect(s.title).not.toMatch(/source identity/i);
        for (const diagram of s.diagrams) expect(diagram.source).not.toContain('Allow the source identity');
      }
    }
  });

  it('R-58: the sub formats come with a hedged caution about GitHub’s immutable subject format', () => {
    const github = walkthroughs.find((w) => w.slug === 'github-actions-oidc')!;
    const subStep = github.steps.find((step) => step.slug === 'sub-claims')!.body.join(' ');
    expect(subStep).toContain('immutable subject format');
    expect(subStep).toContain('check the sub your repository actually sends');
    expect(github.steps.find((step) => step.slug === 'trust-policy')!.body.join(' ')).toContain('would be refused by both');
  });

  it('R-62 / R-63: the tree shows branch 2’s error as usually the plain message, not one exact suffix; no undocumented ordering claims', () => {
    const tree = walkthroughs[4].steps[0].diagrams[0].source;
    expect(tree).toContain('AccessDenied, usually the same message; sometimes ending in ‘because no identity-based policy allows…’ or naming the boundary or SCP');
    expect(tree).not.toContain('AccessDenied: no identity-based policy allows the action');
    const text = walkthroughs.flatMap((w) => w.steps.flatMap((step) => step.body)).join(' ');
    expect(text).not.toContain('before the trust policy is even read');
    expect(text).toContain('rejected with InvalidIdentityToken: Incorrect token audience');
    expect(findBreak('trust-other-account')?.explanation).not.toContain('before it looks at anything else');
  });

  it('R-13 / R-62: permission-policy steps cite R-13, not R-12; no claimed AWS intent; the profile uses a credential source', () => {
    const cross = walkthroughs[1];
    expect(cross.steps.find((step) => step.slug === 'permission-policies')!.rules).toEqual(['R-13']);
    expect(walkthroughs[2].steps.find((step) => step.slug === 's3-read-policy')!.rules).toEqual(['R-13']);
    expect(findBreak('detach-role-permissions')?.rules).toEqual(['R-13']);
    expect(findBreak('expired-caller')?.rules).toEqual([]);
    const text = cross.steps.flatMap((step) => step.body).join(' ');
    expect(text).not.toContain('on purpose');
    expect(text).toContain('a credential source is better still');
  });

  it('R-36: the ExternalId is taught as a per-customer value the vendor always sends, not as a shared secret', () => {
    const trustStep = walkthroughs[1].steps.find((step) => step.slug === 'trust-policy')!.body.join(' ');
    expect(trustStep).toContain('always sends the one belonging to the customer it is working for');
    expect(trustStep).toContain('The value is not a secret');
    expect(trustStep).not.toContain('only you and the vendor know');
  });

  it('evaluates each GitHub sub claim with the engine: main and the production environment are admitted, the rest refused', () => {
    const rows = walkthroughs[3].steps.find((step) => step.slug === 'sub-claims')!.subRows!;
    expect(rows.map((row) => row.sub)).toEqual(SAMPLE_SUBS.map((sample) => sample.sub));
    const admitted = rows.filter((row) => row.admitted).map((row) => row.sub);
    expect(admitted).toEqual(['repo:acme/api:ref:refs/heads/main', 'repo:acme/api:environment:production']);
    for (const row of rows.filter((r) => !r.admitted)) expect(row.failedChecks.length).toBeGreaterThan(0);
    expect(rows.find((row) => row.sub.startsWith('repo:someone-else'))?.failedChecks).toContain('rcp');
    expect(rows.find((row) => row.sub === 'repo:acme/api:pull_request')?.failedChecks).toEqual(['trust-conditions']);
  });
});

describe('mermaid text', () => {
  it('escapes attacker-controlled names so they cannot break out of a label', async () => {
    expect(text('a"b;c#d<e>')).toBe('a#quot;b#59;c#35;d#lt;e#gt;');
    expect(text('(Sid) [x] {y}')).toBe('(Sid) [x] {y}');
    expect(text('%%{init: {"theme":"dark"}}%%')).not.toContain('%%');
    const role = {
      RoleName: 'evil"]-->x[click',
      RoleId: 'AROAX',
      Arn: 'arn:aws:iam::111111111111:role/evil',
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'x"];click a', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root"]' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': '";\n%%{init}%%' } } }],
      },
    };
    const source = trustPolicyMermaid(role);
    const parsed = await parseFlowchart(source);
    expect(parsed.hasClickBindings).toBe(false);
    expect([...parsed.vertices.keys()].every((id) => /^(role|s\d+(p\d+|c\d+)?)$/.test(id))).toBe(true);
  });
});

describe('role picker', () => {
  it('lists non-service-linked roles and builds a lab with a caller read from the trust policy', () => {
    const choices = listRoleChoices(snapshot);
    expect(choices.some((choice) => choice.arn.includes('aws-service-role'))).toBe(false);
    const vendor = labForRole(snapshot, VENDOR_ROLE_ARN)!;
    expect(vendor.request.caller).toBe('arn:aws:sts::333333333333:assumed-role/MonitoringCollector/learn');
    expect(vendor.request.externalId).toBe('acme-7f3c9e2b-prod');
    const deploy = labForRole(snapshot, 'arn:aws:iam::222222222222:role/ReadOnly')!;
    expect(deploy.request.caller).toBe('arn:aws:iam::111111111111:user/alice');
    expect(diagnose(deploy.snapshot, deploy.request).decision).toBe('allowed');
    expect(labForRole(snapshot, 'arn:aws:iam::222222222222:role/Nope')).toBeUndefined();
  });

  it('R-49: a subject role whose MaxSessionDuration was not read is never taught or written as one hour', () => {
    const imported = structuredClone(snapshot);
    const production = imported.accounts.find((account) => account.accountId === '222222222222')!;
    const operator = production.authorizationDetails.RoleDetailList!.find((candidate) => candidate.RoleName === 'Operator')!;
    delete operator.MaxSessionDuration;
    production.unavailable = [{ part: 'maxSessionDuration', reason: 'imported IAM files carry no MaxSessionDuration' }];
    const subject = labForRole(imported, operator.Arn)!;
    const how = buildWalkthroughs({ snapshot: imported, diagnose, subject })[0];
    const expiry = how.steps.find((step) => step.slug === 'expiry')!;
    expect(expiry.body.join(' ')).toContain('was not read');
    expect(expiry.body.join(' ')).not.toContain('up to 1 hour(s)');
    const code = how.steps.flatMap((step) => step.code ?? []).map((block) => block.code).join('\n');
    expect(code).not.toContain('max_session_duration = 3600');
  });

  it('swaps the subject role in the steps that explain a single role', () => {
    const subject = labForRole(snapshot, 'arn:aws:iam::222222222222:role/Operator')!;
    const swapped = buildWalkthroughs({ snapshot, diagnose, subject });
    expect(swapped[0].steps[0].diagrams[0].source).toContain('Operator');
    expect(swapped[0].steps[0].diagrams[0].source).not.toContain('Role ReadOnly');
    expect(swapped[0].steps[0].diagrams[0].title).toBe('Architecture: PlatformEngineer/learn borrows Operator');
    expect(diagnose(subject.snapshot, subject.request).decision).toBe('allowed');
    // the labs of the other walkthroughs stay on the demo
    expect(swapped[1].steps[1].diagrams[0].source).toContain('VendorMonitoring');
  });
});

describe('How AssumeRole works, for a picked federated role', () => {
  const stepText = (walkthrough: ReturnType<typeof buildWalkthroughs>[number]) => walkthrough.steps.flatMap((step) => step.body).join('\n');
  const callOf = (walkthrough: ReturnType<typeof buildWalkthroughs>[number]) =>
    walkthrough.steps.find((step) => step.slug === 'the-request')!.code.find((block) => block.label.startsWith('The call'))!.code;

  it('R-56: a web-identity role is assumed with an unsigned AssumeRoleWithWebIdentity call carrying the token', () => {
    const subject = labForRole(snapshot, 'arn:aws:iam::111111111111:role/GitHubActionsDeploy')!;
    expect(subject.request.action).toBe('sts:AssumeRoleWithWebIdentity');
    const how = buildWalkthroughs({ snapshot, diagnose, subject })[0];
    const cli = callOf(how);
    expect(cli).toMatch(/^aws sts assume-role-with-web-identity \\/);
    expect(cli).toContain('--role-arn arn:aws:iam::111111111111:role/GitHubActionsDeploy');
    expect(cli).toContain('--role-session-name learn');
    expect(cli).toContain('--web-identity-token "$WEB_IDENTITY_TOKEN"');
    expect(cli).not.toMatch(/aws sts assume-role \\/);
    const body = stepText(how);
    expect(body).toContain('a workload holding a token from https://token.actions.githubusercontent.com');
    expect(body).toContain('has no AWS credentials and signs nothing');
    expect(body).not.toContain('signs an AssumeRole request with its own credentials');
    expect(body).not.toContain('the caller is the caller');
    expect(how.steps.find((step) => step.slug === 'the-request')!.rules).toContain('R-56');
    const sequence = how.steps.find((step) => step.slug === 'the-request')!.diagrams[0].source;
    expect(sequence).toContain('participant C as a workload with a token');
    expect(sequence).toContain('C->>S: AssumeRoleWithWebIdentity RoleArn=');
    expect(sequence).toContain('not authorized to perform sts:AssumeRoleWithWebIdentity');
  });

  it('R-60: a SAML role is assumed with AssumeRoleWithSAML, the provider ARN and the assertion', () => {
    const subject = labForRole(snapshot, 'arn:aws:iam::222222222222:role/OktaReadOnly')!;
    expect(subject.request).toMatchObject({ action: 'sts:AssumeRoleWithSAML', saml: { principalArn: 'arn:aws:iam::222222222222:saml-provider/Okta' } });
    expect(diagnose(subject.snapshot, subject.request).decision).toBe('allowed');
    const how = buildWalkthroughs({ snapshot, diagnose, subject })[0];
    const cli = callOf(how);
    expect(cli).toMatch(/^aws sts assume-role-with-saml \\/);
    expect(cli).toContain('--principal-arn arn:aws:iam::222222222222:saml-provider/Okta');
    expect(cli).toContain('--saml-assertion "$SAML_ASSERTION"');
    expect(cli).not.toContain('--role-session-name');
    const body = stepText(how);
    expect(body).toContain('a user signed in through the SAML provider arn:aws:iam::222222222222:saml-provider/Okta');
    expect(body).not.toContain('its own credentials');
  });

  it('R-25: a service-principal role is assumed by the service itself; the walkthrough says so and names the Service principal', () => {
    const subject = labForRole(snapshot, EC2_ROLE_ARN)!;
    expect(subject.request.caller).toBe('ec2.amazonaws.com');
    const how = buildWalkthroughs({ snapshot, diagnose, subject })[0];
    expect(callOf(how)).toMatch(/^# ec2\.amazonaws\.com makes this call itself/);
    const body = stepText(how);
    expect(body).toContain('The caller is an AWS service: it has no identity policies of its own');
    expect(body).toContain('whose Service principal names ec2.amazonaws.com');
    expect(body).not.toContain('signs an AssumeRole request with its own credentials');
  });

  it('R-37: a signed caller still gets aws sts assume-role with its own credentials', () => {
    const how = walkthroughs[0];
    expect(callOf(how)).toMatch(/^aws sts assume-role \\/);
    expect(stepText(how)).toContain('The caller signs an AssumeRole request with its own credentials.');
  });
});

describe('EC2 walkthrough', () => {
  it('R-62 / R-25: an EC2 break shows that the instance gets no credentials, not an STS text nobody sees', () => {
    const broken = findBreak('trust-lambda-instead')!.apply(buildLab('ec2-s3', snapshot));
    const error = diagnose(broken.snapshot, broken.request).awsError!;
    expect(error.exactTextKnown).toBe(false);
    expect(error.message).toContain('the instance gets no credentials');
    expect(error.message).not.toContain('User: ec2.amazonaws.com is not authorized');
  });

  it('R-25: teaches no aws:SourceAccount / aws:SourceArn guard that EC2 is not documented to send', () => {
    const ec2 = walkthroughs.find((w) => w.slug === 'ec2-reads-s3')!;
    expect(ec2.steps.flatMap((step) => step.body).join(' ')).not.toMatch(/aws:Source(Account|Arn)/);
    expect(Object.keys(buildLab('ec2-s3', snapshot).request.context ?? {})).toEqual(['aws:CurrentTime']);
    expect(findBreak('wrong-source-account')).toBeUndefined();
    expect(findBreak('trust-wrong-action')).toMatchObject({ lab: 'ec2-s3', expected: 'trust-principal' });
  });

  it('shows the Terraform for each piece, and the whole file at the end', () => {
    const ec2 = walkthroughs.find((w) => w.slug === 'ec2-reads-s3')!;
    const terraformOf = (slug: string) => ec2.steps.find((step) => step.slug === slug)!.code.filter((block) => block.language === 'hcl').map((block) => block.code).join('\n');
    expect(terraformOf('role-and-trust')).toContain('resource "aws_iam_role" "app_server"');
    expect(terraformOf('role-and-trust')).toContain('ec2.amazonaws.com');
    expect(terraformOf('s3-read-policy')).toContain('resource "aws_iam_role_policy" "read_bucket"');
    expect(terraformOf('s3-read-policy')).toContain('arn:aws:s3:::acme-app-config/*');
    expect(terraformOf('instance-profile')).toContain('resource "aws_iam_instance_profile" "app_server"');
    expect(terraformOf('terraform')).toContain('iam_instance_profile = aws_iam_instance_profile.app_server.name');
  });
});
