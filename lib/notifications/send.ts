// Notifications out, the worker's part. Nothing here runs inside a person's action:
// - sweepNotifications reads the audit log after the stored cursor, turns the events channels want into
//   NotificationDelivery rows and queue jobs, and advances the cursor, all in one transaction: a worker that
//   dies mid-sweep leaves nothing half done, and a second sweep never sends an event again;
// - deliverNotification sends one delivery (claimed by a conditional update, so a duplicate job is
//   harmless), under the outbound guard and a timeout, and records the outcome: SENT, FAILED with the next
//   attempt (a new job that starts after the backoff), or DEAD after the last attempt.
// The URL's secret part is never logged or stored in clear: errors are shortened and masked (shortError).
import PgBoss from "pg-boss";
import { Webhook } from "standardwebhooks";
import { parseAuditEvent } from "@/lib/audit/events/payloads";
import { auditTypes as t } from "@/lib/audit/events/types";
import { roleLabels } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db-types";
import { runKindLabels } from "@/lib/deploys/format";
import { guardedFetch, OutboundRefusedError, outboundPolicy } from "@/lib/deploys/outbound-guard";
import { NOTIFICATION_QUEUE, sendJobInTransaction } from "@/lib/deploys/queue";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { integrationLabels } from "@/lib/integrations/automation";
import { errorSummary, log } from "@/lib/log";
import { inlineMarkdownToText } from "@/lib/markdown/inline";
import { countNotificationDelivery } from "@/lib/metrics/registry";
import { validSignoff } from "@/lib/releases/facts";
import {
  bodyFor,
  DEFAULT_RETRY_POLICY,
  nextRetryDelayMs,
  SEND_TIMEOUT_MS,
  shortError,
  TEST_EVENT,
  type ChannelKind,
  type NotificationEvent,
  type NotificationMessage,
  type RetryPolicy,
} from "./rules";
import { decryptChannelUrl, decryptSigningSecret } from "./secret";

export interface NotificationConfig {
  db: PrismaClient;
  /** Preflight's address, for links to releases. */
  publicUrl: string;
  /** PREFLIGHT_OUTBOUND_ALLOW. */
  outboundAllow: string;
  retry?: RetryPolicy;
  timeoutMs?: number;
  /** Sends the job of a delivery in the caller's transaction (startAfter: a retry). */
  enqueue: (tx: Db, deliveryId: string, startAfter?: Date) => Promise<void>;
}

export interface NotificationJob {
  deliveryId: string;
}

const SWEEP_BATCH = 200;
// Audit ids are taken at insert but become visible at commit: a gap in the ids may be a transaction that
// has not committed yet. The sweep stops before a gap younger than this, and reads past it once it is
// older (a rolled-back transaction leaves a gap for ever).
const GAP_GRACE_MS = 10_000;
// A PENDING or FAILED delivery this long past its time has lost its job (a database restore, a queue
// dropped on a pg-boss upgrade): the sweep sends it again.
const LOST_JOB_MS = 60_000;

/** Sends a delivery's job with the given pg-boss instance. */
export function enqueueWith(boss: PgBoss) {
  return (tx: Db, deliveryId: string, startAfter?: Date) =>
    sendJobInTransaction(boss, tx, NOTIFICATION_QUEUE, { deliveryId } satisfies NotificationJob, startAfter ? { startAfter } : {});
}

// ------------------------------------------------------------------------------------------------ events

interface AuditRow {
  id: bigint;
  at: Date;
  type: string;
  releaseId: string | null;
  projectId: string | null;
  payload: Prisma.JsonValue;
}

type ReleaseInfo = { id: string; version: string; title: string; projectId: string; project: { slug: string; name: string } };

/** The audit event types that can make a notification: the cases of notificationFor's switch. */
const NOTIFYING_TYPES: ReadonlySet<string> = new Set([
  t.releaseStatusChanged,
  t.signoffStale,
  t.deployStarted,
  t.deploySucceeded,
  t.deployFailed,
  t.deployNeedsDecision,
  t.stepWaiting,
  t.rollbackStarted,
  t.releaseMonitoringEndedOpen,
  t.itemAutomationFailed,
  t.releaseBreakGlassOverdue,
]);

