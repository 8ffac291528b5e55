import type { RoleChoice } from '@/lib/learn/subject';

/** A plain GET form: the chosen role goes into the URL (?role=<arn>), no script needed. */
export function RolePicker({ action, roles, selected, label }: { action: string; roles: RoleChoice[]; selected?: string; label: string }) {
  return (
    <form method="get" action={action} className="flex min-w-0 flex-wrap items-end gap-2 rounded-lg border border-[var(--border)] bg-[var(--card)] p-3" data-testid="learn-role-picker">
      {/* The options are long ("OrganizationAccountAccessRole — acme-production (222222222222)"): the select
          takes the width it is given and no more, so it never pushes a phone's page sideways. */}
      <label className="flex min-w-0 max-w-full flex-1 basis-64 flex-col gap-1 text-sm">
        <span className="font-medium">{label}</span>
        <select name="role" data-testid="learn-role-select" defaultValue={selected ?? ''} className="w-full min-w-0 max-w-full truncate rounded border border-[var(--border)] bg-[var(--bg)] px-2 py-1 text-sm">
          <option value="">The demo role (ReadOnly in production)</option>
          {roles.map((role) => (
            <option key={role.arn} value={role.arn}>
              {role.name} — {role.account}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded border border-[var(--accent)] px-3 py-1 text-sm text-[var(--accent)]">
        Use this role
      </button>
    </form>
  );
}
