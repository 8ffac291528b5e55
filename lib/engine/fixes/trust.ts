// Fixes in the role's trust policy: the caller is not named (trust-principal), a statement names
// the caller but its conditions fail (trust-conditions), and the trust side of sts:TagSession /
// sts:SetSourceIdentity. The smallest edit wins: extend an existing statement before adding one,
// never widen a principal to "*", and touch only the condition that failed.

import { SET_SOURCE_IDENTITY, TAG_SESSION, statementLabel as engineStatementLabel } from '../checks/run';
import { isGitHubActionsIssuer, providerPath, SAML_ATTRIBUTE, SOURCE_IDENTITY_CLAIM, WELL_KNOWN_WEB_IDENTITY_PROVIDERS } from '../context';
import { normaliseIssuer } from '../snapshot';
import { matchAction } from '../policy/action';
import type { ConditionEvidence, Fix, OidcProvider, StatementEvidence } from '../types';
import { policyFix, requestFix, rolePartition, sidFor, trustLocator, trustTarget, uniqueSid, type FixContext } from './context';
import { addToField, asList, editableCopy, editableStatement, statementCopy, type PolicyDocument, type PolicyStatement } from './policy-document';
import { lastSegment, splitArn, webIdentityClaims } from './lookup';
import { commentText } from './render';
import { admittedContext, admittedExample, githubSubjectSource, subjectProvider, subjectReach, type GitHubSubjectSource } from './web-identity-subject';


export function actionCovers(field: unknown, action: string): boolean {
  // The policy language's own action matcher (names compare without regard to case).
  return asList(field).some((pattern) => matchAction(pattern, action));
}

/** Does the statement allow `action`: its Action lists it, or it is written with a NotAction that does not exclude it. */
function statementCovers(statement: PolicyStatement, action: string): boolean {
  if (statement.NotAction !== undefined) return !actionCovers(statement.NotAction, action);
  return actionCovers(statement.Action, action);
}

/**
 * Makes `statement`, one of `document`'s (an editableCopy's) statements, allow `actions` as well.
 * A statement with an Action gets them added to it (the caller passes a private copy). One written
 * with NotAction never gets an Action beside it: IAM rejects a statement holding both, and the
 * engine skips it, so the fix would refuse more than before. Such a statement stays as it is, and a
 * statement with its conditions, naming exactly the caller (or its own principal when the caller
 * has no principal to name) and allowing only the missing actions, is inserted after it.
 * Returns the statement added, if any.
 */
function allowActions(context: FixContext, document: PolicyDocument, statement: PolicyStatement, actions: string[]): PolicyStatement | undefined {
  const missing = actions.filter((action) => !statementCovers(statement, action));
  if (missing.length === 0) return undefined;
  if (statement.NotAction === undefined) {
    for (const action of missing) statement.Action = addToField(statement.Action, action);
    return undefined;
  }
  // The copy's members in the order people write them: Sid, Effect, Principal, Action, the rest.
  const { Sid: sid, Effect: effect, Principal: ownPrincipal, NotPrincipal: notPrincipal, NotAction: _excluded, Action: _none, ...rest } = statementCopy(statement);
  const principal = principalForCaller(context);
  const added: PolicyStatement = {
    Sid: uniqueSid(document, sidFor(sid ?? 'Trust', missing.map((action) => action.slice(action.indexOf(':') + 1)).join(''))),
    Effect: effect,
    ...(principal ? { Principal: { [principal.key]: principal.value } } : ownPrincipal !== undefined ? { Principal: ownPrincipal } : notPrincipal !== undefined ? { NotPrincipal: notPrincipal } : {}),
    Action: missing.length === 1 ? missing[0] : missing,
    ...rest,
  };
  const index = document.Statement.indexOf(statement);
  document.Statement.splice(index < 0 ? document.Statement.length : index + 1, 0, added);
  return added;
}

/**
 * The issuer as IAM names it in the provider's ARN and the condition keys: the role account's
 * provider's URL without the scheme (a trailing slash kept), or the token's iss the same way.
 */
export function issuerHost(context: FixContext): string | undefined {
  const iss = webIdentityClaims(context.request).iss;
  if (typeof iss !== 'string' || !iss) return undefined;
  return providerPath(iss, oidcProviderOf(context, iss));
}

/** The role account's OIDC provider for an issuer, found with or without a trailing slash. */
export function oidcProviderOf(context: FixContext, issuer: string): OidcProvider | undefined {
  const host = normaliseIssuer(issuer);
  return context.roleAccount?.openIdConnectProviders?.find((provider) => normaliseIssuer(provider.Url) === host);
}

export function webIdentityPrincipal(context: FixContext): string | undefined {
  const host = issuerHost(context);
  if (!host) return undefined;
  if (WELL_KNOWN_WEB_IDENTITY_PROVIDERS.has(host)) return host;
  return `arn:${rolePartition(context)}:iam::${context.roleAccountId}:oidc-provider/${host}`;
}

/** What to write in Principal for this caller: the exact user or role ARN, a service, a provider. */
function principalForCaller(context: FixContext): { key: 'AWS' | 'Service' | 'Federated'; value: string } | undefined {
  const { caller, request } = context;
  if (request.action === 'sts:AssumeRoleWithWebIdentity') {
    const value = webIdentityPrincipal(context);
    return value ? { key: 'Federated', value } : undefined;
  }
  if (request.action === 'sts:AssumeRoleWithSAML') return request.saml?.principalArn ? { key: 'Federated', value: request.saml.principalArn } : undefined;
  if (caller.kind === 'service') return { key: 'Service', value: caller.arn };
  if ((caller.kind === 'user' || caller.kind === 'role-session') && caller.principalArn) return { key: 'AWS', value: caller.principalArn };
  return undefined;
}

function trustEvidence(context: FixContext): StatementEvidence[] {
  const evidence: StatementEvidence[] = [];
  // Indexed loops: for-of over every check's evidence allocated an iterator per list here.
  const checks = context.diagnosis.checks;
  for (let i = 0; i < checks.length; i++) {
    const items = checks[i].evidence;
    for (let j = 0; j < items.length; j++) if (items[j].policy.kind === 'trust') evidence.push(items[j]);
  }
  return evidence;
}

function principalEntries(statement: PolicyStatement, key: string): string[] {
  const principal = statement.Principal;
  if (!principal || typeof principal !== 'object') return [];
  return asList((principal as Record<string, unknown>)[key]);
}

function conditionKeys(statement: PolicyStatement): string[] {
  return Object.values(statement.Condition ?? {}).flatMap((block) => Object.keys(block ?? {}));
}

/** A statement of the document, named as the engine names it (its Sid and its 0-based index, as in the evidence). */
function statementLabel(statement: PolicyStatement, index: number): string {
  return engineStatementLabel({ statement: { index, sid: statement.Sid } });
}


/**
 * The actions the call needs from the trust policy: its own, then sts:TagSession (R-39) and
 * sts:SetSourceIdentity (R-38) where the engine found them needed and not yet allowed. Their checks
 * (checks/session-features.ts) skip when no session tags or transitive keys are passed and no
 * source identity is set or carried (parameter, token claim, assertion attribute or calling
 * session), and pass when every side already allows the action.
 */
function trustActionsNeeded(context: FixContext): string[] {
  const actions: string[] = [context.request.action];
  const extras = [['tag-session', TAG_SESSION], ['source-identity', SET_SOURCE_IDENTITY]] as const;
  for (const [id, extra] of extras) {
    const status = context.check(id)?.status;
    if (status === 'fail' || status === 'unknown') actions.push(extra);
  }
  return actions;
}

/** "The call also needs <extras> from the trust policy, since <why>" followed by `end`; '' when there are no extras. */
function alsoNeededSentence(extras: string[], end: (pronoun: string) => string): string {
  if (extras.length === 0) return '';
  const why = extras.map((extra) => (extra === TAG_SESSION ? 'session tags are passed (R-39)' : 'a source identity is set (R-38)'));
  return `The call also needs ${extras.join(' and ')} from the trust policy, since ${why.join(' and ')}, ${end(extras.length > 1 ? 'them' : 'it')}.`;
}

/** A statement label (`statement "Ci" (#0)`) opening a sentence. */
function sentenceStart(label: string): string {
  return `${label.charAt(0).toUpperCase()}${label.slice(1)}`;
}

/** The trust policy to edit: its statements stay the snapshot's until editableStatement copies one. */
function cloneTrust(context: FixContext): PolicyDocument | undefined {
  return context.trustPolicy ? editableCopy(context.trustPolicy) : undefined;
}

