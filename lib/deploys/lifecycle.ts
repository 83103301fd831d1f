// Run-level state changes shared by the worker and the server actions: ending a run moves its release
// along the lifecycle and releases the project's deploy lock, in the caller's transaction.
import { recordAuditEvent } from "@/lib/audit/record";
import type { Db } from "@/lib/db-types";
import type { ReleaseStatus, RunKind, RunStatus } from "@/lib/generated/prisma/enums";
import { statusTimestampField } from "@/lib/releases/rules";

export interface RunRef {
  id: string;
  kind: RunKind;
  releaseId: string;
  projectId: string;
}

/** The release status a run's outcome leads to. */
export function releaseStatusAfterRun(kind: RunKind, outcome: "SUCCEEDED" | "FAILED" | "CANCELLED"): ReleaseStatus {
  if (outcome === "SUCCEEDED") return kind === "DEPLOY" ? "MONITORING" : "ROLLED_BACK";
  return "FAILED";
}

export async function moveRelease(db: Db, releaseId: string, projectId: string, to: ReleaseStatus, actorId: string | null, cause: string) {
  const release = await db.release.findUniqueOrThrow({ where: { id: releaseId }, select: { status: true } });
  if (release.status === to) return;
  const field = statusTimestampField[to];
  await db.release.update({ where: { id: releaseId }, data: { status: to, ...(field === "createdAt" ? {} : { [field]: new Date() }) } });
  await recordAuditEvent(db, { type: "release.status_changed", actorId, releaseId, projectId, payload: { from: release.status, to, cause } });
}

/** Ends a run: its status, the release's status, the lock (kept while a failed run awaits a decision). */
export async function endRun(
  db: Db,
  run: RunRef,
  outcome: "SUCCEEDED" | "FAILED" | "CANCELLED",
  details: { actorId?: string | null; cause: string; cancelReason?: string },
) {
  await db.deployRun.update({
    where: { id: run.id },
    data: {
      status: outcome as RunStatus,
      finishedAt: new Date(),
      heartbeatAt: null,
      workerId: null,
      ...(outcome === "CANCELLED" ? { cancelledById: details.actorId ?? null, cancelReason: details.cancelReason ?? null } : {}),
    },
  });
  if (outcome !== "FAILED") await db.deployLock.deleteMany({ where: { runId: run.id } });
  await recordAuditEvent(db, {
    type: `deploy.${outcome.toLowerCase()}`,
    actorId: details.actorId ?? null,
    releaseId: run.releaseId,
    projectId: run.projectId,
    payload: { runId: run.id, kind: run.kind, cause: details.cause, ...(details.cancelReason ? { reason: details.cancelReason } : {}) },
  });
  // Only while the release is still in this run's phase: a deploy superseded by a rollback must not move it.
  const inProgress: ReleaseStatus = run.kind === "DEPLOY" ? "DEPLOYING" : "ROLLING_BACK";
  const release = await db.release.findUniqueOrThrow({ where: { id: run.releaseId }, select: { status: true } });
  if (release.status === inProgress) {
    await moveRelease(db, run.releaseId, run.projectId, releaseStatusAfterRun(run.kind, outcome), details.actorId ?? null, details.cause);
  }
}
