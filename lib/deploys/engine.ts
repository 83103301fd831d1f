// The worker's side of a deploy run: claim the run, execute its steps in order from the first one not
// yet done, keep heartbeats on the run and the running step (until its logs are stored), store logs
// through LogWriter (bounded per step, batched), and end the run.
// Crash safety: a run whose heartbeat stops is recovered by any worker (recoverStaleRuns): the running
// step becomes INTERRUPTED; an idempotent step is re-run, any other waits for a person to decide.
import { randomUUID } from "node:crypto";
import { auditTypes } from "@/lib/audit/events/types";
import { recordAuditEvent, type AuditEventDraft } from "@/lib/audit/record";
import type { Db } from "@/lib/db-types";
import { rolloutColumns } from "@/lib/flags/rollout";
import type { LogStream, PrismaClient } from "@/lib/generated/prisma/client";
import { addLogContext, errorSummary, log as logger } from "@/lib/log";
import { observeStep } from "@/lib/metrics/registry";
import { cancelOpenSteps, claimNextStep, lockRun, moveRun, moveStep, type ClaimedStep, type LockedRun, type RunRef } from "@/lib/lifecycle/write";
import { loadReleaseVariables } from "@/lib/projects/release-variables";
import { applyStepToChecklist } from "@/lib/releases/deploy-ticks";
import { loadProjectSecrets } from "@/lib/secrets/store";
import { executeStep, type StepOutcome } from "./executors";
import { appendLogLine } from "./log-chunks";
import { LogWriter } from "./log-writer";
import { DEFAULT_OUTPUT_LIMITS, type OutputLimits } from "./output-limits";
import { pipelineStepSchema } from "./pipeline-schema";
import type { ProbeClock } from "./probes";
import { DEPLOY_QUEUE } from "./queue";

export interface EngineConfig {
  db: PrismaClient;
  workerId: string;
  publicUrl: string;
  heartbeatMs: number;
  staleAfterMs: number;
  killGraceMs: number;
  allowShell: boolean;
  /** PREFLIGHT_OUTBOUND_ALLOW: private destinations HTTP, notify and flag steps may reach (none when not given). */
  outboundAllow?: string;
  /** Enqueues the run in the given transaction (pg-boss send with the transaction's connection). */
  enqueue: (tx: Db, runId: string) => Promise<void>;
  /** True once the worker was asked to stop: finish the current step, then hand the run back. */
  draining: () => boolean;
  /** Called with the step being executed (or null), for the worker's own heartbeat row. */
  onCurrentStep?: (stepId: string | null) => void;
  /** How much of each step's output is kept (output-limits.ts); the defaults when not given. */
  outputLimits?: OutputLimits;
  /** The clock PROBE steps wait by between checks; the system clock when not given (tests pass their own). */
  clock?: ProbeClock;
}

export async function processRun(runId: string, config: EngineConfig): Promise<void> {
  const { db } = config;
  // This claim's own owner id: when the run is recovered from under this loop (its heartbeat went stale),
  // the loop must stop writing, even if this same worker has claimed the run again meanwhile.
  const owner = `${config.workerId}#${randomUUID().slice(0, 8)}`;
  // The run is claimed and its first step started in one transaction; each step's outcome is written in the
  // same transaction as the next step's start. Every one of them holds the run's locks (release, then run)
  // and goes on only while this claim owns the run, so a run recovered from under this loop is never written.
  const first = await db.$transaction(async (tx) => {
    const locked = await lockRun(tx, runId);
    // Not QUEUED: cancelled meanwhile, or a duplicate job. The run's row is the truth; nothing to do.
    if (locked?.status !== "QUEUED") return null;
    // Read once per run, before its first step starts: the values the run started with fill in every step (a
    // run's log stays explainable).
    const variables = { ...(await loadReleaseVariables(tx, locked.releaseId, config.publicUrl))!, RUN_ID: runId };
    const running = await moveRun(tx, runId, "RUNNING", { cause: "Picked up by a worker", workerId: owner }, locked);
    const run: RunRef = { id: running.id, kind: running.kind, releaseId: running.releaseId, projectId: running.projectId };
    return { run, variables, next: await advance(tx, config, run, { ...running, workerId: owner }) };
  });
  if (!first) return;
  const { run, variables } = first;
  let step = first.next;
  if (!step) return;

  const outputLimits = config.outputLimits ?? DEFAULT_OUTPUT_LIMITS;
  const logs = new LogWriter(db, outputLimits);

  while (step) {
    const outcome = await executeClaimedStep(config, run, owner, step, { variables, outputLimits, logs });
    step = await recordOutcome(config, run, owner, step, outcome);
  }
}