export function trustPrincipalFix(context: FixContext): Fix | undefined {
  const locator = trustLocator(context);
  const principal = principalForCaller(context);
  const before = context.trustPolicy;
  if (!locator || !principal || !before) return undefined;
  const action = context.request.action;
  // Every action the call needs from the trust policy (R-38, R-39): trusting the caller for its
  // own action alone would only move the refusal to the tag-session or source-identity check.
  const needed = trustActionsNeeded(context);
  const alsoNeeded = alsoNeededSentence(needed.slice(1), (pronoun) => `so the statement allows ${pronoun} too`);
  const after = cloneTrust(context)!;
  const evidence = trustEvidence(context);
  const roleLabel = context.roleArn;

  // 1. A statement already names the caller but not this action: add the action to it — only when
  // it names the caller by exact ARN and no one more broadly. A statement that matched through "*"
  // or an account principal would hand the action to every principal it covers (R-20).
  // For a web identity call the statement must also pin the token subject (R-58): one that names
  // the provider with only an audience condition would, given the action, admit a token of any
  // repository or workload the provider issues for; the caller then gets a pinned statement (3.).
  // A statement written with NotAction is never given an Action beside it (IAM rejects both in one
  // statement): the caller gets a statement of its own (3.).
  const namingCaller = evidence.filter(
    (item) => item.effect === 'Allow' && item.principalMatched === true && item.actionMatched === false && namesOnlyExactPrincipals(item, after.Statement[item.statement.index]),
  );
  const candidates = namingCaller.filter((item) => after.Statement[item.statement.index]?.NotAction === undefined);
  const withNotAction = namingCaller.find((item) => after.Statement[item.statement.index]?.NotAction !== undefined);
  const namesCaller = candidates.find((item) => action !== 'sts:AssumeRoleWithWebIdentity' || constrainsSubject(context, after.Statement[item.statement.index]));
  const unpinned = namesCaller ? undefined : candidates[0];
  if (namesCaller && after.Statement[namesCaller.statement.index]) {
    const statement = editableStatement(after, namesCaller.statement.index);
    const added = needed.filter((candidate) => !actionCovers(statement.Action, candidate));
    for (const candidate of added) statement.Action = addToField(statement.Action, candidate);
    return policyFix(
      'trust-principal',
      `Allow ${added.join(', ')} in the trust statement that already names the caller`,
      `${statementLabel(statement, namesCaller.statement.index)} of the trust policy of ${roleLabel} names ${principal.value} but does not allow ${action} (R-13). ${alsoNeeded ? `${alsoNeeded} ` : ''}Adding the ${added.length > 1 ? 'actions' : 'action'} to that statement keeps its principal and conditions as they are.`,
      locator,
      before,
      after,
      trustTarget(context),
    );
  }

  // 2. Extend an existing Allow statement for this action, keeping its conditions (never dropped).
  // Only a statement that already allows every action the call needs: adding one to it would hand
  // that action to every principal it names.
  const chosen = principal.key === 'AWS' ? extensibleStatement(context, after, evidence, needed) : undefined;
  if (chosen !== undefined) {
    const statement = editableStatement(after, chosen);
    const stale = principalEntries(statement, 'AWS').filter((entry) => /^(AROA|AIDA)[A-Z0-9]+$/.test(entry));
    (statement.Principal as Record<string, unknown>).AWS = addToField((statement.Principal as Record<string, unknown>).AWS, principal.value);
    const kept = conditionKeys(statement);
    return policyFix(
      'trust-principal',
      `Trust ${principal.value} in the existing trust statement`,
      [
        `No Allow statement in the trust policy of ${roleLabel} names ${context.caller.arn || principal.value} for ${action} (R-13).`,
        alsoNeededSentence(needed.slice(1), (pronoun) => `and ${statementLabel(statement, chosen)} already allows ${pronoun}`),
        `Adding the exact ARN ${principal.value} to ${statementLabel(statement, chosen)} is the smallest change${kept.length ? `; its conditions (${kept.join(', ')}) stay and still have to hold` : ''}.`,
        context.caller.kind === 'role-session' ? 'A role ARN in Principal covers every session of that role (R-17).' : '',
        stale.length ? `The statement also holds ${stale.join(', ')}: a unique id left behind by a deleted user or role (R-22); it can be removed.` : '',
      ]
        .filter(Boolean)
        .join(' '),
      locator,
      before,
      after,
      trustTarget(context),
    );
  }

  // 3. A new statement for exactly this principal and the actions the call needs.
  const statement: PolicyStatement = {
    Sid: uniqueSid(after, sidFor('Trust', lastSegment(principal.value))),
    Effect: 'Allow',
    Principal: { [principal.key]: principal.value },
    Action: needed.length === 1 ? action : needed,
  };
  const extra: string[] = alsoNeeded ? [alsoNeeded] : [];
  if (action === 'sts:AssumeRoleWithWebIdentity') {
    const host = issuerHost(context)!;
    const equals: Record<string, string> = {};
    // The values the engine (and IAM) compare for these keys, read from the diagnosis's context,
    // not re-derived from the claims: Google's :aud is the token's azp when it has one (R-57).
    for (const claim of ['aud', 'sub']) {
      const value = singleContextValue(context, `${host}:${claim}`);
      // R-58: pin the exact subject seen in the token, never a wildcard.
      if (value !== undefined) equals[`${host}:${claim}`] = value;
    }
    if (Object.keys(equals).length) statement.Condition = { StringEquals: equals };
    if (unpinned) {
      const label = statementLabel(after.Statement[unpinned.statement.index], unpinned.statement.index);
      extra.push(`${sentenceStart(label)} names the provider but does not constrain ${host}:sub, so adding ${action} to it would admit a token of any subject the provider issues (R-58); it is left unchanged.`);
    }
    extra.push('The new statement pins the token audience and the exact subject observed, so no other repository, branch or workload gains access (R-57, R-58).');
  }
  if (action === 'sts:AssumeRoleWithSAML') {
    const aud = context.request.saml?.attributes?.['saml:aud'];
    if (typeof aud === 'string') statement.Condition = { StringEquals: { 'SAML:aud': aud } };
  }
  if (principal.key === 'Service') {
    // R-25: pin the account the service acts for, so another customer's resource cannot use this role.
    const sourceAccount = context.diagnosis.context.find((entry) => entry.key.toLowerCase() === 'aws:sourceaccount')?.values[0];
    if (sourceAccount) {
      statement.Condition = { StringEquals: { 'aws:SourceAccount': sourceAccount } };
      extra.push(`The aws:SourceAccount condition (${sourceAccount}) keeps the service from assuming the role on behalf of another account (confused deputy, R-25).`);
    }
  }
  if (withNotAction && !unpinned) {
    const label = statementLabel(after.Statement[withNotAction.statement.index], withNotAction.statement.index);
    extra.push(`${sentenceStart(label)} names the caller but is written with NotAction, which excludes ${action}; IAM rejects a statement holding both NotAction and Action, so it is left unchanged.`);
  }
  if (context.caller.kind === 'role-session') extra.push('A role ARN in Principal covers every session of that role (R-17).');
  const partial = after.Statement.flatMap((existing) => principalEntries(existing, 'AWS')).filter((entry) => entry !== '*' && /[*?]/.test(entry));
  if (partial.length) extra.push(`${partial.join(', ')} is not a principal: wildcards cannot match part of an ARN (R-21), so that entry never matched anyone and can be removed.`);
  after.Statement.push(statement);
  return policyFix(
    'trust-principal',
    `Add a trust statement for ${principal.value}`,
    `No Allow statement in the trust policy of ${roleLabel} names this caller for ${action} (R-13). A new statement naming exactly ${principal.value} leaves the existing statements unchanged. ${extra.join(' ')}`.trim(),
    locator,
    before,
    after,
    trustTarget(context),
  );
}

/** The one value the diagnosis's context holds for `key` (compared without regard to case); undefined when absent or several. */
function singleContextValue(context: FixContext, key: string): string | undefined {
  const lowered = key.toLowerCase();
  const entry = context.diagnosis.context.find((candidate) => candidate.key.toLowerCase() === lowered);
  return entry?.values.length === 1 ? entry.values[0] : undefined;
}

/** Operators under which a `<issuer>:sub` condition requires the subject to be a value the statement names. */
const SUBJECT_PINNING_OPERATORS = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike)$/i;

/**
 * R-58: the statement requires the web identity token's subject (`<issuer>:sub`) to be one it
 * names, or to match a pattern that is more than wildcards. IfExists and ForAllValues forms are not
 * counted: they hold for a token without the claim.
 */
