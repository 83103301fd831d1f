import { readFile } from "node:fs/promises";
import { expect, test } from "./support/test";
import { type Page } from "@playwright/test";
import { TemplatesPage, TemplateEditor, TemplatePage } from "./pages/template-pages";
import { demo, signIn } from "./support/sign-in";

const DEFAULT_TEMPLATE = "Default release checklist";

/** A fresh name per test, so the tests do not depend on each other's templates. */
function uniqueName(label: string): string {
  return `E2E ${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function checklistMarkdown(title: string): string {
  return [
    `# ${title}`,
    "",
    "## Pre-Release",
    "",
    "### Code",
    "- [ ] All tests passing: `npm test`",
    "- [ ] Load test if major changes",
    "",
    "## Release Day",
    "",
    "### Deploy",
    "- [ ] Deploy to production: `make deploy`",
    "",
    "## Release Approval",
    "",
    "- [ ] Engineering lead reviewed code",
  ].join("\n");
}

/** Creates an empty template through "New template" and lands in its editor. */
async function createTemplate(page: Page, name: string): Promise<TemplateEditor> {
  return (await new TemplatesPage(page).open()).create(name);
}

/** In the editor: adds an optional item with a command to the new template's only section, and saves. */
async function addOptionalItemAndSave(editor: TemplateEditor, title: string, command: string): Promise<void> {
  await editor.addItem("Preparation");
  const item = editor.item(2, 2, "Preparation");
  const itemTitle = editor.itemTitle(2, 2, "Preparation");
  await expect(itemTitle).toBeFocused();
  await itemTitle.fill(title);
  await item.getByRole("textbox", { name: /^Command/ }).fill(command);
  await item.getByRole("checkbox", { name: "Required" }).uncheck();
  await expect(editor.unsaved).toBeVisible();
  await editor.saveAndView();
}

