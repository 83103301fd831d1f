// The release page (/releases/<id>) as people use it: the header and its status, the checklist, the
// sign-offs, the deploy panel and the timeline.
import { expect, type Locator, type Page } from "@playwright/test";
import { RunSteps } from "./run-page";

export class ReleasePage {
  constructor(
    readonly page: Page,
    /** The release's heading, e.g. "Gateway 0.6.0". */
    readonly name: string,
  ) {}

  /** Opens the release at `url` and waits for its heading. */
  async open(url: string): Promise<this> {
    await this.page.goto(url);
    await expect(this.heading).toBeVisible();
    return this;
  }

  get heading(): Locator {
    return this.page.getByRole("heading", { level: 1, name: this.name });
  }

  get status(): Locator {
    return this.page.getByTestId("release-status");
  }

  get title(): Locator {
    return this.page.getByTestId("release-title");
  }

  get timeline(): Locator {
    return this.page.getByTestId("timeline");
  }

  /** The live-updates indicator, once connected. */
  get live(): Locator {
    return this.page.getByRole("status").filter({ hasText: "Live" });
  }

  get markReady(): Locator {
    return this.page.getByRole("button", { name: "Mark ready" });
  }

  get readinessSummary(): Locator {
    return this.page.getByTestId("readiness-summary");
  }

  get checkboxes(): Locator {
    return this.page.getByRole("checkbox");
  }

  checkbox(item: string): Locator {
    return this.page.getByRole("checkbox", { name: item, exact: true });
  }

  itemRow(item: string): Locator {
    return this.page.getByRole("listitem").filter({ has: this.checkbox(item) });
  }

  attribution(item: string): Locator {
    return this.itemRow(item).getByTestId("item-attribution");
  }

  /** Unticks a ticked item, giving the reason its dialog asks for. */
  async untick(item: string, reason: string): Promise<void> {
    await this.checkbox(item).click();
    const dialog = this.page.getByRole("dialog", { name: `Untick “${item}”?` });
    await dialog.getByLabel("Reason").fill(reason);
    await dialog.getByRole("button", { name: "Untick item" }).click();
    await expect(dialog).toBeHidden();
  }

  signoffRow(requirement: string): Locator {
    return this.page.getByTestId("signoff-row").filter({ hasText: requirement });
  }

  signoffState(requirement: string): Locator {
    return this.signoffRow(requirement).getByTestId("signoff-state");
  }

  /** Gives the sign-off from its row, with an optional comment. */
  async signOff(requirement: string, comment?: string): Promise<void> {
    await this.signoffRow(requirement).getByRole("button", { name: /^Sign off/ }).click();
    const dialog = this.page.getByRole("dialog", { name: `Sign off “${requirement}”` });
    if (comment) await dialog.getByLabel("Comment").fill(comment);
    await dialog.getByRole("button", { name: "Sign off" }).click();
    await expect(dialog).toBeHidden();
  }

  /** The banner of a release deployed with break-glass. */
  get breakGlassBanner(): Locator {
    return this.page.getByTestId("break-glass-banner");
  }

  /** Opens the break-glass dialog (admins), for a spec to look at what it names before confirming. */
  async openBreakGlass(): Promise<Locator> {
    // Live: the page is hydrated, so the click opens the dialog (before that it would do nothing).
    await expect(this.live).toBeVisible();
    await this.page.getByRole("button", { name: "Break-glass deploy…" }).click();
    const dialog = this.page.getByRole("dialog", { name: /without the full sign-offs\?$/ });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  get startDeploy(): Locator {
    return this.page.getByRole("button", { name: "Start deploy" });
  }

  /** The steps of the release's deploy, in its deploy panel. */
  get deploySteps(): RunSteps {
    return new RunSteps(this.page, this.page);
  }

  /** Asks to cancel the running deploy and confirms. */
  async cancelDeploy(): Promise<void> {
    await this.page.getByRole("button", { name: /^Cancel deploy/ }).first().click();
    await this.page.getByRole("dialog").getByRole("button", { name: /^Cancel deploy/ }).click();
  }
}
