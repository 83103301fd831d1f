// The e2e web server's /metrics (its own loopback listener, PREFLIGHT_METRICS_PORT in playwright.config.ts):
// requests by route pattern, open live connections, server actions by outcome and failed sign-ins, each
// moved by what a person does in the browser. /metrics is not served on the app's own port.
import { e2eBaseUrl, e2eMetricsPorts } from "../playwright.config";
import { parsePrometheusText, type Scrape } from "../tests/support/prometheus";
import { expect, test } from "./support/test";
import { demo, signIn } from "./support/sign-in";

async function scrape(port = e2eMetricsPorts.web): Promise<Scrape> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
}

const requests = (scrape: Scrape, route: string) => scrape.sum("preflight_http_request_duration_seconds_count", { route });

test("the web server's metrics follow sign-ins, pages, live connections and actions", async ({ page }) => {
  // Two sign-ins, a form and three pages.
  test.setTimeout(90_000);
  const before = await scrape();

  await page.goto("/login");
  await page.getByLabel("Email").fill("nobody-metrics@e2e.local");
  await page.getByLabel("Password").fill("not a password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password", { timeout: 15_000 });

  await signIn(page, demo.manager);
  await page.getByRole("link", { name: "New release" }).click();
  await page.getByRole("button", { name: "Create release" }).click();
  await expect(page.getByText("Check the highlighted fields.")).toBeVisible();

  // A release page holds a live-update connection while it is open.
  await page.goto("/releases");
  await page.getByRole("link", { name: "0.4.0", exact: true }).click();
  await page.waitForURL(/\/releases\/[^/]+$/);
  const releaseId = new URL(page.url()).pathname.split("/").pop()!;
  await expect.poll(async () => (await scrape()).value("preflight_sse_connections"), { timeout: 15_000 }).toBeGreaterThan(before.value("preflight_sse_connections")!);

  const after = await scrape();
  expect(after.sum("preflight_sign_in_failures_total", { reason: "unknown_email" })).toBe(before.sum("preflight_sign_in_failures_total", { reason: "unknown_email" }) + 1);
  expect(after.sum("preflight_action_duration_seconds_count", { action: "createRelease", outcome: "invalid" })).toBe(
    before.sum("preflight_action_duration_seconds_count", { action: "createRelease", outcome: "invalid" }) + 1,
  );
  expect(requests(after, "/login")).toBeGreaterThan(requests(before, "/login"));
  expect(requests(after, "/releases/[id]")).toBeGreaterThan(requests(before, "/releases/[id]"));
  expect(requests(after, "/_next/static")).toBeGreaterThanOrEqual(requests(before, "/_next/static"));
  // Route patterns, never raw paths: one series per route however many releases there are.
  expect(after.samples.filter((sample) => sample.labels.route?.includes(releaseId))).toEqual([]);

  const open = after.value("preflight_sse_connections")!;
  await page.close();
  await expect.poll(async () => (await scrape()).value("preflight_sse_connections"), { timeout: 15_000 }).toBeLessThan(open);
});

test("the worker serves its own metrics", async () => {
  const worker = await scrape(e2eMetricsPorts.worker);
  expect(worker.value("preflight_worker_active_runs")).toBeGreaterThanOrEqual(0);
  expect(worker.types.get("preflight_deploy_step_duration_seconds")).toBe("histogram");
  expect(worker.value("process_start_time_seconds")).toBeGreaterThan(0);
});

test("/metrics is not served on the app's port", async () => {
  const response = await fetch(`${e2eBaseUrl}/metrics`, { redirect: "manual" });
  expect(await response.text()).not.toContain("preflight_");
});
