// Worker liveness: each worker process upserts its row every few seconds. A row older than
// WORKER_STALE_AFTER_MS means the worker is gone (crashed or stopped without cleaning up).
import type { Db } from "@/lib/db-types";

export const HEARTBEAT_INTERVAL_MS = 5_000;
export const WORKER_STALE_AFTER_MS = 15_000;

export async function beat(db: Db, worker: { id: string; hostname: string; pid: number }, currentStepId: string | null = null) {
  const now = new Date();
  await db.workerHeartbeat.upsert({
    where: { id: worker.id },
    create: { id: worker.id, hostname: worker.hostname, pid: worker.pid, startedAt: now, lastSeenAt: now, currentStepId },
    update: { lastSeenAt: now, currentStepId },
  });
}

export interface WorkerHealth {
  status: "ok" | "stale" | "none";
  workers: { id: string; lastSeenAt: Date; currentStepId: string | null }[];
}

export async function getWorkerHealth(db: Db, now = new Date()): Promise<WorkerHealth> {
  const workers = await db.workerHeartbeat.findMany({
    orderBy: { lastSeenAt: "desc" },
    take: 10,
    select: { id: true, lastSeenAt: true, currentStepId: true },
  });
  if (workers.length === 0) return { status: "none", workers };
  const fresh = workers.some((w) => now.getTime() - w.lastSeenAt.getTime() < WORKER_STALE_AFTER_MS);
  return { status: fresh ? "ok" : "stale", workers };
}
