"use server";

import { ActionError, defineAction, type ActionContext } from "@/lib/actions/define-action";
import type { Prisma, RunKind } from "@/lib/generated/prisma/client";
import { loadReleaseFacts, lockRelease } from "@/lib/releases/facts";
import { checkTransition } from "@/lib/releases/rules";
import { formatDateTime } from "@/lib/format";
import { applyStepToChecklist } from "@/lib/releases/deploy-ticks";
import { closeRolledBackRefusal, incidentItemSelect, incidentNoteOf } from "@/lib/releases/outcome";
import { approvalPolicyOf, approvalRefusal } from "./approval-rules";
import { endRun, moveRelease } from "./lifecycle";
import { describePipelineProblems, pipelineStepsSchema, type PipelineStep } from "./pipeline-schema";
import { enqueueRun } from "./queue";
import {
  approveStepSchema,
  cancelRunSchema,
  closeReleaseSchema,
  retryStepSchema,
  savePipelineSchema,
  skipStepSchema,
  startDeploySchema,
  startRollbackSchema,
  takeOverLockSchema,
  toggleFlagSchema,
} from "./schemas";

type Tx = ActionContext<unknown>["tx"];

const ACTIVE_RUN_STATUSES = ["QUEUED", "RUNNING", "WAITING", "NEEDS_DECISION", "CANCELLING"] as const;
const runNotFound = () => new ActionError("not_found", "That deploy run does not exist (any more).");

async function latestPipeline(tx: Tx, projectId: string, kind: RunKind) {
  return tx.pipeline.findFirst({ where: { projectId, kind }, orderBy: { version: "desc" } });
}

/** Takes the project's deploy lock for `runId`, or explains who holds it. A failed run of the same release gives it up. */
async function acquireLock(tx: Tx, projectId: string, releaseId: string, runId: string, holderId: string) {
  const lock = await tx.deployLock.findUnique({
    where: { projectId },
    include: { heldBy: { select: { name: true } }, run: { select: { status: true, releaseId: true, release: { select: { version: true } } } } },
  });
  if (lock) {
    const supersedable = lock.run.releaseId === releaseId && ["FAILED", "NEEDS_DECISION", "WAITING"].includes(lock.run.status);
    if (!supersedable) {
      throw new ActionError(
        "conflict",
        `Another deploy holds this project's lock: ${lock.run.release.version}, started by ${lock.heldBy.name} at ${formatDateTime(lock.acquiredAt)} (${lock.run.status.toLowerCase().replace("_", " ")}).`,
      );
    }
    await tx.deployLock.delete({ where: { projectId } });
  }
  try {
    await tx.deployLock.create({ data: { projectId, runId, heldById: holderId } });
  } catch {
    // A concurrent start took it between our read and our insert.
    throw new ActionError("conflict", "Another deploy for this project started a moment ago.");
  }
}

async function createRun(tx: Tx, input: { releaseId: string; projectId: string; kind: RunKind; requestKey: string; startedById: string; pipelineId: string | null; steps: PipelineStep[] }) {
  return tx.deployRun.create({
    data: {
      releaseId: input.releaseId,
      projectId: input.projectId,
      kind: input.kind,
      requestKey: input.requestKey,
      startedById: input.startedById,
      pipelineId: input.pipelineId,
      steps: {
        create: input.steps.map((step, position) => ({
          position,
          name: step.name,
          kind: step.kind,
          idempotent: step.idempotent,
          config: step.config as Prisma.InputJsonValue,
        })),
      },
    },
    select: { id: true },
  });
}

/**
 * A repeated start (double click, or a retry after a lost answer) gets the run the first one started. Run
 * after the release's row lock, so that a concurrent repeat waits for the first and finds its run; and
 * audited, because the action wrapper refuses a success that records nothing.
 */
