// npm run bench:logs: how fast the deploy worker stores a step's log lines, in a throwaway PostgreSQL
// (DATABASE_URL's server when set, else an embedded one) with the migrations applied (so the
// statement-level NOTIFY trigger on StepLogChunk runs as in production).
//
//   writer      LogWriter (lib/deploys/log-writer.ts) given 1,000,000 lines of ~60 bytes for one step as
//               fast as it takes them, with the per-step budget raised so that every line is stored:
//               time from the first line to `finish()` resolving (every row committed), in lines/s.
//   worker      A real worker process running `seq 1 1000000` as a SHELL step with the budget raised:
//               from the step's startedAt to its finishedAt (the step ends once its lines are stored),
//               i.e. pipe reading, line splitting, budget and writes together.
//
//   npm run bench:logs -- --lines 500000     another size for the writer and worker cases
// The figures in docs/PERFORMANCE.md ("Deploy logs") come from this script.
import os from "node:os";
import { withBenchDatabase } from "./scratch-database";
import { machineLine } from "./support";

const { enqueueRun, closeQueueSender } = await import("@/lib/deploys/queue");
const { LogWriter } = await import("@/lib/deploys/log-writer");
const { encodeChunk } = await import("@/lib/deploys/log-chunks");
const { startWorker } = await import("../tests/support/deploys");

const linesArg = process.argv.indexOf("--lines");
const LINES = linesArg > 0 ? Number(process.argv[linesArg + 1]) : 1_000_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rate = (lines: number, ms: number) => `${Math.round((lines / ms) * 1000).toLocaleString("en-US")} lines/s (${lines.toLocaleString("en-US")} lines in ${(ms / 1000).toFixed(2)} s)`;

console.log(machineLine());