/** The notification an audit event makes, or null when it makes none. Reads what the message names. */
export async function notificationFor(
  db: Db,
  row: AuditRow,
  publicUrl: string,
): Promise<{ event: NotificationEvent; projectId: string; message: NotificationMessage } | null> {
  const parsed = parseAuditEvent(row.type, row.payload);
  if (!parsed.known || !row.releaseId) return null;
  // Most events make no notification (steps starting and ending, ticks, flags…): passed over without reading
  // the release, as the sweep sees every event the worker records.
  if (!NOTIFYING_TYPES.has(parsed.type)) return null;
  if (parsed.type === t.releaseStatusChanged && parsed.payload.to !== "PREPARING") return null;
  const release: ReleaseInfo | null = await db.release.findUnique({
    where: { id: row.releaseId },
    select: { id: true, version: true, title: true, projectId: true, project: { select: { slug: true, name: true } } },
  });
  if (!release) return null;
  const name = `${release.project.name} ${release.version}`;
  const make = (event: NotificationEvent, title: string, text = "") => ({
    event,
    projectId: release.projectId,
    message: {
      event,
      title,
      text,
      project: release.project,
      release: { id: release.id, version: release.version, title: release.title, url: `${publicUrl.replace(/\/$/, "")}/releases/${release.id}` },
      at: row.at.toISOString(),
      auditEventId: row.id.toString(),
    } satisfies NotificationMessage,
  });

  switch (parsed.type) {
    case t.releaseStatusChanged: {
      if (parsed.payload.to !== "PREPARING") return null;
      const missing = await db.signoffRequirement.findMany({
        where: { releaseId: release.id, signoffs: { none: validSignoff } },
        orderBy: { position: "asc" },
        select: { title: true, role: true },
      });
      if (missing.length === 0) return null;
      const roles = [...new Set(missing.map((m) => roleLabels[m.role].toLowerCase()))];
      return make(
        "release_awaiting_signoffs",
        `${name} is waiting for sign-offs from: ${roles.join(", ")}`,
        missing.map((m) => `${inlineMarkdownToText(m.title)} (${roleLabels[m.role].toLowerCase()})`).join("\n"),
      );
    }
    case t.signoffStale:
      return make("signoff_stale", `A sign-off on ${name} went stale: “${inlineMarkdownToText(parsed.payload.requirement)}”`, parsed.payload.reason);
    case t.deployStarted:
      return make("deploy_started", `Deploy of ${name} started`);
    case t.deploySucceeded:
      return make("deploy_succeeded", `${runKindLabels[parsed.payload.kind]} of ${name} succeeded`);
    case t.deployFailed:
      return make("deploy_failed", `${runKindLabels[parsed.payload.kind]} of ${name} failed`, parsed.payload.reason ?? parsed.payload.cause);
    case t.deployNeedsDecision:
      return make("deploy_needs_decision", `A deploy of ${name} needs a decision at ‘${parsed.payload.step}’`, parsed.payload.reason);
    case t.stepWaiting:
      return make("approval_waiting", `‘${parsed.payload.step}’ is waiting for approval (${name})`);
    case t.rollbackStarted:
      return make("rollback_started", `Rollback of ${name} started`, parsed.payload.reason);
    case t.releaseMonitoringEndedOpen:
      return make(
        "monitoring_ended_open",
        `The monitoring window of ${name} ended with ${parsed.payload.openItems} required item${parsed.payload.openItems === 1 ? "" : "s"} open`,
        parsed.payload.items.map(inlineMarkdownToText).join("\n"),
      );
    case t.itemAutomationFailed:
      return make(
        "automation_failed",
        `${integrationLabels[parsed.payload.source]} reported a failure for “${inlineMarkdownToText(parsed.payload.title)}” (${name}); it stays open`,
        parsed.payload.evidenceUrl,
      );
    case t.releaseBreakGlassOverdue: {
      const roles = [...new Set(parsed.payload.missing.map((m) => roleLabels[m.role].toLowerCase()))];
      return make(
        "break_glass_overdue",
        `Sign-offs after the break-glass deploy of ${name} are overdue: ${roles.join(", ")} must sign`,
        parsed.payload.missing.map((m) => `${inlineMarkdownToText(m.requirement)} (${roleLabels[m.role].toLowerCase()})`).join("\n"),
      );
    }
    default:
      return null;
  }
}

// ------------------------------------------------------------------------------------------------ sweep

