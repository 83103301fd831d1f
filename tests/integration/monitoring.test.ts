import { describe, expect, it } from "vitest";
import { closeFinishedMonitoring } from "@/lib/deploys/monitoring";
import { seedDemo } from "@/lib/seed/demo";
import { createTestDatabase } from "../support/database";

const HOUR = 60 * 60 * 1000;
const { prisma } = await createTestDatabase();
await seedDemo(prisma, { password: "test-password-1" });
const release = await prisma.release.findFirstOrThrow({ where: { version: "0.5.0" } });

async function monitoringSince(hoursAgo: number) {
  await prisma.release.update({ where: { id: release.id }, data: { status: "MONITORING", monitoringAt: new Date(Date.now() - hoursAgo * HOUR), monitoringWindowHours: 24 } });
}

describe("the monitoring window", () => {
  it("keeps a release monitoring while its window is open", async () => {
    await monitoringSince(2);
    await prisma.releaseItem.updateMany({ where: { releaseId: release.id, phase: "POST_RELEASE" }, data: { state: "DONE" } });
    expect(await closeFinishedMonitoring(prisma)).toEqual([]);
    expect((await prisma.release.findUniqueOrThrow({ where: { id: release.id } })).status).toBe("MONITORING");
  });

  it("keeps it monitoring after the window while required post-release items are open", async () => {
    await monitoringSince(25);
    await prisma.releaseItem.updateMany({ where: { releaseId: release.id, phase: "POST_RELEASE", required: true }, data: { state: "OPEN" } });
    expect(await closeFinishedMonitoring(prisma)).toEqual([]);
  });

  it("keeps it monitoring after the window while required release-day items are open (the fault: closed with all 13 unticked)", async () => {
    await monitoringSince(25);
    await prisma.releaseItem.updateMany({ where: { releaseId: release.id, phase: "POST_RELEASE", required: true }, data: { state: "DONE" } });
    await prisma.releaseItem.updateMany({ where: { releaseId: release.id, phase: "RELEASE_DAY" }, data: { state: "OPEN" } });
    expect(await closeFinishedMonitoring(prisma)).toEqual([]);
    // One release-day item left, marked N/A with a reason: that settles it too.
    await prisma.releaseItem.updateMany({ where: { releaseId: release.id, phase: "RELEASE_DAY" }, data: { state: "DONE" } });
    const [last] = await prisma.releaseItem.findMany({ where: { releaseId: release.id, phase: "RELEASE_DAY", required: true }, take: 1 });
    await prisma.releaseItem.update({ where: { id: last!.id }, data: { state: "OPEN" } });
    expect(await closeFinishedMonitoring(prisma)).toEqual([]);
    await prisma.releaseItem.update({ where: { id: last!.id }, data: { state: "NOT_APPLICABLE", naReason: "Tagged by CI" } });
    expect((await prisma.release.findUniqueOrThrow({ where: { id: release.id } })).status).toBe("MONITORING");
  });

  it("releases it once the window has passed and the release-day and post-release checklists are done, as a system change on the timeline", async () => {
    await monitoringSince(25);
    await prisma.releaseItem.updateMany({ where: { releaseId: release.id, phase: "POST_RELEASE", required: true }, data: { state: "DONE" } });
    await prisma.releaseItem.updateMany({ where: { releaseId: release.id, phase: "RELEASE_DAY", state: "OPEN" }, data: { state: "DONE" } });
    expect(await closeFinishedMonitoring(prisma)).toEqual([release.id]);
    const after = await prisma.release.findUniqueOrThrow({ where: { id: release.id } });
    expect(after.status).toBe("RELEASED");
    expect(after.releasedAt).not.toBeNull();
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { releaseId: release.id, type: "release.status_changed" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ actorId: null, payload: { from: "MONITORING", to: "RELEASED" } });
    // A second sweep finds nothing to do.
    expect(await closeFinishedMonitoring(prisma)).toEqual([]);
  });
});
