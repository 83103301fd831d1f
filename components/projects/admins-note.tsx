/** "Ask Ada Admin or Grace Hopper": who can set Preflight up, for people who cannot. */
export function AdminsNote({ admins }: { admins: string[] }) {
  if (admins.length === 0) return <>No admin is enabled: create one with <code className="font-mono">npm run user:create -- --role ADMIN</code>.</>;
  const names = admins.length === 1 ? admins[0] : `${admins.slice(0, -1).join(", ")} or ${admins[admins.length - 1]}`;
  return (
    <>
      Admins set projects up. Ask {admins.length === 1 ? "the admin" : admins.length === 2 ? "an admin" : "one of the admins"}: <strong className="font-semibold text-foreground">{names}</strong>.
    </>
  );
}
