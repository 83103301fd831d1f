import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user?: DefaultSession["user"] & { id?: string };
    /** The user's sessionVersion when the session was issued (lib/auth/session.ts refuses an older one). */
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** sessionVersion at sign-in. */
    sv?: number;
    /** Must change password (an admin reset it); proxy.ts sends the user to choose one. */
    mcp?: boolean;
  }
}
