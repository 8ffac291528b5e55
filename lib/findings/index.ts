// Best-practice findings on one role: what a reviewer should look at in its trust policy and
// settings even when today's call succeeds. Pure: a role, its account id, and nothing else.
//
// Each finding names the statement it is about, so the role page can point at it.

import type { PolicyDocumentInput, RoleDetail, SnapshotAccount } from '../engine/types';

export type FindingSeverity = 'high' | 'medium' | 'low';

export type FindingId =
  | 'wildcard-principal-without-conditions'
  | 'cross-account-without-external-id'
  | 'human-role-without-mfa'
  | 'github-oidc-without-sub'
  | 'github-oidc-wildcard-in-string-equals'
  | 'unique-id-principal'
  | 'long-session'
  | 'unreadable-trust-policy';

export interface Finding {
  id: FindingId;
  severity: FindingSeverity;
  title: string;
  detail: string;
  /** Statement index and Sid in the trust policy, when the finding is about one statement. */
  statement?: { index: number; sid?: string };
  rules: string[];
}

export interface TrustStatement {
  index: number;
  sid?: string;
  effect: string;
  principals: { type: string; value: string }[];
  actions: string[];
  conditions: { operator: string; key: string; values: string[] }[];
  raw: Record<string, unknown>;
}

const GITHUB_ISSUER = 'token.actions.githubusercontent.com';
/** Sessions longer than this are worth a second look (R-49 allows up to 12 h). */
export const LONG_SESSION_SECONDS = 4 * 3600;
const HUMAN_ROLE_NAME = /admin|break.?glass|engineer|developer|human|operator|oncall|on-call|support|poweruser|sso/i;

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A trust policy as the IAM API or the CLI hands it over: object, JSON text or URL-encoded JSON. */
export function readPolicyDocument(input: PolicyDocumentInput | undefined): Record<string, unknown> | undefined {
  if (input === undefined) return undefined;
  if (isRecord(input)) return input;
  let text = input.trim();
  if (text.startsWith('%')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return undefined;
    }
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function trustStatements(document: Record<string, unknown>): TrustStatement[] {
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : isRecord(raw) ? [raw] : [];
  return list.filter(isRecord).map((statement, index) => {
    const principals: TrustStatement['principals'] = [];
    const principal = statement.Principal;
    if (principal === '*') principals.push({ type: 'AWS', value: '*' });
    else if (isRecord(principal)) {
      for (const [type, values] of Object.entries(principal)) for (const value of asList(values)) principals.push({ type, value });
    }
    const conditions: TrustStatement['conditions'] = [];
    if (isRecord(statement.Condition)) {
      for (const [operator, block] of Object.entries(statement.Condition)) {
        if (!isRecord(block)) continue;
        for (const [key, values] of Object.entries(block)) conditions.push({ operator, key, values: asList(values) });
      }
    }
    return {
      index,
      sid: typeof statement.Sid === 'string' ? statement.Sid : undefined,
      effect: typeof statement.Effect === 'string' ? statement.Effect : '',
      principals,
      actions: asList(statement.Action),
      conditions,
      raw: statement,
    };
  });
}

function accountOfPrincipal(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  return /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];
}

function hasKey(statement: TrustStatement, test: (key: string) => boolean): boolean {
  return statement.conditions.some((condition) => test(condition.key.toLowerCase()));
}

function where(statement: TrustStatement): string {
  return statement.sid ? `statement ${statement.index} (${statement.sid})` : `statement ${statement.index}`;
}

export interface FindingOptions {
  /**
   * Accounts of the role's own organization. Trust between them is not third-party access, so it
   * needs no ExternalId; when unknown, every other account counts as a third party.
   */
  organizationAccounts?: ReadonlySet<string>;
}

