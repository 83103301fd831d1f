// The chaos scenarios behind `npm run chaos` (bench/chaos.ts, full size) and their short versions in
// tests/integration/chaos.test.ts. Each one drives real worker processes against a real PostgreSQL,
// starts deploys and ticks items through the server actions' own code (called in-process with a signed-in
// actor, not over HTTP: `ctx.act`), and returns one line of figures plus whether anything was lost.
import path from "node:path";
import { auditTypes } from "@/lib/audit/events/types";
import type { ActionResult } from "@/lib/actions/define-action";
import type { CurrentUser } from "@/lib/auth/session";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createScenario, markerLines, scratchDir, shell } from "../../tests/support/deploy-fixtures";
import { startWorker, type WorkerProcess } from "../../tests/support/deploys";
import { sampleRss } from "../../tests/support/rss";

export type ActionName = "startDeploy" | "updateItem";

export interface ChaosContext {
  prisma: PrismaClient;
  url: string;
  manager: CurrentUser;
  /** Calls a server action's own code as `actor`. */
  act: <T>(actor: CurrentUser, action: ActionName, input: unknown) => Promise<ActionResult<T>>;
  /** Worker environment (e.g. short heartbeats) added to every worker this scenario starts. */
  workerEnv?: Record<string, string>;
}

export interface ChaosResult {
  line: string;
  ok: boolean;
  details: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SETTLED = ["SUCCEEDED", "FAILED", "CANCELLED", "NEEDS_DECISION", "WAITING"] as const;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const seconds = (ms: number) => (Number.isNaN(ms) ? "n/a" : `${(ms / 1000).toFixed(1)} s`);

async function launch(ctx: ChaosContext, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const worker = startWorker(ctx.url, { PREFLIGHT_WORKER_CONCURRENCY: "4", ...ctx.workerEnv, ...env });
  const deadline = Date.now() + 30_000;
  while (!worker.output().includes("started")) {
    if (worker.child.exitCode !== null || Date.now() > deadline) throw new Error(`The worker did not start:\n${worker.output()}`);
    await sleep(25);
  }
  return worker;
}

/** Starts a deploy; an internal failure (e.g. its transaction timed out on a starved machine) is retried
 *  with the same request key, as a person clicking again would, and counted in `startRetries`. */
let startRetries = 0;
async function startRun(ctx: ChaosContext, releaseId: string, actor = ctx.manager, requestKey = crypto.randomUUID()): Promise<ActionResult<{ runId: string }>> {
  for (let attempt = 1; ; attempt++) {
    const result = await ctx.act<{ runId: string }>(actor, "startDeploy", { releaseId, requestKey });
    if (result.ok || result.code !== "error" || attempt === 3) return result;
    startRetries += 1;
  }
}
const retriesNote = () => (startRetries > 0 ? `; start requests retried after an internal error: ${startRetries}` : "");

/** Waits until no run of `runIds` is QUEUED or RUNNING (or the deadline passes); returns those that still are. */
async function settle(ctx: ChaosContext, runIds: string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A query may fail once per pooled connection after PostgreSQL restarted: try again.
    const open = await ctx.prisma.deployRun.findMany({ where: { id: { in: runIds }, status: { notIn: [...SETTLED] } }, select: { id: true } }).catch(() => null);
    if (open && (open.length === 0 || Date.now() > deadline)) return open.map((r) => r.id);
    if (!open && Date.now() > deadline) return runIds;
    await sleep(200);
  }
}

/**
 * SIGKILL the worker at random points (runs QUEUED, mid-step, between steps) while `runs` deploys go
 * through pipelines of idempotent and non-idempotent steps; every step appends to a marker file.
 * Lost: a run still QUEUED or RUNNING long after the last kill. A non-idempotent re-run: its marker
 * has two lines (recovery must stop for a decision instead). Recovery: kill → the step's INTERRUPTED.
 */
