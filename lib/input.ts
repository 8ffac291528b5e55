// Reading untrusted JSON at the edge (HTTP bodies, CLI files and stdin): size limits, a nesting
// limit checked before parsing, and a parse error that says where. Shared by the CLI and the API
// so both refuse the same inputs with the same codes. Nothing here logs the input: request bodies
// can hold web identity tokens and SAML assertions.

import { DoctorError } from '@/lib/errors';

/** POST /api/diagnose bodies. */
export const MAX_HTTP_BODY_BYTES = 10 * 1024 * 1024;
/** Files given to the CLI. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/**
 * The deepest a snapshot legitimately nests is about a dozen levels (account → details → role →
 * trust policy → statement → condition → operator → key → values); CloudTrail records a few more.
 * 64 leaves room and stops pathological nesting before it reaches a recursive parser.
 */
export const MAX_JSON_DEPTH = 64;

/** `20 MB`, `20.03 MB`: megabytes (MiB) to two decimals, trailing zeros dropped. */
export function megabytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(2))} MB`;
}

/**
 * A size over `limit` in words that show it is over: in megabytes, or in bytes when the two
 * would read the same rounded (20 MB and one byte is not "20 MB, over the 20 MB limit").
 */
export function describeOverLimit(bytes: number, limit: number): string {
  const size = megabytes(bytes);
  return size === megabytes(limit) ? `${bytes} bytes, over the ${megabytes(limit)} (${limit} bytes) limit` : `${size}, over the ${megabytes(limit)} limit`;
}

export function assertSize(bytes: number, limit: number, what: string, field?: string): void {
  if (bytes > limit) {
    throw new DoctorError('too-large', `${what} is ${describeOverLimit(bytes, limit)}`, field);
  }
}

/**
 * Scans JSON text for nesting deeper than `maxDepth` without recursion, skipping string contents.
 * Runs before JSON.parse so a 100,000-deep array never reaches a recursive walker.
 */
export function assertJsonDepth(text: string, maxDepth = MAX_JSON_DEPTH, field?: string): void {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92 /* \ */) index++;
      else if (code === 34 /* " */) inString = false;
      continue;
    }
    if (code === 34) inString = true;
    else if (code === 123 /* { */ || code === 91 /* [ */) {
      depth++;
      if (depth > maxDepth) {
        throw new DoctorError('too-deep', `JSON nests deeper than ${maxDepth} levels (at character ${index}); no snapshot or request needs that`, field);
      }
    } else if (code === 125 || code === 93) depth--;
  }
}

/** Parses JSON text after the depth check; a syntax error becomes `bad-json` naming the input. */
export function parseJsonText(text: string, what: string, field?: string): unknown {
  assertJsonDepth(text, MAX_JSON_DEPTH, field);
  const trimmed = text.replace(/^\uFEFF/, '');
  if (trimmed.trim() === '') throw new DoctorError('bad-json', `${what} is empty; expected a JSON document`, field);
  try {
    return JSON.parse(trimmed);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'not JSON';
    throw new DoctorError('bad-json', `${what} is not valid JSON: ${detail}`, field);
  }
}

/**
 * Reads a request body's bytes with a byte limit: the declared Content-Length is checked first,
 * then the bytes actually received (a client may lie or stream without a length). `what` names
 * the body in the message, `field` in the error (e.g. `body`, `files`).
 */
export async function readBodyBytes(request: Request, limit: number, what = 'the request body', field?: string): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim())) assertSize(Number(declared), limit, what, field);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      await reader.cancel().catch(() => undefined);
      throw new DoctorError('too-large', `${what} is over the ${megabytes(limit)} limit`, field);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Reads a request body as UTF-8 text within `limit` bytes (readBodyBytes); not UTF-8 is `bad-json`. */
export async function readBodyText(request: Request, limit = MAX_HTTP_BODY_BYTES, field?: string): Promise<string> {
  const bytes = await readBodyBytes(request, limit, 'the request body', field);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DoctorError('bad-json', 'the request body is not UTF-8 text');
  }
}

export interface DiagnoseInput {
  snapshot?: unknown;
  request: unknown;
}

/** The shape of a POST /api/diagnose body: `{ snapshot?, request }`, both objects. */
export function diagnoseInput(body: unknown): DiagnoseInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DoctorError('bad-request', 'expected a JSON object { "snapshot"?: Snapshot, "request": Request }', 'body');
  }
  const record = body as Record<string, unknown>;
  if (record.request === undefined) throw new DoctorError('bad-request', 'is required: the STS call to explain', 'request');
  if (typeof record.request !== 'object' || record.request === null || Array.isArray(record.request)) {
    throw new DoctorError('bad-request', 'expected an object (assumerole-doctor/request@1)', 'request');
  }
  if (record.snapshot !== undefined && (typeof record.snapshot !== 'object' || record.snapshot === null || Array.isArray(record.snapshot))) {
    throw new DoctorError('bad-snapshot', 'expected an object (assumerole-doctor/snapshot@1) or no snapshot at all', 'snapshot');
  }
  return { snapshot: record.snapshot, request: record.request };
}

/**
 * The same nesting limit for values that are already objects: what diagnose() and loadSnapshot()
 * are given by library callers (no edge read the text), and what a string held inside them
 * decodes to. Walks without recursion; the path is worked out only when the limit is passed, so
 * a well-formed request costs one pass over its few dozen values. `prefix` names the value
 * (`request`, `` for a snapshot); the field named is the prefix and the first keys below it.
 */
export function assertValueDepth(value: unknown, prefix: string, maxDepth = MAX_JSON_DEPTH): void {
  if (typeof value !== 'object' || value === null) return;
  const values: object[] = [value];
  const depths: number[] = [1];
  // A library caller's object may share sub-objects ({a: v, b: v}, repeated): each is walked again
  // only when reached deeper than before, so the walk stays linear in the distinct objects.
  const reached = new Map<object, number>();
  while (values.length > 0) {
    const node = values.pop()!;
    const depth = depths.pop()!;
    if (depth > maxDepth) throw deepValueError(value, prefix, maxDepth);
    const before = reached.get(node);
    if (before !== undefined && before >= depth) continue;
    reached.set(node, depth);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === 'object' && item !== null) {
          values.push(item);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in node) {
        const item: unknown = (node as Record<string, unknown>)[key];
        if (typeof item === 'object' && item !== null) {
          values.push(item);
          depths.push(depth + 1);
        }
      }
    }
  }
}

const NAMED_SEGMENTS = 6;

/** The error for a value nesting past `maxDepth`, naming the path down to it (its first few keys). */
function deepValueError(root: object, prefix: string, maxDepth: number): DoctorError {
  // Depth-first again, each node linked to its parent; stops at the first node too deep.
  interface Step {
    node: unknown;
    depth: number;
    parent?: Step;
    segment: string;
  }
  const stack: Step[] = [{ node: root, depth: 1, segment: '' }];
  let found: Step | undefined;
  while (stack.length > 0 && found === undefined) {
    const step = stack.pop()!;
    const { node, depth } = step;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxDepth) found = step;
    else if (Array.isArray(node)) node.forEach((item, i) => stack.push({ node: item, depth: depth + 1, parent: step, segment: `[${i}]` }));
    else for (const key in node) stack.push({ node: (node as Record<string, unknown>)[key], depth: depth + 1, parent: step, segment: `.${key}` });
  }
  const path: string[] = [];
  for (let step = found; step?.parent !== undefined; step = step.parent) path.unshift(step.segment);
  let field = prefix;
  for (const segment of path.slice(0, NAMED_SEGMENTS)) field = field === '' ? segment.replace(/^\./, '') : `${field}${segment}`;
  const shown = path.length > NAMED_SEGMENTS ? `${field}…` : field;
  return new DoctorError('too-deep', `nests deeper than ${maxDepth} levels (below ${shown || 'the top'}); no snapshot or request needs that`, field || undefined);
}
