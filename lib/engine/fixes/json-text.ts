// A policy document as the two JSON texts a fix prints: compact for the AWS CLI, indented for
// Terraform. One walk writes both, equal to JSON.stringify(document) and to
// JSON.stringify(document, null, 2) with `indent` after every line break; serialising twice
// natively and re-indenting with a regex cost about twice as much.

export interface JsonTexts {
  compact: string;
  indented: string;
  /** Whether a string holds `'` (a shell must see it escaped), noted while writing instead of searched for after. */
  singleQuotes: boolean;
  /** Whether a string holds `${` or `%{` (Terraform would read a template sequence). */
  templateSequences: boolean;
}

/** Documents are plain JSON data; anything else (toJSON, boxed values, deep nesting) is left to JSON.stringify. */
class NotPlainJson extends Error {}

const MAX_DEPTH = 64;

export function jsonTexts(document: unknown, indent = ''): JsonTexts {
  const writer = new JsonWriter();
  try {
    writer.value(document, `\n${indent}`, 0);
    return { compact: writer.compact, indented: writer.indented, singleQuotes: writer.singleQuotes, templateSequences: writer.templateSequences };
  } catch (error) {
    if (!(error instanceof NotPlainJson)) throw error;
    const compact = JSON.stringify(document);
    return {
      compact,
      indented: JSON.stringify(document, null, 2).replace(/\n/g, `\n${indent}`),
      singleQuotes: compact.includes("'"),
      templateSequences: hasTemplateSequence(compact),
    };
  }
}

class JsonWriter {
  compact = '';
  indented = '';
  singleQuotes = false;
  templateSequences = false;

  /** `newline`: the line break and indentation of the line the value starts on. */
  value(value: unknown, newline: string, depth: number): void {
    switch (typeof value) {
      case 'string':
        this.token(this.quote(value));
        return;
      case 'number':
        this.token(Number.isFinite(value) ? String(value) : 'null');
        return;
      case 'boolean':
        this.token(value ? 'true' : 'false');
        return;
      case 'object':
        if (value === null) this.token('null');
        else if (depth >= MAX_DEPTH) throw new NotPlainJson();
        else if (Array.isArray(value)) this.array(value, newline, depth);
        else this.object(value, newline, depth);
        return;
      default:
        // undefined, functions and symbols are left out of objects and become null in arrays,
        // which the callers handle; at the top, and bigint anywhere, JSON.stringify decides.
        throw new NotPlainJson();
    }
  }

  private token(text: string): void {
    this.compact += text;
    this.indented += text;
  }

  private array(items: unknown[], newline: string, depth: number): void {
    if (typeof (items as { toJSON?: unknown }).toJSON === 'function') throw new NotPlainJson();
    if (items.length === 0) return this.token('[]');
    const inner = `${newline}  `;
    for (let index = 0; index < items.length; index++) {
      this.compact += index === 0 ? '[' : ',';
      this.indented += index === 0 ? `[${inner}` : `,${inner}`;
      const item = items[index];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') this.token('null');
      else this.value(item, inner, depth + 1);
    }
    this.compact += ']';
    this.indented += `${newline}]`;
  }

  private object(value: object, newline: string, depth: number): void {
    const prototype = Object.getPrototypeOf(value);
    if ((prototype !== Object.prototype && prototype !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') throw new NotPlainJson();
    const inner = `${newline}  `;
    let first = true;
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      const name = this.quote(key);
      this.compact += `${first ? '{' : ','}${name}:`;
      this.indented += `${first ? '{' : ','}${inner}${name}: `;
      first = false;
      this.value(item, inner, depth + 1);
    }
    if (first) return this.token('{}');
    this.compact += '}';
    this.indented += `${newline}}`;
  }

  /** JSON.stringify of a string (quotes added, escapes only where one is needed), noting `'`, `${` and `%{`. */
  private quote(text: string): string {
    // Most strings hold none of these: one native scan decides.
    if (!NOTABLE.test(text)) return `"${text}"`;
    if (text.includes("'")) this.singleQuotes = true;
    if (hasTemplateSequence(text)) this.templateSequences = true;
    return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
  }
}

/** Characters JSON escapes (quote, backslash, controls, lone surrogate halves). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** Those, and the characters of a single quote or a template sequence. */
const NOTABLE = /["\\\u0000-\u001f\ud800-\udfff'$%]/;

function hasTemplateSequence(text: string): boolean {
  return text.includes('${') || text.includes('%{');
}
