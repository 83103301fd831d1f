"use server";

import { auditTypes } from "@/lib/audit/events/types";
import { ActionError, defineAction, type ActionContext } from "@/lib/actions/define-action";
import type { Prisma, RunKind } from "@/lib/generated/prisma/client";
import { cancelOpenSteps, lockRun, moveRelease, moveRun, moveStep, newestRun, takeLock, TransitionRefused, type RunRef } from "@/lib/lifecycle/write";
import { rolloutColumns, rolloutOf } from "@/lib/flags/rollout";
import { applyStepToChecklist } from "@/lib/releases/deploy-ticks";
import { loadReleaseFacts, lockRelease, validSignoff } from "@/lib/releases/facts";
import { getEnv } from "@/lib/env";
import { closeRolledBackRefusal, incidentItemSelect, incidentNoteOf } from "@/lib/releases/outcome";
import { unknownVariableProblems } from "@/lib/projects/variables";
import { breakGlassDueAt, checkBreakGlassDeploy, checkTransition, releaseStatusLabels } from "@/lib/releases/rules";
import { approvalPolicyOf, approvalRefusal } from "./approval-rules";
import { isManualPipeline } from "./manual-pipeline";
import { appendLogLine } from "./log-chunks";
import { describePipelineProblems, pipelineStepsSchema, unknownSecretProblems, type PipelineStep } from "./pipeline-schema";
import { parsePipelineYaml } from "./pipeline-yaml";
import { enqueueRun } from "./queue";
import { flagsTurnedOnBy, loadRollbackPreflight } from "./rollback-preflight";
import { restoreSecretEnvValues } from "./secret-env";
import { isRunActive } from "./rules";
import {
  approveStepSchema,
  breakGlassDeploySchema,
  cancelRunSchema,
  closeReleaseSchema,
  retryStepSchema,
  savePipelineSchema,
  savePipelineYamlSchema,
  skipStepSchema,
  startDeploySchema,
  startRollbackSchema,
  takeOverLockSchema,
  setFlagRolloutSchema,
  toggleFlagSchema,
} from "./schemas";

type Tx = ActionContext<unknown>["tx"];

const runNotFound = () => new ActionError("not_found", "That deploy run does not exist (any more).");

/** The writer's refusals (a move the state machine does not allow, a lock held by another run) as a conflict. */
async function orConflict<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof TransitionRefused) throw new ActionError("conflict", `${error.message}.`);
    throw error;
  }
}

async function latestPipeline(tx: Tx, projectId: string, kind: RunKind) {
  return tx.pipeline.findFirst({ where: { projectId, kind }, orderBy: { version: "desc" } });
}

