import { expect, test } from "@playwright/test";
import { query } from "./support/database";
import { demo, signIn } from "./support/sign-in";

// Notifications on the project's set-up page: a refused URL is a field error; a channel is added with its URL
// kept encrypted and shown masked; "Send test message" goes through the worker and shows in the delivery log.
// The channel points at Preflight's own origin (always allowed by the outbound guard), where an unknown path
// answers a redirect: the log shows the failed attempt and why.
test("an admin adds a notification channel, sends a test message and sees it in the delivery log, then deletes the channel", async ({ page, baseURL }) => {
  // The worker sends the test message while the page polls its log: slower than a plain form on a busy machine.
  test.slow();
  await signIn(page, demo.admin);
  await page.goto("/projects/gateway/setup");
  const card = page.getByRole("region", { name: "Notifications" });
  await expect(card.getByText("No channels yet: nobody is told anything.")).toBeVisible();

  const form = card.getByRole("form", { name: "Add a notification channel" });
  await form.getByLabel("Name").fill("#e2e-releases");
  await form.getByLabel("URL").fill("http://169.254.169.254/latest/meta-data");
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(form.getByText(/169\.254\.169\.254 is a link-local address/)).toBeVisible();

  const url = `${baseURL}/api/health/secret-path-part`;
  await form.getByLabel("URL").fill(url);
  await form.getByRole("checkbox", { name: "A deploy started" }).check();
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(card.getByRole("status").filter({ hasText: "Added #e2e-releases." })).toBeVisible();
  const channel = card.getByRole("listitem", { name: "#e2e-releases" });
  await expect(channel.getByText(`${baseURL}/api/…`)).toBeVisible();
  await expect(channel.getByText(/A deploy started/)).toBeVisible();
  expect(await page.content()).not.toContain("secret-path-part");
  const [stored] = await query<{ url: string }>(`SELECT url FROM "NotificationChannel" WHERE name = '#e2e-releases'`);
  expect(stored?.url).toMatch(/^v1:/);

  await channel.getByRole("button", { name: "Send test message" }).click();
  await expect(card.getByRole("status").filter({ hasText: "Test message queued for #e2e-releases." })).toBeVisible();
  await expect(async () => {
    await page.reload();
    const log = page.getByRole("listitem", { name: "#e2e-releases" });
    await log.getByText(/Delivery log/).click();
    const row = log.getByRole("row").filter({ hasText: "Test message" });
    await expect(row).toBeVisible({ timeout: 1_000 });
    // Sent by the worker: attempted, and refused by the receiver (Preflight's own origin redirects to sign-in).
    await expect(row.getByRole("cell").nth(1)).toContainText(/Will retry|Gave up/, { timeout: 1_000 });
    await expect(row.getByRole("cell").nth(1)).toContainText("notifications do not follow redirects", { timeout: 1_000 });
    await expect(row.getByRole("cell").nth(2)).not.toHaveText("0", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  const again = page.getByRole("listitem", { name: "#e2e-releases" });
  await again.getByRole("button", { name: "Delete #e2e-releases" }).click();
  await page.getByRole("dialog", { name: "Delete the channel “#e2e-releases”?" }).getByRole("button", { name: "Delete channel" }).click();
  await expect(page.getByRole("region", { name: "Notifications" }).getByText("No channels yet: nobody is told anything.")).toBeVisible();
});
