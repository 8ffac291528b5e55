import { invalid, ok, type ConditionOperator } from '../types';
// Dates as the date operators accept them: ISO 8601 (`2026-11-22`, `2026-11-22T09:00:00Z`,
// with fractions or an offset) or epoch seconds (`1795338000`, what aws:EpochTime holds). A time
// without a zone is read as UTC so the answer never depends on the machine's time zone.

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;
const EPOCH = /^-?\d{1,12}(\.\d+)?$/;

function parseUncached(text: string): number | undefined {
  const trimmed = text.trim();
  if (EPOCH.test(trimmed)) return Number(trimmed) * 1000;
  const m = ISO.exec(trimmed);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  const offset = zone === 'Z' || zone === 'z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction.slice(0, 4)}${offset}`);
  if (Number.isNaN(ms)) return undefined;
  // Reject calendar overflow such as 2026-02-30 (Date.parse would roll it into March), whatever the offset.
  if (new Date(Date.UTC(Number(y), month - 1, day)).getUTCDate() !== day) return undefined;
  return ms;
}

// One-slot memo: a verdict run compares the same aws:CurrentTime against many statements.
let lastText: string | undefined;
let lastValue: number | undefined;

/** Milliseconds since the epoch, or undefined when the text is not a date. */
export function parseDate(text: string): number | undefined {
  if (text === lastText) return lastValue;
  const value = parseUncached(text);
  lastText = text;
  lastValue = value;
  return value;
}

/**
 * Whether a text is an ISO 8601 date or date-time (`2026-11-22`, `2026-11-22T09:00:00Z`, with
 * fractions or an offset), as a snapshot's `capturedAt` must be: no epoch seconds, no spaces around.
 */
export function isIsoTime(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(text) && text.trim() === text && parseUncached(text) !== undefined;
}

/**
 * A date operator from its comparison: every date operator reads its policy value the same
 * way and differs only in how the two values compare. Policy variables are not allowed.
 */
export function dateComparison(name: string, compare: (requestValue: number, policyValue: number) => boolean): ConditionOperator<number> {
  return {
    name,
    family: 'date',
    negated: false,
    variables: 'no',
    prepare: (value) => {
      const parsed = parseDate(value.text);
      return parsed === undefined ? invalid(`'${value.text}' is not an ISO 8601 date or epoch seconds`) : ok(parsed);
    },
    test: (requestValue, policyValue) => {
      const parsed = parseDate(requestValue);
      return parsed !== undefined && compare(parsed, policyValue);
    },
  };
}
