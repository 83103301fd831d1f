import { expect, test } from "./support/test";
import { callAction } from "../bench/support";
import { query } from "./support/database";
import { createUser, sessionOf, setUserDisabled } from "./support/fixtures";
import { demo, DEMO_PASSWORD, signIn } from "./support/sign-in";

test("a signed-out visitor is sent to the sign-in page and back after signing in", async ({ page }) => {
  await page.goto("/releases");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByLabel("Email").fill(demo.manager);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/releases$/);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
});

test("sign in and out", async ({ page }) => {
  await signIn(page, demo.manager);
  await expect(page.getByRole("banner").getByText("Rae Manager")).toBeVisible();
  await expect(page.getByRole("banner").getByText("Release manager", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("a wrong password gets the generic message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(demo.viewer);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password");
});

test("a disabled user cannot sign in", async ({ page }) => {
  await setUserDisabled(await createUser("disabled@e2e.local", "RELEASE_MANAGER"), true);
  await page.goto("/login");
  await page.getByLabel("Email").fill("disabled@e2e.local");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password");
  await expect(page).toHaveURL(/\/login/);
});

test("a user disabled while signed in loses access on the next request", async ({ page }) => {
  const userId = await createUser("soon-disabled@e2e.local", "VIEWER");
  await signIn(page, "soon-disabled@e2e.local");
  await setUserDisabled(userId, true);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("sign-in is refused after repeated failures, even with the right password", async ({ page }) => {
  await createUser("guessed@e2e.local", "VIEWER");
  await page.goto("/login");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel("Email").fill("guessed@e2e.local");
    await page.getByLabel("Password").fill(`wrong-guess-${attempt}`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password");
  }
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password");
  await expect(page).toHaveURL(/\/login/);
  const [row] = await query<{ count: string }>(`SELECT count(*) FROM "SignInAttempt" WHERE email = $1 AND NOT succeeded`, ["guessed@e2e.local"]);
  expect(Number(row!.count)).toBe(6);
});

test("a viewer sees no admin navigation and the admin page refuses them", async ({ page }) => {
  await signIn(page, demo.viewer);
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await page.goto("/admin");
  await expect(page.getByText("Only admins can manage users")).toBeVisible();
});

test("a forged server-action call by a viewer is refused and changes nothing", async () => {
  // The admin's "change role" action called by its id (as a tampering viewer could find it in the page bundle),
  // with the viewer's session.
  const [viewer] = await query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [demo.viewer]);
  const result = await callAction(await sessionOf("viewer"), "changeUserRoleAction", { userId: viewer!.id, role: "ADMIN" });
  expect(result).toMatchObject({ ok: false, code: "forbidden", message: expect.stringContaining("Only admins can manage users") });
  const [after] = await query<{ role: string }>(`SELECT role FROM "User" WHERE id = $1`, [viewer!.id]);
  expect(after!.role).toBe("VIEWER");
  const [audit] = await query<{ count: string }>(`SELECT count(*) FROM "AuditEvent" WHERE type = 'user.role_changed' AND payload->>'userId' = $1`, [viewer!.id]);
  expect(Number(audit!.count)).toBe(0);
});

test("pages carry a fresh Content-Security-Policy nonce and refuse to be framed", async ({ request }) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  const csp = first.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toBe(second.headers()["content-security-policy"]);
  expect(first.headers()["x-frame-options"]).toBe("DENY");
  expect(first.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Next.js puts the nonce on its own scripts.
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  expect(await first.text()).toContain(`nonce="${nonce}"`);
});

test("the CSP guard itself fails a test whose page breaks the policy", async ({ page }) => {
  // Expected to fail: if the shared fixture (e2e/support/test.ts) stopped catching violations, this passes and the run fails.
  test.fail();
  await page.goto("/login");
  // An inline event handler, as injected HTML would carry: the policy blocks it and reports a violation. Waits
  // for the browser's own violation event (the image's error comes from a server round trip, which can be
  // slow on a busy machine), or 5 s: without a violation, this test passes and the run fails, as it should.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        document.addEventListener("securitypolicyviolation", () => setTimeout(resolve, 100), { once: true });
        setTimeout(resolve, 5_000);
        document.body.insertAdjacentHTML("beforeend", '<img src="/does-not-exist.png" onerror="window.__injected = true">');
      }),
  );
  // The fixture's binding delivers the report asynchronously.
  await page.waitForTimeout(300);
});
