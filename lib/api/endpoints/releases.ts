import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { createReleaseAction } from "@/lib/releases/actions";
import { releaseStatuses } from "@/lib/releases/rules";
import { createReleaseSchema } from "@/lib/releases/schemas";
import { runAction } from "../actions";
import { defineEndpoint, Reply } from "../endpoint";
import { ApiProblem } from "../problem";
import { getRelease as readRelease, listReleasesPage } from "../queries";
import { idParam, pageOf, pageQuery, releaseSchema, releaseSummarySchema, slugParam } from "../schemas";
import { notFound, projectFor, userOf } from "./common";

const statusList = z
  .string()
  .max(200)
  .transform((value) => value.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean))
  .pipe(z.array(z.enum(releaseStatuses, { error: `Statuses are ${releaseStatuses.join(", ")}` })))
  .meta({ description: "Comma-separated statuses, e.g. PREPARING,READY" });

export const listReleases = defineEndpoint({
  method: "GET",
  path: "/api/v1/projects/{slug}/releases",
  operationId: "listReleases",
  tag: "Releases",
  summary: "List a project's releases",
  description: "Newest first. Filter by `status` or find one `version`.",
  permission: "release.view",
  params: z.object({ slug: slugParam }),
  notFound: "project",
  query: pageQuery.extend({ status: statusList.optional(), version: z.string().max(64).optional().meta({ description: "Exactly this version, e.g. 1.4.0" }) }),
  response: { status: 200, description: "A page of releases", schema: pageOf(releaseSummarySchema, "ReleasePage") },
  problems: ["not_found", "invalid"],
  async handler({ params, query, principal }) {
    const project = await projectFor(params.slug, principal);
    return listReleasesPage(project.id, query);
  },
});

const createReleaseBody = createReleaseSchema.omit({ projectId: true }).extend({
  templateId: createReleaseSchema.shape.templateId.optional().meta({ description: "The checklist template; the default template when left out" }),
});

export const createRelease = defineEndpoint({
  method: "POST",
  path: "/api/v1/projects/{slug}/releases",
  operationId: "createRelease",
  tag: "Releases",
  summary: "Create a release",
  description: "From a checklist template (the default one unless `templateId` is given). The release manager is the token's user unless `releaseManagerId` names another.",
  permission: "release.create",
  params: z.object({ slug: slugParam }),
  notFound: "project",
  body: createReleaseBody,
  response: { status: 201, description: "The new release", schema: releaseSchema },
  problems: ["not_found", "malformed", "too_large", "unsupported_media_type", "invalid", "conflict"],
  async handler({ params, body, actor, principal }) {
    const project = await projectFor(params.slug, principal);
    const templateId = body.templateId ?? (await db.checklistTemplate.findFirst({ where: { isDefault: true, archivedAt: null }, select: { id: true } }))?.id;
    if (!templateId) throw new ApiProblem("invalid", "There is no default template; give templateId.", { errors: [{ field: "templateId", detail: "Choose a template" }] });
    // The action's own schema parses again: `version` arrives as sent (it transforms "v1.2.0" to "1.2.0").
    const created = await runAction(createReleaseAction, { ...body, plannedAt: body.plannedAt?.toISOString().slice(0, 10) ?? null, projectId: project.id, templateId }, userOf(actor));
    return new Reply(201, (await readRelease(created.id)) ?? notFound("release"));
  },
});

export const getRelease = defineEndpoint({
  method: "GET",
  path: "/api/v1/releases/{id}",
  operationId: "getRelease",
  tag: "Releases",
  summary: "Get a release with its checklist and sign-offs",
  permission: "release.view",
  params: z.object({ id: idParam }),
  notFound: "release",
  response: { status: 200, description: "The release", schema: releaseSchema },
  problems: ["not_found"],
  async handler({ params }) {
    return (await readRelease(params.id)) ?? notFound("release");
  },
});
