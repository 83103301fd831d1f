// Live updates end to end: a change made by one user shows up in another user's open page without a reload,
// a dropped connection catches up from the audit log, and a second web process relays the same events.
// The tests deploy the demo's 0.5.0 (made ready by SQL) and tick a few of its items; afterwards everything is
// put back as the seed left it (other specs expect 0.5.0 preparing, 6 of 45 items done, the flag off).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { expect, test } from "./support/test";
import { type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import PgBoss from "pg-boss";
import { e2eDatabaseUrl, query } from "./support/database";
import { demo, signIn } from "./support/sign-in";

test.describe.configure({ mode: "serial" });

// ---------------------------------------------------------------------------------------------- helpers

interface ManifestEntry {
  exportedName?: string;
  workers?: Record<string, unknown>;
}

/** A server action's id and a page that hosts it, from the build's server-reference manifest. */
function findAction(name: string): { id: string; page: string } | null {
  const manifest = JSON.parse(readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, ManifestEntry>;
  };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === name);
  if (!found) return null;
  const [id, entry] = found;
  return { id, page: Object.keys(entry.workers ?? {})[0] ?? "app/page" };
}

/** "app/releases/[id]/page" → "/releases/<id>", filling dynamic segments from `params` (by segment name). */
function pagePath(page: string, params: Record<string, string>): string {
  const segments = page
    .replace(/^app\/?/, "")
    .replace(/\/?page$/, "")
    .split("/")
    .filter((segment) => segment && !/^\(.*\)$/.test(segment))
    .map((segment) => segment.replace(/^\[(.+)\]$/, (_, key: string) => params[key] ?? segment));
  return `/${segments.join("/")}`;
}

