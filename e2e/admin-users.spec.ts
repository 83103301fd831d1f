import { expect, test } from "./support/test";
import { type Page } from "@playwright/test";
import { demo, signIn } from "./support/sign-in";

const ADMIN_NAME = "Ada Admin";

/** A fresh person per test, so the tests do not depend on each other's users. */
function newPerson(label: string) {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { email: `e2e-${label}-${suffix}@example.test`, name: `E2E ${label} ${suffix}` };
}

function createForm(page: Page) {
  return page.getByRole("region", { name: "Create user" });
}

function usersTable(page: Page) {
  return page.getByRole("region", { name: "All users" }).getByRole("table");
}

function userRow(page: Page, email: string) {
  return usersTable(page).getByRole("row").filter({ hasText: email });
}

/** Creates a user through the form with a generated password, and returns that password. */
async function createUser(page: Page, person: { email: string; name: string }): Promise<string> {
  const form = createForm(page);
  await form.getByLabel("Email", { exact: true }).fill(person.email);
  await form.getByLabel("Name", { exact: true }).fill(person.name);
  await form.getByRole("button", { name: "Create user", exact: true }).click();
  await expect(form.getByText(`Give this password to ${person.email}; it will not be shown again.`)).toBeVisible();
  const password = (await form.locator("code").textContent())?.trim() ?? "";
  expect(password.length).toBeGreaterThanOrEqual(12);
  await expect(userRow(page, person.email)).toHaveCount(1);
  return password;
}

test.beforeEach(async ({ page }) => {
  await signIn(page, demo.admin);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
});

test("an admin creates a user and sees the generated password once", async ({ page }) => {
  const person = newPerson("create");
  const password = await createUser(page, person);

  const form = createForm(page);
  // The form is reset for the next user.
  await expect(form.getByLabel("Email", { exact: true })).toHaveValue("");
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue("");
  await expect(form.getByRole("combobox", { name: "Role", exact: true })).toHaveValue("VIEWER");

  const row = userRow(page, person.email);
  await expect(row).toContainText(person.name);
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Never");
  await expect(row.getByRole("combobox", { name: `Role of ${person.name}` })).toHaveValue("VIEWER");

  // Shown once: after a reload the password is gone, the user stays.
  await page.reload();
  await expect(userRow(page, person.email)).toHaveCount(1);
  await expect(page.getByText(password)).toHaveCount(0);
});

test("an admin changes a user's role after confirming", async ({ page }) => {
  const person = newPerson("role");
  await createUser(page, person);
  const role = page.getByRole("combobox", { name: `Role of ${person.name}` });

  // Cancelling leaves the role as it was.
  await role.selectOption("ADMIN");
  const cancelled = page.getByRole("dialog", { name: `Change ${person.name}’s role from Viewer to Admin?` });
  await expect(cancelled).toBeVisible();
  await cancelled.getByRole("button", { name: "Cancel" }).click();
  await expect(cancelled).toBeHidden();
  await expect(role).toHaveValue("VIEWER");
  await expect(role).toBeFocused();

  await role.selectOption("ENGINEERING_LEAD");
  const dialog = page.getByRole("dialog", { name: `Change ${person.name}’s role from Viewer to Engineering lead?` });
  await dialog.getByRole("button", { name: "Change role" }).click();
  await expect(dialog).toBeHidden();
  await expect(role).toHaveValue("ENGINEERING_LEAD");

  await page.reload();
  await expect(page.getByRole("combobox", { name: `Role of ${person.name}` })).toHaveValue("ENGINEERING_LEAD");
});

test("an admin disables a user, who then cannot sign in, and enables them again", async ({ page, browser }) => {
  const person = newPerson("disable");
  const password = await createUser(page, person);
  const row = userRow(page, person.email);

  await row.getByRole("button", { name: `Disable ${person.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Disable ${person.name}?` });
  await expect(dialog).toContainText(`${person.name} will be signed out on their next request and cannot sign in.`);
  await dialog.getByRole("button", { name: "Disable user" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("Disabled");
  await expect(row.getByRole("button", { name: `Enable ${person.name}` })).toBeVisible();

  const other = await browser.newContext();
  try {
    const theirPage = await other.newPage();
    await theirPage.goto("/login");
    await theirPage.getByLabel("Email").fill(person.email);
    await theirPage.getByLabel("Password").fill(password);
    await theirPage.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(theirPage.getByRole("alert").filter({ hasText: "Invalid email or password" })).toBeVisible();

    // Enabling needs no confirmation.
    await row.getByRole("button", { name: `Enable ${person.name}` }).click();
    await expect(row).toContainText("Active");
    await expect(row.getByRole("button", { name: `Disable ${person.name}` })).toBeVisible();

    await signIn(theirPage, person.email, password);
  } finally {
    await other.close();
  }
});

test("the last admin cannot make themselves a viewer", async ({ page }) => {
  // The demo has one admin, and these tests never create another.
  const role = page.getByRole("combobox", { name: `Role of ${ADMIN_NAME}` });
  await expect(role).toHaveValue("ADMIN");
  // Nor can they disable themselves: the button explains instead of acting.
  await expect(page.getByRole("button", { name: `Disable ${ADMIN_NAME}` })).toHaveAttribute("aria-disabled", "true");

  await role.selectOption("VIEWER");
  const dialog = page.getByRole("dialog", { name: `Change ${ADMIN_NAME}’s role from Admin to Viewer?` });
  await dialog.getByRole("button", { name: "Change role" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("alert").filter({ hasText: "This is the last admin: make someone else an admin first" })).toBeVisible();
  await expect(role).toHaveValue("ADMIN");

  await page.reload();
  await expect(page.getByRole("combobox", { name: `Role of ${ADMIN_NAME}` })).toHaveValue("ADMIN");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toBeVisible();
});

test("bad input shows each field's message and creates nothing", async ({ page }) => {
  const rowsBefore = await usersTable(page).getByRole("row").count();
  const form = createForm(page);
  const email = form.getByLabel("Email", { exact: true });
  const name = form.getByLabel("Name", { exact: true });

  await email.fill("not-an-email");
  await name.fill("   ");
  await form.getByRole("button", { name: "Create user", exact: true }).click();

  await expect(form.getByRole("alert")).toHaveText("Check the highlighted fields.");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription("Enter a valid email address, like name@example.com");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription("Enter a name");
  await expect(email).toBeFocused();
  await expect(form.getByText("Give this password to")).toHaveCount(0);

  // Fixing a field clears its message.
  await name.fill("Someone");
  await expect(name).not.toHaveAttribute("aria-invalid", "true");

  await page.reload();
  await expect(usersTable(page).getByRole("row")).toHaveCount(rowsBefore);
  await expect(usersTable(page)).not.toContainText("not-an-email");
});
