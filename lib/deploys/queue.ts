// The deploy queue (pg-boss on Preflight's own PostgreSQL). A job only says "run this deploy run";
// the run's and steps' rows decide what actually happens, so a duplicate or retried job is harmless.
// pg-boss 10: the last major whose engines allow Node 20 (11 and 12 want Node 22). It only polls, so
// sending a job also NOTIFYs DEPLOY_WAKE_CHANNEL in the same transaction, and workers LISTEN and wake
// their pollers at once (listenForDeployJobs): pickup in milliseconds instead of a polling interval.
import pg from "pg";
import PgBoss from "pg-boss";
import type { Db } from "@/lib/db-types";
import { getEnv } from "@/lib/env";
import { errorSummary, log } from "@/lib/log";

export const DEPLOY_QUEUE = "deploy-run";
/** Notifications out (lib/notifications/send.ts): a job says "send this NotificationDelivery". */
export const NOTIFICATION_QUEUE = "notification-send";
export const PGBOSS_SCHEMA = "pgboss";
export const DEPLOY_WAKE_CHANNEL = "preflight_deploy_queue";
/** The pg-boss schema version this pg-boss writes (its version.json). */
const PGBOSS_SCHEMA_VERSION = 24;

export interface DeployJob {
  runId: string;
}

export function createBoss(connectionString: string, role: "worker" | "web") {
  return new PgBoss({
    connectionString,
    schema: PGBOSS_SCHEMA,
    // Maintenance runs in workers only; the web process just sends jobs.
    supervise: role === "worker",
    schedule: false,
    migrate: role === "worker",
    max: role === "worker" ? 4 : 2,
  });
}

/** Creates pg-boss's tables and the deploy queue (idempotent; quick when they exist). */
export async function prepareQueue(connectionString: string): Promise<void> {
  if ((await queueSchemaState(connectionString)) === "current") return;
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
    // Expiry only ends the job (pg-boss allows under 24 h); the run itself is watched through its heartbeat.
    await boss.createQueue(DEPLOY_QUEUE, { name: DEPLOY_QUEUE, retryLimit: 0, expireInSeconds: 23 * 3600 });
  }
  if (!(await boss.getQueue(NOTIFICATION_QUEUE))) {
    // No pg-boss retries either: the delivery's row holds the attempts and the backoff, and a failed send
    // is sent again as a new job that starts after the delay (lib/notifications/send.ts).
    await boss.createQueue(NOTIFICATION_QUEUE, { name: NOTIFICATION_QUEUE, retryLimit: 0, expireInSeconds: 5 * 60 });
  }
}

/**
 * "current" when this pg-boss's tables and the deploy queue exist. A database whose queue tables a newer
 * pg-boss wrote (Preflight used pg-boss 12 before) cannot be read by this one: the schema is dropped, to
 * be made again. Only jobs are lost, and a job is only a pointer to a QUEUED run: the workers' queue sweep
 * sends such runs again (requeueLostRuns).
 */
async function queueSchemaState(connectionString: string): Promise<"current" | "to-prepare"> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const found = await client.query<{ version: number | null; queue: string | null }>(
      `SELECT (SELECT version FROM ${PGBOSS_SCHEMA}.version LIMIT 1) AS version,
              (SELECT name FROM ${PGBOSS_SCHEMA}.queue WHERE name = $1
                 AND EXISTS (SELECT 1 FROM ${PGBOSS_SCHEMA}.queue WHERE name = $2)) AS queue`,
      [DEPLOY_QUEUE, NOTIFICATION_QUEUE],
    ).catch(() => ({ rows: [] as { version: number | null; queue: string | null }[] }));
    const version = Number(found.rows[0]?.version ?? 0);
    if (version === PGBOSS_SCHEMA_VERSION && found.rows[0]?.queue) return "current";
    if (version > PGBOSS_SCHEMA_VERSION) await client.query(`DROP SCHEMA ${PGBOSS_SCHEMA} CASCADE`);
    return "to-prepare";
  } finally {
    await client.end();
  }
}

/** Sends a job on `queue` with the transaction's connection: the job exists if and only if it commits. */
export async function sendJobInTransaction(boss: PgBoss, tx: Db, queue: string, data: object, options: { startAfter?: Date } = {}): Promise<void> {
  await boss.send(queue, data, {
    ...options,
    db: { executeSql: async (text: string, values: unknown[] = []) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }) },
  });
}

/** Sends the run's job with the transaction's connection, and wakes the workers when it commits. */
export async function sendDeployJob(boss: PgBoss, tx: Db, runId: string): Promise<void> {
  await boss.send(DEPLOY_QUEUE, { runId } satisfies DeployJob, {
    db: { executeSql: async (text: string, values: unknown[] = []) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }) },
  });
  await tx.$executeRaw`SELECT pg_notify(${DEPLOY_WAKE_CHANNEL}, '')`;
}

/**
 * Calls `wake` whenever a deploy job is sent (after its transaction commits). The connection is made again
 * if it drops; meanwhile the pollers' interval is the fallback. Returns a function that stops listening.
 */
export function listenForDeployJobs(connectionString: string, wake: () => void, onError: (error: unknown) => void): () => Promise<void> {
  let client: pg.Client | null = null;
  let stopped = false;
  const connect = async () => {
    const next = new pg.Client({ connectionString });
    next.on("notification", () => wake());
    const retry = (error?: unknown) => {
      if (client !== next || stopped) return;
      client = null;
      if (error) onError(error);
      setTimeout(() => void connect(), 2_000).unref();
    };
    next.on("error", retry);
    next.on("end", () => retry());
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${DEPLOY_WAKE_CHANNEL}`);
      // Jobs sent while this connection was down were not announced to it.
      wake();
    } catch (error) {
      retry(error);
    }
  };
  void connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}

// One sender per web process, started on first use.
const globalForBoss = globalThis as unknown as { preflightBoss?: Promise<PgBoss> };

function getSender(connectionString: string): Promise<PgBoss> {
  if (!globalForBoss.preflightBoss) {
    const starting = (async () => {
      const boss = createBoss(connectionString, "web");
      boss.on("error", (error: unknown) => log.error({ error: errorSummary(error) }, "deploy queue error"));
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
  await sendDeployJob(await getSender(getEnv().DATABASE_URL), tx, runId);
}

/** Enqueues a notification delivery from the web process, inside the caller's transaction. */
export async function enqueueNotificationFromWeb(tx: Db, deliveryId: string): Promise<void> {
  await sendJobInTransaction(await getSender(getEnv().DATABASE_URL), tx, NOTIFICATION_QUEUE, { deliveryId });
}

/** Stops this process's sender (tests, and processes that exit deliberately). */
export async function closeQueueSender(): Promise<void> {
  const pending = globalForBoss.preflightBoss;
  globalForBoss.preflightBoss = undefined;
  const boss = await pending?.catch(() => undefined);
  if (boss) await boss.stop({ graceful: false, close: true });
}
