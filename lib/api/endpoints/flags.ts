// Feature flags of a project. Reading them also works with the project's own token (scope flags:read),
// which services use; setting one runs the flag panel's action (toggleFlag) as the token's user.
import "server-only";
import { z } from "zod";
import { toggleFlagAction } from "@/lib/deploys/actions";
import { toggleFlagSchema } from "@/lib/deploys/schemas";
import { runAction } from "../actions";
import { defineEndpoint } from "../endpoint";
import { findFlag, listFlags as readFlags } from "../queries";
import { flagSchema, listOf, slugParam } from "../schemas";
import { notFound, projectFor, userOf } from "./common";

const flagParams = z.object({ slug: slugParam, key: z.string().min(1).max(100) });

async function flagOut(projectId: string, key: string) {
  const flag = await findFlag(projectId, key);
  if (!flag) notFound("feature flag");
  const { id: _id, ...shown } = flag;
  return shown;
}

export const listFlags = defineEndpoint({
  method: "GET",
  path: "/api/v1/projects/{slug}/flags",
  operationId: "listFlags",
  tag: "Feature flags",
  summary: "List a project's feature flags",
  description: "A user token with `read`, or the project's own token with `flags:read`.",
  permission: "release.view",
  projectTokenScope: "flags:read",
  params: z.object({ slug: slugParam }),
  notFound: "project",
  response: { status: 200, description: "The project's flags by key", schema: listOf(flagSchema, "FeatureFlagList") },
  problems: ["not_found"],
  async handler({ params, principal }) {
    const project = await projectFor(params.slug, principal);
    return { data: await readFlags(project.id) };
  },
});

export const getFlag = defineEndpoint({
  method: "GET",
  path: "/api/v1/projects/{slug}/flags/{key}",
  operationId: "getFlag",
  tag: "Feature flags",
  summary: "Get a feature flag",
  description: "A user token with `read`, or the project's own token with `flags:read`.",
  permission: "release.view",
  projectTokenScope: "flags:read",
  params: flagParams,
  notFound: "feature flag",
  response: { status: 200, description: "The flag", schema: flagSchema },
  problems: ["not_found"],
  async handler({ params, principal }) {
    const project = await projectFor(params.slug, principal);
    return flagOut(project.id, params.key);
  },
});

export const setFlag = defineEndpoint({
  method: "PUT",
  path: "/api/v1/projects/{slug}/flags/{key}",
  operationId: "setFlag",
  tag: "Feature flags",
  summary: "Turn a feature flag on or off",
  description: "Recorded against `releaseId` when given (its timeline, and the flags its rollback turns off first). Setting the value it already has changes nothing.",
  permission: "flag.toggle",
  params: flagParams,
  notFound: "feature flag",
  body: toggleFlagSchema.omit({ flagId: true }),
  response: { status: 200, description: "The flag after the change", schema: flagSchema },
  problems: ["not_found", "malformed", "too_large", "unsupported_media_type", "invalid", "conflict"],
  async handler({ params, body, actor, principal }) {
    const project = await projectFor(params.slug, principal);
    const flag = await findFlag(project.id, params.key);
    if (!flag) notFound("feature flag");
    await runAction(toggleFlagAction, { ...body, flagId: flag.id }, userOf(actor));
    return flagOut(project.id, params.key);
  },
});
