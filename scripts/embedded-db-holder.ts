// Starts scripts/embedded-db.ts, which holds the embedded PostgreSQL in a process group of its own, and waits
// for its READY line. `npm start` (scripts/start.ts) holds the database this way, and so does the CLI test
// that plays `npm start` (tests/integration/cli-running-database.test.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface HeldDatabase {
  /** The app's connection string (runtime role). */
  url: string;
  /** The owner's connection string, for migrations and set-up. */
  migrationUrl: string;
  holder: ChildProcess;
  /** Stops the holder (and so the database) and waits for it to exit. */
  stop: () => Promise<void>;
}

export async function holdEmbeddedDatabase(cwd: string, env: NodeJS.ProcessEnv): Promise<HeldDatabase> {
  const holder = spawn(process.execPath, ["--import", "tsx", "scripts/embedded-db.ts"], { cwd, env, detached: true, stdio: ["pipe", "pipe", "inherit"] });
  const urls = await new Promise<{ url: string; migrationUrl: string }>((resolve, reject) => {
    createInterface({ input: holder.stdout! }).on("line", (line) => {
      if (line.startsWith("READY ")) resolve(JSON.parse(line.slice("READY ".length)) as { url: string; migrationUrl: string });
    });
    holder.once("exit", (code) => reject(new Error(`the embedded database did not start (exit code ${code})`)));
  });
  return {
    ...urls,
    holder,
    stop: () =>
      new Promise<void>((resolve) => {
        if (holder.exitCode !== null || holder.signalCode !== null) return resolve();
        holder.once("exit", () => resolve());
        holder.kill("SIGTERM");
      }),
  };
}
