// The first run of a real installation: no demo, the first admin made with `npm run user:create`. The admin
// lands on the set-up page and sets a project up step by step (the version running now, its checklist imported
// from Markdown with numbered sections, a deploy pipeline built with the form, a flag, a release manager); the
// release manager creates 1.0.0, deploys it, reads the versions filled in in the step's log, and copies a
// checklist command with the release's version. Before that, anyone else sees who can set Preflight up.
import type { Page } from "@playwright/test";
import { PipelinesPage } from "./pages/pipelines-page";
import { ReleasePage } from "./pages/release-page";
import { SetupPage } from "./pages/setup-page";
import { userCreate } from "./support/first-run";
import { expect, test } from "./support/test";

const PASSWORD = "first-run-password-1";
const admin = { email: "ada@first-run.test", name: "Ada Admin" };
const viewer = { email: "vic@first-run.test", name: "Vic Viewer" };

const manager = { email: "rae@first-run.test", name: "Rae Manager" };
/** A secret environment value of the deploy step: never shown again once saved, masked in the log. */
const TOKEN = "tok-first-run-7f3a";

// An ordinary team checklist: numbered sections, not the reference's stage names.
const CHECKLIST = `# Payments release

## 1. Prepare
- [ ] Tests pass: \`npm test\`

## 2. Validate
- [ ] Staging smoke test passes

## 3. Publish
- [ ] Tag the release: \`git tag -a v\${VERSION} -m "Payments \${VERSION}"\`
`;

// Signing in hashes a password and pages are rendered cold on a second server: roomier than the default.
test.describe.configure({ mode: "serial", timeout: 90_000 });

test.beforeAll(async () => {
  // Two runs of the CLI (each starts tsx, checks the migrations and hashes a password): slow on a busy machine.
  test.setTimeout(180_000);
  expect(await userCreate({ ...admin, role: "ADMIN", password: PASSWORD })).toBe(`Created ADMIN ${admin.email}.`);
  await userCreate({ ...viewer, role: "VIEWER", password: PASSWORD });
});

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}


test("before anything is set up, a viewer is told who can set it up", async ({ page }) => {
  await signIn(page, viewer.email);
  await expect(page.getByRole("heading", { level: 2, name: "No projects yet" })).toBeVisible();
  await expect(page.getByText("Admins set projects up. Ask the admin: Ada Admin.")).toBeVisible();
  await page.goto("/setup");
  await expect(page.getByRole("heading", { level: 1, name: "Only admins can manage projects and pipelines" })).toBeVisible();
});

