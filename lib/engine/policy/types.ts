// The interface between the IAM policy language (lib/engine/policy, lib/engine/conditions) and
// the AssumeRole decision procedure (lib/engine/diagnose). Policies are compiled once per snapshot
// (wildcards turned into matchers) and then evaluated many times against request contexts.

import type { ConditionEvidence, PolicyProblem, PolicyRef, StatementEvidence } from '../types';
import type { CompiledStatement } from './compile';

/** Who is calling, as far as Principal matching needs to know. */
export interface CallerIdentity {
  kind: 'user' | 'role-session' | 'root' | 'service' | 'web-identity' | 'saml' | 'federated-user' | 'anonymous';
  /** The caller ARN as STS sees it: user ARN, assumed-role session ARN, root ARN; for services the service name. */
  arn: string;
  partition: string;
  accountId?: string;
  /** Role sessions: the role's IAM ARN (arn:aws:iam::<acct>:role/<path><name>). */
  roleArn?: string;
  /** The unique id of the user (AIDA…) or role (AROA…) in the snapshot, when known. */
  uniqueId?: string;
  /** Service callers: 'ec2.amazonaws.com'. */
  service?: string;
  /** Web identity: the provider as named in a trust policy (provider ARN, or 'accounts.google.com' style host). SAML: provider ARN. */
  federatedProviders?: string[];
}

/**
 * The request context: condition keys with their values. Keys are looked up case-insensitively
 * so the map is keyed by the lowercased name; `key` keeps the spelling we show users.
 */
export interface ContextValue {
  key: string;
  values: string[];
  origin: 'given' | 'derived';
  /** Multivalued keys (aws:TagKeys, sts:TransitiveTagKeys, amr, …) are sets; single-valued have one value. */
  multivalued?: boolean;
}
/** The request context as policies read it: a value per lowercased key (a Map will do). */
export interface RequestContext {
  get(lowerKey: string): ContextValue | undefined;
  /** Is the key (lowercased) unknown for this request, rather than absent? Contexts that cannot say leave it out. */
  isUnknown?(lowerKey: string): boolean;
}

export interface EvaluationRequest {
  /** e.g. 'sts:AssumeRole', 'sts:TagSession'. */
  action: string;
  /** The role ARN (resource). */
  resource: string;
  /** Present for resource-based policies (trust policies, RCPs); identity policies have no Principal. */
  caller?: CallerIdentity;
  context: RequestContext;
}

export type PrincipalMatchKind =
  | 'wildcard'
  | 'account'
  | 'user-arn'
  | 'role-arn'
  | 'session-arn'
  | 'federated-user-arn'
  | 'service'
  | 'federated'
  | 'canonical-user'
  | 'unique-id';

export interface PrincipalMatch {
  matched: boolean;
  /** How the statement's Principal matched the caller; decides whether an identity allow is needed (R-15…R-18). */
  via?: PrincipalMatchKind;
  /** The principal entry that matched, as written. */
  value?: string;
  /** Principal entries that are unique ids (AROA…/AIDA…) — a deleted or recreated principal. */
  uniqueIds?: string[];
  /**
   * The element lists "*" (alone or beside narrower entries), so it names every caller whatever
   * entry `via` reports. For NotPrincipal it describes the excluded list.
   */
  listsWildcard?: boolean;
}

export interface StatementEvaluation extends StatementEvidence {
  /** True when this statement applies to the request: principal (if any), action, resource and conditions all match. */
  applies: boolean;
  principal?: PrincipalMatch;
  /** NotPrincipal used: recorded so the check can explain it. */
  usesNotPrincipal?: boolean;
  /**
   * Evidence mode: a Resource / NotResource variable reads a key unknown for this request (and no
   * variable there is known to be absent), so whether the resource matches is not known.
   */
  unknownResourceVariable?: string;
}

export interface PolicyEvaluation {
  policy: PolicyRef;
  statements: StatementEvaluation[];
  /** Statements that apply with Effect Deny. */
  denies: StatementEvaluation[];
  /** Statements that apply with Effect Allow. */
  allows: StatementEvaluation[];
}

/** A policy ready for evaluation. Opaque to callers beyond these fields. */
export interface CompiledPolicy {
  ref: PolicyRef;
  /** The document as parsed (for display). */
  document: Record<string, unknown>;
  /** '2012-10-17', '2008-10-17' or undefined: policy variables are literal without 2012-10-17. */
  version?: string;
  statementCount: number;
  /** Malformed statements, skipped (AWS would refuse to store them). */
  problems: PolicyProblem[];
  /** Indexes of the statements skipped for a problem above: they take no part in any decision. */
  skippedStatements: ReadonlySet<number>;
  /**
   * The statements compilation kept, in document order, exactly as `evaluate` and `decide` read
   * them: readers that need to know what a statement names (the trust index, who-can-assume) read
   * these rather than the document, so they cannot disagree with a verdict. Not to be changed.
   */
  readonly statements: readonly CompiledStatement[];
  evaluate(request: EvaluationRequest): PolicyEvaluation;
  /** Verdict-only path (added by the policy language): same answer as evaluate, no evidence built. */
  decide(request: EvaluationRequest): PolicyDecision;
  /**
   * Verdict path: every statement as `evaluate` reports it, except that condition evidence is not
   * built (`conditions` absent; `conditionsMatched` and `applies` as in `evaluate`).
   */
  evaluateLean(request: EvaluationRequest): StatementEvaluation[];
  /** Lowercased condition and variable keys the policy reads: filled on first use (checks/run.ts keysOf). */
  keysRead?: string[];
  /** decide() answers by action, then resource, for a policy that reads no key: filled on first use (checks/run.ts). */
  decisions?: Map<string, Map<string, PolicyDecision>>;
}

export interface ConditionBlockResult {
  matched: boolean;
  conditions: ConditionEvidence[];
}

// ───────────── additions by the policy language (additive only) ─────────────

/** The verdict-only answer of one policy: which effect applies, and the statement that decided. */
export interface PolicyDecision {
  decision: 'allow' | 'deny' | 'none';
  /** Index (in the document's Statement list) of the deciding statement: the first applying Deny, else the first applying Allow. */
  statementIndex?: number;
  sid?: string;
}
