import { expect, type Locator, type Page } from "@playwright/test";

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

  /** Adds a step of `kindLabel` and gives it its name (the new step's name field has the focus). */
  async addNamedStep(kindLabel: string, name: string): Promise<Locator> {
    const count = await this.region.getByRole("listitem", { name: /^Step \d+ of \d+/ }).count();
    await this.addStep(kindLabel);
    const step = this.step(count + 1);
    await expect(step.getByLabel("Name", { exact: true })).toBeFocused();
    await step.getByLabel("Name", { exact: true }).fill(name);
    return step;
  }

  /** Adds an environment variable to the SHELL step at `position`, in the new row the form focuses. */
  async addEnvVar(position: number, name: string, value: string, options: { secret?: boolean } = {}): Promise<void> {
    const step = this.step(position);
    const rows = step.getByRole("group", { name: /^Environment variables/ });
    const row = (await rows.getByRole("listitem").count()) + 1;
    await rows.getByRole("button", { name: "Add a variable" }).click();
    await expect(step.getByLabel(`Name of variable ${row}`)).toBeFocused();
    await step.getByLabel(`Name of variable ${row}`).fill(name);
    if (options.secret) await step.getByLabel(`Variable ${row} is secret`).check();
    await step.getByLabel(new RegExp(`^Value of variable ${row}`)).fill(value);
  }

  get save(): Locator {
    return this.region.getByRole("button", { name: "Save as a new version" });
  }

  tab(name: "Steps" | "YAML"): Locator {
    return this.region.getByRole("tab", { name });
  }
}
