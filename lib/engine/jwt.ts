// The payload of a web identity token (a JWT), decoded but never verified: we only explain.
// On its own, with nothing heavier than DoctorError and the JSON nesting check (lib/input), because
// share links (in the browser bundle) read tokens exactly as the engine does.
import { DoctorError } from '@/lib/errors';
import { assertJsonDepth, MAX_JSON_DEPTH } from '@/lib/input';

/** Decodes (never verifies: we only explain) the payload of a JWT. */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new DoctorError('bad-request', 'expected a JWT (three base64url parts separated by dots)', 'request.webIdentity.token');
  let text: string;
  try {
    text = base64UrlToText(parts[1]);
  } catch {
    throw new DoctorError('bad-request', 'the JWT payload is not base64url-encoded JSON', 'request.webIdentity.token');
  }
  // The request's own nesting was checked; what the token decodes to was not.
  assertJsonDepth(text, MAX_JSON_DEPTH, 'request.webIdentity.token (payload)');
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new DoctorError('bad-request', 'the JWT payload is not base64url-encoded JSON', 'request.webIdentity.token');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new DoctorError('bad-request', 'the JWT payload is not a JSON object', 'request.webIdentity.token');
  }
  return payload as Record<string, unknown>;
}

/** base64url → UTF-8 text. atob + TextDecoder rather than Buffer: this also runs in the browser. */
export function base64UrlToText(part: string): string {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** UTF-8 text → base64url without padding (browser and Node), the inverse of base64UrlToText. */
export function textToBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
