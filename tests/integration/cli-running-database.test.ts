// The command-line tools beside a running `npm start` on the embedded database: they use the server that is
// running (found by its postmaster.pid, signed in with the superuser password file) instead of trying to start a
// second PostgreSQL on the same data, and they leave it running when they finish.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/db/local";
import { freePort } from "@/lib/db/scratch";
import { prepareQueue } from "@/lib/deploys/queue";
import { hashToken } from "@/lib/tokens/token";
import { holdEmbeddedDatabase, type HeldDatabase } from "../../scripts/embedded-db-holder";

const root = path.resolve(import.meta.dirname, "..", "..");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "preflight-cli-test-"));
// Run as root, PostgreSQL runs as its own OS user, which must be able to enter this folder.
chmodSync(dataDir, 0o755);
const pidFile = path.join(dataDir, "pg", "postmaster.pid");
let database: HeldDatabase;
let ownerUrl = "";

/** Environment of a command in the same installation; a different port, so a second server would show. */
async function cliEnv(): Promise<NodeJS.ProcessEnv> {
  return { ...process.env, DATABASE_URL: "", PREFLIGHT_DATA_DIR: dataDir, PREFLIGHT_PG_PORT: String(await freePort()) };
}

function runCli(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

const serverPid = () => readFileSync(pidFile, "utf8").split("\n")[0];

beforeAll(async () => {
  // As `npm start` does: scripts/embedded-db.ts holds the database in its own process group, then migrations.
  database = await holdEmbeddedDatabase(root, { ...process.env, DATABASE_URL: "", PREFLIGHT_DATA_DIR: dataDir, PREFLIGHT_PG_PORT: String(await freePort()) });
  ownerUrl = database.migrationUrl;
  await migrateDatabase(database, prepareQueue);
}, 120_000);

afterAll(async () => {
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("while npm start holds the embedded database", () => {
  it("user:create, db:seed and token:create use the running server and leave it running", { timeout: 180_000 }, async () => {
    const pid = serverPid();

    const user = await runCli("scripts/user-create.ts", ["--email", "ci-owner@example.com", "--name", "CI Owner", "--role", "RELEASE_MANAGER", "--password", "a-long-password-1"], await cliEnv());
    expect(user.code, user.stderr).toBe(0);
    expect(user.stdout).toContain("Created RELEASE_MANAGER ci-owner@example.com.");

    const seed = await runCli("scripts/db-seed.ts", [], await cliEnv());
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stdout).toMatch(/Using the embedded PostgreSQL already running on 127\.0\.0\.1:\d+/);
    expect(seed.stdout).toContain("Seeded the demo.");

    const created = await runCli("scripts/token-create.ts", ["--email", "ci-owner@example.com", "--name", "GitHub Actions", "--scopes", "read,write"], await cliEnv());
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim().split("\n").at(-1)!.split(" ").at(-1)!;
    expect(token).toMatch(/^pf_[A-Za-z0-9_-]{43}$/);
    const [row] = await query<{ name: string; scopes: string[]; email: string }>(
      `SELECT t.name, t.scopes, u.email FROM "ApiToken" t JOIN "User" u ON u.id = t."userId" WHERE t."tokenHash" = $1`,
      [hashToken(token)],
    );
    expect(row).toEqual({ name: "GitHub Actions", scopes: ["read", "write"], email: "ci-owner@example.com" });

    const flags = await runCli("scripts/token-create.ts", ["--project", "gateway", "--name", "flags reader", "--scopes", "flags:read"], await cliEnv());
    expect(flags.code, flags.stderr).toBe(0);
    const flagsToken = flags.stdout.trim().split("\n").at(-1)!.split(" ").at(-1)!;
    const [projectRow] = await query<{ slug: string; scopes: string[] }>(`SELECT p.slug, t.scopes FROM "ApiToken" t JOIN "Project" p ON p.id = t."projectId" WHERE t."tokenHash" = $1`, [hashToken(flagsToken)]);
    expect(projectRow).toEqual({ slug: "gateway", scopes: ["flags:read"] });

    // Still the first server, still running; the commands started none of their own and stopped nothing.
    expect(serverPid()).toBe(pid);
    expect(database.holder.exitCode).toBeNull();
    const servers = await query<{ count: string }>(`SELECT count(*)::text AS count FROM pg_stat_activity WHERE backend_type = 'checkpointer'`);
    expect(servers[0]!.count).toBe("1");
  });

  it("token:create refuses bad arguments with the usage, and an unknown email without creating anything", { timeout: 60_000 }, async () => {
    const bad = await runCli("scripts/token-create.ts", ["--email", "ci-owner@example.com", "--name", "x", "--scopes", "admin"], await cliEnv());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--scopes: a user's token takes read, write and/or deploy");
    const before = await query<{ count: string }>(`SELECT count(*)::text AS count FROM "ApiToken"`);
    const unknown = await runCli("scripts/token-create.ts", ["--email", "nobody@example.com", "--name", "x", "--scopes", "read"], await cliEnv());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No user has the email nobody@example.com.");
    expect(await query(`SELECT count(*)::text AS count FROM "ApiToken"`)).toEqual(before);
  });
});
