// The demo installation `npm start` seeds on an empty embedded database: one user per role, the `gateway`
// project, the default template imported from prisma/default-template.md, a shipped release and one in
// progress. Idempotent: does nothing when the demo project exists.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { auditTypes } from "@/lib/audit/events/types";
import { recordAuditEvent } from "@/lib/audit/record";
import { dataDir } from "@/lib/db/local";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import type { Prisma, PrismaClient, Role } from "@/lib/generated/prisma/client";
import { demoDeploySteps, demoRollbackSteps } from "./demo-pipelines";
import { createReleaseFromSnapshot } from "@/lib/releases/create";
import { parseChecklistMarkdown } from "@/lib/templates/markdown-import";
import { createTemplateFromChecklist } from "@/lib/templates/persist";
import { getTemplateSnapshot } from "@/lib/templates/snapshot";

export interface DemoLogin {
  role: Role;
  name: string;
  email: string;
  password: string;
}

export const DEFAULT_TEMPLATE_NAME = "Default release checklist";
export const defaultTemplatePath = path.resolve(import.meta.dirname, "..", "..", "prisma", "default-template.md");

const demoPeople: { role: Role; name: string; email: string }[] = [
  { role: "ADMIN", name: "Ada Admin", email: "admin@demo.local" },
  { role: "RELEASE_MANAGER", name: "Rae Manager", email: "manager@demo.local" },
  { role: "ENGINEERING_LEAD", name: "Lee Lead", email: "lead@demo.local" },
  { role: "VIEWER", name: "Vic Viewer", email: "viewer@demo.local" },
];

const DAY = 24 * 60 * 60 * 1000;

