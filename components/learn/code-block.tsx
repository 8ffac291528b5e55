import type { StepCode } from '@/lib/learn/types';

const LANGUAGE_NAMES: Record<StepCode['language'], string> = { json: 'JSON', bash: 'Shell', hcl: 'Terraform', yaml: 'YAML' };

export function CodeBlock({ block, testId }: { block: StepCode; testId?: string }) {
  return (
    // min-w-0 and max-w-full: a long line scrolls inside the block, it never widens the page.
    <figure className="min-w-0 max-w-full rounded-lg border border-[var(--border)] bg-[var(--card)]" data-testid={testId} data-language={block.language}>
      <figcaption className="flex items-center justify-between gap-2 border-b border-[var(--border)] px-3 py-1.5 text-sm">
        <span className="font-medium">{block.label}</span>
        <span className="text-xs text-[var(--muted)]">{LANGUAGE_NAMES[block.language]}</span>
      </figcaption>
      {/* Focusable so keyboard users can scroll long snippets. A thin classic scrollbar (not an overlay one
          that hides until hovered) shows there is more to the right instead of a line looking cut off. */}
      <pre tabIndex={0} aria-label={block.label} className="max-h-96 overflow-auto whitespace-pre p-3 text-xs leading-relaxed [scrollbar-width:thin]">
        <code>{block.code}</code>
      </pre>
    </figure>
  );
}
