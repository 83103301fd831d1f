// Release day tied to the deploy, against a real worker: a bound step's failure notes its item (never ticks
// it), a rollback's steps tick the rollback items, and approval steps follow their approver roles and
// four-eyes (with the opt-out). The demo pipeline's ticks end to end are in deploy-smoke.test.ts.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { approveStepAction, startDeployAction, startRollbackAction } from "@/lib/deploys/actions";
import { closeQueueSender } from "@/lib/deploys/queue";
import type { ChecklistPhase, PrismaClient } from "@/lib/generated/prisma/client";
import { actingUser, createCast } from "../support/acting-user";
import { createActionDatabase } from "../support/database";
import { startWorker, type WorkerProcess } from "../support/deploys";
import { act, approval, createScenario, removeScratchDirs, runIdOf, shell, waitForRun } from "../support/deploy-fixtures";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, url } = await createActionDatabase();
const { manager, otherManager, lead } = await createCast(prisma, "manager", "otherManager", "lead");
let worker: WorkerProcess;

beforeAll(() => {
  worker = startWorker(url);
});

afterAll(async () => {
  await worker.stop();
  await closeQueueSender();
  removeScratchDirs();
});

/** Adds one section of items to a release, each { title, stepName }. */
async function addItems(db: PrismaClient, releaseId: string, phase: ChecklistPhase, items: { title: string; stepName?: string; recordsIncident?: boolean }[]) {
  const section = await db.releaseSection.create({ data: { releaseId, phase, title: `${phase} section`, position: 0 } });
  for (const [position, item] of items.entries()) {
    await db.releaseItem.create({
      data: { releaseId, sectionId: section.id, phase, title: item.title, stepName: item.stepName ?? null, recordsIncident: item.recordsIncident ?? false, position },
    });
  }
}
const itemOf = (releaseId: string, title: string) => prisma.releaseItem.findFirstOrThrow({ where: { releaseId, title } });
const deploy = (user: CurrentUser, releaseId: string) => act(user, startDeployAction, { releaseId, requestKey: randomUUID() });

describe.concurrent("release day follows the deploy", () => {
  it("notes a bound item when its step fails, without ticking it, and keeps a person's note", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [shell("Back up", "true"), shell("Migrate", "echo 'relation exists' >&2; exit 3")] });
    await addItems(prisma, scenario.releaseId, "RELEASE_DAY", [
      { title: "Backup taken", stepName: "Back up" },
      { title: "Migrations applied", stepName: "Migrate" },
    ]);
    const person = await itemOf(scenario.releaseId, "Migrations applied");
    await prisma.releaseItem.update({ where: { id: person.id }, data: { note: "Watch the orders table" } });

    const runId = runIdOf(await deploy(manager, scenario.releaseId));
    await waitForRun(prisma, runId, "FAILED");
    expect(await itemOf(scenario.releaseId, "Backup taken")).toMatchObject({ state: "DONE", tickedById: null, tickedByRunId: runId });
    const failed = await itemOf(scenario.releaseId, "Migrations applied");
    expect(failed).toMatchObject({ state: "OPEN", tickedAt: null, tickedByRunId: runId, evidenceUrl: `/releases/${scenario.releaseId}/deploys/${runId}` });
    expect(failed.note).toMatch(/^Watch the orders table\n\nStep ‘Migrate’ failed in deploy run \S+: .*Not ticked\.$/s);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { releaseId: scenario.releaseId, type: "item.deploy_failed" } });
    expect(event).toMatchObject({ actorId: null, payload: { itemId: failed.id, step: "Migrate", runId, by: "deploy" } });
  });

  it("ticks rollback items with the rollback's steps, and not with the deploy's", async () => {
    const scenario = await createScenario(prisma, manager, {
      deploy: [shell("Roll back images", "true"), shell("Break", "exit 1")],
      rollback: [shell("Roll back images", "true")],
    });
    await addItems(prisma, scenario.releaseId, "ROLLBACK", [{ title: "Images rolled back", stepName: "Roll back images" }, { title: "Incident documented", recordsIncident: true }]);
    const deployRun = runIdOf(await deploy(manager, scenario.releaseId));
    await waitForRun(prisma, deployRun, "FAILED");
    expect(await itemOf(scenario.releaseId, "Images rolled back")).toMatchObject({ state: "OPEN", tickedByRunId: null });

    const rollbackRun = runIdOf(await act(manager, startRollbackAction, { releaseId: scenario.releaseId, requestKey: randomUUID(), reason: "Broke" }));
    await waitForRun(prisma, rollbackRun, "SUCCEEDED");
    expect(await itemOf(scenario.releaseId, "Images rolled back")).toMatchObject({ state: "DONE", tickedById: null, tickedByRunId: rollbackRun });
    expect(await itemOf(scenario.releaseId, "Incident documented")).toMatchObject({ state: "OPEN" });
    const tick = await prisma.auditEvent.findFirstOrThrow({ where: { releaseId: scenario.releaseId, type: "item.ticked" } });
    expect(tick).toMatchObject({ actorId: null, payload: { by: "rollback", runId: rollbackRun, step: "Roll back images" } });
  });
});

