// Sign-in configuration from the environment, validated once: a half-configured provider is refused at
// start with the variable named, instead of failing on a user's first click.
import { z } from "zod";

const optional = z.string().trim().min(1).optional();

const authEnvSchema = z
  .object({
    NEXTAUTH_SECRET: z.string({ error: "NEXTAUTH_SECRET is not set" }).min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
    GITHUB_ID: optional,
    GITHUB_SECRET: optional,
    OIDC_ISSUER: z.url("OIDC_ISSUER must be a URL such as https://login.example.com/realms/main").optional(),
    OIDC_CLIENT_ID: optional,
    OIDC_CLIENT_SECRET: optional,
    OIDC_NAME: optional,
    // Opting out of the verified-email rule for a provider (see docs/SECURITY.md for the risk).
    GITHUB_ALLOW_UNVERIFIED_EMAIL: z.enum(["true", "false"], { error: "GITHUB_ALLOW_UNVERIFIED_EMAIL is true or false" }).optional(),
    OIDC_ALLOW_UNVERIFIED_EMAIL: z.enum(["true", "false"], { error: "OIDC_ALLOW_UNVERIFIED_EMAIL is true or false" }).optional(),
  })
  .superRefine((env, ctx) => {
    if (!!env.GITHUB_ID !== !!env.GITHUB_SECRET) {
      ctx.addIssue({ code: "custom", path: [env.GITHUB_ID ? "GITHUB_SECRET" : "GITHUB_ID"], message: "GitHub sign-in needs both GITHUB_ID and GITHUB_SECRET" });
    }
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      const missing = (["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const).filter((k) => !env[k]);
      ctx.addIssue({ code: "custom", path: [missing[0]!], message: `OIDC sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (missing: ${missing.join(", ")})` });
    }
  });

export type AuthEnv = z.infer<typeof authEnvSchema>;

export function parseAuthEnv(env: Record<string, string | undefined>): { ok: true; env: AuthEnv } | { ok: false; problems: string[] } {
  const parsed = authEnvSchema.safeParse(env);
  if (parsed.success) return { ok: true, env: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) };
}

export function enabledProviders(env: AuthEnv): { github: boolean; oidc: boolean } {
  return { github: !!env.GITHUB_ID, oidc: !!env.OIDC_ISSUER };
}
