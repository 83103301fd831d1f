// Before a rollback starts, it says what it will do and checks what it needs: the database downgrade is skipped
// (and that is said) when the release's migrate step reported that it applied none through $PREFLIGHT_OUTPUT, a
// backup older than the project allows stops it unless overridden with a reason, and the override is audited.
// The engine runs in this process (processRun), with real shell commands.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { startDeployAction, startRollbackAction } from "@/lib/deploys/actions";
import { processRun } from "@/lib/deploys/engine";
import type { PipelineStep } from "@/lib/deploys/pipeline-schema";
import { closeQueueSender } from "@/lib/deploys/queue";
import { loadRollbackPreflight } from "@/lib/deploys/rollback-preflight";
import { db } from "@/lib/db";
import { createActionDatabase } from "../support/database";
import { actingUser, createCast } from "../support/acting-user";
import { act, createScenario, inProcessEngine, removeScratchDirs, runIdOf, shell } from "../support/deploy-fixtures";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma } = await createActionDatabase();
const { manager } = await createCast(prisma, "manager");

afterAll(async () => {
  await closeQueueSender();
  removeScratchDirs();
});

const purposed = (step: PipelineStep, purpose: "backup" | "migrate" | "downgrade"): PipelineStep => ({ ...step, purpose }) as PipelineStep;

/** A project whose deploy backs up and migrates (reporting `migrations`), and whose rollback downgrades. */
async function deployed(migrations: string | null) {
  const report = migrations === null ? "true" : `echo "migrations=${migrations}" >> "$PREFLIGHT_OUTPUT"`;
  const scenario = await createScenario(prisma, manager, {
    deploy: [purposed(shell("Back up", "echo backed up"), "backup"), purposed(shell("Migrate", `echo migrating; ${report}`), "migrate")],
    rollback: [shell("Redeploy the old image", "echo old image"), purposed(shell("Downgrade the database", "echo downgraded"), "downgrade")],
  });
  const deployId = runIdOf(await act(manager, startDeployAction, { releaseId: scenario.releaseId, requestKey: randomUUID() }));
  await processRun(deployId, inProcessEngine(prisma));
  return { ...scenario, deployId };
}

const rollBack = (releaseId: string, extra: Record<string, string> = {}) =>
  act(manager, startRollbackAction, { releaseId, requestKey: randomUUID(), reason: "Error rate doubled", ...extra });

