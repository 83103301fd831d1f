import type { Locator, Page } from "@playwright/test";

/** A project's pipelines page: the two editors (steps form and YAML), version history and the dry run. */
export class PipelinesPage {
  constructor(readonly page: Page) {}

  async open(slug: string): Promise<void> {
    await this.page.goto(`/projects/${slug}/pipelines`);
  }

  editor(kind: "Deploy" | "Rollback"): PipelineEditor {
    return new PipelineEditor(this.page.getByRole("region", { name: `${kind} pipeline` }));
  }

  versions(kind: "Deploy" | "Rollback"): Locator {
    return this.page.getByRole("region", { name: `${kind} versions` });
  }

  get dryRun(): Locator {
    return this.page.getByRole("region", { name: "Dry run" });
  }
}

export class PipelineEditor {
  constructor(readonly region: Locator) {}

  /** The step at 1-based `position` in the form, by its accessible name "Step 2 of 3: Deploy". */
  step(position: number): Locator {
    return this.region.getByRole("listitem", { name: new RegExp(`^Step ${position} of \\d+`) });
  }

  async addStep(kindLabel: string): Promise<void> {
    await this.region.getByLabel("New step").selectOption({ label: kindLabel });
    await this.region.getByRole("button", { name: "Add step" }).click();
  }

  get save(): Locator {
    return this.region.getByRole("button", { name: "Save as a new version" });
  }

  tab(name: "Steps" | "YAML"): Locator {
    return this.region.getByRole("tab", { name });
  }
}
