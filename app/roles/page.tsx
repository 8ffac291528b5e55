export const metadata = { title: 'Roles' };

export default function RolesPage() {
  return <h1 className="text-2xl font-semibold">Roles</h1>;
}
