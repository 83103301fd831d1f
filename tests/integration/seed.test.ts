import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { DEFAULT_TEMPLATE_NAME, seedDemo } from "@/lib/seed/demo";
import { createTestDatabase } from "../support/database";

describe("demo seed", () => {
  it("creates one user per role, the gateway project, the default template and a release in progress", async () => {
    const { prisma } = await createTestDatabase();
    const logins = await seedDemo(prisma, { password: "a-demo-password" });

    expect(logins?.map((l) => l.role).sort()).toEqual(["ADMIN", "ENGINEERING_LEAD", "RELEASE_MANAGER", "VIEWER"]);
    const viewer = await prisma.user.findUniqueOrThrow({ where: { email: "viewer@demo.local" } });
    expect(viewer.role).toBe("VIEWER");
    expect(await verifyPassword("a-demo-password", viewer.passwordHash!)).toBe(true);

    const template = await prisma.checklistTemplate.findUniqueOrThrow({
      where: { name: DEFAULT_TEMPLATE_NAME },
      include: { sections: { include: { _count: { select: { items: true } } } }, signoffRequirements: true },
    });
    expect(template.isDefault).toBe(true);
    expect(template.sections.reduce((n, s) => n + s._count.items, 0)).toBe(50);
    expect(template.signoffRequirements).toHaveLength(5);
    expect(template.approvalFields).toEqual(["Release manager", "Date", "Version"]);

    const project = await prisma.project.findUniqueOrThrow({ where: { slug: "gateway" } });
    const inProgress = await prisma.release.findUniqueOrThrow({
      where: { projectId_version: { projectId: project.id, version: "0.5.0" } },
      include: { items: true, signoffRequirements: true, releaseManager: true },
    });
    expect(inProgress.status).toBe("PREPARING");
    expect(inProgress.releaseManager.role).toBe("RELEASE_MANAGER");
    expect(inProgress.items).toHaveLength(50);
    expect(inProgress.signoffRequirements).toHaveLength(5);
    const ticked = inProgress.items.filter((i) => i.state === "DONE");
    expect(ticked).toHaveLength(6);
    expect(ticked.every((i) => i.tickedById === inProgress.releaseManagerId && i.tickedAt)).toBe(true);

    // Each tick is on the release's timeline.
    expect(await prisma.auditEvent.count({ where: { releaseId: inProgress.id, type: "item.ticked" } })).toBe(6);
  });

  it("does nothing the second time", async () => {
    const { prisma } = await createTestDatabase();
    expect(await seedDemo(prisma, { password: "x-password-123" })).not.toBeNull();
    expect(await seedDemo(prisma, { password: "x-password-123" })).toBeNull();
    expect(await prisma.user.count()).toBe(4);
    expect(await prisma.release.count()).toBe(2);
  });

  it("snapshots the template into the release, so later template edits leave the release alone", async () => {
    const { prisma } = await createTestDatabase();
    await seedDemo(prisma, { password: "x-password-123" });
    const item = await prisma.templateItem.findFirstOrThrow({ where: { title: "All planned features merged to main" } });
    await prisma.templateItem.update({ where: { id: item.id }, data: { title: "Renamed in the template" } });
    const releaseItems = await prisma.releaseItem.findMany({ where: { title: "All planned features merged to main" } });
    expect(releaseItems).toHaveLength(2);
  });
});
