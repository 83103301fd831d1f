import { describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { attemptPasswordSignIn, isRateLimited, lockDurationMs, MAX_FAILURES_PER_PAIR } from "@/lib/auth/sign-in";
import { createTestDatabase } from "../support/database";

describe("password sign-in", async () => {
  const { prisma } = await createTestDatabase();
  const passwordHash = await hashPassword("correct horse battery");
  await prisma.user.create({ data: { email: "rae@example.com", name: "Rae", role: "RELEASE_MANAGER", passwordHash } });
  await prisma.user.create({ data: { email: "gone@example.com", name: "Gone", role: "VIEWER", passwordHash, disabledAt: new Date() } });

  it("signs in with the right password, any email case, and records it", async () => {
    const outcome = await attemptPasswordSignIn(prisma, { email: " Rae@Example.com ", password: "correct horse battery", ip: "10.0.0.1" });
    expect(outcome).toMatchObject({ ok: true, user: { email: "rae@example.com", role: "RELEASE_MANAGER" } });
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "rae@example.com" } });
    expect(user.lastSignInAt).not.toBeNull();
    expect(await prisma.auditEvent.count({ where: { type: "auth.signed_in", actorId: user.id } })).toBe(1);
  });

  it("refuses a wrong password, an unknown email and a disabled user, and audits each failure", async () => {
    expect(await attemptPasswordSignIn(prisma, { email: "rae@example.com", password: "wrong", ip: "10.0.0.2" })).toEqual({ ok: false, reason: "bad_password" });
    expect(await attemptPasswordSignIn(prisma, { email: "nobody@example.com", password: "x", ip: "10.0.0.2" })).toEqual({ ok: false, reason: "unknown_email" });
    expect(await attemptPasswordSignIn(prisma, { email: "gone@example.com", password: "correct horse battery", ip: "10.0.0.2" })).toEqual({
      ok: false,
      reason: "disabled",
    });
    const failures = await prisma.auditEvent.findMany({ where: { type: "auth.sign_in_failed" }, orderBy: { id: "asc" } });
    expect(failures.map((f) => (f.payload as { reason: string }).reason)).toEqual(["bad_password", "unknown_email", "disabled"]);
  });

  it(`locks an email from one address after ${MAX_FAILURES_PER_PAIR} failures, even for the right password`, async () => {
    await prisma.user.create({ data: { email: "target@example.com", name: "T", role: "VIEWER", passwordHash } });
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) {
      await attemptPasswordSignIn(prisma, { email: "target@example.com", password: `guess-${i}`, ip: "10.1.0.1" });
    }
    expect(await attemptPasswordSignIn(prisma, { email: "target@example.com", password: "correct horse battery", ip: "10.1.0.1" })).toEqual({
      ok: false,
      reason: "rate_limited",
    });
    // The lockout cannot be weaponised: the owner, from their own address, still gets in.
    expect((await attemptPasswordSignIn(prisma, { email: "target@example.com", password: "correct horse battery", ip: "10.1.0.99" })).ok).toBe(true);
    // Another account from another address is unaffected.
    expect((await attemptPasswordSignIn(prisma, { email: "rae@example.com", password: "correct horse battery", ip: "10.9.9.9" })).ok).toBe(true);
  });

  it("backs off exponentially, and forgets after a quiet day", async () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const minutes = (n: number) => new Date(start.getTime() + n * 60_000);
    const email = "backoff@example.com";
    const ip = "10.3.0.1";
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) await prisma.signInAttempt.create({ data: { email, ip, succeeded: false, at: start } });
    expect(lockDurationMs(MAX_FAILURES_PER_PAIR)).toBe(60_000);
    expect(await isRateLimited(prisma, email, ip, minutes(0.5))).toBe(true);
    expect(await isRateLimited(prisma, email, ip, minutes(1.5))).toBe(false);
    await prisma.signInAttempt.create({ data: { email, ip, succeeded: false, at: minutes(2) } });
    // Six failures: two minutes after the last one.
    expect(await isRateLimited(prisma, email, ip, minutes(3.5))).toBe(true);
    expect(await isRateLimited(prisma, email, ip, minutes(4.5))).toBe(false);
    expect(lockDurationMs(100)).toBe(60 * 60_000);
    expect(await isRateLimited(prisma, email, ip, minutes(25 * 60))).toBe(false);
  });

  it("evaluates no more guesses than the limit when they all arrive at once", async () => {
    await prisma.user.create({ data: { email: "burst@example.com", name: "B", role: "VIEWER", passwordHash } });
    const burst = 12;
    const outcomes = await Promise.all(
      Array.from({ length: burst }, (_, i) => attemptPasswordSignIn(prisma, { email: "burst@example.com", password: `guess-${i}`, ip: "10.2.0.1" })),
    );
    const reasons = outcomes.map((o) => (o.ok ? "signed_in" : o.reason));
    expect(reasons.filter((r) => r === "bad_password").length).toBeLessThanOrEqual(MAX_FAILURES_PER_PAIR);
    expect(reasons.filter((r) => r !== "bad_password").every((r) => r === "rate_limited")).toBe(true);
    // Every attempt is still recorded (once) and audited.
    expect(await prisma.signInAttempt.count({ where: { email: "burst@example.com" } })).toBe(burst);
    expect(await prisma.signInAttempt.count({ where: { email: "burst@example.com", succeeded: true } })).toBe(0);
  });

  it("locks an IP address that guesses across many emails", async () => {
    for (let i = 0; i < 30; i++) {
      await prisma.signInAttempt.create({ data: { email: `spray-${i}@example.com`, ip: "10.66.0.1", succeeded: false } });
    }
    expect(await attemptPasswordSignIn(prisma, { email: "rae@example.com", password: "correct horse battery", ip: "10.66.0.1" })).toEqual({
      ok: false,
      reason: "rate_limited",
    });
  });

  it("refuses empty and oversized input without touching users", async () => {
    expect(await attemptPasswordSignIn(prisma, { email: "", password: "x", ip: "10.0.0.3" })).toEqual({ ok: false, reason: "invalid_input" });
    expect(await attemptPasswordSignIn(prisma, { email: "rae@example.com", password: "x".repeat(201), ip: "10.0.0.3" })).toEqual({
      ok: false,
      reason: "invalid_input",
    });
  });
});
