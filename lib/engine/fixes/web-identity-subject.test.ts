// The web-identity subject fix: the first, recommended advice is on the caller's side (run the job
// where the trust policy admits it); trusting the observed subject is only the second option and
// says how far it widens the trust. The texts asserted here are the ones a user reads.
import { describe, expect, it } from 'vitest';
import { diagnose } from '@/lib/engine/diagnose';
import type { AssumeRoleRequest, Diagnosis, Fix, Snapshot } from '@/lib/engine/types';
import { applyFix } from './index';
import { webIdentityWorld } from './testing';
import { admittedExample, githubSubjectSource, subjectReach } from './web-identity-subject';

const B = '222222222222';
const A = '111111111111';
const NOW = { 'aws:CurrentTime': '2026-11-22T09:00:00Z' };
const GITHUB = 'token.actions.githubusercontent.com';
const EKS = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789';

function webCall(provider: string, sub: string): AssumeRoleRequest {
  return { action: 'sts:AssumeRoleWithWebIdentity', roleArn: `arn:aws:iam::${B}:role/Deploy`, roleSessionName: 'ci', context: NOW, webIdentity: { claims: { iss: `https://${provider}`, aud: 'sts.amazonaws.com', sub } } };
}

function fixesFor(snapshot: Snapshot, call: AssumeRoleRequest): { diagnosis: Diagnosis; fixes: Fix[] } {
  const diagnosis = diagnose(snapshot, call, { mode: 'full' });
  expect(diagnosis.failedChecks).toEqual(['trust-conditions']);
  return { diagnosis, fixes: diagnosis.fixes.filter((fix) => fix.check === 'trust-conditions') };
}

function allowedAfter(snapshot: Snapshot, call: AssumeRoleRequest, fix: Fix): boolean {
  const applied = applyFix(snapshot, call, fix);
  return diagnose(applied.snapshot, applied.request, { mode: 'full' }).decision === 'allowed';
}

const mainAndProduction = {
  StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' },
  StringLike: { [`${GITHUB}:sub`]: ['repo:acme/api:ref:refs/heads/main', 'repo:acme/api:environment:production'] },
};

