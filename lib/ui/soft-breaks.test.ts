import { describe, expect, it } from 'vitest';
import { softBreakSegments } from './soft-breaks';

describe('softBreakSegments', () => {
  it('keeps a host name whole: it never breaks inside "sts.amazonaws.com"', () => {
    expect(softBreakSegments('sts.amazonaws.com')).toEqual(['sts.amazonaws.com']);
  });

  it('breaks an ARN or a subject after its separators only', () => {
    expect(softBreakSegments('arn:aws:iam::111111111111:role/Deploy')).toEqual(['arn:', 'aws:', 'iam:', ':', '111111111111:', 'role/', 'Deploy']);
    expect(softBreakSegments('repo:acme/api:ref:refs/heads/main')).toEqual(['repo:', 'acme/', 'api:', 'ref:', 'refs/', 'heads/', 'main']);
    expect(softBreakSegments('token.actions.githubusercontent.com:aud')).toEqual(['token.actions.githubusercontent.com:', 'aud']);
  });

  it('lets a very long run without separators break after dots, dashes and underscores', () => {
    const long = 'a-very-long-bucket-name.with-many-parts.example-company.internal';
    const segments = softBreakSegments(long);
    expect(segments.join('')).toBe(long);
    expect(segments.length).toBeGreaterThan(1);
    expect(Math.max(...segments.map((segment) => segment.length))).toBeLessThanOrEqual(15);
  });

  it('breaks a long condition key after its dots when asked for a shorter run', () => {
    expect(softBreakSegments('token.actions.githubusercontent.com:sub', 24)).toEqual(['token.', 'actions.', 'githubusercontent.', 'com:', 'sub']);
    expect(softBreakSegments('aws:PrincipalTag/team', 24)).toEqual(['aws:', 'PrincipalTag/', 'team']);
  });

  it('gives the value back when joined, and nothing for an empty value', () => {
    for (const value of ['a', '::', 'x=y&z=w', '/a/b/', 'plain']) expect(softBreakSegments(value).join('')).toBe(value);
    expect(softBreakSegments('')).toEqual([]);
    expect(softBreakSegments('::').every((segment) => segment.length > 0)).toBe(true);
  });
});