interface RunResources {
  variables: Record<string, string>;
  outputLimits: OutputLimits;
  logs: LogWriter;
}

/** Runs a claimed step, with heartbeats on the run and the step until its logs are stored; its outcome. */
async function executeClaimedStep(config: EngineConfig, run: RunRef, owner: string, step: ClaimedStep, { variables, outputLimits, logs }: RunResources): Promise<StepOutcome> {
  const { db } = config;
  const { attempt } = step;
  config.onCurrentStep?.(step.id);
  addLogContext({ stepId: step.id });
  const log = (stream: LogStream, line: string) => logs.add({ stepId: step.id, attempt, stream, line, at: Date.now() });
  log("SYSTEM", `Step ${step.position + 1} “${step.name}” started (attempt ${attempt}) on ${config.workerId}`);

  const controller = new AbortController();
  let skipReason: string | null = null;
  const heartbeat = setInterval(() => {
    void (async () => {
      const at = new Date();
      const [runRow] = await db.$queryRaw<{ status: string; workerId: string | null }[]>`
        UPDATE "DeployRun" SET "heartbeatAt" = ${at} WHERE id = ${run.id} RETURNING status::text AS status, "workerId"`;
      const [stepRow] = await db.$queryRaw<{ skipReason: string | null }[]>`
        UPDATE "DeployStep" SET "heartbeatAt" = ${at} WHERE id = ${step.id} RETURNING "skipReason"`;
      skipReason = stepRow?.skipReason ?? null;
      if (runRow?.status === "CANCELLING" || runRow?.workerId !== owner) controller.abort();
    })().catch((error: unknown) => logger.error({ error: errorSummary(error) }, "run heartbeat failed"));
  }, config.heartbeatMs);

  let outcome: StepOutcome;
  const stepStarted = performance.now();
  const parsed = pipelineStepSchema.safeParse({ kind: step.kind, name: step.name, idempotent: step.idempotent, config: step.config });
  try {
    outcome = step.skipReason
      ? { status: "SKIPPED", reason: step.skipReason }
      : parsed.success
      ? await executeStep(parsed.data, {
          variables,
          signal: controller.signal,
          log,
          skipRequested: () => skipReason,
          setFlag: (flagKey, enabled) => setFlag(db, run, flagKey, enabled),
          killGraceMs: config.killGraceMs,
          allowShell: config.allowShell,
          outboundAllow: config.outboundAllow,
          loadSecrets: () => loadProjectSecrets(db, run.projectId),
          maxLineBytes: outputLimits.maxLineBytes,
          outputPressure: logs,
          clock: config.clock,
          recordProbeResult: async (check) => {
            await db.probeResult.create({ data: { stepId: step.id, runId: run.id, releaseId: run.releaseId, attempt, ...check } });
          },
        })
      : { status: "FAILED", error: `Invalid step definition: ${parsed.error.issues.map((i) => i.message).join("; ")}` };
  } catch (error) {
    outcome = { status: "FAILED", error: error instanceof Error ? error.message : String(error) };
  }

  log("SYSTEM", describeOutcome(outcome));
  const stepSeconds = (performance.now() - stepStarted) / 1000;
  observeStep(step.kind, outcome.status, stepSeconds);
  logger.info({ step: step.name, kind: step.kind, outcome: outcome.status, seconds: Math.round(stepSeconds * 1000) / 1000 }, "step finished");
  try {
    // The heartbeat keeps beating until the step's last lines are stored: a slow flush must not make
    // the run look dead (recovery would interrupt a step that has in fact ended).
    await logs.finish();
  } finally {
    clearInterval(heartbeat);
    config.onCurrentStep?.(null);
  }
  return outcome;
}

/**
 * What an owned, locked RUNNING-or-CANCELLING run does next, in the caller's transaction: end as cancelled,
 * go back to the queue (the worker is stopping), start its next step (returned), or end as succeeded when no
 * step is left. Null when the loop stops here.
 */
