import { describe, expect, it } from 'vitest';
import { compileGlob, matchGlob } from './wildcard';

describe('IAM wildcard matching', () => {
  const rows: [pattern: string, text: string, ignoreCase: boolean, expected: boolean][] = [
    ['*', '', false, true],
    ['*', 'anything at all', false, true],
    ['?', '', false, false],
    ['?', 'x', false, true],
    ['a*b*c', 'aXbYbZc', false, true],
    ['a*b*c', 'aXbYbZ', false, false],
    ['a**c', 'abc', false, true],
    ['*:role/*', 'arn:aws:iam::1:role/x', false, true],
    ['repo:acme/*:ref:refs/heads/main', 'repo:acme/api:ref:refs/heads/main', false, true],
    ['repo:acme/*:ref:refs/heads/main', 'repo:acme/api:ref:refs/heads/main-x', false, false],
    ['abc', 'ABC', false, false],
    ['abc', 'ABC', true, true],
    ['STS:Assume*', 'sts:assumerole', true, true],
    ['sts:Assume?ole', 'sts:AssumeRole', true, true],
    ['*a', 'aaaa', false, true],
    ['*aab', 'aaaaab', false, true],
  ];
  it.each(rows)('%s vs %s (ignoreCase %s) is %s', (pattern, text, ignoreCase, expected) => {
    expect(matchGlob(compileGlob(pattern, ignoreCase), text)).toBe(expected);
  });
});
