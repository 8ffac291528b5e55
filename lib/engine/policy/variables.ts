// Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, and the escapes
// `${*}`, `${?}`, `${$}`. Values are split into parts once at compile time; substitution at
// evaluation only looks keys up. Variables exist only in policies whose Version is 2012-10-17;
// anywhere else `${…}` is plain text.

import type { RequestContext } from './types';
import { QMARK, STAR, type GlobToken } from './wildcard';

export const VARIABLES_VERSION = '2012-10-17';

export type TemplatePart =
  | { kind: 'text'; text: string }
  /** `${*}` `${?}` `${$}`: the character itself, never a wildcard. */
  | { kind: 'escape'; text: string }
  | { kind: 'variable'; key: string; lowerKey: string; fallback?: string };

export interface Template {
  raw: string;
  parts: TemplatePart[];
  hasVariables: boolean;
}

/** Splits a value into text, escapes and variables. With variables off, the whole value is text. */
export function parseTemplate(raw: string, variablesOn: boolean): Template {
  if (!variablesOn || !raw.includes('${')) return { raw, parts: [{ kind: 'text', text: raw }], hasVariables: false };
  const parts: TemplatePart[] = [];
  let text = '';
  let hasVariables = false;
  let i = 0;
  while (i < raw.length) {
    if (raw[i] === '$' && raw[i + 1] === '{') {
      const close = raw.indexOf('}', i + 2);
      if (close !== -1) {
        const inner = raw.slice(i + 2, close);
        const part = parseVariable(inner);
        if (part) {
          if (text) parts.push({ kind: 'text', text });
          text = '';
          parts.push(part);
          if (part.kind === 'variable') hasVariables = true;
          i = close + 1;
          continue;
        }
      }
    }
    text += raw[i];
    i++;
  }
  if (text) parts.push({ kind: 'text', text });
  return { raw, parts, hasVariables };
}

function parseVariable(inner: string): TemplatePart | undefined {
  if (inner === '*' || inner === '?' || inner === '$') return { kind: 'escape', text: inner };
  // `${key, 'default'}`: AWS writes a comma and a space; tolerate any spacing around the comma.
  const match = /^\s*([^\s,'{}$]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
  if (!match) return undefined;
  const key = match[1];
  return match[2] === undefined
    ? { kind: 'variable', key, lowerKey: key.toLowerCase() }
    : { kind: 'variable', key, lowerKey: key.toLowerCase(), fallback: match[2] };
}

export type Resolution = { ok: true; text: string } | { ok: false; missing: string; multivalued?: boolean };

/** Looks a variable up; multivalued keys cannot be variables, so they do not resolve. */
function lookup(part: Extract<TemplatePart, { kind: 'variable' }>, context: RequestContext): Resolution {
  const entry = context.get(part.lowerKey);
  if (entry && entry.values.length === 1 && !entry.multivalued) return { ok: true, text: entry.values[0] };
  if (part.fallback !== undefined) return { ok: true, text: part.fallback };
  return { ok: false, missing: part.key, multivalued: entry !== undefined && entry.values.length > 0 };
}

/**
 * How a template's variables stand for one request, when the context can tell unknown keys from
 * absent ones: 'absent' names a variable with no value and no default (the template cannot be
 * resolved, so its statement is invalid whatever else is unknown: R-35); 'unknown' names a
 * variable reading a key unknown for this request (with or without a default, its value may
 * differ from what was substituted). Undefined: every variable resolved from known values.
 */
export function variableStanding(template: Template, context: RequestContext, valuesMatter = true): { standing: 'absent' | 'unknown'; key: string } | undefined {
  if (!template.hasVariables || !context.isUnknown) return undefined;
  let unknownKey: string | undefined;
  for (const part of template.parts) {
    if (part.kind !== 'variable') continue;
    if (context.isUnknown(part.lowerKey)) {
      // Where only whether the template resolves matters (not its value), a default settles it.
      if (valuesMatter || part.fallback === undefined) unknownKey ??= part.key;
      continue;
    }
    if (part.fallback === undefined && !lookup(part, context).ok) return { standing: 'absent', key: part.key };
  }
  return unknownKey === undefined ? undefined : { standing: 'unknown', key: unknownKey };
}

/** Of several templates (a condition's values, a statement's Resource list): an absent variable settles it; else the first unknown one. */
export function variablesStanding(templates: readonly Template[], context: RequestContext, valuesMatter = true): { standing: 'absent' | 'unknown'; key: string } | undefined {
  let unknown: { standing: 'absent' | 'unknown'; key: string } | undefined;
  for (const template of templates) {
    const standing = variableStanding(template, context, valuesMatter);
    if (standing?.standing === 'absent') return standing;
    unknown ??= standing;
  }
  return unknown;
}

/** The value with variables substituted, as plain text. */
export function resolveTemplate(template: Template, context: RequestContext): Resolution {
  if (!template.hasVariables && template.parts.length === 1 && template.parts[0].kind === 'text') {
    return { ok: true, text: template.raw };
  }
  let text = '';
  for (const part of template.parts) {
    if (part.kind === 'variable') {
      const resolved = lookup(part, context);
      if (!resolved.ok) return resolved;
      text += resolved.text;
    } else {
      text += part.text;
    }
  }
  return { ok: true, text };
}

function pushText(tokens: GlobToken[], text: string, ignoreCase: boolean): void {
  if (text) tokens.push(ignoreCase ? text.toLowerCase() : text);
}

/**
 * The value as wildcard tokens: `*`/`?` written in the policy are wildcards; escapes and
 * substituted variable values are literal text.
 */
export function templateTokens(
  template: Template,
  context: RequestContext | undefined,
  ignoreCase: boolean,
): { ok: true; tokens: GlobToken[]; text: string } | { ok: false; missing: string; multivalued?: boolean } {
  const tokens: GlobToken[] = [];
  let text = '';
  for (const part of template.parts) {
    if (part.kind === 'text') {
      let run = '';
      for (const ch of part.text) {
        if (ch === '*' || ch === '?') {
          pushText(tokens, run, ignoreCase);
          run = '';
          tokens.push(ch === '*' ? STAR : QMARK);
        } else run += ch;
      }
      pushText(tokens, run, ignoreCase);
      text += part.text;
    } else if (part.kind === 'escape') {
      pushText(tokens, part.text, ignoreCase);
      text += part.text;
    } else {
      if (!context) return { ok: false, missing: part.key };
      const resolved = lookup(part, context);
      if (!resolved.ok) return resolved;
      pushText(tokens, resolved.text, ignoreCase);
      text += resolved.text;
    }
  }
  return { ok: true, tokens, text };
}

export function unresolvedNote(missing: string, multivalued?: boolean): string {
  return multivalued
    ? `policy variable \${${missing}} names a multivalued key, which cannot be used as a variable; the condition fails (R-35)`
    : `policy variable \${${missing}} is not present in the request and has no default; the condition fails (R-35)`;
}
