// Reading a policy document from what AWS and users hand us: an object (CLI form), a JSON string,
// or a URL-encoded JSON string (what the IAM API returns, `%7B%22Version%22…`). Anything that is
// not an IAM policy at all is refused here with the field named; statement-level problems are the
// compiler's business (they skip one statement, not the whole policy).

import { DoctorError } from '@/lib/errors';
import type { PolicyDocumentInput } from '../types';

/** Larger than any policy AWS stores (managed policies cap at 6,144 characters); guards the parser. */
export const MAX_POLICY_TEXT = 1024 * 1024;
/** Real policies nest 5 levels deep (document → Statement → Condition → operator → key → values). */
export const MAX_POLICY_DEPTH = 32;

export interface PolicyDocument extends Record<string, unknown> {
  Version?: unknown;
  Id?: unknown;
  Statement: unknown;
}

const EXPECTED = 'expected an IAM policy: a JSON object with a "Statement" (an object or an array of objects)';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function decodeText(text: string, field: string): string {
  let trimmed = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  trimmed = trimmed.trim();
  // The IAM API returns documents percent-encoded (`%7B%22Version…`); JSON never starts with `%`.
  if (trimmed.startsWith('%')) {
    try {
      trimmed = decodeURIComponent(trimmed).trim();
    } catch {
      throw new DoctorError('bad-policy', `looks URL-encoded but is not valid percent-encoding; ${EXPECTED}`, field);
    }
  }
  return trimmed;
}

/**
 * Walks the value without recursion (so hostile nesting cannot overflow the stack), refusing
 * depth beyond MAX_POLICY_DEPTH and content beyond MAX_POLICY_TEXT.
 */
function checkShape(root: unknown, field: string): void {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 1 }];
  let size = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (depth > MAX_POLICY_DEPTH) {
      throw new DoctorError('too-deep', `policy nests deeper than ${MAX_POLICY_DEPTH} levels; ${EXPECTED}`, field);
    }
    if (typeof value === 'string') size += value.length + 2;
    else if (Array.isArray(value)) {
      size += 2 + value.length;
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        size += key.length + 4;
        stack.push({ value: item, depth: depth + 1 });
      }
    } else size += 6;
    if (size > MAX_POLICY_TEXT) {
      throw new DoctorError('too-large', `policy is larger than ${MAX_POLICY_TEXT} characters`, field);
    }
  }
}

/** Quick depth scan of JSON text before parsing it. */
function checkTextDepth(text: string, field: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_POLICY_DEPTH) {
        throw new DoctorError('too-deep', `policy nests deeper than ${MAX_POLICY_DEPTH} levels; ${EXPECTED}`, field);
      }
    } else if (c === 125 || c === 93) depth--;
  }
}

/**
 * Parses a policy document. Throws DoctorError naming `field`: 'too-large' over 1 MB,
 * 'too-deep' beyond 32 levels, 'bad-policy' for malformed JSON and for anything that is
 * not an IAM policy (not an object, no Statement, Statement neither object nor array).
 */
export function parsePolicyDocument(input: unknown, field: string): PolicyDocument {
  let value: unknown = input;
  if (typeof input === 'string') {
    if (input.length > MAX_POLICY_TEXT * 3) {
      throw new DoctorError('too-large', `policy text is ${input.length} characters; at most ${MAX_POLICY_TEXT} are accepted`, field);
    }
    const text = decodeText(input, field);
    if (text.length > MAX_POLICY_TEXT) {
      throw new DoctorError('too-large', `policy text is ${text.length} characters; at most ${MAX_POLICY_TEXT} are accepted`, field);
    }
    if (text === '') throw new DoctorError('bad-policy', `policy is empty; ${EXPECTED}`, field);
    checkTextDepth(text, field);
    try {
      value = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unreadable';
      throw new DoctorError('bad-policy', `policy is not valid JSON (${reason}); ${EXPECTED}`, field);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DoctorError('bad-policy', `got ${describe(value)}; ${EXPECTED}`, field);
  }
  checkShape(value, field);
  const document = value as Record<string, unknown>;
  if (!('Statement' in document)) {
    throw new DoctorError('bad-policy', `policy has no "Statement"; ${EXPECTED}`, field);
  }
  const statement = document.Statement;
  if (typeof statement !== 'object' || statement === null) {
    throw new DoctorError('bad-policy', `"Statement" is ${describe(statement)}; ${EXPECTED}`, `${field}.Statement`);
  }
  return document as PolicyDocument;
}

/** Finds an element of a statement ignoring the case of its name, as IAM's JSON reader does not care (`effect`). */
export function element(statement: Record<string, unknown>, name: string): { present: boolean; value: unknown; written: string } {
  if (Object.hasOwn(statement, name)) return { present: true, value: statement[name], written: name };
  const lowered = name.toLowerCase();
  for (const key of Object.keys(statement)) {
    if (key.toLowerCase() === lowered) return { present: true, value: statement[key], written: key };
  }
  return { present: false, value: undefined, written: name };
}

/** The statements of a parsed document, always as a list. */
export function statementsOf(document: PolicyDocument): unknown[] {
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}

export type { PolicyDocumentInput };