test("the first admin sets a project up; its release manager deploys 1.0.0 over the version running now and copies its command", async ({ page, browser, baseURL }) => {
  // A whole set-up and a deploy in one test, page after page.
  test.setTimeout(300_000);
  await signIn(page, admin.email);
  // Nothing exists yet: the admin's first page is the set-up.
  await page.waitForURL("**/setup");
  await expect(page.getByRole("heading", { level: 1, name: "Set up Preflight" })).toBeVisible();
  const setup = new SetupPage(page);
  await expect(setup.step("Choose its checklist template")).toContainText("Not done");

  // 1. The project, with the version it runs in production today; a slug with capitals and a version that is
  // not semver are refused on their fields, nothing is created.
  const first = setup.projectForm;
  await first.getByLabel("Name").fill("Payments API");
  await expect(first.getByLabel("Slug")).toHaveValue("payments-api");
  await first.getByLabel("Slug").fill("Payments");
  await first.getByLabel("Version running now").fill("0.9");
  await first.getByRole("button", { name: "Create project" }).click();
  await expect(first.getByLabel("Slug")).toHaveAccessibleDescription(/Use lower-case letters, digits and single dashes between them, like billing-api/);
  await expect(first.getByLabel("Version running now")).toHaveAccessibleDescription(/Use a semantic version: MAJOR.MINOR.PATCH/);
  await expect(first.getByLabel("Slug")).toBeFocused();
  await first.getByLabel("Slug").fill("payments-api");
  await first.getByLabel("Version running now").fill("0.9.0");
  await first.getByRole("button", { name: "Create project" }).click();
  await page.waitForURL("**/projects/payments-api/setup");
  // The project, and the people (the admin and the viewer the CLI made).
  await expect(page.getByText("2 of 5 steps done")).toBeVisible();
  await expect(setup.projectForm.getByLabel("Version running now")).toHaveValue("0.9.0");

  // 2. Its checklist: no template exists yet, so import the team's Markdown, then choose it.
  await setup.step("Choose its checklist template").getByRole("link", { name: "Import a checklist from Markdown" }).click();
  await page.getByLabel("Markdown", { exact: true }).fill(CHECKLIST);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Payments release");
  await expect(page.getByText("3 sections, 3 items, 0 sign-offs")).toBeVisible();
  await page.getByRole("button", { name: "Import template" }).click();
  await page.waitForURL(/\/templates\/[^/]+\?notice=imported/);
  await setup.open("payments-api");
  const template = setup.step("Choose its checklist template");
  await template.getByRole("button", { name: "Use this template" }).click();
  await expect(template.getByText("Releases start from “Payments release”")).toBeVisible();
  await expect(template.getByText("Done", { exact: true })).toBeVisible();

  // 3. Pipelines: the deploy is built with the step editor's form, a SHELL step with both versions and an
  // environment variable; rolling back stays manual.
  await setup.step("Define its deploy and rollback pipelines").getByRole("link", { name: "Edit pipelines" }).click();
  const pipelines = new PipelinesPage(page);
  const deploy = pipelines.editor("Deploy");
  await expect(deploy.region.getByText("No version yet")).toBeVisible();
  const shell = await deploy.addNamedStep("Shell command", "Deploy");
  await shell.getByLabel("Command").fill('echo "deploying ${VERSION} after ${PREVIOUS_VERSION} to $TARGET with $DEPLOY_TOKEN"');
  await deploy.addEnvVar(1, "target", "production");
  await deploy.addEnvVar(1, "DEPLOY_TOKEN", TOKEN, { secret: true });
  // The form checks a variable's name as it is typed.
  await expect(shell.getByLabel("Name of variable 1")).toHaveAccessibleDescription("Environment variable names are UPPER_CASE letters, digits and _");
  await shell.getByLabel("Name of variable 1").fill("TARGET");
  await expect(shell.getByLabel("Name of variable 1")).not.toHaveAttribute("aria-invalid");
  await deploy.save.click();
  await expect(deploy.region.getByText("Saved as version 1.")).toBeVisible();
  await expect(deploy.region.getByText("Version 1", { exact: true })).toBeVisible();
  await expect(shell.getByLabel("Value of variable 1")).toHaveValue("production");
  // The secret value is write-only: once saved, the form never has it again.
  const token = shell.getByLabel("Value of variable 2 (secret, saved: type to replace it)");
  await expect(token).toHaveValue("");
  await expect(token).toHaveAttribute("placeholder", "•••• saved");
  expect(await page.content()).not.toContain(TOKEN);
  await setup.open("payments-api");
  const pipelineStep = setup.step("Define its deploy and rollback pipelines");
  await pipelineStep.getByRole("button", { name: "Use the manual rollback pipeline" }).click();
  await expect(pipelineStep.getByText("Deploy version 1, rollback version 1")).toBeVisible();

  // 4. A feature flag; the same key again is refused on its field.
  const flags = setup.step("Add its feature flags");
  await flags.getByLabel("Key").fill("new-checkout");
  await flags.getByLabel("Description").fill("The new checkout flow");
  await flags.getByRole("button", { name: "Add flag" }).click();
  await expect(flags.getByRole("listitem", { name: "new-checkout" })).toContainText("Added by Ada Admin");
  await flags.getByLabel("Key").fill("new-checkout");
  await flags.getByRole("button", { name: "Add flag" }).click();
  await expect(flags.getByLabel("Key")).toHaveAccessibleDescription(/Payments API already has a flag new-checkout/);
  await expect(flags.getByRole("listitem")).toHaveCount(1);

  // 5. People: a release manager, on the users page the step links to, with a password the admin hands over.
  await setup.step("Add the people who release it").getByRole("link", { name: "Manage users" }).click();
  const createUser = page.getByRole("region", { name: "Create user" });
  await createUser.getByLabel("Email", { exact: true }).fill(manager.email);
  await createUser.getByLabel("Name", { exact: true }).fill(manager.name);
  await createUser.getByLabel("Role").selectOption({ label: "Release manager" });
  await createUser.getByLabel("Password").fill(PASSWORD);
  await createUser.getByRole("button", { name: "Create user", exact: true }).click();
  await expect(createUser.getByText("User created")).toBeVisible();
  await setup.open("payments-api");
  await expect(page.getByText("5 of 5 steps done")).toBeVisible();

  // The project page lists the flag with who added it and the version running before Preflight.
  await page.getByRole("link", { name: "Go to Payments API" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Payments API" })).toBeVisible();
  await expect(page.getByText("Version running before Preflight: 0.9.0")).toBeVisible();
  await expect(page.getByRole("region", { name: "Feature flags" }).getByRole("listitem", { name: "new-checkout" })).toContainText("Added by Ada Admin");
  await expect(page.getByRole("link", { name: "Set-up" })).toBeVisible();

  // The release manager, in a browser of their own: creates 1.0.0 from the project page.
  const context = await browser.newContext({ baseURL });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const rae = await context.newPage();
  await signIn(rae, manager.email);
  await rae.goto("/projects/payments-api");
  await rae.getByRole("link", { name: "New release" }).click();
  const form = rae.getByRole("form", { name: "New release" });
  await expect(form.getByLabel("Checklist template").locator("option:checked")).toHaveText(/^Payments release/);
  await form.getByLabel("Version").fill("1.0.0");
  await form.getByLabel("Title").fill("First release");
  await form.getByRole("button", { name: "Create release" }).click();
  await rae.waitForURL(/\/releases\/[^/]+$/);
  const release = new ReleasePage(rae, "Payments API 1.0.0");
  await expect(release.heading).toBeVisible();

  // Its checklist shows, and copies, the command with its own version.
  await expect(rae.getByText('git tag -a v1.0.0 -m "Payments 1.0.0"')).toBeVisible();
  await rae.getByRole("button", { name: "Copy command for Tag the release" }).click();
  await expect(rae.getByRole("button", { name: "Copy command for Tag the release" })).toContainText("Copied");
  expect(await rae.evaluate(() => navigator.clipboard.readText())).toBe('git tag -a v1.0.0 -m "Payments 1.0.0"');

  // Prepared and ready: the two required items of "1. Prepare" and "2. Validate" ticked.
  await release.checkbox("Tests pass").click();
  await expect(release.checkbox("Tests pass")).toBeChecked();
  await release.checkbox("Staging smoke test passes").click();
  await expect(release.checkbox("Staging smoke test passes")).toBeChecked();
  await rae.getByRole("button", { name: "Start preparing" }).click();
  await expect(release.status).toHaveText("Preparing");
  await release.markReady.click();
  await expect(release.status).toHaveText("Ready");

  // Deployed: the step's log shows the versions filled in, the one running before Preflight as the previous.
  await release.startDeploy.click();
  const steps = release.deploySteps;
  await expect(steps.step("Deploy")).toContainText("Succeeded", { timeout: 60_000 });
  const log = await steps.openLog("Deploy");
  await expect(log).toContainText("deploying 1.0.0 after 0.9.0 to production with ***");
  await expect(log).not.toContainText(TOKEN);
  await context.close();
});
