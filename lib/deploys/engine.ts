// The worker's side of a deploy run: claim the run, execute its steps in order from the first one not
// yet done, keep heartbeats on the run and the running step, store logs in batches, and end the run.
// Crash safety: a run whose heartbeat stops is recovered by any worker (recoverStaleRuns): the running
// step becomes INTERRUPTED; an idempotent step is re-run, any other waits for a person to decide.
import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "@/lib/audit/record";
import { applyStepToChecklist } from "@/lib/releases/deploy-ticks";
import type { Db } from "@/lib/db-types";
import type { LogStream, PrismaClient, StepStatus } from "@/lib/generated/prisma/client";
import { executeStep, type StepOutcome } from "./executors";
import { endRun, type RunRef } from "./lifecycle";
import { pipelineStepSchema } from "./pipeline-schema";

export interface EngineConfig {
  db: PrismaClient;
  workerId: string;
  publicUrl: string;
  heartbeatMs: number;
  staleAfterMs: number;
  killGraceMs: number;
  allowShell: boolean;
  /** Enqueues the run in the given transaction (pg-boss send with the transaction's connection). */
  enqueue: (tx: Db, runId: string) => Promise<void>;
  /** True once the worker was asked to stop: finish the current step, then hand the run back. */
  draining: () => boolean;
  /** Called with the step being executed (or null), for the worker's own heartbeat row. */
  onCurrentStep?: (stepId: string | null) => void;
}

interface LogEntry {
  stepId: string;
  attempt: number;
  stream: LogStream;
  line: string;
  at: Date;
}

/** Collects log lines and writes them in batches (every 200 ms or 200 lines), never one insert per line. */
class LogWriter {
  private buffer: LogEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly db: PrismaClient) {}

  add(entry: LogEntry) {
    this.buffer.push({ ...entry, line: entry.line.length > 8000 ? `${entry.line.slice(0, 8000)}…` : entry.line });
    if (this.buffer.length >= 200) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), 200);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) {
      this.writing = this.writing.then(() => this.db.stepLogLine.createMany({ data: batch }).then(() => undefined)).catch((error: unknown) => {
        console.error("[worker] could not store log lines", error);
      });
    }
    return this.writing;
  }
}

const runRefSelect = { id: true, kind: true, releaseId: true, projectId: true } as const;

async function cancelRemainingSteps(db: Db, runId: string) {
  await db.deployStep.updateMany({ where: { runId, status: { in: ["PENDING", "WAITING"] } }, data: { status: "CANCELLED", finishedAt: new Date() } });
}

