// A throwaway PostgreSQL for tooling that needs one briefly (authoring migrations, benchmarks):
// DATABASE_URL's server when set, otherwise an embedded one in a temporary folder.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createServer } from "node:net";
import { getLaunchEnv } from "@/lib/env";
import { startEmbeddedPostgres } from "./embedded";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function withScratchPostgres<T>(run: (connectionString: string) => Promise<T>): Promise<T> {
  const { DATABASE_URL } = getLaunchEnv();
  if (DATABASE_URL) return run(DATABASE_URL);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "preflight-pg-"));
  // Run as root, PostgreSQL runs as its own OS user, which must be able to enter this folder.
  chmodSync(dataDir, 0o755);
  const db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "data"), port: await freePort() });
  try {
    await db.ensureDatabase("scratch");
    return await run(db.connectionString("scratch"));
  } finally {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
