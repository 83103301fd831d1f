// npm run bench:web: what each page costs the browser and the server, and how busy an open release page keeps
// the network while a deploy runs. Builds nothing: it runs the BUILT app (`npx next build` first) the way
// `npm start` does (scripts/start.ts: embedded PostgreSQL, demo seeded, web process and worker).
//
//   npm run bench:web                     every page, then the deploy
//   npm run bench:web -- --samples 100    SSR GETs timed per page (default 40, after 5 unmeasured)
//
// Per page, one line: `/releases/[id]: js 140 KB gz, html 16 KB gz, ssr p50 12 ms p95 25 ms`
//   js    the JavaScript the page loads in a real Chromium (Playwright, a fresh profile per page): every script
//         response until the page is loaded and quiet, each gzipped here (level 6) and summed;
//   html  the page's HTML as the server sends it, gzipped the same way;
//   ssr   repeated authenticated GETs of the page's HTML, one at a time: time to the last byte.
// Then one open release page (a viewer's), while the release manager deploys the release with the demo's
// 7-step pipeline (its approval step approved by the engineering lead) from start to end: the requests that
// page made, the live events it received, and how many requests it aborted.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import pg from "pg";
import { act, machineLine, percentile, projectRoot, requireBuild, signInOverHttp, stopProcess, type Session } from "./support";

/** A signed-in user, with values for the dynamic segments of the pages that host the actions (id, slug, runId…). */
interface ActionCall extends Session {
  params?: Record<string, string>;
}

/** Calls a server action as the call's user; returns its data, or throws with its message. */
const callAction = <T = Record<string, unknown>>(call: ActionCall, name: string, input: unknown): Promise<T> =>
  act<T>({ base: call.base, cookie: call.cookie }, name, input, call.params ?? {});
const signIn = async (base: string, email: string, password: string): Promise<string> => (await signInOverHttp(base, email, password)).cookie;

requireBuild("bench:web");

const argValue = (name: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const SAMPLES = Number(argValue("--samples") ?? 40);
const WARM_UP = 5;
const PASSWORD = "bench-web-password";
const users = { manager: "manager@demo.local", lead: "lead@demo.local", viewer: "viewer@demo.local" } as const;
const DATA_DIR = path.join(".data", "bench-web");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

// ------------------------------------------------------------------------------------------------ the app

async function freePort(): Promise<number> {
  const { freePort } = await import("@/lib/db/scratch");
  return freePort();
}

async function startApp(): Promise<{ child: ChildProcess; base: string; databaseUrl: () => string }> {
  const port = await freePort();
  const pgPort = await freePort();
  const base = `http://localhost:${port}`;
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--no-build", "--fresh"], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(port),
      NEXTAUTH_URL: base,
      DATABASE_URL: "",
      PREFLIGHT_DATA_DIR: DATA_DIR,
      PREFLIGHT_PG_PORT: String(pgPort),
      PREFLIGHT_DEMO_PASSWORD: PASSWORD,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 120_000;
  while (!output.includes("Preflight is running")) {
    if (child.exitCode !== null) throw new Error(`scripts/start.ts exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`the app did not start within 120 s:\n${output}`);
    await sleep(200);
  }
  // The embedded database as its owner (scripts/start.ts keeps the password in the data folder).
  const databaseUrl = () => {
    const password = readFileSync(path.join(projectRoot, DATA_DIR, "pg-superuser-password"), "utf8").trim();
    return `postgresql://preflight:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/preflight`;
  };
  return { child, base, databaseUrl };
}

// --------------------------------------------------------------------------------------------- one page

interface PageFigures {
  label: string;
  js: number;
  html: number;
  p50: number;
  p95: number;
}

/** Gzipped bytes of every script the page loads in a fresh profile, until it is loaded and quiet for a second. */
async function javascriptOf(browser: Browser, storageState: Awaited<ReturnType<BrowserContext["storageState"]>> | undefined, url: string): Promise<number> {
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  const scripts = new Map<string, Promise<number>>();
  let lastScriptAt = Date.now();
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script" || scripts.has(response.url())) return;
    lastScriptAt = Date.now();
    scripts.set(
      response.url(),
      response.body().then(
        (body) => gzipSync(body).length,
        () => 0,
      ),
    );
  });
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response?.ok()) throw new Error(`${url}: HTTP ${response?.status()}`);
  while (Date.now() - lastScriptAt < 1_000) await sleep(200);
  const sizes = await Promise.all(scripts.values());
  await context.close();
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** The page's gzipped HTML and its SSR times: sequential GETs as the signed-in user. */
async function serverRender(url: string, cookie: string | null): Promise<{ html: number; times: number[] }> {
  const get = async () => {
    const started = performance.now();
    const response = await fetch(url, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
    return { body, ms: performance.now() - started };
  };
  for (let i = 0; i < WARM_UP; i++) await get();
  const times: number[] = [];
  let html = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const { body, ms } = await get();
    times.push(ms);
    html = gzipSync(body).length;
  }
  return { html, times: times.sort((a, b) => a - b) };
}