function constrainsSubject(context: FixContext, statement: PolicyStatement | undefined): boolean {
  const host = issuerHost(context);
  if (!statement || !host) return false;
  const subjectKey = `${host}:sub`.toLowerCase();
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (!SUBJECT_PINNING_OPERATORS.test(operator) || !block || typeof block !== 'object') continue;
    for (const [key, value] of Object.entries(block)) {
      if (key.toLowerCase() !== subjectKey) continue;
      const values = asList(value);
      if (values.length > 0 && !values.some((item) => /^[*?]*$/.test(item))) return true;
    }
  }
  return false;
}

const BROAD_MATCHES = new Set(['wildcard', 'account']);

/** An AWS principal entry that stands for more than one principal: "*", a partial wildcard, an account id or root ARN. */
function isBroadPrincipalEntry(entry: string): boolean {
  return /[*?]/.test(entry) || /^\d{12}$/.test(entry) || /^arn:[^:]+:iam::\d{12}:root$/.test(entry);
}

/**
 * The statement matched the caller by its exact identity, and every AWS principal it lists is an
 * exact identity too: extending it cannot reach principals beyond those it already names one by one.
 */
function namesOnlyExactPrincipals(item: StatementEvidence, statement: PolicyStatement | undefined): boolean {
  if (!statement || statement.NotPrincipal !== undefined || statement.Principal === '*') return false;
  if (item.principalMatchedBy !== undefined && BROAD_MATCHES.has(item.principalMatchedBy)) return false;
  return !principalEntries(statement, 'AWS').some(isBroadPrincipalEntry);
}

/** The statement lets in principals of any account: "*" (as a string or an AWS entry), or it matched the caller that way. */
function isOpenToEveryAccount(item: StatementEvidence, statement: PolicyStatement): boolean {
  if (statement.Principal === '*' || item.principalMatchedBy === 'wildcard') return true;
  return principalEntries(statement, 'AWS').some((entry) => entry === '*');
}

/**
 * How a statement that admits more than the caller covers it, from the engine's evidence (how the
 * principal matched) and the statement's own entries: through "*", through its account (naming the
 * entry), or by its exact ARN beside broader entries.
 */
function howBroadStatementCovers(context: FixContext, item: StatementEvidence, statement: PolicyStatement): string {
  const entries = principalEntries(statement, 'AWS');
  if (item.principalMatchedBy === 'wildcard' || statement.Principal === '*') return 'covers the caller through the wildcard principal "*" (every principal, R-20)';
  if (item.principalMatchedBy === 'account') {
    const account = context.caller.accountId;
    const entry = entries.find((candidate) => account !== undefined && (candidate === account || candidate === `arn:${context.caller.partition}:iam::${account}:root`));
    return `covers the caller through its account (${entry ?? account ?? 'an account principal'}, R-15)`;
  }
  const broader = entries.filter(isBroadPrincipalEntry);
  return `names the caller${broader.length ? `, beside ${broader.map((entry) => (entry === '*' ? '"*"' : entry)).join(', ')}, which cover${broader.length > 1 ? '' : 's'} more principals` : ''}`;
}

/**
 * The index of the Allow statement for `action` to add an AWS principal to, if any: it names AWS
 * principals but no "*" or partial wildcard and has no NotPrincipal, AWS would store it, and it
 * has no conditions, or conditions the engine evaluated and found to hold for this caller. One
 * without conditions is preferred; otherwise the caller gets a statement of its own.
 */
function extensibleStatement(context: FixContext, document: PolicyDocument, evidence: StatementEvidence[], actions: string[]): number | undefined {
  // Statement indexes in short lists, not sets: a handful of evidence items per diagnosis.
  const failedConditions: number[] = [];
  // Conditions the engine evaluated and found to hold for this caller. A statement whose principal
  // did not match has its conditions never evaluated: they may well fail for this caller (an MFA or
  // tag condition written for someone else), so such a statement is not extended.
  const heldConditions: number[] = [];
  for (let i = 0; i < evidence.length; i++) {
    const item = evidence[i];
    if (item.conditionsMatched === false) failedConditions.push(item.statement.index);
    if (item.conditionsMatched === true) heldConditions.push(item.statement.index);
  }
  // Statements AWS would refuse to store (R-21 partial wildcards, …) are skipped by the engine:
  // extending one would change nothing.
  const malformed: number[] = [];
  const problems = context.diagnosis.problems;
  if (problems) for (let i = 0; i < problems.length; i++) if (problems[i].policy.kind === 'trust' && problems[i].statementIndex !== undefined) malformed.push(problems[i].statementIndex!);
  let withConditions: number | undefined;
  for (let index = 0; index < document.Statement.length; index++) {
    const statement = document.Statement[index];
    if (failedConditions.includes(index) || malformed.includes(index) || statement.Effect !== 'Allow' || statement.NotPrincipal !== undefined) continue;
    const entries = principalEntries(statement, 'AWS');
    if (entries.length === 0 || entries.some((entry) => /[*?]/.test(entry)) || !actions.every((action) => actionCovers(statement.Action, action))) continue;
    // Prefer a statement without conditions, then one whose conditions are known to hold.
    if (!(statement.Condition && Object.keys(statement.Condition).length)) return index;
    if (heldConditions.includes(index)) withConditions ??= index;
  }
  return withConditions;
}

// ─────────────────────────── trust-conditions ───────────────────────────

/** Keys that identify on whose behalf, or from which organization / network, a call comes. */
const GUARD_KEYS = new Set([
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:sourcevpce',
  'aws:sourcevpc',
]);

const POSITIVE_STRING_OPERATORS = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)(IfExists)?$/i;
const REQUEST_SUPPLIED = new Map<string, 'externalId' | 'roleSessionName' | 'sourceIdentity'>([
  ['sts:externalid', 'externalId'],
  ['sts:rolesessionname', 'roleSessionName'],
  ['sts:sourceidentity', 'sourceIdentity'],
]);

/** What STS accepts for the parameters behind these keys (R-36, R-37, R-38). */
const REQUEST_VALUE_SHAPE: Record<'externalId' | 'roleSessionName' | 'sourceIdentity', RegExp> = {
  externalId: /^[\w+=,.@:\/-]{2,1224}$/,
  roleSessionName: /^[\w+=,.@-]{2,64}$/,
  sourceIdentity: /^(?!aws:)[\w+=,.@-]{2,64}$/i,
};


/**
 * Where a federated call carries the value behind a request-supplied key: 'none' when it has no
 * such value at all (an external ID), undefined when it is a parameter as for sts:AssumeRole.
 */
function federatedCarrier(
  action: string,
  field: 'externalId' | 'roleSessionName' | 'sourceIdentity',
): 'none' | { where: string; what: string; patch: (value: string) => Record<string, unknown> } | undefined {
  if (action === 'sts:AssumeRole') return undefined;
  if (field === 'externalId') return 'none';
  if (action === 'sts:AssumeRoleWithWebIdentity') {
    if (field !== 'sourceIdentity') return undefined; // RoleSessionName is a parameter of this call
    return { where: `the token's ${SOURCE_IDENTITY_CLAIM} claim`, what: `a token whose ${SOURCE_IDENTITY_CLAIM} claim is`, patch: (value) => ({ webIdentity: { claims: { [SOURCE_IDENTITY_CLAIM]: value } } }) };
  }
  const attribute = `${SAML_ATTRIBUTE}${field === 'sourceIdentity' ? 'SourceIdentity' : 'RoleSessionName'}`;
  return { where: `the assertion's ${attribute} attribute`, what: `an assertion whose ${attribute} attribute is`, patch: (value) => ({ saml: { attributes: { [attribute]: value } } }) };
}

function isLiteral(value: string): boolean {
  return !value.includes('*') && !value.includes('?') && !value.includes('${');
}

export interface ConditionEdit {
  describe: string;
  /** Instead of `describe`: words that depend on whether the fix carrying the edit changes the policy. */
  describeWith?: (policyChanged: boolean) => string;
  apply?: (statement: PolicyStatement) => void;
  /** Instead of editing the statement, add a copy of it that requires exactly this value with StringEquals. */
  exactCopy?: { condition: ConditionEvidence; value: string };
  request?: Record<string, unknown>;
  unfixable?: boolean;
  /**
   * A web-identity subject the policy does not admit: the recommended change is on the caller's
   * side (run the job where the policy admits it), so the token claim to present instead, with its
   * advice. The policy edit of this ConditionEdit is then only the second, warned option.
   */
  claim?: { name: string; value: string; describe: (policyChanged: boolean) => string };
  /**
   * What the policy edit of this ConditionEdit widens the trust to, when it admits more than this
   * call. Every fix carrying the edit's policy change carries it (the subject fixes, R-58).
   */
  warning?: string;
  /**
   * The condition tests an attribute of the caller in a statement that admits many principals:
   * instead of widening it, add a copy of the statement naming only the caller's exact ARN, without
   * this condition.
   */
  callerCopy?: ConditionEvidence;
}

