import { expect, test } from "./support/test";
import { PipelinesPage } from "./pages/pipelines-page";
import { createProject, createProjectRelease, savePipelineYaml } from "./support/fixtures";
import { demo, signIn } from "./support/sign-in";

// Pipelines by form and as code, on a project of the spec's own (the demo's pipelines stay as they are):
// version 1 comes from YAML through the action, version 2 is built in the step editor.
test("an admin builds a pipeline with the form, reorders it by keyboard, and sees version 2's diff and a dry run", async ({ page }) => {
  test.setTimeout(120_000);
  const project = await createProject("Pipelines form");
  await savePipelineYaml(project.id, "DEPLOY", "- kind: WAIT\n  name: Soak\n  config: { seconds: 30 }\n");
  await createProjectRelease(project.id, "1.0.0");
  await signIn(page, demo.admin);

  const pipelines = new PipelinesPage(page);
  await pipelines.open(project.slug);
  const deploy = pipelines.editor("Deploy");
  await expect(deploy.region.getByText("Version 1", { exact: true })).toBeVisible();
  await expect(deploy.tab("Steps")).toHaveAttribute("aria-selected", "true");
  await expect(deploy.step(1).getByLabel("Name")).toHaveValue("Soak");

  // A SHELL step using both versions, added last, then moved first with Alt+ArrowUp.
  await deploy.addStep("Shell command");
  const added = deploy.step(2);
  await expect(added.getByLabel("Name")).toBeFocused();
  await added.getByLabel("Name").fill("Deploy");
  await added.getByLabel("Command").fill("deploy --version ${VERSION} --rollback-to ${PREVIOUS_VERSION}");
  await expect(added.getByRole("switch", { name: "Safe to run twice (idempotent)" })).not.toBeChecked();
  await added.getByLabel("Name").press("Alt+ArrowUp");
  await expect(deploy.step(1)).toHaveAccessibleName("Step 1 of 2: Deploy");
  await expect(deploy.step(1).getByLabel("Name")).toBeFocused();
  await expect(deploy.step(2)).toHaveAccessibleName("Step 2 of 2: Soak");
  await expect(page.getByText("Moved Deploy to position 1 of 2.")).toBeAttached();

  // A mistake comes back on its field, and nothing is saved.
  await deploy.step(2).getByLabel("Wait (seconds)").fill("0");
  await deploy.save.click();
  await expect(deploy.region.getByRole("alert")).toContainText("The pipeline has problems; nothing was saved.");
  await expect(deploy.step(2).getByLabel("Wait (seconds)")).toHaveAccessibleDescription(/The wait must be at least 1 second/);
  await deploy.step(2).getByLabel("Wait (seconds)").fill("30");

  await deploy.save.click();
  await expect(deploy.region.getByText("Saved as version 2.")).toBeVisible();
  await expect(deploy.region.getByText("Version 2", { exact: true })).toBeVisible();

  // History: version 2 beside version 1, compared line by line with + markers.
  const versions = pipelines.versions("Deploy");
  await expect(versions.getByRole("list", { name: "Deploy versions" }).getByRole("listitem")).toHaveText([/^Version 2\s*2 steps/, /^Version 1\s*1 step\b/]);
  await versions.getByLabel("From version").selectOption("1");
  await versions.getByLabel("To version").selectOption("2");
  await versions.getByRole("button", { name: "Compare" }).click();
  const diff = pipelines.versions("Deploy").getByLabel("Changes from version 1 to version 2");
  await expect(diff).toBeVisible();
  await expect(diff.getByText("command: deploy --version ${VERSION} --rollback-to ${PREVIOUS_VERSION}")).toHaveText(/^\+\s+command: deploy/);
  await expect(diff.getByText("- kind: WAIT")).toHaveText(/^\s+- kind: WAIT$/);

  // Dry run for 1.0.0: the version filled in; the project's first release has no previous version, named.
  const dryRun = pipelines.dryRun;
  await dryRun.getByLabel("Release").selectOption({ label: "1.0.0 — E2E release 1.0.0" });
  await dryRun.getByRole("button", { name: "Show dry run" }).click();
  const steps = pipelines.dryRun.getByRole("list", { name: "Dry run for 1.0.0" });
  await expect(steps.getByRole("listitem")).toHaveCount(2);
  await expect(steps.getByRole("listitem").first()).toContainText("deploy --version 1.0.0 --rollback-to ${PREVIOUS_VERSION}");
  await expect(steps.getByRole("listitem").first()).toContainText("Problem: ${PREVIOUS_VERSION} has no value here: no earlier version of this project was released");
});

test("a pipeline exported as YAML and pasted back with a mistake names the line, and saves nothing", async ({ page }) => {
  test.setTimeout(90_000);
  const project = await createProject("Pipelines yaml");
  await savePipelineYaml(project.id, "DEPLOY", "- kind: SHELL\n  name: Build\n  config:\n    command: make\n");
  await signIn(page, demo.admin);
  const pipelines = new PipelinesPage(page);
  await pipelines.open(project.slug);
  const deploy = pipelines.editor("Deploy");
  await deploy.tab("YAML").click();
  const yaml = deploy.region.getByLabel("Steps of the deploy pipeline (YAML)");
  await expect(yaml).toHaveValue("- kind: SHELL\n  name: Build\n  idempotent: false\n  config:\n    command: make\n    env: []\n    timeoutSeconds: 600\n");
  const download = page.waitForEvent("download");
  await deploy.region.getByRole("button", { name: "Download YAML" }).click();
  expect((await download).suggestedFilename()).toBe(`${project.slug}-deploy-pipeline.yaml`);

  await yaml.fill("- kind: SHELL\n  name: Build\n  config:\n    command: make\n- kind: HTTP\n  name: Health\n  config:\n    url: ftp://x\n");
  await deploy.save.click();
  const alert = deploy.region.getByRole("alert");
  await expect(alert).toContainText("The YAML has problems; nothing was saved.");
  await expect(alert).toContainText("line 8, column 10: step 2 (Health) › config.url: Use an http(s) URL");
  await expect(deploy.region.getByText("Version 1", { exact: true })).toBeVisible();

  await deploy.region.getByRole("button", { name: "Discard changes" }).click();
  await expect(yaml).toHaveValue(/^- kind: SHELL\n  name: Build\n/);
  await deploy.tab("Steps").click();
  await expect(deploy.step(1).getByLabel("Command")).toHaveValue("make");
});
