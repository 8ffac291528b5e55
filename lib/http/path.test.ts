import { describe, expect, it } from 'vitest';
import { DoctorError } from '@/lib/errors';
import { assertDecodablePath } from './path';

describe('assertDecodablePath', () => {
  it('accepts ordinary and correctly encoded paths', () => {
    for (const path of ['/', '/roles/111111111111/Deploy', '/roles/111111111111/a%2Fb', '/d/%E2%9C%93', '/diagnose']) {
      expect(() => assertDecodablePath(path)).not.toThrow();
    }
  });

  it.each([
    ['/roles/%E0%A4%A/x', 2, '%E0%A4%A'],
    ['/d/%ZZ', 2, '%ZZ'],
    ['/roles/111111111111/%', 3, '%'],
    ['/api/diagnose%C3', 2, 'diagnose%C3'],
  ])('refuses %s with a 400 naming segment %i', (path, index, segment) => {
    let caught: unknown;
    try {
      assertDecodablePath(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DoctorError);
    const error = caught as DoctorError;
    expect(error.status).toBe(400);
    expect(error.field).toBe('path');
    expect(error.message).toContain(`path segment ${index} ${JSON.stringify(segment)}`);
  });

  it('shortens a long segment in the message', () => {
    const long = `${'a'.repeat(200)}%`;
    expect(() => assertDecodablePath(`/x/${long}`)).toThrow(/a{60}…/);
  });
});
