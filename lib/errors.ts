// The one error type of AssumeRole Doctor. Every failure a user can cause (bad JSON, a policy
// that is not a policy, a file too large, an ARN that is not an ARN) becomes a DoctorError with a
// stable code, the field it concerns, and a message that says what was expected. The HTTP layer
// and the CLI map codes to a status / exit code; nothing else decides that.

export const errorCodes = {
  // input the caller sent us
  'bad-json': { status: 400, exit: 2 },
  'bad-request': { status: 422, exit: 2 },
  'bad-snapshot': { status: 422, exit: 2 },
  'bad-policy': { status: 422, exit: 2 },
  'bad-arn': { status: 422, exit: 2 },
  'too-large': { status: 413, exit: 2 },
  'too-deep': { status: 422, exit: 2 },
  'bad-usage': { status: 400, exit: 2 },
  'not-found': { status: 404, exit: 2 },
  // a request the HTTP API refuses to serve (another site, a foreign Host header)
  'forbidden': { status: 403, exit: 2 },
  // an HTTP method the route does not serve (the response carries `Allow`)
  'method-not-allowed': { status: 405, exit: 2 },
  // a deliberate refusal to change the data: the server runs read-only (DOCTOR_SOURCE=demo)
  'read-only': { status: 409, exit: 2 },
  // the world outside
  'aws-credentials': { status: 503, exit: 3 },
  'aws-access-denied': { status: 503, exit: 3 },
  'aws-unavailable': { status: 503, exit: 3 },
  'store': { status: 500, exit: 3 },
  'config': { status: 500, exit: 2 },
  'internal': { status: 500, exit: 3 },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class DoctorError extends Error {
  readonly code: ErrorCode;
  /** Path of the offending field, e.g. `request.roleArn` or `accounts[0].authorizationDetails`. */
  readonly field?: string;
  /**
   * What is wrong, without the field path that `message` starts with: for the places that name
   * the field their own way (a form's label, a command-line option).
   */
  readonly reason: string;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(field && !message.includes(field) ? `${field}: ${message}` : message);
    this.name = 'DoctorError';
    this.code = code;
    this.field = field;
    this.reason = field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  get exitCode(): number {
    return errorCodes[this.code].exit;
  }

  toJSON(): { error: { code: ErrorCode; message: string; field?: string } } {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

export function isDoctorError(value: unknown): value is DoctorError {
  return value instanceof DoctorError;
}

/** Wraps anything thrown into a DoctorError without leaking stack traces or secrets to users. */
export function toDoctorError(value: unknown): DoctorError {
  if (value instanceof DoctorError) return value;
  if (value instanceof SyntaxError) return new DoctorError('bad-json', `malformed JSON: ${value.message}`);
  return new DoctorError('internal', 'unexpected internal error; the server log has the details');
}
