import "server-only";
import { z } from "zod";
import { cancelRunAction, startDeployAction } from "@/lib/deploys/actions";
import { LOG_PAGE_SIZE, MAX_LOG_PAGE_SIZE } from "@/lib/deploys/queries";
import { cancelRunSchema, startDeploySchema } from "@/lib/deploys/schemas";
import { MAX_BIGINT_ID } from "@/lib/http/query";
import { runAction } from "../actions";
import { defineEndpoint, Reply } from "../endpoint";
import { getRun, getRunStepLogs, listRunsPage, releaseExists } from "../queries";
import { cancelledRunSchema, idParam, logPageSchema, pageOf, pageQuery, runSchema, runSummarySchema, startedRunSchema } from "../schemas";
import { notFound, userOf } from "./common";

/** The run as the API shows it (the project id is the layer's business, not the client's). */
async function runOut(id: string) {
  const run = await getRun(id);
  if (!run) notFound("deploy run");
  const { projectId: _projectId, ...shown } = run;
  return shown;
}

export const listDeploys = defineEndpoint({
  method: "GET",
  path: "/api/v1/releases/{id}/deploys",
  operationId: "listDeploys",
  tag: "Deploys",
  summary: "List a release's deploy and rollback runs",
  description: "Newest first.",
  permission: "release.view",
  params: z.object({ id: idParam }),
  notFound: "release",
  query: pageQuery,
  response: { status: 200, description: "A page of runs", schema: pageOf(runSummarySchema, "DeployPage") },
  problems: ["not_found", "invalid"],
  async handler({ params, query }) {
    if (!(await releaseExists(params.id))) notFound("release");
    return listRunsPage(params.id, query);
  },
});

export const startDeploy = defineEndpoint({
  method: "POST",
  path: "/api/v1/releases/{id}/deploys",
  operationId: "startDeploy",
  tag: "Deploys",
  summary: "Start a deploy",
  description:
    "Runs the project's deploy pipeline once the release is ready (every required item done, every sign-off given). Send a `requestKey` to make retries safe: a repeated key answers 200 with the run it started.",
  permission: "deploy.start",
  params: z.object({ id: idParam }),
  notFound: "release",
  body: z.object({ requestKey: startDeploySchema.shape.requestKey.optional().meta({ description: "Your idempotency key (8–100 characters); a fresh one when left out" }) }),
  response: { status: 201, description: "The started run", schema: startedRunSchema, also: { status: 200, description: "A repeated requestKey: the run it started, with `duplicate: true`" } },
  problems: ["not_found", "malformed", "too_large", "unsupported_media_type", "invalid", "conflict"],
  async handler({ params, body, actor }) {
    const started = await runAction(startDeployAction, { releaseId: params.id, requestKey: body.requestKey ?? crypto.randomUUID() }, userOf(actor));
    return new Reply(started.duplicate ? 200 : 201, { ...(await runOut(started.runId)), duplicate: started.duplicate });
  },
});

export const getDeploy = defineEndpoint({
  method: "GET",
  path: "/api/v1/deploys/{id}",
  operationId: "getDeploy",
  tag: "Deploys",
  summary: "A deploy run's status and steps",
  permission: "release.view",
  params: z.object({ id: idParam }),
  notFound: "deploy run",
  response: { status: 200, description: "The run", schema: runSchema },
  problems: ["not_found"],
  handler: ({ params }) => runOut(params.id),
});

export const cancelDeploy = defineEndpoint({
  method: "POST",
  path: "/api/v1/deploys/{id}/cancel",
  operationId: "cancelDeploy",
  tag: "Deploys",
  summary: "Cancel a deploy run",
  description: "A running step is stopped by the worker within a heartbeat (status CANCELLING, then CANCELLED).",
  permission: "deploy.cancel",
  params: z.object({ id: idParam }),
  notFound: "deploy run",
  body: z.object({ reason: cancelRunSchema.shape.reason }),
  response: { status: 200, description: "The run's new status", schema: cancelledRunSchema },
  problems: ["not_found", "malformed", "too_large", "unsupported_media_type", "invalid", "conflict"],
  async handler({ params, body, actor }) {
    const cancelled = await runAction(cancelRunAction, { runId: params.id, reason: body.reason }, userOf(actor));
    return { id: params.id, status: cancelled.status };
  },
});

export const getDeployLogs = defineEndpoint({
  method: "GET",
  path: "/api/v1/deploys/{id}/steps/{stepId}/logs",
  operationId: "getDeployLogs",
  tag: "Deploys",
  summary: "A deploy step's log",
  description: "Oldest first, after the line `after`. Secrets were masked when the lines were written.",
  permission: "release.view",
  params: z.object({ id: idParam, stepId: idParam }),
  notFound: "deploy step",
  query: z.object({
    after: z
      .string()
      .regex(/^\d{1,19}$/, "`after` is a line id (digits)")
      // zod runs this check even after the pattern failed: only digits reach BigInt().
      .refine((v) => /^\d{1,19}$/.test(v) && BigInt(v) <= MAX_BIGINT_ID, "`after` is a line id (digits)")
      .optional()
      .meta({ description: "The last line id you have" }),
    limit: z.coerce
      .number({ error: "`limit` must be a whole number" })
      .int("`limit` must be a whole number")
      .min(1, "`limit` is at least 1")
      .max(MAX_LOG_PAGE_SIZE, `\`limit\` is at most ${MAX_LOG_PAGE_SIZE}`)
      .optional()
      .default(LOG_PAGE_SIZE),
  }),
  response: { status: 200, description: "A page of log lines", schema: logPageSchema },
  problems: ["not_found", "invalid"],
  async handler({ params, query }) {
    return (await getRunStepLogs(params.id, params.stepId, { after: query.after ?? null, limit: query.limit })) ?? notFound("deploy step");
  },
});
