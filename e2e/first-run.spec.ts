// The first run of a real installation: no demo, the first admin made with `npm run user:create`. The admin
// lands on the set-up page and sets a project up step by step (its checklist imported from Markdown, the
// manual pipelines, a flag, a release manager); a release is created and its checklist command copies with
// the release's version. Before that, anyone else sees who can set Preflight up.
import type { Page } from "@playwright/test";
import { userCreate } from "./support/first-run";
import { expect, test } from "./support/test";

const PASSWORD = "first-run-password-1";
const admin = { email: "ada@first-run.test", name: "Ada Admin" };
const viewer = { email: "vic@first-run.test", name: "Vic Viewer" };

const CHECKLIST = `# Payments release

## Pre-Release

### Prepare
- [ ] Tests pass: \`npm test\`

## Release Day

### Tag
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

const step = (page: Page, title: string) => page.getByRole("region", { name: new RegExp(title) });

test("before anything is set up, a viewer is told who can set it up", async ({ page }) => {
  await signIn(page, viewer.email);
  await expect(page.getByRole("heading", { level: 2, name: "No projects yet" })).toBeVisible();
  await expect(page.getByText("Admins set projects up. Ask the admin: Ada Admin.")).toBeVisible();
  await page.goto("/setup");
  await expect(page.getByRole("heading", { level: 1, name: "Only admins can manage projects and pipelines" })).toBeVisible();
});

test("the first admin sets a project up and its release's command copies with the release's version", async ({ page, context, baseURL }) => {
  // A whole set-up in one test, page after page.
  test.setTimeout(240_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await signIn(page, admin.email);
  // Nothing exists yet: the admin's first page is the set-up.
  await page.waitForURL("**/setup");
  await expect(page.getByRole("heading", { level: 1, name: "Set up Preflight" })).toBeVisible();
  await expect(step(page, "Choose its checklist template")).toContainText("Not done");

  // 1. The project; a slug with capitals is refused on its field, nothing is created.
  const first = step(page, "Create the project");
  await first.getByLabel("Name").fill("Payments API");
  await expect(first.getByLabel("Slug")).toHaveValue("payments-api");
  await first.getByLabel("Slug").fill("Payments");
  await first.getByRole("button", { name: "Create project" }).click();
  await expect(first.getByLabel("Slug")).toHaveAccessibleDescription(/Use lower-case letters, digits and single dashes between them, like billing-api/);
  await expect(first.getByLabel("Slug")).toBeFocused();
  await first.getByLabel("Slug").fill("payments-api");
  await first.getByRole("button", { name: "Create project" }).click();
  await page.waitForURL("**/projects/payments-api/setup");
  // The project, and the people (the admin and the viewer the CLI made).
  await expect(page.getByText("2 of 5 steps done")).toBeVisible();

  // 2. Its checklist: no template exists yet, so import the team's Markdown, then choose it.
  await step(page, "Choose its checklist template").getByRole("link", { name: "Import a checklist from Markdown" }).click();
  await page.getByLabel("Markdown", { exact: true }).fill(CHECKLIST);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Payments release");
  await page.getByRole("button", { name: "Import template" }).click();
  await page.waitForURL(/\/templates\/[^/]+\?notice=imported/);
  await page.goto("/projects/payments-api/setup");
  const template = step(page, "Choose its checklist template");
  await template.getByRole("button", { name: "Use this template" }).click();
  await expect(template.getByText("Releases start from “Payments release”")).toBeVisible();
  await expect(template.getByText("Done", { exact: true })).toBeVisible();

  // 3. Pipelines: this team deploys by hand.
  const pipelines = step(page, "Define its deploy and rollback pipelines");
  await pipelines.getByRole("button", { name: "Use the manual deploy pipeline" }).click();
  await expect(pipelines.getByText("No rollback pipeline yet")).toBeVisible();
  await pipelines.getByRole("button", { name: "Use the manual rollback pipeline" }).click();
  await expect(pipelines.getByText("Deploy version 1, rollback version 1")).toBeVisible();

  // 4. A feature flag; the same key again is refused on its field.
  const flags = step(page, "Add its feature flags");
  await flags.getByLabel("Key").fill("new-checkout");
  await flags.getByLabel("Description").fill("The new checkout flow");
  await flags.getByRole("button", { name: "Add flag" }).click();
  await expect(flags.getByRole("listitem", { name: "new-checkout" })).toContainText("Added by Ada Admin");
  await flags.getByLabel("Key").fill("new-checkout");
  await flags.getByRole("button", { name: "Add flag" }).click();
  await expect(flags.getByLabel("Key")).toHaveAccessibleDescription(/Payments API already has a flag new-checkout/);
  await expect(flags.getByRole("listitem")).toHaveCount(1);

  // 5. People: a release manager, on the users page the step links to.
  await step(page, "Add the people who release it").getByRole("link", { name: "Manage users" }).click();
  const createUser = page.getByRole("region", { name: "Create user" });
  await createUser.getByLabel("Email", { exact: true }).fill("rae@first-run.test");
  await createUser.getByLabel("Name", { exact: true }).fill("Rae Manager");
  await createUser.getByLabel("Role").selectOption({ label: "Release manager" });
  await createUser.getByRole("button", { name: "Create user", exact: true }).click();
  await expect(createUser.getByText("User created")).toBeVisible();
  await page.goto("/projects/payments-api/setup");
  await expect(page.getByText("5 of 5 steps done")).toBeVisible();

  // The project page lists the flag with who added it; the set-up stays one click away.
  await page.getByRole("link", { name: "Go to Payments API" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Payments API" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Feature flags" }).getByRole("listitem", { name: "new-checkout" })).toContainText("Added by Ada Admin");
  await expect(page.getByRole("link", { name: "Set-up" })).toBeVisible();

  // A release: its checklist shows, and copies, the command with its own version.
  await page.getByRole("link", { name: "New release" }).click();
  const form = page.getByRole("form", { name: "New release" });
  await expect(form.getByLabel("Checklist template").locator("option:checked")).toHaveText(/^Payments release/);
  await form.getByLabel("Version").fill("1.0.0");
  await form.getByLabel("Title").fill("First release");
  await form.getByRole("button", { name: "Create release" }).click();
  await page.waitForURL(/\/releases\/[^/]+$/);
  await expect(page.getByText('git tag -a v1.0.0 -m "Payments 1.0.0"')).toBeVisible();
  await page.getByRole("button", { name: "Copy command for Tag the release" }).click();
  await expect(page.getByRole("button", { name: "Copy command for Tag the release" })).toContainText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('git tag -a v1.0.0 -m "Payments 1.0.0"');
});
