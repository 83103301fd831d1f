// The one writer of status columns: every change of a release's, a deploy run's or a step's status goes
// through here, whether a server action, the worker or a sweep asks for it. Each move is checked against
// the state machines (lib/releases/rules.ts, lib/deploys/rules.ts), stamps its time, and keeps what a run
// holds consistent: the project's deploy lock (held only while the run is active) and its release's
// status (moved only by the release's newest run). tests/unit/status-writers.test.ts keeps other modules
// from writing these columns.
import { auditTypes, runEndTypes } from "@/lib/audit/events/types";
import { recordAuditEvent, type AuditEventDraft } from "@/lib/audit/record";
import type { Db } from "@/lib/db-types";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ReleaseStatus, RunKind, RunStatus, StepKind, StepStatus } from "@/lib/generated/prisma/enums";
import { runStatusLabels, stepStatusLabels } from "@/lib/deploys/format";
import { formatDateTime } from "@/lib/format";
import {
  canMoveRun,
  canMoveStep,
  CANCELLABLE_STEP_STATUSES,
  isRunFinished,
  releaseStatusAfterRun,
  releaseStatusDuringRun,
  runHoldsLock,
} from "@/lib/deploys/rules";
import { BREAK_GLASS_FROM, releaseStatusLabels, statusTimestampField, transitions } from "@/lib/releases/rules";

/** A move the state machines do not allow, or that would break what a run holds. Nothing was written. */
export class TransitionRefused extends Error {
  override name = "TransitionRefused";
}

const lower = (label: string) => label.toLowerCase();

/** An action's audit recorder (attributes the event to the action's actor, and counts it as the action's record). */
export type AuditRecorder = (event: AuditEventDraft) => Promise<void>;

function record(db: Db, actorId: string | null, audit: AuditRecorder | undefined, event: AuditEventDraft) {
  return audit ? audit(event) : recordAuditEvent(db, { ...event, actorId });
}

// ---------------------------------------------------------------- releases

export interface ReleaseMove {
  actorId: string | null;
  /** Why the status changed, in words, for the timeline ("Deploy started", "“Tests pass” was unticked"). */
  cause?: string;
  /** A person's reason (cancel, close early), kept on the release too. */
  reason?: string;
  /** Inside a server action: its recorder, so the event is the action's own. */
  audit?: AuditRecorder;
  /** Move only from this status (a run moving its release); otherwise nothing is written. */
  onlyFrom?: ReleaseStatus;
  /**
   * A break-glass deploy (checked with checkBreakGlassDeploy): DEPLOYING may then also be entered from a
   * release still preparing for want of sign-offs.
   */
  breakGlass?: boolean;
}

/** Moves a release to `to` (the caller holds its row lock and has checked the gates with checkTransition). */
export async function moveRelease(db: Db, releaseId: string, to: ReleaseStatus, move: ReleaseMove): Promise<{ from: ReleaseStatus }> {
  const release = await db.release.findUniqueOrThrow({ where: { id: releaseId }, select: { status: true, projectId: true } });
  const from = release.status;
  if (from === to || (move.onlyFrom !== undefined && from !== move.onlyFrom)) return { from };
  const breakGlass = move.breakGlass === true && to === "DEPLOYING" && BREAK_GLASS_FROM.includes(from);
  if (!transitions[from].includes(to) && !breakGlass) {
    throw new TransitionRefused(`A ${lower(releaseStatusLabels[from])} release cannot become ${lower(releaseStatusLabels[to])}`);
  }
  const field = statusTimestampField[to];
  await db.release.update({
    where: { id: releaseId },
    data: {
      status: to,
      ...(field === "createdAt" ? {} : { [field]: new Date() }),
      ...(to === "CANCELLED" ? { cancelReason: move.reason ?? null } : {}),
      ...(to === "RELEASED" && move.reason ? { closeEarlyReason: move.reason } : {}),
    },
  });
  await record(db, move.actorId, move.audit, {
    type: auditTypes.releaseStatusChanged,
    releaseId,
    projectId: release.projectId,
    payload: { from, to, ...(move.reason ? { reason: move.reason } : {}), ...(move.cause ? { cause: move.cause } : {}) },
  });
  return { from };
}

// ---------------------------------------------------------------- runs

export interface RunRef {
  id: string;
  kind: RunKind;
  releaseId: string;
  projectId: string;
}

