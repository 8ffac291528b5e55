// Reading what an engineer pastes: an AWS error message (bare, or wrapped by the CLI / an SDK) or
// a CloudTrail record. Pure. The formats recognised are the ones the rulebook documents:
//   R-62 observed  "User: <arn> is not authorized to perform: sts:AssumeRole on resource: <role>"
//   the same with " because no <type> policy allows …" / " with an explicit deny in a <type>"
//   R-63           the documented trust-policy variant without "on resource"
//   R-54           "1 validation error detected: Value '…' at 'roleSessionName' failed to satisfy constraint: …"
//   the two DurationSeconds ValidationError texts
//   R-48           "Roles may not be assumed by root accounts."
//   R-59           InvalidIdentityToken texts and "Not authorized to perform sts:AssumeRoleWithWebIdentity"
//   R-55           "STS is not activated in this region for account:…"
// Wrappers stripped: the AWS CLI / boto3 "An error occurred (<Code>) when calling the <Op> operation: ",
// "<Code>: " (JS SDK, Go SDK "api error <Code>: "), and Java's "(Service: …; Error Code: …)" suffix.

import { isFailedStsEvent, isStsAssumeEvent, unwrapCloudTrailEvent } from './cloudtrail';
import type { CheckId, CloudTrailEvent, Denial, StsAction } from './types';

export interface ValidationProblem {
  /** The API parameter, as AWS names it in the message (roleSessionName, durationSeconds, externalId, …). */
  parameter: string;
  value: string;
  constraint: string;
}

export interface PastedError {
  kind: 'error';
  /** The action the message is about: sts:AssumeRole, sts:TagSession, sts:SetSourceIdentity, sts:AssumeRoleWithWebIdentity, … */
  action: string;
  /** True when the text did not name the action and it was inferred (sts:AssumeRole unless the text is web-identity specific). */
  actionInferred?: boolean;
  /** The API operation, when a wrapper names it ("when calling the AssumeRole operation"). */
  operation?: StsAction;
  caller?: string;
  roleArn?: string;
  /** AWS error code: AccessDenied, ValidationError, RegionDisabledException, InvalidIdentityToken, … */
  code?: string;
  /** What AWS gave as the reason: the suffix after the resource, or the validation text. */
  reason?: string;
  denial?: Denial;
  /** For suffixed denials, the policy type named ("service control policy", "permissions boundary", …). */
  policyType?: string;
  validation?: ValidationProblem[];
  /** The account named by a RegionDisabledException. */
  account?: string;
  /** The checks that can produce this message, most specific first. */
  candidateChecks: CheckId[];
  /** The AWS message itself, without CLI / SDK wrapping. */
  message: string;
}

export type Pasted =
  | PastedError
  | { kind: 'event'; event: CloudTrailEvent; events: CloudTrailEvent[]; failed: boolean }
  | { kind: 'unknown'; message: string };

const POLICY_CHECKS: CheckId[] = [
  'trust-principal',
  'trust-conditions',
  'trust-deny',
  'identity-policy',
  'permissions-boundary',
  'session-policy',
  'scp',
  'rcp',
];

const OPERATIONS: Record<string, StsAction> = {
  AssumeRole: 'sts:AssumeRole',
  AssumeRoleWithWebIdentity: 'sts:AssumeRoleWithWebIdentity',
  AssumeRoleWithSAML: 'sts:AssumeRoleWithSAML',
};

/** Parses pasted text. Never throws. */
export function parsePasted(text: string): Pasted {
  const trimmed = (text ?? '').trim();
  if (!trimmed) return { kind: 'unknown', message: 'Nothing was pasted.' };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const fromJson = parseJson(trimmed);
    if (fromJson) return fromJson;
  }
  return parseErrorText(trimmed);
}

// ───────────────────────────── CloudTrail JSON ─────────────────────────────

