// Helpers for deploy tests: a real worker process on the test database, and a release made ready to deploy.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { WORKER_NODE_FLAGS } from "@/lib/worker/node-flags";

const root = path.resolve(import.meta.dirname, "..", "..");

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/** Starts `lib/worker/main.ts` against `databaseUrl`, with short heartbeat timings for tests. */
export function startWorker(databaseUrl: string, env: Record<string, string> = {}): WorkerProcess {
  let output = "";
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, "--import", "tsx", "lib/worker/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PREFLIGHT_RUN_HEARTBEAT_SECONDS: "0.5",
      PREFLIGHT_HEARTBEAT_STALE_SECONDS: "3",
      PREFLIGHT_KILL_GRACE_SECONDS: "1",
      PREFLIGHT_DRAIN_SECONDS: "5",
      // Tests wait for its "worker started" line (vitest.config.ts sets warn for the tests' own logs).
      PREFLIGHT_LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return {
    child,
    output: () => output,
    stop: (signal = "SIGTERM") =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}

/** Polls until `check` returns a value that is not undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Ticks every required pre-release item and gives every sign-off, then marks the release READY. */
export async function makeReleaseReady(prisma: PrismaClient, releaseId: string, signerId: string): Promise<void> {
  await prisma.releaseItem.updateMany({ where: { releaseId, phase: "PRE_RELEASE", required: true }, data: { state: "DONE", tickedById: signerId, tickedAt: new Date() } });
  const requirements = await prisma.signoffRequirement.findMany({ where: { releaseId } });
  for (const requirement of requirements) {
    await prisma.signoff.create({ data: { requirementId: requirement.id, releaseId, signedById: signerId, checklistState: [] } });
  }
  await prisma.release.update({ where: { id: releaseId }, data: { status: "READY", readyAt: new Date() } });
}
