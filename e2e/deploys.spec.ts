import { expect, test } from "./support/test";
import { type Page } from "@playwright/test";
import { query } from "./support/database";
import { demo, signIn } from "./support/sign-in";

// The e2e server runs a real worker; the demo pipeline's health check calls the app itself. The deploy
// test makes the demo's 0.5.0 ready by SQL, deploys it, and afterwards puts everything back as the seed
// left it (other specs expect 0.5.0 preparing, 6 of 45 items done, the flag off).

interface Arranged {
  releaseId: string;
  managerId: string;
  tickedItemIds: string[];
  flagId: string;
  flagWasEnabled: boolean;
  startedAt: Date;
}

let arranged: Arranged | null = null;

/** Ticks every open required pre-release item, gives every sign-off, and marks 0.5.0 READY (as tests/support/deploys.ts makeReleaseReady). */
async function makeReleaseReady(): Promise<Arranged> {
  const [release] = await query<{ id: string }>(
    `SELECT r.id FROM "Release" r JOIN "Project" p ON p.id = r."projectId" WHERE p.slug = 'gateway' AND r.version = '0.5.0'`,
  );
  const [manager] = await query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [demo.manager]);
  const [flag] = await query<{ id: string; enabled: boolean }>(
    `SELECT f.id, f.enabled FROM "FeatureFlag" f JOIN "Project" p ON p.id = f."projectId" WHERE p.slug = 'gateway' AND f.key = 'INTEGRATIONS_GITHUB_ACTIONS_ENABLED'`,
  );
  if (!release || !manager || !flag) throw new Error("The demo seed is missing 0.5.0, the manager or the flag");
  const startedAt = new Date();
  const ticked = await query<{ id: string }>(
    `UPDATE "ReleaseItem" SET state = 'DONE', "tickedById" = $2, "tickedAt" = now(), "rowVersion" = "rowVersion" + 1
     WHERE "releaseId" = $1 AND phase = 'PRE_RELEASE' AND required AND state = 'OPEN' RETURNING id`,
    [release.id, manager.id],
  );
  await query(
    `INSERT INTO "Signoff" (id, "requirementId", "releaseId", "signedById", "checklistState")
     SELECT 'e2e-deploys-' || md5(random()::text || id), id, "releaseId", $2, '[]'::jsonb FROM "SignoffRequirement" WHERE "releaseId" = $1`,
    [release.id, manager.id],
  );
  await query(`UPDATE "Release" SET status = 'READY', "readyAt" = now() WHERE id = $1`, [release.id]);
  return { releaseId: release.id, managerId: manager.id, tickedItemIds: ticked.map((r) => r.id), flagId: flag.id, flagWasEnabled: flag.enabled, startedAt };
}

/** Puts 0.5.0 back as the seed made it (the audit log, append-only, keeps what happened). */
async function restoreRelease(state: Arranged) {
  await query(`DELETE FROM "DeployRun" WHERE "releaseId" = $1`, [state.releaseId]);
  // Release-day items the deploy ticked (or noted) go back to open, as seeded.
  await query(
    `UPDATE "ReleaseItem" SET state = 'OPEN', "tickedById" = NULL, "tickedAt" = NULL, "tickedByRunId" = NULL, "evidenceUrl" = NULL, note = NULL, "rowVersion" = 1
     WHERE "releaseId" = $1 AND "tickedByRunId" IS NOT NULL`,
    [state.releaseId],
  );
  await query(`DELETE FROM "Signoff" WHERE "releaseId" = $1 AND id LIKE 'e2e-deploys-%'`, [state.releaseId]);
  await query(
    `UPDATE "ReleaseItem" SET state = 'OPEN', "tickedById" = NULL, "tickedAt" = NULL, "rowVersion" = "rowVersion" - 1 WHERE id = ANY($1::text[])`,
    [state.tickedItemIds],
  );
  await query(
    `UPDATE "Release" SET status = 'PREPARING', "readyAt" = NULL, "deployingAt" = NULL, "monitoringAt" = NULL, "failedAt" = NULL,
     "rollingBackAt" = NULL, "deployPipelineId" = NULL, "rollbackPipelineId" = NULL WHERE id = $1`,
    [state.releaseId],
  );
  await query(`DELETE FROM "FlagChange" WHERE "flagId" = $1 AND at >= $2`, [state.flagId, state.startedAt]);
  await query(`UPDATE "FeatureFlag" SET enabled = $2 WHERE id = $1`, [state.flagId, state.flagWasEnabled]);
}

test.afterAll(async () => {
  if (arranged) await restoreRelease(arranged);
  arranged = null;
});

const deployPanel = (page: Page) => page.getByRole("region", { name: "Deploy", exact: true });

