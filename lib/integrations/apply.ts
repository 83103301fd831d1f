// Applies an outside event (GitHub's, or a CI system's through the REST API) to the automated items of the
// project's open release with that tag: success ticks them, with the event's page as evidence; a failure
// notes them and leaves them open. Called inside the transaction that records the delivery or the request.
import { auditTypes } from "@/lib/audit/events/types";
import type { AuditEventDraft } from "@/lib/audit/record";
import type { Db } from "@/lib/db-types";
import { joinNote } from "@/lib/releases/deploy-ticks";
import { TERMINAL_STATUSES } from "@/lib/releases/rules";
import { parseAutomation, type Automation } from "./automation";

export interface AutomationEvent {
  projectId: string;
  source: "github" | "ci";
  /** The release's tag as the event names it: `v1.2.0` or `1.2.0`. */
  tag: string;
  /** Whether an item's automation is the one this event fulfils. */
  matches: (automation: Automation) => boolean;
  succeeded: boolean;
  /** What happened, for notes and the outcome ("workflow ci.yml", "check integration-tests"). */
  what: string;
  /** The conclusion as the source said it ("failure", "timed_out"). */
  conclusion: string;
  url: string;
  /** The delivery (webhook) or request that carried it: recorded with each change. */
  deliveryId: string;
  /** Who is credited with a tick: null for a webhook (the integration itself), the token's user for the REST API. */
  actorId: string | null;
  /** Records an audit event in the caller's transaction, attributed as the caller attributes (the action's `audit`). */
  record: (event: AuditEventDraft) => Promise<void>;
}

/** Returns what it did, in a sentence, for the delivery log or the API's answer. */
export async function applyAutomationEvent(tx: Db, event: AutomationEvent): Promise<string> {
  const version = event.tag.replace(/^v(?=\d)/, "");
  const release = await tx.release.findFirst({
    where: { projectId: event.projectId, version: { in: [...new Set([version, event.tag])] }, status: { notIn: [...TERMINAL_STATUSES] } },
    select: { id: true, version: true },
  });
  if (!release) return `Nothing to do: no open release of this project has the tag ${event.tag}.`;

  const items = await tx.releaseItem.findMany({
    where: { releaseId: release.id, automation: { not: null } },
    orderBy: [{ phase: "asc" }, { position: "asc" }],
    select: { id: true, title: true, phase: true, automation: true, state: true, note: true, rowVersion: true },
  });
  const bound = items.filter((item) => {
    const parsed = parseAutomation(item.automation ?? "");
    return parsed.ok && parsed.automation.source === event.source && event.matches(parsed.automation);
  });
  if (bound.length === 0) return `Nothing to do: release ${release.version} has no item bound to this ${event.what}.`;

  const done: string[] = [];
  for (const item of bound) {
    if (item.state !== "OPEN") continue;
    const named = { itemId: item.id, title: item.title, phase: item.phase };
    const where = { releaseId: release.id, projectId: event.projectId };
    if (event.succeeded) {
      // The row version in the WHERE: a person's concurrent edit wins, and this tick is not applied.
      const updated = await tx.releaseItem.updateMany({
        where: { id: item.id, rowVersion: item.rowVersion, state: "OPEN" },
        data: {
          state: "DONE",
          tickedById: event.actorId,
          tickedAt: new Date(),
          tickedByRunId: null,
          tickedByIntegration: event.source,
          evidenceUrl: event.url,
          naReason: null,
          rowVersion: { increment: 1 },
        },
      });
      if (updated.count === 0) continue;
      await event.record({ ...where, type: auditTypes.itemTicked, payload: { ...named, evidenceUrl: event.url, source: event.source, deliveryId: event.deliveryId } });
      done.push(`ticked “${item.title}”`);
    } else {
      const source = event.source === "github" ? "GitHub" : "CI";
      const line = `${source}: ${event.what} concluded “${event.conclusion}”: ${event.url}`;
      const updated = await tx.releaseItem.updateMany({ where: { id: item.id, rowVersion: item.rowVersion }, data: { note: joinNote(item.note, line), rowVersion: { increment: 1 } } });
      if (updated.count === 0) continue;
      await event.record({
        ...where,
        type: auditTypes.itemAutomationFailed,
        payload: { ...named, source: event.source, deliveryId: event.deliveryId, evidenceUrl: event.url, note: line },
      });
      done.push(`noted the failure on “${item.title}”`);
    }
  }
  if (done.length === 0) return `Nothing to do: the items of release ${release.version} bound to this ${event.what} are already done.`;
  return `Release ${release.version}: ${done.join("; ")}.`;
}
