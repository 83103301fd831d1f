// GitHub webhook deliveries: checked (signature over the raw body, content type, size, delivery id seen
// before), stored in the delivery log, and applied to the automated items of the project's open releases.
// The route (app/api/webhooks/github/[project]/route.ts) only reads the request and answers what this says.
import { createHmac, timingSafeEqual } from "node:crypto";
import { db as defaultDb } from "@/lib/db";
import type { Db } from "@/lib/db-types";
import { isUniqueViolation } from "@/lib/db/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/audit/record";
import { applyAutomationEvent } from "@/lib/integrations/apply";
import { isSameWorkflow } from "@/lib/integrations/automation";
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
  const slug = typeof request.projectSlug === "string" ? request.projectSlug.slice(0, 100) : "";
  const project = slug ? await db.project.findUnique({ where: { slug }, select: { id: true, githubWebhookSecret: true } }) : null;
  if (!project) return { ok: false, kind: "not_found", detail: `No project has the slug “${slug}”.` };
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

function applyFact(tx: Db, projectId: string, webhookDeliveryId: string, fact: GithubFact): Promise<string> {
  return applyAutomationEvent(tx, {
    projectId,
    source: "github",
    tag: fact.tag,
    matches: (automation) =>
      automation.event === fact.kind &&
      (automation.event !== "workflow_run" || fact.kind !== "workflow_run" || isSameWorkflow(automation.workflow, { path: fact.workflowPath, name: fact.workflowName })),
    succeeded: fact.kind !== "workflow_run" || fact.conclusion === "success",
    what: describeFact(fact),
    conclusion: fact.kind === "workflow_run" ? fact.conclusion : "success",
    url: fact.url,
    deliveryId: webhookDeliveryId,
    actorId: null,
    // The integration is the actor: no person did this.
    record: (event) => recordAuditEvent(tx, Object.assign({}, event, { actorId: null })),
  });
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