export async function workerKills(ctx: ChaosContext, options: { runs: number; wave: number; settleMs: number }): Promise<ChaosResult> {
  const { prisma } = ctx;
  const runs: { runId: string; dir: string }[] = [];
  const kills: number[] = [];
  let worker = await launch(ctx);
  const workers = [worker];
  try {
    while (runs.length < options.runs) {
      const wave = Math.min(options.wave, options.runs - runs.length);
      for (let i = 0; i < wave; i++) {
        const dir = scratchDir();
        const env = { DIR: dir };
        const { releaseId } = await createScenario(prisma, ctx.manager, {
          deploy: [
            shell("Prepare", "echo x >> $DIR/prepare; sleep 0.3", { env, idempotent: true }),
            shell("Migrate", "echo x >> $DIR/migrate; sleep 0.6", { env, idempotent: false }),
            shell("Switch", "echo x >> $DIR/switch; sleep 0.2", { env, idempotent: true }),
          ],
        });
        const result = await startRun(ctx, releaseId);
        if (!result.ok) throw new Error(`startDeploy failed: ${result.message}`);
        runs.push({ runId: result.data.runId, dir });
      }
      // A random point: 0 ms (runs still QUEUED, maybe fetched by the worker) to mid-pipeline.
      await sleep(Math.random() * 1_500);
      await worker.stop("SIGKILL");
      kills.push(Date.now());
      worker = await launch(ctx);
      workers.push(worker);
    }
    const open = await settle(ctx, runs.map((r) => r.runId), options.settleMs);
    const statuses = await prisma.deployRun.findMany({ where: { id: { in: runs.map((r) => r.runId) } }, select: { id: true, status: true } });
    const nonIdempotentReruns = runs.filter((r) => markerLines(path.join(r.dir, "migrate")) > 1).length;
    const completedTwice = runs.filter((r) => markerLines(path.join(r.dir, "switch")) > 1 && statuses.find((s) => s.id === r.runId)?.status === "SUCCEEDED").length;
    const interrupted = await prisma.auditEvent.findMany({ where: { type: auditTypes.stepInterrupted }, select: { at: true, payload: true } });
    const ours = interrupted.filter((e) => runs.some((r) => r.runId === (e.payload as { runId?: string }).runId));
    const recovery = ours.map((e) => {
      const killedAt = [...kills].reverse().find((k) => k <= e.at.getTime()) ?? kills[0]!;
      return e.at.getTime() - killedAt;
    });
    const byStatus = statuses.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.status]: (acc[s.status] ?? 0) + 1 }), {});
    const stuck = await prisma.deployRun.findMany({ where: { id: { in: open } }, select: { id: true, status: true } });
    // What the queue says about a lost run's job: "active" with a dead worker is a job lost with it.
    const jobStates = async (runId: string) =>
      (await prisma.$queryRawUnsafe<{ state: string }[]>(`SELECT state::text FROM pgboss.job WHERE name = 'deploy-run' AND data->>'runId' = $1`, runId)).map((j) => j.state).join(", ") || "none";
    return {
      line: `worker kills: ${options.runs} runs, ${open.length} lost, ${nonIdempotentReruns} non-idempotent re-runs, recovery p50 ${seconds(percentile(recovery, 50))} max ${seconds(recovery.length > 0 ? Math.max(...recovery) : NaN)}`,
      ok: open.length === 0 && nonIdempotentReruns === 0,
      details: [
        `${kills.length} SIGKILLs, ${ours.length} steps interrupted; runs by status ${JSON.stringify(byStatus)}; idempotent steps completed twice: ${completedTwice}${retriesNote()}`,
        ...(await Promise.all(stuck.map(async (r) => `lost: run ${r.id} still ${r.status} (its queue jobs: ${await jobStates(r.id)})`))),
      ],
    };
  } finally {
    for (const w of workers) await w.stop("SIGKILL");
  }
}

/**
 * Three floods at once on one worker: `yes` until its timeout, `seq 1 3000000`, and one 50 MB line.
 * Figures: the worker's largest RSS, and steps declared dead while they were in fact running.
 */