async function createRun(
  tx: Tx,
  input: { releaseId: string; projectId: string; kind: RunKind; requestKey: string; startedById: string; pipelineId: string | null; steps: PipelineStep[]; skipped?: Map<number, string> },
) {
  return tx.deployRun.create({
    data: {
      releaseId: input.releaseId,
      projectId: input.projectId,
      kind: input.kind,
      requestKey: input.requestKey,
      startedById: input.startedById,
      pipelineId: input.pipelineId,
      queuedAt: new Date(),
      steps: {
        create: input.steps.map((step, position) => ({
          position,
          name: step.name,
          kind: step.kind,
          idempotent: step.idempotent,
          config: step.config as Prisma.InputJsonValue,
          purpose: "purpose" in step ? (step.purpose ?? null) : null,
          // Created pending with its reason: the engine records it as skipped when the run reaches it.
          skipReason: input.skipped?.get(position) ?? null,
        })),
      },
    },
    select: { id: true, kind: true, releaseId: true, projectId: true },
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
  await audit({ type: kind === "deploy" ? auditTypes.deployStartRepeated : auditTypes.rollbackStartRepeated, releaseId: existing.releaseId, projectId: existing.projectId, payload: { runId: existing.id } });
  return { runId: existing.id, duplicate: true };
}

function validSteps(raw: unknown): PipelineStep[] {
  const parsed = pipelineStepsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ActionError("conflict", `The pipeline is not valid any more: ${describePipelineProblems(raw, parsed.error).join("; ")}. An admin must fix it.`);
  }
  return parsed.data;
}

/** Starts the release's deploy once its gates are checked: the run, the lock, the status, the job. */
async function beginDeploy(
  { tx, actor, audit }: Pick<ActionContext<unknown>, "tx" | "actor" | "audit">,
  facts: { id: string; projectId: string },
  requestKey: string,
  options: { breakGlass?: boolean } = {},
) {
  const pipeline = await latestPipeline(tx, facts.projectId, "DEPLOY");
  if (!pipeline) throw new ActionError("conflict", "This project has no deploy pipeline yet; an admin can add one on the project's pipelines page.");

  const steps = validSteps(pipeline.steps);
  const run = await createRun(tx, { releaseId: facts.id, projectId: facts.projectId, kind: "DEPLOY", requestKey, startedById: actor.id, pipelineId: pipeline.id, steps });
  await orConflict(takeLock(tx, run, actor.id));
  await tx.release.update({ where: { id: facts.id }, data: { deployPipelineId: pipeline.id } });
  const manual = isManualPipeline(steps);
  const cause = options.breakGlass ? "Break-glass deploy started" : manual ? "Manual deploy started" : "Deploy started";
  await orConflict(moveRelease(tx, facts.id, "DEPLOYING", { actorId: actor.id, cause, breakGlass: options.breakGlass }));
  await audit({ type: auditTypes.deployStarted, releaseId: facts.id, projectId: facts.projectId, payload: { runId: run.id, pipelineVersion: pipeline.version, ...(manual ? { manual } : {}) } });
  await enqueueRun(tx, run.id);
  return { runId: run.id, duplicate: false };
}

export const startDeployAction = defineAction({
  name: "startDeploy",
  permission: "deploy.start",
  input: startDeploySchema,
  async run(context) {
    const { tx, input, audit } = context;
    if (!(await lockRelease(tx, input.releaseId))) throw new ActionError("not_found", "That release does not exist (any more).");
    const repeated = await repeatedStart(tx, audit, "deploy", input.requestKey, input.releaseId);
    if (repeated) return repeated;
    const facts = (await loadReleaseFacts(tx, input.releaseId))!;
    const verdict = checkTransition(facts, { to: "DEPLOYING" });
    if (!verdict.allowed) throw new ActionError("conflict", `Cannot deploy yet: ${verdict.reason}.`);
    return beginDeploy(context, facts, input.requestKey);
  },
});

/**
 * An admin deploys a release whose sign-offs are not all in, saying why. Only the missing sign-offs are
 * bypassed (the checklist, the status rules, the pipeline and the lock still apply). The release records
 * who, when, why and what was missing; the missing requirements stay due for PREFLIGHT_BREAK_GLASS_SIGNOFF_HOURS.
 */
export const breakGlassDeployAction = defineAction({
  name: "breakGlassDeploy",
  permission: "deploy.break_glass",
  input: breakGlassDeploySchema,
  async run(context) {
    const { tx, input, actor, audit } = context;
    if (!(await lockRelease(tx, input.releaseId))) throw new ActionError("not_found", "That release does not exist (any more).");
    const repeated = await repeatedStart(tx, audit, "deploy", input.requestKey, input.releaseId);
    if (repeated) return repeated;
    const facts = (await loadReleaseFacts(tx, input.releaseId))!;
    const verdict = checkBreakGlassDeploy(facts);
    if (!verdict.allowed) throw new ActionError("conflict", `Cannot deploy with break-glass: ${verdict.reason}.`);

    const now = new Date();
    const dueAt = breakGlassDueAt(now, getEnv().PREFLIGHT_BREAK_GLASS_SIGNOFF_HOURS);
    const release = await tx.release.findUniqueOrThrow({ where: { id: facts.id }, select: { breakGlassAt: true, breakGlassMissing: true, breakGlassSignoffsDueAt: true } });
    // A second break-glass deploy (after a failed one) keeps the first record and its due time: the sign-offs
    // have been owed since then. Requirements missing only now (a sign-off revoked meanwhile) are added.
    const signoffsDueAt = release.breakGlassSignoffsDueAt ?? dueAt;
    await tx.release.update({
      where: { id: facts.id },
      data: release.breakGlassAt
        ? { breakGlassMissing: [...new Set([...release.breakGlassMissing, ...verdict.missing])] }
        : { breakGlassAt: now, breakGlassById: actor.id, breakGlassReason: input.reason, breakGlassMissing: verdict.missing, breakGlassSignoffsDueAt: signoffsDueAt, breakGlassOverdueAt: null },
    });
    await tx.signoffRequirement.updateMany({
      where: { releaseId: facts.id, dueAfterDeployAt: null, signoffs: { none: validSignoff } },
      data: { dueAfterDeployAt: signoffsDueAt },
    });
    await audit({
      type: auditTypes.deployBreakGlass,
      releaseId: facts.id,
      projectId: facts.projectId,
      payload: { reason: input.reason, missingSignoffs: verdict.missing, signoffsDueAt: signoffsDueAt.toISOString() },
    });
    return beginDeploy(context, facts, input.requestKey, { breakGlass: true });
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
    const verdict = checkTransition({ status: release.status, items: [], signoffs: [] }, { to: "ROLLING_BACK" });
    if (!verdict.allowed) {
      throw new ActionError("conflict", `Only a deploying, monitoring, released or failed release can be rolled back (this one is ${releaseStatusLabels[release.status].toLowerCase()}).`);
    }
    const pipeline = await latestPipeline(tx, release.projectId, "ROLLBACK");
    if (!pipeline) throw new ActionError("conflict", "This project has no rollback pipeline; an admin can add one on the project's pipelines page.");

    const pipelineSteps = validSteps(pipeline.steps);
    // What the rollback needs (the version it goes back to, a recent backup): a failed check stops it unless
    // overridden with a reason; the database downgrade is skipped when the release ran no migrations.
    const preflight = (await loadRollbackPreflight(tx, release.id, new Date(), pipelineSteps))!;
    if (preflight.failed.length > 0 && !input.overrideReason) {
      const failures = preflight.failed.map((check) => check.message);
      throw new ActionError("invalid", `The rollback's checks failed: ${failures.join(" ")} Give a reason to override them.`, { overrideReason: failures });
    }
    // Flags first: every flag this release turned on is turned off before anything else is touched.
    const flagsOn = await flagsTurnedOnBy(tx, release);
    const flagSteps: PipelineStep[] = flagsOn.map((key) => ({ kind: "FLAG", name: `Disable ${key}`, idempotent: true, config: { flagKey: key, enabled: false } }));
    const skipped = new Map([...preflight.pipeline!.skipped].map(([position, reason]) => [position + flagSteps.length, reason]));
    const run = await createRun(tx, {
      releaseId: release.id,
      projectId: release.projectId,
      kind: "ROLLBACK",
      requestKey: input.requestKey,
      startedById: actor.id,
      pipelineId: pipeline.id,
      steps: [...flagSteps, ...pipelineSteps],
      skipped,
    });
    // The release's newest deploy, if it is still going, is stopped, after the rollback run exists: the
    // rollback is then the release's newest run, so stopping the deploy does not move the release (no
    // passing through "failed"); the deploy's lock passes to the rollback.
    const deploy = await newestRun(tx, release.id, "DEPLOY");
    const stopping = deploy && isRunActive(deploy.status) ? deploy : null;
    if (stopping && stopping.status !== "CANCELLING") {
      const stop = { actorId: actor.id, cause: "Superseded by a rollback", cancelReason: "Superseded by a rollback" };
      if (stopping.status === "RUNNING") {
        // The worker stops the step's processes within a heartbeat and ends the run as cancelled.
        await moveRun(tx, stopping.id, "CANCELLING", stop);
      } else {
        await cancelOpenSteps(tx, stopping.id);
        await moveRun(tx, stopping.id, "CANCELLED", stop);
      }
    }
    await orConflict(takeLock(tx, run, actor.id, { supersede: stopping !== null }));
    await tx.release.update({ where: { id: release.id }, data: { rollbackPipelineId: pipeline.id } });
    await moveRelease(tx, release.id, "ROLLING_BACK", { actorId: actor.id, cause: `Rollback: ${input.reason}` });
    const overridden = preflight.failed.length > 0 ? { overridden: preflight.failed.map((check) => check.message), overrideReason: input.overrideReason } : {};
    const skippedSteps = [...skipped.keys()].map((position) => [...flagSteps, ...pipelineSteps][position]!.name);
    await audit({
      type: auditTypes.rollbackStarted,
      releaseId: release.id,
      projectId: release.projectId,
      payload: { runId: run.id, reason: input.reason, flagsDisabledFirst: flagsOn, ...(skippedSteps.length > 0 ? { skipped: skippedSteps } : {}), ...overridden },
    });
    await enqueueRun(tx, run.id);
    return { runId: run.id, duplicate: false };
  },
});

async function lockedRun(tx: Tx, runId: string) {
  const run = await lockRun(tx, runId);
  if (!run) throw runNotFound();
  return run;
}

/** Puts a stopped run back in the queue; the writer gives it the lock again and its release its phase back. */
async function resumeRun(tx: Tx, run: RunRef, actorId: string, cause: string) {
  await orConflict(moveRun(tx, run.id, "QUEUED", { actorId, cause }));
  await enqueueRun(tx, run.id);
}

export const cancelRunAction = defineAction({
  name: "cancelRun",
  permission: "deploy.cancel",
  input: cancelRunSchema,
  async run({ tx, input, actor, audit }) {
    const run = await lockedRun(tx, input.runId);
    const payload = { runId: run.id, kind: run.kind, ...(input.reason ? { reason: input.reason } : {}) };
    if (run.status === "CANCELLING") {
      // A second click while the worker stops the step: nothing to change, but the wrapper wants an event.
      await audit({ type: auditTypes.deployCancelRepeated, releaseId: run.releaseId, projectId: run.projectId, payload });
      return { status: "CANCELLING" as const };
    }
    if (run.status === "RUNNING") {
      // The worker sees this within a heartbeat, stops the step's processes (TERM, then KILL) and ends the run.
      await moveRun(tx, run.id, "CANCELLING", { actorId: actor.id, cause: "Cancel requested", cancelReason: input.reason || null });
      await audit({ type: auditTypes.deployCancelRequested, releaseId: run.releaseId, projectId: run.projectId, payload });
      return { status: "CANCELLING" as const };
    }
    if (run.status === "SUCCEEDED" || run.status === "CANCELLED") {
      throw new ActionError("conflict", `This run has already ended (${run.status.toLowerCase()}).`);
    }
    await cancelOpenSteps(tx, run.id);
    await audit({ type: auditTypes.deployCancelRequested, releaseId: run.releaseId, projectId: run.projectId, payload });
    // An older run (a newer one now owns the release) is cancelled without touching the release.
    await orConflict(moveRun(tx, run.id, "CANCELLED", { actorId: actor.id, cause: "Deploy cancelled", cancelReason: input.reason || null }));
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
    await moveStep(tx, step.id, step.status, "PENDING", { error: null });
    await audit({ type: auditTypes.stepRetried, releaseId: run.releaseId, projectId: run.projectId, payload: { runId: run.id, stepId: step.id, step: step.name } });
    await resumeRun(tx, run, actor.id, `Step “${step.name}” retried`);
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
      await audit({ type: auditTypes.stepSkipRequested, releaseId: run.releaseId, projectId: run.projectId, payload });
      return { runId: run.id };
    }
    if ((run.status !== "FAILED" && run.status !== "NEEDS_DECISION") || !["FAILED", "INTERRUPTED"].includes(step.status)) {
      throw new ActionError("conflict", "Only a failed or interrupted step, or a running wait, can be skipped.");
    }
    await moveStep(tx, step.id, step.status, "SKIPPED", { skipReason: input.reason });
    await audit({ type: auditTypes.stepSkipped, releaseId: run.releaseId, projectId: run.projectId, payload });
    await resumeRun(tx, run, actor.id, `Step “${step.name}” skipped`);
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
    await moveStep(tx, step.id, "WAITING", "SUCCEEDED", { approvedById: actor.id, approvedAt: now });
    await applyStepToChecklist(tx, { run, step: { name: step.name, status: "SUCCEEDED" } });
    await appendLogLine(tx, { stepId: step.id, attempt: step.attempt, stream: "SYSTEM", line: `Approved by ${actor.name}${input.comment ? `: ${input.comment}` : ""}` });
    await audit({ type: auditTypes.stepApproved, releaseId: run.releaseId, projectId: run.projectId, payload: { runId: run.id, stepId: step.id, step: step.name, ...(input.comment ? { comment: input.comment } : {}) } });
    await resumeRun(tx, run, actor.id, `“${step.name}” approved`);
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
    await audit({ type: auditTypes.deployLockTakenOver, projectId: input.projectId, payload: { runId: lock.runId, from: lock.heldBy.name, reason: input.reason } });
    return { runId: lock.runId };
  },
});

