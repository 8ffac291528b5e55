// Labels in our diagrams carry attacker-controlled text: role names, Sids, condition values,
// session names. Mermaid parses its own syntax out of labels (quotes, brackets, `%%` comments,
// `;` separators, `:::` class shorthands, `click` directives, backtick markdown) and renders HTML,
// so every character outside a small safe set becomes a Mermaid entity code (`#35;`, `#quot;`).
// Truncation happens before escaping so an entity is never cut in half.

const SAFE_ONLY = /^[A-Za-z0-9 .,/@+=_-]*$/;
const NAMED: Record<string, string> = { '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;' };
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

export const DEFAULT_LABEL_LIMIT = 80;

/** Shortens to `limit` characters (code points), marking the cut with an ellipsis. */
export function truncate(text: string, limit = DEFAULT_LABEL_LIMIT): string {
  // A string no longer than `limit` UTF-16 units has at most `limit` code points.
  if (text.length <= limit) return text;
  let points = 0;
  let cut = -1;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // The low half of a surrogate pair belongs to the code point already counted.
    if (code >= 0xdc00 && code <= 0xdfff && index > 0) {
      const previous = text.charCodeAt(index - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) continue;
    }
    points++;
    if (points === Math.max(1, limit - 1)) cut = index;
    if (points > limit) {
      let end = cut + 1;
      const last = text.charCodeAt(cut);
      if (last >= 0xd800 && last <= 0xdbff) end++;
      return `${text.slice(0, end)}…`;
    }
  }
  return text;
}

/** ASCII characters that pass through unchanged; everything else becomes an entity code. */
const SAFE_ASCII = new Uint8Array(128);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,/@+=_-') SAFE_ASCII[char.charCodeAt(0)] = 1;

/** Any character outside SAFE_ASCII, found by a native scan. */
const UNSAFE = /[^A-Za-z0-9 .,/@+=_-]/g;

/** The entity of every ASCII character, made once instead of per character escaped. */
const ASCII_ENTITY: string[] = [];
for (let code = 0; code < 128; code++) ASCII_ENTITY.push(entity(String.fromCharCode(code)));

const ELLIPSIS = '…';
const ELLIPSIS_ENTITY = entity(ELLIPSIS);

