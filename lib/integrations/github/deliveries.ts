// GitHub webhook deliveries: checked (signature over the raw body, content type, size, delivery id seen
// before), stored in the delivery log, and applied to the automated items of the project's open releases.
// The route (app/api/webhooks/github/[project]/route.ts) only reads the request and answers what this says.
import { createHmac, timingSafeEqual } from "node:crypto";
import { auditTypes } from "@/lib/audit/events/types";
import { recordAuditEvent } from "@/lib/audit/record";
import { db as defaultDb } from "@/lib/db";
import type { Db } from "@/lib/db-types";
import { isUniqueViolation } from "@/lib/db/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isSameWorkflow, parseAutomation, releaseTags } from "@/lib/integrations/automation";
import { joinNote } from "@/lib/releases/deploy-ticks";
import { TERMINAL_STATUSES } from "@/lib/releases/rules";
import { decryptWebhookSecret } from "./secret";
import { readGithubEvent, type GithubFact } from "./events";

/** GitHub caps payloads at 25 MB; the events Preflight reads are a few kilobytes. */
export const MAX_GITHUB_BODY_BYTES = 1_000_000;
const MAX_DELIVERY_ID_CHARS = 100;
const MAX_EVENT_CHARS = 60;

export interface GithubRequest {
  projectSlug: string;
  contentType: string | null;
  event: string | null;
  deliveryId: string | null;
  signature: string | null;
  body: Buffer;
}

export type DeliveryAnswer =
  | { ok: true; status: 200 | 202; outcome: string; deliveryId: string }
  | { ok: false; kind: "malformed" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "too_large" | "unsupported_media_type"; detail: string };

