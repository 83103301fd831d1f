// Release fixtures for integration tests: the seeded demo (users, gateway project, default template) and
// fresh releases made from the default template, put in whatever status a test needs.
import type { CurrentUser } from "@/lib/auth/session";
import type { PrismaClient, ReleaseStatus, Role } from "@/lib/generated/prisma/client";
import { createReleaseFromSnapshot } from "@/lib/releases/create";
import { DEFAULT_TEMPLATE_NAME, seedDemo } from "@/lib/seed/demo";
import { getTemplateSnapshot } from "@/lib/templates/snapshot";
import { createActionDatabase } from "./database";

export interface DemoFixture {
  users: Record<"admin" | "manager" | "lead" | "viewer", CurrentUser>;
  projectId: string;
  templateId: string;
  /** 0.4.0, RELEASED. */
  releasedId: string;
  /** 0.5.0, PREPARING with the six "Code Preparation" items ticked. */
  preparingId: string;
}

async function userWithRole(prisma: PrismaClient, role: Role): Promise<CurrentUser> {
  const user = await prisma.user.findFirstOrThrow({ where: { role, email: { endsWith: "@demo.local" } } });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export async function seedDemoFixture(prisma: PrismaClient): Promise<DemoFixture> {
  await seedDemo(prisma, { password: "demo-password-for-tests" });
  const project = await prisma.project.findUniqueOrThrow({ where: { slug: "gateway" } });
  const template = await prisma.checklistTemplate.findUniqueOrThrow({ where: { name: DEFAULT_TEMPLATE_NAME } });
  const release = (version: string) => prisma.release.findUniqueOrThrow({ where: { projectId_version: { projectId: project.id, version } } });
  return {
    users: {
      admin: await userWithRole(prisma, "ADMIN"),
      manager: await userWithRole(prisma, "RELEASE_MANAGER"),
      lead: await userWithRole(prisma, "ENGINEERING_LEAD"),
      viewer: await userWithRole(prisma, "VIEWER"),
    },
    projectId: project.id,
    templateId: template.id,
    releasedId: (await release("0.4.0")).id,
    preparingId: (await release("0.5.0")).id,
  };
}

/**
 * A fresh database seeded with the demo, which lib/db (and so every action) then uses. For action tests: call it at
 * the top of the file, before the tests are collected.
 */
export async function createDemoDatabase(): Promise<{ prisma: PrismaClient; url: string; f: DemoFixture }> {
  const { prisma, url } = await createActionDatabase();
  return { prisma, url, f: await seedDemoFixture(prisma) };
}

let versionCounter = 100;

/** A release of the default template written straight to the database (no action, no audit beyond creation). */
export async function createFixtureRelease(
  prisma: PrismaClient,
  fixture: DemoFixture,
  options: { status?: ReleaseStatus; releaseManagerId?: string; version?: string; projectId?: string } = {},
): Promise<string> {
  const snapshot = (await getTemplateSnapshot(prisma, fixture.templateId))!;
  const release = await createReleaseFromSnapshot(prisma, {
    projectId: options.projectId ?? fixture.projectId,
    version: options.version ?? `9.${versionCounter++}.0`,
    title: "Fixture release",
    releaseManagerId: options.releaseManagerId ?? fixture.users.manager.id,
    createdById: fixture.users.manager.id,
    snapshot,
  });
  if (options.status && options.status !== "DRAFT") {
    await prisma.release.update({ where: { id: release.id }, data: { status: options.status } });
  }
  return release.id;
}

/** Marks every required pre-release item done, straight in the database. */
export async function tickRequiredPreRelease(prisma: PrismaClient, releaseId: string, byId: string): Promise<void> {
  await prisma.releaseItem.updateMany({
    where: { releaseId, phase: "PRE_RELEASE", required: true, state: "OPEN" },
    data: { state: "DONE", tickedById: byId, tickedAt: new Date(), rowVersion: { increment: 1 } },
  });
}

export async function requirementsOf(prisma: PrismaClient, releaseId: string) {
  return prisma.signoffRequirement.findMany({ where: { releaseId }, orderBy: { position: "asc" } });
}

export async function itemByTitle(prisma: PrismaClient, releaseId: string, title: string) {
  return prisma.releaseItem.findFirstOrThrow({ where: { releaseId, title } });
}
