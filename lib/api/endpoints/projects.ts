import "server-only";
import { z } from "zod";
import { createProjectAction } from "@/lib/projects/actions";
import { createProjectSchema } from "@/lib/projects/schemas";
import { runAction } from "../actions";
import { defineEndpoint } from "../endpoint";
import { findProject, listProjectsPage } from "../queries";
import { pageOf, pageQuery, projectSchema, slugParam } from "../schemas";
import { notFound, projectFor, userOf } from "./common";

export const listProjects = defineEndpoint({
  method: "GET",
  path: "/api/v1/projects",
  operationId: "listProjects",
  tag: "Projects",
  summary: "List projects",
  description: "Projects in slug order.",
  permission: "release.view",
  query: pageQuery,
  response: { status: 200, description: "A page of projects", schema: pageOf(projectSchema, "ProjectPage") },
  problems: ["invalid"],
  handler: ({ query }) => listProjectsPage(query),
});

export const getProject = defineEndpoint({
  method: "GET",
  path: "/api/v1/projects/{slug}",
  operationId: "getProject",
  tag: "Projects",
  summary: "Get a project",
  permission: "release.view",
  params: z.object({ slug: slugParam }),
  notFound: "project",
  response: { status: 200, description: "The project", schema: projectSchema },
  problems: ["not_found"],
  handler: ({ params, principal }) => projectFor(params.slug, principal),
});

export const createProject = defineEndpoint({
  method: "POST",
  path: "/api/v1/projects",
  operationId: "createProject",
  tag: "Projects",
  summary: "Create a project",
  description: "Admins only (and a token with the `write` scope).",
  permission: "project.manage",
  body: createProjectSchema,
  response: { status: 201, description: "The new project", schema: projectSchema },
  problems: ["malformed", "too_large", "unsupported_media_type", "invalid", "conflict"],
  async handler({ body, actor }) {
    const created = await runAction(createProjectAction, body, userOf(actor));
    return (await findProject(created.slug)) ?? notFound("project");
  },
});