export interface RunMove {
  actorId?: string | null;
  /** In words, for the timeline: "Every step succeeded", "Step failed: …", "Deploy cancelled". */
  cause: string;
  /** RUNNING: the claim's owner id (the worker loop that runs it). */
  workerId?: string;
  /** CANCELLING/CANCELLED: the person's reason. */
  cancelReason?: string | null;
  /** Inside a server action: its recorder, so the events are the action's own. */
  audit?: AuditRecorder;
}

export interface LockedRun extends RunRef {
  status: RunStatus;
  workerId: string | null;
  startedAt: Date | null;
  startedById: string;
  cancelledById: string | null;
  cancelReason: string | null;
}


/**
 * Takes the row locks of the run's release and of the run, in that order, and reads the run; null when the
 * run does not exist. One order everywhere (release, then run) is what keeps actions, the worker and the
 * sweeps from deadlocking: actions lock the release first, and every audit event names the release.
 * `skipLocked`: a sweep gives up on a run that someone else holds instead of waiting.
 */
export async function lockRun(db: Db, runId: string, options: { skipLocked?: boolean } = {}): Promise<LockedRun | null> {
  // Two statements, not four: the release is found through the run in the locking statement itself (a run never
  // changes release), and the run is read by the statement that locks it.
  const release = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Release" WHERE id = (SELECT "releaseId" FROM "DeployRun" WHERE id = ${runId}) FOR UPDATE`;
  if (release.length === 0) return null;
  const rows = options.skipLocked
    ? await db.$queryRaw<LockedRunRow[]>`SELECT ${lockedRunColumns} FROM "DeployRun" WHERE id = ${runId} FOR UPDATE SKIP LOCKED`
    : await db.$queryRaw<LockedRunRow[]>`SELECT ${lockedRunColumns} FROM "DeployRun" WHERE id = ${runId} FOR UPDATE`;
  const row = rows[0];
  if (!row) return null;
  return { ...row, kind: row.kind as RunKind, status: row.status as RunStatus };
}

type LockedRunRow = Omit<LockedRun, "kind" | "status"> & { kind: string; status: string };

const lockedRunColumns = Prisma.raw(
  `id, kind::text AS kind, "releaseId", "projectId", status::text AS status, "workerId", "startedAt", "startedById", "cancelledById", "cancelReason"`,
);

// Runs are ordered by `sequence` (a database sequence, assigned at insert), not by createdAt: that is each web
// host's clock, and two hosts' clocks can disagree about which run came last.
const newestFirst = { sequence: "desc" } as const;

/** The release's newest run: the only one whose state may move the release. */
export async function isLatestRun(db: Db, run: Pick<RunRef, "id" | "releaseId">): Promise<boolean> {
  const newest = await db.deployRun.findFirst({ where: { releaseId: run.releaseId }, orderBy: newestFirst, select: { id: true } });
  return newest?.id === run.id;
}

/** The newest run of a kind for a release, whatever its status. */
export function newestRun(db: Db, releaseId: string, kind: RunKind) {
  return db.deployRun.findFirst({ where: { releaseId, kind }, orderBy: newestFirst });
}

/**
 * Moves a run to `to` under its row lock. Leaving the active states gives up the project's deploy lock;
 * coming back to them (a retry of a failed run) takes it again, or is refused if another run holds it. The
 * release follows only when this is its newest run: ending moves DEPLOYING/ROLLING_BACK on (MONITORING,
 * ROLLED_BACK, FAILED), resuming moves FAILED back to DEPLOYING/ROLLING_BACK.
 */
