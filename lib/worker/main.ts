// The worker process, started by `npm start` beside the web server (run more for more capacity). It takes
// deploy runs from the queue, executes their steps, reports liveness, and recovers runs whose worker died.
// SIGTERM/SIGINT: stop taking runs, let the current step finish (bounded by PREFLIGHT_DRAIN_SECONDS), hand
// the run back to the queue, exit. Logs are JSON lines with the run and step they concern (lib/log.ts);
// PREFLIGHT_WORKER_METRICS_PORT serves its Prometheus metrics (lib/metrics/listener.ts).
import os from "node:os";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Db } from "@/lib/db-types";
import { processRun, recoverStaleRuns, requeueLostRuns, type EngineConfig } from "@/lib/deploys/engine";
import { killRunningCommands } from "@/lib/deploys/executors";
import { closeFinishedMonitoring } from "@/lib/deploys/monitoring";
import { noteOverdueBreakGlassSignoffs } from "@/lib/signoffs/overdue";
import { exitOnInvalidEnv, getMetricsConfig, getWorkerEnv, publicUrlOf } from "@/lib/env";
import { createBoss, DEPLOY_QUEUE, ensureDeployQueue, listenForDeployJobs, sendDeployJob, type DeployJob } from "@/lib/deploys/queue";
import { errorSummary, log, runWithLogContext, setLogProcess } from "@/lib/log";
import { startMetricsListener } from "@/lib/metrics/listener";
import { metrics } from "@/lib/metrics/registry";
import { secretsKeyProblem } from "@/lib/secrets/store";
import { isConnectionFailure } from "@/lib/db/errors";
import { enqueueWith, sweepNotifications, workNotifications, type NotificationConfig } from "@/lib/notifications/send";
import { NOTIFICATION_QUEUE } from "@/lib/deploys/queue";
import { beat, HEARTBEAT_INTERVAL_MS } from "./heartbeat";

