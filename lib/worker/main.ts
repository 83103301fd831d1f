// The worker process, started by `npm start` beside the web server (run more for more capacity). It takes
// deploy runs from the queue, executes their steps, reports liveness, and recovers runs whose worker died.
// SIGTERM/SIGINT: stop taking runs, let the current step finish (bounded by PREFLIGHT_DRAIN_SECONDS), hand
// the run back to the queue, exit.
import os from "node:os";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Db } from "@/lib/db-types";
import { processRun, recoverStaleRuns, requeueLostRuns, type EngineConfig } from "@/lib/deploys/engine";
import { killRunningCommands } from "@/lib/deploys/executors";
import { closeFinishedMonitoring } from "@/lib/deploys/monitoring";
import { outputLimitsFromEnv } from "@/lib/deploys/output-limits";
import { createBoss, DEPLOY_QUEUE, ensureDeployQueue, type DeployJob } from "@/lib/deploys/queue";
import { publicUrlFromEnv } from "@/lib/projects/variables";
import { secretsKeyProblem } from "@/lib/secrets/store";
import { beat, HEARTBEAT_INTERVAL_MS } from "./heartbeat";

const worker = { id: `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, hostname: os.hostname(), pid: process.pid };
const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback) * 1000;

let stopping = false;
let currentStepId: string | null = null;
let activeRuns = 0;

const boss = createBoss(process.env.DATABASE_URL!, "worker");
boss.on("error", (error: unknown) => console.error("[worker] queue error", error));

const engine: EngineConfig = {
  db,
  workerId: worker.id,
  publicUrl: publicUrlFromEnv(),
  heartbeatMs: seconds("PREFLIGHT_RUN_HEARTBEAT_SECONDS", 2),
  staleAfterMs: seconds("PREFLIGHT_HEARTBEAT_STALE_SECONDS", 15),
  killGraceMs: seconds("PREFLIGHT_KILL_GRACE_SECONDS", 5),
  allowShell: process.env.PREFLIGHT_ALLOW_SHELL !== "false",
  outputLimits: outputLimitsFromEnv(),
  draining: () => stopping,
  onCurrentStep: (stepId) => {
    currentStepId = stepId;
  },
  enqueue: async (tx: Db, runId: string) => {
    await boss.send(DEPLOY_QUEUE, { runId } satisfies DeployJob, {
      db: { executeSql: async (text: string, values: unknown[] = []) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }) },
    });
  },
};

async function loop(every: number, task: () => Promise<unknown>, label: string) {
  while (!stopping) {
    try {
      await task();
    } catch (error) {
      console.error(`[worker] ${label} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, every).unref());
  }
}

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing the current step, then stopping`);
  // Stop fetching without waiting here for the handlers: offWork's default (wait: true) would wait for the
  // current step however long it takes, and PREFLIGHT_DRAIN_SECONDS below would never apply.
  await boss.offWork(DEPLOY_QUEUE, { wait: false }).catch(() => undefined);
  const deadline = Date.now() + seconds("PREFLIGHT_DRAIN_SECONDS", 15);
  while (activeRuns > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const unfinished = activeRuns > 0;
  if (unfinished) console.log("[worker] the current step did not finish in time: ending its commands; the run will be recovered from its heartbeat");
  await boss.stop({ graceful: false, close: true }).catch(() => undefined);
  await db.workerHeartbeat.delete({ where: { id: worker.id } }).catch(() => undefined);
  await db.$disconnect();
  // Killed and exited in the same tick, so the engine records no outcome for the step: it stays RUNNING
  // with a stale heartbeat, and recovery marks it INTERRUPTED (re-run if idempotent, else a decision).
  if (unfinished) killRunningCommands("SIGKILL");
  process.exit(0);
}

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

// Steps could not read the project's secrets: stop here, saying why, rather than fail every run.
const keyProblem = await secretsKeyProblem(db);
if (keyProblem) {
  console.error(`[worker] ${keyProblem}`);
  await db.$disconnect();
  process.exit(2);
}

await boss.start();
await ensureDeployQueue(boss);
await boss.work<DeployJob>(
  DEPLOY_QUEUE,
  { batchSize: 1, localConcurrency: Number(process.env.PREFLIGHT_WORKER_CONCURRENCY ?? 4), pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2 },
  async ([job]) => {
    // Even while stopping: returning would complete the job and strand its run in QUEUED. processRun
    // claims the run and, since the worker is draining, hands it straight back to the queue.
    if (!job) return;
    activeRuns += 1;
    try {
      await processRun(job.data.runId, engine);
    } finally {
      activeRuns -= 1;
      // After a job, pg-boss waits out the polling interval (2 s) unless woken: with runs queued behind
      // this one, each slot would take one run per interval. A slot is free now: look for work at once.
      for (const slot of boss.getWipData()) if (slot.name === DEPLOY_QUEUE) boss.notifyWorker(slot.id);
    }
  },
);
console.log(`[worker] ${worker.id} started`);
void loop(HEARTBEAT_INTERVAL_MS, () => beat(db, worker, currentStepId), "heartbeat");
void loop(Math.min(5_000, engine.staleAfterMs / 2), () => recoverStaleRuns(engine), "recovery sweep");
void loop(Math.min(5_000, engine.staleAfterMs / 2), () => requeueLostRuns(engine), "queue sweep");
void loop(30_000, () => closeFinishedMonitoring(db), "monitoring sweep");
