import { describe, expect, it } from "vitest";
import { enabledProviders } from "@/lib/auth/config";
import { authEnvSchema, parseEnv } from "@/lib/env";

const parseAuthEnv = (env: Record<string, string>) => parseEnv(authEnvSchema, env);

const secret = "x".repeat(32);

describe("sign-in configuration", () => {
  it("needs a secret of at least 32 characters", () => {
    expect(parseAuthEnv({})).toEqual({ ok: false, problems: ["NEXTAUTH_SECRET: NEXTAUTH_SECRET is not set"] });
    expect(parseAuthEnv({ NEXTAUTH_SECRET: "short" })).toMatchObject({ ok: false, problems: ["NEXTAUTH_SECRET: NEXTAUTH_SECRET must be at least 32 characters"] });
  });

  it("runs with email and password only by default", () => {
    const parsed = parseAuthEnv({ NEXTAUTH_SECRET: secret });
    expect(parsed.ok && enabledProviders(parsed.env)).toEqual({ github: false, oidc: null });
  });

  it("refuses GitHub with only one of its two variables, naming the missing one", () => {
    expect(parseAuthEnv({ NEXTAUTH_SECRET: secret, GITHUB_ID: "abc" })).toEqual({
      ok: false,
      problems: ["GITHUB_SECRET: GitHub sign-in needs both GITHUB_ID and GITHUB_SECRET"],
    });
  });

  it("refuses a partial OIDC configuration and a malformed issuer", () => {
    const partial = parseAuthEnv({ NEXTAUTH_SECRET: secret, OIDC_ISSUER: "https://id.example.com" });
    expect(partial.ok ? [] : partial.problems).toEqual([
      "OIDC_CLIENT_ID: OIDC sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (missing: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)",
    ]);
    const malformed = parseAuthEnv({ NEXTAUTH_SECRET: secret, OIDC_ISSUER: "id.example.com", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" });
    expect(malformed.ok ? [] : malformed.problems[0]).toMatch(/^OIDC_ISSUER: OIDC_ISSUER must be a URL/);
  });

  it("switches GitHub and OIDC on when fully configured", () => {
    const parsed = parseAuthEnv({
      NEXTAUTH_SECRET: secret,
      GITHUB_ID: "id",
      GITHUB_SECRET: "s",
      OIDC_ISSUER: "https://id.example.com/realms/main",
      OIDC_CLIENT_ID: "c",
      OIDC_CLIENT_SECRET: "s",
    });
    expect(parsed.ok && enabledProviders(parsed.env)).toEqual({ github: true, oidc: "Single sign-on" });
  });
});
