// Two people on the same release page: what the release manager (and the engineering lead) do appears in
// the viewer's open page without a reload — a tick, a sign-off and a deploy's steps and logs.
import { expect, test } from "./support/test";
import { type Browser, type Page } from "@playwright/test";
import { query } from "./support/database";
import { demo, signIn } from "./support/sign-in";

test.describe.configure({ mode: "serial" });

const VERSION = "0.7.0";
let releaseUrl = "";
let releaseId = "";

async function openAs(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  await page.goto(releaseUrl);
  await expect(page.getByRole("heading", { level: 1, name: `Gateway ${VERSION}` })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  return page;
}

test("a tick, a sign-off and a deploy in one browser appear in another without a reload", async ({ browser }) => {
  test.setTimeout(90_000);
  const manager = await (await browser.newContext()).newPage();
  await signIn(manager, demo.manager);
  await manager.goto("/releases/new");
  await manager.getByLabel("Version").fill(VERSION);
  await manager.getByLabel("Title").fill("Live updates across browsers");
  await manager.getByRole("button", { name: "Create release" }).click();
  await manager.waitForURL((url) => /^\/releases\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith("/new"));
  releaseUrl = manager.url();
  releaseId = new URL(releaseUrl).pathname.split("/").pop()!;
  await expect(manager.getByRole("status").filter({ hasText: "Live" })).toBeVisible();

  const viewer = await openAs(browser, demo.viewer);
  // Nothing in the viewer's page may come from a reload: mark the document and check the mark survives.
  await viewer.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  // 1. A tick.
  const item = "All planned features merged to main";
  await manager.getByRole("checkbox", { name: item, exact: true }).click();
  await expect(viewer.getByRole("checkbox", { name: item, exact: true })).toBeChecked();
  await expect(viewer.getByRole("listitem").filter({ has: viewer.getByRole("checkbox", { name: item, exact: true }) }).getByTestId("item-attribution")).toContainText("Rae Manager");

  // 2. A sign-off, given by the engineering lead in a third browser.
  const lead = await openAs(browser, demo.lead);
  const ciRow = (page: Page) => page.getByTestId("signoff-row").filter({ hasText: "Tests passing in CI" });
  await ciRow(lead).getByRole("button", { name: /^Sign off/ }).click();
  await lead.getByRole("dialog").getByRole("button", { name: /^Sign off/ }).click();
  await expect(ciRow(lead)).toContainText("Lee Lead");
  await expect(ciRow(viewer)).toContainText("Lee Lead");

  // 3. A deploy: the release is made ready behind the scenes, then the manager starts the demo pipeline.
  const [managerRow] = await query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [demo.manager]);
  await query(
    `UPDATE "ReleaseItem" SET state = 'DONE', "tickedById" = $2, "tickedAt" = now(), "rowVersion" = "rowVersion" + 1
     WHERE "releaseId" = $1 AND phase = 'PRE_RELEASE' AND required AND state = 'OPEN'`,
    [releaseId, managerRow!.id],
  );
  const [leadRow] = await query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [demo.lead]);
  await query(
    `INSERT INTO "Signoff" (id, "requirementId", "releaseId", "signedById", "checklistState")
     SELECT 'e2e-release-live-' || r.id, r.id, r."releaseId", $2, '[]'::jsonb FROM "SignoffRequirement" r
     WHERE r."releaseId" = $1 AND NOT EXISTS (SELECT 1 FROM "Signoff" s WHERE s."requirementId" = r.id AND s."revokedAt" IS NULL)`,
    [releaseId, leadRow!.id],
  );
  await query(`UPDATE "Release" SET status = 'READY', "readyAt" = now() WHERE id = $1`, [releaseId]);
  await manager.reload();
  await manager.getByRole("button", { name: "Start deploy" }).click();

  const steps = viewer.getByRole("tablist", { name: "Steps of the deploy" });
  await expect(steps.getByRole("tab", { name: /^Back up the database Succeeded/ })).toBeVisible({ timeout: 30_000 });
  await expect(steps.getByRole("tab", { name: /^Post-deployment verification Waiting for approval/ })).toBeVisible({ timeout: 30_000 });
  await expect(viewer.getByTestId("release-status")).toHaveText("Deploying");
  await steps.getByRole("tab", { name: /^Back up the database/ }).click();
  await expect(viewer.getByRole("log", { name: "Log of Back up the database" })).toContainText("backup written (demo)");
  expect(await viewer.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  // Leave the project's deploy lock free for the specs that follow.
  const [run] = await query<{ id: string }>(`SELECT id FROM "DeployRun" WHERE "releaseId" = $1`, [releaseId]);
  await expect.poll(async () => (await query<{ status: string }>(`SELECT status::text FROM "DeployRun" WHERE id = $1`, [run!.id]))[0]!.status, { timeout: 30_000 }).toBe("WAITING");
  await manager.getByRole("button", { name: /^Cancel deploy/ }).first().click();
  await manager.getByRole("dialog").getByRole("button", { name: /^Cancel deploy/ }).click();
  await expect.poll(async () => (await query<{ count: string }>(`SELECT count(*) FROM "DeployLock"`))[0]!.count).toBe("0");
});
