// "Who can assume this role?" as a graph: each principal points at the role, and the edge carries
// the conditions under which it may assume it; the principals a Deny statement refuses point at
// it with a crossed edge.

import { escapeLabel } from './escape';

/** Structural view of a who-can-assume entry; extra fields are ignored. */
export interface WhoCanAssumeEntryLike {
  principal: string;
  /** 'account', 'user', 'role', 'service', 'federated', 'wildcard', … */
  kind?: string;
  via?: string;
  needsIdentityPolicy?: boolean;
  conditions?: ({ operator?: string; key?: string; values?: unknown; policyValues?: unknown } | string)[];
  actions?: string[];
}

/** Structural view of a trust Deny statement (who-can-assume `denials`). */
export interface WhoCannotAssumeEntryLike {
  statement?: { index: number; sid?: string };
  principals: { principal: string; kind?: string }[];
  conditions?: WhoCanAssumeEntryLike['conditions'];
}

function conditionText(condition: NonNullable<WhoCanAssumeEntryLike['conditions']>[number]): string {
  if (typeof condition === 'string') return condition;
  const values = condition.values ?? condition.policyValues;
  const list = Array.isArray(values) ? values.map(String).join(' | ') : values === undefined ? '' : String(values);
  return `${condition.key ?? ''} ${condition.operator ?? ''} ${list}`.trim();
}

function conditionNotes(conditions: WhoCanAssumeEntryLike['conditions']): string[] {
  const texts = (conditions ?? []).map(conditionText).filter(Boolean);
  return [...texts.slice(0, 3), ...(texts.length > 3 ? [`+${texts.length - 3} more`] : [])];
}

export function whoCanAssumeMermaid(entries: readonly WhoCanAssumeEntryLike[], roleArn: string, denials: readonly WhoCannotAssumeEntryLike[] = []): string {
  const lines = ['flowchart LR', `  role(["${escapeLabel(roleArn, 90)}"])`];
  const limit = 60;
  entries.slice(0, limit).forEach((entry, index) => {
    const id = `p${index}`;
    const kind = entry.kind ? `${entry.kind}: ` : '';
    lines.push(`  ${id}["${escapeLabel(`${kind}${entry.principal}`, 80)}"]`);
    const notes = conditionNotes(entry.conditions);
    if (entry.needsIdentityPolicy) notes.push('and an identity allow');
    // R-20: "*" lets the role's own account in on its own; other accounts still need their identity allow.
    else if (entry.kind === 'wildcard') notes.push('other accounts also need an identity allow');
    if (notes.length) lines.push(`  ${id} -->|"${notes.map((note) => escapeLabel(note, 60)).join('<br/>')}"| role`);
    else lines.push(`  ${id} --> role`);
  });
  if (entries.length > limit) lines.push(`  more["${escapeLabel(`${entries.length - limit} more principals`)}"] -.-> role`);
  const denied = denials.slice(0, 20);
  denied.forEach((denial, index) => {
    const id = `d${index}`;
    const names = denial.principals.map((p) => (p.principal === '*' ? 'everyone' : `${p.kind ? `${p.kind}: ` : ''}${p.principal}`));
    const shown = names.length > 3 ? [...names.slice(0, 3), `+${names.length - 3} more`] : names;
    lines.push(`  ${id}["${escapeLabel(`Deny ${denial.statement?.sid ?? (denial.statement ? `statement ${denial.statement.index}` : '')}`.trim(), 60)}<br/>${shown.map((name) => escapeLabel(name, 80)).join('<br/>')}"]`);
    const notes = conditionNotes(denial.conditions);
    const label = notes.length ? ['denied if', ...notes] : ['denied'];
    lines.push(`  ${id} --x|"${label.map((note) => escapeLabel(note, 60)).join('<br/>')}"| role`);
  });
  if (denials.length > denied.length) lines.push(`  moredeny["${escapeLabel(`${denials.length - denied.length} more Deny statements`)}"] --x role`);
  lines.push('  classDef principal fill:#e0f2fe,stroke:#0369a1,color:#0c4a6e');
  lines.push('  classDef target fill:#dcfce7,stroke:#15803d,color:#14532d,stroke-width:2px');
  if (entries.length) lines.push(`  class ${entries.slice(0, limit).map((_, index) => `p${index}`).join(',')} principal`);
  lines.push('  classDef denied fill:#fee2e2,stroke:#b91c1c,color:#7f1d1d');
  if (denied.length) lines.push(`  class ${denied.map((_, index) => `d${index}`).join(',')} denied`);
  lines.push('  class role target');
  return lines.join('\n');
}
