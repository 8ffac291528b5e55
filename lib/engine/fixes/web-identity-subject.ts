// What a web-identity `sub` stands for, in words: which runs or identities a trust policy admits
// when it lists that subject. The subject fix reads it twice: to name the contexts the policy
// already admits (the recommended, request-side advice) and to say how far a policy change would
// widen the trust (its warning).
//
// Text is built from the whole subject, quoted as it is: a frozen link pseudonymises whole subjects
// (lib/redact.ts), so no part of one (an owner, a repository, a branch, an environment, a namespace,
// a service account) is ever written on its own: the texts say "the branch this subject names" and
// quote the subject. An example subject made up for a pattern (admittedExample) is whole too, and
// the fix carries it in its requestPatch, where the redactor collects it before rewriting any text.
//
// Sources, per provider:
// - GitHub Actions (token.actions.githubusercontent.com, GHES <host>/_services/token). GitHub's
//   OIDC reference (https://docs.github.com/en/actions/reference/security/oidc) says of `sub`:
//   "Defines the subject claim that is to be validated by the cloud provider. This setting is
//   essential for making sure that access tokens are only allocated in a predictable way." The
//   formats (rulebook R-58, quoting GitHub): "repo:<org/repo>:environment:<env>" when the job
//   references an environment; "repo:<org/repo>:pull_request" when the workflow is triggered by a
//   pull request event and the job references no environment; otherwise
//   "repo:<org/repo>:ref:refs/heads/<branch>" (tags: "ref:refs/tags/<tag>"). A pull_request
//   subject is therefore every pull-request run of the repository, whatever branch it comes from:
//   code nobody has reviewed or merged yet. GitHub writes the repository the workflow runs in, and
//   builds the whole subject from the subject template of that repository or its organization
//   (the default one is "repo" then "context", the context being one of the three forms above; a
//   customised one lists other claims, e.g. "repo:<org/repo>:environment:<env>:job_workflow_ref:…",
//   https://docs.github.com/en/actions/reference/security/oidc, "Customizing the subject claims").
//   A job chooses its branch, tag, event and environment, never its repository or its template
//   (githubSubjectSource). GitHub's owner and repository names are not case sensitive (its REST
//   reference: "The name is not case sensitive."), but the token spells them one way, and the
//   trust policy's StringEquals / StringLike compare case-sensitively (R-31, R-34).
// - AWS, via GitHub's guide (https://docs.github.com/en/actions/how-tos/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services):
//   "AWS Identity and Access Management (IAM) recommends that users evaluate the IAM condition key,
//   token.actions.githubusercontent.com:sub, in the trust policy of any role that trusts GitHub's
//   OIDC identity provider (IdP). Evaluating this condition key in the role trust policy limits
//   which GitHub actions are able to assume the role." The same guide's example pins one branch
//   ("repo:octo-org/octo-repo:ref:refs/heads/octo-branch") with StringEquals, shows StringLike with
//   `*` as the way "to allow any branch, pull request merge branch, or environment"
//   (https://github.com/github/docs/pull/28291), and, for environments, recommends "that you add
//   protection rules to the environment for additional security".
// - Amazon EKS (oidc.eks.<region>.amazonaws.com/id/<id>): `sub` is
//   "system:serviceaccount:<namespace>:<service account>", one service account.
// - GitLab (gitlab.com or a self-managed host): `sub` is
//   "project_path:<group>/<project>:ref_type:<branch|tag>:ref:<name>", one branch or tag.
// - accounts.google.com, graph.facebook.com, www.amazon.com, cognito-identity.amazonaws.com: `sub`
//   is one user (for Amazon Cognito, one identity of an identity pool). Anyone can get a token from
//   these providers, so a subject the policy does not list is most likely someone else's.
// - Any other provider: the subject is described as the provider's, without a guess at its form.

import { BoundedMap } from '../memo';
import { cachedGlob, matchGlob } from '../policy/wildcard';
import { isGitHubActionsIssuer } from '../context';

export interface SubjectReach {
  /** Which runs or identities the subject admits, as a noun phrase: "every pull_request run of the repository (sub '…')". */
  reach: string;
  /** The subject admits code or callers nobody has reviewed: pull requests, wildcards. */
  unreviewed: boolean;
  /** Why, when `unreviewed`: one plain sentence. */
  risk?: string;
}