/** Seeds the demo; returns the logins it created, or null when the demo was already there. */
export async function seedDemo(prisma: PrismaClient, options: { password?: string; now?: Date } = {}): Promise<DemoLogin[] | null> {
  if (await prisma.project.findUnique({ where: { slug: "gateway" }, select: { id: true } })) return null;

  const markdown = await readFile(defaultTemplatePath, "utf8");
  const parsed = parseChecklistMarkdown(markdown);
  if (!parsed.ok) {
    throw new Error(`The default template does not import: ${parsed.errors.map((e) => e.message).join("; ")}`);
  }
  const logins = await Promise.all(
    demoPeople.map(async (person) => {
      const password = options.password ?? generatePassword();
      return { ...person, password, passwordHash: await hashPassword(password) };
    }),
  );
  const now = options.now ?? new Date();

  await prisma.$transaction(
    async (tx) => {
      const users = new Map<Role, string>();
      for (const login of logins) {
        const user = await tx.user.create({
          data: { email: login.email, name: login.name, role: login.role, passwordHash: login.passwordHash },
          select: { id: true },
        });
        users.set(login.role, user.id);
        await recordAuditEvent(tx, { type: auditTypes.userCreated, actorId: null, payload: { userId: user.id, email: login.email, role: login.role, by: "seed" } });
      }
      const admin = users.get("ADMIN")!;
      const manager = users.get("RELEASE_MANAGER")!;

      const project = await tx.project.create({
        data: {
          slug: "gateway",
          name: "Gateway",
          repositoryUrl: "https://github.com/example/gateway",
          description: "The API gateway: webhooks in, metrics out.",
          flags: { create: { key: "INTEGRATIONS_GITHUB_ACTIONS_ENABLED", description: "GitHub Actions integration" } },
          pipelines: {
            create: [
              { kind: "DEPLOY", version: 1, steps: demoDeploySteps as unknown as Prisma.InputJsonValue, createdById: admin },
              { kind: "ROLLBACK", version: 1, steps: demoRollbackSteps as unknown as Prisma.InputJsonValue, createdById: admin },
            ],
          },
        },
        select: { id: true },
      });
      const template = await createTemplateFromChecklist(tx, {
        name: DEFAULT_TEMPLATE_NAME,
        description: "Imported from the release checklist Preflight was born from.",
        checklist: parsed.checklist,
        sourceMarkdown: markdown,
        isDefault: true,
        createdById: admin,
      });
      const snapshot = (await getTemplateSnapshot(tx, template.id))!;

      // 0.4.0 shipped three weeks ago: every item ticked by the release manager.
      const shippedAt = new Date(now.getTime() - 21 * DAY);
      const shipped = await createReleaseFromSnapshot(tx, {
        projectId: project.id,
        version: "0.4.0",
        title: "Webhook retries and structured logs",
        plannedAt: shippedAt,
        releaseManagerId: manager,
        createdById: manager,
        snapshot,
      });
      await tx.releaseItem.updateMany({
        where: { releaseId: shipped.id, phase: { not: "ROLLBACK" } },
        data: { state: "DONE", tickedById: manager, tickedAt: shippedAt, rowVersion: 2 },
      });
      await tx.releaseItem.updateMany({
        where: { releaseId: shipped.id, phase: "ROLLBACK" },
        data: { state: "NOT_APPLICABLE", naReason: "No rollback was needed", tickedById: manager, tickedAt: shippedAt, rowVersion: 2 },
      });
      await tx.release.update({
        where: { id: shipped.id },
        data: {
          status: "RELEASED",
          createdAt: new Date(shippedAt.getTime() - 2 * DAY),
          preparingAt: new Date(shippedAt.getTime() - 2 * DAY),
          readyAt: new Date(shippedAt.getTime() - DAY),
          deployingAt: shippedAt,
          monitoringAt: new Date(shippedAt.getTime() + 60 * 60 * 1000),
          releasedAt: new Date(shippedAt.getTime() + DAY + 60 * 60 * 1000),
        },
      });
      await recordAuditEvent(tx, {
        type: auditTypes.releaseStatusChanged,
        actorId: manager,
        releaseId: shipped.id,
        projectId: project.id,
        payload: { from: "DRAFT", to: "RELEASED", note: "Imported from the Markdown checklist era" },
      });

      // 0.5.0 is being prepared: code preparation done, the rest to do.
      const current = await createReleaseFromSnapshot(tx, {
        projectId: project.id,
        version: "0.5.0",
        title: "Phase 1: GitHub Actions + dbt metrics",
        plannedAt: new Date(now.getTime() + 2 * DAY),
        releaseManagerId: manager,
        createdById: manager,
        snapshot,
      });
      await tx.release.update({ where: { id: current.id }, data: { status: "PREPARING", preparingAt: now } });
      await recordAuditEvent(tx, {
        type: auditTypes.releaseStatusChanged,
        actorId: manager,
        releaseId: current.id,
        projectId: project.id,
        payload: { from: "DRAFT", to: "PREPARING" },
      });
      const codePreparation = await tx.releaseSection.findFirstOrThrow({
        where: { releaseId: current.id, title: "Code Preparation" },
        include: { items: { orderBy: { position: "asc" } } },
      });
      for (const item of codePreparation.items) {
        await tx.releaseItem.update({
          where: { id: item.id },
          data: { state: "DONE", tickedById: manager, tickedAt: now, rowVersion: { increment: 1 } },
        });
        await recordAuditEvent(tx, {
          type: auditTypes.itemTicked,
          actorId: manager,
          releaseId: current.id,
          projectId: project.id,
          payload: { itemId: item.id, title: item.title, phase: item.phase },
        });
      }
    },
    { timeout: 30_000 },
  );

  return logins.map(({ role, name, email, password }) => ({ role, name, email, password }));
}

export function formatLogins(logins: DemoLogin[]): string {
  return logins.map((l) => `${l.role.padEnd(16)}  ${l.email.padEnd(20)}  ${l.password}`).join("\n");
}

/**
 * What `npm start` prints about the demo logins: the passwords only on the start that created them; on
 * later starts only where they are kept (a terminal log or a shared screen must not show them every day).
 */
export function demoLoginsAnnouncement(seeded: DemoLogin[] | null, file = loginsFile()): string[] {
  if (seeded) return ["Demo logins (role, email, password), shown this once:", formatLogins(seeded), `They are kept in ${file} (readable only by you).`];
  return [`Demo logins: see ${file} (readable only by you).`];
}

// The demo passwords are random per installation; they are kept beside the embedded data (git-ignored,
// readable by the owner only) so that the operator can look them up after the first start.
export function loginsFile(): string {
  return path.join(dataDir(), "demo-logins.json");
}

export async function saveDemoLogins(logins: DemoLogin[]): Promise<void> {
  await mkdir(dataDir(), { recursive: true });
  await writeFile(loginsFile(), JSON.stringify(logins, null, 2) + "\n", { mode: 0o600 });
}