export function roleFindings(role: RoleDetail, roleAccountId: string, options: FindingOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const maxSession = role.MaxSessionDuration ?? 3600;
  const document = readPolicyDocument(role.AssumeRolePolicyDocument);
  if (!document) {
    findings.push({
      id: 'unreadable-trust-policy',
      severity: 'medium',
      title: 'Trust policy could not be read',
      detail: 'The snapshot has no trust policy for this role, or it is not valid JSON.',
      rules: ['R-13'],
    });
  }
  const statements = document ? trustStatements(document).filter((statement) => statement.effect === 'Allow') : [];

  for (const statement of statements) {
    const position = { index: statement.index, sid: statement.sid };
    const awsPrincipals = statement.principals.filter((principal) => principal.type === 'AWS');

    if (awsPrincipals.some((principal) => principal.value === '*') && statement.conditions.length === 0) {
      findings.push({
        id: 'wildcard-principal-without-conditions',
        severity: 'high',
        title: 'Anyone can assume this role',
        detail: `${where(statement)} allows Principal "*" with no condition: principals of every AWS account can assume it. Other accounts' principals need an identity allow (and their SCPs must allow); principals in this account need nothing else. That is, no identity allow: SCPs and explicit denies still apply to every caller.`,
        statement: position,
        rules: ['R-20'],
      });
    }

    // Accounts of the role's own organization are not third parties; others are, and the text says
    // "outside the organization" only when the role's account is in one.
    const roleInOrganization = options.organizationAccounts?.has(roleAccountId) ?? false;
    const foreign = awsPrincipals
      .map((principal) => accountOfPrincipal(principal.value))
      .filter((account): account is string => Boolean(account) && account !== roleAccountId)
      .filter((account) => !(roleInOrganization && options.organizationAccounts!.has(account)));
    if (foreign.length > 0 && !hasKey(statement, (key) => key === 'sts:externalid')) {
      findings.push({
        id: 'cross-account-without-external-id',
        severity: 'medium',
        title: 'Third-party trust without an ExternalId',
        detail: `${where(statement)} trusts account ${[...new Set(foreign)].join(', ')}${roleInOrganization ? ', outside the organization,' : ''} without an sts:ExternalId condition; a third party acting for several customers can be tricked into using this role (confused deputy).`,
        statement: position,
        rules: ['R-36'],
      });
    }

    const trustsUsers = awsPrincipals.some((principal) => /:user\//.test(principal.value));
    const trustsAccounts = awsPrincipals.some((principal) => /:root$/.test(principal.value) || /^\d{12}$/.test(principal.value));
    const looksHuman = trustsUsers || (trustsAccounts && HUMAN_ROLE_NAME.test(role.RoleName));
    if (looksHuman && !hasKey(statement, (key) => key.startsWith('aws:multifactorauth'))) {
      findings.push({
        id: 'human-role-without-mfa',
        severity: 'medium',
        title: 'People can assume this role without MFA',
        detail: `${where(statement)} lets ${trustsUsers ? 'IAM users' : 'principals of an account'} in without an aws:MultiFactorAuthPresent or aws:MultiFactorAuthAge condition.`,
        statement: position,
        rules: ['R-40'],
      });
    }

    const github = statement.principals.some(
      (principal) => principal.type === 'Federated' && principal.value.toLowerCase().endsWith(`oidc-provider/${GITHUB_ISSUER}`),
    );
    if (github) {
      const subKey = `${GITHUB_ISSUER}:sub`;
      const subConditions = statement.conditions.filter((condition) => condition.key.toLowerCase() === subKey);
      if (subConditions.length === 0) {
        findings.push({
          id: 'github-oidc-without-sub',
          severity: 'high',
          title: 'Any GitHub repository can assume this role',
          detail: `${where(statement)} trusts GitHub Actions' OIDC provider without a condition on ${subKey}: a workflow in any repository, of any owner, gets in.`,
          statement: position,
          rules: ['R-57', 'R-58'],
        });
      }
      for (const condition of statement.conditions) {
        if (!condition.key.toLowerCase().startsWith(`${GITHUB_ISSUER}:`)) continue;
        if (!/^StringEquals(IgnoreCase)?(IfExists)?$/.test(condition.operator.replace(/^ForAnyValue:|^ForAllValues:/, ''))) continue;
        const wildcards = condition.values.filter((value) => /[*?]/.test(value));
        if (wildcards.length > 0) {
          findings.push({
            id: 'github-oidc-wildcard-in-string-equals',
            severity: 'high',
            title: 'Wildcard in StringEquals never matches',
            detail: `${where(statement)} compares ${condition.key} with ${condition.operator} against ${wildcards.map((value) => `'${value}'`).join(', ')}: StringEquals takes '*' literally, so no workflow matches. Use StringLike.`,
            statement: position,
            rules: ['R-31', 'R-58'],
          });
        }
      }
    }

    for (const principal of awsPrincipals) {
      if (/^A(ROA|IDA)[A-Z0-9]{8,}$/.test(principal.value)) {
        findings.push({
          id: 'unique-id-principal',
          severity: 'high',
          title: 'Trust names a deleted principal',
          detail: `${where(statement)} names ${principal.value}, a unique id rather than an ARN: IAM shows this when the user or role it named was deleted. Recreating it with the same name does not restore the trust.`,
          statement: position,
          rules: ['R-22'],
        });
      }
    }
  }

  if (maxSession > LONG_SESSION_SECONDS) {
    findings.push({
      id: 'long-session',
      severity: 'low',
      title: 'Long sessions allowed',
      detail: `MaxSessionDuration is ${formatDuration(maxSession)}: leaked credentials from this role stay valid that long.`,
      rules: ['R-49'],
    });
  }

  return findings;
}

/**
 * A role's MaxSessionDuration in seconds: as read, IAM's default of 3600 when the field is missing,
 * or undefined when its account says the value was not read (ListRoles refused, or imported IAM
 * files, which never carry it) — then it may be anything up to 12 hours (R-49).
 */
export function maxSessionOf(role: RoleDetail, account: Pick<SnapshotAccount, 'unavailable'> | undefined): number | undefined {
  if (role.MaxSessionDuration !== undefined) return role.MaxSessionDuration;
  return (account?.unavailable ?? []).some((part) => part.part === 'maxSessionDuration') ? undefined : 3600;
}

/** "1 hour", "4 hours", "1 hour 30 minutes", "45 minutes": never "4 hour(s)" (the role pages and Learn alike). */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const parts = [hours ? plural(hours, 'hour') : '', minutes ? plural(minutes, 'minute') : '', rest && !hours ? plural(rest, 'second') : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : '0 seconds';
}

/** Account ids in an organization tree (for FindingOptions.organizationAccounts). */
export function organizationAccountIds(root: { accountId?: string; children?: unknown[] } | undefined): Set<string> {
  const ids = new Set<string>();
  const stack: unknown[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop() as { accountId?: string; children?: unknown[] };
    if (node.accountId) ids.add(node.accountId);
    for (const child of node.children ?? []) stack.push(child);
  }
  return ids;
}
