// The HTTP methods a route under app/api/** does not serve. Next.js answers them with a bare 405
// (no body, no `Allow`); these handlers answer in the API's error shape instead,
// `{ "error": { "code": "method-not-allowed", … } }` with `Allow`, after the same request guard as
// the route's own handlers (a foreign Host is still a 403 first). OPTIONS is answered here too,
// since Next.js would otherwise list the refusing handlers as allowed.

import 'server-only';
import { DoctorError, toDoctorError } from '@/lib/errors';
import { guardApiRequest } from '@/lib/http/guard';
import { apiErrorResponse } from '@/lib/http/respond';

export type ServedMethod = 'GET' | 'POST';
type Handler = (request: Request) => Response;

/** `Allow` for a route serving `served` (GET brings HEAD, which Next.js answers with the GET handler). */
export function allowHeader(served: readonly ServedMethod[]): string {
  return [...served, ...(served.includes('GET') ? ['HEAD'] : [])].sort().join(', ');
}

/** A handler answering 405 `method-not-allowed` with `Allow`, for a route that serves only `served`. */
export function refuseMethod(served: readonly ServedMethod[]): Handler {
  const allow = allowHeader(served);
  return (request: Request) => {
    try {
      guardApiRequest(request);
      throw new DoctorError('method-not-allowed', `${request.method} is not served here; use ${allow.split(', ').join(' or ')}`, 'method');
    } catch (error) {
      return apiErrorResponse(error, 'api method', toDoctorError(error).code === 'method-not-allowed' ? { allow } : {});
    }
  };
}

/** OPTIONS: 204 with `Allow` naming what the route serves (and OPTIONS). */
export function optionsHandler(served: readonly ServedMethod[]): Handler {
  const allow = [...allowHeader(served).split(', '), 'OPTIONS'].sort().join(', ');
  return (request: Request) => {
    try {
      guardApiRequest(request);
      return new Response(null, { status: 204, headers: { allow } });
    } catch (error) {
      return apiErrorResponse(error, 'api options');
    }
  };
}
