// Closes releases whose monitoring window has passed once their required post-release items are done:
// MONITORING → RELEASED, attributed to the system. Run periodically by every worker; the row lock and the
// status check make concurrent sweeps harmless.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { loadReleaseFacts, lockRelease } from "@/lib/releases/facts";
import { checkTransition } from "@/lib/releases/rules";
import { moveRelease } from "@/lib/lifecycle/write";
import { recordAuditEvent } from "@/lib/audit/record";
import { auditTypes } from "@/lib/audit/events/types";
import type { Db } from "@/lib/db-types";
import { monitoringEndsAt } from "@/lib/releases/rules";

export async function closeFinishedMonitoring(db: PrismaClient, now = new Date()): Promise<string[]> {
  const candidates = await db.release.findMany({
    where: { status: "MONITORING", monitoringAt: { not: null, lt: now } },
    orderBy: { monitoringAt: "asc" },
    select: { id: true },
    take: 100,
  });
  const closed: string[] = [];
  for (const { id } of candidates) {
    const done = await db.$transaction(async (tx) => {
      await lockRelease(tx, id);
      const facts = await loadReleaseFacts(tx, id);
      if (!facts || facts.status !== "MONITORING") return false;
      // No reason given: the window must really have passed and the post-release checklist be complete.
      if (!checkTransition(facts, { to: "RELEASED", now }).allowed) {
        await noteWindowEndedOpen(tx, id, facts, now);
        return false;
      }
      await moveRelease(tx, id, "RELEASED", { actorId: null, cause: "Monitoring window passed and the post-release checklist is complete" });
      return true;
    });
    if (done) closed.push(id);
  }
  return closed;
}

/**
 * The window has passed but required items are still open: recorded once per monitoring window (the
 * notification "a monitoring window ended with required items still open" comes from this event).
 */
async function noteWindowEndedOpen(
  tx: Db,
  releaseId: string,
  facts: NonNullable<Awaited<ReturnType<typeof loadReleaseFacts>>>,
  now: Date,
): Promise<void> {
  const endsAt = monitoringEndsAt(facts);
  if (!endsAt || endsAt > now || !facts.monitoringAt) return;
  const noted = await tx.auditEvent.findFirst({
    where: { releaseId, type: auditTypes.releaseMonitoringEndedOpen, at: { gte: facts.monitoringAt } },
    select: { id: true },
  });
  if (noted) return;
  const open = await tx.releaseItem.findMany({
    where: { releaseId, required: true, state: "OPEN", phase: { in: ["RELEASE_DAY", "POST_RELEASE"] } },
    orderBy: { position: "asc" },
    select: { title: true },
  });
  if (open.length === 0) return;
  await recordAuditEvent(tx, {
    type: auditTypes.releaseMonitoringEndedOpen,
    releaseId,
    projectId: facts.projectId,
    payload: { openItems: open.length, items: open.slice(0, 10).map((item) => item.title), windowEndedAt: endsAt.toISOString() },
  });
}
