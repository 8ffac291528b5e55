// Every request, pages included, must name this machine in its Host header (and, for unsafe
// methods, come from this dashboard): a DNS-rebinding page (attacker.example resolving to
// 127.0.0.1) would otherwise read the IAM data the pages render, not only the API's. The route
// handlers under app/api keep their own call, so they are safe however they are reached.
// An address that is not valid percent-encoding is refused here with a 400 naming the segment
// (Next.js would fail to decode it and answer a bare 500).

import { NextResponse, type NextRequest } from 'next/server';
import { toDoctorError } from '@/lib/errors';
import { guardApiRequest } from '@/lib/http/guard';
import { assertDecodablePath } from '@/lib/http/path';

export function proxy(request: NextRequest): NextResponse {
  try {
    guardApiRequest(request);
    assertDecodablePath(request.nextUrl.pathname);
  } catch (error) {
    const refusal = toDoctorError(error);
    // JSON for pages too (never HTML: the message quotes the address as typed).
    return NextResponse.json(refusal.toJSON(), { status: refusal.status });
  }
  return NextResponse.next();
}

export const config = {
  // Static build output carries no data; everything else goes through the guard. Uploads
  // (/api/source/import, up to 64 MB) do not: the proxy would buffer them (next.config.js), and
  // their route calls the same guard itself before reading the body.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/source/import/?$).*)'],
};
