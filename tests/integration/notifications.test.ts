// Notifications out, end to end with real parts: channels made by the admin actions, audit events read by
// the worker's sweep after its cursor, jobs on the real pg-boss queue worked by the real handler, and HTTP
// receivers on loopback standing in for Slack and for a webhook consumer that verifies the Standard Webhooks
// signature with the `standardwebhooks` package.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type PgBoss from "pg-boss";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { actionDefinition, executeAction, type ServerAction } from "@/lib/actions/define-action";
import { auditTypes } from "@/lib/audit/events/types";
import { recordAuditEvent, type AuditEventDraft } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/session";
import { closeFinishedMonitoring } from "@/lib/deploys/monitoring";
import { closeQueueSender, createBoss, ensureDeployQueue } from "@/lib/deploys/queue";
import {
  createNotificationChannelAction,
  deleteNotificationChannelAction,
  sendTestNotificationAction,
  setNotificationChannelDisabledAction,
} from "@/lib/notifications/actions";
import type { NotificationEvent } from "@/lib/notifications/rules";
import { enqueueWith, sweepNotifications, workNotifications, type NotificationConfig } from "@/lib/notifications/send";
import { dataOf } from "../support/action-result";
import { waitFor } from "../support/deploys";
import { createDemoDatabase, createFixtureRelease } from "../support/releases";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

process.env.PREFLIGHT_SECRETS_KEY = randomBytes(32).toString("hex");
process.env.PREFLIGHT_OUTBOUND_ALLOW = "127.0.0.1";
process.env.NEXTAUTH_URL = "https://preflight.example.com";
const { prisma, f } = await createDemoDatabase();
const run = <T>(action: ServerAction<T>, input: unknown, actor: CurrentUser = f.users.admin) => executeAction(action[actionDefinition]!, input, actor);

const BASE_DELAY_MS = 150;
const MAX_ATTEMPTS = 4;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A loopback receiver answering each request with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[] = [200]) {
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      res.statusCode = statuses[Math.min(requests.length - 1, statuses.length - 1)]!;
      res.end(res.statusCode === 200 ? "ok" : "boom");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { requests, server, base };
}

let boss: PgBoss;
let config: NotificationConfig;
const servers: Server[] = [];

beforeAll(async () => {
  boss = createBoss(process.env.DATABASE_URL!, "worker");
  await boss.start();
  await ensureDeployQueue(boss);
  config = {
    db: prisma,
    publicUrl: "https://preflight.example.com",
    outboundAllow: "127.0.0.1",
    retry: { baseDelayMs: BASE_DELAY_MS, maxAttempts: MAX_ATTEMPTS },
    timeoutMs: 2_000,
    enqueue: enqueueWith(boss),
  };
  await workNotifications(boss, config);
  // The first sweep places the cursor at the newest event: the demo's history is not sent.
  await sweepNotifications(config);
});