async function repeatedStart(tx: Tx, audit: ActionContext<unknown>["audit"], kind: "deploy" | "rollback", requestKey: string, releaseId: string) {
  const existing = await tx.deployRun.findUnique({ where: { requestKey }, select: { id: true, kind: true, releaseId: true, projectId: true } });
  if (!existing) return null;
  // Only a repeat of the same request is answered with its run: a key that started something else (another
  // release's run, or a deploy when this is a rollback) must not hand that run back or audit on its release.
  if (existing.releaseId !== releaseId || existing.kind !== (kind === "deploy" ? "DEPLOY" : "ROLLBACK")) {
    throw new ActionError("conflict", "This request was already used for another run; reload the page and try again.");
  }
  await audit({ type: `${kind}.start_repeated`, releaseId: existing.releaseId, projectId: existing.projectId, payload: { runId: existing.id } });
  return { runId: existing.id, duplicate: true };
}

function validSteps(raw: unknown): PipelineStep[] {
  const parsed = pipelineStepsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ActionError("conflict", `The pipeline is not valid any more: ${describePipelineProblems(raw, parsed.error).join("; ")}. An admin must fix it.`);
  }
  return parsed.data;
}

export const startDeployAction = defineAction({
  name: "startDeploy",
  permission: "deploy.start",
  input: startDeploySchema,
  async run({ tx, input, actor, audit }) {
    if (!(await lockRelease(tx, input.releaseId))) throw new ActionError("not_found", "That release does not exist (any more).");
    const repeated = await repeatedStart(tx, audit, "deploy", input.requestKey, input.releaseId);
    if (repeated) return repeated;
    const facts = (await loadReleaseFacts(tx, input.releaseId))!;
    const verdict = checkTransition(facts, { to: "DEPLOYING" });
    if (!verdict.allowed) throw new ActionError("conflict", `Cannot deploy yet: ${verdict.reason}.`);
    const pipeline = await latestPipeline(tx, facts.projectId, "DEPLOY");
    if (!pipeline) throw new ActionError("conflict", "This project has no deploy pipeline yet; an admin can add one on the project's pipelines page.");

    const run = await createRun(tx, { releaseId: facts.id, projectId: facts.projectId, kind: "DEPLOY", requestKey: input.requestKey, startedById: actor.id, pipelineId: pipeline.id, steps: validSteps(pipeline.steps) });
    await acquireLock(tx, facts.projectId, facts.id, run.id, actor.id);
    await tx.release.update({ where: { id: facts.id }, data: { deployPipelineId: pipeline.id } });
    await moveRelease(tx, facts.id, facts.projectId, "DEPLOYING", actor.id, "Deploy started");
    await audit({ type: "deploy.started", releaseId: facts.id, projectId: facts.projectId, payload: { runId: run.id, pipelineVersion: pipeline.version } });
    await enqueueRun(tx, run.id);
    return { runId: run.id, duplicate: false };
  },
});

