// IAM wildcard matching (`*` any run of characters, `?` exactly one) without building a RegExp per
// value: patterns are compiled once into a token list and matched by a backtracking scan that
// allocates nothing. Literal `*`/`?` that came from `${*}`/`${?}` are plain text tokens.

export const STAR = 0 as const;
export const QMARK = 1 as const;
/** A compiled pattern: literal strings and the two wildcards, in order. */
export type GlobToken = string | typeof STAR | typeof QMARK;

export interface Glob {
  /** True when the pattern has no wildcard (exact compare is enough). */
  exact: boolean;
  /** The pattern as a single string when `exact` (already lowercased for case-insensitive globs). */
  literal: string;
  tokens: GlobToken[];
  ignoreCase: boolean;
}

/** Compiles `a*b?c`. `ignoreCase` folds ASCII letters (actions, StringLike is case-sensitive). */
export function compileGlob(pattern: string, ignoreCase: boolean): Glob {
  const tokens: GlobToken[] = [];
  let text = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*' || ch === '?') {
      if (text) tokens.push(ignoreCase ? text.toLowerCase() : text);
      text = '';
      // Consecutive stars collapse: `**` means the same as `*`.
      if (ch === '*' && tokens.length > 0 && tokens[tokens.length - 1] === STAR) continue;
      tokens.push(ch === '*' ? STAR : QMARK);
    } else {
      text += ch;
    }
  }
  if (text) tokens.push(ignoreCase ? text.toLowerCase() : text);
  return globFromTokens(tokens, ignoreCase);
}

/** Builds a Glob from tokens (literal text must already be lowercased when ignoreCase). */
export function globFromTokens(tokens: GlobToken[], ignoreCase: boolean): Glob {
  // Merge adjacent literal tokens so matching compares runs.
  const merged: GlobToken[] = [];
  for (const token of tokens) {
    const last = merged[merged.length - 1];
    if (typeof token === 'string' && typeof last === 'string') merged[merged.length - 1] = last + token;
    else if (token === STAR && last === STAR) continue;
    else if (token !== '') merged.push(token);
  }
  const exact = merged.every((t) => typeof t === 'string');
  return { exact, literal: exact ? (merged as string[]).join('') : '', tokens: merged, ignoreCase };
}

function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function literalAt(text: string, at: number, literal: string, ignoreCase: boolean): boolean {
  if (at + literal.length > text.length) return false;
  if (!ignoreCase) return text.startsWith(literal, at);
  for (let i = 0; i < literal.length; i++) {
    if (fold(text.charCodeAt(at + i)) !== literal.charCodeAt(i)) return false;
  }
  return true;
}

function equalsFolded(text: string, lowered: string): boolean {
  if (text.length !== lowered.length) return false;
  for (let i = 0; i < text.length; i++) if (fold(text.charCodeAt(i)) !== lowered.charCodeAt(i)) return false;
  return true;
}

/** Does `text` match the compiled pattern? */
export function matchGlob(glob: Glob, text: string): boolean {
  if (glob.exact) return glob.ignoreCase ? equalsFolded(text, glob.literal) : text === glob.literal;
  const tokens = glob.tokens;
  const ignoreCase = glob.ignoreCase;
  let t = 0; // token index
  let p = 0; // position in text
  let starToken = -1;
  let starPos = 0;
  while (true) {
    if (t < tokens.length) {
      const token = tokens[t];
      if (token === STAR) {
        starToken = t;
        starPos = p;
        t++;
        continue;
      }
      if (token === QMARK) {
        if (p < text.length) {
          p++;
          t++;
          continue;
        }
      } else if (literalAt(text, p, token, ignoreCase)) {
        p += token.length;
        t++;
        continue;
      }
    } else if (p === text.length) {
      return true;
    }
    // Mismatch: let the last star swallow one more character and retry from there.
    if (starToken === -1 || starPos >= text.length) return false;
    starPos++;
    p = starPos;
    t = starToken + 1;
  }
}
