// IAM wildcard matching (`*` any run of characters, `?` exactly one) without building a RegExp per
// value: patterns are compiled once into segments (the runs between stars) and matched without
// allocating. Literal `*`/`?` that came from `${*}`/`${?}` are plain text tokens.
//
// Time: the first segment must match at the start and the last at the end; every segment in
// between is placed at its leftmost match, which is always safe because a segment has a fixed
// length and anything between two segments is swallowed by a star. A search never rescans text
// already passed, and a literal segment is searched with indexOf only while the worst case stays
// small, else with KMP: a hostile pattern and value (a long run of 'a' then 'b', say) cost time
// linear in their lengths instead of their product.

import { BoundedMap } from '../memo';

export const STAR = 0 as const;
export const QMARK = 1 as const;
/** A compiled pattern: literal strings and the two wildcards, in order. */
export type GlobToken = string | typeof STAR | typeof QMARK;

/** A run of the pattern between stars: literal text and `?`, of a fixed length. */
interface Segment {
  tokens: (string | typeof QMARK)[];
  length: number;
  /** The segment as one string when it has no `?`. */
  literal?: string;
  /** KMP failure table of `literal`, built on first use. */
  failure?: Int32Array;
}

export interface Glob {
  /** True when the pattern has no wildcard (exact compare is enough). */
  exact: boolean;
  /** The pattern as a single string when `exact` (already lowercased for case-insensitive globs). */
  literal: string;
  /** The pattern's runs and wildcards, adjacent literals merged. */
  tokens: GlobToken[];
  ignoreCase: boolean;
  /** How matchGlob places the pattern, derived from `tokens` on the first wildcard match. */
  plan?: GlobPlan;
}

/** The pattern split at its stars; `anchoredStart`/`anchoredEnd`: no star before the first / after the last. */
interface GlobPlan {
  segments: Segment[];
  anchoredStart: boolean;
  anchoredEnd: boolean;
  /** No star at all: the pattern is one fixed-length run with `?` in it. */
  starless: boolean;
}

// Patterns read as written, outside a compiled policy (a fix reading a statement's Action, a trust
// policy's subject values), recur across calls: each is compiled once (bounded).
const cached = new BoundedMap<string, Glob>(4_000);

/** compileGlob, kept per pattern and case rule. */
export function cachedGlob(pattern: string, ignoreCase: boolean): Glob {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let glob = cached.get(key);
  if (glob === undefined) cached.set(key, (glob = compileGlob(pattern, ignoreCase)));
  return glob;
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

function planOf(tokens: GlobToken[]): GlobPlan {
  const segments: Segment[] = [];
  let current: Segment = { tokens: [], length: 0 };
  for (const token of tokens) {
    if (token === STAR) {
      segments.push(current);
      current = { tokens: [], length: 0 };
    } else {
      current.tokens.push(token);
      current.length += token === QMARK ? 1 : token.length;
    }
  }
  segments.push(current);
  for (const segment of segments) if (segment.tokens.every((t) => t !== QMARK)) segment.literal = (segment.tokens as string[]).join('');
  return {
    // Leading and trailing empty runs (a pattern starting or ending with a star) place nothing.
    segments: segments.filter((segment) => segment.length > 0),
    anchoredStart: tokens[0] !== STAR,
    anchoredEnd: tokens[tokens.length - 1] !== STAR,
    starless: !tokens.includes(STAR),
  };
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

/** Does the segment match `text` at `at` (which leaves room for it)? */
function segmentAt(text: string, at: number, segment: Segment, ignoreCase: boolean): boolean {
  let p = at;
  const tokens = segment.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === QMARK) p++;
    else {
      if (!literalAt(text, p, token, ignoreCase)) return false;
      p += token.length;
    }
  }
  return true;
}

// Above this many character comparisons in the worst case, a literal is searched with KMP.
const INDEXOF_BUDGET = 1 << 16;

function failureOf(literal: string): Int32Array {
  const failure = new Int32Array(literal.length);
  let k = 0;
  for (let i = 1; i < literal.length; i++) {
    while (k > 0 && literal.charCodeAt(i) !== literal.charCodeAt(k)) k = failure[k - 1];
    if (literal.charCodeAt(i) === literal.charCodeAt(k)) k++;
    failure[i] = k;
  }
  return failure;
}

/** Leftmost position ≥ from where the segment matches and ends by `limit`, or -1. */
function findSegment(text: string, from: number, limit: number, segment: Segment, ignoreCase: boolean): number {
  const last = limit - segment.length;
  if (last < from) return -1;
  const literal = segment.literal;
  if (literal !== undefined) {
    if (!ignoreCase && literal.length * (limit - from) <= INDEXOF_BUDGET) {
      const at = text.indexOf(literal, from);
      return at !== -1 && at <= last ? at : -1;
    }
    // KMP, folding the text when the literal was lowercased.
    const failure = (segment.failure ??= failureOf(literal));
    let k = 0;
    for (let i = from; i < limit; i++) {
      const code = ignoreCase ? fold(text.charCodeAt(i)) : text.charCodeAt(i);
      while (k > 0 && code !== literal.charCodeAt(k)) k = failure[k - 1];
      if (code === literal.charCodeAt(k)) k++;
      if (k === literal.length) return i - literal.length + 1;
    }
    return -1;
  }
  for (let at = from; at <= last; at++) if (segmentAt(text, at, segment, ignoreCase)) return at;
  return -1;
}

/** Does `text` match the compiled pattern? */
export function matchGlob(glob: Glob, text: string): boolean {
  if (glob.exact) return glob.ignoreCase ? equalsFolded(text, glob.literal) : text === glob.literal;
  const plan = (glob.plan ??= planOf(glob.tokens));
  const segments = plan.segments;
  const ignoreCase = glob.ignoreCase;
  // No star: one fixed-length run with `?` in it.
  if (plan.starless) {
    return text.length === segments[0].length && segmentAt(text, 0, segments[0], ignoreCase);
  }
  let first = 0;
  let end = segments.length;
  let from = 0;
  let limit = text.length;
  if (plan.anchoredStart && segments.length > 0) {
    const head = segments[0];
    if (head.length > limit || !segmentAt(text, 0, head, ignoreCase)) return false;
    from = head.length;
    first = 1;
  }
  if (plan.anchoredEnd && end > first) {
    const tail = segments[end - 1];
    if (tail.length > limit - from || !segmentAt(text, limit - tail.length, tail, ignoreCase)) return false;
    limit -= tail.length;
    end--;
  }
  for (let i = first; i < end; i++) {
    const at = findSegment(text, from, limit, segments[i], ignoreCase);
    if (at === -1) return false;
    from = at + segments[i].length;
  }
  return true;
}