async function measurePage(
  browser: Browser,
  signedIn: { storageState: Awaited<ReturnType<BrowserContext["storageState"]>>; cookie: string } | null,
  base: string,
  label: string,
  pathname: string,
): Promise<PageFigures> {
  const js = await javascriptOf(browser, signedIn?.storageState, `${base}${pathname}`);
  const { html, times } = await serverRender(`${base}${pathname}`, signedIn?.cookie ?? null);
  const figures = { label, js, html, p50: percentile(times, 50), p95: percentile(times, 95) };
  console.log(`${label}: js ${kb(figures.js)} gz, html ${kb(figures.html)} gz, ssr p50 ${Math.round(figures.p50)} ms p95 ${Math.round(figures.p95)} ms`);
  return figures;
}

// ------------------------------------------------------------------------------- the release made ready

/** Ticks the release's required pre-release items and gives every sign-off, through the actions, then READY. */
async function makeReady(db: pg.Client, releaseId: string, calls: Record<"manager" | "lead", ActionCall>) {
  const items = await db.query<{ id: string; rowVersion: number }>(
    `SELECT id, "rowVersion" FROM "ReleaseItem" WHERE "releaseId" = $1 AND phase = 'PRE_RELEASE' AND required AND state = 'OPEN' ORDER BY position`,
    [releaseId],
  );
  for (const item of items.rows) await callAction(calls.manager, "updateItemAction", { itemId: item.id, rowVersion: item.rowVersion, change: { kind: "tick" } });
  const requirements = await db.query<{ id: string; role: string }>(
    `SELECT r.id, r.role::text AS role FROM "SignoffRequirement" r WHERE r."releaseId" = $1
     AND NOT EXISTS (SELECT 1 FROM "Signoff" s WHERE s."requirementId" = r.id AND s."revokedAt" IS NULL AND s."staleAt" IS NULL)`,
    [releaseId],
  );
  for (const requirement of requirements.rows) {
    const call = requirement.role === "RELEASE_MANAGER" ? calls.manager : calls.lead;
    await callAction(call, "signOffAction", { requirementId: requirement.id, comment: "" });
  }
  const { rows } = await db.query<{ status: string }>(`SELECT status::text AS status FROM "Release" WHERE id = $1`, [releaseId]);
  if (rows[0]!.status !== "READY") await callAction(calls.manager, "transitionReleaseAction", { releaseId, to: "READY" });
}

// ------------------------------------------------------------------------------------- the open page

interface DeployFigures {
  requests: number;
  aborted: number;
  audit: number;
  log: number;
  byPath: Map<string, number>;
  abortedByPath: Map<string, number>;
  seconds: number;
}

/** Records the requests of an open page (and the live events its EventSource receives) until `stop()`. */
/** Signs in through the /login form in a new context, as a person does, and waits for the home page. */
async function signInThroughForm(browser: Browser, base: string, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/");
  return { context, page };
}

async function watchPage(page: Page) {
  let recording = false;
  const byPath = new Map<string, number>();
  const abortedByPath = new Map<string, number>();
  const events = { audit: 0, log: 0 };
  const bump = (map: Map<string, number>, url: string) => {
    const { pathname } = new URL(url);
    const key = pathname.replace(/\/c[a-z0-9]{20,}/g, "/<id>");
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  page.on("request", (request) => {
    if (recording && !request.url().startsWith("data:")) bump(byPath, request.url());
  });
  page.on("requestfailed", (request) => {
    if (recording) bump(abortedByPath, request.url());
  });
  const session = await page.context().newCDPSession(page);
  session.on("Network.eventSourceMessageReceived", (event) => {
    if (!recording) return;
    if (event.eventName === "audit") events.audit += 1;
    if (event.eventName === "log") events.log += 1;
  });
  await session.send("Network.enable");
  const started = { at: 0 };
  return {
    start() {
      recording = true;
      started.at = performance.now();
    },
    stop(): DeployFigures {
      recording = false;
      const total = (map: Map<string, number>) => [...map.values()].reduce((a, b) => a + b, 0);
      return { requests: total(byPath), aborted: total(abortedByPath), ...events, byPath, abortedByPath, seconds: (performance.now() - started.at) / 1000 };
    },
  };
}

async function runStatus(db: pg.Client, runId: string): Promise<string> {
  const { rows } = await db.query<{ status: string }>(`SELECT status::text AS status FROM "DeployRun" WHERE id = $1`, [runId]);
  return rows[0]?.status ?? "missing";
}

/** Deploys the release as the manager; approves the approval step as the lead; resolves with the run's id at its end. */
async function deployToTheEnd(db: pg.Client, releaseId: string, calls: Record<"manager" | "lead", ActionCall>): Promise<string> {
  const { runId } = await callAction<{ runId: string }>(calls.manager, "startDeployAction", { releaseId, requestKey: `bench-web-${Date.now()}` });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await runStatus(db, runId);
    if (status === "SUCCEEDED") return runId;
    if (!["QUEUED", "RUNNING", "WAITING"].includes(status)) throw new Error(`the deploy ended ${status}`);
    if (status === "WAITING") {
      const { rows } = await db.query<{ id: string }>(`SELECT id FROM "DeployStep" WHERE "runId" = $1 AND status = 'WAITING' AND kind = 'APPROVAL'`, [runId]);
      if (rows[0]) await callAction({ ...calls.lead, params: { ...calls.lead.params, runId } }, "approveStepAction", { runId, stepId: rows[0].id, comment: "" });
    }
    if (Date.now() > deadline) throw new Error("the deploy did not end within 120 s");
    await sleep(250);
  }
}

