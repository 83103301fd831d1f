// The release page: creating a release, ticking by mouse and keyboard, notes, the READY gate, sign-offs,
// read-only viewers and the Markdown export. The tests build on each other (one release, 0.6.0, created
// by the first), so they run in order. The demo's 0.5.0 is only looked at, never changed: other specs
// count its progress.
import { readFile } from "node:fs/promises";
import { expect, test } from "./support/test";
import { type Browser, type Page } from "@playwright/test";
import { HistoryPage } from "./pages/history-page";
import { ReleasePage } from "./pages/release-page";
import { demo, signIn } from "./support/sign-in";

test.describe.configure({ mode: "serial" });

const VERSION = "0.6.0";
const XSS_NOTE = "<script>window.__xss = 1</script>";
let releaseUrl = "";

const releasePage = (page: Page) => new ReleasePage(page, `Gateway ${VERSION}`);

/** A second person in their own browser context, on the release. */
async function asUser(browser: Browser, email: string): Promise<ReleasePage> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return releasePage(page).open(releaseUrl);
}

test("a release manager creates a release from the default template and lands on its page", async ({ page }) => {
  await signIn(page, demo.manager);
  await page.getByRole("link", { name: "New release" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New release" })).toBeVisible();

  // The default template is preselected, and the creator manages the release.
  // Other specs add projects of their own (pipelines-code), so the form may not preselect one: choose the demo's.
  await page.getByLabel("Project").selectOption({ label: "Gateway" });
  await expect(page.getByLabel("Project").locator("option:checked")).toHaveText("Gateway");
  await expect(page.getByLabel("Checklist template").locator("option:checked")).toContainText("Default release checklist (default)");
  await expect(page.getByLabel("Release manager").locator("option:checked")).toHaveText("Rae Manager (you)");

  // The server's field errors show under the fields.
  await page.getByRole("button", { name: "Create release" }).click();
  await expect(page.getByText("Check the highlighted fields.")).toBeVisible();
  await expect(page.getByText("Enter a version, like 0.5.0")).toBeVisible();
  await expect(page.getByText("Enter a title")).toBeVisible();
  await expect(page.getByLabel("Version")).toBeFocused();
  await page.getByLabel("Version").fill("six");
  await page.getByRole("button", { name: "Create release" }).click();
  await expect(page.getByText(/Use a semantic version/)).toBeVisible();

  await page.getByLabel("Title").fill("Phase 2: Slack notifications");
  await page.getByLabel("Version").fill("0.5.0");
  await page.getByRole("button", { name: "Create release" }).click();
  await expect(page.getByText("0.5.0 already exists for this project")).toBeVisible();

  await page.getByLabel("Version").fill(VERSION);
  await page.getByLabel("Planned date").fill("2026-12-01");
  await page.getByRole("button", { name: "Create release" }).click();

  await page.waitForURL((url) => /^\/releases\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith("/new"));
  const release = releasePage(page);
  await expect(page).toHaveTitle(`Gateway ${VERSION} · Preflight`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Gateway ${VERSION}`);
  await expect(release.title).toHaveText("Phase 2: Slack notifications");
  await expect(release.status).toHaveText("Draft");
  await expect(release.checkboxes).toHaveCount(50);
  await expect(page.getByRole("checkbox", { checked: true })).toHaveCount(0);
  await expect(release.timeline).toContainText(`Rae Manager created the release ${VERSION} from “Default release checklist”`);
  releaseUrl = page.url();
});

test("items are ticked by mouse and by keyboard, with attribution, and unticking asks for a reason", async ({ page }) => {
  await signIn(page, demo.manager);
  const release = await releasePage(page).open(releaseUrl);

  const merged = release.checkbox("All planned features merged to main");
  await merged.click();
  await expect(merged).toBeChecked();
  await expect(release.attribution("All planned features merged to main")).toContainText(/Rae Manager · \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC/);

  // Arrow keys and j/k move between items; Space and x tick the focused one.
  await merged.focus();
  await page.keyboard.press("ArrowDown");
  const versionFile = release.checkbox("Update VERSION file (e.g., 0.5.0)");
  await expect(versionFile).toBeFocused();
  await page.keyboard.press("Space");
  await expect(versionFile).toBeChecked();
  await page.keyboard.press("j");
  const appVersion = release.checkbox("Update app_version in config.py to match VERSION");
  await expect(appVersion).toBeFocused();
  await page.keyboard.press("x");
  await expect(appVersion).toBeChecked();
  await page.keyboard.press("k");
  await expect(versionFile).toBeFocused();

  // Saved, and attributed, after a reload.
  await page.reload();
  await expect(versionFile).toBeChecked();
  await expect(appVersion).toBeChecked();
  await expect(release.attribution("Update VERSION file (e.g., 0.5.0)")).toContainText("Rae Manager");
  await expect(release.timeline).toContainText("Rae Manager ticked “Update VERSION file (e.g., 0.5.0)”");

  // Unticking needs a reason.
  await versionFile.focus();
  await page.keyboard.press("Space");
  const dialog = page.getByRole("dialog", { name: "Untick “Update VERSION file (e.g., 0.5.0)”?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Untick item" }).click();
  await expect(dialog.getByText("Give a reason")).toBeVisible();
  await dialog.getByLabel("Reason").fill("The version bump was reverted");
  await dialog.getByRole("button", { name: "Untick item" }).click();
  await expect(dialog).toBeHidden();
  await expect(versionFile).not.toBeChecked();
  await expect(versionFile).toBeFocused();
  await expect(release.attribution("Update VERSION file (e.g., 0.5.0)")).toHaveCount(0);
  await expect(release.timeline).toContainText("Rae Manager unticked “Update VERSION file (e.g., 0.5.0)”");
  await expect(release.timeline).toContainText("The version bump was reverted");

  // Cancelling the dialog leaves the item ticked.
  await appVersion.click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(appVersion).toBeChecked();
});

test("a note is shown as text, never run as HTML; evidence must be an http(s) link", async ({ page }) => {
  await signIn(page, demo.manager);
  const release = await releasePage(page).open(releaseUrl);

  const tests = release.checkbox("All tests passing");
  await tests.focus();
  await page.keyboard.press("n");
  const dialog = page.getByRole("dialog", { name: "Note for “All tests passing”" });
  await dialog.getByLabel("Note").fill(XSS_NOTE);
  await dialog.getByLabel("Evidence link").fill("javascript:alert(1)");
  await dialog.getByRole("button", { name: "Save note" }).click();
  await expect(dialog.getByText(/Evidence must be an http\(s\) link/)).toBeVisible();
  await dialog.getByLabel("Evidence link").fill("https://ci.example.com/run/42");
  await dialog.getByRole("button", { name: "Save note" }).click();
  await expect(dialog).toBeHidden();

  const row = release.itemRow("All tests passing");
  await expect(row.getByTestId("item-note")).toHaveText(XSS_NOTE);
  await page.reload();
  await expect(row.getByTestId("item-note")).toHaveText(XSS_NOTE);
  const evidence = row.getByRole("link", { name: /Evidence/ });
  await expect(evidence).toHaveAttribute("href", "https://ci.example.com/run/42");
  await expect(evidence).toHaveAttribute("rel", /noreferrer/);
  await expect(release.timeline).toContainText(XSS_NOTE);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  // Annotating does not tick.
  await expect(tests).not.toBeChecked();
});

test("the release cannot be marked ready while required items and sign-offs are missing, and says why", async ({ page }) => {
  await signIn(page, demo.manager);
  const release = await releasePage(page).open(releaseUrl);

  await page.getByRole("button", { name: "Start preparing" }).click();
  await expect(release.status).toHaveText("Preparing");

  await expect(release.markReady).toBeDisabled();
  await expect(release.markReady).toHaveAccessibleDescription("15 required pre-release items and 5 sign-offs remaining");
  await release.markReady.hover();
  await expect(page.getByRole("tooltip")).toHaveText("15 required pre-release items and 5 sign-offs remaining");
  await expect(release.readinessSummary).toContainText("15 required pre-release items and 5 sign-offs remaining");
  // A click does nothing.
  await release.markReady.click({ force: true });
  await expect(release.status).toHaveText("Preparing");

  // Release-day items wait for READY: read-only with the reason.
  const watch = release.checkbox("Watch GitHub Actions workflow");
  await expect(watch).toBeDisabled();
  await watch.hover();
  await expect(page.getByRole("tooltip")).toHaveText("Release day items cannot be changed while the release is preparing");
});

test("a viewer sees the release read-only, with the reasons", async ({ page }) => {
  await signIn(page, demo.viewer);
  // The demo's release in progress, found in the history: other specs add newer releases, so the home page's
  // five most recent may no longer include it.
  const history = await new HistoryPage(page).open();
  await history.searchFor("Phase 1: GitHub Actions");
  await history.rows.filter({ hasText: "Gateway" }).getByRole("link", { name: "0.5.0", exact: true }).click();
  const release = new ReleasePage(page, "Gateway 0.5.0");
  await expect(release.heading).toBeVisible();
  await expect(page.getByText("You are viewing this checklist read-only. Only release managers and admins can tick items.")).toBeVisible();

  await expect(release.checkboxes).toHaveCount(50);
  await expect(page.locator('[role="checkbox"]:not([aria-disabled="true"])')).toHaveCount(0);
  await expect(page.getByRole("button", { name: /More actions/ })).toHaveCount(0);

  const merged = release.checkbox("All planned features merged to main");
  await expect(merged).toBeChecked();
  await merged.hover();
  await expect(page.getByRole("tooltip")).toHaveText("Only release managers and admins can tick items");
  await merged.click({ force: true });
  await merged.focus();
  await page.keyboard.press("x");
  await page.keyboard.press("n");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(merged).toBeChecked();

  await expect(release.markReady).toHaveAccessibleDescription("Only release managers and admins can edit releases");
  await expect(page.getByRole("button", { name: /^Sign off/ }).first()).toHaveAccessibleDescription("Viewers cannot give sign-offs");
  await page.reload();
  await expect(page.getByRole("checkbox", { checked: true })).toHaveCount(6);
});

test("the Markdown export has the ticked items, sign-offs and the approval block", async ({ page }) => {
  await signIn(page, demo.manager);
  await releasePage(page).open(releaseUrl);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export Markdown" }).click()]);
  expect(download.suggestedFilename()).toBe(`gateway-${VERSION}.md`);
  const markdown = await readFile((await download.path())!, "utf8");
  expect(markdown).toContain(`# Gateway ${VERSION}: Phase 2: Slack notifications`);
  expect(markdown).toMatch(/^- \[x\] All planned features merged to main — ticked by Rae Manager at \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC$/m);
  expect(markdown).toContain("- [ ] Update VERSION file (e.g., `0.5.0`)");
  expect(markdown).toContain("  - Note: \\<script>window.__xss = 1\\</script>");
  expect(markdown).toContain("- [ ] Engineering lead reviewed code (engineering lead, not the release manager) — missing");
  expect(markdown).toContain(`**Release manager:** Rae Manager\n**Date:** 1 Dec 2026\n**Version:** ${VERSION}\n`);
});

test("the engineering lead signs off and the release manager sees it after a reload", async ({ page, browser }) => {
  const lead = await asUser(browser, demo.lead);
  // The lead cannot tick items.
  await expect(lead.page.locator('[role="checkbox"]:not([aria-disabled="true"])')).toHaveCount(0);
  await expect(lead.signoffState("Engineering lead reviewed code")).toHaveText("Missing");
  await lead.signOff("Engineering lead reviewed code", "Reviewed PR #412");
  await expect(lead.signoffState("Engineering lead reviewed code")).toContainText("Signed by Lee Lead");
  await lead.page.context().close();

  await signIn(page, demo.manager);
  const release = await releasePage(page).open(releaseUrl);
  const seen = release.signoffState("Engineering lead reviewed code");
  await expect(seen).toContainText("Signed by Lee Lead");
  await expect(seen).toContainText("“Reviewed PR #412”");
  await expect(release.timeline).toContainText("Lee Lead signed off “Engineering lead reviewed code”");
  // The release manager may not give a lead's sign-off, and is told why.
  await expect(release.signoffRow("Tests passing in CI").getByRole("button", { name: /^Sign off/ })).toHaveAccessibleDescription(
    "Only an engineering lead can give “Tests passing in CI”",
  );
});

test("with every required pre-release item ticked (by keyboard) and every sign-off given, the release becomes ready", async ({ page, browser }) => {
  test.setTimeout(90_000);
  await signIn(page, demo.manager);
  const release = await releasePage(page).open(releaseUrl);

  const boxes = page.locator("#phase-pre-release [data-item-checkbox]");
  await expect(boxes).toHaveCount(20);
  await boxes.first().focus();
  for (let i = 0; i < 20; i += 1) {
    const box = boxes.nth(i);
    await expect(box).toBeFocused();
    const optional = (await page.getByRole("listitem").filter({ has: box }).getByText("Optional", { exact: true }).count()) > 0;
    if (!optional && (await box.getAttribute("aria-checked")) !== "true") {
      await page.keyboard.press("x");
      await expect(box).toBeChecked();
    }
    if (i < 19) await page.keyboard.press("ArrowDown");
  }
  await expect(release.markReady).toHaveAccessibleDescription("4 sign-offs remaining");

  const lead = await asUser(browser, demo.lead);
  for (const title of ["Tests passing in CI", "Documentation updated", "Migration tested", "Rollback procedure verified"]) {
    await lead.signOff(title);
    await expect(lead.signoffState(title)).toContainText("Signed by Lee Lead");
  }
  await lead.page.context().close();

  await page.reload();
  await expect(release.markReady).toBeEnabled();
  await expect(release.readinessSummary).toContainText("it can be marked ready");
  await release.markReady.click();
  await expect(release.status).toHaveText("Ready");
  // One button per intent: the deploy panel's "Start deploy" runs the pipeline; no status-only "Start release".
  await expect(release.startDeploy).toBeEnabled();
  await expect(page.getByRole("button", { name: "Start release" })).toHaveCount(0);
  await expect(release.timeline).toContainText("Rae Manager marked the release ready");
});

test("unticking a required item after signing sends the release back and marks only the sign-offs attesting it stale, until it is ticked again", async ({ page }) => {
  await signIn(page, demo.manager);
  const release = await releasePage(page).open(releaseUrl);
  await release.checkbox("Test rollback").click();
  const dialog = page.getByRole("dialog", { name: "Untick “Test rollback”?" });
  await expect(dialog).toContainText("The release goes back to preparing.");
  await dialog.getByLabel("Reason").fill("Downgrade failed on staging");
  await dialog.getByRole("button", { name: "Untick item" }).click();

  await expect(release.status).toHaveText("Preparing");
  const stale = release.signoffState("Migration tested");
  await expect(stale).toContainText("Stale");
  await expect(stale).toContainText("“Test rollback” was unticked after signing");
  await expect(release.signoffRow("Migration tested").getByTestId("signoff-scope")).toContainText("Attests “Database”");
  await expect(release.signoffState("Rollback procedure verified")).toContainText("Stale");
  // The sign-offs that do not attest "Test rollback" still hold (the fault: all five went stale).
  for (const title of ["Engineering lead reviewed code", "Tests passing in CI", "Documentation updated"]) {
    await expect(release.signoffState(title)).toContainText("Signed by Lee Lead");
  }
  await expect(release.markReady).toHaveAccessibleDescription("1 required pre-release item and 2 sign-offs remaining");
  await expect(release.timeline).toContainText("The release went from ready back to preparing: “Test rollback” was unticked");

  // Ticking it again before anyone renews them restores both.
  await release.checkbox("Test rollback").click();
  await expect(stale).toContainText("Signed by Lee Lead");
  await expect(release.signoffState("Rollback procedure verified")).toContainText("Signed by Lee Lead");
  await expect(release.timeline).toContainText("The sign-off “Migration tested” holds again");
});
