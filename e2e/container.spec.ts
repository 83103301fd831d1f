// The container image's roles, rehearsed without a container engine (none runs on these machines): the
// steps of compose.yaml, each through scripts/docker-entrypoint.sh as the image runs them, on a database
// of their own in the e2e PostgreSQL:
//   deploy/postgres-init.sh creates the runtime role (as the postgres image would on first start);
//   `migrate` (the one-shot job) migrates as the owner and grants the runtime role, twice (an upgrade
//   with nothing new does nothing);
//   `worker` and `web` start as the runtime role, the web server from a copy of the standalone build
//   outside the project (so it cannot fall back on the project's node_modules), with only the variables
//   the image sets. The web server must answer /api/health, see the worker, serve a page with its
//   security headers and its static files, and serve /metrics with the token.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { collectOutput, freePort, stopProcess } from "../bench/support";
import { parsePrometheusText } from "../tests/support/prometheus";
import { expect, test } from "./support/test";

const root = path.resolve(import.meta.dirname, "..");
const entrypoint = path.join(root, "scripts", "docker-entrypoint.sh");
const pgPort = process.env.E2E_PG_PORT ?? "54339";
const superPassword = () => readFileSync(path.join(root, ".data", "e2e", "pg-superuser-password"), "utf8").trim();
const urlFor = (user: string, password: string, database: string) =>
  `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/${database}`;

async function asSuperuser(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor("preflight", superPassword(), "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** What the image's environment holds besides the role's own settings (Dockerfile ENV), and a PATH. */
const imageEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: os.tmpdir(), NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1" };

function run(role: string, env: Record<string, string>) {
  return spawnSync("sh", [entrypoint, role], { env: { ...imageEnv, ...env }, encoding: "utf8", timeout: 120_000 });
}

function start(role: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn("sh", [entrypoint, role], { env: { ...imageEnv, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  return { child, output: collectOutput(child) };
}

test("the image's roles: init script, migration job, worker and standalone web server", async () => {
  test.setTimeout(240_000);
  const suffix = randomBytes(4).toString("hex");
  const database = `preflight_container_${suffix}`;
  const appRole = `preflight_app_${suffix}`;
  const appPassword = randomBytes(12).toString("hex");
  const standalone = mkdtempSync(path.join(os.tmpdir(), "preflight-standalone-"));
  const processes: ChildProcess[] = [];
  try {
    await asSuperuser(`CREATE DATABASE "${database}"`);
    const init = spawnSync("sh", [path.join(root, "deploy", "postgres-init.sh")], {
      env: {
        ...imageEnv,
        PGHOST: "127.0.0.1",
        PGPORT: pgPort,
        PGPASSWORD: superPassword(),
        POSTGRES_USER: "preflight",
        POSTGRES_DB: database,
        PREFLIGHT_APP_DB_USER: appRole,
        PREFLIGHT_APP_DB_PASSWORD: appPassword,
      },
      encoding: "utf8",
    });
    expect(init.status, `${init.stdout}${init.stderr}`).toBe(0);

    const databaseEnv = {
      PREFLIGHT_APP_DIR: root,
      DATABASE_URL: urlFor(appRole, appPassword, database),
      MIGRATION_DATABASE_URL: urlFor("preflight", superPassword(), database),
    };
    const first = run("migrate", databaseEnv);
    expect(first.status, `${first.stdout}${first.stderr}`).toBe(0);
    expect(first.stdout).toMatch(/Applied \d+ migration\(s\)/);
    const again = run("migrate", databaseEnv);
    expect(again.status, `${again.stdout}${again.stderr}`).toBe(0);
    expect(again.stdout).toContain("Database is up to date.");

    // The web server and the worker never get the owner's credentials (compose.yaml gives them to the job only).
    const runtimeEnv = {
      PREFLIGHT_APP_DIR: root,
      DATABASE_URL: urlFor(appRole, appPassword, database),
      NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      PREFLIGHT_SECRETS_KEY: randomBytes(32).toString("base64"),
    };
    const missing = run("web", { ...runtimeEnv, PREFLIGHT_WEB_DIR: standalone });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("NEXTAUTH_URL is not set");

    cpSync(path.join(root, ".next", "standalone"), standalone, { recursive: true, verbatimSymlinks: true });
    const port = await freePort();
    const metricsPort = await freePort();
    const token = randomBytes(16).toString("hex");
    const baseUrl = `http://127.0.0.1:${port}`;
    const worker = start("worker", { ...runtimeEnv, NEXTAUTH_URL: baseUrl });
    const web = start("web", {
      ...runtimeEnv,
      PREFLIGHT_WEB_DIR: standalone,
      NEXTAUTH_URL: baseUrl,
      HOST: "127.0.0.1",
      PORT: String(port),
      PREFLIGHT_METRICS_PORT: String(metricsPort),
      PREFLIGHT_METRICS_HOST: "127.0.0.1",
      PREFLIGHT_METRICS_TOKEN: token,
    });
    processes.push(worker.child, web.child);

    await expect
      .poll(
        async () => {
          for (const [name, started] of [["worker", worker], ["web", web]] as const) {
            if (started.child.exitCode !== null) throw new Error(`${name} exited (${started.child.exitCode}):\n${started.output()}`);
          }
          const response = await fetch(`${baseUrl}/api/health`).catch(() => null);
          return response?.ok ? ((await response.json()) as { worker: { status: string } }).worker.status : "not answering";
        },
        { message: "the standalone web server is healthy and sees the worker", timeout: 120_000, intervals: [500] },
      )
      .toBe("ok");

    const login = await fetch(`${baseUrl}/login`);
    expect(login.status).toBe(200);
    expect(login.headers.get("content-security-policy")).toContain("script-src 'self' 'nonce-");
    expect(login.headers.get("x-request-id")).toMatch(/^[0-9a-f]{16}$/);
    const html = await login.text();
    expect(html).toContain("Sign in");
    const asset = /\/_next\/static\/[^"]+\.(?:css|js)/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    expect((await fetch(`${baseUrl}${asset}`)).status).toBe(200);

    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(401);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
    expect(metrics.status).toBe(200);
    const scrape = parsePrometheusText(await metrics.text());
    expect(scrape.sum("preflight_http_request_duration_seconds_count", { route: "/login" })).toBeGreaterThanOrEqual(1);
    expect(scrape.value("preflight_worker_heartbeat_age_seconds")).toBeLessThan(15);

    // Its log lines are JSON with the request's id, the token in the query redacted.
    await fetch(`${baseUrl}/login?token=${token}`);
    const requestLine = () =>
      web
        .output()
        .split("\n")
        .filter((text) => text.startsWith("{"))
        .map((text) => JSON.parse(text) as Record<string, unknown>)
        .find((entry) => entry.msg === "request" && String(entry.url).startsWith("/login?"));
    await expect.poll(requestLine, { timeout: 10_000 }).toMatchObject({ process: "web", url: "/login?token=***", status: 200, requestId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(web.output()).not.toContain(token);
  } finally {
    await Promise.all(processes.map((child) => stopProcess(child, 20_000)));
    rmSync(standalone, { recursive: true, force: true });
    await asSuperuser(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await asSuperuser(`DROP ROLE IF EXISTS "${appRole}"`);
  }
});
