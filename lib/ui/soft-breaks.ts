// Where a long value (an ARN, a token subject, a host name) may wrap. Breaking anywhere splits
// "sts.amazonaws.com" into "sts.amazonaw" / "s.com"; never breaking makes a table column as wide
// as its longest ARN. So a value wraps after its separators (":", "/", ",", "=", …) and, in a
// very long run without them, after dots, dashes and underscores too. Pure.

/** Characters after which a value may always wrap. */
const SEPARATORS = /([:/,;&?=|])/;
/** Characters after which a run longer than LONG_RUN may also wrap. */
const SECONDARY = /([.\-_])/;
const LONG_RUN = 40;

function splitAfter(text: string, pattern: RegExp): string[] {
  const parts: string[] = [];
  let current = '';
  for (const piece of text.split(pattern)) {
    current += piece;
    if (pattern.test(piece) && piece.length === 1) {
      parts.push(current);
      current = '';
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}

/**
 * The value cut into the pieces between which a line may break; joined they give the value back.
 * A piece is never empty. `longRun`: from how many characters a run between separators may also
 * break after its dots, dashes and underscores (condition keys use less: they are names, not values).
 */
export function softBreakSegments(value: string, longRun = LONG_RUN): string[] {
  if (value === '') return [];
  return splitAfter(value, SEPARATORS).flatMap((segment) => (segment.length > longRun ? splitAfter(segment, SECONDARY) : [segment]));
}