describe.concurrent("approval steps", () => {
  it("are four-eyes by default: the run's starter is refused, someone else with the role approves and the bound item is ticked", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [approval("Verify")] });
    await addItems(prisma, scenario.releaseId, "RELEASE_DAY", [{ title: "Verified", stepName: "Verify" }]);
    const runId = runIdOf(await deploy(manager, scenario.releaseId));
    await waitForRun(prisma, runId, "WAITING");
    const step = await prisma.deployStep.findFirstOrThrow({ where: { runId } });

    expect(await act(manager, approveStepAction, { runId, stepId: step.id })).toEqual({
      ok: false,
      code: "forbidden",
      message: "You started this deploy, so someone else must approve it.",
    });
    // An old pipeline's approval (no approver roles) stays with release managers and admins.
    expect(await act(lead, approveStepAction, { runId, stepId: step.id })).toEqual({ ok: false, code: "forbidden", message: "Only a release manager or an admin can approve “Verify”." });
    expect((await prisma.deployStep.findUniqueOrThrow({ where: { id: step.id } })).status).toBe("WAITING");
    expect(await act(otherManager, approveStepAction, { runId, stepId: step.id, comment: "Looks right" })).toMatchObject({ ok: true });
    await waitForRun(prisma, runId, "SUCCEEDED");
    expect(await prisma.deployStep.findUniqueOrThrow({ where: { id: step.id } })).toMatchObject({ status: "SUCCEEDED", approvedById: otherManager.id });
    expect(await itemOf(scenario.releaseId, "Verified")).toMatchObject({ state: "DONE", tickedById: null, tickedByRunId: runId });
  });

  it("let the starter approve where the step opts out of four-eyes, and name the role that approves", async () => {
    const solo = await createScenario(prisma, manager, { deploy: [approval("Solo check", { fourEyes: false })] });
    const soloRun = runIdOf(await deploy(manager, solo.releaseId));
    await waitForRun(prisma, soloRun, "WAITING");
    const soloStep = await prisma.deployStep.findFirstOrThrow({ where: { runId: soloRun } });
    expect(await act(manager, approveStepAction, { runId: soloRun, stepId: soloStep.id })).toMatchObject({ ok: true });

    const leads = await createScenario(prisma, manager, { deploy: [approval("Post-deployment verification", { approverRoles: ["ENGINEERING_LEAD"] })] });
    const leadRun = runIdOf(await deploy(manager, leads.releaseId));
    await waitForRun(prisma, leadRun, "WAITING");
    const leadStep = await prisma.deployStep.findFirstOrThrow({ where: { runId: leadRun } });
    expect(await act(otherManager, approveStepAction, { runId: leadRun, stepId: leadStep.id })).toEqual({
      ok: false,
      code: "forbidden",
      message: "Only an engineering lead can approve “Post-deployment verification”.",
    });
    expect(await act(lead, approveStepAction, { runId: leadRun, stepId: leadStep.id })).toMatchObject({ ok: true });
    await waitForRun(prisma, leadRun, "SUCCEEDED");
  });
});
