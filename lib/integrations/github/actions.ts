"use server";
// Admin actions of the GitHub integration: the project's webhook secret, and replaying a logged delivery.
import { z } from "zod";
import { ActionError, defineAction } from "@/lib/actions/define-action";
import { auditTypes } from "@/lib/audit/events/types";
import { SecretsKeyError } from "@/lib/secrets/crypto";
import { applyGithubEvent } from "./deliveries";
import { encryptWebhookSecret, newWebhookSecret } from "./secret";
import { githubWebhookUrl } from "./url";
import { setupCardAction } from "@/lib/projects/setup";

const id = (what: string) => z.string({ error: `Missing ${what}` }).min(1, `Missing ${what}`).max(64, `Unknown ${what}`);

/** Makes (or replaces) the project's webhook secret. The secret is in the result, once: GitHub needs it pasted. */
export const setGithubWebhookSecretAction = defineAction({
  name: "setGithubWebhookSecret",
  ...setupCardAction,
  input: z.object({ projectId: id("project") }),
  async run({ tx, input, audit }) {
    const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true, slug: true, githubWebhookSecret: true } });
    if (!project) throw new ActionError("not_found", "That project does not exist (any more).");
    const secret = newWebhookSecret();
    let stored: string;
    try {
      stored = encryptWebhookSecret(project.id, secret);
    } catch (error) {
      if (error instanceof SecretsKeyError) throw new ActionError("invalid", `The webhook secret cannot be stored: ${error.message}.`);
      throw error;
    }
    await tx.project.update({ where: { id: project.id }, data: { githubWebhookSecret: stored } });
    await audit({ type: auditTypes.webhookSecretSet, projectId: project.id, payload: { source: "github", project: project.slug, replaced: project.githubWebhookSecret !== null } });
    return { secret, url: githubWebhookUrl(project.slug) };
  },
});

/** Applies a logged delivery again (after fixing a template binding, say); audited, never for an unverified one. */
export const replayWebhookDeliveryAction = defineAction({
  name: "replayWebhookDelivery",
  permission: "token.manage",
  input: z.object({ deliveryId: id("delivery") }),
  revalidate: ["/admin/webhooks"],
  async run({ tx, input, audit }) {
    const delivery = await tx.webhookDelivery.findUnique({
      where: { id: input.deliveryId },
      select: { id: true, source: true, deliveryId: true, projectId: true, event: true, payload: true, signatureValid: true },
    });
    if (!delivery) throw new ActionError("not_found", "That delivery is not in the log (any more).");
    if (!delivery.signatureValid) throw new ActionError("invalid", "This delivery's signature did not verify: it was never applied and cannot be replayed.");
    if (delivery.source !== "github" || !delivery.projectId) throw new ActionError("invalid", "Only GitHub deliveries to a project can be replayed.");
    // Locked, so that two admins replaying at once apply it one after the other (the second finds items done).
    await tx.$queryRaw`SELECT id FROM "WebhookDelivery" WHERE id = ${delivery.id} FOR UPDATE`;
    const outcome = await applyGithubEvent(tx, delivery.projectId, delivery.id, delivery.event, delivery.payload);
    await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { outcome: `Replayed: ${outcome}`, processedAt: new Date(), replayCount: { increment: 1 } } });
    await audit({
      type: auditTypes.webhookReplayed,
      projectId: delivery.projectId,
      payload: { source: "github", webhookDeliveryId: delivery.id, deliveryId: delivery.deliveryId, event: delivery.event, outcome },
    });
    return { outcome };
  },
});
