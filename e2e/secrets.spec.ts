import { expect, test } from "@playwright/test";
import { query } from "./support/database";
import { demo, signIn } from "./support/sign-in";

// Project secrets on the pipelines page: write-only (the value never comes back to the browser), listed
// with who set them, deleted after a confirmation.
test("an admin sets a project secret that is never shown again, and deletes it after confirming", async ({ page }) => {
  const value = `e2e-secret-${Date.now()}`;
  await signIn(page, demo.admin);
  await page.goto("/projects/gateway/pipelines");
  const section = page.getByRole("region", { name: "Secrets" });
  await expect(section.getByText("This project has no secrets yet.")).toBeVisible();

  await section.getByLabel("Name").fill("e2e_token");
  await expect(section.getByLabel("Name")).toHaveValue("E2E_TOKEN");
  await section.getByLabel("Value").fill(value);
  await section.getByRole("button", { name: "Set secret" }).click();
  await expect(section.getByRole("status")).toHaveText("Added E2E_TOKEN.");
  await expect(section.getByRole("cell", { name: "E2E_TOKEN", exact: true })).toBeVisible();
  await expect(section.getByLabel("Value")).toHaveValue("");

  await page.reload();
  await expect(page.getByRole("region", { name: "Secrets" }).getByRole("cell", { name: "E2E_TOKEN", exact: true })).toBeVisible();
  expect(await page.content()).not.toContain(value);
  const [stored] = await query<{ value: string }>(`SELECT value FROM "ProjectSecret" WHERE name = 'E2E_TOKEN'`);
  expect(stored?.value).toMatch(/^v1:/);
  expect(stored?.value).not.toContain(value);

  await page.getByRole("button", { name: "Delete E2E_TOKEN" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete E2E_TOKEN?" });
  await dialog.getByRole("button", { name: "Delete secret" }).click();
  await expect(page.getByRole("region", { name: "Secrets" }).getByText("This project has no secrets yet.")).toBeVisible();
});
