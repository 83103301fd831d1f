// Two people on the same release page: what the release manager (and the engineering lead) do appears in
// the viewer's open page without a reload — a tick, a sign-off and a deploy's steps and logs.
import { expect, test } from "./support/test";
import { type Browser } from "@playwright/test";
import { NewReleasePage } from "./pages/new-release-page";
import { ReleasePage } from "./pages/release-page";
import { query } from "./support/database";
import { makeReleaseReady, waitForRun } from "./support/fixtures";
import { demo, signIn } from "./support/sign-in";

test.describe.configure({ mode: "serial" });

const VERSION = "0.7.0";
let releaseUrl = "";

async function openAs(browser: Browser, email: string): Promise<ReleasePage> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  const release = await new ReleasePage(page, `Gateway ${VERSION}`).open(releaseUrl);
  await expect(release.live).toBeVisible();
  return release;
}

test("a tick, a sign-off and a deploy in one browser appear in another without a reload", async ({ browser }) => {
  test.setTimeout(90_000);
  const managerPage = await (await browser.newContext()).newPage();
  await signIn(managerPage, demo.manager);
  const created = await new NewReleasePage(managerPage).create(VERSION, "Live updates across browsers");
  releaseUrl = created.url;
  const releaseId = created.id;
  const manager = new ReleasePage(managerPage, `Gateway ${VERSION}`);
  await expect(manager.live).toBeVisible();

  const viewer = await openAs(browser, demo.viewer);
  // Nothing in the viewer's page may come from a reload: mark the document and check the mark survives.
  await viewer.page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  // 1. A tick.
  const item = "All planned features merged to main";
  await manager.checkbox(item).click();
  await expect(viewer.checkbox(item)).toBeChecked();
  await expect(viewer.attribution(item)).toContainText("Rae Manager");

  // 2. A sign-off, given by the engineering lead in a third browser.
  const lead = await openAs(browser, demo.lead);
  await lead.signOff("Tests passing in CI");
  await expect(lead.signoffRow("Tests passing in CI")).toContainText("Lee Lead");
  await expect(viewer.signoffRow("Tests passing in CI")).toContainText("Lee Lead");

  // 3. A deploy: the release is made ready behind the scenes (by the same actions), then the manager starts
  // the demo pipeline from the page.
  await makeReleaseReady(releaseId);
  await managerPage.reload();
  await manager.startDeploy.click();

  const steps = viewer.deploySteps;
  await expect(steps.step(/^Back up the database Succeeded/)).toBeVisible({ timeout: 30_000 });
  await expect(steps.step(/^Post-deployment verification Waiting for approval/)).toBeVisible({ timeout: 30_000 });
  await expect(viewer.status).toHaveText("Deploying");
  await expect(await steps.openLog("Back up the database")).toContainText("backup written (demo)");
  expect(await viewer.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  // Leave the project's deploy lock free for the specs that follow.
  const [run] = await query<{ id: string }>(`SELECT id FROM "DeployRun" WHERE "releaseId" = $1`, [releaseId]);
  await waitForRun(run!.id, "WAITING");
  await manager.cancelDeploy();
  await waitForRun(run!.id, "CANCELLED");
});
