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
//   (observed)     "MultiFactorAuthentication failed with invalid MFA one time pass code." (R-40: a TokenCode AWS refused)
// The text is normalised before the patterns read it, so they see the AWS message alone:
//   - Terraform's box ("│ " line prefixes, "╷" / "╵" lines) and whitespace runs;
//   - the AWS CLI / boto3 "An error occurred (<Code>) when calling the <Op> operation: ", the Go SDK's
//     "operation error STS: <Op>, … api error <Code>: ", "<Code>: " (JS SDK, logs);
//   - SDK exception classes ("com.amazonaws.…AWSSecurityTokenServiceException: ", "software.amazon.awssdk.…StsException: ",
//     "Amazon.SecurityToken.AmazonSecurityTokenServiceException: ", "botocore.exceptions.ClientError: ") and .NET " ---> " chains;
//   - Java's detail block "(Service: AWSSecurityTokenService; …; Error Code: <Code>; …)" / "(Service: Sts, Status Code: 403, …)"
//     and whatever follows it (a stack trace, ADFS's "Please try again.");
//   - aws-actions/configure-aws-credentials' "Could not assume role with OIDC: " / "… with user credentials: ";
//   - the access-troubleshooter tail of newer denials (". Go to https://… for complete details, or call the
//     GetRequestAuthorizationDetails API with the following authorization id: <id>"), kept as authorizationId.
// Only STS errors are read: another service's denial ("perform: s3:GetObject", "(Service: Amazon S3; …)") is unknown.

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
  /** The ARN of the policy that refused, when AWS names it ("… in an identity-based policy: arn:aws:iam::…:policy/X"). As written. */
  policyArn?: string;
  /** The access-troubleshooter authorization id AWS appends to newer denials (for GetRequestAuthorizationDetails). */
  authorizationId?: string;
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

interface Unwrapped {
  /** The AWS message as AWS wrote it, without CLI / SDK / CI wrapping. */
  message: string;
  /** The message the patterns read: `message` without the access-troubleshooter tail, box characters or trailing space. */
  core: string;
  code?: string;
  operation?: StsAction;
  authorizationId?: string;
  /** Some wrapper says the call went to STS (an STS operation, an STS SDK exception class or detail block). */
  fromSts: boolean;
  /** A wrapper says the call went to another service ("(Service: Amazon S3; …)"): not ours to read. */
  otherService?: string;
}

/** Known wrappers of CI tools that name the call they made (aws-actions/configure-aws-credentials). */
const ACTION_WRAPPERS: [RegExp, StsAction | undefined][] = [
  [/^Could not assume role with OIDC: /i, 'sts:AssumeRoleWithWebIdentity'],
  [/^Could not assume role with web identity token file: /i, 'sts:AssumeRoleWithWebIdentity'],
  [/^Could not assume role with user credentials: /i, 'sts:AssumeRole'],
];

/**
 * Text normalised before any pattern sees it: Terraform's box drawing removed ("│ " line prefixes,
 * "╷" / "╵" lines), stack frames dropped (Java "\tat …", JS "    at fn (file:1:2)", .NET "   at …",
 * "... 12 more"), whitespace collapsed.
 */
function normaliseText(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => !/^\s*[╷╵]\s*$/.test(line))
    .map((line) => line.replace(/^\s*│ ?/, ''))
    .filter((line) => !/^\s+at \S/.test(line) && !/^\s*\.\.\. \d+ more\s*$/.test(line))
    .join('\n')
    .replace(/\s+/g, ' ')
    .trim();
}

