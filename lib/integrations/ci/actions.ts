"use server";
// A CI system other than GitHub reports a check through the REST API (POST /api/v1/projects/{slug}/checks,
// with an API token): items bound to `ci.check <name>` in the open release with that tag are ticked (or
// noted on failure), credited to the token's user and marked as ticked by CI.
import { ActionError, defineAction } from "@/lib/actions/define-action";
import { auditTypes } from "@/lib/audit/events/types";
import { applyAutomationEvent } from "@/lib/integrations/apply";
import { reportCheckSchema } from "./schemas";

export const reportCheckAction = defineAction({
  name: "reportCheck",
  permission: "item.tick",
  input: reportCheckSchema,
  async run({ tx, input, actor, audit }) {
    const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true } });
    if (!project) throw new ActionError("not_found", "That project does not exist.");
    const outcome = await applyAutomationEvent(tx, {
      projectId: project.id,
      source: "ci",
      tag: input.tag,
      matches: (automation) => automation.event === "check" && automation.name.toLowerCase() === input.name.toLowerCase(),
      succeeded: input.conclusion === "success",
      what: `check ${input.name}`,
      conclusion: input.conclusion,
      url: input.url,
      deliveryId: `api:${crypto.randomUUID()}`,
      actorId: actor.id,
      record: audit,
    });
    // The report itself is recorded too, whatever it changed: the project's record of what CI said.
    await audit({ type: auditTypes.ciCheckReported, projectId: project.id, payload: { name: input.name, tag: input.tag, conclusion: input.conclusion, url: input.url, outcome } });
    return { outcome };
  },
});