function entity(char: string): string {
  return NAMED[char] ?? `#${char.codePointAt(0)};`;
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/** What CONTROL matches: flattened to one space per run. */
function isControl(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

/** What String.prototype.trim() removes, plus the control characters (which become spaces first). */
function isBlank(code: number): boolean {
  if (code <= 0x20) return true;
  if (code < 0x7f) return false;
  return (
    code <= 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Replaces every unsafe character by its entity, copying safe runs in one slice each. */
function encode(text: string): string {
  let out = '';
  let runStart = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 128 && SAFE_ASCII[code] === 1) continue;
    out += text.slice(runStart, index);
    // A surrogate pair is one character with one entity.
    const wide = code >= 0xd800 && code <= 0xdbff && index + 1 < text.length;
    const char = wide ? text.slice(index, index + 2) : text[index];
    out += entity(char);
    if (wide) index++;
    runStart = index + 1;
  }
  return runStart === 0 ? text : out + text.slice(runStart);
}

/**
 * The reference definition of escapeLabel, step by step: flatten control characters, trim,
 * truncate by code points, encode. escapeLabel gives the same result in one pass and falls back
 * to this for the texts where code points and UTF-16 units differ (surrogate pairs).
 */
export function escapeLabelStepwise(text: unknown, limit = DEFAULT_LABEL_LIMIT): string {
  let raw = String(text ?? '');
  if (raw.length <= limit && SAFE_ONLY.test(raw)) return raw.trim();
  // Summaries can run to hundreds of characters; only the first `limit` code points (at most
  // 2 × limit UTF-16 units, plus slack for the whitespace that trim() removes) can be shown.
  if (raw.length > limit * 2 + 16) raw = `${raw.slice(0, limit * 2 + 16)}${ELLIPSIS}`;
  const flat = raw.replace(CONTROL, ' ').trim();
  return encode(truncate(flat, limit));
}

/** Escapes text for use inside a quoted Mermaid label or a sequence message. */
export function escapeLabel(text: unknown, limit = DEFAULT_LABEL_LIMIT): string {
  // Newlines and other control characters would end a Mermaid statement: each run becomes one
  // space. "click", "call", "style", "classDef", "end" only mean something at the start of a
  // statement, which a quoted label never is; the quotes and brackets that could end the label
  // are escaped.
  const raw = String(text ?? '');
  if (!Number.isInteger(limit) || limit < 2) return escapeLabelStepwise(raw, limit);
  // One pass, equal to escapeLabelStepwise: the text is read as its first 2 × limit + 16 UTF-16
  // units followed by an ellipsis when longer, trimmed, and each character (or run of control
  // characters) is one unit. Beyond `limit` units only the first `limit - 1` are shown, then an
  // ellipsis. Surrogate pairs (two units, one code point) take the stepwise path.
  const clipped = raw.length > limit * 2 + 16;
  const stop = clipped ? limit * 2 + 16 : raw.length;
  // A clipped text is never scanned beyond its clip.
  const shown = clipped ? raw.slice(0, stop) : raw;
  let start = 0;
  while (start < stop && isBlank(shown.charCodeAt(start))) start++;
  let end = stop;
  if (!clipped) while (end > start && isBlank(shown.charCodeAt(end - 1))) end--;

  let out = '';
  let runStart = start;
  let units = 0;
  let index = start;
  const budget = limit - 1;
  while (index < end && units < budget) {
    // Skip to the next character to escape (the regex scans faster than a loop), within budget.
    UNSAFE.lastIndex = index;
    const special = UNSAFE.test(shown) ? Math.min(UNSAFE.lastIndex - 1, end) : end;
    if (units + (special - index) >= budget) {
      index += budget - units;
      units = budget;
      break;
    }
    units += special - index;
    index = special;
    if (index === end) break;
    const code = shown.charCodeAt(index);
    if (isSurrogate(code)) return escapeLabelStepwise(raw, limit);
    out += shown.slice(runStart, index);
    if (isControl(code)) {
      while (index + 1 < end && isControl(shown.charCodeAt(index + 1))) index++;
      out += ' ';
    } else {
      out += code < 128 ? ASCII_ENTITY[code] : `#${code};`;
    }
    index++;
    units++;
    runStart = index;
  }
  out += shown.slice(runStart, index);
  if (index === end) return clipped ? out + ELLIPSIS_ENTITY : out;

  // `limit - 1` units written and more to come: a last unit fits only if it is the very last.
  const code = shown.charCodeAt(index);
  if (isSurrogate(code)) return escapeLabelStepwise(raw, limit);
  let next = index + 1;
  if (isControl(code)) while (next < end && isControl(shown.charCodeAt(next))) next++;
  if (next < end || clipped) return out + ELLIPSIS_ENTITY;
  if (code < 128 && SAFE_ASCII[code] === 1) return out + shown[index];
  return out + (code < 128 ? ASCII_ENTITY[code] : `#${code};`);
}

const constants = new Map<number, Map<string, string>>();

/** escapeLabel for texts from a small fixed set (check questions, titles): escaped once, remembered. */
export function escapeConstant(text: string, limit = DEFAULT_LABEL_LIMIT): string {
  let byText = constants.get(limit);
  if (byText === undefined) constants.set(limit, (byText = new Map()));
  let escaped = byText.get(text);
  if (escaped === undefined) {
    escaped = escapeLabel(text, limit);
    if (byText.size < 512) byText.set(text, escaped);
  }
  return escaped;
}

const nodeIds = new Map<string, string>();

/** A Mermaid node or participant id from a check id or any name: letters, digits, underscores. */
export function nodeId(name: string): string {
  const known = nodeIds.get(name);
  if (known !== undefined) return known;
  const cleaned = name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const id = /^[A-Za-z]/.test(cleaned) ? cleaned : `n_${cleaned}`;
  // Check ids are a small fixed set; other names are not remembered.
  if (nodeIds.size < 256 && name.length <= 64) nodeIds.set(name, id);
  return id;
}