export async function outputFloods(ctx: ChaosContext, options: { yesTimeoutSeconds: number }): Promise<ChaosResult> {
  const { prisma } = ctx;
  const worker = await launch(ctx);
  try {
    const rss = sampleRss(worker.child.pid!);
    const steps = [
      shell("Chatty", "yes", { timeoutSeconds: options.yesTimeoutSeconds }),
      shell("Counts", "seq 1 3000000", { timeoutSeconds: 120 }),
      shell("Long line", "head -c 52428800 /dev/zero | tr '\\0' a; echo; echo after", { timeoutSeconds: 120 }),
    ];
    const runIds: string[] = [];
    for (const step of steps) {
      const { releaseId } = await createScenario(prisma, ctx.manager, { deploy: [step] });
      const result = await startRun(ctx, releaseId);
      if (!result.ok) throw new Error(`startDeploy failed: ${result.message}`);
      runIds.push(result.data.runId);
    }
    const open = await settle(ctx, runIds, options.yesTimeoutSeconds * 1000 + 60_000);
    const maxRss = rss.stop();
    const runs = await prisma.deployRun.findMany({ where: { id: { in: runIds } }, select: { id: true, status: true, steps: { select: { status: true, error: true } } } });
    const statusOf = (id: string) => runs.find((r) => r.id === id)!;
    const falseInterrupts = await prisma.auditEvent.count({ where: { type: auditTypes.stepInterrupted, OR: runIds.map((runId) => ({ payload: { path: ["runId"], equals: runId } })) } });
    const expected =
      statusOf(runIds[0]!).steps[0]?.error === `Timed out after ${options.yesTimeoutSeconds} s` && statusOf(runIds[1]!).status === "SUCCEEDED" && statusOf(runIds[2]!).status === "SUCCEEDED";
    return {
      line: `output floods: yes, 3M lines, 50 MB line: worker rss max ${Math.round(maxRss)} MB, ${falseInterrupts} false interrupts`,
      ok: open.length === 0 && falseInterrupts === 0 && maxRss < 300 && expected,
      details: runIds.map((id, i) => {
        const r = statusOf(id);
        return `${steps[i]!.name}: run ${r.status}, step ${r.steps[0]?.status} ${r.steps[0]?.error ?? ""}`.trim();
      }),
    };
  } finally {
    await worker.stop("SIGKILL");
  }
}

/**
 * Two "web" callers (concurrent in-process callers of the start-deploy action, each with its own request
 * keys) both start every one of `runs` releases, in different orders, while two workers take the runs.
 * Each step appends the run's id to a marker file: a step run twice shows as a second line.
 */
export async function twoWebTwoWorkers(ctx: ChaosContext, options: { runs: number; settleMs: number }): Promise<ChaosResult> {
  const { prisma } = ctx;
  const releases: { releaseId: string; dir: string }[] = [];
  for (let i = 0; i < options.runs; i++) {
    const dir = scratchDir();
    const env = { DIR: dir };
    const { releaseId } = await createScenario(prisma, ctx.manager, {
      deploy: [shell("Build", "echo $RUN_ID >> $DIR/build", { env, idempotent: false }), shell("Ship", "echo $RUN_ID >> $DIR/ship", { env, idempotent: false })],
    });
    releases.push({ releaseId, dir });
  }
  const workers = [await launch(ctx), await launch(ctx)];
  try {
    const web = async (order: typeof releases) => {
      let accepted = 0;
      for (const { releaseId } of order) if ((await startRun(ctx, releaseId)).ok) accepted += 1;
      return accepted;
    };
    const accepted = await Promise.all([web(releases), web([...releases].reverse())]);
    const runIds = (await prisma.deployRun.findMany({ where: { releaseId: { in: releases.map((r) => r.releaseId) } }, select: { id: true } })).map((r) => r.id);
    const open = await settle(ctx, runIds, options.settleMs);
    const steps = await prisma.deployStep.findMany({ where: { runId: { in: runIds } }, select: { name: true, status: true, attempt: true, error: true, run: { select: { id: true, status: true } } } });
    const ranTwice = releases.reduce((sum, r) => sum + (markerLines(path.join(r.dir, "build")) > 1 ? 1 : 0) + (markerLines(path.join(r.dir, "ship")) > 1 ? 1 : 0), 0);
    const notDone = steps.filter((s) => s.status !== "SUCCEEDED").length;
    const doubleRuns = releases.length - new Set((await prisma.deployRun.findMany({ where: { id: { in: runIds } }, select: { releaseId: true } })).map((r) => r.releaseId)).size;
    return {
      line: `two web + two workers: ${runIds.length} runs, ${ranTwice} steps run twice`,
      ok: ranTwice === 0 && open.length === 0 && runIds.length === options.runs && notDone === 0,
      details: [`start requests accepted per web caller: ${accepted.join(" + ")}; runs ${runIds.length} for ${releases.length} releases (${doubleRuns} extra); steps not SUCCEEDED: ${notDone}; runs still open: ${open.length}${retriesNote()}`,
        ...steps.filter((s) => s.status !== "SUCCEEDED").slice(0, 5).map((s) => `step ${s.name} ${s.status} (attempt ${s.attempt}) of run ${s.run.id} ${s.run.status}: ${s.error ?? ""}`),
      ],
    };
  } finally {
    for (const w of workers) await w.stop("SIGKILL");
  }
}

/**
 * Two release managers toggle the same 10 optional items `ticks` times each, concurrently, each change
 * naming the item version it read (the UI's optimistic concurrency). Afterwards each item's state must
 * equal the replay of its audit events (ticked → DONE, unticked → OPEN, in order), and each accepted
 * change must be exactly one event.
 */