/** X-Hub-Signature-256 is `sha256=` and the hex HMAC-SHA256 of the raw body; compared in constant time. */
export function verifyGithubSignature(secret: string, body: Buffer, header: string | null): boolean {
  if (!header?.startsWith("sha256=")) return false;
  const given = Buffer.from(header.slice("sha256=".length), "hex");
  const expected = createHmac("sha256", secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function receiveGithubDelivery(request: GithubRequest, db: PrismaClient = defaultDb): Promise<DeliveryAnswer> {
  const project = await db.project.findUnique({ where: { slug: request.projectSlug.slice(0, 100) }, select: { id: true, githubWebhookSecret: true } });
  if (!project) return { ok: false, kind: "not_found", detail: `No project has the slug “${request.projectSlug.slice(0, 100)}”.` };
  if (!project.githubWebhookSecret) {
    return { ok: false, kind: "forbidden", detail: "This project has no GitHub webhook secret yet: an admin sets one on the project's set-up page." };
  }
  const mediaType = request.contentType?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    return { ok: false, kind: "unsupported_media_type", detail: "Send the payload as JSON: in the webhook's settings on GitHub, choose Content type “application/json”." };
  }
  if (request.body.length > MAX_GITHUB_BODY_BYTES) {
    return { ok: false, kind: "too_large", detail: `The body has ${request.body.length.toLocaleString("en-US")} bytes; at most ${MAX_GITHUB_BODY_BYTES.toLocaleString("en-US")} are accepted.` };
  }
  const event = request.event?.trim() ?? "";
  const deliveryId = request.deliveryId?.trim() ?? "";
  if (!event || event.length > MAX_EVENT_CHARS || !/^[a-z_]+$/.test(event)) return { ok: false, kind: "malformed", detail: "X-GitHub-Event is missing or not an event name." };
  if (!deliveryId || deliveryId.length > MAX_DELIVERY_ID_CHARS) return { ok: false, kind: "malformed", detail: "X-GitHub-Delivery is missing or longer than 100 characters." };

  const secret = decryptWebhookSecret(project.id, project.githubWebhookSecret);
  if (!verifyGithubSignature(secret, request.body, request.signature)) {
    // Logged for the admin, without its body and under an id of its own: a forged request must never take
    // the id of the real delivery it imitates.
    await db.webhookDelivery.create({
      data: {
        source: "github",
        deliveryId: `unverified:${crypto.randomUUID()}`,
        projectId: project.id,
        event,
        payload: { claimedDeliveryId: deliveryId },
        signatureValid: false,
        bodyBytes: request.body.length,
        processedAt: new Date(),
        outcome: request.signature ? "Refused: the signature does not match the project's secret" : "Refused: no X-Hub-Signature-256 header",
      },
    });
    return { ok: false, kind: "unauthorized", detail: "The X-Hub-Signature-256 signature does not match this project's webhook secret." };
  }

  let payload: unknown;
  try {
    payload = JSON.parse(request.body.toString("utf8"));
  } catch {
    return { ok: false, kind: "malformed", detail: "The body is not valid JSON." };
  }
  try {
    return await db.$transaction(async (tx) => {
      const delivery = await tx.webhookDelivery.create({
        data: { source: "github", deliveryId, projectId: project.id, event, payload: payload as object, bodyBytes: request.body.length },
        select: { id: true },
      });
      const outcome = await applyGithubEvent(tx, project.id, delivery.id, event, payload);
      await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { processedAt: new Date(), outcome } });
      return { ok: true as const, status: 200 as const, outcome, deliveryId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, kind: "conflict", detail: `Delivery ${deliveryId} was received before; nothing changed.` };
    throw error;
  }
}

/** Applies a stored delivery's event to the project's open releases; returns what it did, in a sentence. */
export async function applyGithubEvent(tx: Db, projectId: string, webhookDeliveryId: string, event: string, payload: unknown): Promise<string> {
  const read = readGithubEvent(event, payload);
  if ("ignored" in read) return `Nothing to do: ${read.ignored}.`;
  return applyFact(tx, projectId, webhookDeliveryId, read.fact);
}

async function applyFact(tx: Db, projectId: string, webhookDeliveryId: string, fact: GithubFact): Promise<string> {
  const version = fact.tag.replace(/^v(?=\d)/, "");
  const release = await tx.release.findFirst({
    where: { projectId, version: { in: [...new Set([version, fact.tag])] }, status: { notIn: [...TERMINAL_STATUSES] } },
    select: { id: true, version: true },
  });
  if (!release || !releaseTags(release.version).includes(fact.tag)) return `Nothing to do: no open release of this project has the tag ${fact.tag}.`;

  const items = await tx.releaseItem.findMany({
    where: { releaseId: release.id, automation: { startsWith: `github.${fact.kind}` } },
    orderBy: [{ phase: "asc" }, { position: "asc" }],
    select: { id: true, title: true, phase: true, automation: true, state: true, note: true, rowVersion: true },
  });
  const bound = items.filter((item) => {
    const parsed = parseAutomation(item.automation ?? "");
    if (!parsed.ok || parsed.automation.event !== fact.kind) return false;
    if (parsed.automation.event === "workflow_run" && fact.kind === "workflow_run") {
      return isSameWorkflow(parsed.automation.workflow, { path: fact.workflowPath, name: fact.workflowName });
    }
    return true;
  });
  if (bound.length === 0) return `Nothing to do: release ${release.version} has no item bound to this ${describeFact(fact)}.`;

  const succeeded = fact.kind !== "workflow_run" || fact.conclusion === "success";
  const done: string[] = [];
  for (const item of bound) {
    if (item.state !== "OPEN") continue;
    const named = { itemId: item.id, title: item.title, phase: item.phase };
    if (succeeded) {
      // The row version in the WHERE: a person's concurrent edit wins, and this tick is not applied.
      const updated = await tx.releaseItem.updateMany({
        where: { id: item.id, rowVersion: item.rowVersion, state: "OPEN" },
        data: { state: "DONE", tickedById: null, tickedAt: new Date(), tickedByRunId: null, tickedByIntegration: "github", evidenceUrl: fact.url, naReason: null, rowVersion: { increment: 1 } },
      });
      if (updated.count === 0) continue;
      await recordAuditEvent(tx, {
        type: auditTypes.itemTicked,
        actorId: null,
        releaseId: release.id,
        projectId,
        payload: { ...named, evidenceUrl: fact.url, source: "github", deliveryId: webhookDeliveryId },
      });
      done.push(`ticked “${item.title}”`);
    } else {
      const line = `GitHub: ${describeFact(fact)} concluded “${fact.conclusion}”: ${fact.url}`;
      const updated = await tx.releaseItem.updateMany({
        where: { id: item.id, rowVersion: item.rowVersion },
        data: { note: joinNote(item.note, line), rowVersion: { increment: 1 } },
      });
      if (updated.count === 0) continue;
      await recordAuditEvent(tx, {
        type: auditTypes.itemAutomationFailed,
        actorId: null,
        releaseId: release.id,
        projectId,
        payload: { ...named, source: "github", deliveryId: webhookDeliveryId, evidenceUrl: fact.url, note: line },
      });
      done.push(`noted the failure on “${item.title}”`);
    }
  }
  if (done.length === 0) return `Nothing to do: the items of release ${release.version} bound to this ${describeFact(fact)} are already done.`;
  return `Release ${release.version}: ${done.join("; ")}.`;
}

function describeFact(fact: GithubFact): string {
  switch (fact.kind) {
    case "workflow_run":
      return `workflow ${fact.workflowPath?.split("/").at(-1) ?? fact.workflowName ?? "run"}`;
    case "release":
      return `GitHub release ${fact.tag}`;
    case "push":
      return `push of the tag ${fact.tag}`;
  }
}