afterAll(async () => {
  await boss.stop({ graceful: false, close: true });
  await closeQueueSender();
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

async function channel(kind: "SLACK" | "WEBHOOK", name: string, url: string, events: NotificationEvent[]) {
  return dataOf(await run(createNotificationChannelAction, { projectId: f.projectId, kind, name, url, events }));
}

async function record(event: AuditEventDraft) {
  await recordAuditEvent(prisma, { ...event, projectId: f.projectId, releaseId: f.preparingId, actorId: null });
}

const deployFailed: AuditEventDraft = {
  type: auditTypes.deployFailed,
  payload: { runId: "run-1", kind: "DEPLOY", cause: "A step failed", reason: "‘migrate’ exited with code 1" },
};

const deliveriesOf = (channelId: string) => prisma.notificationDelivery.findMany({ where: { channelId }, orderBy: { createdAt: "asc" } });

describe("notifications out", () => {
  it("sends an event to the subscribed channels only: Slack as Block Kit with the release link, the webhook signed per Standard Webhooks", async () => {
    const slack = await receiver();
    const consumer = await receiver();
    const other = await receiver();
    servers.push(slack.server, consumer.server, other.server);
    const slackChannel = await channel("SLACK", "#releases", `${slack.base}/services/T000/B000/slacksecretpart`, ["deploy_failed", "release_awaiting_signoffs"]);
    const hook = await channel("WEBHOOK", "Ops consumer", `${consumer.base}/hooks/preflight?token=abc`, ["deploy_failed"]);
    const unsubscribed = await channel("SLACK", "#approvals", `${other.base}/services/T1/B1/x`, ["approval_waiting"]);
    expect(slackChannel.signingSecret).toBeNull();
    expect(hook.signingSecret).toMatch(/^whsec_/);

    await record(deployFailed);
    expect(await sweepNotifications(config)).toBe(2);
    await waitFor(async () => slack.requests.length === 1 && consumer.requests.length === 1, "both receivers");
    await waitFor(async () => (await deliveriesOf(hook.channelId))[0]?.status === "SENT", "the webhook delivery SENT");

    const slackBody = JSON.parse(slack.requests[0]!.body) as { text: string; blocks: { type: string; text?: { text: string }; elements?: { url?: string }[] }[] };
    expect(slack.requests[0]!.path).toBe("/services/T000/B000/slacksecretpart");
    expect(slackBody.blocks[0]).toMatchObject({ type: "section", text: { type: "mrkdwn" } });
    const project = await prisma.project.findUniqueOrThrow({ where: { id: f.projectId } });
    expect(slackBody.blocks[0]!.text!.text).toContain(`*Deploy of ${project.name} 0.5.0 failed*`);
    const releaseUrl = `https://preflight.example.com/releases/${f.preparingId}`;
    expect(slackBody.blocks[0]!.text!.text).toContain(`<${releaseUrl}|`);
    expect(slackBody.blocks.find((b) => b.type === "actions")?.elements?.[0]?.url).toBe(releaseUrl);
    expect(slackBody.text).toContain("failed");

    const received = consumer.requests[0]!;
    const headers = { "webhook-id": String(received.headers["webhook-id"]), "webhook-timestamp": String(received.headers["webhook-timestamp"]), "webhook-signature": String(received.headers["webhook-signature"]) };
    const verified = new Webhook(hook.signingSecret!).verify(received.body, headers) as { type: string; data: { release: { url: string } } };
    expect(verified.type).toBe("preflight.deploy_failed");
    expect(verified.data.release.url).toBe(releaseUrl);
    // A body changed on the way, or another secret, does not verify.
    expect(() => new Webhook(hook.signingSecret!).verify(received.body.replace("failed", "passed"), headers)).toThrow();
    expect(() => new Webhook(`whsec_${randomBytes(32).toString("base64")}`).verify(received.body, headers)).toThrow();

    expect(other.requests).toHaveLength(0);
    expect(await deliveriesOf(unsubscribed.channelId)).toHaveLength(0);
    const [sent] = await deliveriesOf(slackChannel.channelId);
    expect(sent).toMatchObject({ status: "SENT", attempts: 1, lastStatusCode: 200, event: "deploy_failed" });

    // The cursor moved in the same transaction: a second sweep sends nothing again.
    expect(await sweepNotifications(config)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(slack.requests).toHaveLength(1);
    expect(consumer.requests).toHaveLength(1);
    expect(await prisma.notificationDelivery.count({ where: { channelId: { in: [slackChannel.channelId, hook.channelId] } } })).toBe(2);

    // Neither the URL nor the secret is stored in clear or written to the audit log.
    const stored = await prisma.notificationChannel.findUniqueOrThrow({ where: { id: hook.channelId } });
    expect(stored.url).toMatch(/^v1:/);
    expect(stored.url).not.toContain("token=abc");
    expect(stored.signingSecret).not.toContain(hook.signingSecret!.slice(6));
    expect(stored.urlHint).toBe(`${consumer.base}/hooks/…`);
    const audit = await prisma.auditEvent.findMany({ where: { type: { startsWith: "notification." } } });
    expect(audit.length).toBeGreaterThanOrEqual(3);
    for (const event of audit) {
      const text = JSON.stringify(event.payload);
      expect(text).not.toContain("127.0.0.1");
      expect(text).not.toContain("whsec_");
    }
  });

  it("names the roles still missing when a release waits for sign-offs", async () => {
    const slack = await receiver();
    servers.push(slack.server);
    await channel("SLACK", "#signoffs", `${slack.base}/services/T2/B2/y`, ["release_awaiting_signoffs"]);
    await record({ type: auditTypes.releaseStatusChanged, payload: { from: "DRAFT", to: "PREPARING" } });
    await sweepNotifications(config);
    await waitFor(async () => slack.requests.length === 1, "the Slack message");
    const body = JSON.parse(slack.requests[0]!.body) as { text: string };
    expect(body.text).toMatch(/waiting for sign-offs from: .*(engineering lead|release manager|admin)/);
  });

  it("tells that an automated item's check failed (a GitHub workflow run), with the run's link", async () => {
    const slack = await receiver();
    servers.push(slack.server);
    await channel("SLACK", "#ci", `${slack.base}/services/T3/B3/z`, ["automation_failed"]);
    await record({
      type: auditTypes.itemAutomationFailed,
      payload: {
        itemId: "i1",
        title: "Tests passing in CI",
        phase: "PRE_RELEASE",
        source: "github",
        deliveryId: "d1",
        evidenceUrl: "https://github.com/acme/gateway/actions/runs/9",
        note: "GitHub: workflow ci.yml concluded “failure”: https://github.com/acme/gateway/actions/runs/9",
      },
    });
    await sweepNotifications(config);
    await waitFor(async () => slack.requests.length === 1, "the Slack message");
    const body = JSON.parse(slack.requests[0]!.body) as { text: string };
    expect(body.text).toContain("GitHub reported a failure for “Tests passing in CI”");
    expect(slack.requests[0]!.body).toContain("https://github.com/acme/gateway/actions/runs/9");
  });

  it("tells once that a monitoring window ended with required items still open, naming them", async () => {
    const slack = await receiver();
    servers.push(slack.server);
    await channel("SLACK", "#monitoring", `${slack.base}/services/T7/B7/u`, ["monitoring_ended_open"]);
    const releaseId = await createFixtureRelease(prisma, f, { status: "MONITORING" });
    await prisma.release.update({ where: { id: releaseId }, data: { monitoringAt: new Date(Date.now() - 25 * 3600_000), monitoringWindowHours: 24 } });
    await prisma.releaseItem.updateMany({ where: { releaseId, phase: { in: ["PRE_RELEASE", "RELEASE_DAY"] } }, data: { state: "DONE" } });
    const open = await prisma.releaseItem.findMany({ where: { releaseId, phase: "POST_RELEASE", required: true }, orderBy: { position: "asc" } });
    expect(open.length).toBeGreaterThan(0);

    expect(await closeFinishedMonitoring(prisma)).toEqual([]);
    expect(await closeFinishedMonitoring(prisma)).toEqual([]);
    const noted = await prisma.auditEvent.findMany({ where: { releaseId, type: auditTypes.releaseMonitoringEndedOpen } });
    expect(noted).toHaveLength(1);
    expect(noted[0]!.payload).toMatchObject({ openItems: open.length });

    await sweepNotifications(config);
    await waitFor(async () => slack.requests.length === 1, "the Slack message");
    const body = JSON.parse(slack.requests[0]!.body) as { text: string; blocks: { text?: { text: string } }[] };
    expect(body.text).toContain(`ended with ${open.length} required item`);
    expect(body.blocks[1]!.text!.text).toContain(open[0]!.title.replace(/[*_`]/g, "").slice(0, 10));
  });

  it("retries a failing receiver with exponential backoff: failing twice then answering makes it SENT after 3 attempts", async () => {
    const flaky = await receiver([500, 503, 200]);
    servers.push(flaky.server);
    const hook = await channel("WEBHOOK", "Flaky", `${flaky.base}/hook`, ["rollback_started"]);
    await record({ type: auditTypes.rollbackStarted, payload: { runId: "run-2", reason: "Errors up", flagsDisabledFirst: [] } });
    await sweepNotifications(config);
    const [delivery] = await waitFor(async () => {
      const rows = await deliveriesOf(hook.channelId);
      return rows[0]?.status === "SENT" ? rows : undefined;
    }, "the delivery SENT");
    expect(delivery).toMatchObject({ status: "SENT", attempts: 3, lastStatusCode: 200, lastError: null });
    expect(flaky.requests).toHaveLength(3);
    // 150 ms, then 300 ms.
    expect(flaky.requests[1]!.at - flaky.requests[0]!.at).toBeGreaterThanOrEqual(BASE_DELAY_MS - 20);
    expect(flaky.requests[2]!.at - flaky.requests[1]!.at).toBeGreaterThanOrEqual(2 * BASE_DELAY_MS - 20);
    // Every attempt carries the same message id, so a consumer can drop repeats.
    expect(new Set(flaky.requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set([delivery!.id]));
  });

  it("gives up after the last attempt: DEAD, with the response code and a short error without the URL", async () => {
    const down = await receiver([500]);
    servers.push(down.server);
    const slack = await channel("SLACK", "Down", `${down.base}/services/T3/B3/topsecretpath`, ["deploy_needs_decision"]);
    await record({ type: auditTypes.deployNeedsDecision, payload: { runId: "run-3", stepId: "s1", step: "migrate", reason: "The worker died mid-step" } });
    await sweepNotifications(config);
    const [delivery] = await waitFor(async () => {
      const rows = await deliveriesOf(slack.channelId);
      return rows[0]?.status === "DEAD" ? rows : undefined;
    }, "the delivery DEAD");
    expect(delivery).toMatchObject({ status: "DEAD", attempts: MAX_ATTEMPTS, lastStatusCode: 500, nextAttemptAt: null });
    expect(delivery!.lastError).toContain("HTTP 500");
    expect(delivery!.lastError).not.toContain("topsecretpath");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(down.requests).toHaveLength(MAX_ATTEMPTS);
  });

  it("sends a test message through the queue when asked, and refuses one for a channel that is off", async () => {
    const slack = await receiver();
    servers.push(slack.server);
    const created = await channel("SLACK", "#test", `${slack.base}/services/T4/B4/z`, ["deploy_started"]);
    const { deliveryId } = dataOf(await run(sendTestNotificationAction, { channelId: created.channelId }));
    await waitFor(async () => (await prisma.notificationDelivery.findUnique({ where: { id: deliveryId } }))?.status === "SENT", "the test message SENT");
    expect(JSON.parse(slack.requests[0]!.body)).toMatchObject({ text: expect.stringContaining("Test message from Preflight") });

    dataOf(await run(setNotificationChannelDisabledAction, { channelId: created.channelId, disabled: true }));
    expect(await run(sendTestNotificationAction, { channelId: created.channelId })).toMatchObject({ ok: false, code: "invalid", message: expect.stringContaining("turned off") });
  });

  it("sends nothing to a disabled channel", async () => {
    const slack = await receiver();
    servers.push(slack.server);
    const created = await channel("SLACK", "#off", `${slack.base}/services/T5/B5/w`, ["deploy_started"]);
    dataOf(await run(setNotificationChannelDisabledAction, { channelId: created.channelId, disabled: true }));
    await record({ type: auditTypes.deployStarted, payload: { runId: "run-4", pipelineVersion: 1 } });
    await sweepNotifications(config);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await deliveriesOf(created.channelId)).toHaveLength(0);
    expect(slack.requests).toHaveLength(0);

    dataOf(await run(setNotificationChannelDisabledAction, { channelId: created.channelId, disabled: false }));
    await record({ type: auditTypes.deployStarted, payload: { runId: "run-5", pipelineVersion: 1 } });
    await sweepNotifications(config);
    await waitFor(async () => slack.requests.length === 1, "the message once the channel is on again");
  });

  it("refuses at save time a URL the outbound guard refuses, and writes nothing", async () => {
    const before = { channels: await prisma.notificationChannel.count(), events: await prisma.auditEvent.count() };
    const result = await run(createNotificationChannelAction, {
      projectId: f.projectId,
      kind: "WEBHOOK",
      name: "Metadata",
      url: "http://169.254.169.254/latest/meta-data",
      events: ["deploy_failed"],
    });
    expect(result).toMatchObject({ ok: false, code: "invalid", fieldErrors: { url: [expect.stringContaining("link-local address")] } });
    expect(await run(createNotificationChannelAction, { projectId: f.projectId, kind: "SLACK", name: "", url: "ftp://x", events: [] })).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { name: ["Name the channel"], url: ["Enter an http(s) URL"], events: ["Choose at least one event"] },
    });
    expect({ channels: await prisma.notificationChannel.count(), events: await prisma.auditEvent.count() }).toEqual(before);
  });

  it("refuses the channel actions to a release manager, and deletes a channel with its log", async () => {
    const slack = await receiver();
    servers.push(slack.server);
    const created = await channel("SLACK", "#gone", `${slack.base}/services/T6/B6/v`, ["deploy_started"]);
    expect(await run(deleteNotificationChannelAction, { channelId: created.channelId }, f.users.manager)).toMatchObject({ ok: false, code: "forbidden" });
    dataOf(await run(deleteNotificationChannelAction, { channelId: created.channelId }));
    expect(await prisma.notificationChannel.findUnique({ where: { id: created.channelId } })).toBeNull();
  });
});
