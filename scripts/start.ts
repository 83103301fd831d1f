// npm start: one command that runs Preflight. Opens the database (embedded PostgreSQL unless DATABASE_URL
// is set), applies migrations, seeds the demo on a fresh embedded database, builds the web app when its
// sources changed since the last build (lib/build/fingerprint.ts; without type-checking, which npm test
// does), then runs the web app (scripts/web-server.mjs, Next.js behind Node's http server) and the worker
// side by side until Ctrl-C, which stops all three cleanly. It prints a few lines for people, ending with
// the URL and the demo logins; the web server and the worker write their own logs (lib/log.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { buildInputsHash, isBuildCurrent, writeBuildStamp } from "@/lib/build/fingerprint";
import { createPrismaClient } from "@/lib/db";
import { dataDir, migrateDatabase, openDatabase, projectRoot, type OpenedDatabase } from "@/lib/db/local";
import { prepareQueue } from "@/lib/deploys/queue";
import { exitOnInvalidEnv, getLaunchEnv, parseEnv, webEnvSchema, workerEnvSchema } from "@/lib/env";
import { metricsConfigFromEnv } from "@/lib/metrics/listener";
import { demoLoginsAnnouncement, saveDemoLogins, seedDemo } from "@/lib/seed/demo";
import { WORKER_NODE_FLAGS } from "@/lib/worker/node-flags";
import { holdEmbeddedDatabase } from "./embedded-db-holder";

const require = createRequire(import.meta.url);
const log = (line: string) => console.log(`[preflight] ${line}`);
const startedAt = Date.now();

const launch = exitOnInvalidEnv("preflight", getLaunchEnv);
const port = launch.PORT;
const host = launch.HOST;
const publicUrl = launch.NEXTAUTH_URL ?? `http://localhost:${port}`;
const skipBuild = process.argv.includes("--no-build") || launch.PREFLIGHT_SKIP_BUILD;
// The embedded database gets the demo on its first start unless PREFLIGHT_SEED=none: then it starts empty,
// as an installation on DATABASE_URL does (the end-to-end tests of a first run use this).
const seed = launch.PREFLIGHT_SEED;

// --fresh (used by the end-to-end tests) starts from an empty embedded database. Only with an explicit
// PREFLIGHT_DATA_DIR, so that it can never wipe the default .data by accident.
if (process.argv.includes("--fresh")) {
  if (!launch.PREFLIGHT_DATA_DIR || launch.DATABASE_URL) {
    console.error("--fresh needs PREFLIGHT_DATA_DIR and no DATABASE_URL");
    process.exit(2);
  }
  rmSync(dataDir(), { recursive: true, force: true });
}

prepareAuthSecret();
for (const role of ["web", "worker"] as const) {
  const metrics = metricsConfigFromEnv(process.env, role);
  if (!metrics.ok) {
    console.error(`[preflight] ${metrics.problem}`);
    process.exit(2);
  }
}
// Once secrets exist, a worker without the key that opens them stops at start with a message saying so,
// and with it the whole start (see run() below).
prepareSecretsKey();
checkChildEnvironments();