export async function processRun(runId: string, config: EngineConfig): Promise<void> {
  const { db } = config;
  const now = new Date();
  // This claim's own owner id: when the run is recovered from under this loop (its heartbeat went stale),
  // the loop must stop writing, even if this same worker has claimed the run again meanwhile.
  const owner = `${config.workerId}#${randomUUID().slice(0, 8)}`;
  const claimed = await db.deployRun.updateMany({
    where: { id: runId, status: "QUEUED" },
    data: { status: "RUNNING", workerId: owner, heartbeatAt: now },
  });
  // Not QUEUED: cancelled meanwhile, or a duplicate job. The run's row is the truth; nothing to do.
  if (claimed.count === 0) return;
  await db.deployRun.updateMany({ where: { id: runId, startedAt: null }, data: { startedAt: now } });

  const run = await db.deployRun.findUniqueOrThrow({
    where: { id: runId },
    select: { ...runRefSelect, cancelledById: true, release: { select: { version: true } }, project: { select: { slug: true } } },
  });
  const variables = {
    VERSION: run.release.version,
    PROJECT: run.project.slug,
    PREFLIGHT_URL: config.publicUrl,
    RELEASE_ID: run.releaseId,
    RUN_ID: run.id,
  };
  const logs = new LogWriter(db);

  for (;;) {
    const current = await db.deployRun.findUniqueOrThrow({ where: { id: runId }, select: { status: true, workerId: true, cancelledById: true, cancelReason: true } });
    // Recovered by a sweep (this worker was presumed dead): whoever holds the run now carries on.
    if (current.workerId !== owner) return;
    if (current.status === "CANCELLING") {
      await db.$transaction(async (tx) => {
        if (!(await stillOwned(tx, runId, owner))) return;
        await cancelRemainingSteps(tx, runId);
        await endRun(tx, run, "CANCELLED", { actorId: current.cancelledById, cause: "Deploy cancelled", cancelReason: current.cancelReason ?? undefined });
      });
      return;
    }
    if (current.status !== "RUNNING") return;
    if (config.draining()) {
      await handBack(config, runId, owner, "The worker is stopping; the run continues on the next worker");
      return;
    }

    const step = await db.deployStep.findFirst({ where: { runId, status: "PENDING" }, orderBy: { position: "asc" } });
    if (!step) {
      await db.$transaction(async (tx) => {
        if (await stillOwned(tx, runId, owner)) await endRun(tx, run, "SUCCEEDED", { cause: "Every step succeeded" });
      });
      return;
    }
    const attempt = step.attempt + 1;
    const took = await db.$transaction(async (tx) => {
      const claimedStep = await tx.deployStep.updateMany({
        where: { id: step.id, status: "PENDING" },
        data: { status: "RUNNING", attempt, workerId: config.workerId, heartbeatAt: new Date(), startedAt: new Date(), finishedAt: null, exitCode: null, error: null },
      });
      if (claimedStep.count > 0) {
        await recordAuditEvent(tx, {
          type: "deploy.step_started",
          releaseId: run.releaseId,
          projectId: run.projectId,
          payload: { runId, stepId: step.id, step: step.name, attempt },
        });
      }
      return claimedStep.count;
    });
    if (took === 0) continue;
    // The run's heartbeat is otherwise refreshed only while a step outlasts heartbeatMs: a run of short
    // steps would look dead after staleAfterMs and be recovered (its steps re-run) under this worker.
    await db.deployRun.updateMany({ where: { id: runId, workerId: owner }, data: { heartbeatAt: new Date() } });
    config.onCurrentStep?.(step.id);
    const log = (stream: LogStream, line: string) => logs.add({ stepId: step.id, attempt, stream, line, at: new Date() });
    log("SYSTEM", `Step ${step.position + 1} “${step.name}” started (attempt ${attempt}) on ${config.workerId}`);

    const controller = new AbortController();
    let skipReason: string | null = null;
    const heartbeat = setInterval(() => {
      void (async () => {
        const at = new Date();
        const [runRow] = await db.$queryRaw<{ status: string; workerId: string | null }[]>`
          UPDATE "DeployRun" SET "heartbeatAt" = ${at} WHERE id = ${runId} RETURNING status::text AS status, "workerId"`;
        const [stepRow] = await db.$queryRaw<{ skipReason: string | null }[]>`
          UPDATE "DeployStep" SET "heartbeatAt" = ${at} WHERE id = ${step.id} RETURNING "skipReason"`;
        skipReason = stepRow?.skipReason ?? null;
        if (runRow?.status === "CANCELLING" || runRow?.workerId !== owner) controller.abort();
      })().catch((error: unknown) => console.error("[worker] heartbeat failed", error));
    }, config.heartbeatMs);

    let outcome: StepOutcome;
    const parsed = pipelineStepSchema.safeParse({ kind: step.kind, name: step.name, idempotent: step.idempotent, config: step.config });
    try {
      outcome = parsed.success
        ? await executeStep(parsed.data, {
            variables,
            signal: controller.signal,
            log,
            skipRequested: () => skipReason,
            setFlag: (flagKey, enabled) => setFlag(db, run, flagKey, enabled),
            killGraceMs: config.killGraceMs,
            allowShell: config.allowShell,
          })
        : { status: "FAILED", error: `Invalid step definition: ${parsed.error.issues.map((i) => i.message).join("; ")}` };
    } catch (error) {
      outcome = { status: "FAILED", error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearInterval(heartbeat);
      config.onCurrentStep?.(null);
    }

    log("SYSTEM", describeOutcome(outcome));
    await logs.flush();
    const finished = await recordOutcome(config, run, owner, step.id, outcome);
    if (finished) return;
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

/** Takes the run's row lock and says whether this claim (`owner`) still holds the run; see recordOutcome. */
async function stillOwned(tx: Db, runId: string, owner: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ workerId: string | null }[]>`SELECT "workerId" FROM "DeployRun" WHERE id = ${runId} FOR UPDATE`;
  return rows[0]?.workerId === owner;
}

/** Writes a step's outcome; returns true when the run stops here (failed, cancelled, waiting). */
async function recordOutcome(config: EngineConfig, run: RunRef, owner: string, stepId: string, outcome: StepOutcome): Promise<boolean> {
  const { db } = config;
  const finishedAt = new Date();
  return db.$transaction(async (tx) => {
    // The run was recovered from under this worker: its step is INTERRUPTED already (and may be running
    // again elsewhere). This outcome, including the "cancel" that losing the run causes, is not written.
    // Checked under the run's row lock, which the recovery sweep also takes: with a plain read, a sweep
    // committing just after it would have its INTERRUPTED step overwritten and its re-queued run ended.
    if (!(await stillOwned(tx, run.id, owner))) return true;
    const runNow = await tx.deployRun.findUniqueOrThrow({ where: { id: run.id }, select: { status: true, cancelledById: true, cancelReason: true } });
    const stepStatus: StepStatus = outcome.status;
    const written = await tx.deployStep.update({
      where: { id: stepId },
      data: {
        status: stepStatus,
        finishedAt: outcome.status === "WAITING" ? null : finishedAt,
        heartbeatAt: null,
        exitCode: "exitCode" in outcome ? (outcome.exitCode ?? null) : null,
        error: "error" in outcome ? outcome.error : null,
        ...(outcome.status === "SKIPPED" ? { skipReason: outcome.reason } : {}),
      },
    });
    await recordAuditEvent(tx, {
      type: `deploy.step_${outcome.status.toLowerCase()}`,
      releaseId: run.releaseId,
      projectId: run.projectId,
      payload: { runId: run.id, stepId, ...("error" in outcome ? { error: outcome.error } : {}) },
    });
    if (outcome.status === "SUCCEEDED" || outcome.status === "FAILED") {
      // Release-day (or rollback) items bound to this step: ticked by the deploy, or noted on failure.
      await applyStepToChecklist(tx, { run, step: { name: written.name, status: outcome.status, error: "error" in outcome ? outcome.error : null } });
    }
    if (outcome.status === "CANCELLED" || runNow.status === "CANCELLING") {
      await cancelRemainingSteps(tx, run.id);
      await endRun(tx, run, "CANCELLED", { actorId: runNow.cancelledById, cause: "Deploy cancelled", cancelReason: runNow.cancelReason ?? undefined });
      return true;
    }
    if (outcome.status === "FAILED") {
      await endRun(tx, run, "FAILED", { cause: `Step failed: ${outcome.error}` });
      return true;
    }
    if (outcome.status === "WAITING") {
      await tx.deployRun.update({ where: { id: run.id }, data: { status: "WAITING", heartbeatAt: null, workerId: null } });
      return true;
    }
    return false;
  });
}

async function setFlag(db: PrismaClient, run: RunRef, flagKey: string, enabled: boolean): Promise<boolean | null> {
  return db.$transaction(async (tx) => {
    const existing = await tx.featureFlag.findUnique({ where: { projectId_key: { projectId: run.projectId, key: flagKey } } });
    const flag = await tx.featureFlag.upsert({
      where: { projectId_key: { projectId: run.projectId, key: flagKey } },
      create: { projectId: run.projectId, key: flagKey, enabled },
      update: { enabled },
    });
    await tx.flagChange.create({ data: { flagId: flag.id, releaseId: run.releaseId, enabled, reason: `Deploy step (run ${run.id})` } });
    await recordAuditEvent(tx, {
      type: "flag.changed",
      releaseId: run.releaseId,
      projectId: run.projectId,
      payload: { flag: flagKey, enabled, from: existing?.enabled ?? null, runId: run.id },
    });
    return existing?.enabled ?? null;
  });
}

/** Gives a run back to the queue (worker stopping): the next worker resumes at the first step not done. */
async function handBack(config: EngineConfig, runId: string, owner: string, cause: string) {
  await config.db.$transaction(async (tx) => {
    const run = await tx.deployRun.updateMany({ where: { id: runId, workerId: owner, status: "RUNNING" }, data: { status: "QUEUED", workerId: null, heartbeatAt: null } });
    if (run.count === 0) return;
    const ref = await tx.deployRun.findUniqueOrThrow({ where: { id: runId }, select: runRefSelect });
    await recordAuditEvent(tx, { type: "deploy.requeued", releaseId: ref.releaseId, projectId: ref.projectId, payload: { runId, cause } });
    await config.enqueue(tx, runId);
  });
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
    const done = await db.$transaction(async (tx) => {
      // SKIP LOCKED: when two workers sweep at once, each run is recovered by one of them.
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "DeployRun" WHERE id = ${candidate.id} AND status IN ('RUNNING', 'CANCELLING') AND "heartbeatAt" < ${staleBefore}
        FOR UPDATE SKIP LOCKED`;
      if (locked.length === 0) return false;
      const run = await tx.deployRun.findUniqueOrThrow({
        where: { id: candidate.id },
        select: { ...runRefSelect, status: true, workerId: true, heartbeatAt: true, cancelledById: true, cancelReason: true },
      });
      const step = await tx.deployStep.findFirst({ where: { runId: run.id, status: "RUNNING" }, orderBy: { position: "asc" } });
      const lastSeen = run.heartbeatAt?.toISOString() ?? "never";
      if (step) {
        await tx.deployStep.update({
          where: { id: step.id },
          data: { status: "INTERRUPTED", finishedAt: new Date(), heartbeatAt: null, error: `Worker ${run.workerId ?? "?"} stopped responding (last heartbeat ${lastSeen})` },
        });
        await tx.stepLogLine.create({
          data: { stepId: step.id, attempt: step.attempt, stream: "SYSTEM", line: `Interrupted: worker ${run.workerId ?? "?"} stopped responding (last heartbeat ${lastSeen})` },
        });
        await recordAuditEvent(tx, {
          type: "deploy.step_interrupted",
          releaseId: run.releaseId,
          projectId: run.projectId,
          payload: { runId: run.id, stepId: step.id, step: step.name, idempotent: step.idempotent, lastHeartbeat: lastSeen },
        });
      }
      if (run.status === "CANCELLING") {
        await cancelRemainingSteps(tx, run.id);
        await endRun(tx, run, "CANCELLED", { actorId: run.cancelledById, cause: "Deploy cancelled (its worker had stopped)", cancelReason: run.cancelReason ?? undefined });
        return true;
      }
      if (!step || step.idempotent) {
        if (step) await tx.deployStep.update({ where: { id: step.id }, data: { status: "PENDING", finishedAt: null } });
        await tx.deployRun.update({ where: { id: run.id }, data: { status: "QUEUED", workerId: null, heartbeatAt: null } });
        await recordAuditEvent(tx, {
          type: "deploy.resumed",
          releaseId: run.releaseId,
          projectId: run.projectId,
          payload: { runId: run.id, automatically: true, ...(step ? { rerunStep: step.name } : {}) },
        });
        await config.enqueue(tx, run.id);
      } else {
        await tx.deployRun.update({ where: { id: run.id }, data: { status: "NEEDS_DECISION", workerId: null, heartbeatAt: null } });
        await recordAuditEvent(tx, {
          type: "deploy.needs_decision",
          releaseId: run.releaseId,
          projectId: run.projectId,
          payload: { runId: run.id, stepId: step.id, step: step.name, reason: "A step that is not safe to re-run was interrupted" },
        });
      }
      return true;
    });
    if (done) recovered.push(candidate.id);
  }
  return recovered;
}

