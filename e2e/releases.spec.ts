import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support/sign-in";

test.beforeEach(async ({ page }) => {
  await signIn(page, demo.viewer);
});

test("the releases page lists every release, newest first", async ({ page }) => {
  await page.goto("/releases");
  await expect(page).toHaveTitle(/Releases/);
  await expect(page.getByRole("heading", { level: 1, name: "Releases" })).toBeVisible();

  const table = page.getByRole("table", { name: "Releases across all projects, newest first" });
  const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(rows).toHaveCount(2);

  const current = rows.nth(0);
  await expect(current).toContainText("Gateway");
  await expect(current).toContainText("0.5.0");
  await expect(current).toContainText("Phase 1: GitHub Actions + dbt metrics");
  await expect(current).toContainText("Preparing");
  await expect(current).toContainText("Rae Manager");
  await expect(current).toContainText("Planned");
  await expect(current.getByRole("progressbar")).toHaveAttribute("aria-valuetext", "6 of 45 items");

  const shipped = rows.nth(1);
  await expect(shipped).toContainText("0.4.0");
  await expect(shipped).toContainText("Webhook retries and structured logs");
  await expect(shipped).toContainText("Released");
  await expect(shipped.getByRole("progressbar")).toHaveAttribute("aria-valuetext", "45 of 45 items");

  await expect(page.getByText(/Showing the 50 most recent/)).toHaveCount(0);
});

test("a long release title is truncated with the full title on hover", async ({ page }) => {
  await page.goto("/releases");
  const title = page.getByRole("cell").getByText("Phase 1: GitHub Actions + dbt metrics");
  await expect(title).toHaveAttribute("title", "Phase 1: GitHub Actions + dbt metrics");
});