const database = await startDatabase().catch((error: unknown) => {
  log(`Start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
const children: ChildProcess[] = [];
let stopping = false;

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  log("Stopping…");
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          // A worker finishing its current step gets 20 s before it is killed.
          const kill = setTimeout(() => child.kill("SIGKILL"), 20_000);
          child.once("exit", () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
  await database.stop().catch((error: unknown) => log(`Database stop failed: ${String(error)}`));
  log("Stopped.");
  process.exit(code);
}

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

/**
 * Starts a child process that loads everything it needs, then waits for "go" (PREFLIGHT_START_GATE) before it
 * listens or touches the database: it loads while the database is migrated and seeded here.
 */
function run(label: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: projectRoot, env: { ...env, PREFLIGHT_START_GATE: "ipc" }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    log(`${label} exited (${signal ?? `code ${code}`}); shutting down.`);
    void stop(code || 1);
  });
  return child;
}

try {
  // The web server and the worker run as the runtime role only: the owner's (migration) credentials stay here.
  const { MIGRATION_DATABASE_URL: _ownerUrl, ...runtimeEnv } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...runtimeEnv,
    DATABASE_URL: database.url,
    NEXTAUTH_URL: publicUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
    // In a terminal, the processes' logs are short human lines and only warnings and errors, so that
    // what is printed here stays readable; elsewhere (a service manager, a container) JSON lines at info.
    ...(process.stdout.isTTY ? { PREFLIGHT_LOG_FORMAT: process.env.PREFLIGHT_LOG_FORMAT ?? "pretty", PREFLIGHT_LOG_LEVEL: process.env.PREFLIGHT_LOG_LEVEL ?? "warn" } : {}),
  };
  const startProcesses = () => [
    run("worker", [...WORKER_NODE_FLAGS, "--import", "tsx", "lib/worker/main.ts"], env),
    // Not `next start`: scripts/web-server.mjs appends the socket's address to X-Forwarded-For (trusted proxies).
    run("web", ["scripts/web-server.mjs"], { ...env, PORT: String(port), HOST: host }),
  ];
  // With the build in place, the web server and the worker load while the database is migrated and seeded.
  const buildHash = skipBuild ? null : buildInputsHash(projectRoot);
  let started = buildHash === null || isBuildCurrent(projectRoot, buildHash) ? startProcesses() : null;

  // As the owner; the web app and the worker then connect as the runtime role (database.url).
  const applied = await migrateDatabase(database, prepareQueue);
  log(applied.length > 0 ? `Applied ${applied.length} migration(s).` : "Database schema is up to date.");

  let announcement: string[] | null = null;
  if (database.embedded && seed === "demo") {
    const prisma = createPrismaClient(database.url, 2);
    try {
      const seeded = await seedDemo(prisma, { password: launch.PREFLIGHT_DEMO_PASSWORD });
      if (seeded) {
        await saveDemoLogins(seeded);
        log("Seeded the demo project, users and the default template.");
      }
      announcement = demoLoginsAnnouncement(seeded);
    } finally {
      await prisma.$disconnect();
    }
  }

  if (started) {
    if (!skipBuild) log("The web app is unchanged since its last build.");
  } else {
    await build(env, buildHash!);
    started = startProcesses();
  }
  for (const child of started) if (child.connected) child.send("go");

  await waitForHealth(`http://${host}:${port}/api/health`);
  log(`Ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; Ctrl-C stops it.`);
  if (!database.embedded) log("Using DATABASE_URL; nothing seeded (run `npm run db:seed` for the demo).");
  log(`Preflight is running at ${publicUrl}`);
  if (announcement) {
    const [first, ...rest] = announcement;
    log(first!);
    for (const line of rest) console.log(line);
  } else if (!database.embedded) {
    log("Using DATABASE_URL; nothing seeded (run `npm run db:seed` for the demo).");
  } else {
    log("Nothing seeded (PREFLIGHT_SEED=none): create the first admin with `npm run user:create`.");
  }
} catch (error) {
  log(`Start failed: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}

/** DATABASE_URL's server, or the embedded one held by scripts/embedded-db.ts in its own process group. */
async function startDatabase(): Promise<OpenedDatabase> {
  if (launch.DATABASE_URL) return openDatabase(log);
  const { url, migrationUrl, stop } = await holdEmbeddedDatabase(projectRoot, process.env);
  return { url, migrationUrl, embedded: true, stop };
}

// With the embedded database a secret is generated once and kept beside the data; a real deployment sets its own.
function prepareAuthSecret() {
  if (process.env.NEXTAUTH_SECRET) return;
  if (launch.DATABASE_URL) {
    console.error("[preflight] NEXTAUTH_SECRET is required when DATABASE_URL is set (generate one with `openssl rand -base64 32`).");
    process.exit(2);
  }
  process.env.NEXTAUTH_SECRET = keptSecret("nextauth-secret");
}

// Project secrets: the embedded mode keeps a generated key beside the data, like the session secret. With
// DATABASE_URL the installation sets PREFLIGHT_SECRETS_KEY itself; it is needed once a secret exists.
function prepareSecretsKey() {
  if (process.env.PREFLIGHT_SECRETS_KEY || launch.DATABASE_URL) return;
  process.env.PREFLIGHT_SECRETS_KEY = keptSecret("secrets-key");
}

/** A random secret generated the first time and kept in the data folder's `name` file, readable by its owner only. */
function keptSecret(name: string): string {
  const file = path.join(dataDir(), name);
  if (!existsSync(file)) {
    mkdirSync(dataDir(), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/**
 * The web server's and the worker's variables, checked before anything starts: a wrong value stops here with
 * its name instead of in a child. The embedded database's URL exists only once it runs; a stand-in takes
 * its place for the check.
 */
function checkChildEnvironments() {
  const env = { ...process.env, DATABASE_URL: launch.DATABASE_URL ?? "postgresql://embedded.invalid/preflight", NEXTAUTH_URL: publicUrl, NODE_ENV: "production" };
  const problems = new Set<string>();
  for (const schema of [webEnvSchema, workerEnvSchema]) {
    const parsed = parseEnv<unknown>(schema, env);
    if (!parsed.ok) for (const problem of parsed.problems) problems.add(problem);
  }
  if (problems.size === 0) return;
  console.error(`[preflight] Invalid environment:\n${[...problems].map((p) => `  ${p}`).join("\n")}`);
  process.exit(2);
}

/**
 * Runs `next build` (.next does not hold a build of the current sources) and records the sources' hash. Its
 * output (a route table nobody needs here) is shown only when it fails.
 */
async function build(env: NodeJS.ProcessEnv, hash: string) {
  log("Building the web app (its sources changed since the last build; about a minute)…");
  const started = Date.now();
  const build = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
    cwd: projectRoot,
    env: { ...env, PREFLIGHT_BUILD_SKIP_TYPECHECK: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: Buffer[] = [];
  build.stdout!.on("data", (chunk: Buffer) => output.push(chunk));
  build.stderr!.on("data", (chunk: Buffer) => output.push(chunk));
  const code = await new Promise<number | null>((resolve) => build.on("exit", resolve));
  if (code !== 0) {
    process.stderr.write(Buffer.concat(output));
    throw new Error(`next build failed (exit code ${code}); its output is above`);
  }
  writeBuildStamp(projectRoot, hash);
  log(`Built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

async function waitForHealth(url: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer 200 within 60 s`);
}
