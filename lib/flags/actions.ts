"use server";
// Feature flag definitions, by admins (project.manage): a key unique in its project, a description and the
// default the flag starts with. Switching a flag on or off is the release managers' (toggleFlagAction in
// lib/deploys/actions.ts, recorded as a FlagChange).
import { auditTypes } from "@/lib/audit/events/types";
import { ActionError, defineAction } from "@/lib/actions/define-action";
import { createFlagSchema, updateFlagSchema } from "./schemas";
import { setupAndProjectAction } from "@/lib/projects/setup";

const onOff = (enabled: boolean) => (enabled ? "on" : "off");

export const createFlagAction = defineAction({
  name: "createFlag",
  ...setupAndProjectAction,
  input: createFlagSchema,
  async run({ tx, input, actor, audit }) {
    const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true, name: true } });
    if (!project) throw new ActionError("not_found", "That project does not exist (any more).");
    const taken = await tx.featureFlag.findUnique({ where: { projectId_key: { projectId: project.id, key: input.key } }, select: { id: true } });
    if (taken) {
      const message = `${project.name} already has a flag ${input.key}`;
      throw new ActionError("conflict", `${message}.`, { key: [message] });
    }
    const flag = await tx.featureFlag.create({
      data: { projectId: project.id, key: input.key, description: input.description || null, defaultEnabled: input.defaultEnabled, enabled: input.defaultEnabled, rolloutPercent: input.defaultEnabled ? 100 : 0, createdById: actor.id },
      select: { id: true, key: true },
    });
    await audit({ type: auditTypes.flagCreated, projectId: project.id, payload: { flag: flag.key, default: onOff(input.defaultEnabled), ...(input.description ? { description: input.description } : {}) } });
    return flag;
  },
});

export const updateFlagAction = defineAction({
  name: "updateFlag",
  ...setupAndProjectAction,
  input: updateFlagSchema,
  async run({ tx, input, audit }) {
    const flag = await tx.featureFlag.findUnique({ where: { id: input.flagId }, select: { id: true, key: true, projectId: true, description: true, defaultEnabled: true } });
    if (!flag) throw new ActionError("not_found", "That feature flag does not exist (any more).");
    const description = input.description || null;
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    if (description !== flag.description) changes.description = { from: flag.description, to: description };
    if (input.defaultEnabled !== flag.defaultEnabled) changes.default = { from: onOff(flag.defaultEnabled), to: onOff(input.defaultEnabled) };
    if (Object.keys(changes).length === 0) throw new ActionError("invalid", "Nothing changed.");
    // The key stays: pipelines' FLAG steps and the flag's history refer to it.
    await tx.featureFlag.update({ where: { id: flag.id }, data: { description, defaultEnabled: input.defaultEnabled } });
    await audit({ type: auditTypes.flagUpdated, projectId: flag.projectId, payload: { flag: flag.key, changes } });
    return { id: flag.id };
  },
});
