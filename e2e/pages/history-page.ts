// The release history (/releases): the table of releases and its filter form.
import { type Locator, type Page } from "@playwright/test";

export class HistoryPage {
  constructor(readonly page: Page) {}

  async open(query = ""): Promise<this> {
    await this.page.goto(`/releases${query}`);
    return this;
  }

  get heading(): Locator {
    return this.page.getByRole("heading", { level: 1, name: "Releases" });
  }

  get table(): Locator {
    return this.page.getByRole("table", { name: /^Releases/ });
  }

  /** The rows of releases (the header row left out). */
  get rows(): Locator {
    return this.table.getByRole("row").filter({ has: this.page.getByRole("cell") });
  }

  get filters(): Locator {
    return this.page.getByRole("search", { name: "Filter releases" });
  }

  status(label: string): Locator {
    return this.filters.getByRole("checkbox", { name: label });
  }

  get search(): Locator {
    return this.filters.getByRole("searchbox", { name: "Search" });
  }

  get project(): Locator {
    return this.filters.getByRole("combobox", { name: "Project" });
  }

  get clearFilters(): Locator {
    return this.filters.getByRole("link", { name: "Clear filters" });
  }

  async filterByStatus(...labels: string[]): Promise<void> {
    for (const label of labels) await this.status(label).check();
    await this.filters.getByRole("button", { name: "Apply filters" }).click();
  }

  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
    await this.search.press("Enter");
  }
}