/** Calls a server action the way the browser does (Next-Action header), as the request's signed-in user. */
async function callAction(request: APIRequestContext, name: string, input: unknown, params: Record<string, string> = {}) {
  const action = findAction(name);
  expect(action, `${name} is in the server-reference manifest (run next build)`).toBeTruthy();
  const response = await request.post(pagePath(action!.page, params), {
    headers: { "Next-Action": action!.id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
    data: JSON.stringify([input]),
  });
  const text = await response.text();
  expect(response.status(), text).toBe(200);
  // The flight response's lines are "<row>:<json>"; the action's result is the one with "ok".
  const result = text
    .split("\n")
    .map((line) => line.slice(line.indexOf(":") + 1))
    .flatMap((json) => {
      try {
        const value = JSON.parse(json) as unknown;
        return value && typeof value === "object" && "ok" in value ? [value as { ok: boolean; data?: Record<string, unknown>; message?: string }] : [];
      } catch {
        return [];
      }
    })[0];
  expect(result, `result of ${name}: ${text.slice(0, 500)}`).toMatchObject({ ok: true });
  return result!.data ?? {};
}

interface SourceMessage {
  requestId: string;
  eventName: string;
  eventId: string;
  data: string;
  at: number;
}

/** Records what the page's EventSources receive (Chrome DevTools Protocol), to see replayed events arrive. */
async function watchEventSources(page: Page) {
  const messages: SourceMessage[] = [];
  const session = await page.context().newCDPSession(page);
  session.on("Network.eventSourceMessageReceived", (event) => messages.push({ ...event, at: Date.now() }));
  await session.send("Network.enable");
  const audits = () =>
    messages
      .filter((m) => m.eventName === "audit")
      .map((m) => ({ ...(JSON.parse(m.data) as { type: string; itemId: string | null; releaseId: string | null }), id: m.eventId, at: m.at }));
  return { messages, audits };
}

async function newSignedInContext(browser: Browser, baseURL: string, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

function strip(page: Page): Locator {
  return page.getByRole("region", { name: "Deploying now" });
}

async function demoRelease() {
  const [release] = await query<{ id: string; projectId: string; status: string }>(
    `SELECT r.id, r."projectId", r.status::text AS status FROM "Release" r JOIN "Project" p ON p.id = r."projectId" WHERE p.slug = 'gateway' AND r.version = '0.5.0'`,
  );
  return release!;
}

async function userId(email: string) {
  const [user] = await query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [email]);
  return user!.id;
}

/** What the tests changed, to put back afterwards (the audit log, append-only, keeps what happened). */
const changed = { releaseId: null as string | null, itemIds: [] as string[], startedAt: new Date() };

async function restoreDemo() {
  if (!changed.releaseId) return;
  await query(`DELETE FROM "DeployRun" WHERE "releaseId" = $1`, [changed.releaseId]);
  await query(`DELETE FROM "Signoff" WHERE "releaseId" = $1 AND id LIKE 'e2e-live-%'`, [changed.releaseId]);
  // Release-day items the deploy ticked go back to open, as seeded.
  await query(
    `UPDATE "ReleaseItem" SET state = 'OPEN', "tickedById" = NULL, "tickedAt" = NULL, "tickedByRunId" = NULL, "evidenceUrl" = NULL, note = NULL, "rowVersion" = 1
     WHERE "releaseId" = $1 AND "tickedByRunId" IS NOT NULL`,
    [changed.releaseId],
  );
  await query(`UPDATE "ReleaseItem" SET state = 'OPEN', "tickedById" = NULL, "tickedAt" = NULL WHERE id = ANY($1::text[])`, [changed.itemIds]);
  await query(
    `UPDATE "Release" SET status = 'PREPARING', "readyAt" = NULL, "deployingAt" = NULL, "monitoringAt" = NULL, "failedAt" = NULL,
     "rollingBackAt" = NULL, "deployPipelineId" = NULL, "rollbackPipelineId" = NULL WHERE id = $1`,
    [changed.releaseId],
  );
  await query(
    `DELETE FROM "FlagChange" WHERE at >= $1 AND "flagId" IN (SELECT f.id FROM "FeatureFlag" f JOIN "Project" p ON p.id = f."projectId" WHERE p.slug = 'gateway')`,
    [changed.startedAt],
  );
  await query(
    `UPDATE "FeatureFlag" SET enabled = false WHERE key = 'INTEGRATIONS_GITHUB_ACTIONS_ENABLED' AND "projectId" = (SELECT id FROM "Project" WHERE slug = 'gateway')`,
  );
  changed.releaseId = null;
  changed.itemIds = [];
}

/** An open, editable checklist item of the release in its current status (optimistic version read fresh). */
async function editableOpenItem(releaseId: string, status: string) {
  const phase = ["DRAFT", "PREPARING", "READY"].includes(status) ? "PRE_RELEASE" : "ROLLBACK";
  const [item] = await query<{ id: string; rowVersion: number; title: string }>(
    `SELECT id, "rowVersion", title FROM "ReleaseItem" WHERE "releaseId" = $1 AND phase = $2::"ChecklistPhase" AND state = 'OPEN' ORDER BY position LIMIT 1`,
    [releaseId, phase],
  );
  expect(item, `an open ${phase} item of the release`).toBeTruthy();
  changed.itemIds.push(item!.id);
  return item!;
}

/** Like tests/support/deploys.ts makeReleaseReady: required pre-release items done, every sign-off given, READY. */
async function makeReleaseReady(releaseId: string, signerId: string) {
  changed.releaseId = releaseId;
  changed.startedAt = new Date();
  const ticked = await query<{ id: string }>(
    `UPDATE "ReleaseItem" SET state = 'DONE', "tickedById" = $2, "tickedAt" = now(), "rowVersion" = "rowVersion" + 1
     WHERE "releaseId" = $1 AND phase = 'PRE_RELEASE' AND required AND state = 'OPEN' RETURNING id`,
    [releaseId, signerId],
  );
  changed.itemIds.push(...ticked.map((row) => row.id));
  await query(
    `INSERT INTO "Signoff" (id, "requirementId", "releaseId", "signedById", "checklistState")
     SELECT 'e2e-live-' || r.id, r.id, r."releaseId", $2, '[]'::jsonb FROM "SignoffRequirement" r
     WHERE r."releaseId" = $1 AND NOT EXISTS (SELECT 1 FROM "Signoff" s WHERE s."requirementId" = r.id AND s."revokedAt" IS NULL AND s."staleAt" IS NULL)`,
    [releaseId, signerId],
  );
  await query(`UPDATE "Release" SET status = 'READY', "readyAt" = now() WHERE id = $1`, [releaseId]);
}

/** Puts a run on the deploy queue, as the web process does inside the action's transaction. */
async function enqueueRun(runId: string) {
  const boss = new PgBoss({ connectionString: e2eDatabaseUrl(), schema: "pgboss", supervise: false, schedule: false, migrate: false });
  await boss.start();
  try {
    await boss.send("deploy-run", { runId });
    // What lib/deploys/queue.ts sendDeployJob does: wake the workers instead of waiting for their next poll.
    await query("SELECT pg_notify('preflight_deploy_queue', '')");
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}

/**
 * Starts the demo deploy of the release as the manager: through startDeployAction when the build has it;
 * until a page uses that action (it is then in the manifest), by writing what it writes, audit events
 * included (the live events come from their trigger either way), and queueing the run for the worker.
 */
async function startDeploy(request: APIRequestContext, release: { id: string; projectId: string }, managerId: string): Promise<string> {
  const requestKey = `e2e-live-${Date.now()}`;
  if (findAction("startDeployAction")) {
    const data = await callAction(request, "startDeployAction", { releaseId: release.id, requestKey }, { id: release.id, slug: "gateway" });
    return data.runId as string;
  }
  const runId = requestKey;
  await query(
    `WITH pipeline AS (
       SELECT id, steps FROM "Pipeline" WHERE "projectId" = $3 AND kind = 'DEPLOY' ORDER BY version DESC LIMIT 1
     ), run AS (
       INSERT INTO "DeployRun" (id, "releaseId", "projectId", "pipelineId", kind, status, "requestKey", "startedById")
       SELECT $1, $2, $3, pipeline.id, 'DEPLOY', 'QUEUED', $1, $4 FROM pipeline RETURNING id
     ), steps AS (
       INSERT INTO "DeployStep" (id, "runId", position, name, kind, config, idempotent)
       SELECT $1 || '-' || (n - 1), $1, n - 1, s->>'name', (s->>'kind')::"StepKind", s->'config', (s->>'idempotent')::boolean
       FROM pipeline, jsonb_array_elements(pipeline.steps) WITH ORDINALITY AS t(s, n)
     ), lock AS (
       INSERT INTO "DeployLock" ("projectId", "runId", "heldById") SELECT $3, id, $4 FROM run
     ), release AS (
       UPDATE "Release" SET status = 'DEPLOYING', "deployingAt" = now(), "deployPipelineId" = (SELECT id FROM pipeline) WHERE id = $2
     )
     INSERT INTO "AuditEvent" (type, "actorId", "releaseId", "projectId", payload) VALUES
       ('release.status_changed', $4, $2, $3, jsonb_build_object('from', 'READY', 'to', 'DEPLOYING', 'cause', 'Deploy started')),
       ('deploy.started', $4, $2, $3, jsonb_build_object('runId', $1::text, 'pipelineVersion', 1))`,
    [runId, release.id, release.projectId, managerId],
  );
  await enqueueRun(runId);
  return runId;
}

/** Approves the run's waiting step as the signed-in user of `request`: approveStepAction when built, else what it writes. */
async function approveWaitingStep(request: APIRequestContext, release: { id: string; projectId: string }, runId: string, managerId: string) {
  const [step] = await query<{ id: string; name: string }>(`SELECT id, name FROM "DeployStep" WHERE "runId" = $1 AND status = 'WAITING'`, [runId]);
  expect(step, "a step waiting for approval").toBeTruthy();
  if (findAction("approveStepAction")) {
    await callAction(request, "approveStepAction", { runId, stepId: step!.id, comment: "" }, { id: release.id, runId, slug: "gateway" });
    return;
  }
  await query(
    `WITH approved AS (
       UPDATE "DeployStep" SET status = 'SUCCEEDED', "approvedById" = $4, "approvedAt" = now(), "finishedAt" = now() WHERE id = $2 RETURNING id
     ), run AS (
       UPDATE "DeployRun" SET status = 'QUEUED' WHERE id = $1
     )
     INSERT INTO "AuditEvent" (type, "actorId", "releaseId", "projectId", payload)
     VALUES ('deploy.step_approved', $4, $3, $5, jsonb_build_object('runId', $1::text, 'stepId', $2::text, 'step', $6::text))`,
    [runId, step!.id, release.id, managerId, release.projectId, step!.name],
  );
  await enqueueRun(runId);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** A second `next start` on the same database: every web process LISTENs for itself. */
async function startSecondWebProcess(): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  let output = "";
  const child = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)], {
    env: {
      ...process.env,
      DATABASE_URL: e2eDatabaseUrl(),
      NEXTAUTH_SECRET: readFileSync(path.join(".data", "e2e", "nextauth-secret"), "utf8").trim(),
      NEXTAUTH_URL: url,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`second web process exited (${child.exitCode}):\n${output}`);
        return fetch(`${url}/api/health`).then(
          (r) => r.status,
          () => 0,
        );
      },
      { message: "the second web process answers /api/health", timeout: 60_000, intervals: [200] },
    )
    .toBe(200);
  return { url, child, output: () => output };
}

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

