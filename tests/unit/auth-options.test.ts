import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** The OIDC provider that lib/auth/options.ts builds from the environment. */
async function oidcProvider() {
  vi.stubEnv("DATABASE_URL", "postgresql://localhost/unused");
  vi.stubEnv("NEXTAUTH_SECRET", "x".repeat(32));
  vi.stubEnv("OIDC_ISSUER", "https://login.example.com/realms/main");
  vi.stubEnv("OIDC_CLIENT_ID", "preflight");
  vi.stubEnv("OIDC_CLIENT_SECRET", "client-secret");
  vi.resetModules();
  const { getAuthOptions } = await import("@/lib/auth/options");
  const provider = getAuthOptions().providers.find((p) => p.id === "oidc") as unknown as {
    profile: (profile: Record<string, unknown>) => { id: string; email: string | null; name: string };
  };
  expect(provider).toBeDefined();
  return provider;
}

describe("OIDC sign-in", () => {
  it("passes the subject and the email through; verification is decided at sign-in from the raw claim", async () => {
    const oidc = await oidcProvider();
    expect(oidc.profile({ sub: "u1", email: "ada@example.com", email_verified: true, name: "Ada" })).toEqual({ id: "u1", email: "ada@example.com", name: "Ada" });
  });
});

describe("GitHub emails", () => {
  it("takes the primary email only when GitHub verified it", async () => {
    const { pickGitHubEmail } = await import("@/lib/auth/options");
    expect(pickGitHubEmail([{ email: "a@x.dev", primary: true, verified: true }])).toEqual({ email: "a@x.dev", verified: true });
    expect(pickGitHubEmail([{ email: "a@x.dev", primary: true, verified: false }, { email: "b@x.dev", primary: false, verified: true }])).toEqual({ email: "a@x.dev", verified: false });
    expect(pickGitHubEmail({ message: "Bad credentials" })).toEqual({ email: null, verified: false });
  });
});
