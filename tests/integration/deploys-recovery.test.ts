// The worker's lifecycle with real processes: liveness rows, a worker killed mid-step (SIGKILL) and
// another recovering its runs from their stale heartbeats, a worker stopped with SIGTERM that finishes
// its step and hands the run back, a worker that stalls and comes back after its run was recovered,
// and shell steps switched off. The phases run in order and share the database.
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { retryStepAction, skipStepAction, startDeployAction } from "@/lib/deploys/actions";
import { closeQueueSender } from "@/lib/deploys/queue";
import { getWorkerHealth } from "@/lib/worker/heartbeat";
import { createActionDatabase } from "../support/database";
import { actingUser, createUser } from "../support/acting-user";
import { startWorker, waitFor, type WorkerProcess } from "../support/deploys";
import { act, createScenario, logOf, markerLines, processGone, readNumber, removeScratchDirs, runEvents, runIdOf, scratchDir, shell, stepsOf, wait, waitForRun, waitForStep, type Scenario } from "../support/deploy-fixtures";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, url } = await createActionDatabase();
const manager = await createUser(prisma, "RELEASE_MANAGER", { name: "Rae Manager" });
const workers: WorkerProcess[] = [];

/** The heartbeat the tests' workers use (tests/support/deploys.ts): a run is stale after 3 s. */
const STALE_SECONDS = 3;
const RECOVERY_BOUND_MS = 10_000;

async function launch(env: Record<string, string> = {}): Promise<WorkerProcess> {
  const worker = startWorker(url, { PREFLIGHT_WORKER_CONCURRENCY: "8", ...env });
  workers.push(worker);
  await waitFor(async () => worker.output().includes("started") || undefined, "the worker to start", 20_000);
  return worker;
}

const stopAll = () => Promise.all(workers.map((worker) => worker.stop("SIGTERM")));

afterAll(async () => {
  for (const worker of workers) {
    if (worker.child.signalCode === "SIGSTOP") worker.child.kill("SIGCONT");
    await worker.stop("SIGKILL");
  }
  await closeQueueSender();
  removeScratchDirs();
});

const start = (releaseId: string) => act(manager, startDeployAction, { releaseId, requestKey: crypto.randomUUID() });
const heartbeatRow = (worker: WorkerProcess) => prisma.workerHeartbeat.findFirst({ where: { pid: worker.child.pid!, hostname: os.hostname() } });

/** First ✓, then a step that hangs on its first attempt only (and says so in `pgid`), then Last ✓. */
function crashPipeline(dir: string, crashyIsIdempotent: boolean) {
  const env = { DIR: dir };
  return [
    shell("First", "echo x >> $DIR/first", { env, idempotent: true }),
    shell("Crashy", 'echo x >> $DIR/crashy; if [ "$(wc -l < $DIR/crashy)" -lt 2 ]; then echo $$ > $DIR/pgid; sleep 30 & wait; fi; echo "done"', { env, idempotent: crashyIsIdempotent }),
    shell("Last", "echo x >> $DIR/last", { env, idempotent: true }),
  ];
}

const counts = (dir: string) => ["first", "crashy", "last"].map((name) => markerLines(path.join(dir, name)));

