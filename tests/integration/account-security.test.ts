// Passwords and sessions (issue 11): a user changes their own password, an admin resets one (one-time
// password, must change at next sign-in), and every session — open event streams included — ends on a
// password change or a disable.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { verifyPassword, hashPassword } from "@/lib/auth/password";
import type { CurrentUser } from "@/lib/auth/session";
import type { Role } from "@/lib/generated/prisma/client";
import { stillSignedIn } from "@/lib/auth/still-signed-in";
import { openLiveStream } from "@/lib/events/stream";
import { attemptPasswordSignIn } from "@/lib/auth/sign-in";
import { createTestDatabase } from "../support/database";
import { createUser } from "../support/acting-user";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string }; sessionVersion?: number; expires: string } }));
// The request's cookies carry a real session token, made by next-auth's encode from `session.current`.
vi.mock("next/headers", async (original) => ({
  ...(await original<object>()),
  cookies: async () => {
    const current = session.current;
    if (!current) return { getAll: () => [] };
    const { encode } = await import("next-auth/jwt");
    const maxAge = Math.round((Date.parse(current.expires) - Date.now()) / 1000);
    const value = await encode({ token: { sub: current.user.id, sv: current.sessionVersion }, secret: process.env.NEXTAUTH_SECRET!, maxAge });
    return { getAll: () => [{ name: "next-auth.session-token", value }] };
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, url } = await createTestDatabase();
process.env.DATABASE_URL = url;

// Actions read the acting user through the real getCurrentUser, which decrypts the (mocked) request's session cookie.
async function signInAs(user: { id: string }) {
  const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  session.current = { user: { id: user.id }, sessionVersion: row.sessionVersion, expires: new Date(Date.now() + 3_600_000).toISOString() };
}

/** A new user signed in once (their session is returned), after which the admin is the one signed in. */
async function userWithSession(role: Role, email: string) {
  const user = await createUser(prisma, role, { email });
  await signInAs(user);
  const userSession = session.current;
  await signInAs(admin);
  return { user, userSession };
}

const { getCurrentUser } = await import("@/lib/auth/session");
const { changeOwnPasswordAction, resetUserPasswordAction, setUserDisabledAction, changeUserRoleAction } = await import("@/lib/users/actions");

let admin: CurrentUser;
let rae: CurrentUser;

beforeAll(async () => {
  admin = await createUser(prisma, "ADMIN", { email: "ada@example.com" });
  rae = await createUser(prisma, "RELEASE_MANAGER", { email: "rae@example.com" });
  await prisma.user.update({ where: { id: rae.id }, data: { passwordHash: await hashPassword("old password 123") } });
});

describe("changing your own password", () => {
  it("refuses a wrong current password and changes nothing", async () => {
    await signInAs(rae);
    const result = await changeOwnPasswordAction({ currentPassword: "nope", newPassword: "a new password 456", confirmPassword: "a new password 456" });
    expect(result).toMatchObject({ ok: false, code: "invalid", fieldErrors: { currentPassword: ["Your current password is not right"] } });
  });

  it("changes it, audits it and ends every session of the account", async () => {
    await signInAs(rae);
    expect(await getCurrentUser()).not.toBeNull();
    const result = await changeOwnPasswordAction({ currentPassword: "old password 123", newPassword: "a new password 456", confirmPassword: "a new password 456" });
    expect(result.ok).toBe(true);
    const row = await prisma.user.findUniqueOrThrow({ where: { id: rae.id } });
    expect(await verifyPassword("a new password 456", row.passwordHash!)).toBe(true);
    expect(await prisma.auditEvent.count({ where: { type: "user.password_changed", actorId: rae.id } })).toBe(1);
    // The session issued before the change no longer counts.
    expect(await getCurrentUser()).toBeNull();
  });
});

describe("an admin resetting a password", () => {
  it("gives a one-time password, signs the user out and makes them choose a new one first", async () => {
    const { user: lee, userSession: leeSession } = await userWithSession("ENGINEERING_LEAD", "lee@example.com");
    const reset = await resetUserPasswordAction({ userId: lee.id });
    if (!reset.ok) throw new Error(reset.message);
    expect(reset.data.password).toMatch(/^\S{20}$/);
    expect(await prisma.auditEvent.count({ where: { type: "user.password_reset" } })).toBe(1);

    session.current = leeSession;
    expect(await getCurrentUser()).toBeNull();

    // Signing in with the one-time password works, but only changing it is allowed until then.
    const signedIn = await attemptPasswordSignIn(prisma, { email: "lee@example.com", password: reset.data.password, ip: "10.0.0.5" });
    expect(signedIn).toMatchObject({ ok: true, user: { mustChangePassword: true } });
    await signInAs(lee);
    expect(await getCurrentUser()).toMatchObject({ mustChangePassword: true });
    expect(await changeUserRoleAction({ userId: rae.id, role: "VIEWER" })).toMatchObject({ ok: false, code: "forbidden" });
    const changed = await changeOwnPasswordAction({ currentPassword: reset.data.password, newPassword: "lee chose this 789", confirmPassword: "lee chose this 789" });
    expect(changed.ok).toBe(true);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: lee.id } })).toMatchObject({ mustChangePassword: false });
  });
});