export const startRollbackAction = defineAction({
  name: "startRollback",
  permission: "rollback.start",
  input: startRollbackSchema,
  async run({ tx, input, actor, audit }) {
    if (!(await lockRelease(tx, input.releaseId))) throw new ActionError("not_found", "That release does not exist (any more).");
    const repeated = await repeatedStart(tx, audit, "rollback", input.requestKey, input.releaseId);
    if (repeated) return repeated;
    const release = await tx.release.findUniqueOrThrow({ where: { id: input.releaseId }, select: { id: true, status: true, projectId: true } });
    if (!["DEPLOYING", "MONITORING", "RELEASED", "FAILED"].includes(release.status)) {
      throw new ActionError("conflict", `Only a deploying, monitoring, released or failed release can be rolled back (this one is ${release.status.toLowerCase().replace("_", " ")}).`);
    }
    const pipeline = await latestPipeline(tx, release.projectId, "ROLLBACK");
    if (!pipeline) throw new ActionError("conflict", "This project has no rollback pipeline; an admin can add one on the project's pipelines page.");

    // A deploy of this release that is still going is stopped first.
    const activeDeploy = await tx.deployRun.findFirst({ where: { releaseId: release.id, kind: "DEPLOY", status: { in: [...ACTIVE_RUN_STATUSES, "FAILED"] } } });
    if (activeDeploy) {
      if (activeDeploy.status === "RUNNING" || activeDeploy.status === "CANCELLING") {
        await tx.deployRun.update({ where: { id: activeDeploy.id }, data: { status: "CANCELLING", cancelledById: actor.id, cancelReason: "Superseded by a rollback" } });
      } else if (activeDeploy.status !== "FAILED") {
        await tx.deployStep.updateMany({ where: { runId: activeDeploy.id, status: { in: ["PENDING", "WAITING"] } }, data: { status: "CANCELLED", finishedAt: new Date() } });
        await tx.deployRun.update({ where: { id: activeDeploy.id }, data: { status: "CANCELLED", finishedAt: new Date(), cancelledById: actor.id, cancelReason: "Superseded by a rollback" } });
      }
      await tx.deployLock.deleteMany({ where: { runId: activeDeploy.id } });
    }

    // Flags first: every flag this release turned on is turned off before anything else is touched.
    const flagsOn = await tx.featureFlag.findMany({ where: { projectId: release.projectId, enabled: true, changes: { some: { releaseId: release.id, enabled: true } } }, select: { key: true } });
    const flagSteps: PipelineStep[] = flagsOn.map((flag) => ({ kind: "FLAG", name: `Disable ${flag.key}`, idempotent: true, config: { flagKey: flag.key, enabled: false } }));
    const run = await createRun(tx, {
      releaseId: release.id,
      projectId: release.projectId,
      kind: "ROLLBACK",
      requestKey: input.requestKey,
      startedById: actor.id,
      pipelineId: pipeline.id,
      steps: [...flagSteps, ...validSteps(pipeline.steps)],
    });
    await acquireLock(tx, release.projectId, release.id, run.id, actor.id);
    await tx.release.update({ where: { id: release.id }, data: { rollbackPipelineId: pipeline.id } });
    await moveRelease(tx, release.id, release.projectId, "ROLLING_BACK", actor.id, `Rollback: ${input.reason}`);
    await audit({ type: "rollback.started", releaseId: release.id, projectId: release.projectId, payload: { runId: run.id, reason: input.reason, flagsDisabledFirst: flagsOn.map((f) => f.key) } });
    await enqueueRun(tx, run.id);
    return { runId: run.id, duplicate: false };
  },
});

