import { NextResponse } from 'next/server';
import { describeDataSource, startRefresh } from '@/lib/data-source';
import { guardApiRequest } from '@/lib/http/guard';
import { optionsHandler, refuseMethod } from '@/lib/http/methods';
import { apiErrorResponse } from '@/lib/http/respond';
import { sourceView } from '@/lib/ui/current';
import { pullView } from '@/lib/ui/pull-view';

export const dynamic = 'force-dynamic';

/** Where the data comes from, and the progress of the pull under way (polled by the home page). */
export function GET(request: Request) {
  try {
    guardApiRequest(request);
    const info = describeDataSource();
    return NextResponse.json({ source: sourceView(info), pull: info.pull ? pullView(info.pull) : null }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return apiErrorResponse(error, 'api/source');
  }
}

/** Starts a live pull; 202 with its progress row, which GET then reports. */
export function POST(request: Request) {
  try {
    guardApiRequest(request);
    const handle = startRefresh();
    return NextResponse.json({ pull: pullView(handle.progress) }, { status: 202 });
  } catch (error) {
    return apiErrorResponse(error, 'api/source refresh');
  }
}

// The methods this route does not serve: 405 in the API's error shape, with Allow.
const SERVED = ['GET', 'POST'] as const;
export const PUT = refuseMethod(SERVED);
export const DELETE = refuseMethod(SERVED);
export const PATCH = refuseMethod(SERVED);
export const OPTIONS = optionsHandler(SERVED);
