// GitHub's webhook ticks a bound checklist item in a browser that has the release open, without a reload,
// with the workflow run's link as evidence: the path a team's CI takes instead of a person typing "done".
import { createHmac } from "node:crypto";
import { expect, test } from "./support/test";
import { ReleasePage } from "./pages/release-page";
import { createRelease, importTemplate, makeGithubWebhookSecret } from "./support/fixtures";
import { demo, signIn } from "./support/sign-in";

const VERSION = "3.1.0";
const RUN_URL = "https://github.com/acme/gateway/actions/runs/4242";
const CHECKLIST = `# Gateway with CI

## Pre-Release

- [ ] Tests passing in CI <!-- preflight: github.workflow_run ci.yml success -->
- [ ] Changelog written

## Release Day

- [ ] Deploy
`;

test("a signed workflow_run success ticks the bound item in an open page, with the run as evidence", async ({ page, request }) => {
  const secret = await makeGithubWebhookSecret();
  const templateId = await importTemplate("Gateway with CI (e2e)", CHECKLIST);
  const release = await createRelease(VERSION, "Ticked by GitHub", { templateId });

  await signIn(page, demo.viewer);
  const view = await new ReleasePage(page, `Gateway ${VERSION}`).open(release.url);
  await expect(view.live).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  const item = view.itemRow("Tests passing in CI");
  await expect(item.getByTestId("item-binding")).toHaveText("Automated · ticked when GitHub workflow ci.yml succeeds on the release's tag");

  const body = JSON.stringify({
    action: "completed",
    workflow_run: { id: 4242, name: "CI", path: ".github/workflows/ci.yml", head_branch: `v${VERSION}`, status: "completed", conclusion: "success", html_url: RUN_URL },
    workflow: { id: 1, name: "CI", path: ".github/workflows/ci.yml" },
    repository: { full_name: "acme/gateway", html_url: "https://github.com/acme/gateway" },
    sender: { login: "octocat" },
  });
  const response = await request.post("/api/webhooks/github/gateway", {
    headers: {
      "content-type": "application/json",
      "x-github-event": "workflow_run",
      "x-github-delivery": `e2e-${Date.now()}`,
      "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    },
    data: body,
  });
  expect(response.status()).toBe(200);

  await expect(view.checkbox("Tests passing in CI")).toBeChecked();
  await expect(view.attribution("Tests passing in CI")).toContainText("GitHub");
  await expect(item.getByTestId("item-binding")).toHaveText("Automated · ticked by GitHub");
  await expect(item.getByRole("link", { name: /Evidence: github\.com\/acme\/gateway\/actions\/runs\/4242/ })).toHaveAttribute("href", RUN_URL);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  // The delivery is in the admin's log, verified, with what it did.
  const admin = await (await page.context().browser()!.newContext()).newPage();
  await signIn(admin, demo.admin);
  await admin.goto("/admin/webhooks");
  const logged = admin.getByTestId("webhook-delivery").first();
  await expect(logged).toContainText("workflow_run");
  await expect(logged).toContainText("Signature verified");
  await expect(logged).toContainText(`Release ${VERSION}: ticked “Tests passing in CI”.`);
});
