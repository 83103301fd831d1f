// Short versions of the chaos scenarios (`npm run chaos` runs them full size; bench/chaos/scenarios.ts).
// The output-flood scenario's short version is tests/integration/deploy-output.test.ts.
import { afterAll, describe, expect, it, vi } from "vitest";
import { startDeployAction } from "@/lib/deploys/actions";
import { closeQueueSender } from "@/lib/deploys/queue";
import { updateItemAction } from "@/lib/releases/actions";
import { conflictingTicks, twoWebTwoWorkers, workerKills, type ChaosContext } from "../../bench/chaos/scenarios";
import { createActionDatabase } from "../support/database";
import { actingUser, createCast } from "../support/acting-user";
import { act, removeScratchDirs } from "../support/deploy-fixtures";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, url } = await createActionDatabase();
const { manager, otherManager: second } = await createCast(prisma, "manager", "otherManager");
const actions = { startDeploy: startDeployAction, updateItem: updateItemAction } as const;
const ctx: ChaosContext = { prisma, url, manager, act: (actor, name, input) => act(actor, actions[name] as never, input) };

afterAll(async () => {
  await closeQueueSender();
  removeScratchDirs();
});

describe("chaos, short", () => {
  it("worker kills: no run lost, no non-idempotent step re-run", async () => {
    const result = await workerKills(ctx, { runs: 6, wave: 3, settleMs: 25_000 });
    console.log([result.line, ...result.details].join("\n"));
    expect(result.line).toMatch(/^worker kills: 6 runs, 0 lost, 0 non-idempotent re-runs, recovery p50 .+ max .+$/);
    expect(result.ok).toBe(true);
  }, 60_000);

  it("two web + two workers: every release deployed once, no step run twice", async () => {
    const result = await twoWebTwoWorkers(ctx, { runs: 10, settleMs: 30_000 });
    console.log([result.line, ...result.details].join("\n"));
    expect(result.line).toBe("two web + two workers: 10 runs, 0 steps run twice");
    expect(result.ok).toBe(true);
  }, 60_000);

  it("conflicting ticks: the items' state equals the replay of their audit events", async () => {
    const result = await conflictingTicks(ctx, { ticks: 100, second });
    console.log([result.line, ...result.details].join("\n"));
    expect(result.line).toBe("conflicting ticks: 2×100, state equals audit replay");
    expect(result.ok).toBe(true);
  }, 60_000);
});
