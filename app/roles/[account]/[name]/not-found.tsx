import Link from 'next/link';

export default function RoleNotFound() {
  return (
    <section className="space-y-3">
      <h1 className="text-2xl font-semibold">No such role in the current data</h1>
      <p>The account is not in the snapshot, or it has no role by that name (IAM role names are matched exactly here).</p>
      <Link href="/roles" className="text-[var(--accent)] underline">
        All roles
      </Link>
    </section>
  );
}