async function advance(tx: Db, config: EngineConfig, run: RunRef, locked: LockedRun): Promise<ClaimedStep | null> {
  if (locked.status === "CANCELLING") {
    await cancelOpenSteps(tx, run.id);
    await moveRun(tx, run.id, "CANCELLED", { cause: "Deploy cancelled" }, locked);
    return null;
  }
  if (locked.status !== "RUNNING") return null;
  if (config.draining()) {
    await handBackLocked(tx, config, run.id, locked, "The worker is stopping; the run continues on the next worker");
    return null;
  }
  for (;;) {
    const step = await claimNextStep(tx, run.id, config.workerId);
    // The step picked was moved meanwhile (it was PENDING when read): look again.
    if (step === "moved") continue;
    if (!step) {
      await moveRun(tx, run.id, "SUCCEEDED", { cause: "Every step succeeded" }, locked);
      return null;
    }
    await recordAuditEvent(tx, {
      type: auditTypes.stepStarted,
      releaseId: run.releaseId,
      projectId: run.projectId,
      payload: { runId: run.id, stepId: step.id, step: step.name, attempt: step.attempt },
    });
    return step;
  }
}

function describeOutcome(outcome: StepOutcome): string {
  switch (outcome.status) {
    case "SUCCEEDED":
      return `Succeeded${outcome.exitCode !== undefined ? ` (exit code ${outcome.exitCode})` : ""}`;
    case "FAILED":
      return `Failed: ${outcome.error}`;
    case "CANCELLED":
      return outcome.error;
    case "SKIPPED":
      return `Skipped: ${outcome.reason}`;
    case "WAITING":
      return "Waiting for approval";
  }
}

/**
 * Takes the row locks (release, then run) and returns the run if this claim (`owner`) still holds it, else
 * null; see recordOutcome.
 */
async function ownedRun(tx: Db, runId: string, owner: string): Promise<LockedRun | null> {
  const run = await lockRun(tx, runId);
  return run?.workerId === owner ? run : null;
}

/**
 * Writes a step's outcome and, when the run goes on, starts its next step in the same transaction (returned);
 * null when the loop stops here (failed, cancelled, waiting, succeeded, handed back, or no longer this claim's).
 */
async function recordOutcome(config: EngineConfig, run: RunRef, owner: string, step: ClaimedStep, outcome: StepOutcome): Promise<ClaimedStep | null> {
  const { db } = config;
  return db.$transaction(async (tx) => {
    // The run was recovered from under this worker: its step is INTERRUPTED already (and may be running
    // again elsewhere). This outcome, including the "cancel" that losing the run causes, is not written.
    // Checked under the run's row lock, which the recovery sweep also takes: with a plain read, a sweep
    // committing just after it would have its INTERRUPTED step overwritten and its re-queued run ended.
    const runNow = await ownedRun(tx, run.id, owner);
    if (!runNow) return null;
    await moveStep(tx, step.id, "RUNNING", outcome.status, {
      exitCode: "exitCode" in outcome ? (outcome.exitCode ?? null) : null,
      error: "error" in outcome ? outcome.error : null,
      ...(outcome.status === "SKIPPED" ? { skipReason: outcome.reason } : {}),
      ...("outputs" in outcome && outcome.outputs ? { outputs: outcome.outputs } : {}),
    });
    await recordAuditEvent(tx, stepOutcomeEvent(run, { id: step.id, name: step.name }, outcome));
    if (outcome.status === "SUCCEEDED" || outcome.status === "FAILED") {
      // Release-day (or rollback) items bound to this step: ticked by the deploy, or noted on failure.
      await applyStepToChecklist(tx, { run, step: { name: step.name, status: outcome.status, error: "error" in outcome ? outcome.error : null } });
    }
    if (outcome.status === "CANCELLED" || runNow.status === "CANCELLING") {
      await cancelOpenSteps(tx, run.id);
      await moveRun(tx, run.id, "CANCELLED", { cause: "Deploy cancelled" }, runNow);
      return null;
    }
    if (outcome.status === "FAILED") {
      await moveRun(tx, run.id, "FAILED", { cause: `Step failed: ${outcome.error}` }, runNow);
      return null;
    }
    if (outcome.status === "WAITING") {
      await moveRun(tx, run.id, "WAITING", { cause: "Waiting for approval" }, runNow);
      return null;
    }
    return advance(tx, config, run, runNow);
  });
}