/**
 * Writes the next version of a pipeline from steps the schema accepted, after refusing references to unknown
 * secrets and variables (naming them). The form, the JSON and the YAML all save through here.
 */
async function saveNextPipelineVersion({ tx, actor, audit }: Pick<ActionContext<unknown>, "tx" | "actor" | "audit">, projectId: string, kind: "DEPLOY" | "ROLLBACK", sent: PipelineStep[]) {
  const [secrets, variables, previous] = await Promise.all([
    tx.projectSecret.findMany({ where: { projectId }, select: { name: true } }),
    tx.projectVariable.findMany({ where: { projectId }, select: { name: true } }),
    latestPipeline(tx, projectId, kind),
  ]);
  // Secret environment values come back from the editor as ••••: they keep the value stored before.
  const restored = restoreSecretEnvValues(sent, previous?.steps);
  const steps = restored.steps;
  // A reference to nothing is refused now, naming it, rather than failing (or running with "") at deploy time.
  const unknown = [
    ...restored.problems,
    ...unknownSecretProblems(steps, new Set(secrets.map((s) => s.name))),
    ...unknownVariableProblems(steps, new Set(variables.map((v) => v.name))),
  ];
  if (unknown.length > 0) return { unknown };
  // Pipelines are immutable: saving writes the next version; releases keep the version they ran.
  const pipeline = await tx.pipeline.create({
    data: { projectId, kind, version: (previous?.version ?? 0) + 1, steps: steps as Prisma.InputJsonValue, createdById: actor.id },
    select: { id: true, version: true },
  });
  await audit({ type: auditTypes.pipelineSaved, projectId, payload: { kind, version: pipeline.version, steps: steps.length } });
  return { pipeline };
}