/**
 * One pass over the audit log: deliveries for the events after the cursor, and jobs for deliveries whose
 * job was lost. Returns how many deliveries it created. On its first run the cursor starts at the newest
 * event: an installation is not told its whole history.
 */
export async function sweepNotifications(config: NotificationConfig): Promise<number> {
  const { db } = config;
  let created = 0;
  for (;;) {
    const batch = await db.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO "NotificationCursor" (id, "lastEventId", "updatedAt")
        SELECT 1, COALESCE(MAX(id), 0), now() FROM "AuditEvent" ON CONFLICT (id) DO NOTHING`;
      // Locked: two workers sweeping at once take turns, and the second starts where the first ended.
      const [cursor] = await tx.$queryRaw<{ lastEventId: bigint; now: Date }[]>`
        SELECT "lastEventId", now() AS now FROM "NotificationCursor" WHERE id = 1 FOR UPDATE`;
      if (!cursor) return { events: 0, created: 0 };
      const rows = await tx.auditEvent.findMany({
        where: { id: { gt: cursor.lastEventId } },
        orderBy: { id: "asc" },
        take: SWEEP_BATCH,
        select: { id: true, at: true, type: true, releaseId: true, projectId: true, payload: true },
      });
      let last = cursor.lastEventId;
      let made = 0;
      for (const row of rows) {
        if (row.id !== last + 1n && cursor.now.getTime() - row.at.getTime() < GAP_GRACE_MS) break;
        made += await deliveriesFor(tx, row, config);
        last = row.id;
      }
      if (last !== cursor.lastEventId) await tx.notificationCursor.update({ where: { id: 1 }, data: { lastEventId: last } });
      return { events: Number(last - cursor.lastEventId), created: made, full: rows.length === SWEEP_BATCH };
    });
    created += batch.created;
    if (!("full" in batch) || !batch.full || batch.events === 0) break;
  }
  await requeueLostDeliveries(config);
  return created;
}

async function deliveriesFor(tx: Db, row: AuditRow, config: NotificationConfig): Promise<number> {
  const notification = await notificationFor(tx, row, config.publicUrl);
  if (!notification) return 0;
  const channels = await tx.notificationChannel.findMany({
    where: { projectId: notification.projectId, disabled: false, events: { has: notification.event } },
    select: { id: true, kind: true },
  });
  for (const channel of channels) {
    const delivery = await tx.notificationDelivery.create({
      data: {
        channelId: channel.id,
        event: notification.event,
        auditEventId: row.id,
        payload: bodyFor(channel.kind, notification.message) as Prisma.InputJsonValue,
      },
      select: { id: true },
    });
    await config.enqueue(tx, delivery.id);
  }
  return channels.length;
}

async function requeueLostDeliveries(config: NotificationConfig): Promise<void> {
  const lost = await config.db.notificationDelivery.findMany({
    where: { status: { in: ["PENDING", "FAILED"] }, nextAttemptAt: { lt: new Date(Date.now() - LOST_JOB_MS) } },
    select: { id: true },
    take: 100,
  });
  for (const { id } of lost) {
    await config.db.$transaction(async (tx) => {
      await tx.notificationDelivery.update({ where: { id }, data: { nextAttemptAt: new Date() } });
      await config.enqueue(tx, id);
    });
  }
}

// ------------------------------------------------------------------------------------------------ send

/** The message of a "Send test message" delivery. */
export function testMessage(project: { slug: string; name: string }, at: Date): NotificationMessage {
  return {
    event: TEST_EVENT,
    title: `Test message from Preflight for ${project.name}`,
    text: "If you can read this, the channel works.",
    project,
    release: null,
    at: at.toISOString(),
    auditEventId: null,
  };
}

export type DeliveryOutcome = "sent" | "retry" | "dead" | "skipped";

/**
 * Sends one delivery, if it is due and not done. The claim (attempts + 1, and a lease on nextAttemptAt
 * longer than the timeout) is a conditional update: a second job for the same delivery finds nothing to do.
 */
export async function deliverNotification(deliveryId: string, config: NotificationConfig): Promise<DeliveryOutcome> {
  const { db } = config;
  const retry = config.retry ?? DEFAULT_RETRY_POLICY;
  const timeoutMs = config.timeoutMs ?? SEND_TIMEOUT_MS;
  const claimed = await db.$queryRaw<{ attempts: number }[]>`
    UPDATE "NotificationDelivery" SET attempts = attempts + 1,
      "nextAttemptAt" = now() + make_interval(secs => ${(timeoutMs + 30_000) / 1000})
    WHERE id = ${deliveryId} AND status IN ('PENDING', 'FAILED') AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= now() + interval '1 second')
    RETURNING attempts`;
  const attempts = claimed[0]?.attempts;
  if (attempts === undefined) return "skipped";
  const delivery = await db.notificationDelivery.findUniqueOrThrow({
    where: { id: deliveryId },
    select: { id: true, event: true, payload: true, channel: { select: { id: true, projectId: true, kind: true, url: true, signingSecret: true, disabled: true } } },
  });
  const { channel } = delivery;
  if (channel.disabled && delivery.event !== TEST_EVENT) {
    await db.notificationDelivery.update({ where: { id: deliveryId }, data: { status: "DEAD", lastError: "The channel was turned off", nextAttemptAt: null } });
    return "dead";
  }

  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const url = decryptChannelUrl(channel.projectId, channel.url);
    const body = JSON.stringify(delivery.payload);
    const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Preflight-Notifications" };
    if (channel.kind === "WEBHOOK") {
      if (!channel.signingSecret) throw new Error("The channel has no signing secret");
      const now = new Date();
      // The delivery's id is the message id: the same across retries, so a consumer can drop repeats.
      headers["webhook-id"] = delivery.id;
      headers["webhook-timestamp"] = Math.floor(now.getTime() / 1000).toString();
      headers["webhook-signature"] = new Webhook(decryptSigningSecret(channel.projectId, channel.signingSecret)).sign(delivery.id, now, body);
    }
    const response = await guardedFetch(
      url,
      { method: "POST", headers, body, signal: AbortSignal.timeout(timeoutMs), maxBodyBytes: 1024, maxRedirects: 0 },
      outboundPolicy(config.publicUrl, config.outboundAllow),
    );
    statusCode = response.status;
    if (response.status < 200 || response.status >= 300) error = `HTTP ${response.status}${response.body ? `: ${response.body}` : ""}`;
  } catch (thrown) {
    if (thrown instanceof Error && thrown.name === "TimeoutError") error = `No answer within ${timeoutMs / 1000} s`;
    // maxRedirects 0: a receiver that redirects is misconfigured (Slack never does), and following it could
    // carry the signed body elsewhere.
    else if (thrown instanceof OutboundRefusedError && /redirects/.test(thrown.message)) error = "The URL answered with a redirect: notifications do not follow redirects";
    else error = shortError(thrown);
  }

  const kind: ChannelKind = channel.kind;
  if (error === null) {
    await db.notificationDelivery.update({
      where: { id: deliveryId },
      data: { status: "SENT", lastStatusCode: statusCode, lastError: null, sentAt: new Date(), nextAttemptAt: null },
    });
    countNotificationDelivery(kind, "sent");
    return "sent";
  }
  const delay = nextRetryDelayMs(attempts, retry);
  const lastError = shortError(error);
  if (delay === null) {
    await db.notificationDelivery.update({ where: { id: deliveryId }, data: { status: "DEAD", lastStatusCode: statusCode, lastError, nextAttemptAt: null } });
    countNotificationDelivery(kind, "dead");
    log.warn({ deliveryId, channelId: channel.id, attempts, error: lastError }, "notification gave up");
    return "dead";
  }
  const next = new Date(Date.now() + delay);
  await db.$transaction(async (tx) => {
    await tx.notificationDelivery.update({ where: { id: deliveryId }, data: { status: "FAILED", lastStatusCode: statusCode, lastError, nextAttemptAt: next } });
    await config.enqueue(tx, deliveryId, next);
  });
  countNotificationDelivery(kind, "retry");
  return "retry";
}

/** Works the notification queue with `boss` (the worker; tests start their own). Returns the worker id. */
export async function workNotifications(boss: PgBoss, config: NotificationConfig): Promise<string> {
  return boss.work<NotificationJob>(NOTIFICATION_QUEUE, { batchSize: 4, pollingIntervalSeconds: 1 }, async (jobs) => {
    await Promise.all(
      jobs.map((job) =>
        deliverNotification(job.data.deliveryId, config).catch((error: unknown) => {
          log.error({ deliveryId: job.data.deliveryId, error: errorSummary(error) }, "notification delivery failed");
        }),
      ),
    );
  });
}
