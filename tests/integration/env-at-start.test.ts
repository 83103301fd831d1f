// A wrong variable stops `npm start` and the worker at once, with the variable named, before anything runs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { WORKER_NODE_FLAGS } from "@/lib/worker/node-flags";

const root = path.resolve(import.meta.dirname, "..", "..");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "preflight-env-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs a process with only the given variables (and PATH), as an operator's shell would. */
function run(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env }, encoding: "utf8", timeout: 60_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("a wrong variable at start", () => {
  it("stops npm start with its name, before the database is started", () => {
    const started = run(["--import", "tsx", "scripts/start.ts", "--no-build"], {
      PREFLIGHT_DATA_DIR: dataDir,
      DATABASE_URL: "",
      NEXTAUTH_SECRET: "s".repeat(32),
      PREFLIGHT_SSE_MAX_PER_USER: "abc",
      PREFLIGHT_DRAIN_SECONDS: "soon",
    });
    expect(started.code).toBe(2);
    expect(started.output).toContain("PREFLIGHT_SSE_MAX_PER_USER: PREFLIGHT_SSE_MAX_PER_USER must be a whole number");
    expect(started.output).toContain("PREFLIGHT_DRAIN_SECONDS: PREFLIGHT_DRAIN_SECONDS must be a number of seconds");
    expect(started.output).not.toContain("Starting embedded PostgreSQL");
    expect(existsSync(path.join(dataDir, "pg"))).toBe(false);
  });

  it("stops a worker started on its own, with the variable's name", () => {
    const worker = run([...WORKER_NODE_FLAGS, "--import", "tsx", "lib/worker/main.ts"], {
      DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none",
      PREFLIGHT_WORKER_CONCURRENCY: "lots",
    });
    expect(worker.code).toBe(2);
    expect(worker.output).toContain("[worker] Invalid environment:\n  PREFLIGHT_WORKER_CONCURRENCY: PREFLIGHT_WORKER_CONCURRENCY must be a whole number");
  });
});
