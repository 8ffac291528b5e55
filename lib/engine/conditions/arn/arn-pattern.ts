// the ARN operators check each of the six colon-separated parts separately, so a `*` in the
// region cannot swallow the account. The sixth part (the resource) keeps any further colons.

import { STAR, globFromTokens, matchGlob, type Glob, type GlobToken } from '../../policy/wildcard';

export interface ArnPattern {
  /** Six part-matchers; undefined for the match-everything value `*`. */
  parts?: Glob[];
}

/** Splits wildcard tokens at the first five colons of their literal text. */
export function compileArnPattern(tokens: GlobToken[]): ArnPattern | undefined {
  if (tokens.length === 1 && tokens[0] === STAR) return {};
  const parts: GlobToken[][] = [[]];
  for (const token of tokens) {
    if (typeof token !== 'string') {
      parts[parts.length - 1].push(token);
      continue;
    }
    let rest = token;
    let colon = rest.indexOf(':');
    while (colon !== -1 && parts.length < 6) {
      parts[parts.length - 1].push(rest.slice(0, colon));
      parts.push([]);
      rest = rest.slice(colon + 1);
      colon = rest.indexOf(':');
    }
    parts[parts.length - 1].push(rest);
  }
  // Six parts are compared one by one; a value without six parts has nothing to compare them with.
  if (parts.length < 6) return undefined;
  return { parts: parts.map((p) => globFromTokens(p, false)) };
}

export function matchArnPattern(pattern: ArnPattern, requestValue: string): boolean {
  if (!pattern.parts) return true; // `*`
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = requestValue.indexOf(':', start);
    if (colon === -1) return false;
    if (!matchGlob(pattern.parts[i], requestValue.slice(start, colon))) return false;
    start = colon + 1;
  }
  return matchGlob(pattern.parts[5], requestValue.slice(start));
}
