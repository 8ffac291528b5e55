import { NextResponse } from 'next/server';
import { importFiles, importRefusal } from '@/lib/data-source';
import { DoctorError } from '@/lib/errors';
import { guardApiRequest } from '@/lib/http/guard';
import { readBodyBytes } from '@/lib/input';
import { optionsHandler, refuseMethod } from '@/lib/http/methods';
import { apiErrorResponse } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

/**
 * Uploads larger than this are refused (CloudTrail exports are compressed). next.config.js lets
 * proxy.ts pass bodies a little larger than this whole, so this limit is the one that decides.
 */
const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** Imports uploaded files (authorization details, CloudTrail logs, snapshots) as the current data. */
export async function POST(request: Request) {
  try {
    guardApiRequest(request);
    // A server that refuses imports says so before reading (or waiting for) the upload.
    const refusal = importRefusal();
    if (refusal) throw refusal;
    // A declared length over the limit is refused before reading; a chunked upload, counted as received.
    const body = await readBodyBytes(request, MAX_IMPORT_BYTES, 'the upload', 'files');
    let form: FormData;
    try {
      form = await new Response(body, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
    } catch {
      throw new DoctorError('bad-usage', 'expected a multipart form with one or more "files"', 'files');
    }
    const files = form.getAll('files').filter((item): item is File => typeof item === 'object' && item !== null && 'arrayBuffer' in item);
    if (files.length === 0) throw new DoctorError('bad-usage', 'no file was uploaded: choose .json or .json.gz files', 'files');
    const input = await Promise.all(files.map(async (file) => ({ name: file.name, data: new Uint8Array(await file.arrayBuffer()) })));
    // The uploader states that the accounts belong to no organization; otherwise IAM files alone
    // leave SCPs, RCPs and aws:PrincipalOrgID unknown rather than claim there are none.
    const noOrganization = form.get('noOrganization') === 'true';
    const { snapshot, summary } = await importFiles(input, { noOrganization });
    return NextResponse.json({ snapshotId: snapshot.id, label: snapshot.label, summary });
  } catch (error) {
    return apiErrorResponse(error, 'api/source/import');
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
