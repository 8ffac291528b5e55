// Parameter limits AWS enforces before it authorizes anything (R-36…R-39, R-49…R-54). A breach
// is answered with a ValidationError, which makes the decision `invalid` rather than `denied`.
// Limits the service model words are reported in its words; documented limits it does not word
// (and values inside a web identity token or a SAML assertion) are reported as not exact text.

import { validationError, durationError, malformedPolicyError } from '../aws-error';
import { sessionIssuer, sessionTagsOf, type SessionParts } from '../context';
import { newSessionPolicy } from '../policy/session';
import { prepareRequest } from '../request';
import type { AssumeRoleRequest, StsAction, Tag } from '../types';
import { constantRules, outcome, type Outcome, type Run } from './run';

// Each check's rules: constants, so verdict mode can share the outcomes that carry them.
const DURATION_RULES = constantRules(['R-49', 'R-50', 'R-51']);

/** A request parameter AWS bounds (the check's and the fixes' name for it). */
export type RequestParameter =
  | 'roleSessionName'
  | 'durationSeconds'
  | 'externalId'
  | 'sourceIdentity'
  | 'serialNumber'
  | 'tokenCode'
  | 'tags'
  | 'transitiveTagKeys'
  | 'policy'
  | 'policyArns';

/** How a parameter breaks its limit: absent, below / above a bound (value, length or count), or outside its character set. */
export type ViolationKind = 'missing' | 'too-small' | 'too-large' | 'pattern';

export interface Violation {
  /** The parameter as AWS names it in the message: 'roleSessionName', 'tags.1.member.key'. */
  at: string;
  parameter: RequestParameter;
  kind: ViolationKind;
  /** The value AWS echoes; null for a missing required member. */
  value: string | null;
  constraint: string;
  rule: string;
}

/**
 * A limit AWS documents but whose exact error it does not: a limit the service model does not
 * declare, or a value that arrives inside a web identity token or a SAML assertion rather than as a
 * request parameter (no model-worded message exists for those).
 */
export interface OtherLimit {
  parameter: RequestParameter;
  /**
   * too-small / too-large / pattern: as for a Violation; inherited: a session tag repeats a
   * transitive key inherited from the calling session; duplicate: two session tag keys that differ
   * only in case; malformed: the inline session policy is not an IAM policy (AWS answers
   * MalformedPolicyDocument, not a ValidationError).
   */
  kind: 'too-small' | 'too-large' | 'pattern' | 'inherited' | 'duplicate' | 'malformed';
  message: string;
  rule: string;
  /** kind 'malformed': what is wrong with the policy, as the MalformedPolicyDocument error words it. */
  problems?: string;
}

const SESSION_NAME = /^[\w+=,.@-]*$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]*$/;
const SOURCE_IDENTITY = /^[\w+=,.@-]*$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const SERIAL_NUMBER = /^[\w+=/:,.@-]*$/;
const TOKEN_CODE = /^\d*$/;
// The service model's pattern for inline session policies: tab, LF, CR and printable Latin-1.
const POLICY_TEXT = /^[\u0009\u000A\u000D\u0020-\u00FF]+$/;

function checkString(out: Violation[], at: string, parameter: RequestParameter, value: string | undefined, min: number, max: number, pattern: RegExp, patternText: string, rule: string): void {
  if (value === undefined) return;
  if (value.length < min) out.push({ at, parameter, kind: 'too-small', value, constraint: `Member must have length greater than or equal to ${min}`, rule });
  if (value.length > max) out.push({ at, parameter, kind: 'too-large', value, constraint: `Member must have length less than or equal to ${max}`, rule });
  if (!pattern.test(value)) out.push({ at, parameter, kind: 'pattern', value, constraint: `Member must satisfy regular expression pattern: ${patternText}`, rule });
}

/**
 * Every parameter limit the request breaks: the service model's (as the ValidationError words
 * them) and the documented ones the model lacks. The one place these rules live: the
 * request-valid check reports them, and its fix reads them to know what it can correct.
 */
export function parameterProblems(request: AssumeRoleRequest, action: StsAction, session?: SessionParts): { violations: Violation[]; others: OtherLimit[] } {
  return { violations: violations(request, action), others: otherLimits(request, action, session ?? sessionPartsOf(request, action)) };
}

