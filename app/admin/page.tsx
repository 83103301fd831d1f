import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageLinks, parsePage } from "@/components/ui/page-links";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { formatDate, formatDateTime } from "@/lib/format";
import { listUsers, USERS_PER_PAGE } from "@/lib/users/queries";
import { CreateUserForm } from "./_components/create-user-form";
import { UserRow, type UserRowData } from "./_components/user-row";
import { Forbidden } from "@/components/ui/forbidden";
import { TableHead } from "@/components/ui/table";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

interface AdminPageProps {
  searchParams: Promise<{ page?: string | string[] }>;
}




export default async function AdminUsersPage({ searchParams }: AdminPageProps) {
  const user = await requireUser();
  const decision = can(user, "user.manage");
  if (!decision.allowed) {
    return (
      <Forbidden reason={decision.reason} back={{ href: "/", label: "Back to home" }}>
        Adding people, changing roles and disabling accounts is for admins. Ask an admin if you need access changed.
      </Forbidden>
    );
  }

  const page = parsePage((await searchParams).page);
  const { users, total, pages } = await listUsers(page);
  if (page > pages) redirect(pages === 1 ? "/admin" : `/admin?page=${pages}`);

  const rows: UserRowData[] = users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    disabled: u.disabledAt !== null,
    lastSignIn: u.lastSignInAt ? { iso: u.lastSignInAt.toISOString(), label: formatDateTime(u.lastSignInAt) } : null,
    created: { iso: u.createdAt.toISOString(), label: formatDate(u.createdAt), title: formatDateTime(u.createdAt) },
  }));
  const first = (page - 1) * USERS_PER_PAGE + 1;
  const last = first + users.length - 1;

  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="text-sm text-muted">
          Who can sign in to Preflight, and what their role lets them do. Changes apply from their next request. Also for admins:{" "}
          <Link href="/admin/tokens" className="text-link underline-offset-2 hover:underline">
            API tokens
          </Link>{" "}
          and the{" "}
          <Link href="/admin/webhooks" className="text-link underline-offset-2 hover:underline">
            webhook delivery log
          </Link>
          .
        </p>
      </header>

      <CreateUserForm />

      <Card role="region" aria-labelledby="users-heading">
        <CardHeader className="pb-4">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <CardTitle id="users-heading">All users</CardTitle>
            <p className="text-sm text-muted tabular-nums">
              {pages > 1 ? `${first}–${last} of ${total} users` : `${total} ${total === 1 ? "user" : "users"}`}
            </p>
          </div>
          <CardDescription>Disabled users are listed last. An admin cannot disable themselves or remove the last admin.</CardDescription>
        </CardHeader>
        {users.length === 0 ? (
          <div className="px-5 pb-5">
            <EmptyState as="h3" title="No users yet" description="Create the first user with the form above." />
          </div>
        ) : (
          <div className="relative overflow-x-auto border-t border-border">
            {/* Fixed layout: name and email share what the other columns leave, and truncate; narrow screens scroll.
                `relative` above keeps the absolutely positioned sr-only texts of off-screen cells from widening the page. */}
            <table className="w-full min-w-[64rem] table-fixed text-left text-sm">
              <caption className="sr-only">
                Users{pages > 1 ? `, page ${page} of ${pages}` : ""}, with their role, status and last sign-in
              </caption>
              <TableHead
                look="list" cellClassName="py-2.5 pr-4"
                columns={[
                  { label: "Name", className: "px-5" },
                  "Email",
                  { label: "Role", className: "w-44" },
                  { label: "Status", className: "w-28" },
                  { label: "Last sign-in", className: "w-48" },
                  { label: "Created", className: "w-28" },
                  { label: "Actions", className: "w-32 pr-5", srOnly: true },
                ]}
              />
              <tbody>
                {rows.map((row) => (
                  <UserRow key={row.id} user={row} isSelf={row.id === user.id} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 ? <PageLinks page={page} pages={pages} hrefFor={(n) => (n === 1 ? "/admin" : `/admin?page=${n}`)} label="Pages of users" /> : null}
      </Card>
    </div>
  );
}
