// Interleavings of the worker, the actions and a rollback, each pinned down with hooks around the engine's
// transactions (a Proxy over the real client) and a gate inside startRollback's enqueue. Each test failed
// before the fix it names: one lock order (release, then run), a release moved only from the run's own
// phase, a cancel after the last step, and a rollback that never passes its release through "failed".
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { cancelRunAction, startDeployAction, startRollbackAction } from "@/lib/deploys/actions";
import { processRun } from "@/lib/deploys/engine";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { lockRelease } from "@/lib/releases/facts";
import { createTestDatabase } from "../support/database";
import { actingUser, createUser } from "../support/acting-user";
import { dataOf } from "../support/action-result";
import { act, approval, createScenario, inProcessEngine, removeScratchDirs, runIdOf, shell, stepsOf } from "../support/deploy-fixtures";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

// startRollback's last statement is the enqueue: a test can hold the action's transaction open there.
const gate = vi.hoisted(() => ({ armed: false, reached: null as null | (() => void), open: null as null | Promise<void> }));
vi.mock("@/lib/deploys/queue", async (original) => ({
  ...(await original<typeof import("@/lib/deploys/queue")>()),
  enqueueRun: async () => {
    if (!gate.armed) return;
    gate.armed = false;
    gate.reached?.();
    await gate.open;
  },
}));

const { prisma, url } = await createTestDatabase();
let manager: CurrentUser;

beforeAll(async () => {
  process.env.DATABASE_URL = url;
  manager = await createUser(prisma, "ADMIN", { name: "Ada Admin" });
});
afterAll(() => removeScratchDirs());

const engine = (db: PrismaClient = prisma) => inProcessEngine(db);
const start = (releaseId: string) => act(manager, startDeployAction, { releaseId, requestKey: randomUUID() });
const rollBack = (releaseId: string) => act(manager, startRollbackAction, { releaseId, requestKey: randomUUID(), reason: "Error rate up" });
const releaseStatus = async (id: string) => (await prisma.release.findUniqueOrThrow({ where: { id } })).status;
const runStatus = async (id: string) => (await prisma.deployRun.findUniqueOrThrow({ where: { id } })).status;

/** The real client, with hooks before and after each of processRun's transactions (numbered from 1). */
function hooked(hooks: { before?: (n: number) => Promise<void>; after?: (n: number) => Promise<void> }): PrismaClient {
  let count = 0;
  return new Proxy(prisma, {
    get(target, property, receiver) {
      if (property !== "$transaction") return Reflect.get(target, property, receiver) as unknown;
      return async (...args: unknown[]) => {
        const n = ++count;
        await hooks.before?.(n);
        const result = await (target.$transaction as (...a: unknown[]) => Promise<unknown>)(...args);
        await hooks.after?.(n);
        return result;
      };
    },
  });
}

describe("races between the worker, the actions and a rollback", () => {
  it("rolls back a deploy waiting for approval without passing the release through failed", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [approval("Verify")], rollback: [shell("Restore", "true")] });
    const deploy = runIdOf(await start(scenario.releaseId));
    await processRun(deploy, engine());
    expect(await runStatus(deploy)).toBe("WAITING");

    runIdOf(await rollBack(scenario.releaseId));
    expect(await runStatus(deploy)).toBe("CANCELLED");
    const moves = await prisma.auditEvent.findMany({ where: { releaseId: scenario.releaseId, type: "release.status_changed" }, orderBy: { id: "asc" } });
    expect(moves.map((e) => e.payload)).toMatchObject([
      { from: "READY", to: "DEPLOYING" },
      { from: "DEPLOYING", to: "ROLLING_BACK" },
    ]);
    expect((await prisma.release.findUniqueOrThrow({ where: { id: scenario.releaseId } })).failedAt).toBeNull();
  });

  it("ends a run cancelled after its last step as cancelled, without the worker failing", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [shell("Only", "true")] });
    const runId = runIdOf(await start(scenario.releaseId));
    // processRun's transactions: claim the run with its first step (1), that step's outcome with the run's end
    // or its next step (2). The cancel comes after the only step ran, before its outcome is written.
    const db = hooked({ before: async (n) => void (n === 2 && dataOf(await act(manager, cancelRunAction, { runId, reason: "Stop" }))) });
    await expect(processRun(runId, engine(db))).resolves.toBeUndefined();
    expect(await runStatus(runId)).toBe("CANCELLED");
    expect(await prisma.deployLock.findUnique({ where: { projectId: scenario.projectId } })).toBeNull();
    expect(await releaseStatus(scenario.releaseId)).toBe("FAILED");
  });

  it("keeps a rollback's release rolling back when the deploy it stopped ends while the rollback commits", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [shell("One", "true"), shell("Two", "true")], rollback: [shell("Restore", "true")] });
    const deploy = runIdOf(await start(scenario.releaseId));
    let rollback: Promise<unknown> = Promise.resolve();
    let openGate = () => {};
    // After step one's outcome, written with step two's start (2): cancel the deploy, then start a rollback and
    // hold it just before commit while the worker's loop ends the cancelled deploy (with step two's outcome).
    const db = hooked({
      after: async (n) => {
        if (n !== 2) return;
        dataOf(await act(manager, cancelRunAction, { runId: deploy, reason: "Stop" }));
        gate.open = new Promise<void>((resolve) => (openGate = resolve));
        const reached = new Promise<void>((resolve) => (gate.reached = resolve));
        gate.armed = true;
        rollback = rollBack(scenario.releaseId);
        await reached;
        setTimeout(() => openGate(), 800);
      },
    });
    await processRun(deploy, engine(db));
    const rollbackId = runIdOf((await rollback) as Parameters<typeof runIdOf>[0]);
    expect(await runStatus(deploy)).toBe("CANCELLED");
    expect(await releaseStatus(scenario.releaseId)).toBe("ROLLING_BACK");

    await processRun(rollbackId, engine());
    expect(await runStatus(rollbackId)).toBe("SUCCEEDED");
    expect(await releaseStatus(scenario.releaseId)).toBe("ROLLED_BACK");
  }, 30_000);

  it("does not deadlock an action holding the release with the worker recording a step's outcome", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [shell("Slow", "sleep 1")] });
    const runId = runIdOf(await start(scenario.releaseId));
    const worker = processRun(runId, engine());
    await new Promise((resolve) => setTimeout(resolve, 500));
    // What startRollback does: the release's lock first, then (after the step ended meanwhile) the run's.
    const action = prisma.$transaction(
      async (tx) => {
        await lockRelease(tx, scenario.releaseId);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await tx.$queryRaw`SELECT id FROM "DeployRun" WHERE id = ${runId} FOR UPDATE`;
      },
      { timeout: 20_000 },
    );
    await expect(Promise.all([worker, action])).resolves.toBeDefined();
    expect(await runStatus(runId)).toBe("SUCCEEDED");
    expect((await stepsOf(prisma, runId)).map((s) => s.status)).toEqual(["SUCCEEDED"]);
  }, 30_000);
});
