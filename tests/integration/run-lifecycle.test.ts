// The run state machine's faults, each reproduced: what a run holds (the deploy lock, its release) on every
// way it can end, the newest run owning the release, rollback choosing its run, lost queue jobs, a failed
// queue start, and a step claimed only by the run's owner. The engine runs in this process (processRun),
// so each interleaving is under the test's control; no worker process is needed.
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { approveStepAction, cancelRunAction, startDeployAction, startRollbackAction } from "@/lib/deploys/actions";
import { processRun, requeueLostRuns, type EngineConfig } from "@/lib/deploys/engine";
import { manualPipeline } from "@/lib/deploys/manual-pipeline";
import { closeQueueSender, enqueueRun } from "@/lib/deploys/queue";
import { db } from "@/lib/db";
import { forgetEnv } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createActionDatabase } from "../support/database";
import { actingUser, createCast } from "../support/acting-user";
import { dataOf } from "../support/action-result";
import { waitFor } from "../support/deploys";
import { act, approval, createReadyRelease, createScenario, inProcessEngine, removeScratchDirs, runEvents, runIdOf, scratchDir, shell, stepsOf } from "../support/deploy-fixtures";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma } = await createActionDatabase();
const { admin, manager } = await createCast(prisma, "admin", "manager");

afterAll(async () => {
  await closeQueueSender();
  removeScratchDirs();
});

const engine = (overrides: Partial<EngineConfig> = {}) => inProcessEngine(prisma, overrides);

const start = (releaseId: string) => act(manager, startDeployAction, { releaseId, requestKey: randomUUID() });
const releaseOf = (id: string) => prisma.release.findUniqueOrThrow({ where: { id } });
const runOf = (id: string) => prisma.deployRun.findUniqueOrThrow({ where: { id } });
const lockOf = (projectId: string) => prisma.deployLock.findUnique({ where: { projectId } });