describe('R-58: a GitHub subject the trust policy does not admit', () => {
  const snapshot = webIdentityWorld(GITHUB, mainAndProduction);
  const call = webCall(GITHUB, 'repo:acme/api:pull_request');

  it('first recommends running the job where the policy admits it, naming the admitted subjects, with no policy change', () => {
    const { fixes } = fixesFor(snapshot, call);
    const [recommended] = fixes;
    expect(recommended.policyPatch).toBeUndefined();
    expect(recommended.warning).toBeUndefined();
    expect(recommended.title).toBe('Run the job where the trust policy admits it');
    expect(recommended.explanation).toContain("No policy change: the trust policy admits only 'repo:acme/api:ref:refs/heads/main' or 'repo:acme/api:environment:production', not this token's subject 'repo:acme/api:pull_request'");
    expect(recommended.explanation).toContain('That denial is the protection working');
    expect(recommended.explanation).toContain("run it on the branch this subject names (for example on a push to that branch) with no environment (sub 'repo:acme/api:ref:refs/heads/main')");
    expect(recommended.explanation).toContain("run it in the environment this subject names (name that environment in the job's environment: key; sub 'repo:acme/api:environment:production')");
    expect(recommended.requestPatch).toEqual({ webIdentity: { claims: { sub: 'repo:acme/api:ref:refs/heads/main' } } });
    expect(recommended.cli).toMatch(/^# no policy change: run the job so that GitHub issues a token with sub 'repo:acme\/api:ref:refs\/heads\/main'/);
    expect(recommended.terraform).toBeUndefined();
    // A request-side fix, re-applied, makes the call pass (as the corpus requires of every fix).
    expect(allowedAfter(snapshot, call, recommended)).toBe(true);
  });

  it('offers trusting the pull_request subject only second, warning that it admits unreviewed code', () => {
    const { fixes } = fixesFor(snapshot, call);
    expect(fixes).toHaveLength(2);
    const widening = fixes[1];
    expect(widening.policyPatch).toBeDefined();
    expect(widening.warning).toBe(
      "Widens the trust to every pull_request run of the repository (sub 'repo:acme/api:pull_request'). That is any pull request, from any branch, before anyone reviews or merges it: unreviewed code could run with this role. Prefer running the job where the policy already admits it.",
    );
    expect(widening.explanation).toContain("admits every pull_request run of the repository (sub 'repo:acme/api:pull_request')");
    for (const fix of fixes) expect(`${fix.title} ${fix.explanation}`).not.toMatch(/only this workflow context|lets only this workflow context in/);
    expect(allowedAfter(snapshot, call, widening)).toBe(true);
  });

  it('for an environment subject, warns that the environment protection rules become the only gate (not unreviewed code)', () => {
    const { fixes } = fixesFor(snapshot, webCall(GITHUB, 'repo:acme/api:environment:staging'));
    expect(fixes[0].policyPatch).toBeUndefined();
    expect(fixes[1].warning).toContain("Widens the trust to every job that uses the environment this subject names (sub 'repo:acme/api:environment:staging'); that environment's protection rules");
    expect(fixes[1].warning).not.toContain('unreviewed');
  });

  it('works from a pasted token as well: the recommended claim replaces the token\'s own', () => {
    const payload = Buffer.from(JSON.stringify({ iss: `https://${GITHUB}`, aud: 'sts.amazonaws.com', sub: 'repo:acme/api:pull_request' })).toString('base64url');
    const tokenCall: AssumeRoleRequest = { ...call, webIdentity: { token: `eyJhbGciOiJSUzI1NiJ9.${payload}.c2ln` } };
    const { fixes } = fixesFor(snapshot, tokenCall);
    expect(fixes[0].requestPatch).toEqual({ webIdentity: { claims: { sub: 'repo:acme/api:ref:refs/heads/main' } } });
    expect(allowedAfter(snapshot, tokenCall, fixes[0])).toBe(true);
  });

  it('a ref:refs/heads/* policy: the recommended subject matches the pattern, and the advice says the pattern itself admits unreviewed code', () => {
    const anyBranch = webIdentityWorld(GITHUB, { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${GITHUB}:sub`]: 'repo:acme/api:ref:refs/heads/*' } });
    const { fixes } = fixesFor(anyBranch, call);
    expect(fixes[0].requestPatch).toEqual({ webIdentity: { claims: { sub: 'repo:acme/api:ref:refs/heads/main' } } });
    expect(fixes[0].explanation).toContain("run it on any branch with no environment (sub 'repo:acme/api:ref:refs/heads/*')");
    expect(fixes[0].explanation).toContain("Note that the policy's own 'repo:acme/api:ref:refs/heads/*' already admits more than reviewed code");
    expect(allowedAfter(anyBranch, call, fixes[0])).toBe(true);
    expect(fixes[1].warning).toContain('unreviewed code could run with this role');
  });

  it('a subject with a wildcard is never added to a StringLike list', () => {
    const { fixes } = fixesFor(snapshot, webCall(GITHUB, 'repo:acme/*'));
    expect(fixes.some((fix) => fix.policyPatch)).toBe(false);
  });
});

describe('R-58: the subject fix for other web-identity providers', () => {
  it('EKS: recommends the admitted service account; trusting another names exactly that service account', () => {
    const snapshot = webIdentityWorld(EKS, { StringEquals: { [`${EKS}:aud`]: 'sts.amazonaws.com', [`${EKS}:sub`]: 'system:serviceaccount:ci:deployer' } });
    const call = webCall(EKS, 'system:serviceaccount:ci:builder');
    const { fixes } = fixesFor(snapshot, call);
    expect(fixes[0].title).toBe('Present a token subject the trust policy admits');
    expect(fixes[0].explanation).toContain("run the pod as the service account this subject names, in the namespace it names (sub 'system:serviceaccount:ci:deployer')");
    expect(allowedAfter(snapshot, call, fixes[0])).toBe(true);
    expect(fixes[1].warning).toContain("Widens the trust to every pod that runs as the service account this subject names, in the namespace it names (sub 'system:serviceaccount:ci:builder')");
    expect(allowedAfter(snapshot, call, fixes[1])).toBe(true);
    // Not GitHub: the warning does not talk of jobs.
    expect(fixes[1].warning).toContain('Prefer presenting a subject the policy already admits.');
    expect(fixes[1].warning).not.toContain('running the job');
  });

  it('R-38: when the recommended subject fix also adds sts:SetSourceIdentity, it does not say "no policy change"', () => {
    const snapshot = webIdentityWorld(EKS, { StringEquals: { [`${EKS}:aud`]: 'sts.amazonaws.com', [`${EKS}:sub`]: 'system:serviceaccount:ci:deployer', 'sts:SourceIdentity': 'alice' } });
    const { fixes } = fixesFor(snapshot, webCall(EKS, 'system:serviceaccount:ci:builder'));
    const recommended = fixes[0];
    expect(recommended.policyPatch).toBeDefined();
    expect(recommended.cli).toContain('update-assume-role-policy');
    expect(recommended.explanation).not.toContain('No policy change');
    expect(recommended.explanation).toContain('For the subject, change the request, not the policy');
  });

  it('describes how far each kind of subject reaches', () => {
    expect(subjectReach(GITHUB, 'repo:acme/api:ref:refs/heads/*', true)).toMatchObject({ unreviewed: true });
    expect(subjectReach(GITHUB, 'repo:acme/api:*', true).risk).toContain('code nobody has reviewed can run with this role');
    expect(subjectReach(GITHUB, 'repo:acme/api:ref:refs/heads/main', false)).toMatchObject({ unreviewed: false });
    expect(subjectReach('accounts.google.com', '1234567890', false).reach).toBe("the one Google user '1234567890'");
    expect(subjectReach('gitlab.example.com', 'project_path:g/p:ref_type:branch:ref:main', false).reach).toContain("every pipeline for the branch this subject names (sub 'project_path:g/p:ref_type:branch:ref:main')");
  });
});

describe('R-58: the subject fix beside another failing condition', () => {
  // The reviewer's case: the audience fails too (the token's aud is a client the provider lists),
  // so even the recommended fix edits the policy for the audience.
  const twoFailing = (() => {
    const snapshot = webIdentityWorld(GITHUB, { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com', [`${GITHUB}:sub`]: 'repo:acme/api:ref:refs/heads/main' } });
    (snapshot.accounts[0].openIdConnectProviders as unknown as { ClientIDList: string[] }[])[0].ClientIDList.push('other-client');
    const call = webCall(GITHUB, 'repo:acme/api:pull_request');
    call.webIdentity!.claims!.aud = 'other-client';
    return { snapshot, call };
  })();

  it('says "No policy change" only on a fix without a policy patch, and warns on every fix that widens a condition', () => {
    const { snapshot, call } = twoFailing;
    const diagnosis = diagnose(snapshot, call, { mode: 'full' });
    expect(diagnosis.failedChecks).toEqual(['trust-conditions']);
    const fixes = diagnosis.fixes.filter((fix) => fix.check === 'trust-conditions');
    expect(fixes).toHaveLength(2);
    for (const fix of fixes) {
      if (fix.policyPatch) {
        expect(`${fix.explanation} ${fix.cli}`).not.toMatch(/no policy change/i);
        expect(fix.warning).toBeDefined();
      }
      expect(allowedAfter(snapshot, call, fix)).toBe(true);
    }
    const [recommended, widening] = fixes;
    expect(recommended.title).toBe('Change the request and the condition in statement "Ci" (#0)');
    expect(recommended.requestPatch).toEqual({ webIdentity: { claims: { sub: 'repo:acme/api:ref:refs/heads/main' } } });
    expect(recommended.explanation).toContain("For the subject, change the request, not the policy: the trust policy admits only 'repo:acme/api:ref:refs/heads/main', not this token's subject 'repo:acme/api:pull_request'");
    expect(recommended.explanation).toContain('change where the job runs, not the subject condition');
    expect(recommended.warning).toBe(`Widens ${GITHUB}:aud to accept 'other-client' as well; only make this change if 'other-client' is legitimate.`);
    expect(widening.warning).toContain(`Widens ${GITHUB}:aud to accept 'other-client' as well`);
    expect(widening.warning).toContain("Widens the trust to every pull_request run of the repository (sub 'repo:acme/api:pull_request')");
  });
});

describe('R-58: a wildcard GitHub pattern', () => {
  const releases = webIdentityWorld(GITHUB, { StringLike: { [`${GITHUB}:sub`]: 'repo:acme/*:ref:refs/heads/release-*' } });
  const call = webCall(GITHUB, 'repo:acme/api:pull_request');

  it("the example subject keeps the caller's own repository, and the pattern matches it", () => {
    const { fixes } = fixesFor(releases, call);
    expect(fixes[0].requestPatch).toEqual({ webIdentity: { claims: { sub: 'repo:acme/api:ref:refs/heads/release-x' } } });
    expect(fixes[0].cli).toContain("sub 'repo:acme/api:ref:refs/heads/release-x'");
    expect(fixes[0].explanation).toContain("The request below presents 'repo:acme/api:ref:refs/heads/release-x', a subject 'repo:acme/*:ref:refs/heads/release-*' matches.");
    expect(fixes[0].explanation).toContain("run it on a branch this pattern matches with no environment (sub 'repo:acme/*:ref:refs/heads/release-*')");
    expect(allowedAfter(releases, call, fixes[0])).toBe(true);
  });

  it('says the pattern admits pull requests only when it matches the pull_request subject', () => {
    const { fixes } = fixesFor(releases, call);
    expect(fixes[0].explanation).toContain('The pattern matches runs on branches anyone with write access can create, so code nobody has reviewed can run with this role.');
    expect(fixes[0].explanation).not.toContain('pull requests');
    expect(subjectReach(GITHUB, 'repo:acme/*:ref:refs/heads/release-*', true, 'repo:acme/api:pull_request').risk).not.toContain('pull request');
    expect(subjectReach(GITHUB, 'repo:acme/api:*', true).risk).toBe(
      'The pattern matches runs on branches anyone with write access can create, and pull requests, so code nobody has reviewed can run with this role.',
    );
    expect(subjectReach(GITHUB, 'repo:acme/*:pull_request', true).risk).toBe('The pattern matches pull request runs, so code nobody has reviewed can run with this role.');
    expect(subjectReach(GITHUB, 'repo:acme/api:environment:*', true).risk).not.toMatch(/pull request|branches/);
  });

  it('admittedExample: from the caller\'s repository when the pattern admits it, else the pattern filled', () => {
    expect(admittedExample('repo:acme/*:ref:refs/heads/release-*', 'repo:acme/api:pull_request')).toBe('repo:acme/api:ref:refs/heads/release-x');
    expect(admittedExample('repo:other/*:ref:refs/heads/*', 'repo:acme/api:pull_request')).toBe('repo:other/x:ref:refs/heads/main');
    expect(admittedExample('repo:acme/api:ref:refs/heads/main', 'repo:acme/api:pull_request')).toBe('repo:acme/api:ref:refs/heads/main');
    expect(admittedExample('system:serviceaccount:ci:*')).toBe('system:serviceaccount:ci:x');
  });
});

describe('R-58: the caller-side fix only for a subject GitHub can issue to the same repository, in the same template', () => {
  // GitHub writes the repository a workflow runs in into its subject, in the subject template of
  // that repository (or its organization): a job can change its branch, tag, environment or event,
  // never its repository or its template.
  const snapshot = webIdentityWorld(GITHUB, mainAndProduction);
  const CALLER_SIDE = 'Run the job where the trust policy admits it';
  const CUSTOM = 'repo:acme/api:environment:prod:job_workflow_ref:acme/wf/.github/workflows/deploy.yml@refs/heads/main';

  it("R-58: a fork's token gets no caller-side fix; the widening fix says the subject belongs to another repository and warns that it trusts another owner", () => {
    const call = webCall(GITHUB, 'repo:evil-org/fork:ref:refs/heads/main');
    const { fixes } = fixesFor(snapshot, call);
    expect(fixes.map((fix) => fix.title)).not.toContain(CALLER_SIDE);
    expect(fixes.some((fix) => fix.requestPatch)).toBe(false);
    expect(fixes).toHaveLength(1);
    const [widening] = fixes;
    expect(widening.title).toBe("Also trust the subject 'repo:evil-org/fork:ref:refs/heads/main', exactly");
    expect(widening.explanation).toContain('No change to where the job runs can help');
    expect(widening.explanation).toContain("'repo:acme/api:ref:refs/heads/main' and 'repo:acme/api:environment:production' name another repository than that one");
    expect(widening.explanation).toContain("belongs to another repository than the ones the policy trusts, so only the role's owner can decide whether to trust it");
    expect(widening.warning).toContain("Trusts another owner: the subject 'repo:evil-org/fork:ref:refs/heads/main' names a repository whose owner is not that of any subject the policy already trusts");
    // There is no caller-side alternative to prefer.
    expect(widening.warning).not.toContain('Prefer running the job');
    expect(allowedAfter(snapshot, call, widening)).toBe(true);
  });

  it('R-58: another repository of the same owner: no caller-side fix, and the warning names another repository, not another owner', () => {
    const call = webCall(GITHUB, 'repo:acme/web:ref:refs/heads/main');
    const { fixes } = fixesFor(snapshot, call);
    expect(fixes).toHaveLength(1);
    expect(fixes[0].requestPatch).toBeUndefined();
    expect(fixes[0].warning).toContain("Trusts another repository: the subject 'repo:acme/web:ref:refs/heads/main' names a repository no subject the policy already trusts names");
    expect(fixes[0].warning).not.toContain('another owner');
    expect(fixes[0].explanation).toContain('belongs to another repository');
  });

  it('R-58: the same repository on another branch keeps the caller-side fix, and the widening fix names no other repository', () => {
    const call = webCall(GITHUB, 'repo:acme/api:ref:refs/heads/feature');
    const { fixes } = fixesFor(snapshot, call);
    expect(fixes).toHaveLength(2);
    expect(fixes[0].title).toBe(CALLER_SIDE);
    expect(fixes[0].requestPatch).toEqual({ webIdentity: { claims: { sub: 'repo:acme/api:ref:refs/heads/main' } } });
    expect(allowedAfter(snapshot, call, fixes[0])).toBe(true);
    expect(fixes[1].warning).not.toMatch(/another (owner|repository)/);
    expect(fixes[1].warning).toContain('Prefer running the job where the policy already admits it.');
  });

  it('R-58: owner and repository names are one repository whatever their case (as GitHub reads them), but a policy spelling them otherwise gets no caller-side fix', () => {
    // The token carries the repository as GitHub spells it; the condition compares case-sensitively.
    const call = webCall(GITHUB, 'repo:Acme/API:pull_request');
    const { fixes } = fixesFor(snapshot, call);
    expect(fixes).toHaveLength(1);
    expect(fixes[0].requestPatch).toBeUndefined();
    expect(fixes[0].warning).not.toMatch(/another (owner|repository)/);
    expect(fixes[0].explanation).toContain('spell the repository differently from this token');
  });

  it('R-58: a customised subject template gets no default-format subject', () => {
    const call = webCall(GITHUB, CUSTOM);
    const { fixes } = fixesFor(snapshot, call);
    expect(fixes).toHaveLength(1);
    expect(fixes[0].requestPatch).toBeUndefined();
    expect(`${fixes[0].explanation} ${fixes[0].cli}`).not.toContain('with no environment');
    expect(fixes[0].explanation).toContain('follow another subject template');
    expect(fixes[0].explanation).toContain("is in another subject template than the ones the policy admits, so only the role's owner can decide whether to trust it");
    // Same repository: no other-owner warning.
    expect(fixes[0].warning).not.toMatch(/another (owner|repository)/);
    expect(allowedAfter(snapshot, call, fixes[0])).toBe(true);
  });

  it('R-58: a customised template on both sides: another environment of the same template is the caller\'s choice', () => {
    const admitted = CUSTOM;
    const custom = webIdentityWorld(GITHUB, { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com', [`${GITHUB}:sub`]: admitted } });
    const call = webCall(GITHUB, CUSTOM.replace('environment:prod', 'environment:staging'));
    const { fixes } = fixesFor(custom, call);
    expect(fixes[0].title).toBe(CALLER_SIDE);
    expect(fixes[0].requestPatch).toEqual({ webIdentity: { claims: { sub: admitted } } });
    expect(allowedAfter(custom, call, fixes[0])).toBe(true);
  });

  it('R-58: of several admitted subjects, the caller-side fix offers only the ones a run of the same repository can get', () => {
    const mixed = webIdentityWorld(GITHUB, { StringLike: { [`${GITHUB}:sub`]: ['repo:other-org/api:ref:refs/heads/main', 'repo:acme/api:environment:production'] } });
    const call = webCall(GITHUB, 'repo:acme/api:pull_request');
    const { fixes } = fixesFor(mixed, call);
    expect(fixes[0].title).toBe(CALLER_SIDE);
    expect(fixes[0].requestPatch).toEqual({ webIdentity: { claims: { sub: 'repo:acme/api:environment:production' } } });
    expect(fixes[0].explanation).toContain("run it in the environment this subject names (name that environment in the job's environment: key; sub 'repo:acme/api:environment:production')");
    expect(fixes[0].explanation).not.toContain('run it on the branch this subject names');
    expect(allowedAfter(mixed, call, fixes[0])).toBe(true);
    // The repository is one the policy already trusts: no other-owner warning.
    expect(fixes[1].warning).not.toMatch(/another (owner|repository)/);
  });

  it("R-58: a pattern that admits only another owner's repositories gets no caller-side fix", () => {
    const others = webIdentityWorld(GITHUB, { StringLike: { [`${GITHUB}:sub`]: 'repo:other/*:ref:refs/heads/*' } });
    const call = webCall(GITHUB, 'repo:acme/api:pull_request');
    const { fixes } = fixesFor(others, call);
    expect(fixes.some((fix) => fix.requestPatch)).toBe(false);
    expect(fixes[0].warning).toContain('Trusts another owner');
  });

  it('R-58: githubSubjectSource reads the repository and the template of a subject, as GitHub builds it', () => {
    const token = 'repo:acme/api:pull_request';
    expect(githubSubjectSource('repo:acme/api:ref:refs/heads/main', token, false)).toBe('same');
    expect(githubSubjectSource('repo:acme/api:environment:prod', 'repo:acme/api:ref:refs/tags/v1', false)).toBe('same');
    expect(githubSubjectSource('repo:acme/api:ref:refs/heads/main', 'repo:evil-org/fork:ref:refs/heads/main', false)).toBe('other-owner');
    expect(githubSubjectSource('repo:acme/api:ref:refs/heads/main', 'repo:acme/web:ref:refs/heads/main', false)).toBe('other-repository');
    expect(githubSubjectSource('repo:acme/api:ref:refs/heads/main', CUSTOM, false)).toBe('other-template');
    expect(githubSubjectSource(CUSTOM, 'repo:acme/api:ref:refs/heads/main', false)).toBe('other-template');
    expect(githubSubjectSource(CUSTOM, CUSTOM.replace('environment:prod', 'ref:refs/heads/main'), false)).toBe('same');
    expect(githubSubjectSource('repo:acme/api:ref:refs/heads/main', 'repo:Acme/API:pull_request', false)).toBe('other-spelling');
    // Custom templates naming the owner or the ids instead of repo:
    expect(githubSubjectSource('repository_owner:acme:ref:refs/heads/main', 'repository_owner:evil-org:ref:refs/heads/main', false)).toBe('other-owner');
    expect(githubSubjectSource('repository_owner_id:100:repository_id:7:context:x', 'repository_owner_id:100:repository_id:8:context:x', false)).toBe('other-repository');
    // Patterns: the caller's repository when the pattern admits it.
    expect(githubSubjectSource('repo:acme/*:ref:refs/heads/release-*', token, true)).toBe('same');
    expect(githubSubjectSource('repo:other/*:ref:refs/heads/*', token, true)).toBe('other-owner');
    expect(githubSubjectSource('repo:Acme/*:ref:refs/heads/*', token, true)).toBe('other-spelling');
  });
});

describe('R-36: the ExternalId fix is unchanged', () => {
  it('one request-side fix, no warning, no policy option', () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } }] };
    const snapshot: Snapshot = {
      format: 'assumerole-doctor/snapshot@1',
      accounts: [
        {
          accountId: A,
          authorizationDetails: {
            UserDetailList: [{ UserName: 'alice', UserId: 'AIDAALICEXXXXXXXXXXXX', Arn: `arn:aws:iam::${A}:user/alice`, Path: '/', UserPolicyList: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } as never }] }],
            RoleDetailList: [],
            GroupDetailList: [],
            Policies: [],
          },
        },
        { accountId: B, authorizationDetails: { UserDetailList: [], GroupDetailList: [], Policies: [], RoleDetailList: [{ RoleName: 'Deploy', RoleId: 'AROADEPLOYXXXXXXXXXX1', Arn: `arn:aws:iam::${B}:role/Deploy`, Path: '/', AssumeRolePolicyDocument: trust as never }] } },
      ],
    };
    const call: AssumeRoleRequest = { action: 'sts:AssumeRole', caller: `arn:aws:iam::${A}:user/alice`, roleArn: `arn:aws:iam::${B}:role/Deploy`, roleSessionName: 'alice', context: NOW, externalId: 'abd' };
    const { fixes } = fixesFor(snapshot, call);
    expect(fixes).toHaveLength(1);
    expect(fixes[0].title).toBe('Send the agreed external ID');
    expect(fixes[0].requestPatch).toEqual({ externalId: 'abc' });
    expect(fixes[0].policyPatch).toBeUndefined();
    expect(fixes[0].warning).toBeUndefined();
    expect(fixes[0].explanation).toContain("editing the policy to accept 'abd' would defeat that protection");
  });
});
