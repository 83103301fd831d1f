import { expect, test } from "./support/test";
import { DeployPanel, RunPage } from "./pages/run-page";
import { createRelease, makeReleaseReady } from "./support/fixtures";
import { demo, signIn } from "./support/sign-in";

// The e2e server runs a real worker; the demo pipeline's health check calls the app itself. The deploy test
// makes its own release of the demo project ready through the actions, and deploys it from the project page
// (the project's current release is its newest one on its way).

const VERSION = "0.8.0";

test("a release manager deploys a release from the project page: live steps and logs, approval, then the flag kill switch", async ({ page }) => {
  test.setTimeout(120_000);
  const release = await createRelease(VERSION, "Deployed from the project page");
  await makeReleaseReady(release.id);
  await signIn(page, demo.manager);

  // Home → project page.
  await page.getByRole("region", { name: "Gateway" }).getByRole("link", { name: "Gateway", exact: true }).click();
  await expect(page).toHaveURL(/\/projects\/gateway$/);
  await expect(page.getByRole("heading", { level: 1, name: "Gateway" })).toBeVisible();

  const panel = new DeployPanel(page);
  await expect(panel.region.getByText("Worker online")).toBeVisible({ timeout: 15_000 });
  await panel.start.click();

  // The steps run one after another; the backup's log streams in.
  const steps = panel.steps;
  await expect(steps.tabs).toHaveCount(7);
  const backup = steps.step("Back up the database");
  await expect(backup).toContainText("Succeeded", { timeout: 30_000 });
  const backupLog = await steps.openLog("Back up the database");
  await expect(backupLog).toContainText("backup written (demo)");
  await expect(backupLog).toContainText(`pg_dump -U postgres > backup_v${VERSION}_pre.sql`);

  // The verification step waits for a person.
  const decision = panel.decision;
  await expect(decision).toContainText("“Post-deployment verification” is waiting for approval", { timeout: 45_000 });
  await expect(decision).toContainText("Health endpoints responding");
  for (const name of ["Back up the database", "Pull the new version", "Run migrations", "Restart services", "Wait for health"]) {
    await expect(steps.step(name)).toContainText("Succeeded");
  }
  // The verification is the engineering lead's (the demo step names the role), and four-eyes: the manager who
  // started the deploy is not offered it, and is told why.
  await expect(decision).toContainText("Approved by an engineering lead, not the person who started the run.");
  const managerApprove = decision.getByRole("button", { name: "Approve" });
  await expect(managerApprove).toHaveAttribute("aria-disabled", "true");
  await expect(managerApprove).toHaveAccessibleDescription("Only an engineering lead can approve “Post-deployment verification”");

  // The engineering lead approves from their own browser, with a comment.
  const leadContext = await page.context().browser()!.newContext({ baseURL: test.info().project.use.baseURL });
  const leadPage = await leadContext.newPage();
  await signIn(leadPage, demo.lead);
  await leadPage.goto("/projects/gateway");
  await new DeployPanel(leadPage).approve("Post-deployment verification", "Dashboards green, version correct");
  await leadContext.close();

  // The flag step runs and the run succeeds; the release moves to monitoring.
  await expect(panel.region.getByRole("status").filter({ hasText: "Succeeded" }).first()).toBeVisible({ timeout: 30_000 });
  await expect(steps.step("Post-deployment verification")).toContainText("Approved by Lee Lead");
  await expect(steps.step("Enable the GitHub Actions integration")).toContainText("Succeeded");
  await expect(panel.region.getByText(/Monitoring: \d+ h \d+ min left/)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("region", { name: "Current release" }).getByText("Monitoring", { exact: true })).toBeVisible();

  // The deploy turned the flag on; "Disable now" turns it off at once, attributed to the manager.
  const flags = page.getByRole("region", { name: "Feature flags" });
  const flag = flags.getByRole("listitem", { name: "INTEGRATIONS_GITHUB_ACTIONS_ENABLED" });
  await expect(flag).toContainText("On");
  await expect(flag).toContainText("Enabled by a pipeline step");
  await flag.getByRole("button", { name: "Disable now" }).click();
  await expect(flag).toContainText("Off");
  await expect(flag).toContainText("Disabled by Rae Manager");
  await expect(flag.getByRole("button", { name: "Enable" })).toBeVisible();
  await page.reload();
  const rolled = page.getByRole("region", { name: "Feature flags" }).getByRole("listitem", { name: "INTEGRATIONS_GITHUB_ACTIONS_ENABLED" });
  await expect(rolled).toContainText("Disabled by Rae Manager");

  // A percentage rollout: raising asks first, as Enable does; lowering with the slider's keys acts at once.
  await rolled.getByRole("spinbutton", { name: "Rollout percentage of INTEGRATIONS_GITHUB_ACTIONS_ENABLED" }).fill("25");
  await rolled.getByRole("button", { name: "Set INTEGRATIONS_GITHUB_ACTIONS_ENABLED to 25 %" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Set 25 %" }).click();
  await expect(rolled).toContainText("On for 25 %");
  await expect(rolled).toContainText("Set to 25 % by Rae Manager");
  await rolled.getByRole("slider", { name: "Rollout" }).press("ArrowLeft");
  await rolled.getByRole("button", { name: "Set INTEGRATIONS_GITHUB_ACTIONS_ENABLED to 24 %" }).click();
  await expect(rolled).toContainText("On for 24 %");
  await rolled.getByRole("button", { name: "Disable now" }).click();
  await expect(rolled).toContainText("Off");
  await expect(rolled).toContainText("Disabled by Rae Manager");

  // The run's full page: every step and its log.
  await new DeployPanel(page).region.getByRole("link", { name: "Open full log" }).click();
  await expect(page).toHaveURL(/\/releases\/\w+\/deploys\/\w+$/);
  const run = new RunPage(page);
  await expect(run.heading(`Deploy of ${VERSION}`)).toBeVisible();
  await expect(await run.steps.openLog("Restart services")).toContainText("services restarted (demo)");
  await expect(run.cancel).toHaveCount(0);
});

test("an admin's pipeline edit with mistakes lists every problem and saves nothing", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, demo.admin);
  await page.goto("/projects/gateway");
  await page.getByRole("link", { name: "Edit pipelines" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pipelines of Gateway" })).toBeVisible({ timeout: 15_000 });

  const deploy = page.getByRole("region", { name: "Deploy pipeline" });
  await expect(deploy.getByText("Version 1", { exact: true })).toBeVisible();
  await expect(deploy.getByRole("listitem", { name: /^Step 1 of 7: Back up the database$/ })).toBeVisible();
  await deploy.getByRole("tab", { name: "YAML" }).click();
  const editor = deploy.getByLabel("Steps of the deploy pipeline (YAML)");
  await expect(editor).toHaveValue(/name: Back up the database/);

  await editor.fill("- kind: SHELL\n  name: Broken\n  config: { command: make\n");
  await deploy.getByRole("button", { name: "Save as a new version" }).click();
  await expect(deploy.getByRole("alert")).toContainText("The YAML has problems; nothing was saved.");
  await expect(deploy.getByRole("alert")).toContainText(/line \d+, column \d+/);

  await editor.fill("- kind: SHELL\n  name: Backup\n  config: {}\n- kind: HTTP\n  name: Health\n  config: { url: 'ftp://x' }\n- kind: DANCE\n  name: '?'\n");
  await deploy.getByRole("button", { name: "Save as a new version" }).click();
  const problems = deploy.getByRole("alert");
  await expect(problems).toContainText("The YAML has problems; nothing was saved.");
  await expect(problems).toContainText("line 3, column 11: step 1 (Backup) › config.command: Give either command or argv");
  await expect(problems).toContainText("line 6, column 18: step 2 (Health) › config.url: Use an http(s) URL");
  await expect(problems).toContainText("step 3 (?)");
  await expect(deploy.getByText("Version 1", { exact: true })).toBeVisible();

  await deploy.getByRole("button", { name: "Discard changes" }).click();
  await expect(editor).toHaveValue(/name: Back up the database/);
  await expect(deploy.getByRole("alert")).toHaveCount(0);
});

test("a viewer reads the pipelines as step lists and cannot change flags", async ({ page }) => {
  await signIn(page, demo.viewer);
  await page.goto("/projects/gateway");
  const flag = page.getByRole("region", { name: "Feature flags" }).getByRole("listitem", { name: "INTEGRATIONS_GITHUB_ACTIONS_ENABLED" });
  await expect(flag.getByRole("button", { name: /Enable/ })).toHaveAttribute("aria-disabled", "true");
  await expect(flag.getByRole("button", { name: /Enable/ })).toHaveAccessibleDescription("Only release managers and admins can change feature flags");
  await expect(flag.getByRole("spinbutton", { name: /Rollout percentage/ })).toBeDisabled();

  await page.getByRole("link", { name: "View pipelines" }).click();
  await expect(page.getByText("Only admins can manage projects and pipelines: you can read them here.")).toBeVisible();
  const steps = page.getByRole("list", { name: "Steps of the deploy pipeline" });
  await expect(steps.getByRole("listitem")).toHaveCount(7);
  await expect(steps.getByRole("listitem").nth(2)).toContainText("Run migrations");
  await expect(steps.getByRole("listitem").nth(2)).toContainText("Not safe to re-run");
  await expect(page.getByRole("textbox")).toHaveCount(0);
});
