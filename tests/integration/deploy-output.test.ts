// Step output that would break a worker, against a real worker process and PostgreSQL: `yes` until its
// timeout, three million lines, one 50 MB line, a log flush slower than the stale-heartbeat bound, and a
// database too slow to take the lines as fast as a command prints them.
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { startDeployAction } from "@/lib/deploys/actions";
import { closeQueueSender } from "@/lib/deploys/queue";
import { createTestDatabase } from "../support/database";
import { actingUser, createUser } from "../support/acting-user";
import { startWorker, waitFor, type WorkerProcess } from "../support/deploys";
import { act, createScenario, logOf, removeScratchDirs, runIdOf, scratchDir, shell, stepsOf, waitForRun, waitForStep } from "../support/deploy-fixtures";
import { sampleRss } from "../support/rss";
import { existsSync } from "node:fs";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, url } = await createTestDatabase();
let manager: CurrentUser;
let worker: WorkerProcess | undefined;

async function launch(env: Record<string, string> = {}): Promise<WorkerProcess> {
  const started = startWorker(url, { PREFLIGHT_WORKER_CONCURRENCY: "4", ...env });
  await waitFor(async () => started.output().includes("started") || undefined, "the worker to start", 20_000);
  return started;
}

beforeAll(async () => {
  process.env.DATABASE_URL = url;
  manager = await createUser(prisma, "RELEASE_MANAGER", { name: "Rae Manager" });
});

afterAll(async () => {
  await worker?.stop("SIGKILL");
  await closeQueueSender();
  removeScratchDirs();
});

async function deploy(steps: Parameters<typeof createScenario>[2]["deploy"]): Promise<string> {
  const { releaseId } = await createScenario(prisma, manager, { deploy: steps });
  return runIdOf(await act(manager, startDeployAction, { releaseId, requestKey: crypto.randomUUID() }));
}

/** Holds PostgreSQL's SHARE lock on the log table (inserts wait, reads go on) until `release` is called. */
async function blockLogWrites(): Promise<{ release: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("BEGIN");
  await client.query('LOCK TABLE "StepLogChunk" IN SHARE MODE');
  return {
    release: async () => {
      await client.query("COMMIT");
      await client.end();
    },
  };
}

