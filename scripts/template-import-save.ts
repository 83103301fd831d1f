// The saving half of `npm run template:import`, loaded only without --dry-run: it opens DATABASE_URL (or the
// embedded database, like `npm run user:create`) and saves through the same domain function as the import page.
import { recordAuditEvent } from "@/lib/audit/record";
import { can } from "@/lib/auth/permissions";
import { createPrismaClient } from "@/lib/db";
import { migrateDatabase, openDatabase } from "@/lib/db/local";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importTemplateMarkdown } from "@/lib/templates/import";
import type { ImportOptions } from "@/lib/templates/markdown-import";

export interface SaveImportInput {
  markdown: string;
  name: string;
  options: ImportOptions;
  projectSlug?: string;
  /** The user the import is attributed to; the first admin (by creation) when not given. */
  actorEmail?: string;
}

export type SaveImportResult = { ok: true; id: string; created: boolean } | { ok: false; reason: string };

/** Thrown inside the transaction to roll it back with a reason. */
class Refusal extends Error {}

export async function saveImport(input: SaveImportInput): Promise<SaveImportResult> {
  const database = await openDatabase();
  const prisma = createPrismaClient(database.url, 2);
  try {
    await migrateDatabase(database);
    return await save(prisma, input);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    return { ok: false, reason: `The template could not be saved: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` };
  } finally {
    await prisma.$disconnect();
    await database.stop();
  }
}

async function save(prisma: PrismaClient, input: SaveImportInput): Promise<SaveImportResult> {
  const actor = await findActor(prisma, input.actorEmail);
  let projectId: string | null = null;
  if (input.projectSlug !== undefined) {
    const project = await prisma.project.findUnique({ where: { slug: input.projectSlug }, select: { id: true } });
    if (!project) throw new Refusal(`No project has the slug “${input.projectSlug}”.`);
    projectId = project.id;
  }
  return prisma.$transaction(async (tx) => {
    const result = await importTemplateMarkdown(tx, (event) => recordAuditEvent(tx, Object.assign({}, event, { actorId: actor.id })), {
      name: input.name,
      markdown: input.markdown,
      options: input.options,
      actorId: actor.id,
      mode: "upsert",
      auditPayload: { by: "cli" },
      projectId,
    });
    if (!result.ok) throw new Refusal(result.fieldErrors?.markdown?.join(" ") ?? result.message);
    return { ok: true, id: result.id, created: result.created };
  });
}

async function findActor(prisma: PrismaClient, email: string | undefined) {
  const select = { id: true, email: true, name: true, role: true, disabledAt: true } as const;
  const user = email
    ? await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select })
    : await prisma.user.findFirst({ where: { role: "ADMIN", disabledAt: null }, orderBy: { createdAt: "asc" }, select });
  if (!user) {
    throw new Refusal(email ? `No user has the email ${email}.` : 'No admin exists yet; create one with `npm run user:create -- --role ADMIN …`, or name a user with --as.');
  }
  if (user.disabledAt) throw new Refusal(`${user.email} is disabled.`);
  const decision = can(user, "template.manage");
  if (!decision.allowed) throw new Refusal(`${user.email} cannot import templates: ${decision.reason}.`);
  return user;
}
