import 'server-only';
import { DoctorError } from '@/lib/errors';

// Retries, pacing and the sorting of AWS errors into what the user must do about them.
// The SDK's own retries are turned off (maxAttempts 1) so that every wait goes through an
// injectable `sleep`: tests run the whole backoff schedule without sleeping for real.

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: Sleep;
  /** 0…1; injectable so tests know the delays. */
  random: () => number;
}

export const defaultRetryPolicy = (sleep: Sleep = realSleep): RetryPolicy => ({
  maxAttempts: 8,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
  sleep,
  random: Math.random,
});

interface AwsLikeError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

export function awsErrorCode(error: unknown): string {
  const e = (error ?? {}) as AwsLikeError;
  return String(e.Code ?? e.name ?? e.code ?? 'Error');
}

export function httpStatus(error: unknown): number | undefined {
  return ((error ?? {}) as AwsLikeError).$metadata?.httpStatusCode;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'ConcurrentModificationException', // Organizations answers this while another change is under way
]);

const TRANSIENT_NETWORK = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'ServiceFailure',
  'ServiceException',
]);

const CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'InvalidAccessKeyId',
  'AuthFailure',
  'CredentialsProviderError',
  'TokenProviderError',
  'InvalidIdentityToken',
]);

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'NotAuthorized',
]);

export function isThrottling(error: unknown): boolean {
  return THROTTLING.has(awsErrorCode(error)) || httpStatus(error) === 429;
}

export function isTransient(error: unknown): boolean {
  const status = httpStatus(error);
  if (status !== undefined && status >= 500) return true;
  const code = awsErrorCode(error);
  if (TRANSIENT_NETWORK.has(code)) return true;
  const errno = (error as { code?: string } | undefined)?.code;
  return typeof errno === 'string' && TRANSIENT_NETWORK.has(errno);
}

export function isCredentialsError(error: unknown): boolean {
  const code = awsErrorCode(error);
  if (CREDENTIALS.has(code)) return true;
  const message = String((error as AwsLikeError | undefined)?.message ?? '');
  return /could not load credentials|credential.*expired|token.*expired|unable to locate credentials/i.test(message);
}

export function isAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED.has(awsErrorCode(error)) || (httpStatus(error) === 403 && !isCredentialsError(error));
}

/** The one message for credentials that are missing, expired or refused. */
export function credentialsError(error: unknown): DoctorError {
  const code = awsErrorCode(error);
  const detail = String((error as AwsLikeError | undefined)?.message ?? code).split('\n')[0];
  const expired = /expired/i.test(code) || /expired/i.test(detail);
  const missing = /could not load credentials|unable to locate/i.test(detail) || code === 'CredentialsProviderError';
  const what = expired
    ? 'the AWS credentials have expired'
    : missing
      ? 'no AWS credentials were found'
      : `AWS refused the credentials (${code})`;
  return new DoctorError(
    'aws-credentials',
    `${what}: ${detail}. Refresh them (aws sso login, a new session, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN) and pull again; AWS_PROFILE selects a profile.`,
  );
}

export function isRetryable(error: unknown): boolean {
  if (isCredentialsError(error) || isAccessDenied(error)) return false;
  return isThrottling(error) || isTransient(error);
}

/** Full-jitter exponential backoff (the schedule AWS recommends), capped at maxDelayMs. */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isRetryable(error) || attempt + 1 >= policy.maxAttempts) throw error;
      const delayMs = backoffDelay(attempt, policy);
      onRetry?.({ attempt: attempt + 1, delayMs, error });
      await policy.sleep(delayMs);
    }
  }
}

/**
 * Spaces calls so that at most `perSecond` start in any one-second window (CloudTrail
 * LookupEvents allows 2 per second per account and region). `now` and `sleep` are injectable.
 */
/** Extra spacing between paced calls so network jitter never puts two closer than the limit. */
export const PACER_MARGIN_MS = 50;

export class Pacer {
  private next = 0;
  private readonly intervalMs: number;

  constructor(
    perSecond: number,
    private readonly now: () => number,
    private readonly sleep: Sleep,
    marginMs = PACER_MARGIN_MS,
  ) {
    this.intervalMs = 1000 / perSecond + marginMs;
  }

  async wait(): Promise<void> {
    const at = this.now();
    const start = Math.max(at, this.next);
    this.next = start + this.intervalMs;
    if (start > at) await this.sleep(start - at);
  }
}
