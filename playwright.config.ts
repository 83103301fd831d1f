import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
export const e2eBaseUrl = `http://localhost:${port}`;
/** The /metrics listeners of the e2e web server and worker (loopback, no token). */
export const e2eMetricsPorts = {
  web: Number(process.env.E2E_METRICS_PORT ?? port + 1),
  worker: Number(process.env.E2E_WORKER_METRICS_PORT ?? port + 2),
};
const pgPort = Number(process.env.E2E_PG_PORT ?? 54339);
// A second instance with nothing seeded, for the first run of a real installation (e2e/first-run.spec.ts).
const emptyPort = Number(process.env.E2E_EMPTY_PORT ?? port + 3);
export const emptyBaseUrl = `http://localhost:${emptyPort}`;
export const emptyPgPort = Number(process.env.E2E_EMPTY_PG_PORT ?? pgPort + 1);

// Playwright cannot download its own browser here; use the system Chromium (Debian's package) when present.
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

const browser = {
  ...devices["Desktop Chrome"],
  launchOptions: chromiumPath
    ? {
        executablePath: chromiumPath,
        args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      }
    : {},
};

const viewSpecs = ["**/home.spec.ts", "**/releases.spec.ts", "**/templates.spec.ts", "**/auth.spec.ts", "**/admin-users.spec.ts"];
const firstRunSpecs = ["**/first-run.spec.ts"];

/** `npm start` on a fresh embedded database of its own, serving `serverPort`; the app was built by `npm run test:e2e`. */
function freshServer(serverPort: number, env: Record<string, string>) {
  return {
    command: "tsx scripts/start.ts --no-build --fresh",
    url: `http://127.0.0.1:${serverPort}/api/health`,
    reuseExistingServer: false,
    // A fresh database, migrations and the demo seed: slow on a busy 2-core machine.
    timeout: 300_000,
    stdout: "pipe" as const,
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 20_000 },
    // One line per request would bury a failure in the CI log.
    env: { PORT: String(serverPort), DATABASE_URL: "", PREFLIGHT_LOG_LEVEL: "warn", ...env },
  };
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: "reports/playwright.json" }]],
  use: {
    baseURL: e2eBaseUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  // One demo database serves the whole run. Specs that only look at the seeded demo run first; specs
  // that move releases along (deploys, live updates, the release page) run after them.
  projects: [
    { name: "views", testMatch: viewSpecs, use: browser },
    { name: "changes", testIgnore: [...viewSpecs, ...firstRunSpecs], dependencies: ["views"], use: browser },
    { name: "first-run", testMatch: firstRunSpecs, use: { ...browser, baseURL: emptyBaseUrl } },
  ],
  webServer: [
    // The demo: every spec but first-run.
    freshServer(port, {
      NEXTAUTH_URL: e2eBaseUrl,
      PREFLIGHT_DATA_DIR: ".data/e2e",
      PREFLIGHT_PG_PORT: String(pgPort),
      PREFLIGHT_DEMO_PASSWORD: "e2e-demo-password",
      PREFLIGHT_METRICS_PORT: String(e2eMetricsPorts.web),
      PREFLIGHT_WORKER_METRICS_PORT: String(e2eMetricsPorts.worker),
    }),
    // The same build on an empty database: no demo, no users until the spec runs `npm run user:create`.
    freshServer(emptyPort, {
      NEXTAUTH_URL: emptyBaseUrl,
      PREFLIGHT_DATA_DIR: ".data/e2e-empty",
      PREFLIGHT_PG_PORT: String(emptyPgPort),
      PREFLIGHT_SEED: "none",
    }),
  ],
});
