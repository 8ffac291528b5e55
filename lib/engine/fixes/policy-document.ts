// Reading and copying IAM policy documents for fixes. Snapshots carry documents either as objects
// (CLI form) or as URL-encoded JSON strings (SDK form); fixes always work on plain objects and
// write objects back, which every reader of a snapshot accepts.

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[];
  [key: string]: unknown;
}

// IAM reads element names (and principal types) whatever their case, and so does the engine
// (policy/parse.ts element()). The fixes read and edit documents by these names, so a document is
// read with every such name in its canonical spelling: a lowercase "principal": {"aws": "*"} is
// seen for what it is, and an edit never adds a second "AWS" beside an "aws".
const DOCUMENT_NAMES = ['Version', 'Id', 'Statement'];
const STATEMENT_NAMES = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

/** The canonical spelling of `key` among `names`, or undefined when it is none of them. */
function canonicalOf(key: string, names: readonly string[]): string | undefined {
  const lowered = key.toLowerCase();
  return names.find((name) => name.toLowerCase() === lowered);
}

function isCanonical(record: Record<string, unknown>, names: readonly string[]): boolean {
  for (const key of Object.keys(record)) {
    const canonical = canonicalOf(key, names);
    if (canonical !== undefined && canonical !== key) return false;
  }
  return true;
}

/** Renames keys to their canonical spelling in place; two spellings of one list-valued name are merged. */
function canonicalise(record: Record<string, unknown>, names: readonly string[]): void {
  for (const key of Object.keys(record)) {
    const canonical = canonicalOf(key, names);
    if (canonical === undefined || canonical === key) continue;
    const value = record[key];
    delete record[key];
    const existing = record[canonical];
    if (!(canonical in record)) record[canonical] = value;
    else if (isRecord(existing) && isRecord(value)) record[canonical] = { ...existing, ...value };
    else record[canonical] = [...asList(existing), ...asList(value)];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function statementsCanonical(document: Record<string, unknown>): boolean {
  if (!isCanonical(document, DOCUMENT_NAMES) || !Array.isArray(document.Statement)) return false;
  for (const statement of document.Statement as unknown[]) {
    if (!statement || typeof statement !== 'object') continue;
    const record = statement as Record<string, unknown>;
    if (!isCanonical(record, STATEMENT_NAMES)) return false;
    for (const name of ['Principal', 'NotPrincipal']) {
      const principal = record[name];
      if (principal && typeof principal === 'object' && !Array.isArray(principal) && !isCanonical(principal as Record<string, unknown>, PRINCIPAL_TYPES)) return false;
    }
  }
  return true;
}

/**
 * The document for reading only: parsed if it is a string, not copied when it is already an object
 * with an array Statement and canonical names. Callers must not modify the result (copy it first).
 */
export function viewPolicyDocument(input: unknown): Readonly<PolicyDocument> | undefined {
  if (!input || typeof input !== 'object') return readPolicyDocument(input);
  // A snapshot's document is read by every diagnosis of a call on its role or caller: checked (and,
  // when its names are not canonical, copied) once. Snapshots are immutable once diagnosed.
  let view = views.get(input);
  if (view === undefined) {
    view = !Array.isArray(input) && statementsCanonical(input as Record<string, unknown>) ? (input as PolicyDocument) : (readPolicyDocument(input) ?? null);
    views.set(input, view);
  }
  return view ?? undefined;
}

/** viewPolicyDocument's answer per document object of a snapshot; null when it cannot be read. */
const views = new WeakMap<object, PolicyDocument | null>();

/**
 * Returns a private copy of the document with an array Statement and every element name and
 * principal type in its canonical spelling, or undefined when it cannot be read.
 */
export function readPolicyDocument(input: unknown): PolicyDocument | undefined {
  let value: unknown = input;
  if (typeof value === 'string') {
    value = parseJsonLeniently(value);
    if (value === undefined) return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const document = copyJson(value) as Record<string, unknown>;
  canonicalise(document, DOCUMENT_NAMES);
  const statement = document.Statement;
  if (statement === undefined) document.Statement = [];
  else if (!Array.isArray(statement)) document.Statement = [statement];
  for (const item of document.Statement as unknown[]) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
    const record = item as Record<string, unknown>;
    canonicalise(record, STATEMENT_NAMES);
    for (const name of ['Principal', 'NotPrincipal']) {
      const principal = record[name];
      if (principal && typeof principal === 'object' && !Array.isArray(principal)) canonicalise(principal as Record<string, unknown>, PRINCIPAL_TYPES);
    }
  }
  return document as PolicyDocument;
}

function parseJsonLeniently(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // SDK form: the JSON is URL-encoded (get-account-authorization-details via the SDK).
    try {
      return JSON.parse(decodeURIComponent(text));
    } catch {
      return undefined;
    }
  }
}

/**
 * A deep copy of JSON data (policy documents are JSON), equal to JSON.parse(JSON.stringify(value))
 * for the values JSON holds: undefined members are dropped, undefined array items and non-finite
 * numbers become null. Copying by hand skips printing and re-parsing the whole document.
 */
export function copyJson<T>(value: T): T {
  return copyValue(value) as T;
}

function copyValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      out[i] = item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : copyValue(item);
    }
    return out;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.parse(JSON.stringify(value));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    out[key] = copyValue(item);
  }
  return out;
}