function unwrap(text: string): Unwrapped {
  let message = normaliseText(text);
  let code: string | undefined;
  let operation: StsAction | undefined;
  let fromSts = false;
  let otherService: string | undefined;

  // AWS CLI / boto3: "An error occurred (AccessDenied) when calling the AssumeRole operation: …"
  const cli = /An error occurred \(([A-Za-z]+)\) when calling the (AssumeRole(?:WithWebIdentity|WithSAML)?) operation(?: \([^)]*\))?: (.*)$/.exec(message);
  if (cli) {
    code = normaliseCode(cli[1]);
    operation = OPERATIONS[cli[2]];
    message = cli[3];
  } else {
    // Go SDK v2: "operation error STS: AssumeRole, https response error StatusCode: 403, RequestID: …, api error AccessDenied: …"
    const go = /operation error STS: (AssumeRole(?:WithWebIdentity|WithSAML)?),.{0,400}?(?:api error |RequestID: [\w-]+, )([A-Za-z]+): (.*)$/.exec(message); // bounded gap: linear on hostile text
    if (go) {
      operation = OPERATIONS[go[1]];
      code = normaliseCode(go[2]);
      message = go[3];
    }
  }
  // Java SDK v1 "(Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: …)" and
  // v2 "(Service: Sts, Status Code: 403, Request ID: …)": the AWS message ends where the block starts; what
  // follows is the caller's own text (a stack trace, ADFS's "Please try again.").
  // Java SDK v2 may add STS's block after one of the service STS itself called ("(Service:
  // AWSOpenIdDiscoveryService; …) (Service: Sts, …)"): the error is STS's if any block is, and only
  // an STS block's Error Code is an STS error code.
  const details = [...message.matchAll(/\s*\(Service: ([^;,)]{0,100})[;,] Status Code: \d+[^)]{0,1000}\)/g)].slice(0, 8); // bounded: linear on hostile text
  if (details.length > 0) {
    const sts = details.find((detail) => /^(AWSSecurityTokenService|Sts|AWSSTS)$/i.test(detail[1].trim()));
    if (sts) {
      fromSts = true;
      const errorCode = /Error Code: ([A-Za-z]+)/.exec(sts[0]);
      if (errorCode) code = code ?? normaliseCode(errorCode[1]);
      // The service STS called says which federation it was ("Error Code: AuthSamlInvalidSamlResponseException").
      if (details.some((detail) => detail !== sts && /Error Code: \w*Saml/i.test(detail[0]))) operation = operation ?? 'sts:AssumeRoleWithSAML';
    } else {
      otherService = details[0][1].trim();
      const errorCode = /Error Code: ([A-Za-z]+)/.exec(details[0][0]);
      if (errorCode) code = code ?? normaliseCode(errorCode[1]);
    }
    message = message.slice(0, details[0].index);
  }
  // .NET nests exceptions as "Outer: text ---> Inner: text ---> …": the STS one is the innermost that says something.
  if (message.includes(' ---> ')) {
    const parts = message.split(' ---> ');
    message = parts.find((part) => /SecurityToken|sts:|STS/.test(part)) ?? parts[0];
  }
  // "AccessDenied: User: …", "ValidationError: …" (JS SDK, Terraform, logs), SDK exception classes
  // ("com.amazonaws.…Exception: ", "botocore.exceptions.ClientError: ") and CI tool wrappers.
  // Java prints the exception after 'Exception in thread "main" ' or "Caused by: ".
  message = message.replace(/^(?:Exception in thread "[^"]*" |Caused by: )/, '');
  // A real message has a few wrappers; a bound keeps a pasted pile of them linear.
  for (let round = 0; round < 16; round++) {
    const wrapper = ACTION_WRAPPERS.find(([pattern]) => pattern.test(message));
    if (wrapper) {
      operation = operation ?? wrapper[1];
      message = message.replace(wrapper[0], '');
      continue;
    }
    const prefixed = /^((?:[A-Za-z_$][\w$]*\.)*)([A-Z][A-Za-z]+(?:Exception|Error|Denied|Token|TooLarge|Claim)?): (.*)$/.exec(message);
    if (!prefixed) break;
    const [, namespace, name, rest] = prefixed;
    if (/SecurityToken|^Sts|\.sts\./.test(namespace + name)) fromSts = true;
    if (KNOWN_CODES.has(name)) {
      if (name !== 'ClientError' && name !== 'Error') code = code ?? normaliseCode(name);
    } else if (!/(Exception|Error)$/.test(name) || !(namespace || /^(Amazon|AWS|Aws|Sts)/.test(name))) {
      // Only an SDK's own exception class is a wrapper; "Note: …" or "Cause: …" is the text itself.
      break;
    }
    message = rest;
  }
  // Terraform / SDK tails: ", status code: 403, request id: …" and "\n\tstatus code: 403, request id: …"
  message = message.replace(/,?\s*status code: \d+,? request id: [\w-]+\.?$/i, '').trim();
  message = message.replace(/[\s╷╵│]+$/, '');

  // The access-troubleshooter tail AWS appends to newer denials:
  // "<denial>. Go to https://…/authorization-details/<id> for complete details, or call the
  //  GetRequestAuthorizationDetails API with the following authorization id: <id>"
  let core = message;
  let authorizationId: string | undefined;
  const tail = /\.?\s*(?:Go to https?:\/\/\S+ for complete details,?\s*or call|Call) the GetRequestAuthorizationDetails API with the following authorization id: ([A-Za-z0-9]+)\.?$/i.exec(core);
  if (tail) {
    authorizationId = tail[1];
    core = core.slice(0, tail.index);
  }
  if (operation) fromSts = true;
  return { message, core, code, operation, fromSts, ...(otherService ? { otherService } : {}), ...(authorizationId ? { authorizationId } : {}) };
}

