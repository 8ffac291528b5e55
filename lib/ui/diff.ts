// A line diff for showing a policy patch the way reviewers read one: unchanged lines as context,
// removed lines with '-', added lines with '+'. Policies are small (IAM caps them at a few KB),
// so the classic LCS table is plenty.

export type DiffLine = { kind: 'same' | 'add' | 'remove'; text: string };

export function diffLines(before: string, after: string): DiffLine[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      table[i * cols + j] = a[i] === b[j] ? table[(i + 1) * cols + j + 1] + 1 : Math.max(table[(i + 1) * cols + j], table[i * cols + j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] });
      i += 1;
      j += 1;
    } else if (table[(i + 1) * cols + j] >= table[i * cols + j + 1]) {
      out.push({ kind: 'remove', text: a[i] });
      i += 1;
    } else {
      out.push({ kind: 'add', text: b[j] });
      j += 1;
    }
  }
  while (i < a.length) out.push({ kind: 'remove', text: a[i++] });
  while (j < b.length) out.push({ kind: 'add', text: b[j++] });
  return out;
}

/** The policy as the diff shows it: pretty JSON, or nothing when the policy did not exist. */
export function policyText(document: unknown): string {
  if (document === undefined || document === null) return '';
  if (typeof document === 'string') {
    try {
      return JSON.stringify(JSON.parse(document), null, 2);
    } catch {
      return document;
    }
  }
  return JSON.stringify(document, null, 2);
}

/** Unified-diff text (for the copy button). */
export function unifiedDiff(target: string, lines: DiffLine[]): string {
  const body = lines.map((line) => `${line.kind === 'add' ? '+' : line.kind === 'remove' ? '-' : ' '}${line.text}`);
  return [`--- ${target} (before)`, `+++ ${target} (after)`, ...body].join('\n');
}
