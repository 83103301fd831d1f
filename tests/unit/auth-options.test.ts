import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** The OIDC provider that lib/auth/options.ts builds from the environment. */
async function oidcProvider() {
  vi.stubEnv("NEXTAUTH_SECRET", "x".repeat(32));
  vi.stubEnv("OIDC_ISSUER", "https://login.example.com/realms/main");
  vi.stubEnv("OIDC_CLIENT_ID", "preflight");
  vi.stubEnv("OIDC_CLIENT_SECRET", "client-secret");
  vi.resetModules();
  const { authOptions } = await import("@/lib/auth/options");
  const provider = authOptions.providers.find((p) => p.id === "oidc") as unknown as {
    profile: (profile: Record<string, unknown>) => { id: string; email: string | null; name: string };
  };
  expect(provider).toBeDefined();
  return provider;
}

describe("OIDC sign-in", () => {
  it("ignores an email the provider says it has not verified, so it cannot match an existing user", async () => {
    const oidc = await oidcProvider();
    expect(oidc.profile({ sub: "u1", email: "ada@example.com", email_verified: false }).email).toBeNull();
    expect(oidc.profile({ sub: "u1", email: "ada@example.com", email_verified: "false" }).email).toBeNull();
  });

  it("takes a verified email, or one from a provider that does not say", async () => {
    const oidc = await oidcProvider();
    expect(oidc.profile({ sub: "u1", email: "ada@example.com", email_verified: true, name: "Ada" })).toEqual({ id: "u1", email: "ada@example.com", name: "Ada" });
    expect(oidc.profile({ sub: "u2", email: "bob@example.com" }).email).toBe("bob@example.com");
  });
});
