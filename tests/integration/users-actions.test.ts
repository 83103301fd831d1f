import { describe, expect, it, vi } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { changeUserRoleAction, createUserAction, setUserDisabledAction } from "@/lib/users/actions";
import { refusal } from "../support/action-result";
import { createActionDatabase } from "../support/database";
import { actingUser, createUser } from "../support/acting-user";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma } = await createActionDatabase();
const admin = await createUser(prisma, "ADMIN", { email: "ada@example.com", name: "Ada" });

describe("creating users", () => {
  it("creates a user with a generated password, shown once, and audits it", async () => {
    actingUser.current = admin;
    const result = await createUserAction({ email: "New.Person@Example.com", name: "  New Person ", role: "ENGINEERING_LEAD" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.email).toBe("new.person@example.com");
    expect(result.data.password).toMatch(/^\S{20}$/);
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "new.person@example.com" } });
    expect(user).toMatchObject({ name: "New Person", role: "ENGINEERING_LEAD" });
    expect(await verifyPassword(result.data.password!, user.passwordHash!)).toBe(true);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: "user.created", actorId: admin.id } });
    expect(event.payload).toMatchObject({ email: "new.person@example.com", role: "ENGINEERING_LEAD" });
  });

  it("answers bad input field by field and writes nothing", async () => {
    actingUser.current = admin;
    const before = await prisma.user.count();
    const result = await createUserAction({ email: "not-an-email", name: "", role: "SUPERUSER", password: "short" });
    expect(result).toMatchObject({ ok: false, code: "invalid" });
    if (result.ok) return;
    expect(result.fieldErrors).toEqual({
      email: ["Enter a valid email address, like name@example.com"],
      name: ["Enter a name"],
      role: ["Choose a role: Admin, Release manager, Engineering lead or Viewer"],
      password: ["Use at least 12 characters, or leave empty to generate one"],
    });
    const oversized = await createUserAction({ email: `${"a".repeat(250)}@example.com`, name: "x".repeat(101), role: "VIEWER" });
    expect(oversized.ok ? null : oversized.fieldErrors).toEqual({
      email: ["An email address has at most 254 characters"],
      name: ["A name has at most 100 characters"],
    });
    expect(await prisma.user.count()).toBe(before);
  });

  it("refuses a duplicate email with a field message", async () => {
    actingUser.current = admin;
    const result = await createUserAction({ email: "ADA@example.com", name: "Another Ada", role: "VIEWER" });
    expect(result).toMatchObject({ ok: false, code: "conflict", fieldErrors: { email: ["A user with this email already exists"] } });
  });

  it("is refused to a release manager, who changes nothing", async () => {
    actingUser.current = await createUser(prisma, "RELEASE_MANAGER");
    const before = await prisma.user.count();
    expect(await createUserAction({ email: "x@example.com", name: "X", role: "ADMIN" })).toEqual(refusal("forbidden", "Only admins can manage users"));
    expect(await prisma.user.count()).toBe(before);
  });
});

describe("changing roles and disabling", () => {
  it("changes a role, audited with from and to", async () => {
    actingUser.current = admin;
    const viewer = await createUser(prisma, "VIEWER");
    expect(await changeUserRoleAction({ userId: viewer.id, role: "RELEASE_MANAGER" })).toEqual({ ok: true, data: { id: viewer.id, role: "RELEASE_MANAGER" } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: viewer.id } })).role).toBe("RELEASE_MANAGER");
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: "user.role_changed" }, orderBy: { id: "desc" } });
    expect(event.payload).toMatchObject({ userId: viewer.id, from: "VIEWER", to: "RELEASE_MANAGER" });
  });

  it("refuses to demote or disable the last admin, with a clear message", async () => {
    actingUser.current = admin;
    expect(await changeUserRoleAction({ userId: admin.id, role: "VIEWER" })).toEqual(refusal("conflict", "This is the last admin: make someone else an admin first"));
    expect(await setUserDisabledAction({ userId: admin.id, disabled: true })).toMatchObject({ ok: false, message: "You cannot disable your own account" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");
  });

  it("two admins demoting each other at once leave one admin", async () => {
    const second = await createUser(prisma, "ADMIN");
    actingUser.current = admin;
    // Both run concurrently; the row lock makes the second see one admin left.
    const results = await Promise.all([
      changeUserRoleAction({ userId: second.id, role: "VIEWER" }),
      changeUserRoleAction({ userId: admin.id, role: "VIEWER" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await prisma.user.count({ where: { role: "ADMIN", disabledAt: null } })).toBe(1);
    // Restore Ada as the admin for the next tests.
    await prisma.user.update({ where: { id: admin.id }, data: { role: "ADMIN" } });
  });

  it("disables and re-enables a user, each audited", async () => {
    actingUser.current = admin;
    const lead = await createUser(prisma, "ENGINEERING_LEAD");
    expect(await setUserDisabledAction({ userId: lead.id, disabled: true })).toMatchObject({ ok: true });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: lead.id } })).disabledAt).not.toBeNull();
    expect(await setUserDisabledAction({ userId: lead.id, disabled: false })).toMatchObject({ ok: true });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: lead.id } })).disabledAt).toBeNull();
    const types = (await prisma.auditEvent.findMany({ where: { payload: { path: ["userId"], equals: lead.id } }, orderBy: { id: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["user.disabled", "user.enabled"]);
  });

  it("answers a change to what is already so with a clear message, not an error", async () => {
    actingUser.current = admin;
    const viewer = await createUser(prisma, "VIEWER", { email: "same@example.com" });
    expect(await changeUserRoleAction({ userId: viewer.id, role: "VIEWER" })).toMatchObject({
      ok: false,
      code: "conflict",
      message: "same@example.com is already viewer: nothing changed.",
    });
    expect(await setUserDisabledAction({ userId: viewer.id, disabled: false })).toMatchObject({ ok: false, code: "conflict", message: "same@example.com is already enabled: nothing changed." });
  });

  it("answers an unknown user id with not found", async () => {
    actingUser.current = admin;
    expect(await changeUserRoleAction({ userId: "does-not-exist", role: "VIEWER" })).toEqual(refusal("not_found", "That user does not exist (any more)."));
  });
});