/**
 * Keys that describe who the caller is (its tags, account, organization, type, name), as opposed
 * to keys that describe the request (network, MFA, parameters). In a statement whose principal is
 * "*" or an account, adding the caller's value to such a condition admits every other principal
 * that has (or can give itself) the same value.
 */
// The organization and account keys are caller attributes too, but GUARD_KEYS (never widened) answers for them first.
const CALLER_ATTRIBUTE_KEYS = new Set([
  'aws:principaltype',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:principalservicenameslist',
  'aws:userid',
  'aws:username',
]);

function isCallerAttribute(key: string): boolean {
  return key.startsWith('aws:principaltag/') || CALLER_ATTRIBUTE_KEYS.has(key);
}

/** `broadStatement`: the statement's principal is "*" or an account, not only exact identities. */
function editForCondition(context: FixContext, condition: ConditionEvidence, broadStatement: boolean): ConditionEdit {
  const key = condition.key.toLowerCase();
  const wanted = condition.resolvedPolicyValues ?? condition.policyValues;
  const seen = condition.requestValues;
  const requestField = REQUEST_SUPPLIED.get(key);

  if (condition.policyValues.some((value) => value.includes('${')) && (!condition.resolvedPolicyValues || condition.resolvedPolicyValues.some((value) => value.includes('${')))) {
    // R-35: a variable this caller cannot resolve (aws:username for a role session, a missing tag)
    // makes the condition fail whatever value is added beside it.
    return {
      describe: `${condition.key} is compared with ${condition.policyValues.join(', ')}, a policy variable this caller cannot resolve (${condition.note ?? 'the key it names is absent for this caller'}), so the condition cannot match (R-35). Rewrite the condition for this kind of caller, or give the caller the key it names.`,
      unfixable: true,
    };
  }

  // A federated call has no ExternalId, and carries its source identity (and, for SAML, its session
  // name) in the token or the assertion rather than as parameters (lib/engine/request.ts).
  // A SAML request may give the session name as roleSessionName (the contract allows it; the engine
  // reads it before the assertion's attribute): that field is then what changes.
  const samlNameField = requestField === 'roleSessionName' && context.request.roleSessionName !== undefined;
  const carrier = requestField && !samlNameField ? federatedCarrier(context.request.action, requestField) : undefined;
  if (carrier && carrier !== 'none' && context.request.action === 'sts:AssumeRoleWithWebIdentity' && isGitHubActionsIssuer(issuerHost(context) ?? '')) {
    // R-57: GitHub's tokens carry only the claims GitHub defines; custom claims are not supported with AWS.
    return {
      describe: `${condition.key} comes from the token's ${SOURCE_IDENTITY_CLAIM} claim, and GitHub Actions tokens carry no such claim: they hold only the claims GitHub defines, and a workflow cannot add one (custom claims are not supported with AWS, R-57), so this condition can never hold for a GitHub workflow. Whoever owns the role decides whether GitHub workflows should be admitted; if so, they need a statement without the ${condition.key} condition.`,
      unfixable: true,
    };
  }
  if (carrier === 'none') {
    return {
      describe: `${condition.key} exists only on sts:AssumeRole calls: ${context.request.action} never sends an external ID (R-36), so this condition can never hold for it. Whoever owns the role decides whether this statement should admit the identity provider at all; if so, it needs a statement of its own without the external-ID condition.`,
      unfixable: true,
    };
  }

  if (requestField && /^String(Equals|Like)/i.test(condition.operator)) {
    // StringEquals compares literally, `*` included (R-31); StringLike needs a value its pattern matches.
    const like = /Like/i.test(condition.operator);
    const usable = wanted.filter((value) => !value.includes('${'));
    const candidate = like
      ? (usable.find(isLiteral) ?? usable.map((value) => value.replace(/\*/g, context.request.roleSessionName ?? 'session').replace(/\?/g, 'x')).find(isLiteral))
      : usable[0];
    if (candidate !== undefined && !REQUEST_VALUE_SHAPE[requestField].test(candidate)) {
      return {
        describe: `The trust policy requires ${condition.key} ${condition.operator} '${candidate}', which STS would reject as a parameter value (R-36…R-38), so no caller can ever send it.${/\*|\?/.test(candidate) && !like ? ' StringEquals compares * and ? literally (R-31); the author probably meant a pattern.' : ''} The condition needs to be rewritten by whoever owns the role.`,
        unfixable: true,
      };
    }
    if (candidate !== undefined) {
      if (carrier) {
        return {
          describe: `The policy requires ${condition.key} ${condition.operator} '${wanted.join("' or '")}'. ${context.request.action} takes it from ${carrier.where}, not from a parameter, so the identity provider must issue ${carrier.what} '${candidate}'.`,
          request: carrier.patch(candidate),
        };
      }
      const why =
        requestField === 'externalId'
          ? `The external ID is the value the third party issued for this customer, and it stops a confused deputy (R-36). It is not a secret (AWS does not treat it as one): the protection is that the caller always sends the value bound to the customer it works for, so the caller must send that value — editing the policy to accept ${seen.length ? `'${seen[0]}'` : 'no external ID'} would defeat that protection.`
          : `The policy requires ${condition.key} ${condition.operator} '${wanted.join("' or '")}'; the caller chooses this value, so the caller should send it.`;
      return { describe: why, request: { [requestField]: candidate } };
    }
  }

  if (key === 'aws:multifactorauthpresent' || key === 'aws:multifactorauthage') return mfaEdit(context, condition, 'trust policy');

  if (key === 'aws:sourceip' && /^IpAddress(IfExists)?$/i.test(condition.operator)) {
    if (condition.keyMissing || seen.length !== 1) {
      return { describe: 'aws:SourceIp is absent: the call went through a VPC endpoint, where only aws:SourceVpce / aws:SourceVpc identify the network (R-41, R-42). Adding an IP range cannot help.', unfixable: true };
    }
    const address = seen[0];
    const cidr = address.includes('/') ? address : address.includes(':') ? `${address}/128` : `${address}/32`;
    return {
      describe: `The call came from ${address}, outside the allowed ranges. If this address is yours, allow exactly ${cidr}; otherwise call from inside the listed ranges.`,
      apply: (statement) => addConditionValue(statement, condition, cidr),
      warning: `Widens aws:SourceIp to accept ${cidr} as well; only make this change if that address is yours.`,
    };
  }

  if (broadStatement && isCallerAttribute(key) && !GUARD_KEYS.has(key)) {
    const principal = principalForCaller(context);
    if (!POSITIVE_STRING_OPERATORS.test(condition.operator) || principal?.key !== 'AWS') {
      return {
        describe: `${condition.key} describes the caller, and the statement admits every principal that satisfies it; accepting this caller's value would admit any other principal with the same value. No safe automatic change exists: trust the caller by its exact ARN in a statement of its own if it should be let in.`,
        unfixable: true,
      };
    }
    return {
      describe: `${condition.key} is ${seen.length ? `'${seen.join("', '")}'` : 'absent'} for this caller, but the statement expects ${wanted.map((value) => `'${value}'`).join(' or ')}. The statement's principal is "*" or an account, so adding this caller's value to the condition would also let in any other principal carrying it (R-20). A copy of the statement naming exactly ${principal.value}, without this condition, admits this caller alone; the original statement is unchanged.`,
      callerCopy: condition,
    };
  }

  if (GUARD_KEYS.has(key)) {
    // These keys exist to stop a confused deputy or an outside principal (R-25, R-43): a mismatch is
    // usually the protection working, so we never widen them automatically.
    return {
      describe: `${condition.key} is ${seen.length ? `'${seen.join("', '")}'` : 'absent'} but the trust policy expects ${condition.policyValues.map((value) => `'${value}'`).join(' or ')}. This condition guards against calls made on behalf of someone else; if ${seen.length ? `'${seen[0]}'` : 'this caller'} is legitimately yours, add it to the condition by hand, otherwise the denial is the protection working.`,
      unfixable: true,
    };
  }

  if (POSITIVE_STRING_OPERATORS.test(condition.operator) && seen.length === 1 && !condition.keyMissing) {
    const value = seen[0];
    const wildcardOperator = /Like/i.test(condition.operator);
    if (wildcardOperator && !isLiteral(value)) {
      return { describe: `${condition.key} is '${value}', which contains wildcard characters; adding it to a ${condition.operator} list would match more than this value.`, unfixable: true };
    }
    const isSubject = key.endsWith(':sub');
    const subject = isSubject && context.request.action === 'sts:AssumeRoleWithWebIdentity' ? subjectAdvice(condition, value, wanted, wildcardOperator) : undefined;
    if (isSubject && wildcardOperator) {
      // R-58: a new subject is added with StringEquals, never as a pattern. Adding it to the
      // StringLike list would be read as a pattern, and a StringEquals entry beside the StringLike
      // one would be ANDed with it (R-32), so the statement is copied with the exact subject.
      return {
        describe: [
          `The token subject is '${value}' and the trust policy does not accept it.`,
          subject?.note ?? '',
          `A copy of the statement that requires exactly this subject with StringEquals (no wildcard, R-58) admits ${subject?.reach ?? `tokens with the subject '${value}'`}; the original statement is unchanged.`,
        ]
          .filter(Boolean)
          .join(' '),
        exactCopy: { condition, value },
        ...subject?.edit,
      };
    }
    return {
      describe: isSubject
        ? [
            `The token subject is '${value}' and the trust policy does not list it.`,
            subject?.note ?? '',
            `Adding exactly this subject (no wildcard, R-58) admits ${subject?.reach ?? `tokens with the subject '${value}'`}.`,
          ]
            .filter(Boolean)
            .join(' ')
        : `${condition.key} is '${value}' but ${condition.operator} expects ${wanted.map((item) => `'${item}'`).join(' or ')}. Adding exactly '${value}' to that condition is the smallest change; only do it if '${value}' is legitimate.`,
      apply: (statement) => addConditionValue(statement, condition, value),
      // Only read where a subject fix carries this edit too; the subject edit sets its own.
      warning: `Widens ${condition.key} to accept '${value}' as well; only make this change if '${value}' is legitimate.`,
      ...subject?.edit,
    };
  }

  return {
    describe: `${condition.key} ${condition.operator} ${condition.policyValues.join(', ')} does not hold for ${condition.requestValues.join(', ') || 'an absent key'}; no safe automatic change exists, review that condition.`,
    unfixable: true,
  };
}

