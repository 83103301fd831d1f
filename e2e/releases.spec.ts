import { expect, test } from "./support/test";
import { HistoryPage } from "./pages/history-page";
import { demo, signIn } from "./support/sign-in";

test.beforeEach(async ({ page }) => {
  await signIn(page, demo.viewer);
});

test("the releases page lists every release, newest first", async ({ page }) => {
  const history = await new HistoryPage(page).open();
  await expect(page).toHaveTitle(/Releases/);
  await expect(history.heading).toBeVisible();

  await expect(page.getByRole("table", { name: "Releases across all projects, newest first" })).toBeVisible();
  await expect(history.rows).toHaveCount(2);
  await expect(page.getByText("Showing 2 releases.")).toBeVisible();

  const current = history.rows.nth(0);
  await expect(current).toContainText("Gateway");
  await expect(current).toContainText("0.5.0");
  await expect(current).toContainText("Phase 1: GitHub Actions + dbt metrics");
  await expect(current).toContainText("Preparing");
  await expect(current).toContainText("Rae Manager");
  await expect(current).toContainText(/In progress for/);
  await expect(current.getByRole("progressbar")).toHaveAttribute("aria-valuetext", "6 of 45 items");

  const shipped = history.rows.nth(1);
  await expect(shipped).toContainText("0.4.0");
  await expect(shipped).toContainText("Webhook retries and structured logs");
  await expect(shipped).toContainText("Released");
  await expect(shipped).toContainText("3 days");
  await expect(shipped.getByRole("progressbar")).toHaveAttribute("aria-valuetext", "45 of 45 items");
  await expect(shipped.getByRole("link", { name: "0.4.0" })).toHaveAttribute("href", /^\/releases\/\w+$/);

  // One page: no way to newer or older releases.
  await expect(page.getByRole("navigation", { name: "Pages of releases" })).toHaveCount(0);
});

test("a long release title is truncated with the full title on hover", async ({ page }) => {
  await new HistoryPage(page).open();
  const title = page.getByRole("cell").getByText("Phase 1: GitHub Actions + dbt metrics");
  await expect(title).toHaveAttribute("title", "Phase 1: GitHub Actions + dbt metrics");
});

test("filtering by status puts the filter in the URL, and a reload keeps it", async ({ page }) => {
  const history = await new HistoryPage(page).open();
  await history.filterByStatus("Released");

  await expect(page).toHaveURL(/\/releases\?status=RELEASED$/);
  await expect(history.rows).toHaveCount(1);
  await expect(history.rows.first()).toContainText("0.4.0");
  await expect(page.getByText("Showing 1 release matching status Released.")).toBeVisible();

  await page.reload();
  await expect(history.rows).toHaveCount(1);
  await expect(history.rows.first()).toContainText("0.4.0");
  await expect(history.status("Released")).toBeChecked();
  await expect(history.status("Preparing")).not.toBeChecked();
});

test("search finds a release by version, and Clear filters resets", async ({ page }) => {
  const history = await new HistoryPage(page).open();
  await history.searchFor("0.4");

  await expect(page).toHaveURL(/\/releases\?q=0\.4$/);
  await expect(history.rows).toHaveCount(1);
  await expect(history.rows.first()).toContainText("0.4.0");

  await history.clearFilters.click();
  await expect(page).toHaveURL(/\/releases$/);
  await expect(history.rows).toHaveCount(2);
  await expect(history.search).toHaveValue("");
  await expect(history.clearFilters).toHaveCount(0);
});

test("filters that match nothing show an empty state that names them and clears them", async ({ page }) => {
  const history = await new HistoryPage(page).open("?status=CANCELLED&project=gateway");
  await expect(page.getByRole("heading", { name: "No releases match these filters" })).toBeVisible();
  await expect(page.getByText("Nothing matched status Cancelled and project Gateway.")).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
  // The form shows the filters of the link.
  await expect(history.status("Cancelled")).toBeChecked();
  await expect(history.project).toHaveValue("gateway");

  await page.getByRole("main").getByRole("link", { name: "Clear filters" }).last().click();
  await expect(page).toHaveURL(/\/releases$/);
  await expect(history.rows).toHaveCount(2);
});

test("invalid filters in a link are explained and ignored", async ({ page }) => {
  const history = await new HistoryPage(page).open("?status=RELEASED,SHIPPED&from=2026-02-30");
  const notice = page.getByRole("status").filter({ hasText: "Some filters in this link could not be used" });
  await expect(notice).toContainText("“SHIPPED” is not a release status, so it was ignored.");
  await expect(notice).toContainText("The start date “2026-02-30” is not a date");
  await expect(history.rows).toHaveCount(1);
  await expect(history.rows.first()).toContainText("0.4.0");
});

test("the filter form is a plain GET form whose native submission the server understands", async ({ page }) => {
  // Without JavaScript the browser submits the form itself: every field, empty ones included, and one
  // `status` per ticked box. Build exactly that URL from the form and open it.
  const history = await new HistoryPage(page).open();
  const form = history.filters;
  await expect(form).toHaveAttribute("method", "get");
  await expect(form).toHaveAttribute("action", "/releases");
  await history.status("Released").check();
  await history.status("Cancelled").check();
  const nativeQuery = await form.evaluate((element) =>
    new URLSearchParams(new FormData(element as HTMLFormElement) as unknown as Record<string, string>).toString(),
  );
  expect(nativeQuery).toBe("q=&project=&from=&to=&status=RELEASED&status=CANCELLED");

  await history.open(`?${nativeQuery}`);
  await expect(history.rows).toHaveCount(1);
  await expect(history.rows.first()).toContainText("0.4.0");
  await expect(page.getByText("Showing 1 release matching status Released or Cancelled.")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "could not be used" })).toHaveCount(0);
});
