// The one session getter. It decrypts next-auth's session cookie itself (./session-token.ts: what next-auth's
// getServerSession checks, at a fraction of its cost). The signed-in user's role and status come from the database on every request
// (cached for the request), so a role change or a disable takes effect on the next request. A session
// issued before the user's last password change, reset or disable (an older sessionVersion) is refused.
import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { getWebEnv } from "@/lib/env";
import { decodeSessionToken, sessionCookieName, sessionTokenFrom } from "./session-token";
import type { ApiScope } from "./permissions";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** An admin reset the password: nothing but choosing a new one is allowed. */
  mustChangePassword?: boolean;
  /** The session's version and end, for long-lived responses to re-check (lib/events/stream.ts). */
  sessionVersion?: number;
  sessionExpiresAt?: number;
  /** Acting through an API token (lib/tokens): its scopes limit the role (lib/auth/permissions.ts). */
  apiScopes?: readonly ApiScope[];
  /** That token, named in the audit events of the changes made with it. */
  apiToken?: { id: string; name: string };
}

/** Where a user whose password was reset is sent. */
export const CHANGE_PASSWORD_PATH = "/account/password";

export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const env = getWebEnv();
  const token = sessionTokenFrom((await cookies()).getAll(), sessionCookieName(env.NEXTAUTH_URL));
  const claims = token ? decodeSessionToken(token, env.NEXTAUTH_SECRET) : null;
  const id = claims?.sub;
  if (!id) return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, disabledAt: true, sessionVersion: true, mustChangePassword: true },
  });
  if (!user || user.disabledAt || user.sessionVersion !== (claims.sv ?? 0)) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
    sessionVersion: user.sessionVersion,
    // The token's own end: nothing renews the cookie (no client calls /api/auth/session), so a session lasts 12 h
    // from sign-in, and live event streams close then (lib/auth/still-signed-in.ts).
    sessionExpiresAt: typeof claims.exp === "number" ? claims.exp * 1000 : undefined,
  };
});

/** For pages: the signed-in user, or a redirect to the sign-in page (or to choosing a new password). */
export async function requireUser(options: { allowPasswordChange?: boolean } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword && !options.allowPasswordChange) redirect(CHANGE_PASSWORD_PATH);
  return user;
}