function parseJson(text: string): Pasted | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // maybe an error message that happens to start with a brace; try the text parsers
  }
  const candidates: unknown[] = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null && Array.isArray((value as Record<string, unknown>).Records)
      ? ((value as Record<string, unknown>).Records as unknown[])
      : typeof value === 'object' && value !== null && Array.isArray((value as Record<string, unknown>).Events)
        ? ((value as Record<string, unknown>).Events as unknown[]) // aws cloudtrail lookup-events output
        : [value];
  const events = candidates.map((candidate) => unwrapCloudTrailEvent(candidate)).filter((event): event is CloudTrailEvent => event !== undefined && isStsAssumeEvent(event));
  if (events.length === 0) {
    // A JSON error body ({"Error": {"Code": …, "Message": …}}) is still an error.
    const body = value as { Error?: { Code?: unknown; Message?: unknown }; __type?: unknown; message?: unknown };
    if (body && typeof body === 'object' && body.Error && typeof body.Error.Message === 'string') {
      const parsed = parseErrorText(body.Error.Message);
      if (parsed.kind === 'error' && typeof body.Error.Code === 'string') parsed.code = body.Error.Code;
      return parsed;
    }
    return {
      kind: 'unknown',
      message:
        candidates.length === 0
          ? 'The JSON holds no records.'
          : 'The JSON is not a CloudTrail record of sts:AssumeRole, AssumeRoleWithWebIdentity or AssumeRoleWithSAML.',
    };
  }
  const failed = events.find((event) => isFailedStsEvent(event));
  const event = failed ?? events[0];
  return { kind: 'event', event, events, failed: failed !== undefined };
}

// ───────────────────────────── error text ─────────────────────────────

function unwrap(text: string): { message: string; code?: string; operation?: StsAction } {
  let message = text.replace(/\s+/g, ' ').trim();
  let code: string | undefined;
  let operation: StsAction | undefined;

  // AWS CLI / boto3: "An error occurred (AccessDenied) when calling the AssumeRole operation: …"
  const cli = /An error occurred \(([A-Za-z]+)\) when calling the (AssumeRole(?:WithWebIdentity|WithSAML)?) operation(?: \([^)]*\))?: (.*)$/.exec(message);
  if (cli) {
    code = cli[1];
    operation = OPERATIONS[cli[2]];
    message = cli[3];
  } else {
    // Go SDK v2: "operation error STS: AssumeRole, https response error StatusCode: 403, RequestID: …, api error AccessDenied: …"
    const go = /operation error STS: (AssumeRole(?:WithWebIdentity|WithSAML)?),.*?(?:api error |RequestID: [\w-]+, )([A-Za-z]+): (.*)$/.exec(message);
    if (go) {
      operation = OPERATIONS[go[1]];
      code = go[2];
      message = go[3];
    }
  }
  // Java: "… (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: …)"
  const java = /\s*\(Service: [^;]*; Status Code: \d+; Error Code: ([A-Za-z]+);[^)]*\)\s*$/.exec(message);
  if (java) {
    code = code ?? java[1];
    message = message.slice(0, java.index);
  }
  // "AccessDenied: User: …", "ValidationError: …", "RegionDisabledException: STS is …" (JS SDK, Terraform, logs).
  for (;;) {
    const prefixed = /^(?:[\w.]+\.)?([A-Z][A-Za-z]+(?:Exception|Error|Denied|Token|TooLarge|Claim)?): (.*)$/.exec(message);
    if (!prefixed || !/^(AccessDenied|AccessDeniedException|ValidationError|ValidationException|RegionDisabledException|RegionDisabled|InvalidIdentityToken|InvalidIdentityTokenException|ExpiredToken|ExpiredTokenException|IDPRejectedClaim|IDPRejectedClaimException|IDPCommunicationError|IDPCommunicationErrorException|PackedPolicyTooLarge|PackedPolicyTooLargeException|MalformedPolicyDocument|MalformedPolicyDocumentException|ClientError|Error)$/.test(prefixed[1])) {
      break;
    }
    if (prefixed[1] !== 'ClientError' && prefixed[1] !== 'Error') code = code ?? normaliseCode(prefixed[1]);
    message = prefixed[2];
  }
  // Terraform / SDK tails: ", status code: 403, request id: …" and "\n\tstatus code: 403, request id: …"
  message = message.replace(/,?\s*status code: \d+,? request id: [\w-]+\.?$/i, '').trim();
  return { message, code, operation };
}

function normaliseCode(code: string): string {
  // The API model names exceptions "<Code>Exception"; the wire code drops it for these.
  const wire: Record<string, string> = {
    AccessDeniedException: 'AccessDenied',
    InvalidIdentityTokenException: 'InvalidIdentityToken',
    ExpiredTokenException: 'ExpiredToken',
    IDPRejectedClaimException: 'IDPRejectedClaim',
    IDPCommunicationErrorException: 'IDPCommunicationError',
    PackedPolicyTooLargeException: 'PackedPolicyTooLarge',
    MalformedPolicyDocumentException: 'MalformedPolicyDocument',
    ValidationException: 'ValidationError',
    RegionDisabled: 'RegionDisabledException',
  };
  return wire[code] ?? code;
}