async function lockedRun(tx: Tx, runId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "DeployRun" WHERE id = ${runId} FOR UPDATE`;
  if (rows.length === 0) throw runNotFound();
  return tx.deployRun.findUniqueOrThrow({ where: { id: runId }, select: { id: true, kind: true, status: true, releaseId: true, projectId: true, startedById: true } });
}

/** Puts a stopped run back in the queue, its release back in the run's phase, and the lock back on the run. */
async function resumeRun(tx: Tx, run: { id: string; kind: RunKind; releaseId: string; projectId: string }, actorId: string) {
  // A run superseded by a rollback (or a release that moved on) must not pull the release back.
  const release = await tx.release.findUniqueOrThrow({ where: { id: run.releaseId }, select: { status: true } });
  const resumable = run.kind === "DEPLOY" ? ["FAILED", "DEPLOYING"] : ["FAILED", "ROLLING_BACK"];
  if (!resumable.includes(release.status)) {
    throw new ActionError("conflict", `The release is ${release.status.toLowerCase().replace("_", " ")} now; this run can no longer resume.`);
  }
  await tx.deployRun.update({ where: { id: run.id }, data: { status: "QUEUED", finishedAt: null } });
  const lock = await tx.deployLock.findUnique({ where: { projectId: run.projectId } });
  if (!lock) await tx.deployLock.create({ data: { projectId: run.projectId, runId: run.id, heldById: actorId } });
  else if (lock.runId !== run.id) throw new ActionError("conflict", "Another deploy holds this project's lock now; this run cannot resume.");
  await moveRelease(tx, run.releaseId, run.projectId, run.kind === "DEPLOY" ? "DEPLOYING" : "ROLLING_BACK", actorId, "Deploy resumed");
  await enqueueRun(tx, run.id);
}

export const cancelRunAction = defineAction({
  name: "cancelRun",
  permission: "deploy.cancel",
  input: cancelRunSchema,
  async run({ tx, input, actor, audit }) {
    const run = await lockedRun(tx, input.runId);
    const payload = { runId: run.id, ...(input.reason ? { reason: input.reason } : {}) };
    if (run.status === "CANCELLING") {
      // A second click while the worker stops the step: nothing to change, but the wrapper wants an event.
      await audit({ type: "deploy.cancel_repeated", releaseId: run.releaseId, projectId: run.projectId, payload });
      return { status: "CANCELLING" as const };
    }
    if (run.status === "RUNNING") {
      // The worker sees this within a heartbeat, stops the step's processes (TERM, then KILL) and ends the run.
      await tx.deployRun.update({ where: { id: run.id }, data: { status: "CANCELLING", cancelledById: actor.id, cancelReason: input.reason || null } });
      await audit({ type: "deploy.cancel_requested", releaseId: run.releaseId, projectId: run.projectId, payload });
      return { status: "CANCELLING" as const };
    }
    if (!["QUEUED", "WAITING", "NEEDS_DECISION", "FAILED"].includes(run.status)) {
      throw new ActionError("conflict", `This run has already ended (${run.status.toLowerCase()}).`);
    }
    await tx.deployStep.updateMany({ where: { runId: run.id, status: { in: ["PENDING", "WAITING"] } }, data: { status: "CANCELLED", finishedAt: new Date() } });
    await audit({ type: "deploy.cancel_requested", releaseId: run.releaseId, projectId: run.projectId, payload });
    await endRun(tx, run, "CANCELLED", { actorId: actor.id, cause: "Deploy cancelled", cancelReason: input.reason || undefined });
    return { status: "CANCELLED" as const };
  },
});

export const retryStepAction = defineAction({
  name: "retryStep",
  permission: "deploy.cancel",
  input: retryStepSchema,
  async run({ tx, input, actor, audit }) {
    const run = await lockedRun(tx, input.runId);
    if (run.status !== "FAILED" && run.status !== "NEEDS_DECISION") throw new ActionError("conflict", "Only a failed or interrupted run can retry a step.");
    const step = await tx.deployStep.findFirst({ where: { runId: run.id, status: { in: ["FAILED", "INTERRUPTED"] } }, orderBy: { position: "asc" } });
    if (!step) throw new ActionError("conflict", "There is no failed or interrupted step to retry.");
    await tx.deployStep.update({ where: { id: step.id }, data: { status: "PENDING", finishedAt: null, error: null } });
    await audit({ type: "deploy.step_retried", releaseId: run.releaseId, projectId: run.projectId, payload: { runId: run.id, stepId: step.id, step: step.name } });
    await resumeRun(tx, run, actor.id);
    return { runId: run.id };
  },
});

export const skipStepAction = defineAction({
  name: "skipStep",
  permission: "deploy.cancel",
  input: skipStepSchema,
  async run({ tx, input, actor, audit }) {
    const run = await lockedRun(tx, input.runId);
    const step = await tx.deployStep.findFirst({ where: { id: input.stepId, runId: run.id } });
    if (!step) throw new ActionError("not_found", "That step does not belong to this run.");
    const payload = { runId: run.id, stepId: step.id, step: step.name, reason: input.reason };
    if (step.status === "RUNNING" && step.kind === "WAIT") {
      // The worker ends the wait at its next check.
      await tx.deployStep.update({ where: { id: step.id }, data: { skipReason: input.reason } });
      await audit({ type: "deploy.step_skip_requested", releaseId: run.releaseId, projectId: run.projectId, payload });
      return { runId: run.id };
    }
    if ((run.status !== "FAILED" && run.status !== "NEEDS_DECISION") || !["FAILED", "INTERRUPTED"].includes(step.status)) {
      throw new ActionError("conflict", "Only a failed or interrupted step, or a running wait, can be skipped.");
    }
    await tx.deployStep.update({ where: { id: step.id }, data: { status: "SKIPPED", skipReason: input.reason, finishedAt: new Date() } });
    await audit({ type: "deploy.step_skipped", releaseId: run.releaseId, projectId: run.projectId, payload });
    await resumeRun(tx, run, actor.id);
    return { runId: run.id };
  },
});

export const approveStepAction = defineAction({
  name: "approveStep",
  permission: "deploy.approve",
  input: approveStepSchema,
  async run({ tx, input, actor, audit }) {
    const run = await lockedRun(tx, input.runId);
    const step = await tx.deployStep.findFirst({ where: { id: input.stepId, runId: run.id } });
    if (!step) throw new ActionError("not_found", "That step does not belong to this run.");
    if (run.status !== "WAITING" || step.status !== "WAITING") throw new ActionError("conflict", "This step is not waiting for approval.");
    const refusal = approvalRefusal(actor, { name: step.name, policy: approvalPolicyOf(step.config) }, run);
    if (refusal) throw new ActionError("forbidden", `${refusal}.`);
    const now = new Date();
    await tx.deployStep.update({ where: { id: step.id }, data: { status: "SUCCEEDED", approvedById: actor.id, approvedAt: now, finishedAt: now } });
    await applyStepToChecklist(tx, { run, step: { name: step.name, status: "SUCCEEDED" } });
    await tx.stepLogLine.create({ data: { stepId: step.id, attempt: step.attempt, stream: "SYSTEM", line: `Approved by ${actor.name}${input.comment ? `: ${input.comment}` : ""}` } });
    await audit({ type: "deploy.step_approved", releaseId: run.releaseId, projectId: run.projectId, payload: { runId: run.id, stepId: step.id, step: step.name, ...(input.comment ? { comment: input.comment } : {}) } });
    await tx.deployRun.update({ where: { id: run.id }, data: { status: "QUEUED" } });
    await enqueueRun(tx, run.id);
    return { runId: run.id };
  },
});

export const takeOverLockAction = defineAction({
  name: "takeOverLock",
  permission: "project.manage",
  input: takeOverLockSchema,
  async run({ tx, input, actor, audit }) {
    const lock = await tx.deployLock.findUnique({ where: { projectId: input.projectId }, include: { heldBy: { select: { name: true } } } });
    if (!lock) throw new ActionError("not_found", "Nobody holds this project's deploy lock.");
    await tx.deployLock.update({ where: { projectId: input.projectId }, data: { heldById: actor.id, takeoverReason: input.reason, acquiredAt: new Date() } });
    await audit({ type: "deploy.lock_taken_over", projectId: input.projectId, payload: { runId: lock.runId, from: lock.heldBy.name, reason: input.reason } });
    return { runId: lock.runId };
  },
});

export const savePipelineAction = defineAction({
  name: "savePipeline",
  permission: "project.manage",
  input: savePipelineSchema,
  async run({ tx, input, actor, audit }) {
    const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true } });
    if (!project) throw new ActionError("not_found", "That project does not exist (any more).");
    const parsed = pipelineStepsSchema.safeParse(input.steps);
    if (!parsed.success) {
      throw new ActionError("invalid", "The pipeline has problems; nothing was saved.", { steps: describePipelineProblems(input.steps, parsed.error) });
    }
    const previous = await latestPipeline(tx, project.id, input.kind);
    // Pipelines are immutable: saving writes the next version; releases keep the version they ran.
    const pipeline = await tx.pipeline.create({
      data: { projectId: project.id, kind: input.kind, version: (previous?.version ?? 0) + 1, steps: parsed.data as Prisma.InputJsonValue, createdById: actor.id },
      select: { id: true, version: true },
    });
    await audit({ type: "pipeline.saved", projectId: project.id, payload: { kind: input.kind, version: pipeline.version, steps: parsed.data.length } });
    return pipeline;
  },
});

export const toggleFlagAction = defineAction({
  name: "toggleFlag",
  permission: "flag.toggle",
  input: toggleFlagSchema,
  async run({ tx, input, actor, audit }) {
    // Locked, so that two concurrent clicks apply one after the other: the second finds the flag already
    // set (flag.unchanged) instead of recording a second change from the same old value.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "FeatureFlag" WHERE id = ${input.flagId} FOR UPDATE`;
    if (locked.length === 0) throw new ActionError("not_found", "That feature flag does not exist (any more).");
    const flag = await tx.featureFlag.findUniqueOrThrow({ where: { id: input.flagId } });
    if (flag.enabled === input.enabled) {
      // Someone set it first (or a double click): nothing to change, but the wrapper wants an event.
      await audit({ type: "flag.unchanged", projectId: flag.projectId, payload: { flag: flag.key, enabled: flag.enabled } });
      return { id: flag.id, enabled: flag.enabled };
    }
    const releaseId = input.releaseId || null;
    // The change is recorded against this release (its timeline, and the flags its rollback turns off first):
    // it must be a release of the flag's own project. An unknown id would otherwise fail on the foreign key.
    if (releaseId) {
      const release = await tx.release.findUnique({ where: { id: releaseId }, select: { projectId: true } });
      if (!release || release.projectId !== flag.projectId) {
        throw new ActionError("invalid", "That release is not a release of this flag's project.", { releaseId: ["Not a release of this flag's project"] });
      }
    }
    await tx.featureFlag.update({ where: { id: flag.id }, data: { enabled: input.enabled } });
    await tx.flagChange.create({ data: { flagId: flag.id, releaseId, actorId: actor.id, enabled: input.enabled, reason: input.reason || null } });
    await audit({ type: "flag.changed", releaseId, projectId: flag.projectId, payload: { flag: flag.key, enabled: input.enabled, from: flag.enabled, ...(input.reason ? { reason: input.reason } : {}) } });
    return { id: flag.id, enabled: input.enabled };
  },
});

