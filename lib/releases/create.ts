// Creates a release with its own copy of the template's checklist and sign-off requirements.
import { auditTypes } from "@/lib/audit/events/types";
import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "@/lib/audit/record";
import type { Db } from "@/lib/db-types";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TemplateSnapshot } from "@/lib/templates/snapshot";
import { storedItemFields } from "@/lib/templates/content";

export interface CreateReleaseInput {
  projectId: string;
  version: string;
  title: string;
  plannedAt?: Date | null;
  releaseManagerId: string;
  createdById: string;
  snapshot: TemplateSnapshot;
}

/** Writes the release, its sections, items and sign-off requirements; run it inside a transaction. */
export async function createReleaseFromSnapshot(db: Db, input: CreateReleaseInput): Promise<{ id: string }> {
  const { snapshot } = input;
  const release = await db.release.create({
    data: {
      projectId: input.projectId,
      version: input.version,
      title: input.title,
      plannedAt: input.plannedAt ?? null,
      releaseManagerId: input.releaseManagerId,
      createdById: input.createdById,
      templateId: snapshot.templateId,
      templateName: snapshot.templateName,
      templateSnapshot: snapshot as unknown as Prisma.InputJsonValue,
      monitoringWindowHours: snapshot.monitoringWindowHours ?? 24,
    },
    select: { id: true },
  });

  // Ids are chosen here so sections and items go in with one statement each.
  const sections = snapshot.sections.map((section, position) => ({ id: randomUUID(), section, position }));
  await db.releaseSection.createMany({
    data: sections.map(({ id, section, position }) => ({
      id,
      releaseId: release.id,
      phase: section.phase,
      phaseTitle: section.phaseTitle,
      title: section.title,
      detail: section.detail,
      position,
    })),
  });
  await db.releaseItem.createMany({
    data: sections.flatMap(({ id: sectionId, section }) =>
      section.items.map((item, position) => ({
        releaseId: release.id,
        sectionId,
        phase: section.phase,
        ...storedItemFields(item),
        position,
      })),
    ),
  });
  await db.signoffRequirement.createMany({
    data: snapshot.signoffRequirements.map(({ scope, ...requirement }, position) => ({ releaseId: release.id, ...requirement, scope: scope ?? [], position })),
  });
  await recordAuditEvent(db, {
    type: auditTypes.releaseCreated,
    actorId: input.createdById,
    releaseId: release.id,
    projectId: input.projectId,
    payload: { version: input.version, title: input.title, template: snapshot.templateName },
  });
  return release;
}
