// POST /api/diagnose — { snapshot?, request } → the diagnosis. Thin: body limits and JSON parsing
// live in lib/input.ts (shared with the CLI), the decision in lib/engine. Request bodies are never
// logged: they can carry web identity tokens and SAML assertions.

import { diagnose } from '@/lib/engine';
import { guardApiRequest } from '@/lib/http/guard';
import { optionsHandler, refuseMethod } from '@/lib/http/methods';
import { apiErrorResponse } from '@/lib/http/respond';
import { MAX_HTTP_BODY_BYTES, diagnoseInput, parseJsonText, readBodyText } from '@/lib/input';
import { currentSnapshot } from './current-snapshot';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  try {
    // Before the body is read: another site's page, a foreign Host or a non-JSON body is refused (403).
    guardApiRequest(request, { requireJson: true });
    const text = await readBodyText(request, MAX_HTTP_BODY_BYTES, 'body');
    const input = diagnoseInput(parseJsonText(text, 'the request body', 'body'));
    const snapshot = input.snapshot ?? (await currentSnapshot());
    const diagnosis = diagnose(snapshot, input.request, { mode: 'full', now: new Date().toISOString() });
    return Response.json(diagnosis, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return apiErrorResponse(error, 'api/diagnose');
  }
}

// The methods this route does not serve: 405 in the API's error shape, with Allow.
const SERVED = ['POST'] as const;
export const GET = refuseMethod(SERVED);
export const HEAD = refuseMethod(SERVED);
export const PUT = refuseMethod(SERVED);
export const DELETE = refuseMethod(SERVED);
export const PATCH = refuseMethod(SERVED);
export const OPTIONS = optionsHandler(SERVED);
