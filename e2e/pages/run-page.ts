// A deploy run: its steps as tabs with their logs (in the deploy panel of the project and release pages,
// and on the run's own page, /releases/<id>/deploys/<runId>).
import { expect, type Locator, type Page } from "@playwright/test";

export class RunSteps {
  constructor(
    readonly page: Page,
    /** Where the run is shown: the deploy panel, or the whole page. */
    readonly scope: Page | Locator,
    readonly kind: "deploy" | "rollback" = "deploy",
  ) {}

  get list(): Locator {
    return this.scope.getByRole("tablist", { name: `Steps of the ${this.kind}` });
  }

  get tabs(): Locator {
    return this.list.getByRole("tab");
  }

  /** A step's tab; its name reads "<step> <status…>", so a RegExp can match both. */
  step(name: string | RegExp): Locator {
    return this.list.getByRole("tab", { name: typeof name === "string" ? new RegExp(escapeRegExp(name)) : name });
  }

  log(step: string): Locator {
    return this.scope.getByRole("log", { name: `Log of ${step}` });
  }

  /** Selects a step's tab and returns its log. */
  async openLog(step: string): Promise<Locator> {
    const tab = this.step(new RegExp(`^${escapeRegExp(step)}`));
    await tab.click();
    await expect(tab).toHaveAttribute("aria-selected", "true");
    return this.log(step);
  }
}

export class RunPage {
  readonly steps: RunSteps;

  constructor(readonly page: Page) {
    this.steps = new RunSteps(page, page);
  }

  heading(name: string): Locator {
    return this.page.getByRole("heading", { level: 1, name });
  }

  get cancel(): Locator {
    return this.page.getByRole("button", { name: /Cancel deploy/ });
  }
}

/** The deploy panel of the project page (and of the release page). */
export class DeployPanel {
  readonly region: Locator;
  readonly steps: RunSteps;

  constructor(readonly page: Page) {
    this.region = page.getByRole("region", { name: "Deploy", exact: true });
    this.steps = new RunSteps(page, this.region);
  }

  get decision(): Locator {
    return this.region.getByRole("region", { name: "Needs your decision" });
  }

  get start(): Locator {
    return this.region.getByRole("button", { name: "Start deploy" });
  }

  /** Approves the step waiting in "Needs your decision", with a comment. */
  async approve(step: string, comment: string): Promise<void> {
    // Live: the page is hydrated, so the click opens the dialog (right after a navigation it could do nothing).
    await expect(this.page.getByRole("status").filter({ hasText: /^Live$/ }).first()).toBeVisible();
    await this.decision.getByRole("button", { name: "Approve" }).click();
    const dialog = this.page.getByRole("dialog", { name: `Approve “${step}”?` });
    await dialog.getByLabel("Comment").fill(comment);
    await dialog.getByRole("button", { name: "Approve" }).click();
    await expect(dialog).toBeHidden();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