describe("a rollback's preflight", () => {
  it("records what a migrate step reports in $PREFLIGHT_OUTPUT", async () => {
    const { deployId } = await deployed("0");
    const migrate = await prisma.deployStep.findFirstOrThrow({ where: { runId: deployId, name: "Migrate" } });
    expect(migrate).toMatchObject({ status: "SUCCEEDED", purpose: "migrate", outputs: { migrations: "0" } });
  });

  it("skips the database downgrade of a release that ran no migrations, and says so", async () => {
    const { releaseId } = await deployed("0");
    const preflight = (await loadRollbackPreflight(db, releaseId, new Date()))!;
    expect(preflight.failed).toEqual([]);
    expect(preflight.checks.find((c) => c.id === "migrations")).toMatchObject({ state: "pass", message: expect.stringContaining("reported that it applied no migrations") });
    expect(preflight.steps).toEqual([
      { name: "Redeploy the old image", kind: "SHELL", skipReason: null },
      { name: "Downgrade the database", kind: "SHELL", skipReason: "This release ran no database migrations" },
    ]);

    const runId = runIdOf(await rollBack(releaseId));
    const steps = await prisma.deployStep.findMany({ where: { runId }, orderBy: { position: "asc" } });
    expect(steps.map((s) => [s.name, s.skipReason])).toEqual([
      ["Redeploy the old image", null],
      ["Downgrade the database", "This release ran no database migrations"],
    ]);
    await processRun(runId, inProcessEngine(prisma));
    expect(await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "SUCCEEDED" });
    const ran = await prisma.deployStep.findMany({ where: { runId }, orderBy: { position: "asc" } });
    expect(ran.map((s) => [s.name, s.status])).toEqual([
      ["Redeploy the old image", "SUCCEEDED"],
      ["Downgrade the database", "SKIPPED"],
    ]);
    // The timeline says why it did not run.
    expect(await prisma.auditEvent.findFirst({ where: { releaseId, type: "deploy.step_skipped", payload: { path: ["step"], equals: "Downgrade the database" } } })).toMatchObject({
      payload: { reason: "This release ran no database migrations" },
    });
    const started = await prisma.auditEvent.findFirstOrThrow({ where: { releaseId, type: "rollback.started" } });
    expect(started.payload).toMatchObject({ skipped: ["Downgrade the database"] });
  });

  it("runs the downgrade of a release that applied migrations, and when the migrate step did not say", async () => {
    for (const migrations of ["2", null]) {
      const { releaseId } = await deployed(migrations);
      const preflight = (await loadRollbackPreflight(db, releaseId, new Date()))!;
      expect(preflight.steps.every((step) => step.skipReason === null)).toBe(true);
      const runId = runIdOf(await rollBack(releaseId));
      expect((await prisma.deployStep.findMany({ where: { runId } })).every((s) => s.status === "PENDING" && s.skipReason === null)).toBe(true);
    }
  });

  it("stops a rollback whose last backup is older than the project allows, writing nothing, until a reason overrides it", async () => {
    const { releaseId, projectId } = await deployed("1");
    await prisma.project.update({ where: { id: projectId }, data: { backupMaxAgeHours: 2 } });
    await prisma.deployStep.updateMany({ where: { purpose: "backup", run: { projectId } }, data: { finishedAt: new Date(Date.now() - 3 * 3_600_000) } });

    const refused = await rollBack(releaseId);
    expect(refused).toMatchObject({ ok: false, code: "invalid", fieldErrors: { overrideReason: [expect.stringMatching(/last backup is too old: ‘Back up’ .* finished 3 h ago; the project allows 2 h/)] } });
    expect(await prisma.deployRun.count({ where: { releaseId, kind: "ROLLBACK" } })).toBe(0);
    expect((await prisma.release.findUniqueOrThrow({ where: { id: releaseId } })).status).not.toBe("ROLLING_BACK");

    const runId = runIdOf(await rollBack(releaseId, { overrideReason: "The last backup is enough: no writes since" }));
    expect((await prisma.release.findUniqueOrThrow({ where: { id: releaseId } })).status).toBe("ROLLING_BACK");
    const started = await prisma.auditEvent.findFirstOrThrow({ where: { releaseId, type: "rollback.started" } });
    expect(started.payload).toMatchObject({ runId, overrideReason: "The last backup is enough: no writes since", overridden: [expect.stringContaining("too old")] });
  });

  it("checks the version a rollback pipeline goes back to, and leaves unchecked what a project does not mark", async () => {
    const scenario = await createScenario(prisma, manager, {
      deploy: [shell("Deploy", "echo deploy")],
      rollback: [shell("Deploy the previous version", "echo deploy ${PREVIOUS_VERSION}")],
    });
    const preflight = (await loadRollbackPreflight(db, scenario.releaseId, new Date()))!;
    expect(preflight.checks.map((c) => [c.id, c.state])).toEqual([
      ["previous-version", "fail"],
      ["backup", "unchecked"],
      ["migrations", "unchecked"],
    ]);
    expect(preflight.checks[0]!.message).toContain("${PREVIOUS_VERSION} has no value");
    // Never deployed through Preflight: whether it ran migrations is not known, so nothing is skipped.
    expect(preflight.checks[2]!.message).toContain("No deploy run of this release is recorded");

    await prisma.project.update({ where: { id: scenario.projectId }, data: { baselineVersion: "0.9.0" } });
    const withBaseline = (await loadRollbackPreflight(db, scenario.releaseId, new Date()))!;
    expect(withBaseline.checks[0]).toMatchObject({ state: "pass", message: "0.9.0 was running before the project came to Preflight (its “Version running now”)." });
  });
});