async function requireProject(tx: Tx, projectId: string) {
  const project = await tx.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) throw new ActionError("not_found", "That project does not exist (any more).");
  return project;
}

export const savePipelineAction = defineAction({
  name: "savePipeline",
  revalidate: ["/projects/[slug]/pipelines", "/projects/[slug]/setup"],
  permission: "project.manage",
  input: savePipelineSchema,
  async run(context) {
    const { tx, input } = context;
    const project = await requireProject(tx, input.projectId);
    const parsed = pipelineStepsSchema.safeParse(input.steps);
    if (!parsed.success) {
      throw new ActionError("invalid", "The pipeline has problems; nothing was saved.", { steps: describePipelineProblems(input.steps, parsed.error) });
    }
    const saved = await saveNextPipelineVersion(context, project.id, input.kind, parsed.data);
    if (!saved.pipeline) throw new ActionError("invalid", "The pipeline has problems; nothing was saved.", { steps: saved.unknown });
    return saved.pipeline;
  },
});

/** The same pipeline as YAML (the editor's YAML tab, a file from a repository): one schema, problems by line. */
export const savePipelineYamlAction = defineAction({
  name: "savePipelineYaml",
  permission: "project.manage",
  input: savePipelineYamlSchema,
  revalidate: ["/projects/[slug]/pipelines", "/projects/[slug]/setup"],
  async run(context) {
    const { tx, input } = context;
    const project = await requireProject(tx, input.projectId);
    const parsed = parsePipelineYaml(input.yaml);
    if (!parsed.ok) throw new ActionError("invalid", "The YAML has problems; nothing was saved.", { yaml: parsed.problems });
    const saved = await saveNextPipelineVersion(context, project.id, input.kind, parsed.steps);
    if (!saved.pipeline) throw new ActionError("invalid", "The YAML has problems; nothing was saved.", { yaml: saved.unknown });
    return saved.pipeline;
  },
});