/**
 * The session tags, source identity and (SAML) session name the call carries, for a caller that has
 * only the request (the request-valid fix): the token or assertion is read the way the diagnosis
 * read it. AssumeRole carries them as parameters, so nothing needs parsing.
 */
function sessionPartsOf(request: AssumeRoleRequest, action: StsAction): SessionParts {
  if (action === 'sts:AssumeRole') return { tags: request.tags ?? [], transitiveTagKeys: request.transitiveTagKeys ?? [] };
  return sessionTagsOf(prepareRequest(request));
}

function violations(request: AssumeRoleRequest, action: StsAction): Violation[] {
  const out: Violation[] = [];

  // R-37: RoleSessionName is required for AssumeRole and AssumeRoleWithWebIdentity (SAML carries
  // it as an assertion attribute instead: federatedLimits).
  if (action !== 'sts:AssumeRoleWithSAML') {
    if (request.roleSessionName === undefined) out.push({ at: 'roleSessionName', parameter: 'roleSessionName', kind: 'missing', value: null, constraint: 'Member must not be null', rule: 'R-37' });
    checkString(out, 'roleSessionName', 'roleSessionName', request.roleSessionName, 2, 64, SESSION_NAME, '[\\w+=,.@-]*', 'R-37');
  }
  // R-49: the model bounds DurationSeconds to 900…43200 whatever the role allows.
  if (request.durationSeconds !== undefined) {
    const value = String(request.durationSeconds);
    if (request.durationSeconds < 900) out.push({ at: 'durationSeconds', parameter: 'durationSeconds', kind: 'too-small', value, constraint: 'Member must have value greater than or equal to 900', rule: 'R-49' });
    if (request.durationSeconds > 43200) out.push({ at: 'durationSeconds', parameter: 'durationSeconds', kind: 'too-large', value, constraint: 'Member must have value less than or equal to 43200', rule: 'R-49' });
  }
  if (action === 'sts:AssumeRole') {
    checkString(out, 'externalId', 'externalId', request.externalId, 2, 1224, EXTERNAL_ID, '[\\w+=,.@:\\/-]*', 'R-36');
    checkString(out, 'sourceIdentity', 'sourceIdentity', request.sourceIdentity, 2, 64, SOURCE_IDENTITY, '[\\w+=,.@-]*', 'R-38');
    checkString(out, 'serialNumber', 'serialNumber', request.serialNumber, 9, 256, SERIAL_NUMBER, '[\\w+=/:,.@-]*', 'R-40');
    checkString(out, 'tokenCode', 'tokenCode', request.tokenCode, 6, 6, TOKEN_CODE, '[\\d]*', 'R-40');
    const tags = request.tags ?? [];
    // R-53: at most 50 tags; key 1…128, value 0…256, both from a fixed character set.
    if (tags.length > 50) out.push({ at: 'tags', parameter: 'tags', kind: 'too-large', value: `[${tags.length} tags]`, constraint: 'Member must have length less than or equal to 50', rule: 'R-53' });
    tags.forEach((t, i) => {
      checkString(out, `tags.${i + 1}.member.key`, 'tags', t.Key, 1, 128, TAG_KEY, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+', 'R-53');
      if (t.Value.length > 256) out.push({ at: `tags.${i + 1}.member.value`, parameter: 'tags', kind: 'too-large', value: t.Value, constraint: 'Member must have length less than or equal to 256', rule: 'R-53' });
      if (!TAG_VALUE.test(t.Value)) out.push({ at: `tags.${i + 1}.member.value`, parameter: 'tags', kind: 'pattern', value: t.Value, constraint: 'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', rule: 'R-53' });
    });
    const transitive = request.transitiveTagKeys ?? [];
    if (transitive.length > 50) out.push({ at: 'transitiveTagKeys', parameter: 'transitiveTagKeys', kind: 'too-large', value: `[${transitive.length} keys]`, constraint: 'Member must have length less than or equal to 50', rule: 'R-53' });
    transitive.forEach((k, i) => checkString(out, `transitiveTagKeys.${i + 1}.member`, 'transitiveTagKeys', k, 1, 128, TAG_KEY, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+', 'R-53'));
  }
  // R-52: the inline session policy's characters. For WithSAML and WithWebIdentity the model also
  // caps it at 2,048 characters (sessionPolicyDocumentType, max 2048). AssumeRole's Policy has
  // another shape, unrestrictedSessionPolicyDocumentType, with a pattern and min 1 but no max
  // (botocore sts/2011-06-15/service-2.json): model validation cannot word a length error for
  // it, and otherLimits reports its 2,048-character limit instead.
  const text = policyText(request);
  if (text !== undefined) {
    if (action !== 'sts:AssumeRole' && text.length > 2048) out.push({ at: 'policy', parameter: 'policy', kind: 'too-large', value: text, constraint: 'Member must have length less than or equal to 2048', rule: 'R-52' });
    else if (!POLICY_TEXT.test(text)) out.push({ at: 'policy', parameter: 'policy', kind: 'pattern', value: text, constraint: 'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+', rule: 'R-52' });
  }
  return out;
}

function policyText(request: AssumeRoleRequest): string | undefined {
  if (request.policy === undefined) return undefined;
  return typeof request.policy === 'string' ? request.policy : JSON.stringify(request.policy);
}

function otherLimits(request: AssumeRoleRequest, action: StsAction, session: SessionParts): OtherLimit[] {
  const out: OtherLimit[] = [];
  const malformed = malformedPolicy(request);
  if (malformed) out.push(malformed);
  // R-52: up to 10 managed session policies (documented limit; the model declares none).
  if ((request.policyArns?.length ?? 0) > 10) {
    out.push({ parameter: 'policyArns', kind: 'too-large', message: `${request.policyArns!.length} managed session policy ARNs are passed; AWS allows at most 10`, rule: 'R-52' });
  }
  // R-52: the AssumeRole API reference, Policy parameter: "The plaintext that you use for both
  // inline and managed session policies can't exceed 2,048 characters."
  // (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html). The model gives
  // AssumeRole's Policy no max length, and the reference names no error for this limit; the
  // PackedPolicyTooLarge error it documents is for the separate limit on the packed (compressed)
  // size of policies and tags together.
  if (action === 'sts:AssumeRole') {
    const text = policyText(request);
    if (text !== undefined && text.length > 2048) {
      out.push({
        parameter: 'policy',
        kind: 'too-large',
        message: `the inline session policy is ${text.length} characters; AWS allows at most 2,048 characters of session policy plaintext and does not document the error it returns for this limit (a policy this long may also exceed the packed-size limit, PackedPolicyTooLarge)`,
        rule: 'R-52',
      });
    }
  }
  // R-39: tag keys ignore case, so one call cannot pass both 'Team' and 'team' (API reference,
  // Tags: "you cannot have separate Department and department tag keys").
  const duplicate = caseDuplicate(session.tags);
  if (duplicate) {
    const carried = action === 'sts:AssumeRole' ? '' : ` (${tagsCarrier(action)})`;
    const message =
      duplicate[0] === duplicate[1]
        ? `session tag key '${duplicate[0]}'${carried} is passed twice; one session holds each key once`
        : `session tag keys '${duplicate[0]}' and '${duplicate[1]}'${carried} differ only in case; AWS treats tag keys without regard to case, so one session cannot hold both`;
    out.push({ parameter: 'tags', kind: 'duplicate', message, rule: 'R-39' });
  }
  if (action !== 'sts:AssumeRole') out.push(...federatedLimits(action, session));
  // R-39: a session tag may not reuse the key of a tag inherited transitively from the calling session.
  if (action === 'sts:AssumeRole' && request.callerSession?.transitiveTagKeys?.length && request.tags?.length) {
    const inherited = new Set(request.callerSession.transitiveTagKeys.map((k) => k.toLowerCase()));
    const clash = request.tags.filter((t) => inherited.has(t.Key.toLowerCase())).map((t) => t.Key);
    if (clash.length > 0) {
      out.push({ parameter: 'tags', kind: 'inherited', message: `session tag key ${clash.map((k) => `'${k}'`).join(', ')} is also a transitive tag inherited from the calling session; AWS refuses the call`, rule: 'R-39' });
    }
  }
  return out;
}

/**
 * R-52: the inline session policy is "An IAM policy in JSON format" (API reference, Policy), read
 * by the compiler every other policy goes through. A document that is not an IAM policy, or a
 * statement the compiler skips (one IAM would refuse to store), makes AWS refuse the call with
 * MalformedPolicyDocument; which problems count is newSessionPolicy's answer.
 */
function malformedPolicy(request: AssumeRoleRequest): OtherLimit | undefined {
  const problems = policyProblems(request);
  if (problems === undefined) return undefined;
  return { parameter: 'policy', kind: 'malformed', message: `the inline session policy (request.policy) is not a valid IAM policy: ${problems}. AWS refuses the call with MalformedPolicyDocument`, rule: 'R-52', problems };
}

/** What is wrong with the inline session policy (the first three problems), if anything. */
function policyProblems(request: AssumeRoleRequest): string | undefined {
  if (request.policy === undefined) return undefined;
  const { malformed } = newSessionPolicy(request.policy);
  if (malformed.length === 0) return undefined;
  const shown = malformed.slice(0, 3).map((p) => `${p.field}: ${clip(p.message.replace(/; statement skipped$/, ''))}`);
  return `${shown.join('; ')}${malformed.length > 3 ? `; and ${malformed.length - 3} more` : ''}`;
}

/** A compiler message quoting the user's text, kept to a readable length. */
function clip(message: string): string {
  return message.length > 300 ? `${message.slice(0, 297)}…` : message;
}

/** Two session tags whose keys are the same when case is ignored (the first such pair), if any. */
function caseDuplicate(tags: Tag[]): [string, string] | undefined {
  if (tags.length < 2) return undefined;
  const seen = new Map<string, string>();
  for (const t of tags) {
    const lower = t.Key.toLowerCase();
    const first = seen.get(lower);
    if (first !== undefined) return [first, t.Key];
    seen.set(lower, t.Key);
  }
  return undefined;
}

/** Where a federated call carries its session tags, for the messages. */
function tagsCarrier(action: StsAction): string {
  return action === 'sts:AssumeRoleWithSAML' ? 'passed as SAML PrincipalTag attributes' : "passed in the web identity token's https://aws.amazon.com/tags claim";
}

/**
 * Values a web identity token or a SAML assertion carries instead of request parameters. They are
 * held to the same limits, but AWS documents no error text for a breach in a token or an
 * assertion, so each is reported as a documented limit (not exact text).
 */
function federatedLimits(action: StsAction, session: SessionParts): OtherLimit[] {
  const out: OtherLimit[] = [];
  const tagsAt = tagsCarrier(action);
  // R-39 (IAM User Guide, Passing session tags in STS): operations that support session tagging
  // fail with more than 50 tags, a key over 128 characters or a value over 256. WithSAML and
  // WithWebIdentity are such operations; the AssumeRoleWithSAML reference states the same limits.
  if (session.tags.length > 50) {
    out.push({ parameter: 'tags', kind: 'too-large', message: `${session.tags.length} session tags are ${tagsAt}; AWS allows at most 50`, rule: 'R-39' });
  }
  for (const t of session.tags) {
    if (t.Key.length === 0) out.push({ parameter: 'tags', kind: 'too-small', message: `a session tag with an empty key is ${tagsAt}; a key needs at least 1 character`, rule: 'R-39' });
    if (t.Key.length > 128) out.push({ parameter: 'tags', kind: 'too-large', message: `session tag key '${shorten(t.Key)}' (${tagsAt}) is ${t.Key.length} characters; AWS allows at most 128`, rule: 'R-39' });
    if (t.Value.length > 256) out.push({ parameter: 'tags', kind: 'too-large', message: `the value of session tag '${shorten(t.Key)}' (${tagsAt}) is ${t.Value.length} characters; AWS allows at most 256`, rule: 'R-39' });
  }
  // R-38: a source identity is 2-64 characters of [\w+=,.@-] and does not begin with 'aws:' (IAM
  // User Guide, source identity; the SAML assertion guide states the same for the SourceIdentity
  // attribute). The token's claim and the assertion's attribute are held to it too.
  if (session.sourceIdentity !== undefined) {
    const from = action === 'sts:AssumeRoleWithSAML' ? 'the SAML SourceIdentity attribute' : "the web identity token's https://aws.amazon.com/source_identity claim";
    out.push(...identifierLimits(session.sourceIdentity, from, 'source identity', 'sourceIdentity', 'R-38'));
    if (/^aws:/i.test(session.sourceIdentity)) {
      out.push({ parameter: 'sourceIdentity', kind: 'pattern', message: `the source identity '${shorten(session.sourceIdentity)}' from ${from} begins with 'aws:', which AWS does not allow`, rule: 'R-38' });
    }
  }
  // R-37: the SAML RoleSessionName attribute is 2-64 characters of [\w+=,.@-], no spaces (IAM
  // User Guide, Configuring SAML assertions for the authentication response: "It should not be a
  // value that includes a space, like a user's display name").
  if (action === 'sts:AssumeRoleWithSAML' && session.roleSessionName !== undefined) {
    out.push(...identifierLimits(session.roleSessionName, 'the SAML RoleSessionName attribute', 'session name', 'roleSessionName', 'R-37'));
  }
  return out;
}

/** 2-64 characters of letters, digits and _+=,.@- (a session name or a source identity from a token or an assertion). */
function identifierLimits(value: string, from: string, what: string, parameter: RequestParameter, rule: string): OtherLimit[] {
  const out: OtherLimit[] = [];
  const quoted = `'${shorten(value)}'`;
  if (value.length < 2) out.push({ parameter, kind: 'too-small', message: `the ${what} ${quoted} from ${from} has ${value.length} character${value.length === 1 ? '' : 's'}; AWS requires 2 to 64`, rule });
  if (value.length > 64) out.push({ parameter, kind: 'too-large', message: `the ${what} ${quoted} from ${from} has ${value.length} characters; AWS allows at most 64`, rule });
  if (!SESSION_NAME.test(value)) out.push({ parameter, kind: 'pattern', message: `the ${what} ${quoted} from ${from} has characters AWS does not allow (only letters, digits and _+=,.@- ; no spaces)`, rule });
  return out;
}

/** `request-valid`: AWS's parameter constraints. */
export function checkRequestValid(run: Run): Outcome {
  const { found, others } = limitsOf(run);
  const extra = others.map((o) => o.message);
  if (found.length === 0 && extra.length === 0) {
    return outcome('pass', run.full ? 'Every parameter is within the limits the STS API enforces.' : '', PASS_RULES);
  }
  // R-54 words the ValidationError; a MalformedPolicyDocument alone is not one.
  const validation = found.length > 0 || others.some((o) => o.kind !== 'malformed');
  const rules = [...new Set([...found.map((v) => v.rule), ...others.map((o) => o.rule), ...(validation ? ['R-54'] : [])])];
  // The service model's constraints are checked before the operation reads any parameter (our
  // reading; AWS documents no order), so their ValidationError comes first; then a malformed
  // session policy (MalformedPolicyDocument); then the documented limits AWS does not word.
  const malformed = others.find((o) => o.kind === 'malformed');
  const awsError =
    found.length > 0
      ? validationError(found.map((v) => ({ at: v.at, value: v.value, constraint: v.constraint })))
      : malformed
        ? malformedPolicyError(malformed.problems ?? malformed.message)
        : { code: 'ValidationError', message: extra[0], httpStatus: 400, exactTextKnown: false };
  const summary = run.full
    ? [...found.map((v) => `${v.at} ${v.value === null ? 'is missing' : `'${shorten(v.value)}'`}: ${v.constraint.replace(/^Member/, 'it')}`), ...extra].join('; ')
    : '';
  return outcome('fail', summary, rules, { awsError });
}

const PASS_RULES = ['R-37', 'R-49', 'R-52', 'R-53', 'R-54'];

function limitsOf(run: Run): { found: Violation[]; others: OtherLimit[] } {
  const { violations: found, others } = parameterProblems(run.prepared.request, run.prepared.action, run.session);
  return { found, others };
}

/** How a summary quotes a value: over 80 characters, the first 77 and '…' (redaction registers that form too). */
export function shorten(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}…` : value;
}

/** Role chaining: the caller is a role session that STS issued (R-50); EC2/Lambda credentials are not chaining per the AWS text. */
export function isRoleChaining(run: Run): { chaining: boolean; disputed: boolean } {
  return roleChaining(run.caller.identity.kind, run.prepared.request.callerSession?.issuedBy);
}

/** The same reading from the caller's kind and the session's issuer (the duration fixes use it too). */
export function roleChaining(callerKind: string, issuedBy: string | undefined): { chaining: boolean; disputed: boolean } {
  if (callerKind !== 'role-session') {
    // A user's temporary credentials from GetSessionToken: AWS defines role chaining as a role
    // assuming a role, yet STS refuses more than an hour from them with the role-chaining error
    // (R-50's observed cases: aws-vault, aws-runas). Capped, and flagged disputed.
    const sessionToken = callerKind === 'user' && sessionIssuer(issuedBy) === 'session-token';
    return { chaining: sessionToken, disputed: sessionToken };
  }
  switch (sessionIssuer(issuedBy)) {
    case 'unstated':
    case 'assume-role':
    case 'federation':
      return { chaining: true, disputed: false };
    case 'session-token':
    case 'federation-token':
      return { chaining: false, disputed: false };
    case 'compute':
    case 'other':
      // ec2 / lambda / ecs …: the terms page says this is not role chaining; practitioners report
      // the one-hour cap anyway (§10.7, disputed).
      return { chaining: false, disputed: true };
  }
}

/** `duration`: DurationSeconds against MaxSessionDuration and the role-chaining cap (R-49…R-51). */
export function checkDuration(run: Run): Outcome {
  const { request } = run.prepared;
  const asked = request.durationSeconds;
  const rules = DURATION_RULES;
  if (asked === undefined) {
    return outcome('pass', run.full ? 'No DurationSeconds is passed: the session lasts the default 3600 seconds, which every role allows.' : '', rules);
  }
  if (asked < 900 || asked > 43200) {
    return outcome('skip', run.full ? `DurationSeconds ${asked} is outside 900…43200; request-valid reports it.` : '', rules);
  }
  const chain = run.prepared.action === 'sts:AssumeRole' ? isRoleChaining(run) : { chaining: false, disputed: false };
  if (chain.chaining && asked > 3600) {
    const why = chain.disputed
      ? `The caller's credentials come from GetSessionToken. AWS defines role chaining as a role assuming a role, but STS refuses more than one hour from GetSessionToken credentials with the role-chaining error (observed, R-50; disputed)`
      : 'The caller is a role session (role chaining)';
    return outcome(
      'fail',
      run.full ? `${why}, so DurationSeconds may not exceed 3600, but ${asked} is asked, whatever the role's MaxSessionDuration.` : '',
      ['R-50'],
      chain.disputed ? { awsError: durationError('chaining'), disputed: true } : { awsError: durationError('chaining') },
    );
  }
  if (asked <= 3600) {
    return outcome('pass', run.full ? `DurationSeconds ${asked} is within one hour, which every role allows.` : '', rules);
  }
  if (!run.role) {
    if (run.roleLookup.found === 'no' && run.roleLookup.reason === 'missing') return outcome('skip', run.full ? 'The role does not exist.' : '', rules);
    return outcome('unknown', run.full ? `DurationSeconds ${asked} exceeds one hour and the role's MaxSessionDuration is not known.` : '', rules);
  }
  if (!run.role.maxSessionDurationKnown) {
    const why = run.roleAccount?.unavailable.find((u) => u.part === 'maxSessionDuration')?.reason;
    return outcome(
      'unknown',
      run.full
        ? `DurationSeconds ${asked} exceeds one hour, and the MaxSessionDuration of role ${run.role.name} was not read${why ? ` (${why})` : ''}: it may be anything from 3600 to 43200 seconds (R-49).`
        : '',
      ['R-49'],
    );
  }
  const max = run.role.maxSessionDuration;
  if (asked > max) {
    return outcome(
      'fail',
      run.full ? `DurationSeconds ${asked} exceeds the MaxSessionDuration of role ${run.role.name} (${max} seconds${run.role.detail.MaxSessionDuration === undefined ? ', the default' : ''}).` : '',
      ['R-49'],
      { awsError: durationError('max') },
    );
  }
  if (chain.disputed) {
    return outcome(
      'pass',
      run.full
        ? `DurationSeconds ${asked} is within the role's MaxSessionDuration (${max}). Disputed: the caller's credentials come from ${request.callerSession?.issuedBy}; AWS says that is not role chaining, but a one-hour cap has been observed (R-50).`
        : '',
      ['R-49', 'R-50'],
      { disputed: true },
    );
  }
  return outcome('pass', run.full ? `DurationSeconds ${asked} is within the MaxSessionDuration of role ${run.role.name} (${max} seconds).` : '', ['R-49']);
}
