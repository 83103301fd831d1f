// The templates: their list (/templates), one template (/templates/<id>) and its editor (/templates/<id>/edit).
import { expect, type Locator, type Page } from "@playwright/test";

export class TemplatesPage {
  constructor(readonly page: Page) {}

  async open(): Promise<this> {
    await this.page.goto("/templates");
    await expect(this.heading).toBeVisible();
    return this;
  }

  get heading(): Locator {
    return this.page.getByRole("heading", { level: 1, name: "Templates" });
  }

  card(name: string): Locator {
    return this.page.getByRole("listitem").filter({ has: this.page.getByRole("heading", { name }) });
  }

  /** A template's name in the list (a level-2 heading per card). */
  listed(name: string): Locator {
    return this.page.getByRole("heading", { level: 2, name });
  }

  get newTemplate(): Locator {
    return this.page.getByRole("button", { name: "New template" });
  }

  get importLink(): Locator {
    return this.page.getByRole("link", { name: "Import from Markdown" });
  }

  /** Opens a template from its link in the list. */
  async openTemplate(name: string): Promise<TemplatePage> {
    await this.page.getByRole("link", { name }).click();
    const template = new TemplatePage(this.page, name);
    await expect(template.heading).toBeVisible();
    return template;
  }

  /** Creates an empty template through "New template" and lands in its editor. */
  async create(name: string): Promise<TemplateEditor> {
    await this.newTemplate.click();
    const dialog = this.page.getByRole("dialog", { name: "New template" });
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await dialog.getByRole("button", { name: "Create and edit" }).click();
    await expect(this.page).toHaveURL(/\/templates\/[^/]+\/edit$/);
    const editor = new TemplateEditor(this.page);
    await expect(editor.heading(name)).toBeVisible();
    return editor;
  }
}

export class TemplatePage {
  constructor(
    readonly page: Page,
    readonly name: string,
  ) {}

  get heading(): Locator {
    return this.page.getByRole("heading", { level: 1, name: this.name });
  }

  /** A section of the checklist, by its title. */
  section(title: string): Locator {
    return this.page.getByRole("group", { name: title });
  }

  phase(title: string): Locator {
    return this.page.getByRole("heading", { level: 2, name: title }).locator("xpath=ancestor::section[1]");
  }

  get signoffs(): Locator {
    return this.page.getByRole("region", { name: "Sign-offs" });
  }

  get approval(): Locator {
    return this.page.getByRole("region", { name: "Approval" });
  }

  notice(text: string): Locator {
    return this.page.getByRole("status").filter({ hasText: text });
  }

  get edit(): Locator {
    return this.page.getByRole("link", { name: "Edit", exact: true });
  }

  get exportMarkdown(): Locator {
    return this.page.getByRole("link", { name: "Export Markdown" });
  }

  get duplicateButton(): Locator {
    return this.page.getByRole("button", { name: "Duplicate" });
  }

  get archiveButton(): Locator {
    return this.page.getByRole("button", { name: "Archive" });
  }

  /** Duplicates the template under `name` and returns the copy's page. */
  async duplicate(name: string): Promise<TemplatePage> {
    await this.duplicateButton.click();
    const dialog = this.page.getByRole("dialog", { name: `Duplicate “${this.name}”` });
    await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue(`Copy of ${this.name}`);
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await dialog.getByRole("button", { name: "Duplicate" }).click();
    const copy = new TemplatePage(this.page, name);
    await expect(copy.heading).toBeVisible();
    return copy;
  }

  async archive(): Promise<void> {
    await this.archiveButton.click();
    const confirm = this.page.getByRole("dialog", { name: `Archive “${this.name}”?` });
    await confirm.getByRole("button", { name: "Archive template" }).click();
    await expect(confirm).toBeHidden();
  }
}

export class TemplateEditor {
  constructor(readonly page: Page) {}

  heading(name: string): Locator {
    return this.page.getByRole("heading", { level: 1, name: `Edit “${name}”` });
  }

  /** An item's fields: "Item 2 of 2 in section “Preparation”". */
  item(position: number, of: number, section: string): Locator {
    return this.page.getByRole("group", { name: `Item ${position} of ${of} in section “${section}”` });
  }

  itemTitle(position: number, of: number, section: string): Locator {
    return this.item(position, of, section).getByRole("textbox", { name: "Title", exact: true });
  }

  async addItem(section: string): Promise<void> {
    await this.page.getByRole("button", { name: `Add item to section “${section}”` }).click();
  }

  get save(): Locator {
    return this.page.getByRole("button", { name: "Save template" });
  }

  get unsaved(): Locator {
    return this.page.getByText("Unsaved changes");
  }

  /** Saves and waits for the template's page with the "saved" notice. */
  async saveAndView(): Promise<void> {
    await this.save.click();
    await expect(this.page).toHaveURL(/\/templates\/[^/]+\?notice=saved$/);
    await expect(this.page.getByRole("status").filter({ hasText: "Template saved." })).toBeVisible();
  }
}
