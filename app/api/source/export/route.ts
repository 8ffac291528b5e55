// GET /api/source/export — the dashboard's current data as a snapshot file (snapshot@1), for
// `doctor diagnose --snapshot`, for a colleague, or to import elsewhere. A snapshot holds policies
// and CloudTrail records, never credentials.
import { getCurrentSnapshot } from '@/lib/data-source';
import { apiErrorResponse } from '@/lib/http/respond';
import { guardApiRequest } from '@/lib/http/guard';
import { optionsHandler, refuseMethod } from '@/lib/http/methods';
import { exportSnapshot, snapshotFileName } from '@/lib/imports';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  try {
    // Above all the Host check: this answers the whole snapshot, which a DNS-rebinding page would read.
    guardApiRequest(request);
    const snapshot = getCurrentSnapshot();
    return new Response(exportSnapshot(snapshot), {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${snapshotFileName(snapshot.capturedAt)}"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return apiErrorResponse(error, 'api/source/export');
  }
}

// The methods this route does not serve: 405 in the API's error shape, with Allow.
const SERVED = ['GET'] as const;
export const POST = refuseMethod(SERVED);
export const PUT = refuseMethod(SERVED);
export const DELETE = refuseMethod(SERVED);
export const PATCH = refuseMethod(SERVED);
export const OPTIONS = optionsHandler(SERVED);
