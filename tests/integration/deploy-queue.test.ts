// The deploy queue on pg-boss 10: a sent job wakes listening workers once its transaction commits (they
// do not wait for their next poll), and a queue schema that a newer pg-boss wrote is made again.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { startDeployAction } from "@/lib/deploys/actions";
import { closeQueueSender, DEPLOY_QUEUE, listenForDeployJobs, prepareQueue } from "@/lib/deploys/queue";
import { createActionDatabase } from "../support/database";
import { actingUser, createUser } from "../support/acting-user";
import { waitFor } from "../support/deploys";
import { act, createScenario, removeScratchDirs, runIdOf, shell } from "../support/deploy-fixtures";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, url } = await createActionDatabase();
const manager = await createUser(prisma, "RELEASE_MANAGER");

afterAll(async () => {
  await closeQueueSender();
  removeScratchDirs();
});

describe("the deploy queue", () => {
  it("wakes listening workers when a deploy is started, without waiting for a poll", async () => {
    let wakes = 0;
    const stop = listenForDeployJobs(url, () => (wakes += 1), (error) => {
      throw error;
    });
    try {
      // One wake-up when the connection is made (jobs sent while it was down were never announced to it).
      await waitFor(async () => wakes >= 1, "the listening connection");
      const before = wakes;
      const scenario = await createScenario(prisma, manager, { deploy: [shell("Deploy", "true")] });
      runIdOf(await act(manager, startDeployAction, { releaseId: scenario.releaseId, requestKey: randomUUID() }));
      await waitFor(async () => wakes > before, "a wake-up for the new job", 5_000);
    } finally {
      await stop();
    }
  });

  it("makes the queue schema again when a newer pg-boss wrote it (only jobs are lost; the queue sweep re-sends their runs)", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // What pg-boss 12 left: a schema version this pg-boss cannot read.
      await client.query("UPDATE pgboss.version SET version = 27");
      await prepareQueue(url);
      const { rows } = await client.query<{ version: number }>("SELECT version FROM pgboss.version");
      expect(rows.map((row) => Number(row.version))).toEqual([24]);
      const queues = await client.query<{ name: string }>("SELECT name FROM pgboss.queue");
      expect(queues.rows.map((row) => row.name)).toContain(DEPLOY_QUEUE);
    } finally {
      await client.end();
    }
  });
});
