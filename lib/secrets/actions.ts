"use server";
// Project secrets, managed by admins on the project's pipelines page. Write-only: an action takes a value
// and returns only names; the audit log records the name, never the value.
import { auditTypes } from "@/lib/audit/events/types";
import { ActionError, defineAction } from "@/lib/actions/define-action";
import { secretNamesIn } from "@/lib/deploys/pipeline-schema";
import { getEnv } from "@/lib/env";
import { encryptSecret, requireSecretsKey, SecretsKeyError } from "./crypto";
import { deleteProjectSecretSchema, setProjectSecretSchema } from "./schemas";

export const setProjectSecretAction = defineAction({
  name: "setProjectSecret",
  revalidate: ["/projects/[slug]/pipelines"],
  permission: "project.manage",
  input: setProjectSecretSchema,
  async run({ tx, input, actor, audit }) {
    const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true, slug: true } });
    if (!project) throw new ActionError("not_found", "That project does not exist (any more).");
    let key: Buffer;
    try {
      key = requireSecretsKey(getEnv().PREFLIGHT_SECRETS_KEY);
    } catch (error) {
      if (error instanceof SecretsKeyError) throw new ActionError("invalid", `Secrets cannot be stored on this installation: ${error.message}`);
      throw error;
    }
    const value = encryptSecret(key, project.id, input.name, input.value);
    const existing = await tx.projectSecret.findUnique({ where: { projectId_name: { projectId: project.id, name: input.name } }, select: { id: true } });
    if (existing) await tx.projectSecret.update({ where: { id: existing.id }, data: { value, updatedById: actor.id } });
    else await tx.projectSecret.create({ data: { projectId: project.id, name: input.name, value, createdById: actor.id, updatedById: actor.id } });
    await audit({ type: existing ? auditTypes.secretUpdated : auditTypes.secretCreated, projectId: project.id, payload: { name: input.name } });
    return { name: input.name, created: !existing };
  },
});

export const deleteProjectSecretAction = defineAction({
  name: "deleteProjectSecret",
  revalidate: ["/projects/[slug]/pipelines"],
  permission: "project.manage",
  input: deleteProjectSecretSchema,
  async run({ tx, input, audit }) {
    const secret = await tx.projectSecret.findUnique({ where: { projectId_name: { projectId: input.projectId, name: input.name } }, select: { id: true } });
    if (!secret) throw new ActionError("not_found", `The secret ${input.name} does not exist (any more).`);
    // A secret the current pipelines use would make their next run fail: change the pipeline first.
    for (const kind of ["DEPLOY", "ROLLBACK"] as const) {
      const pipeline = await tx.pipeline.findFirst({ where: { projectId: input.projectId, kind }, orderBy: { version: "desc" }, select: { version: true, steps: true } });
      if (pipeline && secretNamesIn(pipeline.steps).includes(input.name)) {
        throw new ActionError("conflict", `The ${kind === "DEPLOY" ? "deploy" : "rollback"} pipeline (version ${pipeline.version}) uses ${input.name}: remove it from the pipeline first.`);
      }
    }
    await tx.projectSecret.delete({ where: { id: secret.id } });
    await audit({ type: auditTypes.secretDeleted, projectId: input.projectId, payload: { name: input.name } });
    return { name: input.name };
  },
});
