// One way for an API route to answer a failure: the error in the API's shape
// (`{ "error": { code, message, field } }`) with its HTTP status, never cached. A server fault
// (5xx) is logged with its code and stack only: the message may quote the input (a token, an
// assertion, an uploaded file), which never reaches the logs.

import 'server-only';
import { toDoctorError } from '@/lib/errors';

export function apiErrorResponse(error: unknown, where: string, headers: Record<string, string> = {}): Response {
  const doctorError = toDoctorError(error);
  if (doctorError.status >= 500) {
    console.error(`[${where}] ${doctorError.code}:`, error instanceof Error ? (error.stack ?? '').split('\n').slice(1, 8).join('\n') : typeof error);
  }
  return Response.json(doctorError.toJSON(), { status: doctorError.status, headers: { 'cache-control': 'no-store', ...headers } });
}