/**
 * A copy of `document` to add statements to or to edit some of: the document and its Statement
 * list are new, the statements are `document`'s own, shared read-only. A statement to change is
 * first replaced by its own copy (editableStatement). Copying only that path, not every statement,
 * is what a fix needs: `document` is the snapshot's, never modified, like the shared statements.
 */
export function editableCopy(document: Readonly<PolicyDocument>): PolicyDocument {
  // Documents with a toJSON or a prototype of their own are left to copyJson, which serialises them.
  if (Object.getPrototypeOf(document) !== Object.prototype || typeof (document as { toJSON?: unknown }).toJSON === 'function') return copyJson(document as PolicyDocument);
  const copy: PolicyDocument = { ...(document as PolicyDocument) };
  copy.Statement = document.Statement.slice();
  return copy;
}

/** Replaces statement `index` of an editableCopy by a private copy of it, returned for editing. */
export function editableStatement(document: PolicyDocument, index: number): PolicyStatement {
  const statement = statementCopy(document.Statement[index]);
  document.Statement[index] = statement;
  return statement;
}

/**
 * A copy of a statement for a fix to edit. Fixes assign its members (Sid, Action, Principal…), add
 * a principal type's entry to its Principal, and add or delete keys of its Condition blocks; lists
 * and strings they replace, never change in place. So the statement, its Principal, its Condition
 * and each block are copied, and the rest (lists, values) is shared read-only with the snapshot.
 * Anything but plain objects there is left to copyJson.
 */
export function statementCopy(statement: PolicyStatement): PolicyStatement {
  if (!isPlainObject(statement)) return copyJson(statement);
  const { Principal: principal, Condition: condition } = statement;
  if ((principal !== undefined && typeof principal === 'object' && principal !== null && !isPlainObject(principal)) || (condition !== undefined && !isPlainObject(condition))) return copyJson(statement);
  const copy: PolicyStatement = { ...statement };
  if (principal !== undefined && typeof principal === 'object' && principal !== null && !Array.isArray(principal)) copy.Principal = { ...principal };
  if (condition !== undefined) {
    const blocks: Record<string, Record<string, unknown>> = {};
    for (const operator of Object.keys(condition)) {
      const block: unknown = condition[operator];
      if (block === undefined) continue; // as copyJson leaves it out
      if (!isPlainObject(block)) return copyJson(statement);
      blocks[operator] = { ...block };
    }
    copy.Condition = blocks;
  }
  return copy;
}

/** An object of JSON data: no list, no prototype or toJSON of its own. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

export function emptyPolicyDocument(): PolicyDocument {
  return { Version: '2012-10-17', Statement: [] };
}

export function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  // Most fields hold one string: one array, not a wrapper and its filtered copy.
  if (typeof value === 'string') return [value];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

/** One value stays a string, several become a list: the shape people write by hand. */
export function fromList(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}

/** Adds `value` to a string-or-list field without duplicating it; returns the new field value. */
export function addToField(current: unknown, value: string): string | string[] {
  const values = asList(current);
  if (!values.includes(value)) values.push(value);
  return fromList(values);
}
