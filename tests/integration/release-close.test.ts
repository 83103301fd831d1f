import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { closeRolledBackReleaseAction, saveIncidentNoteAction } from "@/lib/deploys/actions";
import { seedDemo } from "@/lib/seed/demo";
import { actingUser } from "../support/acting-user";
import { createTestDatabase } from "../support/database";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, url } = await createTestDatabase();
let manager: CurrentUser;
let releaseId: string;

beforeAll(async () => {
  process.env.DATABASE_URL = url;
  await seedDemo(prisma, { password: "test-password-1" });
  const user = await prisma.user.findUniqueOrThrow({ where: { email: "manager@demo.local" } });
  manager = { id: user.id, email: user.email, name: user.name, role: user.role };
  const release = await prisma.release.findFirstOrThrow({ where: { version: "0.5.0" } });
  releaseId = release.id;
});

describe("closing a rolled-back release", () => {
  it("is refused while the release is not rolled back", async () => {
    actingUser.current = manager;
    expect(await closeRolledBackReleaseAction({ releaseId })).toEqual({ ok: false, code: "conflict", message: "Only a rolled-back release is closed this way." });
  });

  it("needs the incident note first, then records who closed it and when", async () => {
    await prisma.release.update({ where: { id: releaseId }, data: { status: "ROLLED_BACK", rolledBackAt: new Date() } });
    actingUser.current = manager;
    expect(await closeRolledBackReleaseAction({ releaseId })).toEqual({ ok: false, code: "conflict", message: "Write the incident note before closing this release." });
    expect((await prisma.release.findUniqueOrThrow({ where: { id: releaseId } })).closedAt).toBeNull();

    expect(await saveIncidentNoteAction({ releaseId, note: "Webhook retries hammered the database; rolled back in 6 minutes." })).toMatchObject({ ok: true });
    expect(await closeRolledBackReleaseAction({ releaseId })).toMatchObject({ ok: true });
    const closed = await prisma.release.findUniqueOrThrow({ where: { id: releaseId } });
    expect(closed.closedAt).not.toBeNull();
    expect(closed.closedById).toBe(manager.id);
    expect(await prisma.auditEvent.count({ where: { releaseId, type: "release.closed", actorId: manager.id } })).toBe(1);
    expect(await closeRolledBackReleaseAction({ releaseId })).toMatchObject({ ok: false, message: "This release is already closed." });
  });

  it("is refused to a viewer", async () => {
    const viewer = await prisma.user.findUniqueOrThrow({ where: { email: "viewer@demo.local" } });
    actingUser.current = { id: viewer.id, email: viewer.email, name: viewer.name, role: viewer.role };
    expect(await closeRolledBackReleaseAction({ releaseId })).toMatchObject({ ok: false, code: "forbidden" });
  });
});