export async function moveRun(db: Db, runId: string, to: RunStatus, move: RunMove, locked?: LockedRun): Promise<LockedRun> {
  // `locked`: the caller took the locks in this transaction (lockRun) and has not changed the run since.
  const run = locked ?? (await lockRun(db, runId));
  if (!run) throw new TransitionRefused("That deploy run does not exist (any more)");
  const from = run.status;
  if (!canMoveRun(from, to)) {
    throw new TransitionRefused(`A ${lower(runStatusLabels[from])} run cannot become ${lower(runStatusLabels[to])}`);
  }
  const now = new Date();
  const finished = isRunFinished(to);
  // Read only by the moves that need it (most moves, e.g. QUEUED → RUNNING, need neither).
  let newest: boolean | undefined;
  const latest = async () => (newest ??= await isLatestRun(db, run));

  // Coming back from FAILED: the run must still be the release's newest, and the lock must be free.
  if (!runHoldsLock(from) && runHoldsLock(to)) {
    if (!(await latest())) throw new TransitionRefused("A newer run of this release exists: this run can no longer resume");
    const releaseStatus = (await db.release.findUniqueOrThrow({ where: { id: run.releaseId }, select: { status: true } })).status;
    if (releaseStatus !== "FAILED" && releaseStatus !== releaseStatusDuringRun(run.kind)) {
      throw new TransitionRefused(`The release is ${lower(releaseStatusLabels[releaseStatus])} now: this run can no longer resume`);
    }
    await takeLock(db, run, move.actorId ?? null);
  }

  const data: Prisma.DeployRunUncheckedUpdateInput = { status: to };
  if (to === "RUNNING") Object.assign(data, { workerId: move.workerId ?? null, heartbeatAt: now, startedAt: run.startedAt ?? now });
  if (to === "QUEUED") Object.assign(data, { workerId: null, heartbeatAt: null, finishedAt: null, queuedAt: now });
  if (to === "WAITING" || to === "NEEDS_DECISION") Object.assign(data, { workerId: null, heartbeatAt: null });
  if (to === "CANCELLING") Object.assign(data, { cancelledById: move.actorId ?? null, cancelReason: move.cancelReason ?? null });
  if (finished) Object.assign(data, { finishedAt: now, workerId: null, heartbeatAt: null });
  if (to === "CANCELLED") {
    // Asked for earlier (CANCELLING): keep who asked and why; the worker that ends it has no actor.
    Object.assign(data, { cancelledById: move.actorId ?? run.cancelledById, cancelReason: move.cancelReason ?? run.cancelReason });
  }
  await db.deployRun.update({ where: { id: run.id }, data });

  // Every state that does not hold the lock gives it up (also a lock a run kept under older rules).
  if (!runHoldsLock(to)) await db.deployLock.deleteMany({ where: { runId: run.id } });

  if (finished) {
    const reason = to === "CANCELLED" ? (move.cancelReason ?? run.cancelReason) : null;
    await record(db, move.actorId ?? (to === "CANCELLED" ? run.cancelledById : null), move.audit, {
      type: runEndTypes[to],
      releaseId: run.releaseId,
      projectId: run.projectId,
      payload: { runId: run.id, kind: run.kind, cause: move.cause, ...(reason ? { reason } : {}) },
    });
  }

  // An older run (superseded by a rollback, or an earlier failed deploy) never moves the release.
  const during = releaseStatusDuringRun(run.kind);
  const after = finished ? releaseStatusAfterRun(run.kind, to) : null;
  if ((after || to === "QUEUED") && (await latest())) {
    if (after) {
      await moveRelease(db, run.releaseId, after, { actorId: move.actorId ?? null, cause: move.cause, audit: move.audit, onlyFrom: during });
    } else if (to === "QUEUED") {
      await moveRelease(db, run.releaseId, during, { actorId: move.actorId ?? null, cause: move.cause, audit: move.audit, onlyFrom: "FAILED" });
    }
  }
  return { ...run, status: to };
}

/**
 * Gives `run` the project's deploy lock. A lock left by a run that no longer holds it (ended) is taken over;
 * a lock of an active run of the same release that this run supersedes (a rollback stopping its deploy) is
 * handed over; any other holder refuses.
 */
export async function takeLock(db: Db, run: RunRef, holderId: string | null, options: { supersede?: boolean } = {}) {
  const lock = await db.deployLock.findUnique({
    where: { projectId: run.projectId },
    include: { heldBy: { select: { name: true } }, run: { select: { id: true, status: true, releaseId: true, release: { select: { version: true } } } } },
  });
  if (lock?.runId === run.id) return;
  if (lock) {
    const free = !runHoldsLock(lock.run.status) || (options.supersede === true && lock.run.releaseId === run.releaseId);
    if (!free) {
      throw new TransitionRefused(
        `Another deploy holds this project's lock: ${lock.run.release.version}, started by ${lock.heldBy.name} at ${formatDateTime(lock.acquiredAt)} (${lower(runStatusLabels[lock.run.status])})`,
      );
    }
    await db.deployLock.delete({ where: { projectId: run.projectId } });
  }
  if (!holderId) throw new TransitionRefused("A run takes the deploy lock only for a person");
  try {
    await db.deployLock.create({ data: { projectId: run.projectId, runId: run.id, heldById: holderId } });
  } catch (error) {
    // A concurrent start took it between our read and our insert (the transaction is rolled back).
    if (typeof error === "object" && error !== null && "code" in error && error.code === "P2002") {
      throw new TransitionRefused("Another deploy for this project started a moment ago");
    }
    throw error;
  }
}

// ---------------------------------------------------------------- steps