test("a release manager deploys 0.5.0 from the project page: live steps and logs, approval, then the flag kill switch", async ({ page }) => {
  test.setTimeout(120_000);
  arranged = await makeReleaseReady();
  await signIn(page, demo.manager);

  // Home → project page.
  await page.getByRole("region", { name: "Gateway" }).getByRole("link", { name: "Gateway", exact: true }).click();
  await expect(page).toHaveURL(/\/projects\/gateway$/);
  await expect(page.getByRole("heading", { level: 1, name: "Gateway" })).toBeVisible();

  const panel = deployPanel(page);
  await expect(panel.getByText("Worker online")).toBeVisible({ timeout: 15_000 });
  await panel.getByRole("button", { name: "Start deploy" }).click();

  // The steps run one after another; the backup's log streams in.
  const steps = panel.getByRole("tablist", { name: "Steps of the deploy" });
  await expect(steps.getByRole("tab")).toHaveCount(7);
  const backup = steps.getByRole("tab", { name: /Back up the database/ });
  await expect(backup).toContainText("Succeeded", { timeout: 30_000 });
  await backup.click();
  await expect(backup).toHaveAttribute("aria-selected", "true");
  const backupLog = panel.getByRole("log", { name: "Log of Back up the database" });
  await expect(backupLog).toContainText("backup written (demo)");
  await expect(backupLog).toContainText('pg_dump -U postgres > backup_v0.5.0_pre.sql');

  // The verification step waits for a person.
  const decision = panel.getByRole("region", { name: "Needs your decision" });
  await expect(decision).toContainText("“Post-deployment verification” is waiting for approval", { timeout: 45_000 });
  await expect(decision).toContainText("Health endpoints responding");
  for (const name of ["Back up the database", "Pull the new version", "Run migrations", "Restart services", "Wait for health"]) {
    await expect(steps.getByRole("tab", { name: new RegExp(name) })).toContainText("Succeeded");
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
  const leadDecision = deployPanel(leadPage).getByRole("region", { name: "Needs your decision" });
  await leadDecision.getByRole("button", { name: "Approve" }).click();
  const dialog = leadPage.getByRole("dialog", { name: "Approve “Post-deployment verification”?" });
  await dialog.getByLabel("Comment").fill("Dashboards green, version correct");
  await dialog.getByRole("button", { name: "Approve" }).click();
  await expect(dialog).toBeHidden();
  await leadContext.close();

  // The flag step runs and the run succeeds; the release moves to monitoring.
  await expect(panel.getByRole("status").filter({ hasText: "Succeeded" }).first()).toBeVisible({ timeout: 30_000 });
  await expect(steps.getByRole("tab", { name: /Post-deployment verification/ })).toContainText("Approved by Lee Lead");
  await expect(steps.getByRole("tab", { name: /Enable the GitHub Actions integration/ })).toContainText("Succeeded");
  await expect(panel.getByText(/Monitoring: \d+ h \d+ min left/)).toBeVisible({ timeout: 15_000 });
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
  await expect(page.getByRole("region", { name: "Feature flags" }).getByRole("listitem", { name: "INTEGRATIONS_GITHUB_ACTIONS_ENABLED" })).toContainText(
    "Disabled by Rae Manager",
  );

  // The run's full page: every step and its log.
  await deployPanel(page).getByRole("link", { name: "Open full log" }).click();
  await expect(page).toHaveURL(/\/releases\/\w+\/deploys\/\w+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Deploy of 0.5.0" })).toBeVisible();
  const fullSteps = page.getByRole("tablist", { name: "Steps of the deploy" });
  await fullSteps.getByRole("tab", { name: /Restart services/ }).click();
  await expect(page.getByRole("log", { name: "Log of Restart services" })).toContainText("services restarted (demo)");
  await expect(page.getByRole("button", { name: /Cancel deploy/ })).toHaveCount(0);
});

test("an admin's pipeline edit with mistakes lists every problem and saves nothing", async ({ page }) => {
  await signIn(page, demo.admin);
  await page.goto("/projects/gateway");
  await page.getByRole("link", { name: "Edit pipelines" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pipelines of Gateway" })).toBeVisible();

  const deploy = page.getByRole("region", { name: "Deploy pipeline" });
  await expect(deploy.getByText("Version 1")).toBeVisible();
  const editor = deploy.getByLabel("Steps of the deploy pipeline (JSON)");
  await expect(editor).toHaveValue(/"name": "Back up the database"/);

  await editor.fill('[{ "kind": "SHELL", "name": "Broken" ');
  await deploy.getByRole("button", { name: "Save as a new version" }).click();
  await expect(deploy.getByRole("alert")).toContainText("The JSON does not parse");

  await editor.fill(JSON.stringify([{ kind: "SHELL", name: "Backup", config: {} }, { kind: "HTTP", name: "Health", config: { url: "ftp://x" } }, { kind: "DANCE", name: "?" }], null, 2));
  await deploy.getByRole("button", { name: "Save as a new version" }).click();
  const problems = deploy.getByRole("alert");
  await expect(problems).toContainText("The pipeline has problems; nothing was saved.");
  await expect(problems).toContainText("step 1 (Backup) › config.command: Give either command or argv");
  await expect(problems).toContainText("step 2 (Health) › config.url: Use an http(s) URL");
  await expect(problems).toContainText("step 3 (?)");
  await expect(deploy.getByText("Version 1")).toBeVisible();

  await deploy.getByRole("button", { name: "Discard changes" }).click();
  await expect(editor).toHaveValue(/"name": "Back up the database"/);
  await expect(deploy.getByRole("alert")).toHaveCount(0);
});

test("a viewer reads the pipelines as step lists and cannot change flags", async ({ page }) => {
  await signIn(page, demo.viewer);
  await page.goto("/projects/gateway");
  const flag = page.getByRole("region", { name: "Feature flags" }).getByRole("listitem", { name: "INTEGRATIONS_GITHUB_ACTIONS_ENABLED" });
  await expect(flag.getByRole("button", { name: /Enable/ })).toHaveAttribute("aria-disabled", "true");
  await expect(flag.getByRole("button", { name: /Enable/ })).toHaveAccessibleDescription("Only release managers and admins can change feature flags");

  await page.getByRole("link", { name: "View pipelines" }).click();
  await expect(page.getByText("Only admins can manage projects and pipelines: you can read them here.")).toBeVisible();
  const steps = page.getByRole("list", { name: "Steps of the deploy pipeline" });
  await expect(steps.getByRole("listitem")).toHaveCount(7);
  await expect(steps.getByRole("listitem").nth(2)).toContainText("Run migrations");
  await expect(steps.getByRole("listitem").nth(2)).toContainText("Not safe to re-run");
  await expect(page.getByRole("textbox")).toHaveCount(0);
});
