// Live updates end to end: a change made by one user shows up in another user's open page without a reload,
// a dropped connection catches up from the audit log, and a second web process relays the same events.
// The tests deploy a release of their own (made ready through the actions) and tick a few of its items.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./support/test";
import { type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { collectOutput, freePort, stopProcess } from "../bench/support";
import { e2eDatabaseUrl } from "./support/database";
import { approveWaitingStep, createRelease, makeReleaseReady, openItem, startDeploy, tickItem, waitForRun, type CreatedRelease } from "./support/fixtures";
import { demo, signIn } from "./support/sign-in";

test.describe.configure({ mode: "serial" });

const VERSION = "0.9.0";

// ---------------------------------------------------------------------------------------------- helpers

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

/** A second `next start` on the same database: every web process LISTENs for itself. */
async function startSecondWebProcess(): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
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
  const output = collectOutput(child);
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`second web process exited (${child.exitCode}):\n${output()}`);
        return fetch(`${url}/api/health`).then(
          (r) => r.status,
          () => 0,
        );
      },
      { message: "the second web process answers /api/health", timeout: 60_000, intervals: [200] },
    )
    .toBe(200);
  return { url, child, output };
}

// ------------------------------------------------------------------------------------------------ tests

let viewer: { context: BrowserContext; page: Page };
let release: CreatedRelease;
let runId: string;

test.beforeAll(async ({ browser }, testInfo) => {
  viewer = await newSignedInContext(browser, testInfo.project.use.baseURL!, demo.viewer);
});

test.afterAll(async () => {
  await viewer?.context.close();
});

test("the home page shows a deploy starting and progressing without a reload", async () => {
  test.setTimeout(60_000);
  release = await createRelease(VERSION, "Live updates on the home page");
  await makeReleaseReady(release.id);

  const page = viewer.page;
  await page.goto("/");
  await expect(strip(page).getByRole("status")).toHaveText("Live");
  await expect(strip(page)).toContainText("Nothing is deploying");
  // Anything that reloads the page loses this.
  await page.evaluate(() => ((window as unknown as { liveMarker: string }).liveMarker = "still here"));

  runId = await startDeploy(release);

  const row = strip(page).getByRole("listitem").filter({ hasText: `Gateway ${VERSION}` });
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
  const page = viewer.page;
  const events = await watchEventSources(page);
  await page.goto("/");
  const row = strip(page).getByRole("listitem").filter({ hasText: `Gateway ${VERSION}` });
  await expect(row).toContainText("Waiting for approval");
  await expect(strip(page).getByRole("status")).toHaveText("Live");

  await viewer.context.setOffline(true);
  await expect(strip(page).getByRole("status")).toHaveText("Reconnecting…");
  const offlineAt = Date.now();

  // While the viewer is offline: the manager ticks a checklist item and the lead approves the waiting step;
  // the worker then finishes the run.
  const item = await openItem(release.id);
  await tickItem(release.id, item);
  await approveWaitingStep(release, runId);
  await waitForRun(runId, "SUCCEEDED", 20_000);
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
    const onB = await newSignedInContext(browser, second.url, demo.viewer);
    try {
      const events = await watchEventSources(onB.page);
      await onB.page.goto("/");
      await expect(strip(onB.page).getByRole("status")).toHaveText("Live");

      // Through process A (the test server), as the manager.
      const item = await openItem(release.id);
      await tickItem(release.id, item);

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
    await stopProcess(second.child, 5_000);
  }
});
