// A rollback shows its preflight before it starts: what it checked (the last backup, the database downgrade) and
// the steps it will run, the downgrade skipped because the release's migrate step reported none. The release
// manager starts it from the release page; the run page shows the skipped step and why.
import { expect, test } from "./support/test";
import { createProject, createProjectRelease, makeReleaseReady, savePipelineYaml, startDeploy, waitForRun } from "./support/fixtures";
import { demo, signIn } from "./support/sign-in";

const DEPLOY = `- kind: SHELL
  name: Back up the database
  purpose: backup
  config:
    command: echo backed up
- kind: SHELL
  name: Run migrations
  purpose: migrate
  config:
    command: echo "nothing to migrate"; echo "migrations=0" >> "$PREFLIGHT_OUTPUT"
`;

const ROLLBACK = `- kind: SHELL
  name: Redeploy the previous image
  config:
    command: echo redeployed
- kind: SHELL
  name: Downgrade the database
  purpose: downgrade
  config:
    command: echo downgraded
`;

test("a rollback's dialog shows its checks and plan, and skips the downgrade of a release that ran no migrations", async ({ page }) => {
  test.setTimeout(60_000);
  const project = await createProject("Rollback preflight");
  await savePipelineYaml(project.id, "DEPLOY", DEPLOY);
  await savePipelineYaml(project.id, "ROLLBACK", ROLLBACK);
  const release = await createProjectRelease(project.id, "2.0.0");
  await makeReleaseReady(release.id);
  await waitForRun(await startDeploy(release), "SUCCEEDED");

  await signIn(page, demo.manager);
  await page.goto(release.url);
  // Live: the page is hydrated (a click before that would do nothing) and follows the release.
  await expect(page.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible();
  await page.getByRole("button", { name: "Emergency rollback" }).click();
  const dialog = page.getByRole("dialog", { name: "Roll back 2.0.0?" });
  await expect(dialog).toBeVisible();
  const preflight = dialog.getByTestId("rollback-preflight");
  await expect(preflight.getByRole("region", { name: "Checks" })).toContainText(/Last backup \(passed\): ‘Back up the database’ \(deploy of 2\.0\.0\) finished \d+ min ago/);
  await expect(preflight.getByRole("region", { name: "Checks" })).toContainText("Database downgrade (passed): ‘Run migrations’ reported that it applied no migrations.");
  const steps = preflight.getByRole("region", { name: "Steps" }).getByRole("listitem");
  await expect(steps).toHaveText(["Redeploy the previous image", "Downgrade the database — skipped: This release ran no database migrations"]);
  // No check failed: no override is asked for.
  await expect(dialog.getByLabel("Why go on despite the failed checks")).toHaveCount(0);

  await dialog.getByRole("button", { name: "Start rollback" }).click();
  await expect(dialog.getByText("Say why the release is rolled back.")).toBeVisible();
  await dialog.getByLabel("Reason").fill("Checkout errors since the deploy");
  await dialog.getByRole("button", { name: "Start rollback" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("release-status")).toHaveText(/Rolling back|Rolled back/);
  await expect(page.getByTestId("timeline")).toContainText("started a rollback");
});
