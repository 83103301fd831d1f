// Closes releases whose monitoring window has passed once their required post-release items are done:
// MONITORING → RELEASED, attributed to the system. Run periodically by every worker; the row lock and the
// status check make concurrent sweeps harmless.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { loadReleaseFacts, lockRelease } from "@/lib/releases/facts";
import { checkTransition } from "@/lib/releases/rules";
import { moveRelease } from "@/lib/lifecycle/write";

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
      if (!checkTransition(facts, { to: "RELEASED", now }).allowed) return false;
      await moveRelease(tx, id, "RELEASED", { actorId: null, cause: "Monitoring window passed and the post-release checklist is complete" });
      return true;
    });
    if (done) closed.push(id);
  }
  return closed;
}