describe("disabling a user", () => {
  it("ends their sessions, even if they are enabled again", async () => {
    const { user: vic, userSession: vicSession } = await userWithSession("VIEWER", "vic@example.com");
    expect((await setUserDisabledAction({ userId: vic.id, disabled: true })).ok).toBe(true);
    expect((await setUserDisabledAction({ userId: vic.id, disabled: false })).ok).toBe(true);
    session.current = vicSession;
    expect(await getCurrentUser()).toBeNull();
  });
});

describe("open event streams", () => {
  async function openAs(user: CurrentUser, recheckMs = 60_000) {
    const controller = new AbortController();
    const opened = await openLiveStream(new Request("http://localhost/api/events", { signal: controller.signal }), user.id, { all: true }, {
      maxPerUser: 12,
      stillAllowed: () => stillSignedIn(prisma, user, "release.view"),
      recheckMs,
    });
    if (!opened.ok) throw new Error(opened.message);
    const reader = opened.response.body!.getReader();
    const state = { ended: false };
    void (async () => {
      for (;;) {
        const { done } = await reader.read().catch(() => ({ done: true as const }));
        if (done) return void (state.ended = true);
      }
    })();
    return { state, close: () => controller.abort() };
  }

  async function until(check: () => boolean, timeoutMs = 5_000) {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it("close when their user is disabled (on the user.* event)", async () => {
    const sam = await createUser(prisma, "VIEWER", { email: "sam@example.com" });
    const row = await prisma.user.findUniqueOrThrow({ where: { id: sam.id } });
    const stream = await openAs({ ...sam, sessionVersion: row.sessionVersion });
    const bystander = await openAs({ ...admin, sessionVersion: 0 });
    await signInAs(admin);
    expect((await setUserDisabledAction({ userId: sam.id, disabled: true })).ok).toBe(true);
    await until(() => stream.state.ended);
    expect(bystander.state.ended).toBe(false);
    bystander.close();
  });

  it("close on the timer when the session has run out", async () => {
    const tia = await createUser(prisma, "VIEWER", { email: "tia@example.com" });
    const stream = await openAs({ ...tia, sessionVersion: 0, sessionExpiresAt: Date.now() + 150 }, 100);
    await until(() => stream.state.ended);
  });

  it("close when their user loses the permission (stillSignedIn)", async () => {
    const gone = await createUser(prisma, "VIEWER", { email: "gone@example.com" });
    expect(await stillSignedIn(prisma, { id: gone.id, sessionVersion: 0 }, "release.view")).toBe(true);
    expect(await stillSignedIn(prisma, { id: gone.id, sessionVersion: 0 }, "user.manage")).toBe(false);
    expect(await stillSignedIn(prisma, { id: gone.id, sessionVersion: 1 }, "release.view")).toBe(false);
  });
});
