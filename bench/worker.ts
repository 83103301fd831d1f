// npm run bench:worker: how fast one deploy worker process picks up and runs deploy runs, in a throwaway
// PostgreSQL (DATABASE_URL's server when set, else an embedded one).
//
//   pickup      100 deploys started one after another through the server action's own code path
//               (executeAction(startDeployAction): permission, checks, run + steps + lock + audit + enqueue
//               in one transaction). Latency = from that transaction's commit (measured here, as the
//               action returns) to the step's startedAt (written by the worker). Same machine, same clock;
//               startedAt has millisecond precision.
//   throughput  100 runs of 5 steps each, created and enqueued in ONE transaction (the action's writes,
//               replicated, so that the worker finds them all at once), then the time from that commit
//               to the last run's finishedAt: steps per second.
//
// The step is a FLAG step without applyCommand/applyUrl: no process and no network, so the figures are
// the queue and the engine (claiming the run and each step, heartbeats, logs, outcome and audit writes)
// plus the flag's own small transaction. A SHELL `true` step would mostly measure fork/exec.
//
// The worker runs with its production settings (PREFLIGHT_WORKER_CONCURRENCY 4, heartbeat 2 s).
// The figures in docs/PERFORMANCE.md ("Deploy worker") come from this script.
import "./server-stubs";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { CurrentUser } from "@/lib/auth/session";
import type { Prisma } from "@/lib/generated/prisma/client";
import { withBenchDatabase } from "./scratch-database";
import { machineLine, percentile } from "./support";

const { auditTypes } = await import("@/lib/audit/events/types");
const { recordAuditEvent } = await import("@/lib/audit/record");
const { enqueueRun, closeQueueSender } = await import("@/lib/deploys/queue");
// Kept as a namespace: destructuring would widen actionDefinition's `unique symbol` type to `symbol`.
const actions = await import("@/lib/actions/define-action");
const { startDeployAction } = await import("@/lib/deploys/actions");
const { startWorker } = await import("../tests/support/deploys");

const PICKUP_RUNS = 100;
const WARMUP_RUNS = 5;
const THROUGHPUT_RUNS = 100;
const STEPS_PER_RUN = 5;

const flagStep = (key: string) => ({ kind: "FLAG", name: `Set ${key}`, idempotent: true, config: { flagKey: key, enabled: true } }) as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nowMs = () => performance.timeOrigin + performance.now();

console.log(machineLine());

