"use server";
// Admin actions for a project's notification channels. Nothing here sends: a test message is a delivery
// row and a queue job, sent by the worker like any other. Audit payloads name the channel, never its URL
// or signing secret.
import { ActionError, defineAction } from "@/lib/actions/define-action";
import { auditTypes } from "@/lib/audit/events/types";
import { checkOutboundUrl, OutboundRefusedError, outboundPolicy, type OutboundPolicy } from "@/lib/deploys/outbound-guard";
import { enqueueNotificationFromWeb } from "@/lib/deploys/queue";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { SecretsKeyError } from "@/lib/secrets/crypto";
import { bodyFor, CHANNEL_LIMITS, maskUrl } from "./rules";
import { channelRefSchema, createChannelSchema, setChannelDisabledSchema } from "./schemas";
import { encryptChannelUrl, encryptSigningSecret, newSigningSecret } from "./secret";
import { testMessage } from "./send";
import { setupCardAction } from "@/lib/projects/setup";

function policy(): OutboundPolicy {
  try {
    return outboundPolicy(getEnv().NEXTAUTH_URL, getEnv().PREFLIGHT_OUTBOUND_ALLOW);
  } catch (error) {
    throw new ActionError("invalid", error instanceof Error ? error.message : String(error));
  }
}

/** Adds a channel. A webhook channel's signing secret is in the result, once. */
export const createNotificationChannelAction = defineAction({
  name: "createNotificationChannel",
  ...setupCardAction,
  input: createChannelSchema,
  async run({ tx, input, actor, audit }) {
    const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true, _count: { select: { notificationChannels: true } } } });
    if (!project) throw new ActionError("not_found", "That project does not exist (any more).");
    if (project._count.notificationChannels >= CHANNEL_LIMITS.channelsPerProject) {
      throw new ActionError("invalid", `A project has at most ${CHANNEL_LIMITS.channelsPerProject} notification channels: delete one first.`);
    }
    try {
      await checkOutboundUrl(input.url, policy());
    } catch (error) {
      if (error instanceof OutboundRefusedError) throw new ActionError("invalid", "Check the highlighted fields.", { url: [error.message] });
      throw error;
    }
    const signingSecret = input.kind === "WEBHOOK" ? newSigningSecret() : null;
    let stored: { url: string; signingSecret: string | null };
    try {
      stored = { url: encryptChannelUrl(project.id, input.url), signingSecret: signingSecret ? encryptSigningSecret(project.id, signingSecret) : null };
    } catch (error) {
      if (error instanceof SecretsKeyError) throw new ActionError("invalid", `The channel cannot be stored: ${error.message}.`);
      throw error;
    }
    const events = [...new Set(input.events)];
    const channel = await tx.notificationChannel.create({
      data: { projectId: project.id, kind: input.kind, name: input.name, url: stored.url, urlHint: maskUrl(input.url), signingSecret: stored.signingSecret, events, createdById: actor.id },
      select: { id: true, name: true, kind: true },
    });
    await audit({ type: auditTypes.notificationChannelCreated, projectId: project.id, payload: { channelId: channel.id, name: channel.name, kind: channel.kind, events } });
    return { channelId: channel.id, signingSecret };
  },
});

async function findChannel(tx: Prisma.TransactionClient, channelId: string) {
  const channel = await tx.notificationChannel.findUnique({
    where: { id: channelId },
    select: { id: true, name: true, kind: true, disabled: true, projectId: true, project: { select: { slug: true, name: true } } },
  });
  if (!channel) throw new ActionError("not_found", "That channel does not exist (any more).");
  return channel;
}

export const setNotificationChannelDisabledAction = defineAction({
  name: "setNotificationChannelDisabled",
  ...setupCardAction,
  input: setChannelDisabledSchema,
  async run({ tx, input, audit }) {
    const channel = await findChannel(tx, input.channelId);
    await tx.notificationChannel.update({ where: { id: channel.id }, data: { disabled: input.disabled } });
    await audit({
      type: input.disabled ? auditTypes.notificationChannelDisabled : auditTypes.notificationChannelEnabled,
      projectId: channel.projectId,
      payload: { channelId: channel.id, name: channel.name, kind: channel.kind },
    });
    return { disabled: input.disabled };
  },
});

export const deleteNotificationChannelAction = defineAction({
  name: "deleteNotificationChannel",
  ...setupCardAction,
  input: channelRefSchema,
  async run({ tx, input, audit }) {
    const channel = await findChannel(tx, input.channelId);
    await tx.notificationChannel.delete({ where: { id: channel.id } });
    await audit({ type: auditTypes.notificationChannelDeleted, projectId: channel.projectId, payload: { channelId: channel.id, name: channel.name, kind: channel.kind } });
    return { deleted: true };
  },
});

/** Queues a test message: the worker sends it through the same path as any notification. */
export const sendTestNotificationAction = defineAction({
  name: "sendTestNotification",
  ...setupCardAction,
  input: channelRefSchema,
  async run({ tx, input, audit }) {
    const channel = await findChannel(tx, input.channelId);
    if (channel.disabled) throw new ActionError("invalid", "The channel is turned off: turn it on to send a test message.");
    const delivery = await tx.notificationDelivery.create({
      data: { channelId: channel.id, event: "test", payload: bodyFor(channel.kind, testMessage(channel.project, new Date())) as Prisma.InputJsonValue },
      select: { id: true },
    });
    await enqueueNotificationFromWeb(tx, delivery.id);
    await audit({ type: auditTypes.notificationTestRequested, projectId: channel.projectId, payload: { channelId: channel.id, name: channel.name, kind: channel.kind, deliveryId: delivery.id } });
    return { deliveryId: delivery.id };
  },
});