function parseErrorText(text: string): Pasted {
  const { message, code: wrappedCode, operation } = unwrap(text);
  const defaultAction = operation ?? 'sts:AssumeRole';
  const base = { kind: 'error' as const, message, ...(operation ? { operation } : {}) };

  // root credentials.
  if (/Roles may not be assumed by root accounts\.?/.test(message)) {
    return { ...base, action: defaultAction, actionInferred: !operation, code: wrappedCode ?? 'AccessDenied', reason: 'Roles may not be assumed by root accounts.', candidateChecks: ['caller'] };
  }

  // "User: <arn> is not authorized to perform: <action>[ on resource: <arn>][ <suffix>]"
  const denied = /User: (\S+) is not authorized to perform: ([\w-]+:[\w*]+)(?: on resource: (\S+?))?(?:\s+(because .*|with an explicit deny.*|due to .*))?\.?$/.exec(message);
  if (denied) {
    const [, caller, action, resource, suffix] = denied;
    const result: PastedError = { ...base, action, caller, code: wrappedCode ?? 'AccessDenied', candidateChecks: [] };
    if (resource) result.roleArn = resource;
    if (suffix) {
      result.reason = suffix.replace(/\.$/, '');
      describeSuffix(result, suffix);
    } else {
      result.candidateChecks = candidatesForAction(action);
    }
    return result;
  }

  // the unauthenticated federated calls name no caller.
  const federated = /^Not authorized to perform (sts:AssumeRoleWith(?:WebIdentity|SAML))\.?$/.exec(message);
  if (federated) {
    const action = federated[1];
    return {
      ...base,
      action,
      code: wrappedCode ?? 'AccessDenied',
      candidateChecks: action === 'sts:AssumeRoleWithSAML' ? ['trust-principal', 'trust-conditions', 'trust-deny', 'saml', 'rcp'] : ['trust-principal', 'trust-conditions', 'trust-deny', 'rcp'],
    };
  }

  const noProvider = /No OpenIDConnect provider found in your account for (\S+?)\.?$/.exec(message);
  if (noProvider) {
    return { ...base, action: 'sts:AssumeRoleWithWebIdentity', code: wrappedCode ?? 'InvalidIdentityToken', reason: `no OIDC provider for ${noProvider[1]}`, candidateChecks: ['web-identity'] };
  }
  if (/^Incorrect token audience\.?$/.test(message)) {
    return { ...base, action: 'sts:AssumeRoleWithWebIdentity', code: wrappedCode ?? 'InvalidIdentityToken', reason: 'the token audience (aud) is not a client ID of the provider', candidateChecks: ['web-identity'] };
  }
  if (wrappedCode === 'InvalidIdentityToken' || wrappedCode === 'IDPRejectedClaim' || wrappedCode === 'IDPCommunicationError' || /^(Token expired|Couldn't retrieve verification key|Missing a required claim|The ID Token provided is not a valid JWT)/.test(message)) {
    return {
      ...base,
      action: 'sts:AssumeRoleWithWebIdentity',
      actionInferred: !operation,
      code: wrappedCode ?? (message.startsWith('Token expired') ? 'ExpiredToken' : 'InvalidIdentityToken'),
      reason: message,
      candidateChecks: ['web-identity'],
    };
  }

  //
  const region = /STS is not activated in this region for account:?\s*(\d{12})/.exec(message);
  if (region) {
    return { ...base, action: defaultAction, actionInferred: !operation, code: 'RegionDisabledException', account: region[1], reason: 'STS is not activated in this region for the role account', candidateChecks: ['sts-region'] };
  }

  //
  if (/The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining/.test(message)) {
    return { ...base, action: defaultAction, actionInferred: !operation, code: wrappedCode ?? 'ValidationError', reason: 'role chaining limits DurationSeconds to 3600', candidateChecks: ['duration'] };
  }
  if (/The requested DurationSeconds exceeds the MaxSessionDuration set for this role/.test(message)) {
    return { ...base, action: defaultAction, actionInferred: !operation, code: wrappedCode ?? 'ValidationError', reason: "DurationSeconds is above the role's MaxSessionDuration", candidateChecks: ['duration'] };
  }

  // "<n> validation error(s) detected: Value '…' at '<param>' failed to satisfy constraint: …[; Value …]"
  if (/\d+ validation errors? detected:/.test(message)) {
    const validation: ValidationProblem[] = [];
    const item = /Value '((?:[^']|'(?! at '))*)' at '([\w.]+)' failed to satisfy constraint: (.*?)(?=; Value '|$)/g;
    for (let match = item.exec(message); match; match = item.exec(message)) {
      validation.push({ value: match[1], parameter: match[2], constraint: match[3].trim().replace(/\.$/, '') });
    }
    // Values AWS does not echo (tokens, policies) read "Value null at …" or "Value at …"; keep at least the parameter.
    const bare = /Value (?:null )?at '([\w.]+)' failed to satisfy constraint: (.*?)(?=; Value|$)/g;
    for (let match = bare.exec(message); match; match = bare.exec(message)) {
      validation.push({ value: '', parameter: match[1], constraint: match[2].trim().replace(/\.$/, '') });
    }
    const onlyDuration = validation.length > 0 && validation.every((problem) => problem.parameter === 'durationSeconds');
    return {
      ...base,
      action: defaultAction,
      actionInferred: !operation,
      code: wrappedCode ?? 'ValidationError',
      reason: validation.map((problem) => `${problem.parameter}: ${problem.constraint}`).join('; ') || message,
      validation,
      // Duration below 900 / above 43200 is a parameter limit (request-valid); above the role's maximum is `duration`.
      candidateChecks: onlyDuration ? ['request-valid', 'duration'] : ['request-valid'],
    };
  }

  if (/^Packed policy consumes \d+% of allotted space/.test(message) || wrappedCode === 'PackedPolicyTooLarge') {
    return { ...base, action: defaultAction, actionInferred: !operation, code: 'PackedPolicyTooLarge', reason: message, candidateChecks: ['request-valid'] };
  }

  if (/The security token included in the request is expired/.test(message) || wrappedCode === 'ExpiredToken') {
    return { ...base, action: defaultAction, actionInferred: !operation, code: 'ExpiredToken', reason: "the caller's credentials have expired", candidateChecks: ['caller'] };
  }

  if (wrappedCode) {
    return { ...base, action: defaultAction, actionInferred: !operation, code: wrappedCode, reason: message, candidateChecks: wrappedCode === 'AccessDenied' ? POLICY_CHECKS : [] };
  }

  return {
    kind: 'unknown',
    message:
      'This does not look like an STS AssumeRole error or a CloudTrail record. Paste the full error (for example "User: … is not authorized to perform: sts:AssumeRole on resource: …") or the event JSON.',
  };
}

