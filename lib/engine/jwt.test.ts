import { describe, expect, it } from 'vitest';
import { isDoctorError } from '@/lib/errors';
import { decodeJwtPayload, textToBase64Url } from './jwt';

const token = (payload: string) => `${textToBase64Url('{"alg":"none"}')}.${textToBase64Url(payload)}.sig`;

describe('decodeJwtPayload', () => {
  it('decodes the payload of a token', () => {
    expect(decodeJwtPayload(token('{"iss":"https://x.example","sub":"a"}'))).toEqual({ iss: 'https://x.example', sub: 'a' });
  });

  it('a payload nesting 5,000 deep is too-deep naming the token payload (the request around it was shallow)', () => {
    let caught: unknown;
    try {
      decodeJwtPayload(token(`{"iss":"https://x.example","sub":${'['.repeat(5000)}${']'.repeat(5000)}}`));
    } catch (error) {
      caught = error;
    }
    expect(isDoctorError(caught)).toBe(true);
    if (!isDoctorError(caught)) return;
    expect(caught.code).toBe('too-deep');
    expect(caught.status).toBe(422);
    expect(caught.exitCode).toBe(2);
    expect(caught.field).toBe('request.webIdentity.token (payload)');
  });
});
