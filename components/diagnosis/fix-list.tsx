import { CopyButton } from '@/components/copy-button';
import type { Fix } from '@/lib/engine/types';
import { diffLines, policyText, unifiedDiff } from '@/lib/ui/diff';

function CodeBlock({ title, code, testId }: { title: string; code: string; testId: string }) {
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 className="text-xs font-medium text-[var(--muted)]">{title}</h4>
        <CopyButton text={code} label="Copy" ariaLabel={`Copy ${title}`} testId={`copy-${testId}`} />
      </div>
      <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded border border-[var(--border)] bg-[var(--bg)] p-2 text-xs" data-testid={testId}>
        <code>{code}</code>
      </pre>
    </div>
  );
}

function PatchDiff({ fix }: { fix: Fix }) {
  const patch = fix.policyPatch;
  if (!patch) return null;
  const lines = diffLines(policyText(patch.before), policyText(patch.after));
  const text = unifiedDiff(patch.target, lines);
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 className="min-w-0 break-all text-xs font-medium text-[var(--muted)]">Policy change: {patch.target}</h4>
        <CopyButton text={text} label="Copy diff" ariaLabel={`Copy the policy diff for ${patch.target}`} testId="copy-diff" />
      </div>
      <pre className="max-h-96 overflow-auto rounded border border-[var(--border)] bg-[var(--bg)] py-2 text-xs" data-testid="policy-diff">
        <code>
          {lines.map((line, index) => (
            <span
              key={index}
              className={`block px-2 ${
                line.kind === 'add'
                  ? 'bg-[color-mix(in_srgb,var(--pass)_18%,transparent)]'
                  : line.kind === 'remove'
                    ? 'bg-[color-mix(in_srgb,var(--fail)_18%,transparent)]'
                    : ''
              }`}
            >
              <span aria-hidden="true" className="select-none">
                {line.kind === 'add' ? '+ ' : line.kind === 'remove' ? '- ' : '  '}
              </span>
              <span className="sr-only">{line.kind === 'add' ? 'added: ' : line.kind === 'remove' ? 'removed: ' : ''}</span>
              {line.text}
            </span>
          ))}
        </code>
      </pre>
    </div>
  );
}

export function FixList({ fixes }: { fixes: Fix[] }) {
  return (
    <section aria-labelledby="fixes-heading" className="space-y-2">
      <h2 id="fixes-heading" className="text-lg font-semibold">
        Fixes
      </h2>
      {fixes.length === 0 ? (
        <p className="text-sm text-[var(--muted)]">No change is needed, or none could be derived from the data at hand.</p>
      ) : (
        <ol className="space-y-3">
          {fixes.map((fix, index) => (
            <li key={index} data-testid="fix" className="space-y-3 rounded-lg border border-[var(--border)] bg-[var(--card)] p-3">
              <div>
                <h3 className="font-medium">
                  {index === 0 ? <span className="mr-2 rounded bg-[var(--accent)] px-1.5 py-0.5 text-xs text-[var(--card)]">smallest</span> : null}
                  {fix.title}
                </h3>
                {fix.warning ? (
                  <p
                    role="note"
                    data-testid="fix-warning"
                    className="my-2 rounded border border-[var(--fail)] bg-[color-mix(in_srgb,var(--fail)_12%,transparent)] p-2 text-sm font-medium"
                  >
                    <span className="font-semibold">Warning: </span>
                    {fix.warning}
                  </p>
                ) : null}
                <p className="text-sm text-[var(--muted)]">{fix.explanation}</p>
              </div>
              <PatchDiff fix={fix} />
              {fix.settingPatch ? (
                <p className="text-sm">
                  Setting change on <code>{fix.settingPatch.target}</code>
                </p>
              ) : null}
              {fix.requestPatch ? (
                <CodeBlock title="Change the call instead" code={JSON.stringify(fix.requestPatch, null, 2)} testId="fix-request" />
              ) : null}
              {fix.cli ? <CodeBlock title="AWS CLI" code={fix.cli} testId="fix-cli" /> : null}
              {fix.terraform ? <CodeBlock title="Terraform" code={fix.terraform} testId="fix-terraform" /> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
