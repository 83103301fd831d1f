import { expect, type Page } from "@playwright/test";

/** The password the e2e server seeds every demo user with (PREFLIGHT_DEMO_PASSWORD in playwright.config.ts). */
export const DEMO_PASSWORD = "e2e-demo-password";

/** The demo users' emails, one per role. */
export const demo = {
  admin: "admin@demo.local",
  manager: "manager@demo.local",
  lead: "lead@demo.local",
  viewer: "viewer@demo.local",
} as const;

/** Signs in through the /login form and waits for the home page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
}
