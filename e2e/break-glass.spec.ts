import { ReleasePage } from "./pages/release-page";
import { act } from "../bench/support";
import { createProject, createProjectRelease, releaseJson, savePipelineYaml, sessionOf, tickItem } from "./support/fixtures";
import { demo, signIn } from "./support/sign-in";
import { expect, test } from "./support/test";

// Break-glass on a project of the spec's own (its own deploy lock and pipeline): the release is prepared but
// no sign-off is in; the admin deploys anyway with a reason, the release says so, and the engineering lead's
// sign-off given afterwards says it came after the deploy.
test("an admin deploys with break-glass, the banner shows, and a later sign-off says it came after the deploy", async ({ page }) => {
  test.setTimeout(120_000);
  const project = await createProject("Break glass");
  await savePipelineYaml(project.id, "DEPLOY", "- kind: SHELL\n  name: Ship\n  config:\n    command: echo shipped\n");
  const release = await createProjectRelease(project.id, "1.0.0");
  const manager = await sessionOf("manager");
  await act(manager, "transitionReleaseAction", { releaseId: release.id, to: "PREPARING" }, { id: release.id });
  for (const item of (await releaseJson(release.id)).items.filter((i) => i.phase === "PRE_RELEASE" && i.required && i.state === "OPEN")) {
    await tickItem(release.id, item);
  }
  const requirements = (await releaseJson(release.id)).signoffRequirements;
  const missing = requirements.map((r) => r.title);
  const review = (requirements.find((r) => r.title === "Engineering lead reviewed code") ?? requirements.find((r) => r.role === "ENGINEERING_LEAD"))!.title;

  await signIn(page, demo.admin);
  const releasePage = await new ReleasePage(page, "Break glass 1.0.0").open(release.url);
  await expect(releasePage.breakGlassBanner).toHaveCount(0);

  // The dialog names every missing sign-off and says the deploy is recorded; a reason is required.
  const dialog = await releasePage.openBreakGlass();
  for (const title of missing) await expect(dialog.getByTestId("break-glass-missing")).toContainText(title);
  await expect(dialog).toContainText("This is recorded");
  await dialog.getByRole("button", { name: "Deploy with break-glass" }).click();
  await expect(dialog.getByText("Say why the deploy cannot wait for the sign-offs.")).toBeVisible();
  await dialog.getByLabel("Reason").fill("Payment outage: the fix cannot wait for the lead");
  await dialog.getByRole("button", { name: "Deploy with break-glass" }).click();
  await expect(dialog).toBeHidden();

  // The banner says who, why and what is still owed; the status badge is joined by a break-glass badge.
  const banner = releasePage.breakGlassBanner;
  await expect(banner).toBeVisible();
  await expect(banner).toContainText("Deployed with break-glass");
  await expect(banner).toContainText("Ada Admin deployed this release");
  await expect(banner).toContainText("Payment outage: the fix cannot wait for the lead");
  await expect(banner.getByTestId("break-glass-owed")).toContainText("Still owed");
  await expect(page.getByTestId("break-glass-badge").first()).toBeVisible();
  await expect(releasePage.status).not.toHaveText(/Preparing/);

  // The engineering lead gives their sign-off afterwards, from their own browser.
  const leadContext = await page.context().browser()!.newContext({ baseURL: test.info().project.use.baseURL });
  const leadPage = await leadContext.newPage();
  await signIn(leadPage, demo.lead);
  const leadRelease = await new ReleasePage(leadPage, "Break glass 1.0.0").open(release.url);
  await leadRelease.signOff(review, "Reviewed the hotfix after the fact");
  await expect(leadRelease.signoffRow(review).getByTestId("signoff-after-break-glass")).toContainText(/Signed after the break-glass deploy, \d+ min later/);
  await leadContext.close();

  // The admin's open page shows it too (live), and the history lists the release with its badge.
  await expect(releasePage.signoffRow(review).getByTestId("signoff-after-break-glass")).toBeVisible();
  await expect(releasePage.timeline).toContainText("after the break-glass deploy");
  await page.goto(`/releases?q=${encodeURIComponent("E2E release 1.0.0")}`);
  await expect(page.getByRole("row").filter({ hasText: "Break glass" }).getByTestId("break-glass-badge")).toBeVisible();
});
