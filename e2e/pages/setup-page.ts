// The set-up pages: /setup (the first project) and /projects/<slug>/setup, one region per step.
import type { Locator, Page } from "@playwright/test";

export class SetupPage {
  constructor(readonly page: Page) {}

  async open(slug?: string): Promise<this> {
    await this.page.goto(slug ? `/projects/${slug}/setup` : "/setup");
    return this;
  }

  /** A step's region, by (part of) its title: "Create the project", "Add its feature flags"… */
  step(title: string): Locator {
    return this.page.getByRole("region", { name: new RegExp(title) });
  }

  /** The project's details form (name, slug, description, repository, version running now). */
  get projectForm(): Locator {
    return this.step("Create the project");
  }
}
