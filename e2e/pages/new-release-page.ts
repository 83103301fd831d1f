// The New release form (/releases/new) as a release manager fills it in.
import type { Page } from "@playwright/test";

export class NewReleasePage {
  constructor(readonly page: Page) {}

  /** Creates a release of the demo's Gateway project through the form and waits for its page: its URL and id. */
  async create(version: string, title: string): Promise<{ url: string; id: string }> {
    await this.page.goto("/releases/new");
    // Other specs add projects of their own (pipelines-code): choose the demo's.
    await this.page.getByLabel("Project").selectOption({ label: "Gateway" });
    await this.page.getByLabel("Version").fill(version);
    await this.page.getByLabel("Title").fill(title);
    await this.page.getByRole("button", { name: "Create release" }).click();
    await this.page.waitForURL((url) => /^\/releases\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith("/new"));
    const url = this.page.url();
    return { url, id: new URL(url).pathname.split("/").pop()! };
  }
}