describe("what a run holds", () => {
  it("gives up the deploy lock when it fails, so another release of the project can deploy", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [shell("Migrate", "exit 3")] });
    const runId = runIdOf(await start(scenario.releaseId));
    await processRun(runId, engine());
    expect((await runOf(runId)).status).toBe("FAILED");
    expect((await releaseOf(scenario.releaseId)).status).toBe("FAILED");
    expect(await lockOf(scenario.projectId)).toBeNull();

    const hotfix = await createReadyRelease(prisma, scenario.projectId, manager, `${scenario.version}-hotfix`);
    const other = runIdOf(await start(hotfix));
    expect(await lockOf(scenario.projectId)).toMatchObject({ runId: other });
  });

  it("cancels a failed run without stranding anything: the release stays failed and the lock free", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [shell("Migrate", "exit 3")] });
    const runId = runIdOf(await start(scenario.releaseId));
    await processRun(runId, engine());
    expect(await act(manager, cancelRunAction, { runId, reason: "Giving up on this one" })).toEqual({ ok: true, data: { status: "CANCELLED" } });
    expect(await runOf(runId)).toMatchObject({ status: "CANCELLED", cancelledById: manager.id, cancelReason: "Giving up on this one" });
    expect((await releaseOf(scenario.releaseId)).status).toBe("FAILED");
    expect(await lockOf(scenario.projectId)).toBeNull();
  });

  it("lets only the release's newest run move it: cancelling an older failed run leaves the newer deploy in charge", async () => {
    const dir = scratchDir();
    const marker = path.join(dir, "go");
    const scenario = await createScenario(prisma, manager, { deploy: [shell("Check", `test -f ${marker}`), approval("Verify")] });
    const older = runIdOf(await start(scenario.releaseId));
    await processRun(older, engine());
    expect((await runOf(older)).status).toBe("FAILED");

    // The fix is in: deploy again. The newer run waits for its approval, holding the release in DEPLOYING.
    await import("node:fs").then((fs) => fs.writeFileSync(marker, ""));
    const newer = runIdOf(await start(scenario.releaseId));
    await processRun(newer, engine());
    expect((await runOf(newer)).status).toBe("WAITING");

    dataOf(await act(manager, cancelRunAction, { runId: older, reason: "Tidying up" }));
    expect((await runOf(older)).status).toBe("CANCELLED");
    expect((await releaseOf(scenario.releaseId)).status).toBe("DEPLOYING");
    expect(await lockOf(scenario.projectId)).toMatchObject({ runId: newer });

    const [, verify] = await stepsOf(prisma, newer);
    dataOf(await act(admin, approveStepAction, { runId: newer, stepId: verify!.id, comment: "Looks good" }));
    await processRun(newer, engine());
    expect((await runOf(newer)).status).toBe("SUCCEEDED");
    expect((await releaseOf(scenario.releaseId)).status).toBe("MONITORING");
    expect(await lockOf(scenario.projectId)).toBeNull();
  });

  it("rolls back from the newest deploy: stops it, takes over its lock, and its end no longer moves the release", async () => {
    const dir = scratchDir();
    const marker = path.join(dir, "go");
    const scenario = await createScenario(prisma, manager, {
      deploy: [shell("Check", `test -f ${marker}`), shell("Restart", "sleep 30")],
      rollback: [shell("Restore", "true")],
    });
    const older = runIdOf(await start(scenario.releaseId));
    await processRun(older, engine());
    expect((await runOf(older)).status).toBe("FAILED");
    await import("node:fs").then((fs) => fs.writeFileSync(marker, ""));
    const newer = runIdOf(await start(scenario.releaseId));
    const processing = processRun(newer, engine());
    await waitFor(async () => (await stepsOf(prisma, newer))[1]?.status === "RUNNING" || undefined, "the restart step to run");

    const rollback = runIdOf(await act(manager, startRollbackAction, { releaseId: scenario.releaseId, requestKey: randomUUID(), reason: "Error rate up" }));
    expect((await runOf(newer)).status).toBe("CANCELLING");
    expect((await runOf(older)).status).toBe("FAILED");
    expect(await lockOf(scenario.projectId)).toMatchObject({ runId: rollback });
    expect((await releaseOf(scenario.releaseId)).status).toBe("ROLLING_BACK");

    // The deploy's worker sees the cancel at its next heartbeat and ends the run; the release stays the rollback's.
    await processing;
    expect((await runOf(newer)).status).toBe("CANCELLED");
    expect((await releaseOf(scenario.releaseId)).status).toBe("ROLLING_BACK");
    expect(await lockOf(scenario.projectId)).toMatchObject({ runId: rollback });

    await processRun(rollback, engine());
    expect((await runOf(rollback)).status).toBe("SUCCEEDED");
    expect((await releaseOf(scenario.releaseId)).status).toBe("ROLLED_BACK");
    expect(await lockOf(scenario.projectId)).toBeNull();
  }, 30_000);
});

describe("a manual deploy", () => {
  it("runs the one-step manual pipeline: the person who deployed by hand confirms it, and it is recorded as manual", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: manualPipeline("DEPLOY") });
    const runId = runIdOf(await start(scenario.releaseId));
    await processRun(runId, engine());
    expect((await runOf(runId)).status).toBe("WAITING");
    expect((await releaseOf(scenario.releaseId)).status).toBe("DEPLOYING");

    const [step] = await stepsOf(prisma, runId);
    dataOf(await act(manager, approveStepAction, { runId, stepId: step!.id, comment: "Deployed with the runbook" }));
    await processRun(runId, engine());
    expect((await runOf(runId)).status).toBe("SUCCEEDED");
    expect((await releaseOf(scenario.releaseId)).status).toBe("MONITORING");
    const events = await runEvents(prisma, runId);
    expect(events.find((e) => e.type === "deploy.started")?.payload).toMatchObject({ manual: true });
    const moved = await prisma.auditEvent.findFirstOrThrow({ where: { releaseId: scenario.releaseId, type: "release.status_changed", payload: { path: ["to"], equals: "DEPLOYING" } } });
    expect(moved.payload).toMatchObject({ cause: "Manual deploy started" });
  });
});