describe("the deploy worker's lifecycle", () => {
  let w1: WorkerProcess;
  let w2: WorkerProcess;

  it("reports liveness: a running worker has a fresh heartbeat row", async () => {
    w1 = await launch();
    const row = await waitFor(async () => (await heartbeatRow(w1)) ?? undefined, "the worker's heartbeat row");
    expect(Date.now() - row.lastSeenAt.getTime()).toBeLessThan(10_000);
    expect(row.id).toMatch(new RegExp(`^${os.hostname()}:${w1.child.pid}:`));
    expect(await getWorkerHealth(prisma)).toMatchObject({ status: "ok", workers: [{ id: row.id }] });
  });

  describe("SIGKILL mid-step, then another worker", () => {
    const dirs = { idempotent: "", retry: "", skip: "" };
    const scenarios: Record<keyof typeof dirs, Scenario | undefined> = { idempotent: undefined, retry: undefined, skip: undefined };
    const runs = { idempotent: "", retry: "", skip: "" };
    let killedAt = 0;

    it("recovers within the bound: an idempotent step re-runs by itself, any other waits for a decision", async () => {
      for (const key of ["idempotent", "retry", "skip"] as const) {
        dirs[key] = scratchDir();
        scenarios[key] = await createScenario(prisma, manager, { deploy: crashPipeline(dirs[key], key === "idempotent") });
        runs[key] = runIdOf(await start(scenarios[key].releaseId));
      }
      // Every run hangs in its second step on w1.
      for (const key of ["idempotent", "retry", "skip"] as const) {
        await waitFor(async () => readNumber(path.join(dirs[key], "pgid")) ?? undefined, `the ${key} run's crashy step`);
        expect(counts(dirs[key])).toEqual([1, 1, 0]);
      }
      // The recovering worker is already up, so the bound measures recovery, not start-up.
      w2 = await launch();
      await w1.stop("SIGKILL");
      killedAt = Date.now();

      const idempotent = await waitForRun(prisma, runs.idempotent, ["SUCCEEDED", "FAILED", "NEEDS_DECISION"], 20_000);
      expect(idempotent.status).toBe("SUCCEEDED");
      const interrupted = await prisma.auditEvent.findFirstOrThrow({ where: { type: "deploy.step_interrupted", payload: { path: ["runId"], equals: runs.idempotent } } });
      const recoveryMs = interrupted.at.getTime() - killedAt;
      expect(recoveryMs).toBeGreaterThan(STALE_SECONDS * 1000 - 1_000);
      expect(recoveryMs).toBeLessThan(RECOVERY_BOUND_MS);
      expect(interrupted.payload).toMatchObject({ step: "Crashy", idempotent: true });
      const steps = await stepsOf(prisma, runs.idempotent);
      expect(steps.map((s) => [s.name, s.status, s.attempt])).toEqual([
        ["First", "SUCCEEDED", 1],
        ["Crashy", "SUCCEEDED", 2],
        ["Last", "SUCCEEDED", 1],
      ]);
      expect(steps[1]!.startedAt!.getTime() - killedAt).toBeLessThan(RECOVERY_BOUND_MS);
      // Completed steps ran exactly once; the interrupted one twice.
      expect(counts(dirs.idempotent)).toEqual([1, 2, 1]);
      expect((await logOf(prisma, steps[1]!.id)).find((l) => l.line.startsWith("Interrupted: worker"))).toMatchObject({ attempt: 1, stream: "SYSTEM" });
      const types = (await runEvents(prisma, runs.idempotent)).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(["deploy.step_interrupted", "deploy.resumed", "deploy.succeeded"]));
      expect((await runEvents(prisma, runs.idempotent)).find((e) => e.type === "deploy.resumed")?.payload).toMatchObject({ automatically: true, rerunStep: "Crashy" });

      for (const key of ["retry", "skip"] as const) {
        const run = await waitForRun(prisma, runs[key], "NEEDS_DECISION", 20_000);
        expect(run.workerId).toBeNull();
        const step = await waitForStep(prisma, runs[key], 1, "INTERRUPTED");
        expect(step.finishedAt!.getTime() - killedAt).toBeLessThan(RECOVERY_BOUND_MS);
        expect(step.error).toMatch(/^Worker .+ stopped responding \(last heartbeat .+\)$/);
        expect((await runEvents(prisma, runs[key])).map((e) => e.type)).toEqual(expect.arrayContaining(["deploy.step_interrupted", "deploy.needs_decision"]));
        expect((await prisma.release.findUniqueOrThrow({ where: { id: scenarios[key]!.releaseId } })).status).toBe("DEPLOYING");
        expect(await prisma.deployLock.findUnique({ where: { projectId: scenarios[key]!.projectId } })).toMatchObject({ runId: runs[key] });
      }
      // w1 died without cleaning up: its row stays and goes stale; w2's is fresh.
      expect(await prisma.workerHeartbeat.count()).toBe(2);
    }, 40_000);

    it("re-runs nothing of a run that needs a decision until someone decides", async () => {
      // Several recovery sweeps later, still untouched.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      for (const key of ["retry", "skip"] as const) {
        expect((await prisma.deployRun.findUniqueOrThrow({ where: { id: runs[key] } })).status).toBe("NEEDS_DECISION");
        expect((await stepsOf(prisma, runs[key])).map((s) => [s.status, s.attempt])).toEqual([
          ["SUCCEEDED", 1],
          ["INTERRUPTED", 1],
          ["PENDING", 0],
        ]);
        expect(counts(dirs[key])).toEqual([1, 1, 0]);
      }
    });

    it("retries the interrupted step on request, and the run completes", async () => {
      expect(await act(manager, retryStepAction, { runId: runs.retry })).toEqual({ ok: true, data: { runId: runs.retry } });
      expect((await waitForRun(prisma, runs.retry, ["SUCCEEDED", "FAILED", "NEEDS_DECISION"])).status).toBe("SUCCEEDED");
      expect((await stepsOf(prisma, runs.retry)).map((s) => [s.status, s.attempt])).toEqual([
        ["SUCCEEDED", 1],
        ["SUCCEEDED", 2],
        ["SUCCEEDED", 1],
      ]);
      expect(counts(dirs.retry)).toEqual([1, 2, 1]);
      expect((await prisma.release.findUniqueOrThrow({ where: { id: scenarios.retry!.releaseId } })).status).toBe("MONITORING");
    });

    it("skips the interrupted step on request, and the run completes without it", async () => {
      const crashy = await waitForStep(prisma, runs.skip, 1, "INTERRUPTED");
      expect(await act(manager, skipStepAction, { runId: runs.skip, stepId: crashy.id, reason: "Ran it by hand" })).toEqual({ ok: true, data: { runId: runs.skip } });
      expect((await waitForRun(prisma, runs.skip, ["SUCCEEDED", "FAILED", "NEEDS_DECISION"])).status).toBe("SUCCEEDED");
      expect((await stepsOf(prisma, runs.skip)).map((s) => [s.status, s.attempt, s.skipReason])).toEqual([
        ["SUCCEEDED", 1, null],
        ["SKIPPED", 1, "Ran it by hand"],
        ["SUCCEEDED", 1, null],
      ]);
      expect(counts(dirs.skip)).toEqual([1, 1, 1]);
    });
  });

  describe("SIGTERM", () => {
    it("lets the current step finish, hands the run back and removes the worker's row; the next worker finishes the run", async () => {
      const dir = scratchDir();
      const env = { DIR: dir };
      const { releaseId } = await createScenario(prisma, manager, {
        // Not idempotent: if the hand-back failed, recovery would stop the run for a decision.
        deploy: [shell("One", "echo x >> $DIR/one", { env }), shell("Slow", "echo start >> $DIR/slow; sleep 1.5; echo end >> $DIR/slow", { env }), shell("Three", "echo x >> $DIR/three", { env })],
      });
      const runId = runIdOf(await start(releaseId));
      await waitFor(async () => markerLines(path.join(dir, "slow")) === 1, "the slow step to start");
      expect(await heartbeatRow(w2)).not.toBeNull();

      await w2.stop("SIGTERM");
      expect(w2.child.exitCode).toBe(0);
      expect(w2.output()).toContain("SIGTERM: finishing the current step, then stopping");
      expect(await heartbeatRow(w2)).toBeNull();
      const run = await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } });
      expect(run).toMatchObject({ status: "QUEUED", workerId: null, heartbeatAt: null });
      expect((await stepsOf(prisma, runId)).map((s) => [s.name, s.status])).toEqual([
        ["One", "SUCCEEDED"],
        ["Slow", "SUCCEEDED"],
        ["Three", "PENDING"],
      ]);
      expect(markerLines(path.join(dir, "slow"))).toBe(2);
      expect((await runEvents(prisma, runId)).find((e) => e.type === "deploy.requeued")?.payload).toMatchObject({ cause: expect.stringContaining("worker is stopping") });

      await launch();
      expect((await waitForRun(prisma, runId, ["SUCCEEDED", "FAILED", "NEEDS_DECISION"])).status).toBe("SUCCEEDED");
      expect((await stepsOf(prisma, runId)).map((s) => s.attempt)).toEqual([1, 1, 1]);
      expect(["one", "slow", "three"].map((name) => markerLines(path.join(dir, name)))).toEqual([1, 2, 1]);
    });

    it("stops waiting for a long step after PREFLIGHT_DRAIN_SECONDS; the run is recovered from its heartbeat", async () => {
      // Only this worker may take the run: stop the others first.
      await stopAll();
      const draining = await launch({ PREFLIGHT_DRAIN_SECONDS: "1" });
      const { releaseId } = await createScenario(prisma, manager, { deploy: [wait("Soak", 60)] });
      const runId = runIdOf(await start(releaseId));
      await waitForStep(prisma, runId, 0, "RUNNING");

      const signalledAt = Date.now();
      await draining.stop("SIGTERM");
      expect(Date.now() - signalledAt).toBeLessThan(1_000 + 4_000);
      expect(draining.output()).toContain("the current step did not finish in time");
      expect((await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("RUNNING");

      // The next worker finds the stale run and re-runs the (idempotent) wait; skipping it ends the run.
      await launch({ PREFLIGHT_ALLOW_SHELL: "false" });
      const rerun = await waitFor(async () => {
        const step = await prisma.deployStep.findFirstOrThrow({ where: { runId } });
        return step.status === "RUNNING" && step.attempt === 2 ? step : undefined;
      }, "the wait to run again");
      expect(await act(manager, skipStepAction, { runId, stepId: rerun.id, reason: "Long enough" })).toMatchObject({ ok: true });
      expect((await waitForRun(prisma, runId, ["SUCCEEDED", "FAILED"])).status).toBe("SUCCEEDED");
    }, 40_000);
  });

  it("fails a shell step with a clear message when PREFLIGHT_ALLOW_SHELL=false", async () => {
    // The worker started last has shell steps switched off, and is the only one running.
    const dir = scratchDir();
    const { releaseId } = await createScenario(prisma, manager, { deploy: [shell("Build", "echo x >> $DIR/built", { env: { DIR: dir } })] });
    const runId = runIdOf(await start(releaseId));
    expect((await waitForRun(prisma, runId, ["SUCCEEDED", "FAILED"])).status).toBe("FAILED");
    const [step] = await stepsOf(prisma, runId);
    expect(step).toMatchObject({ status: "FAILED", error: "Shell steps are switched off on this installation (PREFLIGHT_ALLOW_SHELL=false)", exitCode: null });
    expect((await logOf(prisma, step!.id)).map((l) => l.line)).toContain("Failed: Shell steps are switched off on this installation (PREFLIGHT_ALLOW_SHELL=false)");
    expect(markerLines(path.join(dir, "built"))).toBe(0);
  });

  it("ends a long command when the drain deadline passes, so a recovered re-run never runs beside it", async () => {
    await stopAll();
    const dir = scratchDir();
    const draining = await launch({ PREFLIGHT_DRAIN_SECONDS: "1" });
    const { releaseId } = await createScenario(prisma, manager, { deploy: [shell("Long", "echo $$ > $DIR/pid; sleep 60", { env: { DIR: dir } })] });
    const runId = runIdOf(await start(releaseId));
    const pid = await waitFor(async () => readNumber(path.join(dir, "pid")) ?? undefined, "the command to start");
    await draining.stop("SIGTERM");
    expect(draining.output()).toContain("ending its commands");
    await waitFor(async () => processGone(pid), "the command to be ended", 5_000);
    expect((await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("RUNNING");
  }, 30_000);

  it("keeps a stalled worker that comes back from touching the run another worker recovered", async () => {
    await stopAll();
    const dir = scratchDir();
    const env = { DIR: dir };
    const { releaseId } = await createScenario(prisma, manager, {
      deploy: [
        shell("Work", 'echo x >> $DIR/work; if [ "$(wc -l < $DIR/work)" -lt 2 ]; then echo $$ > $DIR/pgid; sleep 30 & echo $! > $DIR/child; wait; else sleep 1; fi', { env, idempotent: true }),
        shell("After", "echo x >> $DIR/after", { env, idempotent: true }),
      ],
    });
    const stalled = await launch();
    const runId = runIdOf(await start(releaseId));
    const firstAttempt = await waitFor(async () => readNumber(path.join(dir, "child")) ?? undefined, "the first attempt to start");
    stalled.child.kill("SIGSTOP");

    await launch();
    await waitFor(async () => {
      const step = await prisma.deployStep.findFirstOrThrow({ where: { runId, position: 0 } });
      return step.status === "RUNNING" && step.attempt === 2;
    }, "another worker to recover the run", 20_000);
    // The stalled worker wakes while the second attempt runs: it must notice it lost the run, stop its
    // own attempt and write nothing.
    stalled.child.kill("SIGCONT");

    const run = await waitForRun(prisma, runId, ["SUCCEEDED", "FAILED", "CANCELLED", "NEEDS_DECISION"], 20_000);
    expect(run).toMatchObject({ status: "SUCCEEDED", cancelledById: null });
    expect((await stepsOf(prisma, runId)).map((s) => [s.status, s.attempt])).toEqual([
      ["SUCCEEDED", 2],
      ["SUCCEEDED", 1],
    ]);
    expect([markerLines(path.join(dir, "work")), markerLines(path.join(dir, "after"))]).toEqual([2, 1]);
    await waitFor(async () => processGone(firstAttempt), "the stalled worker to stop its own attempt", 5_000);
    const types = (await runEvents(prisma, runId)).map((e) => e.type);
    expect(types).not.toContain("deploy.cancelled");
    expect(types.filter((t) => t === "deploy.succeeded")).toHaveLength(1);
  }, 40_000);
});