describe("floods of output", () => {
  it("keeps the heartbeat beating while a step's last lines are still being stored", async () => {
    // A worker of its own, with nothing else to do. Its runs go stale after 3 s without a heartbeat
    // (tests/support/deploys.ts).
    worker = await launch();
    const runId = await deploy([shell("Ends fast", "seq 1 100; sleep 0.5")]);
    await waitForStep(prisma, runId, 0, "RUNNING");
    const lock = await blockLogWrites();
    // The step ends after 0.5 s; its lines wait for the lock, twice as long as the stale bound.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    await lock.release();
    const run = await waitForRun(prisma, runId, ["SUCCEEDED", "FAILED", "NEEDS_DECISION"], 15_000);
    expect(run.status).toBe("SUCCEEDED");
    const [step] = await stepsOf(prisma, runId);
    expect(step).toMatchObject({ status: "SUCCEEDED", attempt: 1 });
    expect((await logOf(prisma, step!.id)).filter((l) => l.stream === "STDOUT")).toHaveLength(100);
  }, 30_000);

  it("keeps the worker small and every step's outcome true: yes until its timeout, 3M lines, one 50 MB line", async () => {
    await worker!.stop("SIGTERM");
    // Stale after 6 s instead of 3: the machine running the tests may be loaded, and a heartbeat gap of a
    // few seconds is not what this test is about. Before the fix the gap lasted minutes.
    worker = await launch({ PREFLIGHT_HEARTBEAT_STALE_SECONDS: "6" });
    const rss = sampleRss(worker.child.pid!);
    // Not idempotent: a step wrongly declared dead would stop its run for a decision (NEEDS_DECISION).
    const [yes, lines, longLine] = await Promise.all([
      deploy([shell("Chatty", "yes", { timeoutSeconds: 5 })]),
      deploy([shell("Counts", "seq 1 3000000")]),
      deploy([shell("Long line", "head -c 52428800 /dev/zero | tr '\\0' a; echo; echo after")]),
    ]);
    const ended = ["SUCCEEDED", "FAILED", "NEEDS_DECISION", "CANCELLED"] as const;
    const [yesRun, linesRun, longRun] = await Promise.all([waitForRun(prisma, yes, [...ended], 30_000), waitForRun(prisma, lines, [...ended], 30_000), waitForRun(prisma, longLine, [...ended], 30_000)]);
    const maxRss = rss.stop();
    console.log(`worker RSS max ${maxRss.toFixed(0)} MB`);

    expect(yesRun.status).toBe("FAILED");
    const [chatty] = await stepsOf(prisma, yes);
    expect(chatty).toMatchObject({ status: "FAILED", error: "Timed out after 5 s" });
    expect(linesRun.status).toBe("SUCCEEDED");
    expect(longRun.status).toBe("SUCCEEDED");
    expect(await prisma.auditEvent.count({ where: { type: "deploy.step_interrupted" } })).toBe(0);
    expect(maxRss).toBeLessThan(300);

    // 3M lines: the first 2,000 and the last 8,000 entries of the step's budget, with the gap said.
    const [counts] = await stepsOf(prisma, lines);
    const log = await logOf(prisma, counts!.id);
    expect(log.length).toBeLessThanOrEqual(10_001);
    const stdout = log.filter((l) => l.stream === "STDOUT").map((l) => l.line);
    expect(stdout[0]).toBe("1");
    expect(stdout.at(-1)).toBe("3000000");
    expect(log.find((l) => l.stream === "SYSTEM" && l.line.startsWith("…"))?.line).toMatch(/^… 2,990,\d{3} lines dropped/);
    expect(log.at(-1)).toMatchObject({ stream: "SYSTEM", line: "Succeeded (exit code 0)" });

    // yes: bounded too, and the timeout is in its log.
    const yesLog = await logOf(prisma, chatty!.id);
    expect(yesLog.length).toBeLessThanOrEqual(10_005);
    expect(yesLog.map((l) => l.line)).toEqual(expect.arrayContaining(["Timed out after 5 s: sending TERM", "Failed: Timed out after 5 s"]));

    // The 50 MB line is cut to the line cap, and the line after it is whole.
    const [long] = await stepsOf(prisma, longLine);
    const longLog = (await logOf(prisma, long!.id)).filter((l) => l.stream === "STDOUT");
    expect(longLog.map((l) => l.line.length)).toEqual([8_000 + "… (52420800 more bytes cut)".length, 5]);
    expect(longLog[0]!.line.endsWith("a… (52420800 more bytes cut)")).toBe(true);
    expect(longLog[1]!.line).toBe("after");
  }, 60_000);

  it("pauses a command's output while the database cannot take its lines, and loses none", async () => {
    await worker!.stop("SIGTERM");
    // A budget large enough that every line goes to the writer as it comes (nothing is dropped).
    // (Stale after 10 s: while log writes are blocked, a recovery sweep would wait on the same lock.)
    worker = await launch({ PREFLIGHT_STEP_LOG_MAX_LINES: "1000000", PREFLIGHT_STEP_LOG_MAX_BYTES: "100000000", PREFLIGHT_HEARTBEAT_STALE_SECONDS: "10" });
    const dir = scratchDir();
    const lock = await blockLogWrites();
    const runId = await deploy([shell("Prints", "seq 1 150000; touch $DIR/done", { env: { DIR: dir } })]);
    await waitForStep(prisma, runId, 0, "RUNNING");
    // Without backpressure the worker would read all 150,000 lines into memory at once and the command
    // would be done in well under a second.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(existsSync(path.join(dir, "done"))).toBe(false);
    await lock.release();
    expect((await waitForRun(prisma, runId, ["SUCCEEDED", "FAILED", "NEEDS_DECISION"], 20_000)).status).toBe("SUCCEEDED");
    expect(existsSync(path.join(dir, "done"))).toBe(true);
    const [step] = await stepsOf(prisma, runId);
    const stdout = (await logOf(prisma, step!.id)).filter((l) => l.stream === "STDOUT").map((l) => l.line);
    expect(stdout).toHaveLength(150_000);
    expect(stdout[149_999]).toBe("150000");
  }, 40_000);
});
