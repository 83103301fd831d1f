// How an open release page follows changes: a tick made in another browser arrives with its live event and costs
// the open page no request (the event carries the item); a change to what the page counts (the release's status)
// costs one request; nothing is aborted. The browser that ticks sends its action and nothing else. A refused tick
// shows at once and is undone.
import { expect, test } from "./support/test";
import { type Browser, type Page, type Request } from "@playwright/test";
import { act } from "../bench/support";
import { NewReleasePage } from "./pages/new-release-page";
import { sessionOf } from "./support/fixtures";
import { demo, signIn } from "./support/sign-in";

test.describe.configure({ mode: "serial" });

const VERSION = "0.11.0";
let releaseUrl = "";
let releaseId = "";

const checkbox = (page: Page, name: string) => page.getByRole("checkbox", { name, exact: true });

async function openAs(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  await page.goto(releaseUrl);
  await expect(page.getByRole("heading", { level: 1, name: `Gateway ${VERSION}` })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible();
  return page;
}

/** The requests a page makes (data: URLs aside), those it aborted, and the live events its EventSource receives. */
async function watch(page: Page) {
  const requests: Request[] = [];
  const aborted: string[] = [];
  const events: string[] = [];
  /** What happened when, for a failure's message. */
  const trace: string[] = [];
  const started = Date.now();
  const note = (line: string) => trace.push(`${Date.now() - started} ms ${line}`);
  page.on("request", (request) => {
    if (request.url().startsWith("data:")) return;
    requests.push(request);
    note(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  page.on("requestfailed", (request) => {
    // Under load the browser sometimes reports a server action's POST as aborted after its 200 answer and result
    // arrived (Next.js's own request; the page applied the result). Only a query's aborted fetch throws data away.
    if (request.method() === "POST") return note(`POST ${new URL(request.url()).pathname} reported aborted after its answer`);
    aborted.push(`${request.method()} ${request.url()} ${request.failure()?.errorText ?? ""}`);
  });
  const session = await page.context().newCDPSession(page);
  session.on("Network.eventSourceMessageReceived", (event) => {
    events.push(event.eventName === "audit" ? (JSON.parse(event.data) as { type: string }).type : event.eventName);
    note(`event ${events.at(-1)}`);
  });
  await session.send("Network.enable");
  return {
    requests,
    aborted,
    events,
    trace: () => trace.join("\n"),
    // The worker's heartbeat is polled on a timer (it is not an event), so it is left out of the counts.
    described: () => requests.map((r) => `${r.method()} ${new URL(r.url()).pathname}`).filter((r) => r !== "GET /api/health"),
  };
}

test("an open release page costs one request or none per live event, and aborts none", async ({ browser }) => {
  test.setTimeout(90_000);
  const manager = await (await browser.newContext()).newPage();
  await signIn(manager, demo.manager);
  ({ url: releaseUrl, id: releaseId } = await new NewReleasePage(manager).create(VERSION, "Requests per live event"));
  await expect(manager.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible();

  const viewer = await openAs(browser, demo.viewer);
  const seen = await watch(viewer);
  const sent = await watch(manager);

  // Two ticks, then the release moves from draft to preparing.
  for (const item of ["All planned features merged to main", "Linting clean"]) {
    await checkbox(manager, item).click();
    await expect(checkbox(viewer, item)).toBeChecked();
  }
  await expect(viewer.getByTestId("timeline")).toContainText("ticked “Linting clean”");
  await manager.getByRole("button", { name: "Start preparing" }).click();
  await expect(viewer.getByTestId("release-status")).toHaveText("Preparing");
  // Let any refetch the events started finish before counting.
  await viewer.waitForTimeout(1_000);

  const ticks = seen.events.filter((type) => type === "item.ticked").length;
  const statusChanges = seen.events.filter((type) => type === "release.status_changed").length;
  expect(ticks, `events: ${seen.events.join(", ")}`).toBe(2);
  expect(statusChanges, `events: ${seen.events.join(", ")}`).toBe(1);
  // The ticks cost nothing (the event carried the item and its timeline entry); the status change costs one
  // read of the release.
  expect(seen.described(), seen.trace()).toEqual([`GET /api/releases/${releaseId}`]);
  expect(seen.aborted, seen.trace()).toEqual([]);
  // The browser that made the changes sent its three actions and read back only the status change, once (not
  // after its action and again for its own event); its ticks' own events found the versions it already had.
  expect(sent.described(), sent.trace()).toEqual([`POST /releases/${releaseId}`, `POST /releases/${releaseId}`, `POST /releases/${releaseId}`, `GET /api/releases/${releaseId}`]);
  expect(sent.aborted, sent.trace()).toEqual([]);
});

test("a tick the server refuses shows at once, then is undone with the server's reason", async ({ browser }) => {
  const manager = await (await browser.newContext()).newPage();
  await signIn(manager, demo.manager);
  // This page gets no live updates, so the release can be cancelled behind its back: it still offers the tick.
  await manager.route((url) => url.pathname === "/api/events", (route) => route.abort());
  await manager.goto(releaseUrl);
  await expect(manager.getByRole("heading", { level: 1, name: `Gateway ${VERSION}` })).toBeVisible();
  const item = "Update VERSION file (e.g., 0.5.0)";
  await expect(checkbox(manager, item)).not.toBeChecked();
  await act(await sessionOf("manager"), "transitionReleaseAction", { releaseId, to: "CANCELLED", reason: "Cancelled behind the page's back" }, { id: releaseId });
  // Holds the action's answer a moment, so the optimistic tick can be seen before the refusal undoes it.
  let release: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (release = resolve));
  await manager.route(
    (url) => url.pathname === `/releases/${releaseId}`,
    async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      await answered;
      await route.continue();
    },
  );
  await checkbox(manager, item).click();
  await expect(checkbox(manager, item)).toBeChecked();
  release();
  await expect(checkbox(manager, item)).not.toBeChecked();
  await expect(manager.getByTestId("release-status-region")).toContainText("This release is cancelled: its checklist is closed");
  // The refusal refetched the release: it now shows cancelled, and the checklist read-only.
  await expect(manager.getByTestId("release-status")).toHaveText("Cancelled");
});
