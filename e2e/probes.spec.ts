import { expect, test } from "./support/test";
import { PipelinesPage } from "./pages/pipelines-page";
import { createProject, createProjectRelease, makeReleaseReady, savePipelineYaml, startDeploy, waitForRun } from "./support/fixtures";
import { demo, signIn } from "./support/sign-in";

// PROBE steps on a project of the spec's own: one added with the form (its condition checked as it is typed), and
// one run by the e2e server's real worker against the app's own health endpoint, its checks shown on the run page.

const HEALTH_PROBE = `- kind: PROBE
  name: Health
  config:
    check: HTTP
    url: \${PREFLIGHT_URL}/api/health
    jsonCondition: $.database.status == "ok"
    intervalSeconds: 1
    durationSeconds: 2
`;

test("an admin adds a Prometheus probe with the form: a condition it cannot read is named on its field as it is typed", async ({ page }) => {
  const project = await createProject("Probe form");
  await savePipelineYaml(project.id, "DEPLOY", HEALTH_PROBE);
  await signIn(page, demo.admin);
  const pipelines = new PipelinesPage(page);
  await pipelines.open(project.slug);
  const deploy = pipelines.editor("Deploy");
  await expect(deploy.step(1).getByLabel("JSON condition")).toHaveValue('$.database.status == "ok"');

  const probe = await deploy.addNamedStep("Probe", "Error rate");
  await expect(probe.getByRole("radio", { name: "A Prometheus query" })).toBeChecked();
  await probe.getByLabel("Prometheus URL").fill("https://prometheus.example.com");
  await probe.getByLabel("Query (PromQL)").fill('sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))');
  await probe.getByLabel("Condition").fill("value <= lots");
  await expect(probe.getByLabel("Condition")).toHaveAccessibleDescription(/“lots” is not a number/);
  await probe.getByLabel("Condition").fill("current <= 1.2 * baseline");
  await expect(probe.getByLabel("Condition")).not.toHaveAccessibleDescription(/is not a number/);
  await probe.getByLabel("Called").fill("error rate");

  await deploy.save.click();
  await expect(deploy.region.getByText("Saved as version 2.")).toBeVisible();
  await expect(deploy.step(2).getByLabel("Condition")).toHaveValue("current <= 1.2 * baseline");
});

test("a deploy's probe step shows its checks on the run page", async ({ page }) => {
  test.setTimeout(60_000);
  const project = await createProject("Probe run");
  await savePipelineYaml(project.id, "DEPLOY", HEALTH_PROBE);
  const release = await createProjectRelease(project.id, "1.0.0");
  await makeReleaseReady(release.id);
  const runId = await startDeploy(release);
  await waitForRun(runId, "SUCCEEDED");

  await signIn(page, demo.viewer);
  await page.goto(`/releases/${release.id}/deploys/${runId}`);
  const checks = page.getByRole("region", { name: "Probe checks" });
  await expect(checks).toContainText("3 checks: all passed");
  await expect(checks.getByRole("img")).toHaveAccessibleName("Checked values from 200 to 200; the latest is 200");
  await expect(checks.getByRole("listitem")).toHaveCount(3);
  await expect(checks.getByRole("listitem").first()).toHaveText(/^\d\d:\d\d:\d\d ok HTTP 200, \$\.database\.status == "ok"$/);
});