/**
 * A web-identity `sub` the trust policy does not admit. The subject names a class of runs or
 * identities (every pull request of a repository, every job of an environment…), and the policy
 * lists the ones its owner chose: a mismatch is usually the protection working, as with an
 * ExternalId (R-36). So the recommended change is the caller's: present a subject the policy
 * already admits (run the job on the admitted branch or in the admitted environment). Trusting the
 * observed subject stays on offer, second, with a warning saying how far it widens the trust.
 *
 * For GitHub the caller's side only reaches subjects of its own repository in its own subject
 * template (R-58, githubSubjectSource): a fork's job never gets the upstream repository's subject.
 * When the policy admits no such subject there is no caller-side change; `note` says why, and the
 * warning says so when trusting the subject would trust another owner or repository.
 */
function subjectAdvice(condition: ConditionEvidence, value: string, wanted: string[], like: boolean): { reach: string; note?: string; edit: Pick<ConditionEdit, 'claim' | 'warning'> } {
  const provider = condition.key.slice(0, condition.key.lastIndexOf(':'));
  const claimName = condition.key.slice(condition.key.lastIndexOf(':') + 1);
  // The observed subject is added with StringEquals (or to a StringEquals list): read literally.
  const widened = subjectReach(provider, value, false);
  const admitted = wanted.filter((item) => !item.includes('${'));
  const github = subjectProvider(provider, value) === 'github';
  // Each admitted value with a whole subject it matches, from the caller's own where possible,
  // and (GitHub) whether a run of the caller's repository can get it.
  const candidates = admitted.map((pattern) => ({
    pattern,
    example: like ? admittedExample(pattern, value) : pattern,
    source: github ? githubSubjectSource(pattern, value, like) : ('same' as GitHubSubjectSource),
  }));
  const reachable = candidates.filter((candidate) => candidate.source === 'same');
  // The alternative is named only where there is one: a subject the caller can present.
  const alternative = reachable.length === 0 ? '' : github ? 'Prefer running the job where the policy already admits it.' : 'Prefer presenting a subject the policy already admits.';
  const warning = [`Widens the trust to ${widened.reach}.`, widened.risk ?? '', otherSourceWarning(value, candidates), alternative].filter(Boolean).join(' ');
  if (admitted.length === 0) return { reach: widened.reach, edit: { warning } };
  if (reachable.length === 0) return { reach: widened.reach, note: unreachableNote(value, candidates), edit: { warning } };
  const contexts = reachable.map(({ pattern }) => admittedContext(provider, pattern));
  // The caller's own subject is what a pattern's reach is tested against (its repository's pull requests, say).
  const loose = admitted.map((pattern) => ({ pattern, reach: subjectReach(provider, pattern, like, value) })).filter((item) => item.reach.unreviewed);
  // A whole subject the first reachable value matches: the request patch presents it, and the
  // texts quote it whole (a frozen link pseudonymises it).
  const [{ pattern: chosen, example }] = reachable;
  // "No policy change" only when the fix carrying this advice leaves the policy alone: another
  // failing condition of the statement (the audience, say) may still need a policy edit.
  const describe = (policyChanged: boolean) =>
    [
      `${policyChanged ? 'For the subject, change the request, not the policy' : 'No policy change'}: the trust policy admits only ${quotedList(admitted, ' or ')}, not this token's subject '${value}' (R-58).`,
      `That denial is the protection working: the role's owner chose which ${github ? 'runs' : 'callers'} may use it.`,
      `To use the role${github ? `, change where the job runs, not the ${policyChanged ? 'subject condition' : 'policy'}` : ''}: ${contexts.join(', or ')}.`,
      example !== chosen ? `The request below presents '${example}', a subject '${chosen}' matches.` : '',
      loose.length ? `Note that the policy's own ${loose.map((item) => `'${item.pattern}'`).join(', ')} already admits more than reviewed code: ${loose[0].reach.risk}` : '',
    ]
      .filter(Boolean)
      .join(' ');
  return { reach: widened.reach, edit: { warning, claim: { name: claimName, value: example, describe } } };
}

function quotedList(items: string[], joiner: string): string {
  return items.map((item) => `'${item}'`).join(joiner);
}

/**
 * Trusting `value` when every subject the policy admits names another owner (or another
 * repository of the same owner): what that hands the role to. '' when some admitted subject names
 * the token's repository, or for another provider than GitHub.
 */
function otherSourceWarning(value: string, candidates: { pattern: string; source: GitHubSubjectSource }[]): string {
  if (candidates.length === 0) return '';
  const trusted = quotedList(candidates.map(({ pattern }) => pattern), ', ');
  if (candidates.every(({ source }) => source === 'other-owner')) {
    return `Trusts another owner: the subject '${value}' names a repository whose owner is not that of any subject the policy already trusts (${trusted}). Whoever controls that repository (a fork, or someone else's project) could then use the role; make this change only if that owner is yours.`;
  }
  if (candidates.every(({ source }) => source === 'other-owner' || source === 'other-repository')) {
    return `Trusts another repository: the subject '${value}' names a repository no subject the policy already trusts names (${trusted}), though of the same owner. Every workflow that runs in that repository, and whoever can push to it, could then use the role; make this change only if that repository should use it.`;
  }
  return '';
}