export const closeRolledBackReleaseAction = defineAction({
  name: "closeRolledBackRelease",
  permission: "release.edit",
  input: closeReleaseSchema,
  async run({ tx, input, actor, audit }) {
    if (!(await lockRelease(tx, input.releaseId))) throw new ActionError("not_found", "That release does not exist (any more).");
    const release = await tx.release.findUniqueOrThrow({
      where: { id: input.releaseId },
      select: { id: true, projectId: true, status: true, closedAt: true, items: { where: { phase: "ROLLBACK" }, orderBy: { position: "asc" }, select: incidentItemSelect } },
    });
    // The incident note is the note on the rollback section's incident item (lib/releases/outcome.ts).
    const refusal = closeRolledBackRefusal(release, release.items);
    if (refusal) throw new ActionError("conflict", refusal);
    const note = incidentNoteOf(release.items);
    const closedAt = new Date();
    await tx.release.update({ where: { id: release.id }, data: { closedAt, closedById: actor.id } });
    // The note as it stands when it locks, so the audit trail ends with the closed version.
    await audit({ type: "release.closed", releaseId: release.id, projectId: release.projectId, payload: { status: release.status, ...(note ? { incidentNote: note.text, item: note.itemTitle } : {}) } });
    return { id: release.id, closedAt };
  },
});
