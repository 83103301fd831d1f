import type { Metadata } from "next";
import Link from "next/link";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { toTokenRows } from "@/components/tokens/token-rows";
import { TokenTable } from "@/components/tokens/token-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listUserTokens } from "@/lib/tokens/queries";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

export default async function AccountTokensPage() {
  const user = await requireUser();
  const tokens = toTokenRows(await listUserTokens(user.id));
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6 pt-8">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="text-sm text-muted">
          Tokens let scripts and CI use Preflight&apos;s REST API as you: they can do what your role allows, limited to their scopes, and every
          change they make is recorded with the token&apos;s name. See the <Link href="/api-reference" className="text-link underline">API reference</Link>.
          {can(user, "token.manage").allowed ? (
            <>
              {" "}
              Everyone&apos;s tokens and project tokens are on the <Link href="/admin/tokens" className="text-link underline">admin tokens page</Link>.
            </>
          ) : null}
        </p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>New token</CardTitle>
          <CardDescription>The token is shown once, when it is made; Preflight keeps only a hash of it.</CardDescription>
        </CardHeader>
        <CardContent>
          <CreateTokenForm />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Your tokens</CardTitle>
        </CardHeader>
        {tokens.length > 0 ? <TokenTable tokens={tokens} caption="Your API tokens" /> : <CardContent className="text-sm text-muted">You have no API tokens yet.</CardContent>}
      </Card>
    </div>
  );
}
