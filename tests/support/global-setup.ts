// Starts one PostgreSQL for the integration tests (embedded unless DATABASE_URL is set) and builds a
// migrated template database; each test file then clones it (CREATE DATABASE … TEMPLATE), which is cheap.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrations";
import { prepareQueue } from "@/lib/deploys/queue";
import { freePort } from "@/lib/db/scratch";

declare module "vitest" {
  export interface ProvidedContext {
    /** Connection string of the server's maintenance database, with the template name beside it. */
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

const templateDatabase = `preflight_test_template_${process.pid}`;

export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | undefined;
  let tmpDir: string | undefined;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = "/postgres";
    adminUrl = url.toString();
  } else {
    tmpDir = mkdtempSync(path.join(os.tmpdir(), "preflight-test-pg-"));
    chmodSync(tmpDir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(tmpDir, "data"), port: await freePort() });
    adminUrl = embedded.connectionString("postgres");
  }

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${templateDatabase}"`);
  await admin.query(`CREATE DATABASE "${templateDatabase}"`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${templateDatabase}`;
  await applyMigrations(templateUrl.toString());
  // pg-boss's tables too, so that every cloned test database can enqueue deploy runs.
  await prepareQueue(templateUrl.toString());

  project.provide("adminDatabaseUrl", adminUrl);
  project.provide("templateDatabase", templateDatabase);

  return async () => {
    if (embedded) {
      await embedded.stop();
      if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
    } else {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${templateDatabase}" WITH (FORCE)`);
      await cleanup.end();
    }
  };
}
