// "Who can assume this role?" as a graph: each principal points at the role, and the edge carries
// the conditions under which it may assume it.

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

function conditionText(condition: NonNullable<WhoCanAssumeEntryLike['conditions']>[number]): string {
  if (typeof condition === 'string') return condition;
  const values = condition.values ?? condition.policyValues;
  const list = Array.isArray(values) ? values.map(String).join(' | ') : values === undefined ? '' : String(values);
  return `${condition.key ?? ''} ${condition.operator ?? ''} ${list}`.trim();
}

export function whoCanAssumeMermaid(entries: readonly WhoCanAssumeEntryLike[], roleArn: string): string {
  const lines = ['flowchart LR', `  role(["${escapeLabel(roleArn, 90)}"])`];
  const limit = 60;
  entries.slice(0, limit).forEach((entry, index) => {
    const id = `p${index}`;
    const kind = entry.kind ? `${entry.kind}: ` : '';
    lines.push(`  ${id}["${escapeLabel(`${kind}${entry.principal}`, 80)}"]`);
    const conditions = (entry.conditions ?? []).map(conditionText).filter(Boolean);
    const notes = [...conditions.slice(0, 3), ...(conditions.length > 3 ? [`+${conditions.length - 3} more`] : [])];
    if (entry.needsIdentityPolicy) notes.push('and an identity allow');
    if (notes.length) lines.push(`  ${id} -->|"${notes.map((note) => escapeLabel(note, 60)).join('<br/>')}"| role`);
    else lines.push(`  ${id} --> role`);
  });
  if (entries.length > limit) lines.push(`  more["${escapeLabel(`${entries.length - limit} more principals`)}"] -.-> role`);
  lines.push('  classDef principal fill:#e0f2fe,stroke:#0369a1,color:#0c4a6e');
  lines.push('  classDef target fill:#dcfce7,stroke:#15803d,color:#14532d,stroke-width:2px');
  if (entries.length) lines.push(`  class ${entries.slice(0, limit).map((_, index) => `p${index}`).join(',')} principal`);
  lines.push('  class role target');
  return lines.join('\n');
}