function candidatesForAction(action: string): CheckId[] {
  if (action === 'sts:TagSession') return ['tag-session'];
  if (action === 'sts:SetSourceIdentity') return ['source-identity'];
  return POLICY_CHECKS;
}

/** the suffix names the policy type and whether the denial was explicit. */
function describeSuffix(result: PastedError, suffix: string): void {
  const explicit = /with an explicit deny in (?:an? )?(.+?)\.?$/i.exec(suffix) ?? /due to an explicit deny in (?:an? )?(.+?)\.?$/i.exec(suffix);
  const implicit = /because no (.+?) allows the .+ action\.?$/i.exec(suffix);
  if (explicit) {
    result.denial = 'explicit';
    result.policyType = explicit[1].toLowerCase();
  } else if (implicit) {
    result.denial = 'implicit';
    result.policyType = implicit[1].toLowerCase();
  } else if (/because the role trust policy allows/i.test(suffix)) {
    // The documented example omits "no" (rulebook section 10, item 6): it is the implicit trust denial.
    result.denial = 'implicit';
    result.policyType = 'role trust policy';
  }
  const type = result.policyType ?? '';
  const explicitDeny = result.denial === 'explicit';
  let checks: CheckId[];
  if (/service control policy/i.test(type)) checks = ['scp']; // AWS words SCP denials as explicit even when implicit
  else if (/resource control policy/i.test(type)) checks = ['rcp'];
  else if (/permissions boundary/i.test(type)) checks = ['permissions-boundary'];
  else if (/session/i.test(type)) checks = ['session-policy'];
  else if (/identity-based/i.test(type)) checks = ['identity-policy'];
  else if (/trust policy|resource-based/i.test(type)) checks = explicitDeny ? ['trust-deny'] : ['trust-principal', 'trust-conditions'];
  else checks = candidatesForAction(result.action);
  if (result.action === 'sts:TagSession') checks = ['tag-session', ...checks.filter((check) => check !== 'tag-session')];
  if (result.action === 'sts:SetSourceIdentity') checks = ['source-identity', ...checks.filter((check) => check !== 'source-identity')];
  result.candidateChecks = checks;
}
