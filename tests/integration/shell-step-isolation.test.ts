// What a deploy's shell step can reach (issue 11): the attack in the report was a shell step that, given only
// the embedded database's port, signed in with the fixed password and rewrote the audit log. A real shell step
// (the executor the worker runs) gets no Preflight credentials, cannot sign in, and never starts in Preflight's
// own folders.
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { dataDir, projectRoot } from "@/lib/db/local";
import { LEGACY_PASSWORD } from "@/lib/db/embedded";
import { executeStep, type StepContext } from "@/lib/deploys/executors";
import type { PipelineStep } from "@/lib/deploys/pipeline-schema";

const embedded = !process.env.DATABASE_URL || process.env.DATABASE_URL.includes("127.0.0.1");

async function runShell(command: string, options: { cwd?: string; env?: Record<string, string> } = {}) {
  const lines: string[] = [];
  const context: StepContext = {
    variables: { VERSION: "1.0.0", PROJECT: "demo", PREFLIGHT_URL: "http://localhost:3000", RELEASE_ID: "r", RUN_ID: "x" },
    signal: new AbortController().signal,
    log: (_stream, line) => lines.push(line),
    skipRequested: () => null,
    setFlag: async () => null,
    killGraceMs: 500,
    allowShell: true,
  };
  const step: PipelineStep = {
    kind: "SHELL",
    name: "Probe",
    idempotent: true,
    config: { command, env: Object.entries(options.env ?? {}).map(([name, value]) => ({ name, value, secret: false })), timeoutSeconds: 30, ...(options.cwd ? { cwd: options.cwd } : {}) },
  };
  const outcome = await executeStep(step, context);
  return { outcome, lines };
}

describe("a deploy's shell step", () => {
  it("gets none of Preflight's credentials in its environment", async () => {
    process.env.NEXTAUTH_SECRET ??= "test-session-secret";
    const { outcome, lines } = await runShell("env");
    expect(outcome.status).toBe("SUCCEEDED");
    const names = lines.filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l)).map((l) => l.split("=")[0]);
    for (const secret of ["DATABASE_URL", "MIGRATION_DATABASE_URL", "NEXTAUTH_SECRET", "PREFLIGHT_SECRETS_KEY", "PGPASSWORD"]) expect(names).not.toContain(secret);
    expect(lines.join("\n")).not.toContain(process.env.NEXTAUTH_SECRET);
  });

  it.skipIf(!embedded)("cannot sign in to the embedded database knowing only its port", async () => {
    const port = new URL(inject("adminDatabaseUrl")).port;
    const probe = `const pg=require("pg");const c=new pg.Client({host:"127.0.0.1",port:${port},user:"preflight",password:${JSON.stringify(LEGACY_PASSWORD)},database:"postgres"});c.connect().then(()=>{console.log("SIGNED IN");process.exit(0)},(e)=>{console.log("refused "+e.code);process.exit(0)})`;
    const { outcome, lines } = await runShell(`node -e '${probe}'`, { env: { NODE_PATH: path.join(projectRoot, "node_modules") } });
    expect(outcome.status).toBe("SUCCEEDED");
    expect(lines).toContain("refused 28P01");
    expect(lines).not.toContain("SIGNED IN");
  });

  it("starts outside Preflight's folders, and refuses a working folder inside them", async () => {
    const { lines } = await runShell("pwd");
    const cwd = lines.find((l) => l.startsWith("/"));
    expect(cwd).toBeDefined();
    expect(cwd!.startsWith(projectRoot)).toBe(false);
    for (const inside of [dataDir(), path.join(projectRoot, "lib")]) {
      const refused = await runShell("true", { cwd: inside });
      expect(refused.outcome).toEqual({ status: "FAILED", error: "A command's working folder cannot be inside Preflight's own folder or data folder" });
    }
  });
});
