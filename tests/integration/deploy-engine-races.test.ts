// The deploy engine (lib/deploys/engine.ts) in this process, with its timing under the test's control: a
// recovery that commits while the worker is writing a step's outcome must win, whatever the interleaving.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { startDeployAction } from "@/lib/deploys/actions";
import { processRun, type EngineConfig } from "@/lib/deploys/engine";
import { closeQueueSender } from "@/lib/deploys/queue";
import { createActionDatabase } from "../support/database";
import { actingUser, createUser } from "../support/acting-user";
import { waitFor } from "../support/deploys";
import { act, createScenario, logOf, runEvents, runIdOf, shell, stepsOf } from "../support/deploy-fixtures";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma } = await createActionDatabase();
const manager = await createUser(prisma, "RELEASE_MANAGER", { name: "Rae Manager" });

afterAll(async () => {
  await closeQueueSender();
});

// No worker process runs in this file: the test calls processRun itself. Heartbeats are slow enough not to interfere.
const engine: EngineConfig = {
  db: prisma,
  workerId: "test-engine",
  publicUrl: "http://localhost:3000",
  heartbeatMs: 60_000,
  staleAfterMs: 60_000,
  killGraceMs: 1_000,
  allowShell: true,
  enqueue: async () => undefined,
  draining: () => false,
};

describe("the deploy engine", () => {
  it("does not overwrite a recovery that commits while it writes the step's outcome", async () => {
    const { releaseId } = await createScenario(prisma, manager, { deploy: [shell("Migrate", "sleep 0.5; echo migrated")] });
    const runId = runIdOf(await act(manager, startDeployAction, { releaseId, requestKey: randomUUID() }));
    const processing = processRun(runId, engine);
    const [step] = await stepsOf(prisma, runId);
    await waitFor(async () => (await prisma.deployStep.findUniqueOrThrow({ where: { id: step!.id } })).status === "RUNNING", "the step to start");

    // A recovery sweep (another worker that thought this one dead) holds the run while the step finishes:
    // it marks the step INTERRUPTED and hands the run to a person, as recoverStaleRuns does.
    let commitRecovery = () => {};
    const committed = new Promise<void>((resolve) => (commitRecovery = resolve));
    const recovery = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "DeployRun" WHERE id = ${runId} FOR UPDATE`;
        await tx.deployStep.update({ where: { id: step!.id }, data: { status: "INTERRUPTED", finishedAt: new Date(), heartbeatAt: null, error: "Worker stopped responding" } });
        await tx.deployRun.update({ where: { id: runId }, data: { status: "NEEDS_DECISION", workerId: null, heartbeatAt: null } });
        await committed;
      },
      { timeout: 20_000 },
    );
    // The step's last log line is written just before its outcome: then the engine is at the outcome.
    await waitFor(async () => (await logOf(prisma, step!.id)).some((l) => l.line.startsWith("Succeeded")) || undefined, "the step to finish");
    await new Promise((resolve) => setTimeout(resolve, 300));
    commitRecovery();
    await recovery;
    await processing;

    // The recovery stands: the run waits for a decision on an interrupted step; the lost worker wrote nothing.
    expect(await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "NEEDS_DECISION", workerId: null });
    expect(await prisma.deployStep.findUniqueOrThrow({ where: { id: step!.id } })).toMatchObject({ status: "INTERRUPTED" });
    const types = (await runEvents(prisma, runId)).map((e) => e.type);
    expect(types).not.toContain("deploy.step_succeeded");
    expect(types).not.toContain("deploy.succeeded");
  }, 30_000);
});
