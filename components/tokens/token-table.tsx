"use client";

import { useState, useTransition } from "react";
import { useAction } from "@/components/actions/use-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { revokeApiTokenAction } from "@/lib/tokens/actions";
import { ScrollTable, TableHead } from "@/components/ui/table";

/** One token, with dates already formatted on the server. */
export interface TokenRowData {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  /** "Ada Admin" or "project gateway", on the admin page. */
  owner?: string;
  status: "active" | "revoked" | "expired";
  created: string;
  lastUsed: string | null;
  expires: string | null;
}

const statusTone = { active: "success", revoked: "neutral", expired: "warning" } as const;

export function TokenTable({ tokens, caption }: { tokens: TokenRowData[]; caption: string }) {
  const showOwner = tokens.some((t) => t.owner);
  return (
    <ScrollTable caption={caption}>
      <TableHead
        className="border-b border-border text-muted" cellClassName="px-4 py-2"
        columns={["Name", showOwner && "For", "Scopes", "Last used", "Expires", "Status", { label: "Actions", srOnly: true }]}
      />
      <tbody>
        {tokens.map((token) => (
          <TokenRow key={token.id} token={token} showOwner={showOwner} />
        ))}
      </tbody>
    </ScrollTable>
  );
}

function TokenRow({ token, showOwner }: { token: TokenRowData; showOwner: boolean }) {
  const [pending, startTransition] = useTransition();
  const revokeToken = useAction(revokeApiTokenAction);
  const [error, setError] = useState<string | null>(null);

  function revoke(): Promise<void> {
    setError(null);
    return new Promise((resolve) => {
      startTransition(async () => {
        const result = await revokeToken.run({ tokenId: token.id });
        if (!result.ok) setError(result.message);
        resolve();
      });
    });
  }

  return (
    <tr className="border-b border-border last:border-0 align-top">
      <td className="px-4 py-3">
        <div className="font-medium">{token.name}</div>
        <div className="font-mono text-xs text-muted">{token.prefix}…</div>
        {error ? (
          <p role="alert" className="mt-1 text-sm text-danger-text">
            {error}
          </p>
        ) : null}
      </td>
      {showOwner ? <td className="px-4 py-3">{token.owner}</td> : null}
      <td className="px-4 py-3 font-mono text-xs">{token.scopes.join(", ")}</td>
      <td className="px-4 py-3 text-muted">{token.lastUsed ?? "Never"}</td>
      <td className="px-4 py-3 text-muted">{token.expires ?? "Never"}</td>
      <td className="px-4 py-3">
        <Badge tone={statusTone[token.status]}>{token.status === "active" ? "Active" : token.status === "revoked" ? "Revoked" : "Expired"}</Badge>
      </td>
      <td className="px-4 py-3 text-right">
        {token.status === "active" ? (
          <ConfirmDialog
            trigger={
              <Button variant="secondary" size="sm" aria-disabled={pending || undefined}>
                Revoke<span className="sr-only"> {token.name}</span>
              </Button>
            }
            title={`Revoke “${token.name}”?`}
            description="Requests made with it are refused from now on. This cannot be undone; make a new token if it is needed again."
            confirmLabel="Revoke token"
            tone="danger"
            onConfirm={revoke}
          />
        ) : null}
      </td>
    </tr>
  );
}
