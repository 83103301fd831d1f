import { expect, test } from "./support/test";
import { query } from "./support/database";
import { demo, signIn } from "./support/sign-in";

// A release manager makes an API token on their account page (shown once), a script uses it against the REST
// API — creates a release and ticks an item — the change shows in the browser as theirs, and revoking the token
// in the browser stops it at once.
test("a token made on the account page drives the API as its user until it is revoked", async ({ page, request }) => {
  // A long flow: the browser, the API and the browser again.
  test.slow();
  await signIn(page, demo.manager);
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();

  const form = page.getByRole("form", { name: "New API token" });
  await form.getByLabel("Name").fill("E2E pipeline");
  await form.getByRole("checkbox", { name: /^write/ }).check();
  await form.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByTestId("new-token");
  await expect(shown).toHaveText(/^pf_[A-Za-z0-9_-]{43}$/);
  const token = (await shown.textContent())!;

  // Shown once: not on the page after a reload, and only its hash in the database.
  await page.reload();
  expect(await page.content()).not.toContain(token);
  await expect(page.getByRole("cell", { name: /^E2E pipeline pf_/ })).toContainText(token.slice(0, 11));
  const stored = await query<{ tokenHash: string }>(`SELECT "tokenHash" FROM "ApiToken" WHERE name = 'E2E pipeline'`);
  expect(stored[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);

  const auth = { Authorization: `Bearer ${token}` };
  const created = await request.post("/api/v1/projects/gateway/releases", { headers: auth, data: { version: "4.2.0", title: "Made by the pipeline" } });
  expect(created.status()).toBe(201);
  const release = (await created.json()) as { id: string; items: { id: string; title: string; phase: string; state: string }[] };
  const item = release.items.find((i) => i.phase === "PRE_RELEASE" && i.state === "OPEN")!;
  const ticked = await request.post(`/api/v1/items/${item.id}/tick`, { headers: auth, data: { evidenceUrl: "https://ci.example.com/run/7" } });
  expect(ticked.status()).toBe(200);

  await page.goto(`/releases/${release.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("4.2.0");
  await expect(page.getByRole("checkbox", { name: item.title })).toBeChecked();

  const timeline = (await (await request.get(`/api/v1/releases/${release.id}/timeline`, { headers: auth })).json()) as { data: { type: string; apiToken: { name: string } | null }[] };
  expect(timeline.data.find((e) => e.type === "item.ticked")?.apiToken?.name).toBe("E2E pipeline");

  await page.goto("/account/tokens");
  await page.getByRole("button", { name: "Revoke E2E pipeline" }).click();
  await page.getByRole("dialog", { name: "Revoke “E2E pipeline”?" }).getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByRole("row", { name: /E2E pipeline/ })).toContainText("Revoked");
  const refused = await request.get("/api/v1/projects", { headers: auth });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
  expect(((await refused.json()) as { detail: string }).detail).toBe("This API token was revoked.");
});

test("the API reference and the OpenAPI document are served without signing in", async ({ page, request }) => {
  const document = await request.get("/api/v1/openapi.json");
  expect(document.status()).toBe(200);
  expect(((await document.json()) as { openapi: string }).openapi).toBe("3.1.0");

  await page.goto("/api-reference");
  await expect(page.getByRole("heading", { level: 1, name: "Preflight REST API" })).toBeVisible();
  await expect(page.locator("#tickItem")).toContainText("/api/v1/items/{id}/tick");
  await expect(page.locator("#problem-conflict")).toContainText("409 Conflict");
  // Without a token the API itself answers 401, not the sign-in redirect pages get.
  const anonymous = await request.get("/api/v1/projects", { maxRedirects: 0 });
  expect(anonymous.status()).toBe(401);
});