export async function conflictingTicks(ctx: ChaosContext, options: { ticks: number; second: CurrentUser }): Promise<ChaosResult> {
  const { prisma } = ctx;
  const { releaseId, itemIds } = await tickableRelease(ctx);
  const actor = async (who: CurrentUser) => {
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < options.ticks; i++) {
      const id = itemIds[Math.floor(Math.random() * itemIds.length)]!;
      const seen = await prisma.releaseItem.findUniqueOrThrow({ where: { id }, select: { state: true, rowVersion: true } });
      const result = await ctx.act(who, "updateItem", { itemId: id, rowVersion: seen.rowVersion, change: seen.state === "DONE" ? { kind: "untick", reason: "Chaos: toggled back" } : { kind: "tick" } });
      if (result.ok) accepted += 1;
      else if (result.code === "conflict") refused += 1;
      else throw new Error(`updateItem failed: ${result.code} ${result.message}`);
    }
    return { accepted, refused };
  };
  const results = await Promise.all([actor(ctx.manager), actor(options.second)]);
  const events = await prisma.auditEvent.findMany({ where: { releaseId, type: { in: [auditTypes.itemTicked, auditTypes.itemUnticked] } }, orderBy: { id: "asc" }, select: { type: true, payload: true } });
  const replay = new Map<string, string>(itemIds.map((id) => [id, "OPEN"]));
  for (const event of events) replay.set((event.payload as { itemId: string }).itemId, event.type === auditTypes.itemTicked ? "DONE" : "OPEN");
  const final = await prisma.releaseItem.findMany({ where: { releaseId }, select: { id: true, state: true, rowVersion: true } });
  const mismatches = final.filter((i) => replay.get(i.id) !== i.state).length;
  const accepted = results.reduce((sum, r) => sum + r.accepted, 0);
  const versions = final.reduce((sum, i) => sum + i.rowVersion - 1, 0);
  const equal = mismatches === 0 && accepted === events.length && versions === events.length;
  return {
    line: `conflicting ticks: 2×${options.ticks.toLocaleString("en-US")}, ${equal ? "state equals audit replay" : `state differs from audit replay (${mismatches} items)`}`,
    ok: equal,
    details: [`accepted ${results.map((r) => r.accepted).join(" + ")}, refused as conflicts ${results.map((r) => r.refused).join(" + ")}; audit events ${events.length}; version increments ${versions}`],
  };
}

/** A release with 10 optional pre-release items that can be ticked and unticked at will. */
async function tickableRelease(ctx: ChaosContext): Promise<{ releaseId: string; itemIds: string[] }> {
  const { prisma } = ctx;
  const project = await prisma.project.create({ data: { slug: `ticks-${Math.random().toString(36).slice(2, 8)}`, name: "Ticks" } });
  const release = await prisma.release.create({
    data: { projectId: project.id, version: "1.0.0", title: "Ticks", status: "PREPARING", releaseManagerId: ctx.manager.id, createdById: ctx.manager.id, templateName: "Chaos", templateSnapshot: {} },
  });
  const section = await prisma.releaseSection.create({ data: { releaseId: release.id, phase: "PRE_RELEASE", title: "Checks", position: 0 } });
  await prisma.releaseItem.createMany({
    data: Array.from({ length: 10 }, (_, i) => ({ releaseId: release.id, sectionId: section.id, phase: "PRE_RELEASE" as const, title: `Check ${i + 1}`, required: false, position: i })),
  });
  const items = await prisma.releaseItem.findMany({ where: { releaseId: release.id }, select: { id: true } });
  return { releaseId: release.id, itemIds: items.map((i) => i.id) };
}

/**
 * Stops and starts PostgreSQL (`restartPostgres`) while deploy runs execute on a worker and a release
 * manager keeps ticking items. Acknowledged: a tick whose action answered ok. Lost: an item with fewer
 * audit events (written in the tick's own transaction) than acknowledged ticks. Recovery: from PostgreSQL
 * being back to the first acknowledged tick and the first step claimed or ended after it (the later one).
 */