// ------------------------------------------------------------------------------------------------ tests

let manager: { context: BrowserContext; page: Page };
let viewer: { context: BrowserContext; page: Page };
// The demo's "Post-deployment verification" is approved by an engineering lead, not the manager who started it.
let lead: { context: BrowserContext; page: Page };
let runId: string;

test.beforeAll(async ({ browser }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL!;
  manager = await newSignedInContext(browser, baseURL, demo.manager);
  viewer = await newSignedInContext(browser, baseURL, demo.viewer);
  lead = await newSignedInContext(browser, baseURL, demo.lead);
});

test.afterAll(async () => {
  await manager?.context.close();
  await viewer?.context.close();
  await lead?.context.close();
  await restoreDemo();
});

test("the home page shows a deploy starting and progressing without a reload", async () => {
  test.setTimeout(60_000);
  const release = await demoRelease();
  const managerId = await userId(demo.manager);
  await makeReleaseReady(release.id, await userId(demo.lead));

  const page = viewer.page;
  await page.goto("/");
  await expect(strip(page).getByRole("status")).toHaveText("Live");
  await expect(strip(page)).toContainText("Nothing is deploying");
  // Anything that reloads the page loses this.
  await page.evaluate(() => ((window as unknown as { liveMarker: string }).liveMarker = "still here"));

  runId = await startDeploy(manager.page.request, release, managerId);

  const row = strip(page).getByRole("listitem").filter({ hasText: "Gateway 0.5.0" });
  await expect(row).toContainText("Back up the database", { timeout: 10_000 });
  await expect(row).toContainText("Step 1 of 7");
  // …and follows the worker through the steps, up to the approval it waits for.
  await expect(row).toContainText("Pull the new version", { timeout: 10_000 });
  await expect(row).toContainText("Post-deployment verification", { timeout: 30_000 });
  await expect(row).toContainText("Waiting for approval");
  await expect(strip(page)).not.toContainText("Nothing is deploying");
  expect(await page.evaluate(() => (window as unknown as { liveMarker?: string }).liveMarker)).toBe("still here");
});

