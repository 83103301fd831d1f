// Gauges read from the database at scrape time, served by the web process (it runs whether or not any
// worker does, so a queue nobody takes from still shows): how long the oldest queued deploy run has
// waited, how many wait, and how old the freshest worker heartbeat is.
import client from "prom-client";
import type { Db } from "@/lib/db-types";
import { metrics } from "./registry";

const globalForGauges = globalThis as unknown as { preflightDatabaseGauges?: boolean };

export function registerDatabaseGauges(db: Db): void {
  if (globalForGauges.preflightDatabaseGauges) return;
  globalForGauges.preflightDatabaseGauges = true;
  const { registry } = metrics;

  // One query per scrape feeds all three gauges.
  let pending: Promise<{ oldestQueuedAt: Date | null; queued: number; lastBeat: Date | null }> | null = null;
  const read = () => {
    pending ??= (async () => {
      const [row] = await db.$queryRaw<{ oldest: Date | null; queued: bigint; beat: Date | null }[]>`
        SELECT (SELECT min("queuedAt") FROM "DeployRun" WHERE status = 'QUEUED') AS oldest,
               (SELECT count(*) FROM "DeployRun" WHERE status = 'QUEUED') AS queued,
               (SELECT max("lastSeenAt") FROM "WorkerHeartbeat") AS beat`;
      return { oldestQueuedAt: row?.oldest ?? null, queued: Number(row?.queued ?? 0), lastBeat: row?.beat ?? null };
    })().finally(() => {
      pending = null;
    });
    return pending;
  };
  const ageSeconds = (at: Date) => Math.max(0, (Date.now() - at.getTime()) / 1000);

  new client.Gauge({
    name: "preflight_deploy_queue_lag_seconds",
    help: "How long the oldest queued deploy run has waited for a worker (0 when none waits)",
    registers: [registry],
    async collect() {
      const { oldestQueuedAt } = await read();
      this.set(oldestQueuedAt ? ageSeconds(oldestQueuedAt) : 0);
    },
  });
  new client.Gauge({
    name: "preflight_deploy_queue_depth",
    help: "Deploy runs waiting for a worker",
    registers: [registry],
    async collect() {
      this.set((await read()).queued);
    },
  });
  new client.Gauge({
    name: "preflight_worker_heartbeat_age_seconds",
    help: "Age of the freshest worker heartbeat (+Inf when no worker has one); above 15 s no worker is alive",
    registers: [registry],
    async collect() {
      const { lastBeat } = await read();
      this.set(lastBeat ? ageSeconds(lastBeat) : Infinity);
    },
  });
}
