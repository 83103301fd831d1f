// Least privilege in the database (issue 11). The attack: a deploy command, given only the port, signed in
// with the fixed password, set session_replication_role = replica and rewrote the oldest audit event.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, statSync, unlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { LEGACY_PASSWORD, startEmbeddedPostgres } from "@/lib/db/embedded";
import { ensureRuntimeRole, grantRuntimePrivileges } from "@/lib/db/roles";
import { freePort } from "@/lib/db/scratch";
import { auditTypes } from "@/lib/audit/events/types";
import { recordAuditEvent } from "@/lib/audit/record";
import { createTestDatabase } from "../support/database";

const embedded = !process.env.DATABASE_URL;

/** Runs SQL as `url` and answers the SQLSTATE of the failure (or "ok"). */
async function sqlState(url: string, sql: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(sql);
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? "error";
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe("database roles", async () => {
  const { url: ownerUrl, prisma } = await createTestDatabase();
  const role = `preflight_app_${Math.random().toString(36).slice(2, 8)}`;
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  await ensureRuntimeRole(ownerUrl, role, password);
  await grantRuntimePrivileges(ownerUrl, role);
  const runtime = new URL(ownerUrl);
  runtime.username = role;
  runtime.password = password;
  const runtimeUrl = runtime.toString();
  await recordAuditEvent(prisma, { type: auditTypes.secretCreated, payload: { name: "THE_ORIGINAL" } });

  it.skipIf(!embedded)("the embedded superuser no longer answers to the fixed password: a process given only the port cannot get in", () => {
    const port = new URL(inject("adminDatabaseUrl")).port;
    // Like the shell step in the report: a separate process, knowing only the port.
    const attack = spawnSync(
      process.execPath,
      ["-e", `const pg=require("pg");const c=new pg.Client({host:"127.0.0.1",port:${port},user:"preflight",password:${JSON.stringify(LEGACY_PASSWORD)},database:"postgres"});c.connect().then(()=>{console.log("IN");process.exit(0)},(e)=>{console.log(e.code);process.exit(1)})`],
      { env: { PATH: process.env.PATH ?? "", PORT: port, NODE_ENV: "test" }, encoding: "utf8", cwd: path.resolve(import.meta.dirname, "..", "..") },
    );
    expect(attack.stdout.trim()).toBe("28P01");
  });

  it("the app's role works with rows: reads, writes, appends audit events", async () => {
    const app = createPrismaClient(runtimeUrl, 2);
    try {
      await app.signInAttempt.create({ data: { email: "a@example.com", ip: "10.0.0.1", succeeded: false } });
      await recordAuditEvent(app, { type: auditTypes.secretDeleted, payload: { name: "BY_APP" } });
      expect(await app.auditEvent.count()).toBeGreaterThanOrEqual(2);
    } finally {
      await app.$disconnect();
    }
  });

  it.each([
    ["rewrite an audit event", `UPDATE "AuditEvent" SET payload = '{"name":"REWRITTEN"}' WHERE type = 'secret.created'`],
    ["delete audit events", `DELETE FROM "AuditEvent"`],
    ["truncate the audit log", `TRUNCATE "AuditEvent"`],
    ["switch triggers off", `SET session_replication_role = replica`],
    ["alter a table", `ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`],
    ["create a table", `CREATE TABLE evil (id int)`],
    ["run a program", `COPY (SELECT 1) TO PROGRAM 'true'`],
    ["read the migrations table", `SELECT * FROM "_prisma_migrations"`],
  ])("the app's role cannot %s", async (_what, sql) => {
    expect(await sqlState(runtimeUrl, sql)).toBe("42501");
    const original = await prisma.auditEvent.findFirstOrThrow({ where: { type: auditTypes.secretCreated } });
    expect(original.payload).toEqual({ name: "THE_ORIGINAL" });
  });

  it("the audit trigger refuses TRUNCATE, even for the owner", async () => {
    expect(await sqlState(ownerUrl, `TRUNCATE "AuditEvent" CASCADE`)).toBe("42501");
    expect(await prisma.auditEvent.count({ where: { type: auditTypes.secretCreated } })).toBe(1);
  });
});

describe.skipIf(!embedded)("an embedded data folder made with the old fixed password", () => {
  it("is rotated to a random password, stored readable by its owner only, on its first start", async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "preflight-rotate-"));
    chmodSync(folder, 0o755);
    const dataDir = path.join(folder, "pg");
    const port = await freePort();
    try {
      // Make the folder as old versions did: the superuser's password is the fixed one, and no file.
      const first = await startEmbeddedPostgres({ dataDir, port });
      expect(await sqlState(first.connectionString("postgres"), `ALTER ROLE preflight PASSWORD '${LEGACY_PASSWORD}'`)).toBe("ok");
      await first.stop();
      unlinkSync(first.passwordFile);

      const second = await startEmbeddedPostgres({ dataDir, port });
      try {
        expect(statSync(second.passwordFile).mode & 0o777).toBe(0o600);
        expect(await sqlState(second.connectionString("postgres"), "SELECT 1")).toBe("ok");
        expect(await sqlState(`postgresql://preflight:${LEGACY_PASSWORD}@127.0.0.1:${port}/postgres`, "SELECT 1")).toBe("28P01");
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