describe("the queue", () => {
  const jobsFor = (runId: string) =>
    prisma.$queryRaw<{ state: string }[]>`SELECT state::text AS state FROM pgboss.job WHERE data->>'runId' = ${runId}`;

  it("sends a run again when it has waited in QUEUED past the threshold and its job is gone", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [shell("Deploy", "true")] });
    const runId = runIdOf(await start(scenario.releaseId));
    expect(await jobsFor(runId)).toEqual([{ state: "created" }]);
    const sweep = engine({ staleAfterMs: 5_000, enqueue: enqueueRun });

    // A job waiting to be picked up, or a run queued a moment ago, is left alone.
    await prisma.deployRun.update({ where: { id: runId }, data: { queuedAt: new Date(Date.now() - 60_000) } });
    expect(await requeueLostRuns(sweep)).not.toContain(runId);
    await prisma.$executeRaw`DELETE FROM pgboss.job WHERE data->>'runId' = ${runId}`;
    await prisma.deployRun.update({ where: { id: runId }, data: { queuedAt: new Date() } });
    expect(await requeueLostRuns(sweep)).not.toContain(runId);

    // A worker took the job and died before claiming the run: the job is gone, the run still QUEUED.
    await prisma.deployRun.update({ where: { id: runId }, data: { queuedAt: new Date(Date.now() - 60_000) } });
    expect(await requeueLostRuns(sweep)).toEqual([runId]);
    expect(await jobsFor(runId)).toEqual([{ state: "created" }]);
    expect((await runEvents(prisma, runId)).map((e) => e.type)).toContain("deploy.requeued");
    // Sent once: a second sweep finds the new job.
    await prisma.deployRun.update({ where: { id: runId }, data: { queuedAt: new Date(Date.now() - 60_000) } });
    expect(await requeueLostRuns(sweep)).toEqual([]);
  });

  it("retries a queue start that failed instead of remembering the failure", async () => {
    await closeQueueSender();
    const scenario = await createScenario(prisma, manager, { deploy: [shell("Deploy", "true")] });
    // The app's own client connects first (lib/db reads DATABASE_URL once); only the queue's start fails.
    await db.$queryRaw`SELECT 1`;
    const good = process.env.DATABASE_URL;
    // The database is briefly unreachable when the first deploy of this web process is started.
    process.env.DATABASE_URL = "postgres://nobody:nothing@127.0.0.1:1/none";
    forgetEnv();
    const refused = await start(scenario.releaseId);
    expect(refused).toMatchObject({ ok: false, code: "error" });
    process.env.DATABASE_URL = good;
    forgetEnv();
    const runId = runIdOf(await start(scenario.releaseId));
    expect((await runOf(runId)).status).toBe("QUEUED");
  }, 30_000);
});

describe("claiming a step", () => {
  it("checks that the loop still owns the run: a loop whose run was recovered starts no further step", async () => {
    const dir = scratchDir();
    const second = path.join(dir, "second-ran");
    const scenario = await createScenario(prisma, manager, { deploy: [shell("First", "true"), shell("Second", `touch ${second}`)] });
    const runId = runIdOf(await start(scenario.releaseId));

    // processRun's transactions, in order: claim the run with step 1, then step 1's outcome with step 2's start.
    // Just before the second, a recovery sweep (another worker that thought this one dead) takes the run: the
    // loop writes neither (the recovery decides about step 1, which it finds RUNNING).
    let transactions = 0;
    const db = new Proxy(prisma, {
      get(target, property, receiver) {
        if (property === "$transaction") {
          return async (...args: Parameters<PrismaClient["$transaction"]>) => {
            transactions += 1;
            if (transactions === 2) await prisma.deployRun.update({ where: { id: runId }, data: { workerId: "another-worker#recovered", heartbeatAt: new Date() } });
            return (target.$transaction as (...a: unknown[]) => Promise<unknown>)(...args);
          };
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    await processRun(runId, engine({ db }));

    const steps = await stepsOf(prisma, runId);
    expect(steps.map((s) => s.status)).toEqual(["RUNNING", "PENDING"]);
    expect(existsSync(second)).toBe(false);
    expect((await runOf(runId)).workerId).toBe("another-worker#recovered");
  });
});
