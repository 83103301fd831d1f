// The deploy queue (pg-boss on Preflight's own PostgreSQL). A job only says "run this deploy run";
// the run's and steps' rows decide what actually happens, so a duplicate or retried job is harmless.
import { PgBoss } from "pg-boss";
import type { Db } from "@/lib/db-types";
import { getEnv } from "@/lib/env";

export const DEPLOY_QUEUE = "deploy-run";
export const PGBOSS_SCHEMA = "pgboss";

export interface DeployJob {
  runId: string;
}

export function createBoss(connectionString: string, role: "worker" | "web") {
  return new PgBoss({
    connectionString,
    schema: PGBOSS_SCHEMA,
    // Workers wake on NOTIFY the moment a job is created; polling stays as a backstop.
    useListenNotify: role === "worker",
    // Maintenance runs in workers only; the web process just sends jobs.
    supervise: role === "worker",
    schedule: false,
    migrate: role === "worker",
    max: role === "worker" ? 4 : 2,
  });
}

/** Creates pg-boss's tables and the deploy queue (idempotent). */
export async function prepareQueue(connectionString: string): Promise<void> {
  const boss = createBoss(connectionString, "worker");
  await boss.start();
  try {
    await ensureDeployQueue(boss);
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}

export async function ensureDeployQueue(boss: PgBoss): Promise<void> {
  if (!(await boss.getQueue(DEPLOY_QUEUE))) {
    // No pg-boss retries: a crashed run is recovered from its heartbeats (recoverStaleRuns in lib/deploys/engine.ts).
    await boss.createQueue(DEPLOY_QUEUE, { notify: true, retryLimit: 0, expireInSeconds: 24 * 3600 });
  }
}

// One sender per web process, started on first use.
const globalForBoss = globalThis as unknown as { preflightBoss?: Promise<PgBoss> };

function getSender(connectionString: string): Promise<PgBoss> {
  if (!globalForBoss.preflightBoss) {
    const starting = (async () => {
      const boss = createBoss(connectionString, "web");
      boss.on("error", (error: unknown) => console.error("[queue]", error));
      try {
        await boss.start();
      } catch (error) {
        // Its connection pool is not left behind by an attempt that failed.
        await boss.stop({ graceful: false, close: true }).catch(() => undefined);
        throw error;
      }
      return boss;
    })();
    globalForBoss.preflightBoss = starting;
    // A start that failed (the database briefly down) is forgotten, so the next call tries again instead
    // of every deploy, approval and retry failing until the web process restarts.
    starting.catch(() => {
      if (globalForBoss.preflightBoss === starting) globalForBoss.preflightBoss = undefined;
    });
  }
  return globalForBoss.preflightBoss;
}

/** Enqueues the run inside the caller's transaction: the job exists if and only if the transaction commits. */
export async function enqueueRun(tx: Db, runId: string): Promise<void> {
  const boss = await getSender(getEnv().DATABASE_URL);
  await boss.send(DEPLOY_QUEUE, { runId } satisfies DeployJob, {
    db: {
      executeSql: async (text: string, values: unknown[] = []) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }),
    },
  });
}

/** Stops this process's sender (tests, and processes that exit deliberately). */
export async function closeQueueSender(): Promise<void> {
  const pending = globalForBoss.preflightBoss;
  globalForBoss.preflightBoss = undefined;
  const boss = await pending?.catch(() => undefined);
  if (boss) await boss.stop({ graceful: false, close: true });
}