export async function postgresRestart(ctx: ChaosContext, options: { runs: number; downMs: number; restartPostgres: (downMs: number) => Promise<number>; settleMs: number }): Promise<ChaosResult> {
  const { prisma } = ctx;
  const { releaseId, itemIds } = await tickableRelease(ctx);
  const worker = await launch(ctx);
  const runs: { runId: string; dir: string }[] = [];
  try {
    for (let i = 0; i < options.runs; i++) {
      const dir = scratchDir();
      const env = { DIR: dir };
      const scenario = await createScenario(prisma, ctx.manager, {
        deploy: [
          shell("Prepare", "echo x >> $DIR/prepare; sleep 1", { env, idempotent: true }),
          shell("Migrate", "echo x >> $DIR/migrate; sleep 1", { env, idempotent: false }),
          shell("Switch", "echo x >> $DIR/switch", { env, idempotent: true }),
        ],
      });
      const result = await startRun(ctx, scenario.releaseId);
      if (!result.ok) throw new Error(`startDeploy failed: ${result.message}`);
      runs.push({ runId: result.data.runId, dir });
    }
    const acked = new Map<string, number>();
    const ackTimes: number[] = [];
    let failures = 0;
    let ticking = true;
    const ticker = (async () => {
      while (ticking) {
        const id = itemIds[Math.floor(Math.random() * itemIds.length)]!;
        try {
          const seen = await prisma.releaseItem.findUniqueOrThrow({ where: { id }, select: { state: true, rowVersion: true } });
          const result = await ctx.act(ctx.manager, "updateItem", { itemId: id, rowVersion: seen.rowVersion, change: seen.state === "DONE" ? { kind: "untick", reason: "Chaos: toggled back" } : { kind: "tick" } });
          if (result.ok) {
            acked.set(id, (acked.get(id) ?? 0) + 1);
            ackTimes.push(Date.now());
          } else failures += 1;
        } catch {
          failures += 1;
          await sleep(100);
        }
      }
    })();
    await sleep(1_500);
    const backAt = await options.restartPostgres(options.downMs);
    const open = await settle(ctx, runs.map((r) => r.runId), options.settleMs);
    ticking = false;
    await ticker;

    const firstAck = ackTimes.find((t) => t >= backAt);
    const stepMoves = await prisma.auditEvent.findFirst({
      where: { type: { startsWith: "deploy.step_" }, at: { gte: new Date(backAt) }, OR: runs.map((r) => ({ payload: { path: ["runId"], equals: r.runId } })) },
      orderBy: { at: "asc" },
      select: { at: true },
    });
    const recoveryMs = firstAck !== undefined && stepMoves ? Math.max(firstAck, stepMoves.at.getTime()) - backAt : NaN;
    const events = await prisma.auditEvent.findMany({ where: { releaseId, type: { in: [auditTypes.itemTicked, auditTypes.itemUnticked] } }, select: { payload: true } });
    const eventsPer = new Map<string, number>();
    for (const e of events) {
      const itemId = (e.payload as { itemId: string }).itemId;
      eventsPer.set(itemId, (eventsPer.get(itemId) ?? 0) + 1);
    }
    const lost = itemIds.reduce((sum, id) => sum + Math.max(0, (acked.get(id) ?? 0) - (eventsPer.get(id) ?? 0)), 0);
    const ackedTotal = [...acked.values()].reduce((a, b) => a + b, 0);
    const statuses = await prisma.deployRun.findMany({ where: { id: { in: runs.map((r) => r.runId) } }, select: { status: true } });
    const byStatus = statuses.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.status]: (acc[s.status] ?? 0) + 1 }), {});
    const nonIdempotentReruns = runs.filter((r) => markerLines(path.join(r.dir, "migrate")) > 1).length;
    return {
      line: `postgres restart: recovery ${Number.isNaN(recoveryMs) ? "n/a" : (recoveryMs / 1000).toFixed(1)} s, ${lost} acknowledged writes lost`,
      ok: lost === 0 && open.length === 0 && nonIdempotentReruns === 0 && !Number.isNaN(recoveryMs),
      details: [
        `down ${options.downMs / 1000} s; ticks acknowledged ${ackedTotal}, failed (refused or database away) ${failures}, audit events ${events.length} (committed without an answer: ${events.length - ackedTotal + lost})`,
        `runs by status ${JSON.stringify(byStatus)}; still open ${open.length}; non-idempotent steps re-run ${nonIdempotentReruns}${retriesNote()}`,
        `worker ${worker.child.exitCode === null && worker.child.signalCode === null ? "still running" : `exited (${worker.child.exitCode ?? worker.child.signalCode})`}; its last output: ${worker.output().split("\n").filter(Boolean).slice(-40).join(" | ").slice(0, 6000)}`,
      ],
    };
  } finally {
    await worker.stop("SIGKILL");
  }
}