/** The audit event of a step's outcome: the step by name, with the outcome's error or reason. */
function stepOutcomeEvent(run: RunRef, step: { id: string; name: string }, outcome: StepOutcome): AuditEventDraft {
  const where = { releaseId: run.releaseId, projectId: run.projectId };
  const ids = { runId: run.id, stepId: step.id, step: step.name };
  switch (outcome.status) {
    case "SUCCEEDED":
      return { ...where, type: auditTypes.stepSucceeded, payload: ids };
    case "FAILED":
      return { ...where, type: auditTypes.stepFailed, payload: { ...ids, error: outcome.error } };
    case "CANCELLED":
      return { ...where, type: auditTypes.stepCancelled, payload: { ...ids, error: outcome.error } };
    case "SKIPPED":
      return { ...where, type: auditTypes.stepSkipped, payload: { ...ids, reason: outcome.reason } };
    case "WAITING":
      return { ...where, type: auditTypes.stepWaiting, payload: ids };
  }
}

async function setFlag(db: PrismaClient, run: RunRef, flagKey: string, enabled: boolean): Promise<boolean | null> {
  return db.$transaction(async (tx) => {
    const existing = await tx.featureFlag.findUnique({ where: { projectId_key: { projectId: run.projectId, key: flagKey } } });
    const flag = await tx.featureFlag.upsert({
      where: { projectId_key: { projectId: run.projectId, key: flagKey } },
      create: { projectId: run.projectId, key: flagKey, ...rolloutColumns(enabled ? 100 : 0) },
      update: rolloutColumns(enabled ? 100 : 0),
    });
    await tx.flagChange.create({ data: { flagId: flag.id, releaseId: run.releaseId, enabled, rolloutPercent: enabled ? 100 : 0, reason: `Deploy step (run ${run.id})` } });
    await recordAuditEvent(tx, {
      type: auditTypes.flagChanged,
      releaseId: run.releaseId,
      projectId: run.projectId,
      payload: { flag: flagKey, enabled, from: existing?.enabled ?? null, runId: run.id },
    });
    return existing?.enabled ?? null;
  });
}

/** Gives a locked, owned run back to the queue (worker stopping): the next worker resumes at the first step not done. */
async function handBackLocked(tx: Db, config: EngineConfig, runId: string, locked: LockedRun, cause: string) {
  const run = await moveRun(tx, runId, "QUEUED", { cause }, locked);
  await recordAuditEvent(tx, { type: auditTypes.deployRequeued, releaseId: run.releaseId, projectId: run.projectId, payload: { runId, cause } });
  await config.enqueue(tx, runId);
}

/**
 * Finds runs whose worker stopped sending heartbeats and recovers them: the running step is marked
 * INTERRUPTED; an idempotent step is re-run automatically, any other waits for a decision (retry, skip
 * or cancel). Completed steps are never re-run. Returns the ids of the runs it recovered.
 */
export async function recoverStaleRuns(config: EngineConfig, now = new Date()): Promise<string[]> {
  const { db } = config;
  const staleBefore = new Date(now.getTime() - config.staleAfterMs);
  const candidates = await db.deployRun.findMany({
    where: { status: { in: ["RUNNING", "CANCELLING"] }, heartbeatAt: { lt: staleBefore } },
    select: { id: true },
    take: 50,
  });
  const recovered: string[] = [];
  for (const candidate of candidates) {
    const done = await sweepOne(candidate.id, "recovery", () => db.$transaction(async (tx) => {
      // SKIP LOCKED: when two workers sweep at once, each run is recovered by one of them.
      const locked = await lockRun(tx, candidate.id, { skipLocked: true });
      if (!locked) return false;
      const run = await tx.deployRun.findUniqueOrThrow({
        where: { id: candidate.id },
        select: { id: true, kind: true, releaseId: true, projectId: true, status: true, workerId: true, heartbeatAt: true },
      });
      // Re-checked under the lock: the worker may have beaten (or ended the run) since the candidates were read.
      if ((run.status !== "RUNNING" && run.status !== "CANCELLING") || !run.heartbeatAt || run.heartbeatAt >= staleBefore) return false;
      const step = await tx.deployStep.findFirst({ where: { runId: run.id, status: "RUNNING" }, orderBy: { position: "asc" } });
      const lastSeen = run.heartbeatAt?.toISOString() ?? "never";
      if (step) {
        await moveStep(tx, step.id, "RUNNING", "INTERRUPTED", { error: `Worker ${run.workerId ?? "?"} stopped responding (last heartbeat ${lastSeen})` });
        await appendLogLine(tx, { stepId: step.id, attempt: step.attempt, stream: "SYSTEM", line: `Interrupted: worker ${run.workerId ?? "?"} stopped responding (last heartbeat ${lastSeen})` });
        await recordAuditEvent(tx, {
          type: auditTypes.stepInterrupted,
          releaseId: run.releaseId,
          projectId: run.projectId,
          payload: { runId: run.id, stepId: step.id, step: step.name, idempotent: step.idempotent, lastHeartbeat: lastSeen },
        });
      }
      if (run.status === "CANCELLING") {
        await cancelOpenSteps(tx, run.id);
        await moveRun(tx, run.id, "CANCELLED", { cause: "Deploy cancelled (its worker had stopped)" });
        return true;
      }
      if (!step || step.idempotent) {
        if (step) await moveStep(tx, step.id, "INTERRUPTED", "PENDING");
        await moveRun(tx, run.id, "QUEUED", { cause: "Its worker stopped responding" });
        await recordAuditEvent(tx, {
          type: auditTypes.deployResumed,
          releaseId: run.releaseId,
          projectId: run.projectId,
          payload: { runId: run.id, automatically: true, ...(step ? { rerunStep: step.name } : {}) },
        });
        await config.enqueue(tx, run.id);
      } else {
        await moveRun(tx, run.id, "NEEDS_DECISION", { cause: "A step that is not safe to re-run was interrupted" });
        await recordAuditEvent(tx, {
          type: auditTypes.deployNeedsDecision,
          releaseId: run.releaseId,
          projectId: run.projectId,
          payload: { runId: run.id, stepId: step.id, step: step.name, reason: "A step that is not safe to re-run was interrupted" },
        });
      }
      return true;
    }));
    if (done) recovered.push(candidate.id);
  }
  return recovered;
}

