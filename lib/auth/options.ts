// next-auth configuration: email + password always; GitHub and a generic OIDC provider when configured.
// Sessions are JWTs carrying only the user id; the role and the disabled flag are read from the database
// on every request (lib/auth/session.ts), so a change applies on the user's next request.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { recordAuditEvent } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { clientIp } from "@/lib/http/client-ip";
import { parseAuthEnv } from "./config";
import { attemptPasswordSignIn } from "./sign-in";

/** Logs an unexpected sign-in failure by name and first line only (Prisma messages carry query arguments). */
function logAuthError(where: string, error: unknown): void {
  const reference = crypto.randomUUID().slice(0, 8);
  const text = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
  console.error(`[auth ${where}] failed, reference ${reference}: ${text.slice(0, 300)}`);
}

function buildProviders(): NextAuthOptions["providers"] {
  const parsed = parseAuthEnv(process.env);
  const env = parsed.ok ? parsed.env : undefined;
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        // next-auth copies a thrown error's message into the redirect URL: an unexpected failure is logged
        // here with a reference and answered as a plain failed sign-in (CredentialsSignin), never as text.
        try {
          const outcome = await attemptPasswordSignIn(db, {
            email: String(credentials?.email ?? ""),
            password: String(credentials?.password ?? ""),
            ip: clientIp(request?.headers),
          });
          return outcome.ok ? { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name } : null;
        } catch (error) {
          logAuthError("authorize", error);
          return null;
        }
      },
    }),
  ];
  if (env?.GITHUB_ID && env.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  }
  if (env?.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    providers.push({
      id: "oidc",
      name: env.OIDC_NAME ?? "Single sign-on",
      type: "oauth",
      wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; email?: string; email_verified?: boolean | string; name?: string }) {
        // Users are matched by email (signIn below), so an address the provider has not verified must not
        // count: on a provider with self-service sign-up, anyone could otherwise claim an admin's email.
        const verified = profile.email_verified !== false && profile.email_verified !== "false";
        return { id: profile.sub, email: verified ? (profile.email ?? null) : null, name: profile.name ?? profile.email ?? profile.sub };
      },
    });
  }
  return providers;
}

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: buildProviders(),
  callbacks: {
    // OAuth/OIDC users must already exist (an admin creates them with a role) and be enabled.
    async signIn({ user, account }) {
      if (!account || account.provider === "credentials") return true;
      const email = user.email?.toLowerCase();
      const known = email ? await db.user.findUnique({ where: { email }, select: { id: true, disabledAt: true } }) : null;
      if (!known || known.disabledAt) {
        await recordAuditEvent(db, { type: "auth.sign_in_failed", payload: { email: email ?? null, provider: account.provider, reason: known ? "disabled" : "unknown_email" } });
        return false;
      }
      await db.user.update({ where: { id: known.id }, data: { lastSignInAt: new Date() } });
      await recordAuditEvent(db, { type: "auth.signed_in", actorId: known.id, payload: { method: account.provider } });
      return true;
    },
    async jwt({ token, user, account }) {
      if (user && account) {
        if (account.provider === "credentials") {
          token.sub = user.id;
        } else {
          const known = await db.user.findUnique({ where: { email: user.email!.toLowerCase() }, select: { id: true } });
          token.sub = known?.id;
        }
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user && token.sub) session.user.id = token.sub;
      return session;
    },
  },
};
