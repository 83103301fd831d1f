// npm run bench:start: how long `npm start` takes until GET /api/health answers 200, as a new user meets it.
//
//   cold  the first start after install: no .next (this script deletes it), a fresh embedded database
//         (initdb, migrations, demo seed), the web app built, web server and worker started;
//   warm  the next start with nothing changed: the same data folder, the build reused.
//
// Each is timed from spawning `node --import tsx scripts/start.ts` (what `npm start` runs, without npm's
// own start-up) to the first 200 from /api/health, polled every 100 ms; then the start is stopped with
// Ctrl-C (SIGINT). Free ports and a temporary data folder are used, so a running Preflight is not touched,
// but the project's .next is rebuilt. Prints one line: `cold start: N s, warm start: M s`; the machine
// and its load go to stderr. The figures in docs/PERFORMANCE.md ("Start") come from this script.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@/lib/db/scratch";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "preflight-bench-start-"));
// The embedded PostgreSQL runs as its own OS user when started as root; it must be able to enter the folder.
chmodSync(dataDir, 0o755);

const cpus = os.cpus();
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
console.error(`machine ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), node ${process.version}, load average ${load()}`);

async function timeStart(label: string): Promise<number> {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), PREFLIGHT_DATA_DIR: dataDir, PREFLIGHT_PG_PORT: String(await freePort()), DATABASE_URL: "" };
  delete env.NEXTAUTH_URL;
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let ready: number | null = null;
  while (ready === null) {
    if (child.exitCode !== null) throw new Error(`${label} start exited (code ${child.exitCode}):\n${output}`);
    if (performance.now() - started > 15 * 60_000) throw new Error(`${label} start: no healthy /api/health within 15 minutes:\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) ready = performance.now();
    } catch {
      // not listening yet
    }
    if (ready === null) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGINT");
  await exited;
  console.error(`${label}: ${((ready - started) / 1000).toFixed(1)} s (load average ${load()})`);
  return (ready - started) / 1000;
}

try {
  rmSync(path.join(root, ".next"), { recursive: true, force: true });
  const cold = await timeStart("cold");
  const warm = await timeStart("warm");
  console.log(`cold start: ${cold.toFixed(1)} s, warm start: ${warm.toFixed(1)} s`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
