// A policy document with the statements that decided a check highlighted. Policy text is
// attacker-controlled: it is only ever rendered as React text.

type Props = {
  document: Record<string, unknown>;
  /** Statement index → how it decided ('fail' red, 'pass' green, other neutral). */
  highlight: Map<number, 'fail' | 'pass' | 'neutral'>;
  label: string;
};

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => by + line)
    .join('\n');
}

const HIGHLIGHT_CLASS = {
  fail: 'bg-[color-mix(in_srgb,var(--fail)_18%,transparent)] border-l-4 border-[var(--fail)]',
  pass: 'bg-[color-mix(in_srgb,var(--pass)_15%,transparent)] border-l-4 border-[var(--pass)]',
  neutral: 'bg-[color-mix(in_srgb,var(--accent)_12%,transparent)] border-l-4 border-[var(--accent)]',
} as const;

export function PolicyJson({ document, highlight, label }: Props) {
  const raw = document.Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const { Statement: _statement, ...rest } = document;
  const head = JSON.stringify(rest, null, 2);
  // `{ "Version": …, ` without its closing brace, then the statements one block each.
  const headLines = head === '{}' ? '{' : head.slice(0, -2) + ',';
  return (
    <pre aria-label={label} className="max-h-[28rem] overflow-auto rounded border border-[var(--border)] bg-[var(--bg)] p-2 text-xs leading-5">
      <code>
        {/* Block spans break the lines themselves, so the text inside carries no extra newline. */}
        <span className="block">{`${headLines}\n  "Statement": [`}</span>
        {statements.map((statement, index) => {
          const mark = highlight.get(index);
          const text = indent(JSON.stringify(statement, null, 2), '    ') + (index < statements.length - 1 ? ',' : '');
          return (
            <span
              key={index}
              className={`block ${mark ? HIGHLIGHT_CLASS[mark] : ''}`}
              data-testid={mark ? 'deciding-statement' : undefined}
              data-statement-index={index}
            >
              {text}
            </span>
          );
        })}
        <span className="block">{'  ]\n}'}</span>
      </code>
    </pre>
  );
}