// First, before anything connects: a malformed variable stops the worker with its name.
const env = exitOnInvalidEnv("worker", getWorkerEnv);
const worker = { id: `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, hostname: os.hostname(), pid: process.pid };

setLogProcess("worker");
const metricsConfig = exitOnInvalidEnv("worker", () => getMetricsConfig("worker"));

let stopping = false;
let currentStepId: string | null = null;
let activeRuns = 0;
// Set once the worker listens for new jobs; a stop before that has nothing to close.
let stopListening = async () => {};

const boss = createBoss(env.DATABASE_URL, "worker");
boss.on("error", (error: unknown) => log.error({ error: errorSummary(error) }, "queue error"));

const engine: EngineConfig = {
  db,
  workerId: worker.id,
  publicUrl: publicUrlOf(env),
  heartbeatMs: env.PREFLIGHT_RUN_HEARTBEAT_SECONDS,
  staleAfterMs: env.PREFLIGHT_HEARTBEAT_STALE_SECONDS,
  killGraceMs: env.PREFLIGHT_KILL_GRACE_SECONDS,
  allowShell: env.PREFLIGHT_ALLOW_SHELL,
  outboundAllow: env.PREFLIGHT_OUTBOUND_ALLOW,
  outputLimits: {
    maxLineBytes: env.PREFLIGHT_LOG_LINE_MAX_BYTES,
    maxLinesPerStep: env.PREFLIGHT_STEP_LOG_MAX_LINES,
    maxBytesPerStep: env.PREFLIGHT_STEP_LOG_MAX_BYTES,
  },
  draining: () => stopping,
  onCurrentStep: (stepId) => {
    currentStepId = stepId;
  },
  enqueue: (tx: Db, runId: string) => sendDeployJob(boss, tx, runId),
};

const notifications: NotificationConfig = {
  db,
  publicUrl: engine.publicUrl,
  outboundAllow: env.PREFLIGHT_OUTBOUND_ALLOW,
  retry: { baseDelayMs: env.PREFLIGHT_NOTIFY_RETRY_BASE_MS, maxAttempts: env.PREFLIGHT_NOTIFY_MAX_ATTEMPTS },
  enqueue: enqueueWith(boss),
};

async function loop(every: number, task: () => Promise<unknown>, label: string) {
  while (!stopping) {
    try {
      await task();
    } catch (error) {
      log.error({ task: label, error: errorSummary(error) }, `${label} failed`);
    }
    await new Promise((resolve) => setTimeout(resolve, every).unref());
  }
}

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, `${signal}: finishing the current step, then stopping`);
  // Stop fetching (pg-boss 10's offWork does not wait for running handlers: PREFLIGHT_DRAIN_SECONDS below
  // bounds how long the current steps may take).
  await boss.offWork(DEPLOY_QUEUE).catch(() => undefined);
  await boss.offWork(NOTIFICATION_QUEUE).catch(() => undefined);
  await stopListening();
  const deadline = Date.now() + env.PREFLIGHT_DRAIN_SECONDS;
  while (activeRuns > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const unfinished = activeRuns > 0;
  if (unfinished) log.warn("the current step did not finish in time: ending its commands; the run will be recovered from its heartbeat");
  await boss.stop({ graceful: false, close: true }).catch(() => undefined);
  await db.workerHeartbeat.delete({ where: { id: worker.id } }).catch(() => undefined);
  await db.$disconnect();
  // Killed and exited in the same tick, so the engine records no outcome for the step: it stays RUNNING
  // with a stale heartbeat, and recovery marks it INTERRUPTED (re-run if idempotent, else a decision).
  if (unfinished) killRunningCommands("SIGKILL");
  process.exit(0);
}

// pg-boss 10 does not await its own complete()/fail() after a job (manager.js onFetch): while PostgreSQL
// restarts, their rejections are unhandled and would end the worker mid-run. A lost completion is harmless
// (the run's rows decide what happens; the job expires), so a connection failure is logged and the worker
// goes on; anything else still ends the process, as Node would.
process.on("unhandledRejection", (reason) => {
  if (isConnectionFailure(reason)) {
    log.warn({ error: errorSummary(reason) }, "a queue write failed while the database was unreachable");
    return;
  }
  log.fatal({ error: errorSummary(reason) }, "unhandled rejection");
  process.exit(1);
});

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

// npm start starts this process while it still migrates the database: it begins once told to.
if (env.PREFLIGHT_START_GATE === "ipc" && process.send) {
  await new Promise((resolve) => process.once("message", resolve));
  process.disconnect?.();
}

// Steps could not read the project's secrets: stop here, saying why, rather than fail every run.
const keyProblem = await secretsKeyProblem(db);
if (keyProblem) {
  log.fatal(keyProblem);
  await db.$disconnect();
  process.exit(2);
}

await boss.start();
await ensureDeployQueue(boss);
// One pg-boss poller per slot, each taking one run at a time.
const slots: string[] = [];
const wakeSlots = () => {
  for (const id of slots) boss.notifyWorker(id);
};
stopListening = listenForDeployJobs(env.DATABASE_URL, wakeSlots, (error) =>
  log.warn({ error: errorSummary(error) }, "queue wake-up connection lost; retrying"),
);
for (let slot = 0; slot < env.PREFLIGHT_WORKER_CONCURRENCY; slot++) {
  let id = "";
  id = await boss.work<DeployJob>(DEPLOY_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    // Even while stopping: returning would complete the job and strand its run in QUEUED. processRun
    // claims the run and, since the worker is draining, hands it straight back to the queue.
    if (!job) return;
    activeRuns += 1;
    metrics.activeRuns.set(activeRuns);
    try {
      const { runId } = job.data;
      await runWithLogContext({ runId }, () => processRun(runId, engine));
    } finally {
      activeRuns -= 1;
      metrics.activeRuns.set(activeRuns);
      // After a job, a poller waits out the polling interval (2 s) unless woken: with runs queued behind
      // this one, each slot would take one run per interval. This slot is free now: it looks for work at
      // once. The others need no waking: a busy one looks when its own job ends, an idle one found the queue
      // empty and is woken by the next job's NOTIFY (waking them all here cost ~3 empty fetches per run).
      if (id) boss.notifyWorker(id);
      else wakeSlots();
    }
  });
  slots.push(id);
}
// Notifications out: sent by this queue's handler, never inside a person's action.
await workNotifications(boss, notifications);
if (metricsConfig) {
  const config = metricsConfig;
  await startMetricsListener(config, metrics.registry).then(
    ({ port }) => log.info({ url: `http://${config.host}:${port}/metrics` }, "metrics listening"),
    (error: unknown) => {
      log.fatal({ error: errorSummary(error) }, "metrics listener could not start");
      process.exit(2);
    },
  );
}
log.info({ workerId: worker.id, slots: slots.length }, "worker started");
void loop(HEARTBEAT_INTERVAL_MS, () => beat(db, worker, currentStepId), "heartbeat");
void loop(Math.min(5_000, engine.staleAfterMs / 2), () => recoverStaleRuns(engine), "recovery sweep");
void loop(Math.min(5_000, engine.staleAfterMs / 2), () => requeueLostRuns(engine), "queue sweep");
void loop(30_000, () => closeFinishedMonitoring(db), "monitoring sweep");
void loop(30_000, () => noteOverdueBreakGlassSignoffs(db), "break-glass sign-off sweep");
void loop(2_000, () => sweepNotifications(notifications), "notification sweep");