test("a dropped connection reconnects and catches up on what it missed", async () => {
  test.setTimeout(60_000);
  const release = await demoRelease();
  const page = viewer.page;
  const events = await watchEventSources(page);
  await page.goto("/");
  const row = strip(page).getByRole("listitem").filter({ hasText: "Gateway 0.5.0" });
  await expect(row).toContainText("Waiting for approval");
  await expect(strip(page).getByRole("status")).toHaveText("Live");

  await viewer.context.setOffline(true);
  await expect(strip(page).getByRole("status")).toHaveText("Reconnecting…");
  const offlineAt = Date.now();

  // While the viewer is offline: the manager ticks a checklist item and approves the waiting step; the worker
  // then finishes the run.
  const item = await editableOpenItem(release.id, release.status);
  await callAction(manager.page.request, "updateItemAction", { itemId: item.id, rowVersion: item.rowVersion, change: { kind: "tick" } }, { id: release.id });
  await approveWaitingStep(lead.page.request, release, runId, await userId(demo.lead));
  await expect
    .poll(async () => (await query<{ status: string }>(`SELECT status::text AS status FROM "DeployRun" WHERE id = $1`, [runId]))[0]?.status, {
      message: "the worker finishes the run",
      timeout: 20_000,
    })
    .toBe("SUCCEEDED");
  await expect(row).toContainText("Waiting for approval"); // nothing reached the offline page

  await viewer.context.setOffline(false);
  await expect(strip(page)).toContainText("Nothing is deploying", { timeout: 10_000 });
  await expect(strip(page).getByRole("status")).toHaveText("Live");
  // The events written while offline were replayed from the audit log after reconnecting.
  await expect
    .poll(() => events.audits().filter((e) => e.at > offlineAt).map((e) => e.type), { timeout: 10_000 })
    .toEqual(expect.arrayContaining(["item.ticked", "deploy.step_approved"]));
  const replayedTick = events.audits().find((e) => e.type === "item.ticked" && e.itemId === item.id);
  expect(replayedTick, "the tick made while offline arrives after reconnecting").toBeTruthy();
  expect(replayedTick!.at).toBeGreaterThan(offlineAt);
});

test("a change made through one web process reaches a browser connected to another", async ({ browser }) => {
  test.setTimeout(120_000);
  const second = await startSecondWebProcess();
  try {
    const release = await demoRelease();
    const onB = await newSignedInContext(browser, second.url, demo.viewer);
    try {
      const events = await watchEventSources(onB.page);
      await onB.page.goto("/");
      await expect(strip(onB.page).getByRole("status")).toHaveText("Live");

      // Through process A (the test server), as the manager.
      const item = await editableOpenItem(release.id, release.status);
      await callAction(manager.page.request, "updateItemAction", { itemId: item.id, rowVersion: item.rowVersion, change: { kind: "tick" } }, { id: release.id });

      await expect
        .poll(() => events.audits().some((e) => e.type === "item.ticked" && e.itemId === item.id && e.releaseId === release.id), {
          message: `process B relays the tick of “${item.title}”`,
          timeout: 10_000,
        })
        .toBe(true);
    } finally {
      await onB.context.close();
    }
  } finally {
    await stopProcess(second.child);
  }
});
