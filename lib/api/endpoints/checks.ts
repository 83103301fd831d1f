// A CI system other than GitHub reports a check: items bound to `ci.check <name>` in the project's open
// release with that tag are ticked (or noted on failure). See lib/integrations/ci/actions.ts.
import "server-only";
import { z } from "zod";
import { reportCheckAction } from "@/lib/integrations/ci/actions";
import { reportCheckSchema } from "@/lib/integrations/ci/schemas";
import { runAction } from "../actions";
import { defineEndpoint } from "../endpoint";
import { checkOutcomeSchema, slugParam } from "../schemas";
import { projectFor, userOf } from "./common";

export const reportCheck = defineEndpoint({
  method: "POST",
  path: "/api/v1/projects/{slug}/checks",
  operationId: "reportCheck",
  tag: "Checklist items",
  summary: "Report a CI check",
  description:
    "For CI systems other than GitHub (whose webhooks Preflight reads itself). A `success` ticks the items of the open release with that tag (`v1.2.0` or `1.2.0`) that are bound to `ci.check <name>`, with `url` as evidence; any other conclusion notes them and leaves them open.",
  permission: "item.tick",
  params: z.object({ slug: slugParam }),
  notFound: "project",
  body: reportCheckSchema.omit({ projectId: true }),
  response: { status: 200, description: "What the report changed, or why it changed nothing", schema: checkOutcomeSchema },
  problems: ["not_found", "malformed", "too_large", "unsupported_media_type", "invalid"],
  async handler({ params, body, actor, principal }) {
    const project = await projectFor(params.slug, principal);
    return runAction(reportCheckAction, { ...body, projectId: project.id }, userOf(actor));
  },
});