/** One run of a sweep: a failure is logged and the sweep goes on with the next run. */
async function sweepOne(runId: string, sweep: string, work: () => Promise<boolean>): Promise<boolean> {
  try {
    return await work();
  } catch (error) {
    logger.error({ sweep, runId, error: errorSummary(error) }, "sweep of a run failed");
    return false;
  }
}

/**
 * Re-sends runs that have waited in QUEUED longer than the stale threshold with no queue job left to start
 * them (a worker died between taking the job and claiming the run, or the job was removed). The run's row
 * decides: a job that turns up twice finds the run claimed and does nothing. Returns the re-sent run ids.
 */
/** Times a run is sent again for a lost job before it is failed. */
const MAX_LOST_JOB_RESENDS = 3;

export async function requeueLostRuns(config: EngineConfig, now = new Date()): Promise<string[]> {
  const { db } = config;
  const queuedBefore = new Date(now.getTime() - config.staleAfterMs);
  const lost = await db.$queryRaw<{ id: string }[]>`
    SELECT r.id FROM "DeployRun" r
    WHERE r.status = 'QUEUED' AND r."queuedAt" < ${queuedBefore}
      AND NOT EXISTS (
        SELECT 1 FROM pgboss.job j
        WHERE j.name = ${DEPLOY_QUEUE} AND j.state IN ('created', 'retry') AND j.data->>'runId' = r.id
      )
    ORDER BY r."queuedAt" LIMIT 50`;
  const requeued: string[] = [];
  for (const { id } of lost) {
    const done = await sweepOne(id, "queue sweep", () => db.$transaction(async (tx) => {
      const locked = await lockRun(tx, id, { skipLocked: true });
      if (!locked || locked.status !== "QUEUED") return false;
      const { queuedAt } = await tx.deployRun.findUniqueOrThrow({ where: { id }, select: { queuedAt: true } });
      if (!queuedAt || queuedAt >= queuedBefore) return false;
      const resent = await tx.auditEvent.count({
        where: { type: auditTypes.deployRequeued, AND: [{ payload: { path: ["runId"], equals: id } }, { payload: { path: ["lostJob"], equals: true } }] },
      });
      if (resent >= MAX_LOST_JOB_RESENDS) {
        // Its job keeps disappearing before any worker claims it: a person should look, not this sweep forever.
        await moveRun(tx, id, "FAILED", { cause: `Its queue job was lost ${resent + 1} times; no worker could start it` });
        return true;
      }
      await tx.deployRun.update({ where: { id }, data: { queuedAt: new Date() } });
      await recordAuditEvent(tx, {
        type: auditTypes.deployRequeued,
        releaseId: locked.releaseId,
        projectId: locked.projectId,
        payload: { runId: id, lostJob: true, cause: "Its queue job was lost; sent again" },
      });
      await config.enqueue(tx, id);
      return true;
    }));
    if (done) requeued.push(id);
  }
  return requeued;
}
