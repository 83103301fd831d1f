// Deploy runs against a real worker process: failures, retry and skip, cancel in every state, the deploy
// lock and double clicks, rollback with flags off first, and pipeline validation. The worker lifecycle
// (crash, SIGTERM, health, shell switched off) is in deploys-recovery.test.ts; the demo pipeline end to
// end is in deploy-smoke.test.ts.
//
// Every scenario has its own project (and so its own deploy lock), so the scenarios run concurrently
// against one worker.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import {
  approveStepAction,
  cancelRunAction,
  retryStepAction,
  savePipelineAction,
  skipStepAction,
  startDeployAction,
  startRollbackAction,
  toggleFlagAction,
} from "@/lib/deploys/actions";
import { closeQueueSender } from "@/lib/deploys/queue";
import { transitionReleaseAction } from "@/lib/releases/actions";
import { createActionDatabase } from "../support/database";
import { actingUser, createCast } from "../support/acting-user";
import { dataOf } from "../support/action-result";
import { startWorker, waitFor, type WorkerProcess } from "../support/deploys";
import { act, approval, createReadyRelease, createScenario, flag, logOf, markerLines, processGone, readNumber, removeScratchDirs, runEvents, runIdOf, scratchDir, shell, stepsOf, wait, waitForRun, waitForStep } from "../support/deploy-fixtures";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, url } = await createActionDatabase();
const { admin, manager, otherManager } = await createCast(prisma, "admin", "manager", "otherManager");
let worker: WorkerProcess | undefined;

const KILL_GRACE_SECONDS = 1;

afterAll(async () => {
  await worker?.stop();
  await closeQueueSender();
  removeScratchDirs();
});

const start = (user: CurrentUser, releaseId: string, requestKey = randomUUID()) => act(user, startDeployAction, { releaseId, requestKey });

// ------------------------------------------------------------------------------------------------ no worker

describe("before any worker runs", () => {
  it("cancels a queued run at once, and nothing of it ever executes", async () => {
    const dir = scratchDir();
    const scenario = await createScenario(prisma, manager, { deploy: [shell("Touch", "echo x >> $DIR/touched", { env: { DIR: dir } })] });
    const runId = runIdOf(await start(manager, scenario.releaseId));
    expect((await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("QUEUED");

    expect(await act(otherManager, cancelRunAction, { runId, reason: "Wrong day" })).toEqual({ ok: true, data: { status: "CANCELLED" } });
    const run = await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "CANCELLED", cancelledById: otherManager.id, cancelReason: "Wrong day", startedAt: null });
    expect(run.finishedAt).not.toBeNull();
    expect((await stepsOf(prisma, runId)).map((s) => s.status)).toEqual(["CANCELLED"]);
    expect(await prisma.deployLock.findUnique({ where: { projectId: scenario.projectId } })).toBeNull();
    const cancelled = (await runEvents(prisma, runId)).find((e) => e.type === "deploy.cancelled");
    expect(cancelled).toMatchObject({ actorId: otherManager.id, payload: { reason: "Wrong day" } });

    // Now a worker starts and takes the run's job from the queue: it must leave the run alone.
    worker = startWorker(url, { PREFLIGHT_KILL_GRACE_SECONDS: String(KILL_GRACE_SECONDS), PREFLIGHT_WORKER_CONCURRENCY: "12" });
    await waitFor(async () => {
      const [job] = await prisma.$queryRaw<{ state: string }[]>`SELECT state::text AS state FROM pgboss.job WHERE data->>'runId' = ${runId}`;
      return job?.state === "completed";
    }, "the worker to take the cancelled run's job");
    expect(await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "CANCELLED", startedAt: null, workerId: null });
    expect((await stepsOf(prisma, runId)).map((s) => [s.status, s.attempt, s.startedAt])).toEqual([["CANCELLED", 0, null]]);
    expect(markerLines(path.join(dir, "touched"))).toBe(0);
  });
});

// ------------------------------------------------------------------------------------------------ with a worker

