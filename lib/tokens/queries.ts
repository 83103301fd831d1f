import "server-only";
import { db } from "@/lib/db";

const tokenSelect = {
  id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true,
  user: { select: { id: true, name: true, email: true } },
  project: { select: { id: true, slug: true, name: true } },
} as const;

/** Most recent first; revoked tokens stay listed (greyed) so the owner sees what happened. */
const LIST_LIMIT = 200;

/** The user's own tokens, newest first. */
export async function listUserTokens(userId: string) {
  return db.apiToken.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: LIST_LIMIT, select: tokenSelect });
}

/** Every token, user and project tokens alike, newest first (the admin page). */
export async function listAllTokens() {
  return db.apiToken.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: LIST_LIMIT, select: tokenSelect });
}

export type TokenListEntry = Awaited<ReturnType<typeof listUserTokens>>[number];