export type SubjectProvider = 'github' | 'gitlab' | 'eks' | 'user' | 'other';

const USER_PROVIDERS: Record<string, string> = {
  'accounts.google.com': 'Google user',
  'graph.facebook.com': 'Facebook user',
  'www.amazon.com': 'Login with Amazon user',
  'cognito-identity.amazonaws.com': 'Amazon Cognito identity',
};

/** The provider behind a `<provider>:sub` condition key (the key's prefix is the provider as IAM names it). */
export function subjectProvider(provider: string, subject: string): SubjectProvider {
  const host = provider.toLowerCase();
  if (isGitHubActionsIssuer(host) || /^repo:[^:]+:/.test(subject)) return 'github';
  if (/^oidc\.eks\.[^/]+\.amazonaws\.com(\.cn)?\/id\//.test(host) || subject.startsWith('system:serviceaccount:')) return 'eks';
  if (subject.startsWith('project_path:')) return 'gitlab';
  if (USER_PROVIDERS[host]) return 'user';
  return 'other';
}

function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

// Admitted subjects and token subjects recur across calls (a trust policy's values, a
// repository's runs): their comparisons are kept, bounded (rule 7: compile once, evaluate many).
const sources = new BoundedMap<string, GitHubSubjectSource>(5_000);

/** StringLike: `*` and `?` match, case-sensitively (R-31). */
function likeMatches(pattern: string, subject: string): boolean {
  return matchGlob(cachedGlob(pattern, false), subject);
}

/** The `<org/repo>` of a GitHub subject `repo:<org/repo>:…`, or undefined. */
function githubRepository(subject: string | undefined): string | undefined {
  return subject === undefined ? undefined : /^repo:([^:*?]+):/.exec(subject)?.[1];
}

/** A pattern's wildcards filled with literal text: `refs/heads/*` at the end becomes the branch most policies mean, main. */
function fillWildcards(pattern: string): string {
  return pattern.replace(/refs\/heads\/\*$/, 'refs/heads/main').replace(/\*/g, 'x').replace(/\?/g, 'x');
}

/**
 * Repositories to try a GitHub pattern against: the caller's own (from its subject), then the
 * pattern's own repository part with its wildcards filled.
 */
function candidateRepositories(pattern: string, caller: string | undefined): string[] {
  const own = /^repo:([^:]*)/.exec(pattern)?.[1];
  return [githubRepository(caller), own === undefined ? undefined : fillWildcards(own)].filter((repo): repo is string => Boolean(repo));
}

/**
 * Why a GitHub pattern admits code nobody reviewed, tested against the subject forms it could
 * match (with the engine's StringLike matcher): a pull_request run's subject is
 * `repo:<org/repo>:pull_request`, a branch run's `repo:<org/repo>:ref:refs/heads/<branch>`.
 */
function githubPatternRisk(pattern: string, caller: string | undefined): string {
  const repositories = candidateRepositories(pattern, caller);
  const pullRequests = repositories.some((repo) => likeMatches(pattern, `repo:${repo}:pull_request`));
  const branchPart = /:ref:refs\/heads\/(.*)$/.exec(pattern)?.[1];
  const newBranch = fillWildcards(branchPart && /[*?]/.test(branchPart) ? branchPart : 'x');
  const branches = repositories.some((repo) => likeMatches(pattern, `repo:${repo}:ref:refs/heads/${newBranch}`));
  if (branches && pullRequests) return 'The pattern matches runs on branches anyone with write access can create, and pull requests, so code nobody has reviewed can run with this role.';
  if (branches) return 'The pattern matches runs on branches anyone with write access can create, so code nobody has reviewed can run with this role.';
  if (pullRequests) return 'The pattern matches pull request runs, so code nobody has reviewed can run with this role.';
  return 'The pattern matches subjects nobody has listed one by one, including ones created later (a new environment or tag), so what it admits needs review.';
}

/** The part of a GitHub subject after `repo:<owner>/<repo>:` (or after the numeric-id form's repository part). */
function githubContext(subject: string): string {
  const known = /:(pull_request|ref:.*|environment:.*|job_workflow_ref:.*)$/.exec(subject);
  return known ? known[1] : subject.replace(/^repo:[^:]*:?/, '');
}

/**
 * How far a trust policy reaches when it lists `subject` for `provider`. `asPattern`: the subject is
 * read as a StringLike pattern (`*` and `?` match), as the policy's own values are; a subject the fix
 * would add with StringEquals is literal.
 */
export function subjectReach(provider: string, subject: string, asPattern: boolean, caller?: string): SubjectReach {
  const quoted = `'${subject}'`;
  const wild = asPattern && hasWildcard(subject);
  switch (subjectProvider(provider, subject)) {
    case 'github': {
      const context = githubContext(subject);
      if (wild) {
        return {
          reach: `every GitHub Actions run whose subject matches ${quoted}`,
          unreviewed: true,
          risk: githubPatternRisk(subject, caller),
        };
      }
      if (context === 'pull_request') {
        return {
          reach: `every pull_request run of the repository (sub ${quoted})`,
          unreviewed: true,
          risk: 'That is any pull request, from any branch, before anyone reviews or merges it: unreviewed code could run with this role.',
        };
      }
      if (/^ref:refs\/heads\/.+$/.test(context)) {
        return { reach: `every run on the branch this subject names (sub ${quoted}) that names no environment; anyone who can push to that branch can then use the role, unless it is protected`, unreviewed: false };
      }
      if (/^ref:refs\/tags\/.+$/.test(context)) return { reach: `every run for the tag this subject names (sub ${quoted}); anyone who can push that tag can then use the role, unless tags are protected`, unreviewed: false };
      if (/^environment:.+$/.test(context)) {
        return {
          reach: `every job that uses the environment this subject names (sub ${quoted}); that environment's protection rules (required reviewers, deployment branches) are then the only gate`,
          unreviewed: false,
        };
      }
      return { reach: `every GitHub Actions run with the subject ${quoted}`, unreviewed: false };
    }
    case 'eks': {
      const account = /^system:serviceaccount:[^:]+:.+$/.test(subject);
      if (wild) return { reach: `every Kubernetes service account matching ${quoted}`, unreviewed: true, risk: 'The pattern admits service accounts that may not exist yet: whoever can create one in a matching namespace gets the role.' };
      return account
        ? { reach: `every pod that runs as the service account this subject names, in the namespace it names (sub ${quoted})`, unreviewed: false }
        : { reach: `tokens of the cluster with the subject ${quoted}`, unreviewed: false };
    }
    case 'gitlab': {
      if (wild) return { reach: `every GitLab pipeline whose subject matches ${quoted}`, unreviewed: true, risk: 'The pattern matches pipelines of branches anyone with developer access can create, so code nobody has reviewed can run with this role.' };
      const ref = /:ref_type:(branch|tag):ref:(.+)$/.exec(subject);
      return ref
        ? { reach: `every pipeline for the ${ref[1]} this subject names (sub ${quoted}); anyone who can push to it can then use the role, unless it is protected`, unreviewed: false }
        : { reach: `every GitLab pipeline with the subject ${quoted}`, unreviewed: false };
    }
    case 'user': {
      const kind = USER_PROVIDERS[provider.toLowerCase()];
      if (wild) return { reach: `every ${kind} whose id matches ${quoted}`, unreviewed: true, risk: `Anyone can get a token from this provider: a pattern admits people you have never met.` };
      return { reach: `the one ${kind} ${quoted}`, unreviewed: false };
    }
    default:
      if (wild) return { reach: `every token of ${provider} whose subject matches ${quoted}`, unreviewed: true, risk: 'A pattern admits subjects nobody has listed or reviewed.' };
      return { reach: `tokens of ${provider} with the subject ${quoted}`, unreviewed: false };
  }
}

/**
 * A subject that the policy's value (a StringLike pattern or a literal) admits: the pattern itself
 * when literal. For a GitHub pattern, built from the caller's own repository where the pattern
 * admits it (`repo:acme/*:ref:refs/heads/release-*` for a caller of `repo:acme/api` gives
 * `repo:acme/api:ref:refs/heads/release-x`), so the example reads as the caller's next run; else
 * the pattern with its wildcards filled. Always a whole subject the pattern matches.
 */
export function admittedExample(pattern: string, caller?: string): string {
  if (!hasWildcard(pattern)) return pattern;
  const repository = githubRepository(caller);
  const rest = /^repo:[^:]*(:.*)?$/.exec(pattern);
  if (repository && rest) {
    const own = `repo:${repository}${fillWildcards(rest[1] ?? ':x')}`;
    if (likeMatches(pattern, own)) return own;
  }
  // refs/heads/* → refs/heads/main: the branch most policies mean; any fill matches the pattern.
  return fillWildcards(pattern);
}

// Claim names a GitHub subject template may list (the token's claims, with "repo" and "context",
// whose value is one of "ref:…", "environment:…", "pull_request"), as GitHub's OIDC reference lists them.
const GITHUB_TEMPLATE_KEYS = new Set([
  'repo', 'context', 'actor', 'actor_id', 'base_ref', 'enterprise', 'enterprise_id', 'environment', 'environment_node_id', 'event_name', 'head_ref',
  'job_workflow_ref', 'job_workflow_sha', 'ref', 'ref_protected', 'ref_type', 'repository', 'repository_id', 'repository_owner', 'repository_owner_id',
  'repository_visibility', 'run_attempt', 'run_id', 'run_number', 'runner_environment', 'sha', 'workflow', 'workflow_ref', 'workflow_sha',
]);
/** The three forms of the default template's context: one claim of the template, whichever the job gets. */
const GITHUB_CONTEXT_KEYS = new Set(['ref', 'environment', 'pull_request']);

interface GitHubSubjectParts {
  /** The template: the claim names in order, the context's forms read as "context". */
  template: string[];
  /** The first value of each claim name (the context's under "ref" / "environment"). */
  claims: Record<string, string>;
}

/**
 * A GitHub subject read as GitHub builds it: `<claim>:<value>` pairs in the template's order, the
 * context's pull_request form without a value. A part that is no claim name continues the value
 * before it (a value holding a ':').
 */
function githubSubjectParts(subject: string): GitHubSubjectParts {
  const tokens = subject.split(':');
  const template: string[] = [];
  const claims: Record<string, string> = {};
  let last: string | undefined;
  for (let index = 0; index < tokens.length; ) {
    const token = tokens[index];
    if (token === 'pull_request') {
      template.push('context');
      last = undefined;
      index += 1;
    } else if (GITHUB_TEMPLATE_KEYS.has(token) || last === undefined) {
      template.push(GITHUB_CONTEXT_KEYS.has(token) ? 'context' : token);
      claims[token] ??= tokens[index + 1] ?? '';
      last = token;
      index += 2;
    } else {
      claims[last] += `:${token}`;
      index += 1;
    }
  }
  return { template, claims };
}

/** The owner and repository a subject names, by name and by id, where its template has them. */
function githubIdentity({ claims }: GitHubSubjectParts): { owner?: string; repository?: string; ownerId?: string; repositoryId?: string } {
  const repository = claims.repo ?? claims.repository;
  const owner = claims.repository_owner ?? (repository?.includes('/') ? repository.slice(0, repository.indexOf('/')) : undefined);
  return { owner, repository, ownerId: claims.repository_owner_id, repositoryId: claims.repository_id };
}

/** A name of the admitted subject (a StringLike pattern when `asPattern`) against the token's: the same, the same but for letter case, or another. */
function compareName(admitted: string | undefined, token: string | undefined, asPattern: boolean): 'same' | 'case' | 'other' | undefined {
  if (admitted === undefined || token === undefined) return undefined;
  if (asPattern ? likeMatches(admitted, token) : admitted === token) return 'same';
  if (asPattern ? matchGlob(cachedGlob(admitted, true), token) : admitted.toLowerCase() === token.toLowerCase()) return 'case';
  return 'other';
}

export type GitHubSubjectSource = 'same' | 'other-owner' | 'other-repository' | 'other-template' | 'other-spelling';

/**
 * Can a run of the repository that issued the token's subject `token` get `admitted` (a subject
 * the trust policy lists; a StringLike pattern when `asPattern`) as its own? GitHub writes the
 * repository the workflow runs in and builds the subject from that repository's template (R-58):
 * only another branch, tag, event or environment is the job's choice. 'same': it can;
 * 'other-owner' / 'other-repository': `admitted` names another owner, or another repository of the
 * same owner (names compared without regard to case, as GitHub reads them; ids exactly);
 * 'other-template': the same repository, but another subject template (the claim names in
 * another order, or other ones); 'other-spelling': the same repository spelled with other letter
 * case, which GitHub never writes and the condition does not match (R-34).
 */
export function githubSubjectSource(admitted: string, token: string, asPattern: boolean): GitHubSubjectSource {
  const key = `${asPattern ? 'p' : 'e'}${admitted}\u0000${token}`;
  let source = sources.get(key);
  if (source === undefined) sources.set(key, (source = compareSubjects(admitted, token, asPattern)));
  return source;
}

function compareSubjects(admitted: string, token: string, asPattern: boolean): GitHubSubjectSource {
  const own = githubSubjectParts(token);
  const theirs = githubSubjectParts(admitted);
  const ownIdentity = githubIdentity(own);
  const theirIdentity = githubIdentity(theirs);
  const owner = compareName(theirIdentity.owner, ownIdentity.owner, asPattern);
  const ownerId = compareName(theirIdentity.ownerId, ownIdentity.ownerId, asPattern);
  if (owner === 'other' || ownerId === 'other' || ownerId === 'case') return 'other-owner';
  const repository = compareName(theirIdentity.repository, ownIdentity.repository, asPattern);
  const repositoryId = compareName(theirIdentity.repositoryId, ownIdentity.repositoryId, asPattern);
  if (repository === 'other' || repositoryId === 'other' || repositoryId === 'case') return 'other-repository';
  // The template of a whole subject the pattern admits, from the caller's own repository where it can.
  const example = githubSubjectParts(asPattern ? admittedExample(admitted, token) : admitted);
  if (example.template.join(':') !== own.template.join(':')) return 'other-template';
  if (owner === 'case' || repository === 'case') return 'other-spelling';
  return 'same';
}

/** What a job or caller does to present `pattern` as its subject, in words (the recommended, request-side advice). */
export function admittedContext(provider: string, pattern: string): string {
  const quoted = `'${pattern}'`;
  switch (subjectProvider(provider, pattern)) {
    case 'github': {
      const context = githubContext(pattern);
      const branch = /^ref:refs\/heads\/(.+)$/.exec(context);
      if (branch) {
        if (!hasWildcard(branch[1])) return `run it on the branch this subject names (for example on a push to that branch) with no environment (sub ${quoted})`;
        return `run it on ${branch[1] === '*' ? 'any branch' : 'a branch this pattern matches'} with no environment (sub ${quoted})`;
      }
      if (/^ref:refs\/tags\/.+$/.test(context)) return `run it for ${hasWildcard(context) ? 'a tag this pattern matches' : 'the tag this subject names'} with no environment (sub ${quoted})`;
      if (/^environment:.+$/.test(context)) {
        return hasWildcard(context)
          ? `run it in an environment this pattern matches (name it in the job's environment: key; sub ${quoted})`
          : `run it in the environment this subject names (name that environment in the job's environment: key; sub ${quoted})`;
      }
      if (context === 'pull_request') return `run it on a pull request (sub ${quoted})`;
      return `run it where GitHub issues the subject ${quoted}`;
    }
    case 'eks': {
      const account = /^system:serviceaccount:[^:]+:.+$/.test(pattern);
      return account ? `run the pod as the service account this subject names, in the namespace it names (sub ${quoted})` : `use a token with the subject ${quoted}`;
    }
    case 'gitlab': {
      const ref = /:ref_type:(branch|tag):ref:(.+)$/.exec(pattern);
      return ref ? `run the pipeline for the ${ref[1]} this subject names (sub ${quoted})` : `use a token with the subject ${quoted}`;
    }
    case 'user':
      return `sign in as ${quoted}`;
    default:
      return `use a token with the subject ${quoted}`;
  }
}