/** Why no run of the token's repository can present a subject the policy admits (GitHub, R-58), and whose decision that leaves. */
function unreachableNote(value: string, candidates: { pattern: string; source: GitHubSubjectSource }[]): string {
  const group = (...sources: GitHubSubjectSource[]) => candidates.filter(({ source }) => sources.includes(source)).map(({ pattern }) => pattern);
  const verb = (items: string[], singular: string, plural: string) => `${quotedList(items, ' and ')} ${items.length === 1 ? singular : plural}`;
  const repositories = group('other-owner', 'other-repository');
  const templates = group('other-template');
  const spellings = group('other-spelling');
  const closing = repositories.length && templates.length
    ? "This token's subject belongs to another repository or is in another subject template than the ones the policy admits, so only the role's owner can decide whether to trust it."
    : repositories.length
      ? "This token's subject belongs to another repository than the ones the policy trusts, so only the role's owner can decide whether to trust it."
      : templates.length
        ? "This token's subject is in another subject template than the ones the policy admits, so only the role's owner can decide whether to trust it."
        : "The policy names this token's repository with other letter case, so only the role's owner can correct it; trusting the subject as the token spells it does.";
  return [
    `No change to where the job runs can help: the trust policy admits only ${quotedList(candidates.map(({ pattern }) => pattern), ' or ')}, and GitHub never issues ${candidates.length === 1 ? 'it' : 'any of them'} to a run of the repository this token's subject '${value}' names (R-58).`,
    repositories.length ? `${verb(repositories, 'names', 'name')} another repository than that one: GitHub writes the repository a workflow runs in into every subject it issues.` : '',
    templates.length
      ? `${verb(templates, 'follows', 'follow')} another subject template than this token's subject: GitHub builds every subject of a repository's runs from the subject template of that repository (or its organization), which a job cannot change.`
      : '',
    spellings.length
      ? `${verb(spellings, 'spells', 'spell')} the repository differently from this token's subject: GitHub reads owner and repository names without regard to case but writes them as the repository spells them, and the condition compares them case-sensitively (R-31, R-34).`
      : '',
    closing,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * An MFA condition (aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge) that failed: the condition
 * stays and the caller authenticates with MFA (R-40). `where` names the policy holding it.
 */
export function mfaEdit(context: FixContext, condition: ConditionEvidence, where: ConditionOwner): ConditionEdit {
  const key = condition.key.toLowerCase();
  // A fresh MFA code on the call makes MFA present with an age of about zero seconds (R-40);
  // context values the request overrode are replaced to match.
  const given = context.request.context ?? {};
  const contextPatch: Record<string, string> = {};
  for (const name of Object.keys(given)) {
    if (name.toLowerCase() === 'aws:multifactorauthage') contextPatch[name] = '0';
    if (name.toLowerCase() === 'aws:multifactorauthpresent') contextPatch[name] = 'true';
  }
  const fresh = Object.keys(contextPatch).length ? { context: contextPatch } : {};
  if (key === 'aws:multifactorauthage' && !/^Numeric(LessThan|LessThanEquals|NotEquals)(IfExists)?$/i.test(condition.operator)) {
    return { describe: `The ${where} tests the MFA age with ${condition.operator}; no fresh authentication satisfies that, review the condition.`, unfixable: true };
  }
  if (context.caller.kind === 'user' && context.caller.accountId && context.caller.name) {
    return {
      describe:
        (key === 'aws:multifactorauthage'
          ? `The ${where} limits how long ago the caller authenticated with MFA (${condition.key} ${condition.operator} ${condition.policyValues.join(', ')}). The condition stays; the caller passes a fresh MFA code on the call (R-40).`
          : `The ${where} requires MFA (${condition.key}). The MFA condition stays; the caller passes its MFA device and a current code on the call (R-40).`) +
        (context.request.serialNumber === undefined
          ? ' The device ARN in the command is the usual ARN of a virtual device named after the user, not read from the snapshot: use the ARN of the device registered to the user (aws iam list-mfa-devices lists it).'
          : ''),
      request: { serialNumber: context.request.serialNumber ?? `arn:${context.caller.partition}:iam::${context.caller.accountId}:mfa/${context.caller.name}`, tokenCode: '123456', ...fresh },
    };
  }
  if (context.caller.kind === 'role-session') {
    return {
      describe: `The ${where} requires MFA (${condition.key}); the calling session was not MFA-authenticated. Obtain the calling session with MFA and retry; the condition stays (R-40). Note: whether such a session carries MFA into the next AssumeRole is disputed (AWS's MFA page says AssumeRole credentials carry no MFA information, while CloudTrail records MFA for such sessions); if it still fails, call with long-term keys plus --serial-number and --token-code, or use GetSessionToken with MFA.`,
      request: { callerSession: { mfaAuthenticated: true }, ...fresh },
    };
  }
  return { describe: `The ${where} requires MFA (${condition.key}), which this kind of caller cannot provide (R-40).`, unfixable: true };
}

/** Which kind of policy holds a condition, in the words the fixes use. */
export type ConditionOwner = 'trust policy' | 'identity policy' | 'permissions boundary';

/** What STS accepts as a session tag value (R-53). */
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const REQUEST_TAG_PREFIX = 'aws:requesttag/';

/**
 * A failing condition of a statement that already grants what the call needs (sts:TagSession or
 * sts:SetSourceIdentity, R-38, R-39): the change to the call that meets it, when the caller
 * chooses the value (its source identity, a session tag's value, MFA), or advice (`unfixable`).
 * Never a policy edit: the condition is its owner's decision, and a grant or a value added beside
 * it would bypass it for every later call. `tags`: the session tags as the call sends them so far
 * (an earlier edit of the same fix may have changed one).
 */
export function requestEditForCondition(context: FixContext, condition: ConditionEvidence, where: ConditionOwner, tags = context.request.tags ?? []): ConditionEdit {
  const key = condition.key.toLowerCase();
  if (key === 'aws:multifactorauthpresent' || key === 'aws:multifactorauthage') return mfaEdit(context, condition, where);
  if (key.startsWith(REQUEST_TAG_PREFIX)) return requestTagEdit(context, condition, where, tags);
  if (key === 'sts:sourceidentity' && context.request.callerSession?.sourceIdentity !== undefined) {
    return {
      describe: `The calling session already carries the source identity '${context.request.callerSession.sourceIdentity}', and a source identity cannot be changed once set (R-38), so this call cannot send another one. Whoever owns the ${where} decides whether that source identity should be admitted.`,
      unfixable: true,
    };
  }
  if (REQUEST_SUPPLIED.has(key)) {
    // The value is a parameter the caller chooses (or a claim its identity provider issues).
    const edit = editForCondition(context, condition, false);
    if (edit.unfixable || (edit.request && !changesPolicy(edit) && !edit.claim)) return edit;
  }
  return {
    describe: `${condition.key} ${condition.operator} ${condition.policyValues.map((value) => `'${value}'`).join(' or ')} does not hold for ${condition.requestValues.map((value) => `'${value}'`).join(', ') || 'an absent key'}, and no change to the call alone meets it.`,
    unfixable: true,
  };
}

/** aws:RequestTag/<key>: the call sends the session tag with a value the condition admits. */
function requestTagEdit(context: FixContext, condition: ConditionEvidence, where: ConditionOwner, tags: { Key: string; Value: string }[]): ConditionEdit {
  const tagKey = condition.key.slice(REQUEST_TAG_PREFIX.length);
  if (context.request.action !== 'sts:AssumeRole') {
    return {
      describe: `${condition.key} is a session tag ${context.request.action} takes from the ${context.request.action === 'sts:AssumeRoleWithSAML' ? 'SAML assertion' : 'token'}, so the identity provider decides it: it must issue the tag ${tagKey} with a value the ${where} admits (${condition.operator} ${condition.policyValues.map((value) => `'${value}'`).join(' or ')}).`,
      unfixable: true,
    };
  }
  const like = /Like/i.test(condition.operator);
  const wanted = condition.resolvedPolicyValues ?? condition.policyValues;
  // StringEquals compares literally (R-31); a StringLike pattern is sent only when it has no wildcard.
  const candidate = /^String(Equals|EqualsIgnoreCase|Like)(IfExists)?$/i.test(condition.operator)
    ? wanted.find((value) => !value.includes('${') && (!like || isLiteral(value)) && TAG_VALUE.test(value))
    : undefined;
  const index = tags.findIndex((tag) => tag.Key.toLowerCase() === tagKey.toLowerCase());
  if (candidate === undefined || (index < 0 && tags.length >= 50)) {
    return {
      describe: `${condition.key} ${condition.operator} ${condition.policyValues.map((value) => `'${value}'`).join(' or ')} does not hold for ${condition.requestValues.map((value) => `'${value}'`).join(', ') || 'a call without that tag'}, and no session tag value the call could send is sure to meet it.`,
      unfixable: true,
    };
  }
  const next = index >= 0 ? tags.map((tag, at) => (at === index ? { ...tag, Value: candidate } : tag)) : [...tags, { Key: tagKey, Value: candidate }];
  return {
    describe: `The ${where} admits ${condition.key} ${condition.operator} ${wanted.map((value) => `'${value}'`).join(' or ')}; the caller chooses its session tags, so the call can send the tag ${tagKey} with the value '${candidate}'${index >= 0 ? ` instead of '${tags[index].Value}'` : ''}. Only do so if that value is right for this session: a session tag can decide what the session may do.`,
    request: { tags: next },
  };
}

/** Adds a value to the condition block entry for this operator and key (key names are case-insensitive, R-34). */
function addConditionValue(statement: PolicyStatement, condition: ConditionEvidence, value: string): void {
  const blocks = statement.Condition ?? (statement.Condition = {});
  const operator = Object.keys(blocks).find((name) => name.toLowerCase() === condition.operator.toLowerCase()) ?? condition.operator;
  const block = blocks[operator] ?? (blocks[operator] = {});
  const key = Object.keys(block).find((name) => name.toLowerCase() === condition.key.toLowerCase()) ?? condition.key;
  block[key] = addToField(block[key], value);
}

function removeConditionKey(statement: PolicyStatement, condition: ConditionEvidence): void {
  const blocks = statement.Condition ?? {};
  for (const operator of Object.keys(blocks)) {
    if (operator.toLowerCase() !== condition.operator.toLowerCase()) continue;
    for (const key of Object.keys(blocks[operator])) if (key.toLowerCase() === condition.key.toLowerCase()) delete blocks[operator][key];
    if (Object.keys(blocks[operator]).length === 0) delete blocks[operator];
  }
}

/**
 * The trust-conditions fixes, best first. Usually one; when a web-identity subject is at fault, two:
 * the caller-side change (present a subject the policy admits) first, then the policy change that
 * trusts the observed subject, carrying a warning of how far it widens the trust.
 */
/** Does the edit change the trust policy (rather than only the request)? */
function changesPolicy(edit: ConditionEdit): boolean {
  return Boolean(edit.apply || edit.exactCopy || edit.callerCopy);
}

export function trustConditionsFixes(context: FixContext): Fix[] {
  const check = context.check('trust-conditions');
  const locator = trustLocator(context);
  if (!check || !locator || !context.trustPolicy) return [];
  // The Allow statement naming the caller with the fewest failing conditions (the first of equals).
  let chosen: { item: StatementEvidence; failed: ConditionEvidence[] } | undefined;
  for (const item of check.evidence) {
    if (item.policy.kind !== 'trust' || item.effect !== 'Allow' || item.conditionsMatched !== false || item.principalMatched === false) continue;
    const failed = (item.conditions ?? []).filter((condition) => !condition.matched);
    if (failed.length > 0 && (chosen === undefined || failed.length < chosen.failed.length)) chosen = { item, failed };
  }
  if (!chosen) return [];
  const original = context.trustPolicy.Statement[chosen.item.statement.index];
  if (!original) return [];
  const broad = !namesOnlyExactPrincipals(chosen.item, original);
  const edits = chosen.failed.map((condition) => editForCondition(context, condition, broad));
  if (!edits.some((edit) => edit.claim)) {
    const fix = conditionsFix(context, chosen, edits, broad);
    return fix ? [fix] : [];
  }
  // Recommended: the claim each subject edit names, no change to the trust policy for it. The
  // statement's other failing conditions keep their edits, and those (or an action the call then
  // needs) may still change the policy: conditionsFix words the claim's advice once it knows.
  const claims: Record<string, string> = {};
  const callerSide = edits.map((edit): ConditionEdit => {
    if (!edit.claim) return edit;
    claims[edit.claim.name] = edit.claim.value;
    return { describe: '', describeWith: edit.claim.describe };
  });
  const fixes: Fix[] = [];
  const recommended = conditionsFix(context, chosen, callerSide, broad, claims);
  if (recommended) fixes.push(recommended);
  const widening = conditionsFix(context, chosen, edits, broad);
  if (widening) fixes.push(widening);
  return fixes;
}

/** One fix applying `edits` to the chosen statement; `claims`: token claims the caller presents instead. */
function conditionsFix(
  context: FixContext,
  chosen: { item: StatementEvidence; failed: ConditionEvidence[] },
  edits: ConditionEdit[],
  broad: boolean,
  claims: Record<string, string> = {},
): Fix | undefined {
  const locator = trustLocator(context);
  if (!locator || !context.trustPolicy) return undefined;
  const after = cloneTrust(context)!;
  let original = after.Statement[chosen.item.statement.index];
  if (!original) return undefined;
  // A caller attribute at fault in a broad statement: every edit goes to a copy naming only the
  // caller, so the statement that admits everyone else stays exactly as it was. So do widening
  // edits to a statement open to every account ("*", R-20): accepting this call's source address,
  // say, in the original would let any principal anywhere in from that address.
  const callerCopies = edits.filter((edit) => edit.callerCopy);
  const applies = edits.some((edit) => edit.apply);
  // The caller's principal is read only where a copy names it: for caller copies, and for edits
  // to a statement open to every account.
  const principal = callerCopies.length || applies ? principalForCaller(context) : undefined;
  const openToAll = applies && isOpenToEveryAccount(chosen.item, original) && principal?.key === 'AWS';
  let statement = original;
  let changedPolicy = false;
  if (callerCopies.length || openToAll) {
    statement = statementCopy(original);
    statement.Sid = uniqueSid(after, sidFor(original.Sid ?? 'Trust', 'Caller'));
    statement.Principal = { AWS: principal!.value };
    for (const { callerCopy } of callerCopies) removeConditionKey(statement, callerCopy!);
    if (statement.Condition && Object.keys(statement.Condition).length === 0) delete statement.Condition;
    after.Statement.splice(chosen.item.statement.index + 1, 0, statement);
    changedPolicy = true;
  } else if (applies) {
    // The edits change the statement itself: a copy of it, the snapshot's stays as it is.
    statement = original = editableStatement(after, chosen.item.statement.index);
  }
  for (const edit of edits) {
    if (edit.apply) {
      edit.apply(statement);
      changedPolicy = true;
    }
  }
  // R-38: a call that sends a source identity (parameter, token claim or assertion attribute) needs
  // sts:SetSourceIdentity in the trust statement too; without it the fix would only move the
  // refusal to the source-identity check.
  const addsSourceIdentity = edits.some((edit) => sendsSourceIdentity(edit.request)) && !statementCovers(statement, SET_SOURCE_IDENTITY);
  let sourceIdentityStatement: PolicyStatement | undefined;
  if (addsSourceIdentity) {
    // The statement is a private copy already when a copy was made or the edits changed it; one
    // written with NotAction is left as it is (allowActions adds a statement beside it).
    if (!callerCopies.length && !openToAll && !applies && statement.NotAction === undefined) statement = original = editableStatement(after, chosen.item.statement.index);
    sourceIdentityStatement = allowActions(context, after, statement, [SET_SOURCE_IDENTITY]);
    changedPolicy = true;
  }
  const exactCopies = edits.filter((edit) => edit.exactCopy);
  if (exactCopies.length) {
    const copy = statementCopy(statement);
    copy.Sid = uniqueSid(after, sidFor(statement.Sid ?? 'Trust', 'ExactSubject'));
    for (const { exactCopy } of exactCopies) {
      const { condition, value } = exactCopy!;
      removeConditionKey(copy, condition);
      const blocks = copy.Condition ?? (copy.Condition = {});
      const equalsName = Object.keys(blocks).find((name) => name.toLowerCase() === 'stringequals') ?? 'StringEquals';
      const block = blocks[equalsName] ?? (blocks[equalsName] = {});
      block[condition.key] = value;
    }
    after.Statement.splice(chosen.item.statement.index + 1, 0, copy);
    changedPolicy = true;
  }
  const requestPatch: Record<string, unknown> = {};
  // Only the claims and attributes that change: applyFix merges them into the token's or the
  // assertion's others. Several edits may each name one (a subject and a source identity).
  const tokenClaims: Record<string, unknown> = { ...claims };
  const assertionAttributes: Record<string, unknown> = {};
  for (const edit of edits) {
    if (!edit.request) continue;
    const { webIdentity, saml, ...rest } = edit.request as { webIdentity?: { claims?: Record<string, unknown> }; saml?: { attributes?: Record<string, unknown> } };
    Object.assign(requestPatch, rest);
    Object.assign(tokenClaims, webIdentity?.claims);
    Object.assign(assertionAttributes, saml?.attributes);
  }
  const claimNames = Object.keys(claims);
  if (Object.keys(tokenClaims).length) requestPatch.webIdentity = { claims: tokenClaims };
  if (Object.keys(assertionAttributes).length) requestPatch.saml = { attributes: assertionAttributes };
  const changedRequest = Object.keys(requestPatch).length > 0;
  if (!changedPolicy && !changedRequest) {
    return {
      check: 'trust-conditions',
      title: 'Review the failing trust-policy condition',
      explanation: edits.map((edit) => edit.describeWith?.(false) ?? edit.describe).join(' '),
    };
  }
  const label = statementLabel(original, chosen.item.statement.index);
  const unfixable = edits.filter((edit) => edit.unfixable);
  const explanation = [
    `${label} of the trust policy of ${context.roleArn} ${broad ? howBroadStatementCovers(context, chosen.item, original) : 'names the caller'}, but ${chosen.failed.map((condition) => condition.key).join(', ')} ${chosen.failed.length > 1 ? 'do' : 'does'} not hold.`,
    ...edits.map((edit) => edit.describeWith?.(changedPolicy) ?? edit.describe),
    unfixable.length ? 'The remaining condition needs a manual decision.' : '',
    openToAll && !callerCopies.length
      ? `The statement is open to every AWS account (R-20), so the change goes to a copy naming exactly ${principal!.value}; the original statement is unchanged.`
      : '',
    addsSourceIdentity
      ? sourceIdentityStatement
        ? `A call that sends a source identity also needs ${SET_SOURCE_IDENTITY} in the trust policy (R-38). The statement is written with NotAction, which excludes it, and IAM rejects a statement holding both NotAction and Action, so a statement ${sourceIdentityStatement.Sid} naming exactly the caller, with the same conditions, allows it.`
        : `A call that sends a source identity also needs ${SET_SOURCE_IDENTITY} in the trust statement (R-38), so the statement gains that action.`
      : '',
    changedPolicy ? 'Every other condition of the statement is kept.' : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (changedPolicy) {
    const title = callerCopies.length || openToAll
      ? `Trust ${principal!.value} in a copy of ${label}`
      : changedRequest && addsSourceIdentity && !edits.some(changesPolicy)
      ? `Change the request and allow ${SET_SOURCE_IDENTITY} ${sourceIdentityStatement ? `in a statement beside ${label}` : `in ${label}`}`
      : changedRequest
      ? `Change the request and the condition in ${label}`
      : exactCopies.length
        ? `Also trust the subject '${exactCopies[0].exactCopy!.value}', exactly`
        : `Accept the observed value in ${label}`;
    const fix = policyFix('trust-conditions', title, explanation, locator, context.trustPolicy, after, trustTarget(context));
    // Every fix that widens a condition says so: the warning of each policy-changing edit it applies.
    const warnings = edits.filter(changesPolicy).map((edit) => edit.warning).filter((warning): warning is string => Boolean(warning));
    if (warnings.length) fix.warning = warnings.join(' ');
    if (changedRequest) {
      fix.requestPatch = requestPatch;
      fix.cli = `${fix.cli}\n# then retry the call${carriedValues(tokenClaims, assertionAttributes, ' with ')}:\n${requestFix(context, 'trust-conditions', '', '', requestPatch).cli}`;
    }
    return fix;
  }
  const fields = Object.keys(requestPatch);
  // Parameters the fix changes beside what the token or the assertion carries: the retry is then not the same call.
  const parameters = fields.filter((field) => field !== 'webIdentity' && field !== 'saml');
  const retry = parameters.length ? `then make this call (with the ${parameters.join(' and ')} changed)` : 'then make the same call';
  const manual = unfixable.length ? '\n# the other failing condition still needs its owner\'s decision (see the explanation)' : '';
  if (claimNames.length) {
    const subject = claims.sub;
    const github = subject !== undefined && subjectProvider(issuerHost(context) ?? '', subject) === 'github';
    const fix = requestFix(context, 'trust-conditions', github ? 'Run the job where the trust policy admits it' : 'Present a token subject the trust policy admits', explanation, requestPatch);
    fix.cli = `# no policy change: ${github ? 'run the job so that GitHub issues a token with' : 'present a token with'}${carriedValues(tokenClaims, assertionAttributes, ' ')} (see the explanation), ${retry}:${manual}\n${fix.cli}`;
    return fix;
  }
  if (requestPatch.webIdentity || requestPatch.saml) {
    // The value rides in the token or the assertion: the identity provider issues it.
    const token = Boolean(requestPatch.webIdentity);
    const names = [...Object.keys(tokenClaims), ...Object.keys(assertionAttributes)];
    const what = names.every((name) => /(source_identity|SourceIdentity)$/.test(name)) ? 'source identity' : names.every((name) => name.endsWith('RoleSessionName')) ? 'session name' : 'values';
    const carried = `${token ? 'present a token' : 'send an assertion'} with the ${what} the trust policy expects`;
    const title = parameters.length ? `Send the ${parameters.join(' and ')} and ${carried}` : `${carried.charAt(0).toUpperCase()}${carried.slice(1)}`;
    const fix = requestFix(context, 'trust-conditions', title, explanation, requestPatch);
    fix.cli = `# no policy change: ${token ? 'present a token with' : 'have the identity provider put'}${carriedValues(tokenClaims, assertionAttributes, ' ')}${token ? '' : ' in the SAML assertion'} (see the explanation), ${retry}:${manual}\n${fix.cli}`;
    return fix;
  }
  const title = fields.includes('externalId')
    ? 'Send the agreed external ID'
    : fields.includes('serialNumber') || fields.includes('callerSession')
      ? 'Call with MFA'
      : `Send the ${fields.join(' and ')} the trust policy expects`;
  return requestFix(context, 'trust-conditions', title, explanation, requestPatch);
}


/** Does a request patch send a source identity: the parameter, the token claim or the SAML attribute? */
function sendsSourceIdentity(patch: Record<string, unknown> | undefined): boolean {
  if (!patch) return false;
  const claims = (patch.webIdentity as { claims?: Record<string, unknown> } | undefined)?.claims;
  const attributes = (patch.saml as { attributes?: Record<string, unknown> } | undefined)?.attributes;
  return patch.sourceIdentity !== undefined || claims?.[SOURCE_IDENTITY_CLAIM] !== undefined || attributes?.[`${SAML_ATTRIBUTE}SourceIdentity`] !== undefined;
}

/** "<prefix>name 'value' and name 'value'" for the claims / attributes a fix has the caller present; '' when none. */
function carriedValues(claims: Record<string, unknown>, attributes: Record<string, unknown>, prefix: string): string {
  // Policy values end up in a `#` comment line of the command: written so no line break ends it.
  const named = [...Object.entries(claims), ...Object.entries(attributes)].map(([name, value]) => commentText(`${name} '${String(value)}'`));
  return named.length ? `${prefix}${named.join(' and ')}` : '';
}

// ─────────────────── trust side of sts:TagSession / sts:SetSourceIdentity ───────────────────

/** The trust statement that lets the caller in for the main action, from the engine's evidence. */
function matchingTrustStatement(context: FixContext): number | undefined {
  const evidence = trustEvidence(context).find(
    (item) => item.effect === 'Allow' && item.principalMatched === true && item.actionMatched !== false && item.conditionsMatched !== false,
  );
  if (evidence) return evidence.statement.index;
  // Fallback: a statement that names the caller's exact ARN or account for the action.
  const principal = principalForCaller(context);
  const account = context.caller.accountId;
  return context.trustPolicy?.Statement.findIndex((statement) => {
    if (statement.Effect !== 'Allow' || !statementCovers(statement, context.request.action)) return false;
    if (statement.Principal === '*') return true;
    const entries = principal ? principalEntries(statement, principal.key) : [];
    return entries.some((entry) => entry === principal?.value || entry === '*' || (account !== undefined && (entry === account || entry === `arn:${context.caller.partition}:iam::${account}:root`)));
  });
}

export function trustSideAllows(context: FixContext, extraAction: string): boolean | undefined {
  const index = matchingTrustStatement(context);
  if (index === undefined || index < 0 || !context.trustPolicy) return undefined;
  return statementCovers(context.trustPolicy.Statement[index], extraAction);
}

export function trustExtraActionFix(context: FixContext, checkId: 'tag-session' | 'source-identity', extraAction: string, rule: string): Fix | undefined {
  const locator = trustLocator(context);
  const index = matchingTrustStatement(context);
  if (!locator || index === undefined || index < 0 || !context.trustPolicy) return undefined;
  const existing = context.trustPolicy.Statement[index];
  if (statementCovers(existing, extraAction)) return undefined;
  const after = cloneTrust(context)!;
  const reason =
    extraAction === 'sts:TagSession'
      ? 'Session tags are passed, so the trust policy must also allow sts:TagSession for this caller'
      : 'A source identity is passed or carried over, so the trust policy must also allow sts:SetSourceIdentity for this caller';
  if (existing.NotAction !== undefined) {
    // Never an Action beside a NotAction: a statement of its own, naming exactly the caller.
    const added = allowActions(context, after, existing, [extraAction])!;
    return policyFix(
      checkId,
      `Allow ${extraAction} for the caller in a trust statement of its own`,
      `${reason} (${rule}). ${sentenceStart(statementLabel(existing, index))} admits the caller but is written with NotAction, which excludes ${extraAction}; IAM rejects a statement holding both NotAction and Action, so that statement stays as it is and a statement ${added.Sid} with the same conditions, naming exactly ${principalForCaller(context)?.value ?? 'the caller'}, allows ${extraAction}.`,
      locator,
      context.trustPolicy,
      after,
      trustTarget(context),
    );
  }
  const statement = editableStatement(after, index);
  statement.Action = addToField(statement.Action, extraAction);
  return policyFix(
    checkId,
    `Allow ${extraAction} in the trust statement that admits the caller`,
    `${reason} (${rule}). Adding the action to ${statementLabel(statement, index)} keeps its principal and conditions, so it applies to exactly the callers already trusted.`,
    locator,
    context.trustPolicy,
    after,
    trustTarget(context),
  );
}

export function callerAccountOf(arn: string): string | undefined {
  return splitArn(arn)?.account;
}