// The API model names exceptions "<Code>Exception"; the wire code drops it for these.
const WIRE_CODES: Readonly<Record<string, string>> = {
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

/** Every STS error code as an SDK or CLI may name it, and the generic wrappers' names. */
const KNOWN_CODES: ReadonlySet<string> = new Set([...Object.keys(WIRE_CODES), ...Object.values(WIRE_CODES), 'ClientError', 'Error']);

/** The wire error code for a code as an SDK or CLI names it ("ExpiredTokenException" → "ExpiredToken"). */
export function normaliseCode(code: string): string {
  return Object.hasOwn(WIRE_CODES, code) ? WIRE_CODES[code] : code;
}

function parseErrorText(text: string): Pasted {
  const { message, core, code: wrappedCode, operation, authorizationId, fromSts, otherService } = unwrap(text);
  if (otherService) return { kind: 'unknown', message: `This is an error from ${otherService}, not from STS: paste an error from an sts:AssumeRole, AssumeRoleWithWebIdentity or AssumeRoleWithSAML call.` };
  const defaultAction = operation ?? 'sts:AssumeRole';
  const base = { kind: 'error' as const, message, ...(operation ? { operation } : {}), ...(authorizationId ? { authorizationId } : {}) };

  // root credentials.
  if (/Roles may not be assumed by root accounts\.?/.test(core)) {
    return { ...base, action: defaultAction, actionInferred: !operation, code: wrappedCode ?? 'AccessDenied', reason: 'Roles may not be assumed by root accounts.', candidateChecks: ['caller'] };
  }

  // "User: <arn> is not authorized to perform: <action>[ on resource: <arn>][ <suffix>]"
  // Only sts: actions: "… perform: s3:GetObject …" is another service's denial, not a failed AssumeRole.
  const denied = /User: (\S+) is not authorized to perform: (sts:[\w*]+)(?: on resource: (\S+?))?(?:\s+(because .*|with an explicit deny.*|due to .*))?\.?$/.exec(core);
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
  const federated = /^Not authorized to perform (sts:AssumeRoleWith(?:WebIdentity|SAML))\.?$/.exec(core);
  if (federated) {
    const action = federated[1];
    return {
      ...base,
      action,
      code: wrappedCode ?? 'AccessDenied',
      candidateChecks: action === 'sts:AssumeRoleWithSAML' ? ['trust-principal', 'trust-conditions', 'trust-deny', 'saml', 'rcp'] : ['trust-principal', 'trust-conditions', 'trust-deny', 'rcp'],
    };
  }

  const noProvider = /No OpenIDConnect provider found in your account for (\S+?)\.?$/.exec(core);
  if (noProvider) {
    return { ...base, action: 'sts:AssumeRoleWithWebIdentity', code: wrappedCode ?? 'InvalidIdentityToken', reason: `no OIDC provider for ${noProvider[1]}`, candidateChecks: ['web-identity'] };
  }
  if (/^Incorrect token audience\.?$/.test(core)) {
    return { ...base, action: 'sts:AssumeRoleWithWebIdentity', code: wrappedCode ?? 'InvalidIdentityToken', reason: 'the token audience (aud) is not a client ID of the provider', candidateChecks: ['web-identity'] };
  }
  if (wrappedCode === 'InvalidIdentityToken' || wrappedCode === 'IDPRejectedClaim' || wrappedCode === 'IDPCommunicationError' || /^(Token expired|Couldn't retrieve verification key|Missing a required claim|The ID Token provided is not a valid JWT)/.test(core)) {
    // A SAML assertion STS refuses is an InvalidIdentityToken too: the saml check's, not web-identity's.
    const saml = operation === 'sts:AssumeRoleWithSAML';
    return {
      ...base,
      action: saml ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity',
      actionInferred: !operation,
      code: wrappedCode ?? (core.startsWith('Token expired') ? 'ExpiredToken' : 'InvalidIdentityToken'),
      reason: core,
      candidateChecks: [saml ? 'saml' : 'web-identity'],
    };
  }

  //
  const region = /STS is not activated in this region for account:?\s*(\d{12})/.exec(core);
  if (region) {
    return { ...base, action: defaultAction, actionInferred: !operation, code: 'RegionDisabledException', account: region[1], reason: 'STS is not activated in this region for the role account', candidateChecks: ['sts-region'] };
  }

  //
  if (/The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining/.test(core)) {
    return { ...base, action: defaultAction, actionInferred: !operation, code: wrappedCode ?? 'ValidationError', reason: 'role chaining limits DurationSeconds to 3600', candidateChecks: ['duration'] };
  }
  if (/The requested DurationSeconds exceeds the MaxSessionDuration set for this role/.test(core)) {
    return { ...base, action: defaultAction, actionInferred: !operation, code: wrappedCode ?? 'ValidationError', reason: "DurationSeconds is above the role's MaxSessionDuration", candidateChecks: ['duration'] };
  }

  // "<n> validation error(s) detected: Value '…' at '<param>' failed to satisfy constraint: …[; Value …]"
  if (/\d+ validation errors? detected:/.test(core)) {
    const validation: ValidationProblem[] = [];
    const item = /Value '((?:[^']|'(?! at '))*)' at '([\w.]+)' failed to satisfy constraint: (.*?)(?=; Value '|$)/g;
    for (let match = item.exec(core); match; match = item.exec(core)) {
      validation.push({ value: match[1], parameter: match[2], constraint: match[3].trim().replace(/\.$/, '') });
    }
    // Values AWS does not echo (tokens, policies) read "Value null at …" or "Value at …"; keep at least the parameter.
    const bare = /Value (?:null )?at '([\w.]+)' failed to satisfy constraint: (.*?)(?=; Value|$)/g;
    for (let match = bare.exec(core); match; match = bare.exec(core)) {
      validation.push({ value: '', parameter: match[1], constraint: match[2].trim().replace(/\.$/, '') });
    }
    const onlyDuration = validation.length > 0 && validation.every((problem) => problem.parameter === 'durationSeconds');
    return {
      ...base,
      action: defaultAction,
      actionInferred: !operation,
      code: wrappedCode ?? 'ValidationError',
      reason: validation.map((problem) => `${problem.parameter}: ${problem.constraint}`).join('; ') || core,
      validation,
      // Duration below 900 / above 43200 is a parameter limit (request-valid); above the role's maximum is `duration`.
      candidateChecks: onlyDuration ? ['request-valid', 'duration'] : ['request-valid'],
    };
  }

  if (/^Packed policy consumes \d+% of allotted space/.test(core) || wrappedCode === 'PackedPolicyTooLarge') {
    return { ...base, action: defaultAction, actionInferred: !operation, code: 'PackedPolicyTooLarge', reason: core, candidateChecks: ['request-valid'] };
  }

  // Observed text (aws/aws-cli #2279) for a TokenCode AWS rejected. API-AR TokenCode: "If the role being assumed
  // requires MFA and if the TokenCode value is missing or expired, the AssumeRole call returns an 'access denied'
  // error"; MFAAPI: denied "if they provide an invalid MFA device identifier or invalid TOTP" (R-40).
  if (/^MultiFactorAuthentication failed with invalid MFA one time pass code\.?$/.test(core)) {
    return {
      ...base,
      action: defaultAction,
      actionInferred: !operation,
      code: wrappedCode ?? 'AccessDenied',
      // STS rejected the code itself: which policy asked for MFA (if any) the text does not say.
      reason: 'STS rejected the MFA code (TokenCode) sent with the call as wrong or expired; retry with a current code from the device named by SerialNumber (a policy requiring aws:MultiFactorAuthPresent, usually the trust policy, then sees MFA)',
      candidateChecks: ['trust-conditions'],
    };
  }

  // An expired web identity token (ExpiredTokenException on AssumeRoleWithWebIdentity) is the token, not the caller.
  if (wrappedCode === 'ExpiredToken' && operation === 'sts:AssumeRoleWithWebIdentity') {
    return { ...base, action: operation, code: 'ExpiredToken', reason: core, candidateChecks: ['web-identity'] };
  }
  if (/The security token included in the request is expired/.test(core) || wrappedCode === 'ExpiredToken') {
    return { ...base, action: defaultAction, actionInferred: !operation, code: 'ExpiredToken', reason: "the caller's credentials have expired", candidateChecks: ['caller'] };
  }

  // A code alone ("AccessDenied: Access Denied" is S3's) says nothing about STS unless a wrapper named the call
  // or the code is one only STS sends.
  if (wrappedCode && (fromSts || /^(RegionDisabledException|InvalidIdentityToken|IDPRejectedClaim|IDPCommunicationError|PackedPolicyTooLarge)$/.test(wrappedCode))) {
    return { ...base, action: defaultAction, actionInferred: !operation, code: wrappedCode, reason: core, candidateChecks: wrappedCode === 'AccessDenied' ? POLICY_CHECKS : [] };
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
  // Newer messages name the policy after the type: "… in an identity-based policy: arn:aws:iam::…:policy/X".
  const explicit = /(?:with|due to) an explicit deny in (?:an? |the )?(.+?)(?::\s*(arn:\S+?))?\.?$/i.exec(suffix);
  const implicit = /because no (.+?) allows the .+ action\.?$/i.exec(suffix);
  if (explicit) {
    result.denial = 'explicit';
    result.policyType = explicit[1].toLowerCase();
    if (explicit[2]) result.policyArn = explicit[2];
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
