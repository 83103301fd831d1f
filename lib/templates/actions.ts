"use server";

import { ActionError, defineAction, type ActionContext } from "@/lib/actions/define-action";
import { auditTypes } from "@/lib/audit/events/types";
import { isUniqueViolation } from "@/lib/db/errors";
import type { ChecklistPhase } from "@/lib/generated/prisma/enums";
import { phaseLabels, PHASES } from "@/lib/releases/rules";
import { countsOf, findTemplateNamed, importTemplateMarkdown, nameTakenMessage } from "./import";
import type { ParsedChecklist } from "./markdown-import";
import { createTemplateFromChecklist, replaceTemplateContent } from "./persist";
import {
  createTemplateSchema,
  duplicateTemplateSchema,
  importTemplateSchema,
  saveTemplateSchema,
  templateRefSchema,
} from "./schemas";
import { getTemplateSnapshot } from "./snapshot";

type Tx = ActionContext<unknown>["tx"];

const NOT_FOUND = "That template does not exist (any more).";
// The template pages; the list (/templates) follows its live events.
const REVALIDATE = ["/templates/[id]", "/templates/[id]/edit"];

function notFound(): never {
  throw new ActionError("not_found", NOT_FOUND);
}

/** Serialises changes to which template is the default (and archiving, which must not take the default away). */
async function lockDefaultTemplate(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('preflight.template.default'))`;
}

/** The template row, locked until the transaction ends so concurrent edits of one template queue up. */
async function loadTemplateForUpdate(tx: Tx, templateId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "ChecklistTemplate" WHERE id = ${templateId} FOR UPDATE`;
  if (rows.length === 0) notFound();
  return tx.checklistTemplate.findUniqueOrThrow({
    where: { id: templateId },
    select: { id: true, name: true, isDefault: true, archivedAt: true, updatedAt: true },
  });
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const taken = await findTemplateNamed(tx, name, exceptId);
  if (taken) throw nameConflict(taken.archivedAt !== null);
}

function nameConflict(archived = false): ActionError {
  const message = nameTakenMessage(archived);
  return new ActionError("conflict", message, { name: [message] });
}


/** Creates the template, answering a name taken by a concurrent request as a name conflict. */
async function createTemplate(tx: Tx, input: Parameters<typeof createTemplateFromChecklist>[1]): Promise<{ id: string }> {
  try {
    return await createTemplateFromChecklist(tx, input);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameConflict();
    throw error;
  }
}

export const importTemplateAction = defineAction({
  name: "importTemplate",
  permission: "template.manage",
  input: importTemplateSchema,
  revalidate: REVALIDATE,
  async run({ tx, input, actor, audit }) {
    const options = {
      stageOf: (index: number) => input.stages[index] ?? null,
      replaceVersion: input.replaceVersion,
      ...(input.fallbackTitle ? { fallbackTitle: input.fallbackTitle } : {}),
    };
    let result;
    try {
      result = await importTemplateMarkdown(tx, audit, { ...input, options, actorId: actor.id, mode: "create" });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameConflict();
      throw error;
    }
    if (!result.ok) throw new ActionError(result.code, result.message, result.fieldErrors);
    return { id: result.id, ...result.counts, warnings: result.warnings };
  },
});

export const createTemplateAction = defineAction({
  name: "createTemplate",
  permission: "template.manage",
  input: createTemplateSchema,
  revalidate: REVALIDATE,
  async run({ tx, input, actor, audit }) {
    await assertNameFree(tx, input.name);
    // A starting point to edit: one pre-release section with one item.
    const checklist: ParsedChecklist = {
      title: input.name,
      sections: [
        {
          phase: "PRE_RELEASE",
          phaseTitle: "Pre-Release",
          title: "Preparation",
          detail: null,
          items: [{ title: "First check", detail: null, command: null, required: true }],
        },
      ],
      signoffRequirements: [],
      approvalFields: [],
      monitoringWindowHours: 24,
    };
    const template = await createTemplate(tx, { name: input.name, description: input.description, checklist, createdById: actor.id });
    await audit({ type: auditTypes.templateCreated, payload: { templateId: template.id, name: input.name } });
    return { id: template.id };
  },
});

export const duplicateTemplateAction = defineAction({
  name: "duplicateTemplate",
  permission: "template.manage",
  input: duplicateTemplateSchema,
  revalidate: REVALIDATE,
  async run({ tx, input, actor, audit }) {
    const snapshot = await getTemplateSnapshot(tx, input.templateId);
    if (!snapshot) notFound();
    const source = await tx.checklistTemplate.findUniqueOrThrow({ where: { id: input.templateId }, select: { description: true } });
    await assertNameFree(tx, input.name);
    const template = await createTemplate(tx, {
      name: input.name,
      description: source.description,
      checklist: { ...snapshot, title: input.name },
      createdById: actor.id,
    });
    await audit({
      type: auditTypes.templateDuplicated,
      payload: { templateId: template.id, name: input.name, sourceTemplateId: snapshot.templateId, sourceName: snapshot.templateName, ...countsOf(snapshot) },
    });
    return { id: template.id };
  },
});

