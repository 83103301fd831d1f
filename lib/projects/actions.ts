"use server";
// Projects and their variables, managed by admins (project.manage): create, edit, choose the default
// template, archive and unarchive (never delete: releases and audit events refer to a project), and the
// plain variables steps and checklist commands use as ${NAME}.
import { auditTypes } from "@/lib/audit/events/types";
import { ActionError, defineAction, type ActionContext } from "@/lib/actions/define-action";
import { releaseStatusLabels, TERMINAL_STATUSES } from "@/lib/releases/rules";
import { lockProject } from "./lock";
import { PROJECT_LIMITS } from "./limits";
import {
  createProjectSchema,
  deleteProjectVariableSchema,
  setProjectArchivedSchema,
  setProjectTemplateSchema,
  setProjectVariableSchema,
  updateProjectSchema,
} from "./schemas";
import { variableNamesIn } from "./variables";
import { setupCardAction } from "./setup";

type Tx = ActionContext<unknown>["tx"];

const projectNotFound = () => new ActionError("not_found", "That project does not exist (any more).");

/** A slug names one project: a taken one is a field error, never a database error. */
async function assertSlugFree(tx: Tx, slug: string, exceptId?: string) {
  const taken = await tx.project.findUnique({ where: { slug }, select: { id: true, name: true } });
  if (taken && taken.id !== exceptId) {
    const message = `${slug} is already the slug of ${taken.name}`;
    throw new ActionError("conflict", `${message}; choose another.`, { slug: [message] });
  }
}

async function activeTemplate(tx: Tx, templateId: string) {
  const template = await tx.checklistTemplate.findUnique({ where: { id: templateId }, select: { id: true, name: true, archivedAt: true } });
  if (!template) throw new ActionError("invalid", "Choose a template.", { templateId: ["Choose a template"] });
  if (template.archivedAt) throw new ActionError("invalid", "This template is archived; choose another.", { templateId: ["This template is archived; choose another"] });
  return template;
}

const nullable = (text: string) => text || null;

export const createProjectAction = defineAction({
  name: "createProject",
  permission: "project.manage",
  input: createProjectSchema,
  revalidate: ["/", "/setup"],
  async run({ tx, input, actor, audit }) {
    await assertSlugFree(tx, input.slug);
    // A lone default template is the obvious choice; with several, the set-up page asks.
    const templates = await tx.checklistTemplate.findMany({ where: { archivedAt: null }, select: { id: true, isDefault: true } });
    const defaultTemplateId = templates.length === 1 ? templates[0]!.id : (templates.find((t) => t.isDefault)?.id ?? null);
    const project = await tx.project.create({
      data: {
        name: input.name,
        slug: input.slug,
        description: nullable(input.description),
        repositoryUrl: nullable(input.repositoryUrl),
        baselineVersion: nullable(input.baselineVersion),
        defaultTemplateId,
      },
      select: { id: true, slug: true },
    });
    await audit({
      type: auditTypes.projectCreated,
      projectId: project.id,
      payload: {
        slug: input.slug,
        name: input.name,
        createdBy: actor.name,
        ...(defaultTemplateId ? { defaultTemplateId } : {}),
        ...(input.baselineVersion ? { baselineVersion: input.baselineVersion } : {}),
      },
    });
    return project;
  },
});

export const updateProjectAction = defineAction({
  name: "updateProject",
  permission: "project.manage",
  input: updateProjectSchema,
  revalidate: ["/", "/setup", "/projects/[slug]/setup", "/projects/[slug]"],
  async run({ tx, input, audit }) {
    const project = await tx.project.findUnique({
      where: { id: input.projectId },
      select: { id: true, name: true, slug: true, description: true, repositoryUrl: true, baselineVersion: true, backupMaxAgeHours: true },
    });
    if (!project) throw projectNotFound();
    if (input.slug !== project.slug) await assertSlugFree(tx, input.slug, project.id);
    const next = {
      name: input.name,
      slug: input.slug,
      description: nullable(input.description),
      repositoryUrl: nullable(input.repositoryUrl),
      baselineVersion: nullable(input.baselineVersion),
      backupMaxAgeHours: input.backupMaxAgeHours ?? project.backupMaxAgeHours,
    };
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    for (const field of ["name", "slug", "description", "repositoryUrl", "baselineVersion"] as const) {
      if (next[field] !== project[field]) changes[field] = { from: project[field], to: next[field] };
    }
    if (next.backupMaxAgeHours !== project.backupMaxAgeHours) changes.backupMaxAgeHours = { from: `${project.backupMaxAgeHours} h`, to: `${next.backupMaxAgeHours} h` };
    if (Object.keys(changes).length === 0) throw new ActionError("invalid", "Nothing changed.");
    await tx.project.update({ where: { id: project.id }, data: next });
    await audit({ type: auditTypes.projectUpdated, projectId: project.id, payload: { changes } });
    return { id: project.id, slug: next.slug };
  },
});

