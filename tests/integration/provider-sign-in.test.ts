// OAuth/OIDC identity binding (issue 11): email_verified must be exactly true, the provider's subject is
// bound at the first sign-in and later sign-ins match on it.
import { describe, expect, it } from "vitest";
import { resolveProviderSignIn, type ProviderSignIn } from "@/lib/auth/identity";
import { createTestDatabase } from "../support/database";
import { createUser } from "../support/acting-user";

describe("provider sign-in", async () => {
  const { prisma } = await createTestDatabase();
  const admin = await createUser(prisma, "ADMIN", { email: "ada@example.com" });
  const signIn = (input: Partial<ProviderSignIn>) =>
    resolveProviderSignIn(prisma, { provider: "oidc", subject: "sub-ada", email: "ada@example.com", emailVerified: true, allowUnverifiedEmail: false, ...input });

  it.each([[undefined], [false], ["true"], ["false"], [1]])("refuses email_verified = %j for an unbound account", async (claim) => {
    expect(await signIn({ subject: "attacker", emailVerified: claim })).toEqual({ ok: false, reason: "unverified_email" });
    expect(await prisma.userIdentity.count({ where: { subject: "attacker" } })).toBe(0);
  });

  it("accepts an unverified email when the installation opted out for the provider", async () => {
    const lee = await createUser(prisma, "VIEWER", { email: "lee@example.com" });
    expect(await signIn({ subject: "sub-lee", email: "lee@example.com", emailVerified: undefined, allowUnverifiedEmail: true })).toEqual({ ok: true, userId: lee.id, bound: true });
  });

  it("binds the subject at the first sign-in, then matches on it whatever the email says", async () => {
    expect(await signIn({})).toEqual({ ok: true, userId: admin.id, bound: true });
    expect(await prisma.userIdentity.findFirstOrThrow({ where: { userId: admin.id } })).toMatchObject({ provider: "oidc", subject: "sub-ada" });
    // The email changed at the provider (or is missing): the subject still finds Ada.
    expect(await signIn({ email: "renamed@example.com", emailVerified: false })).toEqual({ ok: true, userId: admin.id, bound: false });
  });

  it("refuses another subject claiming a bound user's verified email", async () => {
    expect(await signIn({ subject: "someone-else" })).toEqual({ ok: false, reason: "bound_to_other_subject" });
  });

  it("refuses a disabled user even through a bound subject, and audits failures", async () => {
    const gone = await createUser(prisma, "VIEWER", { email: "gone@example.com" });
    expect((await signIn({ subject: "sub-gone", email: "gone@example.com" })).ok).toBe(true);
    await prisma.user.update({ where: { id: gone.id }, data: { disabledAt: new Date() } });
    expect(await signIn({ subject: "sub-gone", email: "gone@example.com" })).toEqual({ ok: false, reason: "disabled" });
    const reasons = (await prisma.auditEvent.findMany({ where: { type: "auth.sign_in_failed" } })).map((e) => (e.payload as { reason: string }).reason);
    expect(reasons).toContain("unverified_email");
    expect(reasons).toContain("disabled");
  });

  it("refuses an unknown email", async () => {
    expect(await signIn({ subject: "new", email: "nobody@example.com" })).toEqual({ ok: false, reason: "unknown_email" });
  });
});
