// next-auth configuration: email + password always; GitHub and a generic OIDC provider when configured.
// Sessions are JWTs carrying only the user id; the role and the disabled flag are read from the database
// on every request (lib/auth/session.ts), so a change applies on the user's next request.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { db } from "@/lib/db";
import { clientIp } from "@/lib/http/client-ip";
import { getWebEnv, type WebEnv } from "@/lib/env";
import { errorSummary, log } from "@/lib/log";
import { boundUserId, resolveProviderSignIn } from "./identity";
import { attemptPasswordSignIn } from "./sign-in";

/** Logs an unexpected sign-in failure by name and first line only (Prisma messages carry query arguments). */
function logAuthError(where: string, error: unknown): void {
  const reference = crypto.randomUUID().slice(0, 8);
  log.error({ auth: where, reference, error: errorSummary(error) }, "sign-in step failed");
}

function buildProviders(env: WebEnv): NextAuthOptions["providers"] {
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
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    const github = GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET });
    providers.push({
      ...github,
      // GitHub's profile says nothing about verification: ask for the account's emails and keep the primary
      // one only if GitHub has verified it (next-auth's default takes the primary one, verified or not).
      userinfo: {
        url: "https://api.github.com/user",
        async request({ client, tokens }) {
          const profile = await client.userinfo(tokens.access_token!);
          const response = await fetch("https://api.github.com/user/emails", { headers: { Authorization: `token ${tokens.access_token}` } });
          const picked = pickGitHubEmail(response.ok ? await response.json() : []);
          return { ...profile, email: picked.email ?? undefined, email_verified: picked.verified };
        },
      },
    });
  }
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
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
      profile(profile: { sub: string; email?: string; email_verified?: unknown; name?: string }) {
        // Verification is decided in signIn (lib/auth/identity.ts) from the raw claim.
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.email ?? profile.sub };
      },
    });
  }
  return providers;
}

/** GitHub's /user/emails answer → the primary email and whether GitHub verified it. */
export function pickGitHubEmail(emails: unknown): { email: string | null; verified: boolean } {
  if (!Array.isArray(emails)) return { email: null, verified: false };
  const primary = emails.find((e): e is { email: string; primary: true; verified?: unknown } => typeof e?.email === "string" && e.primary === true);
  return primary ? { email: primary.email, verified: primary.verified === true } : { email: null, verified: false };
}

/** Whether the installation opted out of the verified-email rule for a provider (docs/SECURITY.md names the risk). */
function allowsUnverifiedEmail(env: WebEnv, provider: string): boolean {
  if (provider === "github") return env.GITHUB_ALLOW_UNVERIFIED_EMAIL;
  if (provider === "oidc") return env.OIDC_ALLOW_UNVERIFIED_EMAIL;
  return false;
}

let cached: NextAuthOptions | undefined;

/** Built on first use, not at import: `next build` loads this module without the runtime environment. */
export function getAuthOptions(): NextAuthOptions {
  cached ??= buildAuthOptions(getWebEnv());
  return cached;
}

function buildAuthOptions(env: WebEnv): NextAuthOptions {
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    providers: buildProviders(env),
    callbacks: {
      // OAuth/OIDC users must already exist (an admin creates them with a role) and be enabled; the provider's
      // subject is bound at the first sign-in and matched on afterwards (lib/auth/identity.ts).
      async signIn({ user, account, profile }) {
        if (!account || account.provider === "credentials") return true;
        try {
          const claims = (profile ?? {}) as { email_verified?: unknown };
          const outcome = await resolveProviderSignIn(db, {
            provider: account.provider,
            subject: String(account.providerAccountId ?? ""),
            email: user.email,
            emailVerified: claims.email_verified,
            allowUnverifiedEmail: allowsUnverifiedEmail(env, account.provider),
          });
          return outcome.ok;
        } catch (error) {
          logAuthError("signIn", error);
          return false;
        }
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          const userId = account.provider === "credentials" ? user.id : await boundUserId(db, account.provider, String(account.providerAccountId));
          token.sub = userId;
          const row = userId ? await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true, mustChangePassword: true } }) : null;
          token.sv = row?.sessionVersion ?? 0;
          token.mcp = row?.mustChangePassword === true;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        session.sessionVersion = token.sv ?? 0;
        return session;
      },
    },
  };
}