export const setProjectTemplateAction = defineAction({
  name: "setProjectTemplate",
  ...setupCardAction,
  input: setProjectTemplateSchema,
  async run({ tx, input, audit }) {
    const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true, defaultTemplate: { select: { id: true, name: true } } } });
    if (!project) throw projectNotFound();
    const template = await activeTemplate(tx, input.templateId);
    if (project.defaultTemplate?.id === template.id) throw new ActionError("invalid", `${template.name} is already this project's template.`);
    await tx.project.update({ where: { id: project.id }, data: { defaultTemplateId: template.id } });
    await audit({
      type: auditTypes.projectUpdated,
      projectId: project.id,
      payload: { changes: { defaultTemplate: { from: project.defaultTemplate?.name ?? null, to: template.name } }, defaultTemplateId: template.id },
    });
    return { id: project.id, templateId: template.id };
  },
});

export const setProjectArchivedAction = defineAction({
  name: "setProjectArchived",
  permission: "project.manage",
  input: setProjectArchivedSchema,
  revalidate: ["/", "/releases", "/setup", "/projects/[slug]/setup", "/projects/[slug]"],
  async run({ tx, input, audit }) {
    // Held until the end: a release created meanwhile waits, then finds the project archived.
    const project = await lockProject(tx, input.projectId, "update");
    if (!project) throw projectNotFound();
    if (!!project.archivedAt === input.archived) {
      throw new ActionError("conflict", `${project.name} is already ${input.archived ? "archived" : "active"}: nothing changed.`);
    }
    if (input.archived) {
      // A release on its way (a rolled-back one too, until its incident note closes it) must end first.
      const open = await tx.release.findFirst({
        where: { projectId: project.id, OR: [{ status: { notIn: [...TERMINAL_STATUSES] } }, { status: "ROLLED_BACK", closedAt: null }] },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { version: true, status: true },
      });
      if (open) {
        const state = open.status === "ROLLED_BACK" ? "rolled back and not yet closed" : releaseStatusLabels[open.status].toLowerCase();
        throw new ActionError("conflict", `${project.name} cannot be archived: release ${open.version} is in progress (${state}). Release, cancel or close it first.`);
      }
    }
    await tx.project.update({ where: { id: project.id }, data: { archivedAt: input.archived ? new Date() : null } });
    await audit({ type: input.archived ? auditTypes.projectArchived : auditTypes.projectUnarchived, projectId: project.id, payload: { name: project.name } });
    return { id: project.id, archived: input.archived };
  },
});

export const setProjectVariableAction = defineAction({
  name: "setProjectVariable",
  ...setupCardAction,
  input: setProjectVariableSchema,
  async run({ tx, input, actor, audit }) {
    const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true, _count: { select: { variables: true } } } });
    if (!project) throw projectNotFound();
    const existing = await tx.projectVariable.findUnique({ where: { projectId_name: { projectId: project.id, name: input.name } }, select: { id: true, value: true } });
    if (existing) {
      if (existing.value === input.value) throw new ActionError("invalid", `${input.name} already has this value: nothing changed.`);
      await tx.projectVariable.update({ where: { id: existing.id }, data: { value: input.value, updatedById: actor.id } });
    } else {
      if (project._count.variables >= PROJECT_LIMITS.variables) {
        throw new ActionError("invalid", `A project has at most ${PROJECT_LIMITS.variables} variables.`, { name: [`A project has at most ${PROJECT_LIMITS.variables} variables`] });
      }
      await tx.projectVariable.create({ data: { projectId: project.id, name: input.name, value: input.value, createdById: actor.id, updatedById: actor.id } });
    }
    // Variables are not secret (secrets are): the value is part of the record.
    await audit(
      existing
        ? { type: auditTypes.variableUpdated, projectId: project.id, payload: { name: input.name, value: input.value, from: existing.value } }
        : { type: auditTypes.variableCreated, projectId: project.id, payload: { name: input.name, value: input.value } },
    );
    return { name: input.name, created: !existing };
  },
});

export const deleteProjectVariableAction = defineAction({
  name: "deleteProjectVariable",
  ...setupCardAction,
  input: deleteProjectVariableSchema,
  async run({ tx, input, audit }) {
    const variable = await tx.projectVariable.findUnique({ where: { projectId_name: { projectId: input.projectId, name: input.name } }, select: { id: true, value: true } });
    if (!variable) throw new ActionError("not_found", `The variable ${input.name} does not exist (any more).`);
    // The current pipelines would fail on their next run without it: change them first.
    for (const kind of ["DEPLOY", "ROLLBACK"] as const) {
      const pipeline = await tx.pipeline.findFirst({ where: { projectId: input.projectId, kind }, orderBy: { version: "desc" }, select: { version: true, steps: true } });
      if (pipeline && variableNamesIn(pipeline.steps).includes(input.name)) {
        throw new ActionError("conflict", `The ${kind === "DEPLOY" ? "deploy" : "rollback"} pipeline (version ${pipeline.version}) uses \${${input.name}}: remove it from the pipeline first.`);
      }
    }
    await tx.projectVariable.delete({ where: { id: variable.id } });
    await audit({ type: auditTypes.variableDeleted, projectId: input.projectId, payload: { name: input.name, value: variable.value } });
    return { name: input.name };
  },
});
