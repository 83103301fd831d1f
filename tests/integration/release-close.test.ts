import { describe, expect, it, vi } from "vitest";
import { closeRolledBackReleaseAction } from "@/lib/deploys/actions";
import { updateItemAction } from "@/lib/releases/actions";
import { actingUser } from "../support/acting-user";
import { createDemoDatabase } from "../support/releases";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, f } = await createDemoDatabase();
const { manager } = f.users;
const releaseId = f.preparingId;

describe("closing a rolled-back release", () => {
  it("is refused while the release is not rolled back", async () => {
    actingUser.current = manager;
    expect(await closeRolledBackReleaseAction({ releaseId })).toEqual({ ok: false, code: "conflict", message: "Only a rolled-back release is closed this way." });
  });

  it("needs the incident note on the rollback's incident item, versions each edit, then records who closed it and locks the note", async () => {
    await prisma.release.update({ where: { id: releaseId }, data: { status: "ROLLED_BACK", rolledBackAt: new Date() } });
    actingUser.current = manager;
    const incidentRefusal = "Write the incident note on “Document incident for post-mortem” and tick it before closing this release.";
    expect(await closeRolledBackReleaseAction({ releaseId })).toEqual({ ok: false, code: "conflict", message: incidentRefusal });
    expect((await prisma.release.findUniqueOrThrow({ where: { id: releaseId } })).closedAt).toBeNull();

    // The incident item is found by the template's flag, not its title.
    const incident = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId, recordsIncident: true } });
    expect(incident).toMatchObject({ phase: "ROLLBACK", title: "Document incident for post-mortem" });
    const first = "Webhook retries hammered the database.";
    const second = "Webhook retries hammered the database; rolled back in 6 minutes.";
    expect(await updateItemAction({ itemId: incident.id, rowVersion: incident.rowVersion, change: { kind: "annotate", note: first } })).toMatchObject({ ok: true });
    // A note alone is not enough: the item must be ticked (done).
    expect(await closeRolledBackReleaseAction({ releaseId })).toEqual({ ok: false, code: "conflict", message: incidentRefusal });
    expect(await updateItemAction({ itemId: incident.id, rowVersion: incident.rowVersion + 1, change: { kind: "tick", note: second } })).toMatchObject({ ok: true });
    // Every version of the note is in the audit trail, with its text.
    const versions = await prisma.auditEvent.findMany({ where: { releaseId, payload: { path: ["incidentNote"], equals: true } }, orderBy: { id: "asc" } });
    expect(versions.map((e) => [e.type, (e.payload as { note?: string }).note])).toEqual([
      ["item.annotated", first],
      ["item.ticked", second],
    ]);

    expect(await closeRolledBackReleaseAction({ releaseId })).toMatchObject({ ok: true });
    const closed = await prisma.release.findUniqueOrThrow({ where: { id: releaseId } });
    expect(closed.closedAt).not.toBeNull();
    expect(closed.closedById).toBe(manager.id);
    expect(await prisma.auditEvent.count({ where: { releaseId, type: "release.closed", actorId: manager.id } })).toBe(1);
    expect(await closeRolledBackReleaseAction({ releaseId })).toMatchObject({ ok: false, message: "This release is already closed." });
    const closedEvent = await prisma.auditEvent.findFirstOrThrow({ where: { releaseId, type: "release.closed" } });
    expect(closedEvent.payload).toMatchObject({ incidentNote: second, item: "Document incident for post-mortem" });

    // Closed: the note (and the rest of the checklist) is locked.
    const locked = await prisma.releaseItem.findUniqueOrThrow({ where: { id: incident.id } });
    expect(await updateItemAction({ itemId: incident.id, rowVersion: locked.rowVersion, change: { kind: "annotate", note: "Rewritten later" } })).toEqual({
      ok: false,
      code: "conflict",
      message: "This release is closed: its checklist and incident note are locked.",
    });
    expect((await prisma.releaseItem.findUniqueOrThrow({ where: { id: incident.id } })).note).toBe(second);
  });

  it("is refused to a viewer", async () => {
    const viewer = await prisma.user.findUniqueOrThrow({ where: { email: "viewer@demo.local" } });
    actingUser.current = { id: viewer.id, email: viewer.email, name: viewer.name, role: viewer.role };
    expect(await closeRolledBackReleaseAction({ releaseId })).toMatchObject({ ok: false, code: "forbidden" });
  });
});
