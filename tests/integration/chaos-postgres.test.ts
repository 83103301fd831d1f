// Short version of the "postgres restart" chaos scenario. It stops and starts PostgreSQL, so it cannot use
// the test run's shared server: it runs `npm run chaos -- --only postgres --short` (bench/chaos.ts), which
// starts an embedded PostgreSQL of its own, and checks its one line and exit code.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");

let running: ReturnType<typeof spawn> | undefined;
afterAll(() => {
  // Timed out: end the script.
  if (running && running.exitCode === null) running.kill("SIGKILL");
});

describe("chaos, short", () => {
  it("postgres restart: the worker and the actions recover, and no acknowledged write is lost", async () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = (running = spawn(process.execPath, ["--import", "tsx", "bench/chaos.ts", "--only", "postgres", "--short", "--verbose"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] }));
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", () => undefined);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    const line = output.split("\n").find((l) => l.startsWith("postgres restart:"));
    console.log(output.split("\n").filter((l) => l.startsWith("postgres restart:") || l.startsWith("  ")).join("\n"));
    expect(line).toMatch(/^postgres restart: recovery \d+\.\d s, 0 acknowledged writes lost$/);
    expect(code).toBe(0);
  }, 180_000);
});
