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

  // The reading IAM documents: `*` any run of characters, `?` exactly one, as a RegExp.
  function reference(pattern: string, text: string, ignoreCase: boolean): boolean {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
    return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(text);
  }

  it('R-31: agrees with the plain reading of * and ? on 20,000 random patterns and values', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const pick = (alphabet: string, max: number) => Array.from({ length: random(max + 1) }, () => alphabet[random(alphabet.length)]).join('');
    for (let i = 0; i < 20000; i++) {
      const pattern = pick('ab*?Ab', 8);
      const text = pick('abAB', 10);
      const ignoreCase = random(2) === 1;
      // Case folding is ASCII on the pattern, which compileGlob lowercases for case-insensitive globs.
      expect(matchGlob(compileGlob(pattern, ignoreCase), text), `${pattern} vs ${text} (${ignoreCase})`).toBe(reference(pattern, text, ignoreCase));
    }
  });

  it('answers for a long hostile pattern and value (a run of a then b) as for short ones', () => {
    const pattern = `*${'a'.repeat(20000)}b`;
    expect(matchGlob(compileGlob(pattern, false), 'a'.repeat(200000))).toBe(false);
    expect(matchGlob(compileGlob(pattern, false), `${'a'.repeat(200000)}b`)).toBe(true);
    expect(matchGlob(compileGlob(`*${'a'.repeat(20000)}b*`, true), `${'A'.repeat(200000)}B${'x'.repeat(10)}`)).toBe(true);
    expect(matchGlob(compileGlob(`*${'a'.repeat(20000)}b*c`, false), 'a'.repeat(200000))).toBe(false);
  });
});
