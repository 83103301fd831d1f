// The deploy run and step state machines as pure functions, beside the release's (lib/releases/rules.ts):
// which transitions exist, what a run holds in each state (the project's deploy lock, its release's
// status), and what each state offers to a person. The one writer (lib/deploys/lifecycle.ts) refuses any
// move these tables do not list; the run page asks runOffers() what to show.
import { can, type Actor } from "@/lib/auth/permissions";
import type { ReleaseStatus, RunKind, RunStatus, StepStatus } from "@/lib/generated/prisma/enums";
import { transitions } from "@/lib/releases/rules";

export const runStatuses = ["QUEUED", "RUNNING", "WAITING", "NEEDS_DECISION", "CANCELLING", "SUCCEEDED", "FAILED", "CANCELLED"] as const satisfies readonly RunStatus[];

/**
 * The statuses a run can move to from each status.
 * - QUEUED → RUNNING: a worker claims it; → FAILED: its queue job was lost and could not be re-sent.
 * - RUNNING → QUEUED: handed back by a stopping worker, or recovered after its worker died (idempotent step).
 * - WAITING/NEEDS_DECISION/FAILED → QUEUED: approved, retried or skipped.
 * - FAILED → CANCELLED: a person gives up on a failed run instead of retrying it.
 */
export const runTransitions: Record<RunStatus, readonly RunStatus[]> = {
  QUEUED: ["RUNNING", "CANCELLED", "FAILED"],
  RUNNING: ["QUEUED", "WAITING", "NEEDS_DECISION", "SUCCEEDED", "FAILED", "CANCELLING", "CANCELLED"],
  WAITING: ["QUEUED", "CANCELLED"],
  NEEDS_DECISION: ["QUEUED", "CANCELLED"],
  CANCELLING: ["CANCELLED"],
  SUCCEEDED: [],
  FAILED: ["QUEUED", "CANCELLED"],
  CANCELLED: [],
};

/** A run in these states is going on (or waits for a person): it holds the project's deploy lock. */
export const ACTIVE_RUN_STATUSES = ["QUEUED", "RUNNING", "WAITING", "NEEDS_DECISION", "CANCELLING"] as const satisfies readonly RunStatus[];
/** Ended runs. A FAILED run may still be retried, but it holds nothing: no lock, no release status. */
export const FINISHED_RUN_STATUSES = ["SUCCEEDED", "FAILED", "CANCELLED"] as const satisfies readonly RunStatus[];
export type FinishedRunStatus = (typeof FINISHED_RUN_STATUSES)[number];

export function isRunFinished(status: RunStatus): status is FinishedRunStatus {
  return (FINISHED_RUN_STATUSES as readonly RunStatus[]).includes(status);
}

export function isRunActive(status: RunStatus): boolean {
  return (ACTIVE_RUN_STATUSES as readonly RunStatus[]).includes(status);
}

/** Whether a run in `status` holds its project's deploy lock. Every finished state gives it up. */
export function runHoldsLock(status: RunStatus): boolean {
  return isRunActive(status);
}

export function canMoveRun(from: RunStatus, to: RunStatus): boolean {
  return runTransitions[from].includes(to);
}

/** The release status while a run of this kind is active (the run "owns" its release in that status). */
export function releaseStatusDuringRun(kind: RunKind): ReleaseStatus {
  return kind === "DEPLOY" ? "DEPLOYING" : "ROLLING_BACK";
}

/** The release status a finished run leads to; null when the run's end does not move the release. */
export function releaseStatusAfterRun(kind: RunKind, outcome: RunStatus): ReleaseStatus | null {
  if (outcome === "SUCCEEDED") return kind === "DEPLOY" ? "MONITORING" : "ROLLED_BACK";
  if (outcome === "FAILED" || outcome === "CANCELLED") return "FAILED";
  return null;
}

export const stepStatuses = ["PENDING", "RUNNING", "WAITING", "SUCCEEDED", "FAILED", "SKIPPED", "CANCELLED", "INTERRUPTED"] as const satisfies readonly StepStatus[];

/**
 * The statuses a step can move to from each status.
 * - INTERRUPTED/FAILED → PENDING: re-run (automatically for an idempotent step, or a person's retry).
 * - RUNNING → SKIPPED: a person skipped a running wait.
 * - WAITING → SUCCEEDED: approved.
 */
export const stepTransitions: Record<StepStatus, readonly StepStatus[]> = {
  PENDING: ["RUNNING", "CANCELLED"],
  RUNNING: ["SUCCEEDED", "FAILED", "CANCELLED", "SKIPPED", "WAITING", "INTERRUPTED"],
  WAITING: ["SUCCEEDED", "CANCELLED"],
  INTERRUPTED: ["PENDING", "SKIPPED"],
  FAILED: ["PENDING", "SKIPPED"],
  SUCCEEDED: [],
  SKIPPED: [],
  CANCELLED: [],
};

export function canMoveStep(from: StepStatus, to: StepStatus): boolean {
  return stepTransitions[from].includes(to);
}

/** Steps a cancelled run leaves behind as CANCELLED: those not yet run, and a pending approval. */
export const CANCELLABLE_STEP_STATUSES = ["PENDING", "WAITING"] as const satisfies readonly StepStatus[];

// ---------------------------------------------------------------- what a person may do with a run

export type RunIntent = "cancel" | "retry" | "skip" | "rollback";

export interface RunFacts {
  status: RunStatus;
  kind: RunKind;
  /** The run's release, now: a cancelled or rolled-back release leaves nothing to decide on its runs. */
  releaseStatus: ReleaseStatus;
  /** This is the release's newest run: older runs are history, whatever their status. */
  latest: boolean;
  /** The step a retry or skip would act on (the first FAILED or INTERRUPTED one), if any. */
  hasStuckStep: boolean;
}

export type RunOffer = { intent: RunIntent; allowed: true } | { intent: RunIntent; allowed: false; reason: string };

/**
 * What the run page offers on a run, for this person: each intent the run's state allows, with the role's
 * verdict (a refused one is shown disabled with its reason). Approval is per step (lib/deploys/approval rules).
 */
export function runOffers(run: RunFacts, actor: Actor): RunOffer[] {
  const offers: RunOffer[] = [];
  const offer = (intent: RunIntent, permission: "deploy.cancel" | "rollback.start") => {
    const decision = can(actor, permission);
    offers.push(decision.allowed ? { intent, allowed: true } : { intent, allowed: false, reason: decision.reason });
  };
  const stopped = run.status === "FAILED" || run.status === "NEEDS_DECISION";
  // The writer's own condition for resuming: the newest run, with its release failed or still in its phase.
  const resumable = run.latest && (run.releaseStatus === "FAILED" || run.releaseStatus === releaseStatusDuringRun(run.kind));
  if (stopped && resumable && run.hasStuckStep) {
    offer("retry", "deploy.cancel");
    offer("skip", "deploy.cancel");
  }
  if (isRunActive(run.status) && run.status !== "CANCELLING") offer("cancel", "deploy.cancel");
  // A failed run that could still resume can be given up (cancelled) instead.
  else if (run.status === "FAILED" && resumable) offer("cancel", "deploy.cancel");
  if (run.kind === "DEPLOY" && stopped && run.latest && transitions[run.releaseStatus].includes("ROLLING_BACK")) offer("rollback", "rollback.start");
  return offers;
}