export type StepFields = Pick<
  Prisma.DeployStepUncheckedUpdateInput,
  "attempt" | "workerId" | "exitCode" | "error" | "skipReason" | "approvedById" | "approvedAt" | "outputs"
>;

/**
 * Moves a step from `from` to `to`, only if it is still in `from` (a concurrent move wins and this one
 * returns false). Stamps startedAt/finishedAt and clears what the new status makes meaningless.
 */
export async function moveStep(db: Db, stepId: string, from: StepStatus, to: StepStatus, fields: StepFields = {}): Promise<boolean> {
  if (!canMoveStep(from, to)) {
    throw new TransitionRefused(`A ${lower(stepStatusLabels[from])} step cannot become ${lower(stepStatusLabels[to])}`);
  }
  const now = new Date();
  const data: Prisma.DeployStepUncheckedUpdateManyInput = { status: to, ...fields };
  if (to === "RUNNING") Object.assign(data, { heartbeatAt: now, startedAt: now, finishedAt: null, exitCode: null, error: null });
  else if (to === "PENDING") Object.assign(data, { finishedAt: null, heartbeatAt: null, workerId: null });
  else if (to === "WAITING") Object.assign(data, { heartbeatAt: null, finishedAt: null });
  else Object.assign(data, { finishedAt: now, heartbeatAt: null });
  const moved = await db.deployStep.updateMany({ where: { id: stepId, status: from }, data });
  return moved.count > 0;
}

/** A step as the worker runs it: what it is (fixed when the run was created) and the attempt now starting. */
export interface ClaimedStep {
  id: string;
  position: number;
  name: string;
  kind: StepKind;
  config: Prisma.JsonValue;
  idempotent: boolean;
  attempt: number;
  /**
   * Set on a step the run was created to skip (a rollback's database downgrade when the release ran no
   * migrations): the engine records it as skipped, with this reason, instead of running it.
   */
  skipReason: string | null;
}

/**
 * Moves the run's first PENDING step to RUNNING for `workerId`, as moveStep would (attempt + 1, stamps), and
 * refreshes the run's heartbeat, in one statement. The caller holds the run's lock (lockRun), so no other
 * worker claims a step of this run meanwhile. Null when no step is PENDING; "moved" when the step picked was
 * moved by someone else between the pick and the write (the caller looks again).
 */
export async function claimNextStep(db: Db, runId: string, workerId: string): Promise<ClaimedStep | null | "moved"> {
  if (!canMoveStep("PENDING", "RUNNING")) throw new TransitionRefused("A pending step cannot start");
  const now = new Date();
  const rows = await db.$queryRaw<(Omit<ClaimedStep, "kind"> & { kind: string })[]>`
    WITH next AS (
      SELECT id FROM "DeployStep" WHERE "runId" = ${runId} AND status = 'PENDING' ORDER BY position LIMIT 1
    ), claimed AS (
      UPDATE "DeployStep" s SET status = 'RUNNING', attempt = s.attempt + 1, "workerId" = ${workerId}, "heartbeatAt" = ${now},
        "startedAt" = ${now}, "finishedAt" = NULL, "exitCode" = NULL, error = NULL
      FROM next WHERE s.id = next.id AND s.status = 'PENDING'
      RETURNING s.id, s.position, s.name, s.kind::text AS kind, s.config, s.idempotent, s.attempt, s."skipReason"
    ), beat AS (
      UPDATE "DeployRun" SET "heartbeatAt" = ${now} WHERE id = ${runId} AND EXISTS (SELECT 1 FROM claimed)
    )
    SELECT claimed.*, (SELECT count(*) FROM next)::int AS picked FROM claimed
    UNION ALL
    SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, (SELECT count(*) FROM next)::int WHERE NOT EXISTS (SELECT 1 FROM claimed)`;
  const row = rows[0] as (Omit<ClaimedStep, "kind"> & { kind: string | null; picked: number }) | undefined;
  if (!row || row.id === null) return row && row.picked > 0 ? "moved" : null;
  return { id: row.id, position: row.position, name: row.name, kind: row.kind as StepKind, config: row.config, idempotent: row.idempotent, attempt: row.attempt, skipReason: row.skipReason };
}

/** Cancels the steps a stopped run will never run (not yet run, or waiting for an approval). */
export async function cancelOpenSteps(db: Db, runId: string): Promise<void> {
  await db.deployStep.updateMany({ where: { runId, status: { in: [...CANCELLABLE_STEP_STATUSES] } }, data: { status: "CANCELLED", finishedAt: new Date() } });
}
