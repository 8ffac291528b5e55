// The one gate in front of every page and route handler: who may call the dashboard at all.
//
// The dashboard runs on the engineer's own machine and holds their IAM snapshot, so the API must
// answer only the dashboard itself (and curl / scripts on the same machine), never another web
// page open in the same browser:
// - Host: every /api request must name this machine (localhost, 127.0.0.1, [::1]) or a host name
//   listed in DOCTOR_ALLOWED_HOSTS. A DNS-rebinding page (attacker.example resolving to 127.0.0.1)
//   sends its own name as Host, so it can neither read /api/source/export nor call anything else.
// - Unsafe methods (anything but GET, HEAD, OPTIONS): a browser request made by another site is
//   refused when Sec-Fetch-Site says it is not same-origin (or a user-typed `none`), or when
//   Origin names another host than the request's Host. multipart/form-data and text/plain POSTs
//   are CORS "simple" requests that any page can send; these headers are how we tell them apart.
//   Requests with neither header (curl, scripts) pass: only browsers add them, and browsers
//   always do on cross-site POSTs.
// - /api/diagnose also requires `content-type: application/json`, which a cross-site page cannot
//   send without a CORS preflight (which we never grant).
// A refusal is a DoctorError `forbidden` (403) naming the header, answered in the usual
// `{ "error": { "code", "message", "field" } }` shape by the route's own catch.
// proxy.ts calls it for every path (pages render the IAM data too), and each handler under
// app/api/** calls it again first: the rule is visible where the route is, holds for
// /api/source/import (which skips the proxy so its upload is not buffered), and is unit-tested by
// calling the handlers with a Request, as Next.js does.

import 'server-only';
import { env } from '@/lib/env';
import { DoctorError } from '@/lib/errors';

/** The host names the API always answers to: this machine's loopback names. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** `name`, `name:port`, `[v6]`, `[v6]:port`: nothing else (no user info, path or spaces). */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(:\d{1,5})?$/i;

export interface GuardOptions {
  /** Host names allowed besides the loopback names; default: DOCTOR_ALLOWED_HOSTS. */
  allowedHosts?: readonly string[];
  /** Require `content-type: application/json` (POST /api/diagnose). */
  requireJson?: boolean;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}

/** The request's Host (`name[:port]`): the header, else the URL's (a Request built without one). */
function requestHost(request: Request): string {
  return request.headers.get('host') ?? new URL(request.url).host;
}

/** The host name of a Host header, normalized as URLs are (lowercase, `[::1]`); undefined when it is not one. */
export function hostnameOf(host: string): string | undefined {
  if (!HOST_HEADER.test(host)) return undefined;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
}

/** Throws a `forbidden` DoctorError naming the header when the request must not reach an API route. */
export function guardApiRequest(request: Request, options: GuardOptions = {}): void {
  const host = requestHost(request);
  const hostname = hostnameOf(host);
  const allowed = [...LOOPBACK_HOSTS, ...(options.allowedHosts ?? env().DOCTOR_ALLOWED_HOSTS)];
  if (hostname === undefined || !allowed.includes(hostname)) {
    throw new DoctorError(
      'forbidden',
      `the Host header ${quote(host)} does not name this machine: the dashboard answers only to ${allowed.join(', ')} (add a host name to DOCTOR_ALLOWED_HOSTS to serve it under that name)`,
      'Host',
    );
  }

  if (!SAFE_METHODS.has(request.method.toUpperCase())) {
    const site = request.headers.get('sec-fetch-site');
    if (site !== null && site !== 'same-origin' && site !== 'none') {
      throw new DoctorError('forbidden', `the Sec-Fetch-Site header is ${quote(site)}: the API refuses ${request.method} requests made by another site`, 'Sec-Fetch-Site');
    }
    const origin = request.headers.get('origin');
    if (origin !== null && !sameHost(origin, host)) {
      throw new DoctorError('forbidden', `the Origin header ${quote(origin)} is not this server (${quote(host)}): the API refuses ${request.method} requests made by another site`, 'Origin');
    }
  }

  if (options.requireJson) {
    const type = request.headers.get('content-type');
    const media = type?.split(';')[0].trim().toLowerCase();
    if (media !== 'application/json') {
      throw new DoctorError('forbidden', `the Content-Type header must be application/json${type === null ? ' and is missing' : `, not ${quote(type)}`}`, 'Content-Type');
    }
  }
}

/** Whether an Origin header names the same host and port as the request's Host. */
function sameHost(origin: string, host: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // `null` (sandboxed frames, some redirects) or garbage: not provably us
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  try {
    // Normalize the Host with the Origin's scheme, so default ports compare equal (`x` and `x:80`).
    return new URL(`${url.protocol}//${host}`).host === url.host;
  } catch {
    return false;
  }
}
