import { expect, test } from "./support/test";
import { TemplatesPage } from "./pages/template-pages";
import { demo, signIn } from "./support/sign-in";

test.beforeEach(async ({ page }) => {
  await signIn(page, demo.viewer);
});

const DEFAULT_TEMPLATE = "Default release checklist";

test("the templates page lists the default template with its counts", async ({ page }) => {
  const templates = await new TemplatesPage(page).open();
  await expect(page).toHaveTitle(/Templates/);
  const card = templates.card(DEFAULT_TEMPLATE);
  await expect(card).toHaveCount(1);
  await expect(card.getByText("Default", { exact: true })).toBeVisible();
  await expect(card).toContainText("Monitoring window: 24 hours");
  await expect(card.getByRole("definition")).toHaveCount(4);

  await card.getByRole("link", { name: DEFAULT_TEMPLATE }).click();
  await expect(page).toHaveURL(/\/templates\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: DEFAULT_TEMPLATE })).toBeVisible();
});

test("a template shows its phases, sections, items and commands", async ({ page, context }) => {
  const template = await (await new TemplatesPage(page).open()).openTemplate(DEFAULT_TEMPLATE);

  for (const phase of ["Pre-Release (1 day before)", "Release Day", "Post-Release", "Emergency Rollback"]) {
    await expect(page.getByRole("heading", { level: 2, name: phase, exact: false }).first()).toBeVisible();
  }

  const deploy = template.section("Deploy to Production");
  await expect(deploy.getByRole("heading", { level: 3, name: "Deploy to Production" })).toBeVisible();
  await expect(deploy.locator("pre code")).toContainText("docker compose pull");
  const copy = deploy.getByRole("button", { name: "Copy command for Deploy to Production" });
  await expect(copy).toBeVisible();

  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await copy.click();
  await expect(copy).toContainText("Copied");
  await expect(deploy.getByRole("status")).toHaveText("Copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain("docker compose pull");

  // Inline Markdown: code spans become <code>, and only http(s) links become links.
  const code = template.section("Code Preparation");
  await expect(code.locator("code", { hasText: "app_version" })).toBeVisible();
  const rollback = template.phase("Emergency Rollback");
  await expect(rollback).toContainText("See ROLLBACK.md");
  await expect(rollback.getByRole("link", { name: "ROLLBACK.md" })).toHaveCount(0);

  // Conditional items are optional.
  const testing = template.section("Testing");
  await expect(testing.getByRole("listitem").filter({ hasText: "Load test if major changes" })).toContainText("Optional");
});

test("a template shows its sign-offs and approval fields", async ({ page }) => {
  const template = await (await new TemplatesPage(page).open()).openTemplate(DEFAULT_TEMPLATE);

  const signoffs = template.signoffs;
  const review = signoffs.getByRole("listitem").filter({ hasText: "Engineering lead reviewed code" });
  await expect(review).toContainText("Four-eyes: not the release manager");
  await expect(review).toContainText("Engineering lead");

  const approval = template.approval;
  for (const field of ["Release manager", "Date", "Version"]) {
    await expect(approval.getByRole("listitem").filter({ hasText: field })).toBeVisible();
  }
});

test("an unknown template shows the not-found page", async ({ page }) => {
  // The segment's loading.tsx streams the shell first, so the status is 200 (with a noindex tag); check the page.
  await page.goto("/templates/does-not-exist");
  await expect(page.getByRole("heading", { name: "Template not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "All templates" })).toHaveAttribute("href", "/templates");
  await expect(page.getByRole("heading", { name: DEFAULT_TEMPLATE })).toHaveCount(0);
});
