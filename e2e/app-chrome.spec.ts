// What every page shares: the theme switch in the user menu, and the files a browser or a crawler fetches
// without a session (icons, manifest, robots.txt).
import { expect, test } from "./support/test";
import { demo, signIn } from "./support/sign-in";

// The canvas colour of each theme (app/globals.css), as the browser computes it.
const canvas = { light: "rgb(246, 247, 249)", dark: "rgb(11, 13, 18)" };

async function chooseTheme(page: import("@playwright/test").Page, name: "Light" | "Dark" | "System") {
  await page.getByRole("button", { name: "Theme" }).click();
  await page.getByRole("menuitemradio", { name }).click();
}

/** Signs the viewer in while the operating system is `scheme`: the page's root element, painted in that scheme. */
async function signInWithSystemScheme(page: import("@playwright/test").Page, scheme: "light" | "dark") {
  await page.emulateMedia({ colorScheme: scheme });
  await signIn(page, demo.viewer);
  const html = page.locator("html");
  await expect(html).toHaveCSS("background-color", canvas[scheme]);
  return html;
}

test("the user menu switches to dark, and the choice survives a reload", async ({ page }) => {
  const html = await signInWithSystemScheme(page, "light");

  await chooseTheme(page, "Dark");
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(html).toHaveCSS("background-color", canvas.dark);

  await page.reload();
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(html).toHaveCSS("background-color", canvas.dark);
  await page.getByRole("button", { name: "Theme" }).click();
  await expect(page.getByRole("menuitemradio", { name: "Dark" })).toHaveAttribute("aria-checked", "true");
  await page.getByRole("menuitemradio", { name: "Light" }).click();
  await expect(html).not.toHaveClass(/\bdark\b/);
  await expect(html).toHaveCSS("background-color", canvas.light);
});

test("the System theme follows the operating system", async ({ page }) => {
  const html = await signInWithSystemScheme(page, "dark");
  await chooseTheme(page, "Light");
  await expect(html).toHaveCSS("background-color", canvas.light);
  await chooseTheme(page, "System");
  await expect(html).toHaveCSS("background-color", canvas.dark);
  await page.emulateMedia({ colorScheme: "light" });
  await expect(html).toHaveCSS("background-color", canvas.light);
});

test("robots.txt, the web manifest and the icons are served without a session", async ({ request }) => {
  const robots = await request.get("/robots.txt", { maxRedirects: 0 });
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toMatch(/^User-agent: \*\nDisallow: \/$/m);

  const manifest = await request.get("/site.webmanifest", { maxRedirects: 0 });
  expect(manifest.status()).toBe(200);
  const app = (await manifest.json()) as { name: string; start_url: string; icons: { src: string }[] };
  expect(app).toMatchObject({ name: "Preflight", start_url: "/" });

  for (const path of ["/favicon.ico", "/apple-touch-icon.png", ...app.icons.map((icon) => icon.src)]) {
    const icon = await request.get(path, { maxRedirects: 0 });
    expect(icon.status(), path).toBe(200);
    expect(icon.headers()["content-type"], path).toMatch(/^image\//);
  }
});

test("the sign-in page links the icons and the manifest", async ({ page }) => {
  await page.goto("/login");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/site.webmanifest");
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");
});

test("a release, a deploy run or a project that does not exist gets its own not-found page", async ({ page }) => {
  await signIn(page, demo.viewer);
  for (const [path, title, back] of [
    ["/releases/does-not-exist", "Release not found", "All releases"],
    ["/releases/does-not-exist/deploys/nor-this", "Deploy run not found", "All releases"],
    ["/projects/no-such-project", "Project not found", "All projects"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole("main").getByRole("link", { name: back })).toBeVisible();
  }
});
