// Labels in our diagrams carry attacker-controlled text: role names, Sids, condition values,
// session names. Mermaid parses its own syntax out of labels (quotes, brackets, `%%` comments,
// `;` separators, `:::` class shorthands, `click` directives, backtick markdown) and renders HTML,
// so every character outside a small safe set becomes a Mermaid entity code (`#35;`, `#quot;`).
// Truncation happens before escaping so an entity is never cut in half.

const UNSAFE = /[^A-Za-z0-9 .,/@+=_-]/gu;
const NAMED: Record<string, string> = { '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;' };
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

export const DEFAULT_LABEL_LIMIT = 80;

/** Shortens to `limit` characters (code points), marking the cut with an ellipsis. */
export function truncate(text: string, limit = DEFAULT_LABEL_LIMIT): string {
  // Cheap test first: a string no longer than `limit` UTF-16 units has at most `limit` code points.
  if (text.length <= limit) return text;
  const chars = Array.from(text);
  if (chars.length <= limit) return text;
  return `${chars.slice(0, Math.max(1, limit - 1)).join('')}…`;
}

function entity(char: string): string {
  return NAMED[char] ?? `#${char.codePointAt(0)};`;
}

/** Escapes text for use inside a quoted Mermaid label or a sequence message. */
export function escapeLabel(text: unknown, limit = DEFAULT_LABEL_LIMIT): string {
  // Newlines and other control characters would end a Mermaid statement: flatten them first.
  // "click", "call", "style", "classDef", "end" only mean something at the start of a statement,
  // which a quoted label never is; the quotes and brackets that could end the label are escaped.
  const flat = String(text ?? '').replace(CONTROL, ' ').trim();
  return truncate(flat, limit).replace(UNSAFE, entity);
}

/** A Mermaid node or participant id from a check id or any name: letters, digits, underscores. */
export function nodeId(name: string): string {
  const id = name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z]/.test(id) ? id : `n_${id}`;
}