await withBenchDatabase(async (url, prisma) => {
  const user = await prisma.user.create({ data: { email: "bench@bench.local", name: "Bench Manager", role: "RELEASE_MANAGER" } });
  const actor: CurrentUser = { id: user.id, email: user.email, name: user.name, role: user.role };
  const project = await prisma.project.create({ data: { slug: "bench", name: "Bench" } });
  await prisma.pipeline.create({ data: { projectId: project.id, kind: "DEPLOY", version: 1, steps: [flagStep("BENCH_PICKUP")] } });
  const releaseData = (projectId: string, version: string) => ({
    projectId,
    version,
    title: `Bench ${version}`,
    status: "READY" as const,
    readyAt: new Date(),
    releaseManagerId: user.id,
    createdById: user.id,
    templateName: "Bench",
    templateSnapshot: {},
  });
  await prisma.release.createMany({ data: Array.from({ length: WARMUP_RUNS + PICKUP_RUNS }, (_, i) => releaseData(project.id, `1.0.${i}`)) });
  const releases = await prisma.release.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "asc" }, select: { id: true } });

  // The worker counts its statements to PostgreSQL (bench/count-queries.mjs): each is a round trip.
  const countFile = path.join(os.tmpdir(), `preflight-bench-queries-${process.pid}.json`);
  const countQueries = pathToFileURL(path.join(import.meta.dirname, "count-queries.mjs")).href;
  const readCounts = async (): Promise<{ total: number; queue: number }> => {
    rmSync(countFile, { force: true });
    worker.child.kill("SIGUSR2");
    while (!existsSync(countFile)) await sleep(5);
    await sleep(5);
    return JSON.parse(readFileSync(countFile, "utf8")) as { total: number; queue: number };
  };
  const worker = startWorker(url, {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${countQueries}`.trim(),
    PREFLIGHT_BENCH_QUERY_COUNT_FILE: countFile,
    PREFLIGHT_RUN_HEARTBEAT_SECONDS: "2",
    PREFLIGHT_HEARTBEAT_STALE_SECONDS: "15",
    PREFLIGHT_KILL_GRACE_SECONDS: "5",
    PREFLIGHT_DRAIN_SECONDS: "15",
    PREFLIGHT_WORKER_CONCURRENCY: "4",
  });
  try {
    while (!worker.output().includes("started")) {
      if (worker.child.exitCode !== null) throw new Error(`The worker exited:\n${worker.output()}`);
      await sleep(20);
    }

    // ---------------------------------------------------------------- pickup latency
    const definition = startDeployAction[actions.actionDefinition]!;
    const latencies: number[] = [];
    for (const [index, release] of releases.entries()) {
      const result = await actions.executeAction(definition, { releaseId: release.id, requestKey: `bench-pickup-${index}` }, actor);
      const committedAt = nowMs();
      if (!result.ok) throw new Error(`startDeploy failed: ${result.message}`);
      const { runId } = result.data;
      for (;;) {
        const run = await prisma.deployRun.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
        if (run.status === "SUCCEEDED") break;
        if (run.status !== "QUEUED" && run.status !== "RUNNING") throw new Error(`Run ${runId} ended ${run.status}`);
        await sleep(5);
      }
      const step = await prisma.deployStep.findFirstOrThrow({ where: { runId }, select: { startedAt: true } });
      if (index >= WARMUP_RUNS) latencies.push(step.startedAt!.getTime() - committedAt);
    }
    latencies.sort((a, b) => a - b);
    console.log(`pickup p50 ${percentile(latencies, 50).toFixed(1)} ms p95 ${percentile(latencies, 95).toFixed(1)} ms max ${latencies.at(-1)!.toFixed(1)} ms`);

    // ---------------------------------------------------------------- throughput
    // One project per run, as each project holds one deploy at a time; each step sets a flag of its own.
    const projects = await prisma.project.createManyAndReturn({
      data: Array.from({ length: THROUGHPUT_RUNS }, (_, i) => ({ slug: `bench-${i}`, name: `Bench ${i}` })),
      select: { id: true },
    });
    const throughputReleases = await prisma.release.createManyAndReturn({ data: projects.map((p, i) => releaseData(p.id, `2.0.${i}`)), select: { id: true, projectId: true } });
    const runIds: string[] = [];
    const countsBefore = await readCounts();
    await prisma.$transaction(
      async (tx) => {
        for (const [i, release] of throughputReleases.entries()) {
          const steps = Array.from({ length: STEPS_PER_RUN }, (_, s) => flagStep(`BENCH_${i}_${s}`));
          const run = await tx.deployRun.create({
            data: {
              releaseId: release.id,
              projectId: release.projectId,
              kind: "DEPLOY",
              requestKey: `bench-throughput-${i}`,
              startedById: user.id,
              steps: { create: steps.map((step, position) => ({ position, name: step.name, kind: step.kind, idempotent: step.idempotent, config: step.config as Prisma.InputJsonValue })) },
            },
            select: { id: true },
          });
          await tx.deployLock.create({ data: { projectId: release.projectId, runId: run.id, heldById: user.id } });
          await tx.release.update({ where: { id: release.id }, data: { status: "DEPLOYING", deployingAt: new Date() } });
          // What startDeployAction records (these runs have no pipeline row: version 0).
          await recordAuditEvent(tx, { type: auditTypes.deployStarted, actorId: user.id, releaseId: release.id, projectId: release.projectId, payload: { runId: run.id, pipelineVersion: 0 } });
          await enqueueRun(tx, run.id);
          runIds.push(run.id);
        }
      },
      { timeout: 60_000 },
    );
    const enqueuedAt = nowMs();
    for (;;) {
      const open = await prisma.deployRun.count({ where: { id: { in: runIds }, status: { in: ["QUEUED", "RUNNING"] } } });
      if (open === 0) break;
      await sleep(20);
    }
    const countsAfter = await readCounts();
    const notSucceeded = await prisma.deployRun.count({ where: { id: { in: runIds }, status: { not: "SUCCEEDED" } } });
    if (notSucceeded > 0) throw new Error(`${notSucceeded} throughput runs did not succeed`);
    const last = await prisma.deployRun.aggregate({ where: { id: { in: runIds } }, _max: { finishedAt: true } });
    const seconds = (last._max.finishedAt!.getTime() - enqueuedAt) / 1000;
    const steps = THROUGHPUT_RUNS * STEPS_PER_RUN;
    console.log(`throughput ${Math.round(steps / seconds)} steps/s (${THROUGHPUT_RUNS} runs x ${STEPS_PER_RUN} steps in ${seconds.toFixed(2)} s)`);
    // Includes the worker's own background loops (its heartbeat and sweeps, a few statements a second).
    const total = countsAfter.total - countsBefore.total;
    const queue = countsAfter.queue - countsBefore.queue;
    if (process.env.PREFLIGHT_BENCH_QUERY_TEXTS === "1") console.error(JSON.stringify(countsAfter, null, 1));
    console.log(`round trips per step ${(total / steps).toFixed(1)} (${total} statements for ${steps} steps, ${queue} of them the queue's)`);
    console.log(`load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  } finally {
    await worker.stop("SIGTERM");
    rmSync(countFile, { force: true });
    await closeQueueSender();
    await prisma.$disconnect();
    const { db } = await import("@/lib/db");
    await db.$disconnect();
  }
});