// -------------------------------------------------------------------------------------------------- run

console.log(machineLine());

const app = await startApp();
let browser: Browser | null = null;
const db = new pg.Client({ connectionString: app.databaseUrl() });
try {
  await db.connect();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const { rows: releases } = await db.query<{ id: string; slug: string }>(
    `SELECT r.id, p.slug FROM "Release" r JOIN "Project" p ON p.id = r."projectId" WHERE p.slug = 'gateway' AND r.version = '0.5.0'`,
  );
  const release = releases[0]!;
  const { rows: counted } = await db.query<{ items: number }>(`SELECT count(*)::int AS items FROM "ReleaseItem" WHERE "releaseId" = $1`, [release.id]);

  // Signed in as the release manager, once through the form (the browser) and once through next-auth's endpoints.
  const { context: signInContext } = await signInThroughForm(browser, app.base, users.manager);
  const manager = { storageState: await signInContext.storageState(), cookie: await signIn(app.base, users.manager, PASSWORD) };
  await signInContext.close();

  const params = { id: release.id, slug: release.slug };
  const calls = {
    manager: { base: app.base, cookie: manager.cookie, params },
    lead: { base: app.base, cookie: await signIn(app.base, users.lead, PASSWORD), params },
  };

  const figures: PageFigures[] = [];
  figures.push(await measurePage(browser, manager, app.base, "/", "/"));
  figures.push(await measurePage(browser, manager, app.base, "/releases", "/releases"));
  figures.push(await measurePage(browser, manager, app.base, `/releases/[id] (${counted[0]!.items} items)`, `/releases/${release.id}`));
  figures.push(await measurePage(browser, manager, app.base, "/templates", "/templates"));
  figures.push(await measurePage(browser, null, app.base, "/login", "/login"));

  // A viewer keeps the release page open while the release is made ready and deployed.
  await makeReady(db, release.id, calls);
  const { context: viewerContext, page: viewer } = await signInThroughForm(browser, app.base, users.viewer);
  await viewer.goto(`/releases/${release.id}`);
  await viewer.getByRole("status").filter({ hasText: /^Live$/ }).first().waitFor();
  await sleep(2_000);
  const watch = await watchPage(viewer);
  watch.start();
  const runId = await deployToTheEnd(db, release.id, calls);
  // The page's last refetches after the run's final events.
  await sleep(3_000);
  const deploy = watch.stop();
  await viewerContext.close();

  figures.push(await measurePage(browser, manager, app.base, "/releases/[id]/deploys/[runId]", `/releases/${release.id}/deploys/${runId}`));

  const events = deploy.audit + deploy.log;
  console.log(
    `release page during a 7-step deploy (${deploy.seconds.toFixed(0)} s): ${deploy.requests} requests for ${events} live events (${deploy.audit} audit, ${deploy.log} log), ${deploy.aborted} aborted`,
  );
  const top = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(([key, count]) => `${key} ×${count}`)
      .join(", ");
  console.log(`  requests: ${top(deploy.byPath) || "none"}`);
  if (deploy.aborted > 0) console.log(`  aborted: ${top(deploy.abortedByPath)}`);
} finally {
  await browser?.close();
  await db.end().catch(() => undefined);
  await stopProcess(app.child, 30_000);
  rmSync(path.join(projectRoot, DATA_DIR), { recursive: true, force: true });
}
