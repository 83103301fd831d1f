// Token list rows for the tables, formatted on the server (dates in UTC, see lib/format.ts).
import { formatDate, formatDateTime } from "@/lib/format";
import type { TokenListEntry } from "@/lib/tokens/queries";
import type { TokenRowData } from "./token-table";

export function toTokenRows(tokens: TokenListEntry[], options: { withOwner?: boolean; now?: Date } = {}): TokenRowData[] {
  const now = options.now ?? new Date();
  return tokens.map((token) => ({
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scopes: token.scopes,
    ...(options.withOwner ? { owner: token.user ? `${token.user.name} (${token.user.email})` : `project ${token.project?.slug ?? "?"}` } : {}),
    status: token.revokedAt ? "revoked" : token.expiresAt && token.expiresAt <= now ? "expired" : "active",
    created: formatDate(token.createdAt),
    lastUsed: token.lastUsedAt ? formatDateTime(token.lastUsedAt) : null,
    expires: token.expiresAt ? formatDate(token.expiresAt) : null,
  }));
}