test.describe("as an admin", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, demo.admin);
  });

  test("imports a pasted checklist after seeing its preview", async ({ page }) => {
    const title = uniqueName("import");
    const templates = await new TemplatesPage(page).open();
    await templates.importLink.click();
    await expect(page.getByRole("heading", { level: 1, name: "Import from Markdown" })).toBeVisible();

    const markdown = page.getByRole("textbox", { name: "Markdown", exact: true });
    const preview = page.getByRole("region", { name: "Preview" });
    const importButton = page.getByRole("button", { name: "Import template" });

    // Markdown without a checkbox is refused, with the reason.
    await markdown.fill(`# ${title}\n\n## Pre-Release\n- Plain bullet\n`);
    await expect(preview.getByRole("status")).toHaveText("1 problem stops the import.");
    await expect(preview).toContainText("No checklist items found: the Markdown has no checkboxes.");
    await expect(importButton).toBeDisabled();

    // What the importer left out is a warning with its line; the import still works.
    await markdown.fill(`# ${title}\n\n## Pre-Release\n- [ ] Fine\n- [ ]\n`);
    await expect(preview.getByRole("status")).toHaveText("Ready to import: 1 section, 1 item, 0 sign-offs, 1 warning.");
    await expect(preview.getByRole("button", { name: "Line 5: show it in the Markdown" })).toBeVisible();

    await markdown.fill(checklistMarkdown(title));
    await expect(preview.getByRole("status")).toHaveText("Ready to import: 2 sections, 3 items, 1 sign-off.");
    await expect(preview.getByRole("region", { name: "Pre-Release" })).toContainText("Code");
    await expect(preview.getByRole("region", { name: "Pre-Release" })).toContainText("2 items · 1 optional · 1 command");
    await expect(preview.getByRole("combobox", { name: "Stage of “Release Day”" })).toHaveValue("RELEASE_DAY");
    await expect(preview.getByRole("region", { name: "Sign-offs" })).toContainText("Engineering lead reviewed code");
    // The name is taken from the "# " heading.
    await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveValue(title);

    await importButton.click();
    await expect(page).toHaveURL(/\/templates\/[^/]+\?notice=imported$/);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Template imported." })).toBeVisible();
    const deploy = page.getByRole("group", { name: "Deploy" });
    await expect(deploy.locator("pre code")).toHaveText("make deploy");
    await expect(page.getByRole("group", { name: "Code" }).getByRole("listitem").filter({ hasText: "Load test if major changes" })).toContainText(
      "Optional",
    );

    await templates.open();
    await expect(templates.listed(title)).toBeVisible();
  });

  test("imports a numbered checklist: corrects a guessed stage and writes ${VERSION} into its commands", async ({ page }) => {
    const title = uniqueName("numbered");
    await page.goto("/templates/import");
    const markdown = [
      `# ${title}`,
      "",
      "## 1. Prepare",
      "- [ ] Bump the version: `npm version 2.4.0 --no-git-tag-version`",
      "",
      "## 2. Validate",
      "- [ ] Smoke test the build",
      "",
      "## 3. Publish",
      "- [ ] Tag: `git tag v2.4.0 && git push origin v2.4.0`",
      "",
      "## 4. Announce",
      "- [ ] Post in #releases",
    ].join("\n");
    await page.getByRole("textbox", { name: "Markdown", exact: true }).fill(markdown);
    const preview = page.getByRole("region", { name: "Preview" });
    await expect(preview.getByRole("status")).toHaveText("Ready to import: 4 sections, 4 items, 0 sign-offs.");
    const stage = (heading: string) => preview.getByRole("combobox", { name: `Stage of “${heading}”` });
    await expect(stage("1. Prepare")).toHaveValue("PRE_RELEASE");
    await expect(stage("2. Validate")).toHaveValue("PRE_RELEASE");
    await expect(stage("3. Publish")).toHaveValue("RELEASE_DAY");
    await expect(stage("4. Announce")).toHaveValue("POST_RELEASE");
    await stage("2. Validate").selectOption("RELEASE_DAY");
    await expect(preview.getByRole("region", { name: "2. Validate" })).toContainText("Guessed: Pre-release");
    await expect(preview.getByRole("checkbox", { name: /^Write \$\{VERSION\} for 2\.4\.0/ })).toBeChecked();

    await page.getByRole("button", { name: "Import template" }).click();
    await expect(page).toHaveURL(/\/templates\/[^/]+\?notice=imported$/);
    const releaseDay = page.getByRole("region", { name: "Release Day" });
    await expect(releaseDay.getByRole("group", { name: "Validate" })).toBeVisible();
    await expect(releaseDay.getByRole("group", { name: "Publish" }).locator("pre code")).toHaveText("git tag v${VERSION} && git push origin v${VERSION}");
    await expect(page.getByRole("region", { name: "Post-Release" }).getByRole("group", { name: "Announce" })).toBeVisible();
  });

  test("edits a template: adds an optional item with a command, and sees it on the template page", async ({ page }) => {
    const name = uniqueName("edit");
    const editor = await createTemplate(page, name);

    // A field the server refuses is marked, described and focused; nothing is saved.
    const firstTitle = editor.itemTitle(1, 1, "Preparation");
    await firstTitle.fill("   ");
    await editor.save.click();
    await expect(page.getByRole("alert").filter({ hasText: "Check the highlighted fields." })).toContainText("1 field to fix, highlighted below.");
    await expect(firstTitle).toHaveAttribute("aria-invalid", "true");
    await expect(firstTitle).toHaveAccessibleDescription("Enter a title for this item");
    await expect(firstTitle).toBeFocused();
    await firstTitle.fill("Tests passing");
    await expect(firstTitle).not.toHaveAttribute("aria-invalid", "true");

    await addOptionalItemAndSave(editor, "Run smoke tests", "npm run smoke -- --env staging");

    const template = new TemplatePage(page, name);
    await expect(template.heading).toBeVisible();
    const section = template.section("Preparation");
    await expect(section.getByRole("listitem")).toHaveCount(2);
    const smoke = section.getByRole("listitem").filter({ hasText: "Run smoke tests" });
    await expect(smoke).toContainText("Optional");
    await expect(smoke.locator("pre code")).toHaveText("npm run smoke -- --env staging");
    await expect(section.getByRole("listitem").filter({ hasText: "Tests passing" })).not.toContainText("Optional");

    // The item can be moved up with the keyboard, from its accessible button.
    await template.edit.click();
    const moveUp = page.getByRole("button", { name: "Move item “Run smoke tests” up" });
    await moveUp.focus();
    await page.keyboard.press("Enter");
    await expect(editor.itemTitle(1, 2, "Preparation")).toHaveValue("Run smoke tests");
    await expect(moveUp).toBeFocused();
    await editor.saveAndView();
    await expect(template.section("Preparation").getByRole("listitem").first()).toContainText("Run smoke tests");
  });

  test("exports a template as a Markdown download containing its items", async ({ page }) => {
    const name = uniqueName("export");
    await addOptionalItemAndSave(await createTemplate(page, name), "Check dashboards", "open https://grafana.example.test");

    const [download] = await Promise.all([page.waitForEvent("download"), new TemplatePage(page, name).exportMarkdown.click()]);
    expect(download.suggestedFilename()).toMatch(/^e2e-export-[a-z0-9]+\.md$/);
    const markdown = await readFile((await download.path())!, "utf8");
    expect(markdown).toContain(`# ${name}`);
    expect(markdown).toContain("- [ ] First check");
    expect(markdown).toContain("- [ ] Check dashboards: `open https://grafana.example.test` (optional)");
  });

  test("duplicates a template and archives the copy, but not the default", async ({ page }) => {
    const templates = await new TemplatesPage(page).open();
    const original = await templates.openTemplate(DEFAULT_TEMPLATE);
    await expect(original.archiveButton).toHaveAttribute("aria-disabled", "true");

    const copyName = uniqueName("copy");
    const copy = await original.duplicate(copyName);
    await expect(copy.section("Deploy to Production").locator("pre code")).toContainText("docker compose pull");

    await copy.archive();
    await expect(page.getByText("Archived", { exact: true })).toBeVisible();
    await expect(copy.edit).toHaveCount(0);

    await templates.open();
    await expect(templates.listed(copyName)).toHaveCount(0);
  });
});

test("a viewer sees the templates read-only, with an export link and no edit controls", async ({ page }) => {
  await signIn(page, demo.viewer);
  const templates = await new TemplatesPage(page).open();
  await expect(templates.newTemplate).toHaveCount(0);
  await expect(templates.importLink).toHaveCount(0);

  const template = await templates.openTemplate(DEFAULT_TEMPLATE);
  await expect(template.exportMarkdown).toBeVisible();
  for (const control of ["Edit", "Duplicate", "Archive", "Make default"]) {
    await expect(page.getByRole("button", { name: control, exact: true })).toHaveCount(0);
    await expect(page.getByRole("link", { name: control, exact: true })).toHaveCount(0);
  }

  // Typing the editor's address does not help either.
  await page.goto(`${page.url()}/edit`);
  await expect(page.getByRole("heading", { level: 1, name: "Only admins can manage templates" })).toBeVisible();
  await page.goto("/templates/import");
  await expect(page.getByRole("heading", { level: 1, name: "Only admins can manage templates" })).toBeVisible();
});
