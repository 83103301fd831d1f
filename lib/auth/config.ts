// Which sign-in providers are on. lib/env.ts validates their variables at start; a half-configured provider
// stops the start with the missing variable named.
import type { AuthEnv } from "@/lib/env";

export function enabledProviders(env: Pick<AuthEnv, "GITHUB_ID" | "OIDC_ISSUER" | "OIDC_NAME">): { github: boolean; oidc: string | null } {
  return { github: !!env.GITHUB_ID, oidc: env.OIDC_ISSUER ? (env.OIDC_NAME ?? "Single sign-on") : null };
}
