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

/**
 * `before`: the document `document` was copied from and edited, when there is one. Its statements
 * that the edit left as they were (the same objects: fixes copy only the statements they change)
 * are not written again: their texts are taken from the ones written for that statement of the
 * snapshot before (snapshots are immutable once diagnosed). Any other statement is written.
 */
export function jsonTexts(document: unknown, indent = '', before?: unknown): JsonTexts {
  const writer = new JsonWriter();
  try {
    const originals = statementsOf(before);
    if (originals !== undefined && statementsOf(document) !== undefined) writer.object(document as object, `\n${indent}`, 0, originals);
    else writer.value(document, `\n${indent}`, 0);
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

  /** `originals`: for a document's Statement list, the statements it was copied from (see jsonTexts). */
  private array(items: unknown[], newline: string, depth: number, originals?: unknown[]): void {
    if (typeof (items as { toJSON?: unknown }).toJSON === 'function') throw new NotPlainJson();
    if (items.length === 0) return this.token('[]');
    const inner = `${newline}  `;
    // What goes before the second and later items: made once per list.
    const comma = items.length > 1 ? `,${inner}` : '';
    // A statement inserted before others shifts them by this much.
    const inserted = originals === undefined ? 0 : items.length - originals.length;
    for (let index = 0; index < items.length; index++) {
      this.compact += index === 0 ? '[' : ',';
      this.indented += index === 0 ? `[${inner}` : comma;
      const item = items[index];
      const original = originals === undefined ? undefined : originalOf(item, originals, index, inserted);
      if (original !== undefined) this.written(original, inner, depth + 1);
      else if (item === undefined || typeof item === 'function' || typeof item === 'symbol') this.token('null');
      else this.value(item, inner, depth + 1);
    }
    this.compact += ']';
    this.indented += `${newline}]`;
  }

  /** Appends the texts of a snapshot statement, written once per indentation and remembered. */
  private written(original: object, newline: string, depth: number): void {
    let texts = statementTexts.get(original);
    if (texts === undefined || texts.newline !== newline || texts.depth !== depth) {
      const writer = new JsonWriter();
      writer.value(original, newline, depth);
      texts = { newline, depth, compact: writer.compact, indented: writer.indented, singleQuotes: writer.singleQuotes, templateSequences: writer.templateSequences };
      statementTexts.set(original, texts);
    }
    this.compact += texts.compact;
    this.indented += texts.indented;
    if (texts.singleQuotes) this.singleQuotes = true;
    if (texts.templateSequences) this.templateSequences = true;
  }

  object(value: object, newline: string, depth: number, originals?: unknown[]): void {
    const prototype = Object.getPrototypeOf(value);
    if ((prototype !== Object.prototype && prototype !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') throw new NotPlainJson();
    const inner = `${newline}  `;
    // What goes before the second and later keys on their indented lines: made once per object.
    let comma: string | undefined;
    let first = true;
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      const indentedBefore = first ? `{${inner}` : (comma ??= `,${inner}`);
      const element = POLICY_ELEMENTS.get(key);
      if (element !== undefined) {
        this.compact += first ? element.compactFirst : element.compactNext;
        this.indented += indentedBefore;
        this.indented += element.indented;
      } else {
        const name = this.quote(key);
        this.compact += `${first ? '{' : ','}${name}:`;
        this.indented += `${indentedBefore}${name}: `;
      }
      first = false;
      if (originals !== undefined && depth === 0 && key === 'Statement') this.array(item as unknown[], inner, depth + 1, originals);
      else this.value(item, inner, depth + 1);
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

/** The element names of the IAM policy grammar, most of the keys a document holds, quoted once. */
const POLICY_ELEMENTS = new Map<string, { compactFirst: string; compactNext: string; indented: string }>(
  ['Version', 'Id', 'Statement', 'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'AWS', 'Service', 'Federated', 'CanonicalUser'].map(
    (name) => [name, { compactFirst: `{"${name}":`, compactNext: `,"${name}":`, indented: `"${name}": ` }],
  ),
);

interface WrittenStatement {
  newline: string;
  depth: number;
  compact: string;
  indented: string;
  singleQuotes: boolean;
  templateSequences: boolean;
}

/** Texts of statements of snapshot policies, keyed by the snapshot's own statement object. */
const statementTexts = new WeakMap<object, WrittenStatement>();

/**
 * The snapshot statement `item` is: the one at its index, or before the statements inserted ahead
 * of it. Only the object itself: an equal copy is written anew, to the same text, instead of being
 * compared member by member first.
 */
function originalOf(item: unknown, originals: unknown[], index: number, inserted: number): object | undefined {
  const same = originals[index];
  if (item === same) return typeof same === 'object' && same !== null ? same : undefined;
  if (inserted <= 0 || index < inserted) return undefined;
  const shifted = originals[index - inserted];
  return item === shifted && typeof shifted === 'object' && shifted !== null ? shifted : undefined;
}

function statementsOf(document: unknown): unknown[] | undefined {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return undefined;
  const statements = (document as { Statement?: unknown }).Statement;
  return Array.isArray(statements) ? statements : undefined;
}

/** Characters JSON escapes (quote, backslash, controls, lone surrogate halves). */
export const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** Those, and the characters of a single quote or a template sequence. */
const NOTABLE = /["\\\u0000-\u001f\ud800-\udfff'$%]/;

function hasTemplateSequence(text: string): boolean {
  return text.includes('${') || text.includes('%{');
}