/**
 * Sets a flag's rollout percentage: locked, checked against the release, written with its FlagChange and one
 * audit event. The toggle (on = 100 %, off = 0 %) and the percentage control share it.
 */
async function applyFlagRollout(
  { tx, actor, audit }: Pick<ActionContext<unknown>, "tx" | "actor" | "audit">,
  input: { flagId: string; percent: number; releaseId?: string; reason?: string },
  via: "toggle" | "percent",
) {
  // Locked, so that two concurrent clicks apply one after the other: the second finds the flag already
  // set (flag.unchanged) instead of recording a second change from the same old value.
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "FeatureFlag" WHERE id = ${input.flagId} FOR UPDATE`;
  if (locked.length === 0) throw new ActionError("not_found", "That feature flag does not exist (any more).");
  const flag = await tx.featureFlag.findUniqueOrThrow({ where: { id: input.flagId } });
  const from = rolloutOf(flag);
  const next = rolloutColumns(input.percent);
  if (from === input.percent) {
    // Someone set it first (or a double click): nothing to change, but the wrapper wants an event.
    await audit({ type: auditTypes.flagUnchanged, projectId: flag.projectId, payload: { flag: flag.key, enabled: next.enabled, ...(via === "percent" ? { percent: input.percent } : {}) } });
    return { id: flag.id, enabled: next.enabled, percent: from };
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
  await tx.featureFlag.update({ where: { id: flag.id }, data: next });
  await tx.flagChange.create({ data: { flagId: flag.id, releaseId, actorId: actor.id, ...next, reason: input.reason || null } });
  const reason = input.reason ? { reason: input.reason } : {};
  if (via === "toggle") {
    const partial = from > 0 && from < 100 ? { fromPercent: from } : {};
    await audit({ type: auditTypes.flagChanged, releaseId, projectId: flag.projectId, payload: { flag: flag.key, enabled: next.enabled, from: flag.enabled, ...partial, ...reason } });
  } else {
    await audit({ type: auditTypes.flagRolloutSet, releaseId, projectId: flag.projectId, payload: { flag: flag.key, percent: input.percent, from, ...reason } });
  }
  return { id: flag.id, enabled: next.enabled, percent: input.percent };
}

/** On (100 %) or off (0 %): the flag panel's Enable and "Disable now", and the API's PUT. */
export const toggleFlagAction = defineAction({
  name: "toggleFlag",
  permission: "flag.toggle",
  input: toggleFlagSchema,
  async run(context) {
    const { input } = context;
    const { id, enabled } = await applyFlagRollout(context, { ...input, percent: input.enabled ? 100 : 0 }, "toggle");
    return { id, enabled };
  },
});

/** A percentage rollout: the flag is on for that share of targeting keys (sticky buckets, lib/flags/bucketing.ts). */
export const setFlagRolloutAction = defineAction({
  name: "setFlagRollout",
  permission: "flag.toggle",
  input: setFlagRolloutSchema,
  async run(context) {
    const { id, percent } = await applyFlagRollout(context, context.input, "percent");
    return { id, percent };
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
    await audit({ type: auditTypes.releaseClosed, releaseId: release.id, projectId: release.projectId, payload: { status: release.status, ...(note ? { incidentNote: note.text, item: note.itemTitle } : {}) } });
    return { id: release.id, closedAt };
  },
});
