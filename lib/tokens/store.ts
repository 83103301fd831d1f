// Issuing and checking API tokens. The token is returned once by issueToken and never stored: the database
// keeps its SHA-256 (looked up by that hash, so no comparison of secrets happens in JavaScript), the first
// characters to tell tokens apart, the scopes and the dates.
import type { ApiScope } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/session";
import type { Db } from "@/lib/db-types";
import type { ProjectScope, TokenScope } from "./scopes";
import { isApiScope, isProjectScope } from "./scopes";
import { MAX_ACTIVE_TOKENS } from "./schemas";
import { generateToken, hashToken, isTokenShaped, shownPrefix } from "./token";

/** last-used is written at most this often per token, so a burst of requests is not a burst of writes. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface IssuedToken {
  id: string;
  /** The token itself: shown once, never stored. */
  token: string;
  prefix: string;
  expiresAt: Date | null;
}

export type TokenOwner = { userId: string; scopes: ApiScope[] } | { projectId: string; scopes: ProjectScope[] };

export class TooManyTokensError extends Error {}

/** Creates a token for a user or a project. Call it in the transaction that audits it. */
export async function issueToken(db: Db, input: TokenOwner & { name: string; expiresInDays: number | null; now?: Date }): Promise<IssuedToken> {
  const now = input.now ?? new Date();
  const owner = "userId" in input ? { userId: input.userId } : { projectId: input.projectId };
  const active = await db.apiToken.count({ where: { ...owner, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } });
  if (active >= MAX_ACTIVE_TOKENS) throw new TooManyTokensError(`At most ${MAX_ACTIVE_TOKENS} active tokens; revoke one first`);
  const token = generateToken();
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null;
  const row = await db.apiToken.create({
    data: { ...owner, name: input.name, scopes: input.scopes, tokenHash: hashToken(token), prefix: shownPrefix(token), expiresAt },
    select: { id: true, prefix: true },
  });
  return { id: row.id, token, prefix: row.prefix, expiresAt };
}

export interface TokenRef {
  id: string;
  name: string;
}

/** Who a valid token speaks for. */
export type TokenPrincipal =
  | { kind: "user"; token: TokenRef; scopes: ApiScope[]; user: CurrentUser }
  | { kind: "project"; token: TokenRef; scopes: ProjectScope[]; projectId: string };

export type TokenRefusal = "malformed" | "unknown" | "revoked" | "expired" | "user_disabled";

export type TokenCheck = { ok: true; principal: TokenPrincipal } | { ok: false; reason: TokenRefusal };

export const tokenRefusalMessages: Record<TokenRefusal, string> = {
  malformed: "The Authorization header must be `Bearer pf_…` with an API token.",
  unknown: "This API token is not valid.",
  revoked: "This API token was revoked.",
  expired: "This API token has expired.",
  user_disabled: "The account this API token belongs to is disabled.",
};

/**
 * The principal of a token, read fresh on every request (a revoke, an expiry, a role change or a disabled
 * account take effect on the next request). Refreshes last-used when it is older than LAST_USED_RESOLUTION_MS.
 */
export async function authenticateToken(db: Db, token: string, now = new Date()): Promise<TokenCheck> {
  if (!isTokenShaped(token)) return { ok: false, reason: "malformed" };
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true, name: true, scopes: true, projectId: true, revokedAt: true, expiresAt: true, lastUsedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, disabledAt: true, mustChangePassword: true } },
    },
  });
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.expiresAt && row.expiresAt <= now) return { ok: false, reason: "expired" };
  if (row.user?.disabledAt) return { ok: false, reason: "user_disabled" };
  await touchLastUsed(db, row, now);
  const ref = { id: row.id, name: row.name };
  if (row.user) {
    const scopes = row.scopes.filter(isApiScope);
    const { disabledAt: _disabled, ...user } = row.user;
    return { ok: true, principal: { kind: "user", token: ref, scopes, user: { ...user, apiScopes: scopes, apiToken: ref } } };
  }
  if (row.projectId) return { ok: true, principal: { kind: "project", token: ref, scopes: row.scopes.filter(isProjectScope), projectId: row.projectId } };
  return { ok: false, reason: "unknown" };
}

async function touchLastUsed(db: Db, row: { id: string; lastUsedAt: Date | null }, now: Date): Promise<void> {
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (row.lastUsedAt && row.lastUsedAt > stale) return;
  // Conditional, so that concurrent requests that all saw an old value write once between them.
  await db.apiToken.updateMany({ where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: stale } }] }, data: { lastUsedAt: now } });
}

/** Scope lists as stored, for display and the audit log. */
export function describeScopes(scopes: readonly TokenScope[]): string {
  return scopes.length > 0 ? scopes.join(", ") : "none";
}
