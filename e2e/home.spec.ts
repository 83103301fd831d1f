import { expect, test } from "./support/test";
import { demo, signIn } from "./support/sign-in";

test("the home page lists the demo project and its release in progress", async ({ page }) => {
  await signIn(page, demo.viewer);
  const project = page.getByRole("region", { name: "Gateway" });
  await expect(project.getByRole("heading", { name: "Gateway" })).toBeVisible();
  const row = project.getByRole("row").filter({ hasText: "0.5.0" });
  await expect(row).toContainText("Phase 1: GitHub Actions + dbt metrics");
  await expect(row).toContainText("Preparing");
  await expect(row).toContainText("Rae Manager");
  await expect(row.getByRole("progressbar")).toHaveAttribute("aria-valuetext", "6 of 45 items");
});

test("the health endpoint reports the database and the worker", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe("ok");
  expect(body.database.status).toBe("ok");
  // The worker starts beside the web server and beats every 5 s.
  await expect.poll(async () => (await (await request.get("/api/health")).json()).worker.status, { timeout: 15_000 }).toBe("ok");
});