describe.concurrent("with a worker", () => {
  beforeAll(() => {
    expect(worker, "the first test starts the worker").toBeDefined();
  });

  it("fails the run on a failing step, keeps the lock, and a retry re-runs only that step", async () => {
    const dir = scratchDir();
    const env = { DIR: dir };
    const scenario = await createScenario(prisma, manager, {
      deploy: [
        shell("Prepare", "echo x >> $DIR/prepare", { env }),
        // Fails on its first attempt, succeeds on the second.
        shell("Flaky", 'echo x >> $DIR/flaky; if [ "$(wc -l < $DIR/flaky)" -lt 2 ]; then echo "disk is full" >&2; exit 3; fi; echo "fine now"', { env }),
        shell("Finish", "echo x >> $DIR/finish", { env }),
      ],
    });
    const runId = runIdOf(await start(manager, scenario.releaseId));

    const failed = await waitForRun(prisma, runId, ["FAILED", "SUCCEEDED"]);
    expect(failed.status).toBe("FAILED");
    expect(failed.finishedAt).not.toBeNull();
    const steps = await stepsOf(prisma, runId);
    expect(steps.map((s) => s.status)).toEqual(["SUCCEEDED", "FAILED", "PENDING"]);
    expect(steps[1]).toMatchObject({ exitCode: 3, error: "Exited with code 3", attempt: 1 });
    const log = await logOf(prisma, steps[1]!.id);
    expect(log).toContainEqual({ stream: "STDERR", line: "disk is full", attempt: 1 });
    expect(log.at(-1)).toMatchObject({ stream: "SYSTEM", line: "Failed: Exited with code 3" });
    expect((await prisma.release.findUniqueOrThrow({ where: { id: scenario.releaseId } })).status).toBe("FAILED");
    // A failed run holds nothing: the lock is free (a retry takes it again).
    expect(await prisma.deployLock.findUnique({ where: { projectId: scenario.projectId } })).toBeNull();
    expect((await runEvents(prisma, runId)).map((e) => e.type)).toContain("deploy.failed");

    expect(await act(manager, retryStepAction, { runId })).toEqual({ ok: true, data: { runId } });
    const done = await waitForRun(prisma, runId, ["SUCCEEDED", "FAILED"]);
    expect(done.status).toBe("SUCCEEDED");
    const after = await stepsOf(prisma, runId);
    expect(after.map((s) => [s.status, s.attempt])).toEqual([
      ["SUCCEEDED", 1],
      ["SUCCEEDED", 2],
      ["SUCCEEDED", 1],
    ]);
    expect(after[1]).toMatchObject({ exitCode: 0, error: null });
    expect(await logOf(prisma, after[1]!.id)).toContainEqual({ stream: "STDOUT", line: "fine now", attempt: 2 });
    expect([markerLines(path.join(dir, "prepare")), markerLines(path.join(dir, "flaky")), markerLines(path.join(dir, "finish"))]).toEqual([1, 2, 1]);
    expect((await prisma.release.findUniqueOrThrow({ where: { id: scenario.releaseId } })).status).toBe("MONITORING");
    expect(await prisma.deployLock.findUnique({ where: { projectId: scenario.projectId } })).toBeNull();
    expect((await runEvents(prisma, runId)).find((e) => e.type === "deploy.step_retried")).toMatchObject({ actorId: manager.id, payload: { step: "Flaky" } });
  });

  it("skips a failed step with a reason and carries on", async () => {
    const dir = scratchDir();
    const scenario = await createScenario(prisma, manager, {
      deploy: [shell("Warm caches", "echo 'no cache host' >&2; exit 3"), shell("After", "echo x >> $DIR/after", { env: { DIR: dir } })],
    });
    const runId = runIdOf(await start(manager, scenario.releaseId));
    await waitForRun(prisma, runId, "FAILED");
    const failedStep = await waitForStep(prisma, runId, 0, "FAILED");

    // A reason is required.
    expect(await act(manager, skipStepAction, { runId, stepId: failedStep.id, reason: "  " })).toMatchObject({ ok: false, code: "invalid" });
    expect(await act(manager, skipStepAction, { runId, stepId: failedStep.id, reason: "Caches warm themselves" })).toEqual({ ok: true, data: { runId } });
    expect((await waitForRun(prisma, runId, ["SUCCEEDED", "FAILED"])).status).toBe("SUCCEEDED");
    const steps = await stepsOf(prisma, runId);
    expect(steps.map((s) => s.status)).toEqual(["SKIPPED", "SUCCEEDED"]);
    expect(steps[0]).toMatchObject({ skipReason: "Caches warm themselves", attempt: 1, exitCode: 3 });
    expect(markerLines(path.join(dir, "after"))).toBe(1);
    expect((await runEvents(prisma, runId)).find((e) => e.type === "deploy.step_skipped")).toMatchObject({ actorId: manager.id, payload: { reason: "Caches warm themselves" } });
  });

  it("cancels a running shell step: the worker ends the whole process group and the run is CANCELLED", async () => {
    const dir = scratchDir();
    const env = { DIR: dir };
    const scenario = await createScenario(prisma, manager, {
      deploy: [shell("Long job", "echo $$ > $DIR/pgid; sleep 30 & echo $! > $DIR/child; wait", { env }), shell("Never", "echo x >> $DIR/never", { env })],
    });
    const runId = runIdOf(await start(manager, scenario.releaseId));
    const childPid = await waitFor(async () => readNumber(path.join(dir, "child")) ?? undefined, "the sleep to start");
    expect(processGone(childPid)).toBe(false);

    const requestedAt = Date.now();
    expect(await act(otherManager, cancelRunAction, { runId, reason: "Found a bug" })).toEqual({ ok: true, data: { status: "CANCELLING" } });
    expect((await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } })).status).toMatch(/^CANCELL(ING|ED)$/);
    // Within a few seconds: the worker notices at its next heartbeat (0.5 s here) and TERMs the group.
    const run = await waitForRun(prisma, runId, "CANCELLED", 8_000);
    expect(Date.now() - requestedAt).toBeLessThan(5_000);
    expect(run).toMatchObject({ cancelledById: otherManager.id, cancelReason: "Found a bug" });
    await waitFor(async () => processGone(childPid), "the sleep process to be gone", 2_000);
    const steps = await stepsOf(prisma, runId);
    expect(steps.map((s) => s.status)).toEqual(["CANCELLED", "CANCELLED"]);
    expect(steps[0]!.error).toBe("Cancelled (process ended by SIGTERM)");
    expect((await logOf(prisma, steps[0]!.id)).map((l) => l.line)).toContain("Cancelled: sending TERM");
    expect(markerLines(path.join(dir, "never"))).toBe(0);
    expect(await prisma.deployLock.findUnique({ where: { projectId: scenario.projectId } })).toBeNull();
    const events = await runEvents(prisma, runId);
    expect(events.find((e) => e.type === "deploy.cancel_requested")).toMatchObject({ actorId: otherManager.id });
    expect(events.find((e) => e.type === "deploy.cancelled")).toMatchObject({ actorId: otherManager.id, payload: { reason: "Found a bug" } });
  });

  /** Starts a one-step deploy whose command writes to $DIR/child the pid of a sleep that ignores TERM; waits for that pid. */
  async function startDeployWithStubbornChild(name: string, command: string) {
    const dir = scratchDir();
    const scenario = await createScenario(prisma, manager, { deploy: [shell(name, command, { env: { DIR: dir } })] });
    const runId = runIdOf(await start(manager, scenario.releaseId));
    const childPid = await waitFor(async () => readNumber(path.join(dir, "child")) ?? undefined, "the sleep to start");
    return { runId, childPid };
  }

  it("KILLs a command that ignores TERM once the grace period is over", async () => {
    const { runId, childPid } = await startDeployWithStubbornChild("Stubborn", 'trap "" TERM; echo $$ > $DIR/pgid; sleep 30 & echo $! > $DIR/child; wait');

    const requestedAt = Date.now();
    expect(await act(manager, cancelRunAction, { runId })).toMatchObject({ ok: true, data: { status: "CANCELLING" } });
    // A second click during the grace period is answered, not an error.
    expect(await act(otherManager, cancelRunAction, { runId })).toEqual({ ok: true, data: { status: "CANCELLING" } });
    const run = await waitForRun(prisma, runId, "CANCELLED", 8_000);
    const took = Date.now() - requestedAt;
    expect(took).toBeGreaterThanOrEqual(KILL_GRACE_SECONDS * 1000);
    expect(took).toBeLessThan(KILL_GRACE_SECONDS * 1000 + 4_000);
    // The first canceller is the one on record.
    expect(run.cancelledById).toBe(manager.id);
    expect(processGone(childPid)).toBe(true);
    const [step] = await stepsOf(prisma, runId);
    expect(step).toMatchObject({ status: "CANCELLED", error: "Cancelled (process ended by SIGKILL)" });
    const lines = (await logOf(prisma, step!.id)).map((l) => l.line);
    expect(lines).toEqual(expect.arrayContaining(["Cancelled: sending TERM", `Still running after ${KILL_GRACE_SECONDS} s: sending KILL`]));
  });

  it("KILLs a child that ignores TERM even when the command itself already ended", async () => {
    // The shell dies of the TERM; the subshell it started ignores TERM and keeps the step's output open.
    const { runId, childPid } = await startDeployWithStubbornChild("Leaves a child", 'echo $$ > $DIR/pgid; (trap "" TERM; sleep 30 & echo $! > $DIR/child; wait) & wait');

    const requestedAt = Date.now();
    expect(await act(manager, cancelRunAction, { runId })).toMatchObject({ ok: true, data: { status: "CANCELLING" } });
    await waitForRun(prisma, runId, "CANCELLED", 8_000);
    expect(Date.now() - requestedAt).toBeLessThan(KILL_GRACE_SECONDS * 1000 + 4_000);
    expect(processGone(childPid)).toBe(true);
    const [step] = await stepsOf(prisma, runId);
    expect((await logOf(prisma, step!.id)).map((l) => l.line)).toContain(`Still running after ${KILL_GRACE_SECONDS} s: sending KILL`);
  });

  it("cancels a run waiting for approval at once", async () => {
    const dir = scratchDir();
    const env = { DIR: dir };
    const scenario = await createScenario(prisma, manager, {
      deploy: [shell("Before", "echo x >> $DIR/before", { env }), approval("Check the dashboards"), shell("After", "echo x >> $DIR/after", { env })],
    });
    const runId = runIdOf(await start(manager, scenario.releaseId));
    await waitForRun(prisma, runId, "WAITING");
    expect((await stepsOf(prisma, runId)).map((s) => s.status)).toEqual(["SUCCEEDED", "WAITING", "PENDING"]);

    expect(await act(otherManager, cancelRunAction, { runId, reason: "Not today" })).toEqual({ ok: true, data: { status: "CANCELLED" } });
    expect(await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "CANCELLED", cancelledById: otherManager.id, cancelReason: "Not today" });
    expect((await stepsOf(prisma, runId)).map((s) => s.status)).toEqual(["SUCCEEDED", "CANCELLED", "CANCELLED"]);
    expect(await prisma.deployLock.findUnique({ where: { projectId: scenario.projectId } })).toBeNull();
    // An approval that comes too late is refused and runs nothing.
    const approvalStep = await waitForStep(prisma, runId, 1, "CANCELLED");
    expect(await act(manager, approveStepAction, { runId, stepId: approvalStep.id })).toMatchObject({ ok: false, code: "conflict" });
    expect([markerLines(path.join(dir, "before")), markerLines(path.join(dir, "after"))]).toEqual([1, 0]);
  });

  it("cancels during a WAIT step within a heartbeat", async () => {
    const dir = scratchDir();
    const scenario = await createScenario(prisma, manager, { deploy: [wait("Soak", 30), shell("After", "echo x >> $DIR/after", { env: { DIR: dir } })] });
    const runId = runIdOf(await start(manager, scenario.releaseId));
    await waitForStep(prisma, runId, 0, "RUNNING");

    const requestedAt = Date.now();
    expect(await act(manager, cancelRunAction, { runId, reason: "Soak is pointless" })).toMatchObject({ ok: true, data: { status: "CANCELLING" } });
    const run = await waitForRun(prisma, runId, "CANCELLED", 8_000);
    expect(Date.now() - requestedAt).toBeLessThan(5_000);
    expect(run).toMatchObject({ cancelledById: manager.id, cancelReason: "Soak is pointless" });
    const steps = await stepsOf(prisma, runId);
    expect(steps.map((s) => [s.status, s.error])).toEqual([
      ["CANCELLED", "Cancelled while waiting"],
      ["CANCELLED", null],
    ]);
    expect(markerLines(path.join(dir, "after"))).toBe(0);
    expect((await prisma.release.findUniqueOrThrow({ where: { id: scenario.releaseId } })).status).toBe("FAILED");
  });

  it("skips a running WAIT step on request and carries on", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [wait("Soak", 30), shell("After", "true")] });
    const runId = runIdOf(await start(manager, scenario.releaseId));
    const soak = await waitForStep(prisma, runId, 0, "RUNNING");
    expect(await act(manager, skipStepAction, { runId, stepId: soak.id, reason: "Metrics look fine" })).toEqual({ ok: true, data: { runId } });
    expect((await waitForRun(prisma, runId, ["SUCCEEDED", "FAILED"], 5_000)).status).toBe("SUCCEEDED");
    expect((await stepsOf(prisma, runId)).map((s) => [s.status, s.skipReason])).toEqual([
      ["SKIPPED", "Metrics look fine"],
      ["SUCCEEDED", null],
    ]);
  });

  it("holds one deploy per project: a second release is refused with who holds the lock", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [approval("Hold the lock")] });
    const first = runIdOf(await start(manager, scenario.releaseId));
    await waitForRun(prisma, first, "WAITING");

    const second = await createReadyRelease(prisma, scenario.projectId, otherManager, `${scenario.version}-hotfix`);
    const refused = await start(otherManager, second);
    expect(refused).toMatchObject({ ok: false, code: "conflict" });
    expect(refused.ok ? "" : refused.message).toMatch(new RegExp(`^Another deploy holds this project's lock: ${scenario.version.replaceAll(".", "\\.")}, started by Rae Manager at .+ \\(waiting for approval\\)\\.$`));
    expect(await prisma.deployRun.count({ where: { releaseId: second } })).toBe(0);
    expect((await prisma.release.findUniqueOrThrow({ where: { id: second } })).status).toBe("READY");

    // Once the first run ends, the lock is free.
    dataOf(await act(manager, cancelRunAction, { runId: first }));
    const secondRun = runIdOf(await start(otherManager, second));
    await waitForRun(prisma, secondRun, "WAITING");
    expect(await prisma.deployLock.findUnique({ where: { projectId: scenario.projectId } })).toMatchObject({ runId: secondRun, heldById: otherManager.id });
    dataOf(await act(otherManager, cancelRunAction, { runId: secondRun }));
  });

  it("lets exactly one of two releases started at the same moment take the lock", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [approval("Hold the lock")] });
    const other = await createReadyRelease(prisma, scenario.projectId, manager, `${scenario.version}-b`);
    const results = await Promise.all([start(manager, scenario.releaseId), start(otherManager, other)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refusal = results.find((r) => !r.ok);
    expect(refusal).toMatchObject({ ok: false, code: "conflict" });
    expect(refusal && !refusal.ok ? refusal.message : "").toMatch(/^Another deploy (holds this project's lock|for this project started a moment ago)/);
    expect(await prisma.deployRun.count({ where: { projectId: scenario.projectId } })).toBe(1);
    const winner = runIdOf(results.find((r) => r.ok)!);
    await waitForRun(prisma, winner, "WAITING");
    dataOf(await act(manager, cancelRunAction, { runId: winner }));
  });

  it("creates one run for a double click, sequential or concurrent", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [approval("Hold")] });
    const key = randomUUID();
    const first = await start(manager, scenario.releaseId, key);
    const again = await start(manager, scenario.releaseId, key);
    expect(first).toMatchObject({ ok: true, data: { duplicate: false } });
    expect(again).toEqual({ ok: true, data: { runId: runIdOf(first), duplicate: true } });
    expect(await prisma.deployRun.count({ where: { releaseId: scenario.releaseId } })).toBe(1);
    expect((await runEvents(prisma, runIdOf(first))).map((e) => e.type).filter((t) => t.startsWith("deploy.start"))).toEqual(["deploy.started", "deploy.start_repeated"]);
    await waitForRun(prisma, runIdOf(first), "WAITING");
    dataOf(await act(manager, cancelRunAction, { runId: runIdOf(first) }));

    const concurrent = await createScenario(prisma, manager, { deploy: [approval("Hold")] });
    const sameKey = randomUUID();
    const both = await Promise.all([start(manager, concurrent.releaseId, sameKey), start(manager, concurrent.releaseId, sameKey)]);
    expect(both.map((r) => r.ok)).toEqual([true, true]);
    const runIds = both.map((r) => runIdOf(r));
    expect(runIds[0]).toBe(runIds[1]);
    expect(both.map((r) => (r.ok ? (r.data as { duplicate: boolean }).duplicate : null)).sort()).toEqual([false, true]);
    expect(await prisma.deployRun.count({ where: { releaseId: concurrent.releaseId } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { type: "deploy.started", releaseId: concurrent.releaseId } })).toBe(1);
    await waitForRun(prisma, runIds[0]!, "WAITING");
    dataOf(await act(manager, cancelRunAction, { runId: runIds[0] }));
  });

  it("rolls back flags first: every flag the release turned on is turned off before the rollback pipeline runs", async () => {
    const dir = scratchDir();
    const scenario = await createScenario(prisma, manager, {
      deploy: [shell("Deploy", "true"), flag("Enable search", "NEW_SEARCH", true)],
      rollback: [shell("Restore images", "echo x >> $DIR/restored", { env: { DIR: dir } })],
    });
    // A second flag, switched on by hand for this release.
    const manual = await prisma.featureFlag.create({ data: { projectId: scenario.projectId, key: "FAST_CHECKOUT", enabled: false } });
    // A third, on already and not touched by this release: the rollback leaves it alone.
    await prisma.featureFlag.create({ data: { projectId: scenario.projectId, key: "UNRELATED", enabled: true } });

    const deployId = runIdOf(await start(manager, scenario.releaseId));
    expect((await waitForRun(prisma, deployId, ["SUCCEEDED", "FAILED"])).status).toBe("SUCCEEDED");
    expect((await prisma.release.findUniqueOrThrow({ where: { id: scenario.releaseId } })).status).toBe("MONITORING");
    dataOf(await act(manager, toggleFlagAction, { flagId: manual.id, enabled: true, releaseId: scenario.releaseId, reason: "Part of this release" }));
    // Setting it to what it already is changes nothing (and is not an error).
    expect(await act(otherManager, toggleFlagAction, { flagId: manual.id, enabled: true })).toEqual({ ok: true, data: { id: manual.id, enabled: true } });
    expect(await prisma.flagChange.count({ where: { flagId: manual.id } })).toBe(1);
    const flagsBefore = await prisma.featureFlag.findMany({ where: { projectId: scenario.projectId }, orderBy: { key: "asc" } });
    expect(flagsBefore.map((f) => [f.key, f.enabled])).toEqual([
      ["FAST_CHECKOUT", true],
      ["NEW_SEARCH", true],
      ["UNRELATED", true],
    ]);

    const rollbackId = runIdOf(await act(manager, startRollbackAction, { releaseId: scenario.releaseId, requestKey: randomUUID(), reason: "Error rate doubled" }));
    const rollback = await waitForRun(prisma, rollbackId, ["SUCCEEDED", "FAILED"]);
    expect(rollback).toMatchObject({ status: "SUCCEEDED", kind: "ROLLBACK" });
    const steps = await stepsOf(prisma, rollbackId);
    expect(steps.map((s) => s.kind)).toEqual(["FLAG", "FLAG", "SHELL"]);
    expect(steps.slice(0, 2).map((s) => s.name).sort()).toEqual(["Disable FAST_CHECKOUT", "Disable NEW_SEARCH"]);
    expect(steps.every((s) => s.status === "SUCCEEDED")).toBe(true);
    // In order: both flags were off before the rollback pipeline's first step started.
    expect(steps[1]!.finishedAt!.getTime()).toBeLessThanOrEqual(steps[2]!.startedAt!.getTime());
    expect(markerLines(path.join(dir, "restored"))).toBe(1);

    const flagsAfter = await prisma.featureFlag.findMany({ where: { projectId: scenario.projectId }, orderBy: { key: "asc" } });
    expect(flagsAfter.map((f) => [f.key, f.enabled])).toEqual([
      ["FAST_CHECKOUT", false],
      ["NEW_SEARCH", false],
      ["UNRELATED", true],
    ]);
    const release = await prisma.release.findUniqueOrThrow({ where: { id: scenario.releaseId } });
    expect(release.status).toBe("ROLLED_BACK");
    expect(release.rollingBackAt).not.toBeNull();
    expect(release.rolledBackAt).not.toBeNull();
    const statusChanges = await prisma.auditEvent.findMany({ where: { releaseId: scenario.releaseId, type: "release.status_changed" }, orderBy: { id: "asc" } });
    expect(statusChanges.map((e) => (e.payload as { to: string }).to)).toEqual(["DEPLOYING", "MONITORING", "ROLLING_BACK", "ROLLED_BACK"]);
    expect((await runEvents(prisma, rollbackId)).find((e) => e.type === "rollback.started")).toMatchObject({ actorId: manager.id, payload: { reason: "Error rate doubled" } });
    expect(await prisma.deployLock.findUnique({ where: { projectId: scenario.projectId } })).toBeNull();
  });

  it("answers a request key only with the run it started: not another release's, nor a deploy for a rollback", async () => {
    const first = await createScenario(prisma, manager, { deploy: [approval("Hold")], rollback: [shell("Restore", "true")] });
    const second = await createScenario(prisma, manager, { deploy: [approval("Hold")] });
    const key = randomUUID();
    const runId = runIdOf(await start(manager, first.releaseId, key));
    const refusal = { ok: false, code: "conflict", message: "This request was already used for another run; reload the page and try again." };
    expect(await start(manager, second.releaseId, key)).toEqual(refusal);
    await waitForRun(prisma, runId, "WAITING");
    expect(await act(manager, startRollbackAction, { releaseId: first.releaseId, requestKey: key, reason: "Oops" })).toEqual(refusal);
    // Nothing was started or audited on the other release, and the first one is still deploying.
    expect(await prisma.deployRun.count({ where: { releaseId: second.releaseId } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { releaseId: second.releaseId, type: { startsWith: "deploy." } } })).toBe(0);
    expect((await prisma.release.findUniqueOrThrow({ where: { id: first.releaseId } })).status).toBe("DEPLOYING");
    dataOf(await act(manager, cancelRunAction, { runId }));
  });

  it("refuses moving the release by hand while its deploy runs, so a failure later cannot be hidden", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [approval("Hold")] });
    const runId = runIdOf(await start(manager, scenario.releaseId));
    await waitForRun(prisma, runId, "WAITING");
    for (const to of ["MONITORING", "FAILED", "ROLLING_BACK"]) {
      expect(await act(manager, transitionReleaseAction, { releaseId: scenario.releaseId, to })).toMatchObject({
        ok: false,
        code: "conflict",
        message: expect.stringContaining("through its deploy or rollback run: use the deploy panel"),
      });
    }
    expect((await prisma.release.findUniqueOrThrow({ where: { id: scenario.releaseId } })).status).toBe("DEPLOYING");
    // Once the run has ended, the lifecycle is the people's again.
    dataOf(await act(manager, cancelRunAction, { runId }));
    expect((await prisma.release.findUniqueOrThrow({ where: { id: scenario.releaseId } })).status).toBe("FAILED");
    expect(await act(manager, transitionReleaseAction, { releaseId: scenario.releaseId, to: "CANCELLED", reason: "Not today" })).toMatchObject({ ok: true });
  });

  it("records a flag change only against a release of the flag's own project", async () => {
    const mine = await createScenario(prisma, manager, { deploy: [shell("Deploy", "true")] });
    const theirs = await createScenario(prisma, manager, { deploy: [shell("Deploy", "true")] });
    const toggle = await prisma.featureFlag.create({ data: { projectId: mine.projectId, key: "CHECKOUT_V2", enabled: false } });
    const refusal = {
      ok: false,
      code: "invalid",
      message: "That release is not a release of this flag's project.",
      fieldErrors: { releaseId: ["Not a release of this flag's project"] },
    };
    expect(await act(manager, toggleFlagAction, { flagId: toggle.id, enabled: true, releaseId: theirs.releaseId })).toEqual(refusal);
    expect(await act(manager, toggleFlagAction, { flagId: toggle.id, enabled: true, releaseId: "no-such-release" })).toEqual(refusal);
    expect(await prisma.featureFlag.findUniqueOrThrow({ where: { id: toggle.id } })).toMatchObject({ enabled: false });
    expect(await prisma.flagChange.count({ where: { flagId: toggle.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { releaseId: theirs.releaseId, type: "flag.changed" } })).toBe(0);
    dataOf(await act(manager, toggleFlagAction, { flagId: toggle.id, enabled: true, releaseId: mine.releaseId }));
    expect(await prisma.flagChange.findFirstOrThrow({ where: { flagId: toggle.id } })).toMatchObject({ releaseId: mine.releaseId, enabled: true });
  });

  it("changes a flag once for two concurrent clicks", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [shell("Deploy", "true")] });
    const toggle = await prisma.featureFlag.create({ data: { projectId: scenario.projectId, key: "DOUBLE_CLICK", enabled: false } });
    const results = await Promise.all([
      act(manager, toggleFlagAction, { flagId: toggle.id, enabled: true }),
      act(otherManager, toggleFlagAction, { flagId: toggle.id, enabled: true }),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await prisma.flagChange.count({ where: { flagId: toggle.id } })).toBe(1);
    const types = (await prisma.auditEvent.findMany({ where: { projectId: scenario.projectId, type: { startsWith: "flag." } } })).map((e) => e.type).sort();
    expect(types).toEqual(["flag.changed", "flag.unchanged"]);
  });

  it("does not mistake a long run of short steps for a dead worker", async () => {
    // Each step is shorter than the worker's heartbeat interval (0.5 s); together they outlast the
    // stale threshold (3 s) several times over.
    const dir = scratchDir();
    const steps = Array.from({ length: 14 }, (_, i) => shell(`Short ${i + 1}`, `sleep 0.3; echo x >> $DIR/step-${i + 1}`, { env: { DIR: dir }, idempotent: true }));
    const scenario = await createScenario(prisma, manager, { deploy: steps });
    const runId = runIdOf(await start(manager, scenario.releaseId));
    const run = await waitForRun(prisma, runId, ["SUCCEEDED", "FAILED", "CANCELLED", "NEEDS_DECISION"], 25_000);
    expect(run.status).toBe("SUCCEEDED");
    expect(steps.map((_, i) => markerLines(path.join(dir, `step-${i + 1}`)))).toEqual(steps.map(() => 1));
    expect((await stepsOf(prisma, runId)).map((s) => s.attempt)).toEqual(steps.map(() => 1));
    const types = (await runEvents(prisma, runId)).map((e) => e.type);
    expect(types).not.toContain("deploy.step_interrupted");
    expect(types).not.toContain("deploy.resumed");
  }, 30_000);
});