export const saveTemplateAction = defineAction({
  name: "saveTemplate",
  permission: "template.manage",
  input: saveTemplateSchema,
  revalidate: REVALIDATE,
  async run({ tx, input, audit }) {
    const template = await loadTemplateForUpdate(tx, input.templateId);
    if (template.archivedAt) {
      throw new ActionError("conflict", "This template is archived and can no longer be edited; duplicate it to make a new one.");
    }
    if (input.expectedUpdatedAt && template.updatedAt.toISOString() !== new Date(input.expectedUpdatedAt).toISOString()) {
      throw new ActionError(
        "conflict",
        "Someone else saved this template after you opened it. Copy anything you need, then reload the page to see their version.",
      );
    }
    if (input.name !== template.name) await assertNameFree(tx, input.name, template.id);

    // Phase headings as written ("Pre-Release (1 day before)") are kept: from the input, else the template.
    const existing = await tx.templateSection.findMany({
      where: { templateId: template.id },
      orderBy: { position: "asc" },
      select: { phase: true, phaseTitle: true },
    });
    const phaseTitles = new Map<ChecklistPhase, string>();
    for (const section of [...input.sections, ...existing]) {
      if (section.phaseTitle && !phaseTitles.has(section.phase)) phaseTitles.set(section.phase, section.phaseTitle);
    }
    // Grouped by phase in working order, the order of the input kept within a phase (a stable sort).
    const sections = [...input.sections].sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));

    try {
      await replaceTemplateContent(tx, template.id, {
        name: input.name,
        description: input.description,
        monitoringWindowHours: input.monitoringWindowHours,
        approvalFields: input.approvalFields,
        sections: sections.map((section) => ({ ...section, phaseTitle: phaseTitles.get(section.phase) ?? phaseLabels[section.phase] })),
        signoffRequirements: input.signoffRequirements,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameConflict();
      throw error;
    }
    const counts = countsOf({ sections, signoffRequirements: input.signoffRequirements });
    await audit({
      type: auditTypes.templateUpdated,
      payload: {
        templateId: template.id,
        name: input.name,
        ...(input.name !== template.name ? { previousName: template.name } : {}),
        ...counts,
        approvalFields: input.approvalFields.length,
        monitoringWindowHours: input.monitoringWindowHours,
      },
    });
    const saved = await tx.checklistTemplate.findUniqueOrThrow({ where: { id: template.id }, select: { updatedAt: true } });
    return { id: template.id, updatedAt: saved.updatedAt.toISOString(), ...counts };
  },
});

export const archiveTemplateAction = defineAction({
  name: "archiveTemplate",
  permission: "template.manage",
  input: templateRefSchema,
  revalidate: REVALIDATE,
  async run({ tx, input, audit }) {
    await lockDefaultTemplate(tx);
    const template = await loadTemplateForUpdate(tx, input.templateId);
    if (template.archivedAt) throw new ActionError("conflict", "This template is already archived.");
    if (template.isDefault) {
      throw new ActionError("conflict", "This is the default template, so it cannot be archived. Make another template the default first.");
    }
    await tx.checklistTemplate.update({ where: { id: template.id }, data: { archivedAt: new Date() } });
    await audit({ type: auditTypes.templateArchived, payload: { templateId: template.id, name: template.name } });
    return { id: template.id };
  },
});

export const setDefaultTemplateAction = defineAction({
  name: "setDefaultTemplate",
  permission: "template.manage",
  input: templateRefSchema,
  revalidate: REVALIDATE,
  async run({ tx, input, audit }) {
    await lockDefaultTemplate(tx);
    const template = await loadTemplateForUpdate(tx, input.templateId);
    if (template.archivedAt) throw new ActionError("conflict", "An archived template cannot be the default.");
    if (template.isDefault) throw new ActionError("conflict", "This template is already the default.");
    const previous = await tx.checklistTemplate.findMany({ where: { isDefault: true }, select: { id: true, name: true } });
    await tx.checklistTemplate.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    await tx.checklistTemplate.update({ where: { id: template.id }, data: { isDefault: true } });
    await audit({
      type: auditTypes.templateDefaultChanged,
      payload: { templateId: template.id, name: template.name, previousTemplateIds: previous.map((p) => p.id), previousNames: previous.map((p) => p.name) },
    });
    return { id: template.id };
  },
});
