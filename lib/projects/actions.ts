"use server";

import { ActionError, defineAction } from "@/lib/actions/define-action";
import { auditTypes } from "@/lib/audit/events/types";
import { createProjectSchema } from "./schemas";

export const createProjectAction = defineAction({
  name: "createProject",
  permission: "project.manage",
  input: createProjectSchema,
  revalidate: ["/"],
  async run({ tx, input, audit }) {
    const existing = await tx.project.findUnique({ where: { slug: input.slug }, select: { id: true } });
    if (existing) throw new ActionError("conflict", `A project with the slug ${input.slug} already exists.`, { slug: ["This slug is taken"] });
    const project = await tx.project.create({
      data: { slug: input.slug, name: input.name, description: input.description || null, repositoryUrl: input.repositoryUrl || null },
      select: { id: true, slug: true },
    });
    await audit({ type: auditTypes.projectCreated, projectId: project.id, payload: { slug: project.slug, name: input.name } });
    return project;
  },
});
