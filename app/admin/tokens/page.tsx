import type { Metadata } from "next";
import Link from "next/link";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { toTokenRows } from "@/components/tokens/token-rows";
import { TokenTable } from "@/components/tokens/token-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listProjectOptions } from "@/lib/projects/queries";
import { listAllTokens } from "@/lib/tokens/queries";
import { Forbidden } from "@/components/ui/forbidden";

export const metadata: Metadata = { title: "API tokens (admin)" };
export const dynamic = "force-dynamic";

export default async function AdminTokensPage() {
  const user = await requireUser();
  const decision = can(user, "token.manage");
  if (!decision.allowed) {
    return (
      <Forbidden reason={decision.reason}>
        Your own tokens are on <Link href="/account/tokens" className="text-link underline">your API tokens page</Link>.
      </Forbidden>
    );
  }
  const [tokens, projects] = await Promise.all([listAllTokens(), listProjectOptions()]);
  const rows = toTokenRows(tokens, { withOwner: true });
  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 pt-8">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="text-sm text-muted">Everyone&apos;s tokens and the projects&apos; flag tokens. Revoking one refuses its next request.</p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>New project token</CardTitle>
          <CardDescription>For a service that reads one project&apos;s feature flags: it acts as no one and can do nothing else.</CardDescription>
        </CardHeader>
        <CardContent>{projects.length > 0 ? <CreateTokenForm projects={projects} /> : <p className="text-sm text-muted">There are no projects yet.</p>}</CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>All tokens</CardTitle>
        </CardHeader>
        {rows.length > 0 ? <TokenTable tokens={rows} caption="All API tokens" /> : <CardContent className="text-sm text-muted">No API tokens yet.</CardContent>}
      </Card>
    </div>
  );
}
