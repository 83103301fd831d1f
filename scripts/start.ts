// npm start: one command that runs Preflight. Opens the database (embedded PostgreSQL unless DATABASE_URL
// is set), applies migrations, seeds the demo on a fresh embedded database, builds the web app, then runs
// the web app (scripts/web-server.mjs, Next.js behind Node's http server) and the worker side by side until Ctrl-C, which stops all three cleanly.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { createRequire } from "node:module";
import { createPrismaClient } from "@/lib/db";
import { dataDir, migrateDatabase, openDatabase, projectRoot, type OpenedDatabase } from "@/lib/db/local";
import { prepareQueue } from "@/lib/deploys/queue";
import { parseAuthEnv } from "@/lib/auth/config";
import { parseTrustedProxies } from "@/lib/http/client-ip";
import { demoLoginsAnnouncement, saveDemoLogins, seedDemo } from "@/lib/seed/demo";
import { WORKER_NODE_FLAGS } from "@/lib/worker/node-flags";

const require = createRequire(import.meta.url);
const log = (line: string) => console.log(`[preflight] ${line}`);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const publicUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;
const skipBuild = process.argv.includes("--no-build") || process.env.PREFLIGHT_SKIP_BUILD === "1";
// The embedded database gets the demo on its first start unless PREFLIGHT_SEED=none: then it starts empty,
// as an installation on DATABASE_URL does (the end-to-end tests of a first run use this).
const seed = process.env.PREFLIGHT_SEED ?? "demo";
if (seed !== "demo" && seed !== "none") {
  console.error(`[preflight] PREFLIGHT_SEED is "demo" (the default) or "none", not "${seed}".`);
  process.exit(2);
}

// --fresh (used by the end-to-end tests) starts from an empty embedded database. Only with an explicit
// PREFLIGHT_DATA_DIR, so that it can never wipe the default .data by accident.
if (process.argv.includes("--fresh")) {
  if (!process.env.PREFLIGHT_DATA_DIR || process.env.DATABASE_URL) {
    console.error("--fresh needs PREFLIGHT_DATA_DIR and no DATABASE_URL");
    process.exit(2);
  }
  rmSync(dataDir(), { recursive: true, force: true });
}

await prepareAuthSecret();
const authEnv = parseAuthEnv(process.env);
const proxies = parseTrustedProxies(process.env.PREFLIGHT_TRUSTED_PROXIES);
if (!proxies.ok) {
  console.error(`[preflight] ${proxies.problem}`);
  process.exit(2);
}
if (!authEnv.ok) {
  console.error(`[preflight] Sign-in is misconfigured:\n${authEnv.problems.map((p) => `  ${p}`).join("\n")}`);
  process.exit(2);
}

// Once secrets exist, a worker without the key that opens them stops at start with a message saying so,
// and with it the whole start (see run() below).
prepareSecretsKey();

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

function run(label: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ["ignore", "inherit", "inherit"] });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    log(`${label} exited (${signal ?? `code ${code}`}); shutting down.`);
    void stop(code || 1);
  });
  return child;
}

try {
  // As the owner; the web app and the worker then connect as the runtime role (database.url).
  const applied = await migrateDatabase(database, prepareQueue);
  log(applied.length > 0 ? `Applied ${applied.length} migration(s).` : "Database schema is up to date.");

  let announcement: string[] | null = null;
  if (database.embedded && seed === "demo") {
    const prisma = createPrismaClient(database.url, 2);
    try {
      const seeded = await seedDemo(prisma, { password: process.env.PREFLIGHT_DEMO_PASSWORD });
      if (seeded) {
        await saveDemoLogins(seeded);
        log("Seeded the demo project, users and the default template.");
      }
      announcement = demoLoginsAnnouncement(seeded);
    } finally {
      await prisma.$disconnect();
    }
  }

  // The web server and the worker run as the runtime role only: the owner's (migration) credentials stay here.
  const { MIGRATION_DATABASE_URL: _ownerUrl, ...runtimeEnv } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...runtimeEnv,
    DATABASE_URL: database.url,
    NEXTAUTH_URL: publicUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
  };
  const nextBin = require.resolve("next/dist/bin/next");
  if (!skipBuild) {
    log("Building the web app (next build)…");
    const build = spawn(process.execPath, [nextBin, "build"], { cwd: projectRoot, env, stdio: "inherit" });
    const code = await new Promise<number | null>((resolve) => build.on("exit", resolve));
    if (code !== 0) throw new Error(`next build failed (exit code ${code})`);
  }

  run("worker", [...WORKER_NODE_FLAGS, "--import", "tsx", "lib/worker/main.ts"], env);
  // Not `next start`: scripts/web-server.mjs appends the socket's address to X-Forwarded-For (trusted proxies).
  run("web", ["scripts/web-server.mjs"], { ...env, PORT: String(port), HOST: host });

  await waitForHealth(`http://${host}:${port}/api/health`);
  log(`Preflight is running at ${publicUrl}`);
  if (announcement) {
    const [first, ...rest] = announcement;
    log(first!);
    for (const line of rest) console.log(line);
  } else if (!database.embedded) {
    log("Using DATABASE_URL; nothing seeded (run `npm run db:seed` for the demo).");
  } else {
    log("Nothing seeded (PREFLIGHT_SEED=none): create the first admin with `npm run user:create` while Preflight is stopped.");
  }
  log("Press Ctrl-C to stop.");
} catch (error) {
  log(`Start failed: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}

/** DATABASE_URL's server, or the embedded one held by scripts/embedded-db.ts in its own process group. */
async function startDatabase(): Promise<OpenedDatabase> {
  if (process.env.DATABASE_URL) return openDatabase(log);
  const holder = spawn(process.execPath, ["--import", "tsx", "scripts/embedded-db.ts"], {
    cwd: projectRoot,
    env: process.env,
    detached: true,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const urls = await new Promise<{ url: string; migrationUrl: string }>((resolve, reject) => {
    createInterface({ input: holder.stdout! }).on("line", (line) => {
      if (line.startsWith("READY ")) resolve(JSON.parse(line.slice("READY ".length)) as { url: string; migrationUrl: string });
    });
    holder.once("exit", (code) => reject(new Error(`the embedded database did not start (exit code ${code})`)));
  });
  return {
    ...urls,
    embedded: true,
    stop: () =>
      new Promise<void>((resolve) => {
        if (holder.exitCode !== null || holder.signalCode !== null) return resolve();
        holder.once("exit", () => resolve());
        holder.kill("SIGTERM");
      }),
  };
}

// With the embedded database a secret is generated once and kept beside the data; a real deployment sets its own.
async function prepareAuthSecret() {
  if (process.env.NEXTAUTH_SECRET) return;
  if (process.env.DATABASE_URL) {
    console.error("[preflight] NEXTAUTH_SECRET is required when DATABASE_URL is set (generate one with `openssl rand -base64 32`).");
    process.exit(2);
  }
  const file = path.join(dataDir(), "nextauth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir(), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
  }
  process.env.NEXTAUTH_SECRET = readFileSync(file, "utf8").trim();
}

// Project secrets: the embedded mode keeps a generated key beside the data, like the session secret. With
// DATABASE_URL the installation sets PREFLIGHT_SECRETS_KEY itself; it is needed once a secret exists.
function prepareSecretsKey() {
  if (process.env.PREFLIGHT_SECRETS_KEY || process.env.DATABASE_URL) return;
  const file = path.join(dataDir(), "secrets-key");
  if (!existsSync(file)) {
    mkdirSync(dataDir(), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
  }
  process.env.PREFLIGHT_SECRETS_KEY = readFileSync(file, "utf8").trim();
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