// ------------------------------------------------------------------------------------------------ pipelines

describe.concurrent("saving pipelines", () => {
  async function saveAsAdmin(projectId: string, steps: unknown) {
    return act(admin, savePipelineAction, { projectId, kind: "DEPLOY", steps });
  }

  it("refuses bad definitions with one precise message per problem, and saves nothing", async () => {
    const project = await prisma.project.create({ data: { slug: `pipelines-${randomUUID().slice(0, 8)}`, name: "Pipelines" } });
    const cases: [unknown, string[]][] = [
      [
        [
          { kind: "SHELL", name: "Build", config: { command: "make" } },
          { kind: "HTTP", name: "Wait for health", config: { url: "ftp://example.com/health" } },
        ],
        ["step 2 (Wait for health) › config.url: Use an http(s) URL (or ${PREFLIGHT_URL}/…, a ${VARIABLE} or ${secret:NAME} holding one)"],
      ],
      [[{ kind: "SSH", name: "Log in", config: {} }], ["step 1 (Log in) › kind: Each step's kind is one of SHELL, HTTP, WAIT, APPROVAL, FLAG, NOTIFY, PROBE"]],
      [[], ["A pipeline needs at least one step"]],
      [[{ kind: "SHELL", name: "Build", config: {} }], ["step 1 (Build) › config.command: Give either command or argv"]],
      [
        [
          { kind: "WAIT", name: "Soak", config: { seconds: 0 } },
          { kind: "SHELL", name: " ", config: { command: "true" } },
          { kind: "FLAG", name: "Flag", config: { flagKey: "has space", enabled: true } },
        ],
        ["step 1 (Soak) › config.seconds: The wait must be at least 1 second", "step 2 › name: Give the step a name", "step 3 (Flag) › config.flagKey: A flag key is letters, digits, _ . or -"],
      ],
    ];
    for (const [steps, problems] of cases) {
      const result = await saveAsAdmin(project.id, steps);
      expect(result, JSON.stringify(steps)).toEqual({ ok: false, code: "invalid", message: "The pipeline has problems; nothing was saved.", fieldErrors: { steps: problems } });
    }
    expect(await saveAsAdmin(project.id, "not a list")).toMatchObject({ ok: false, code: "invalid", fieldErrors: { steps: ["Steps must be a JSON array"] } });
    expect(await prisma.pipeline.count({ where: { projectId: project.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { projectId: project.id, type: "pipeline.saved" } })).toBe(0);
  });

  it("saves a valid pipeline as the next version, for admins only", async () => {
    const project = await prisma.project.create({ data: { slug: `pipelines-${randomUUID().slice(0, 8)}`, name: "Versions" } });
    const steps = [{ kind: "SHELL", name: "Build", config: { command: "make" } }];
    expect(dataOf(await saveAsAdmin(project.id, steps))).toMatchObject({ version: 1 });
    expect(dataOf(await saveAsAdmin(project.id, [...steps, { kind: "WAIT", name: "Soak", config: { seconds: 5 } }]))).toMatchObject({ version: 2 });
    expect(dataOf(await act(admin, savePipelineAction, { projectId: project.id, kind: "ROLLBACK", steps }))).toMatchObject({ version: 1 });
    const latest = await prisma.pipeline.findFirstOrThrow({ where: { projectId: project.id, kind: "DEPLOY" }, orderBy: { version: "desc" } });
    // Stored with every default filled in, so the worker runs exactly what was validated.
    expect(latest.steps).toEqual([
      { kind: "SHELL", name: "Build", idempotent: false, config: { command: "make", env: [], timeoutSeconds: 600 } },
      { kind: "WAIT", name: "Soak", idempotent: true, config: { seconds: 5 } },
    ]);
    expect(latest.createdById).toBe(admin.id);
    expect(await act(manager, savePipelineAction, { projectId: project.id, kind: "DEPLOY", steps })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await prisma.pipeline.count({ where: { projectId: project.id } })).toBe(3);
  });
});