await withBenchDatabase(async (url, prisma) => {
  const user = await prisma.user.create({ data: { email: "bench@bench.local", name: "Bench", role: "RELEASE_MANAGER" } });
  let releases = 0;
  async function newRun(steps: { name: string; kind: "SHELL"; config: object }[]) {
    const project = await prisma.project.create({ data: { slug: `bench-${releases}`, name: `Bench ${releases}` } });
    const release = await prisma.release.create({
      data: { projectId: project.id, version: `1.0.${releases++}`, title: "Bench", status: "DEPLOYING", releaseManagerId: user.id, createdById: user.id, templateName: "Bench", templateSnapshot: {} },
    });
    return prisma.deployRun.create({
      data: {
        releaseId: release.id,
        projectId: project.id,
        kind: "DEPLOY",
        requestKey: `bench-${releases}`,
        startedById: user.id,
        steps: { create: steps.map((step, position) => ({ position, name: step.name, kind: step.kind, idempotent: true, config: step.config })) },
      },
      select: { id: true, projectId: true, steps: { select: { id: true } } },
    });
  }
  /** Lines stored for a step (of one stream, if given). */
  async function storedLines(stepId: string, stream?: "STDOUT"): Promise<number> {
    // Streams are one letter per line (lib/deploys/log-chunks.ts): count the stream's letters.
    const [row] = await prisma.$queryRawUnsafe<{ n: bigint | null }[]>(
      stream
        ? `SELECT sum(char_length("streams") - char_length(replace("streams", 'O', ''))) AS n FROM "StepLogChunk" WHERE "stepId" = $1`
        : `SELECT sum("lineCount") AS n FROM "StepLogChunk" WHERE "stepId" = $1`,
      stepId,
    );
    return Number(row?.n ?? 0);
  }
  const text = (i: number) => `line ${i.toString().padStart(7, "0")} of the benchmark: compiling module ${i % 977}`;

  try {
    // ------------------------------------------------------------ writer
    const run = await newRun([{ name: "Writer", kind: "SHELL", config: { command: "true", env: [], timeoutSeconds: 60 } }]);
    const stepId = run.steps[0]!.id;
    const writer = new LogWriter(prisma, { maxLineBytes: 8_000, maxLinesPerStep: LINES * 2, maxBytesPerStep: LINES * 200 });
    const started = performance.now();
    for (let i = 0; i < LINES; i++) {
      writer.add({ stepId, attempt: 1, stream: "STDOUT", line: text(i), at: Date.now() });
      // As a command's pipes would: wait while the writer says it is saturated.
      if (writer.saturated()) await writer.drained();
    }
    await writer.finish();
    const writerMs = performance.now() - started;
    const stored = await storedLines(stepId);
    if (stored !== LINES) throw new Error(`stored ${stored} of ${LINES} lines`);
    console.log(`writer  ${rate(LINES, writerMs)}`);
    // PostgreSQL's own share: one more batch of 5,000 lines (one chunk row), explained (timings of the
    // foreign-key check and the statement-level NOTIFY trigger included). It does insert them.
    const chunk = encodeChunk(Array.from({ length: 5_000 }, (_, i) => ({ stepId, attempt: 1, stream: "STDOUT" as const, line: text(i), at: Date.now() })));
    const plan = await prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
        `EXPLAIN (ANALYZE) INSERT INTO "StepLogChunk" ("stepId", "attempt", "lineCount", "firstAt", "lines", "streams", "offsets")
         VALUES ($1, 1, $2::int, $3::timestamp(3), $4, $5, $6)`,
        stepId,
        chunk.lineCount,
        chunk.firstAt.toISOString(),
        chunk.lines,
        chunk.streams,
        chunk.offsets,
      );
      return rows.map((r) => r["QUERY PLAN"]);
    });
    const ms = (pattern: RegExp) => Number(plan.map((l) => pattern.exec(l)?.[1]).find(Boolean) ?? NaN);
    console.log(
      `postgres one batch of 5,000 lines: ${ms(/Execution Time: ([\d.]+)/).toFixed(1)} ms (foreign-key check ${ms(/StepLogChunk_stepId_fkey: time=([\d.]+)/).toFixed(1)} ms, NOTIFY trigger ${ms(/StepLogChunk_notify: time=([\d.]+)/).toFixed(1)} ms)`,
    );

    // ------------------------------------------------------------ worker
    const worker = startWorker(url, { PREFLIGHT_STEP_LOG_MAX_LINES: String(LINES * 2), PREFLIGHT_STEP_LOG_MAX_BYTES: String(LINES * 200), PREFLIGHT_HEARTBEAT_STALE_SECONDS: "15" });
    try {
      while (!worker.output().includes("started")) {
        if (worker.child.exitCode !== null) throw new Error(`The worker exited:\n${worker.output()}`);
        await sleep(20);
      }
      const seqRun = await newRun([{ name: "Seq", kind: "SHELL", config: { command: `seq 1 ${LINES}`, env: [], timeoutSeconds: 600 } }]);
      await prisma.$transaction(async (tx) => {
        await tx.deployLock.create({ data: { projectId: seqRun.projectId, runId: seqRun.id, heldById: user.id } });
        await enqueueRun(tx, seqRun.id);
      });
      for (;;) {
        const status = (await prisma.deployRun.findUniqueOrThrow({ where: { id: seqRun.id }, select: { status: true } })).status;
        if (status === "SUCCEEDED") break;
        if (status !== "QUEUED" && status !== "RUNNING") throw new Error(`the seq run ended ${status}:\n${worker.output()}`);
        await sleep(50);
      }
      const step = await prisma.deployStep.findUniqueOrThrow({ where: { id: seqRun.steps[0]!.id } });
      const storedSeq = await storedLines(step.id, "STDOUT");
      if (storedSeq !== LINES) throw new Error(`stored ${storedSeq} of ${LINES} seq lines`);
      console.log(`worker  ${rate(LINES, step.finishedAt!.getTime() - step.startedAt!.getTime())} (seq 1 ${LINES} as a SHELL step, read, split and stored)`);
    } finally {
      await worker.stop("SIGTERM");
    }
    console.log(`load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  } finally {
    await closeQueueSender();
    await prisma.$disconnect();
  }
});
