import type { ContextEntry } from '@/lib/engine/types';

export function ContextTable({ context }: { context: ContextEntry[] }) {
  return (
    <details className="rounded-lg border border-[var(--border)] bg-[var(--card)]">
      <summary className="cursor-pointer p-3 text-sm font-medium">Request context ({context.length} keys)</summary>
      <div className="overflow-x-auto border-t border-[var(--border)] p-3">
        <table className="w-full text-left text-xs">
          <caption className="sr-only">Request context keys the evaluation used</caption>
          <thead className="text-[var(--muted)]">
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">Key</th>
              <th scope="col" className="py-1 pr-2 font-medium">Values</th>
              <th scope="col" className="py-1 font-medium">Origin</th>
            </tr>
          </thead>
          <tbody>
            {context.map((entry) => (
              <tr key={entry.key} className="border-t border-[var(--border)] align-top">
                <td className="py-1 pr-2 font-mono">{entry.key}</td>
                <td className="break-all py-1 pr-2 font-mono">{entry.values.join(', ')}</td>
                <td className="py-1">{entry.origin}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
