// What the deploy UI reads: runs with their steps, step logs, the project's deploy lock, its feature flags
// and pipelines. Everything comes back JSON-safe (see ./types.ts) so that server components and the route
// handlers the client polls hand over the same shapes.
import { closeRolledBackRefusal, incidentItemSelect } from "@/lib/releases/outcome";
import { approvalPolicyOf } from "./approval-rules";
import "server-only";
import { db } from "@/lib/db";
import { changePercentOf, rolloutOf } from "@/lib/flags/rollout";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { StepStatus } from "@/lib/generated/prisma/enums";
import { getWorkerHealth } from "@/lib/worker/heartbeat";
import { chunkIdOfLine, linesOfChunks } from "./log-chunks";
import { isRunActive } from "./rules";
import type {
  LatestPipelines,
  PipelineView,
  ProjectFlag,
  ProjectLock,
  ProbeResultsPage,
  RunDetail,
  RunStepView,
  RunSummary,
  StepCounts,
  StepLogsPage,
  WorkerStatus,
} from "./types";

const person = { select: { id: true, name: true } } as const;
const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

function configValue(config: Prisma.JsonValue, key: string): unknown {
  return config && typeof config === "object" && !Array.isArray(config) ? (config as Record<string, unknown>)[key] : undefined;
}

/** A run with its steps in order, who started and cancelled it, and the approvals given. Null when unknown. */
export async function getRunDetail(runId: string): Promise<RunDetail | null> {
  if (!runId || runId.length > 64) return null;
  const run = await db.deployRun.findUnique({
    where: { id: runId },
    select: {
      id: true, kind: true, status: true, releaseId: true, projectId: true, cancelReason: true, createdAt: true, startedAt: true, finishedAt: true,
      heartbeatAt: true,
      startedBy: person,
      cancelledBy: person,
      pipeline: { select: { version: true } },
      release: { select: { id: true, version: true, title: true, status: true, monitoringAt: true, monitoringWindowHours: true } },
      project: { select: { id: true, slug: true, name: true } },
      steps: {
        orderBy: { position: "asc" },
        select: {
          id: true, position: true, name: true, kind: true, config: true, status: true, idempotent: true, attempt: true, startedAt: true,
          finishedAt: true, exitCode: true, error: true, skipReason: true, approvedAt: true,
          approvedBy: person,
        },
      },
    },
  });
  if (!run) return null;
  // Only the release's newest run can still move it (or be retried); older ones are history.
  const newest = await db.deployRun.findFirst({ where: { releaseId: run.releaseId }, orderBy: { sequence: "desc" }, select: { id: true } });
  const steps: RunStepView[] = run.steps.map(({ config, ...step }) => {
    const instructions = step.kind === "APPROVAL" ? configValue(config, "instructions") : undefined;
    const seconds = step.kind === "WAIT" ? configValue(config, "seconds") : undefined;
    return {
      ...step,
      startedAt: iso(step.startedAt),
      finishedAt: iso(step.finishedAt),
      approvedAt: iso(step.approvedAt),
      instructions: typeof instructions === "string" && instructions ? instructions : null,
      waitSeconds: typeof seconds === "number" ? seconds : null,
      approval: step.kind === "APPROVAL" ? approvalPolicyOf(config) : null,
    };
  });
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    releaseId: run.releaseId,
    projectId: run.projectId,
    release: { ...run.release, monitoringAt: iso(run.release.monitoringAt) },
    project: run.project,
    pipelineVersion: run.pipeline?.version ?? null,
    startedBy: run.startedBy,
    cancelledBy: run.cancelledBy,
    cancelReason: run.cancelReason,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    heartbeatAt: iso(run.heartbeatAt),
    latest: newest?.id === run.id,
    steps,
    approvals: steps.flatMap((step) => (step.approvedAt ? [{ stepId: step.id, stepName: step.name, by: step.approvedBy, at: step.approvedAt }] : [])),
  };
}

export const LOG_PAGE_SIZE = 500;
export const MAX_LOG_PAGE_SIZE = 2000;

/** Log lines of a step in order, after the line `afterId` (exclusive). Masking of secrets happened when they were written. */
export async function getStepLogs(stepId: string, options: { afterId?: string | null; take?: number } = {}): Promise<StepLogsPage> {
  const take = Math.min(Math.max(1, Math.floor(options.take ?? LOG_PAGE_SIZE)), MAX_LOG_PAGE_SIZE);
  const after = options.afterId && /^\d{1,19}$/.test(options.afterId) ? BigInt(options.afterId) : null;
  const chunks = [];
  let available = 0;
  // A chunk holds from one line (a slow step's flush) to thousands: read a few, then more, until the page is full.
  for (let fromChunk = after !== null ? chunkIdOfLine(after) : 0n, perRead = 4; ; perRead = Math.min(perRead * 4, 256)) {
    const page = await db.stepLogChunk.findMany({
      where: { stepId, id: { gte: fromChunk } },
      orderBy: { id: "asc" },
      take: perRead,
      select: { id: true, attempt: true, lineCount: true, firstAt: true, lines: true, streams: true, offsets: true },
    });
    chunks.push(...page);
    available += linesOfChunks(page, after, take + 1 - available).length;
    if (page.length < perRead || available > take) break;
    fromChunk = page[page.length - 1]!.id + 1n;
  }
  const lines = linesOfChunks(chunks, after, take + 1);
  const hasMore = lines.length > take;
  return { lines: hasMore ? lines.slice(0, take) : lines, hasMore };
}

export const PROBE_RESULTS_PAGE_SIZE = 200;
export const MAX_PROBE_RESULTS_PAGE_SIZE = 1000;

/**
 * A release's probe results (or one step's), the newest `take` before the result `before` (exclusive),
 * returned oldest first. Bounded: a monitoring window that probes every 10 s for a day has 8,640 checks;
 * pages of at most MAX_PROBE_RESULTS_PAGE_SIZE, read newest first through the (releaseId, at) index.
 */
export async function listReleaseProbeResults(releaseId: string, options: { stepId?: string; before?: string | null; take?: number } = {}): Promise<ProbeResultsPage> {
  const take = Math.min(Math.max(1, Math.floor(options.take ?? PROBE_RESULTS_PAGE_SIZE)), MAX_PROBE_RESULTS_PAGE_SIZE);
  const rows = await db.probeResult.findMany({
    where: { releaseId, ...(options.stepId ? { stepId: options.stepId } : {}) },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    ...(options.before ? { cursor: { id: options.before }, skip: 1 } : {}),
    take: take + 1,
    select: { id: true, stepId: true, runId: true, attempt: true, at: true, ok: true, value: true, baseline: true, message: true },
  });
  const hasMore = rows.length > take;
  const results = rows.slice(0, take).reverse().map((row) => ({ ...row, at: row.at.toISOString() }));
  return { results, hasMore };
}

/** Whether a step exists (the logs route answers 404 for an unknown step rather than an empty log). */
export async function stepExists(stepId: string): Promise<boolean> {
  if (!stepId || stepId.length > 64) return false;
  return (await db.deployStep.count({ where: { id: stepId } })) > 0;
}

const runSummarySelect = {
  id: true, kind: true, status: true, createdAt: true, startedAt: true, finishedAt: true,
  startedBy: person,
  pipeline: { select: { version: true } },
  release: { select: { id: true, version: true } },
} as const satisfies Prisma.DeployRunSelect;

type RunSummaryRow = Prisma.DeployRunGetPayload<{ select: typeof runSummarySelect }>;

async function summarise(runs: RunSummaryRow[]): Promise<RunSummary[]> {
  const counts = new Map<string, StepCounts>();
  if (runs.length > 0) {
    const groups = await db.deployStep.groupBy({ by: ["runId", "status"], where: { runId: { in: runs.map((r) => r.id) } }, _count: { _all: true } });
    for (const group of groups) {
      const entry = counts.get(group.runId) ?? {};
      entry[group.status as StepStatus] = group._count._all;
      counts.set(group.runId, entry);
    }
  }
  return runs.map((run) => {
    const stepCounts = counts.get(run.id) ?? {};
    return {
      id: run.id,
      kind: run.kind,
      status: run.status,
      release: run.release,
      startedBy: run.startedBy,
      createdAt: run.createdAt.toISOString(),
      startedAt: iso(run.startedAt),
      finishedAt: iso(run.finishedAt),
      pipelineVersion: run.pipeline?.version ?? null,
      totalSteps: Object.values(stepCounts).reduce((sum, n) => sum + (n ?? 0), 0),
      stepCounts,
    };
  });
}

/** The release's deploy and rollback runs, newest first, each with how many steps are in each status (2 queries). */
export async function getReleaseDeploys(releaseId: string, options: { take?: number } = {}): Promise<RunSummary[]> {
  const runs = await db.deployRun.findMany({
    where: { releaseId },
    orderBy: { sequence: "desc" },
    take: options.take ?? 20,
    select: runSummarySelect,
  });
  return summarise(runs);
}

/** The project's latest runs across its releases, newest first. */
export async function getProjectRuns(projectId: string, options: { take?: number } = {}): Promise<RunSummary[]> {
  const runs = await db.deployRun.findMany({
    where: { projectId },
    orderBy: { sequence: "desc" },
    take: options.take ?? 10,
    select: runSummarySelect,
  });
  return summarise(runs);
}

/** Who holds the project's deploy lock, since when, and for which run and release; null when free. */
export async function getProjectLock(projectId: string): Promise<ProjectLock | null> {
  const lock = await db.deployLock.findUnique({
    where: { projectId },
    select: {
      projectId: true,
      acquiredAt: true,
      takeoverReason: true,
      heldBy: person,
      run: { select: { id: true, kind: true, status: true, release: { select: { id: true, version: true } } } },
    },
  });
  // A lock row whose run has ended holds nothing (the next start takes it over): not shown as held.
  if (!lock || !isRunActive(lock.run.status)) return null;
  return { projectId: lock.projectId, holder: lock.heldBy, since: lock.acquiredAt.toISOString(), takeoverReason: lock.takeoverReason, run: lock.run };
}

/** The project's feature flags by key, each with its latest change (who, when, why, for which release). */
export async function listProjectFlags(projectId: string): Promise<ProjectFlag[]> {
  const flags = await db.featureFlag.findMany({
    where: { projectId },
    orderBy: { key: "asc" },
    select: {
      id: true, key: true, description: true, enabled: true, rolloutPercent: true, defaultEnabled: true, createdAt: true,
      createdBy: person,
      updatedAt: true,
      changes: {
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: 1,
        select: { enabled: true, rolloutPercent: true, at: true, reason: true, actor: person, release: { select: { id: true, version: true } } },
      },
    },
  });
  return flags.map(({ changes, ...flag }) => {
    const change = changes[0];
    return {
      ...flag,
      rolloutPercent: rolloutOf(flag),
      createdAt: flag.createdAt.toISOString(),
      updatedAt: flag.updatedAt.toISOString(),
      lastChange: change ? { enabled: change.enabled, percent: changePercentOf(change), at: change.at.toISOString(), actor: change.actor, reason: change.reason, release: change.release } : null,
    };
  });
}

/** The latest version of the project's deploy and of its rollback pipeline. */
export async function getLatestPipelines(projectId: string): Promise<LatestPipelines> {
  const [deploy, rollback] = await Promise.all(
    (["DEPLOY", "ROLLBACK"] as const).map((kind) =>
      db.pipeline.findFirst({
        where: { projectId, kind },
        orderBy: { version: "desc" },
        select: { id: true, kind: true, version: true, steps: true, createdAt: true, createdBy: person },
      }),
    ),
  );
  const view = (pipeline: typeof deploy): PipelineView | null =>
    pipeline ? { ...pipeline, steps: pipeline.steps as unknown, createdAt: pipeline.createdAt.toISOString() } : null;
  return { DEPLOY: view(deploy), ROLLBACK: view(rollback) };
}

/** Whether a worker is reporting (deploys wait in the queue while none is). */
export async function getWorkerStatus(): Promise<WorkerStatus> {
  const health = await getWorkerHealth(db);
  return { status: health.status, lastSeenAt: iso(health.workers[0]?.lastSeenAt) };
}

/**
 * Everything DeployPanel needs besides the release and the user, in one call for the page that renders it:
 * `<DeployPanel release={…} user={…} {...await getDeployPanelData(release.id, release.projectId)} />`.
 */
export async function getDeployPanelData(releaseId: string, projectId: string) {
  const [runs, lock, worker] = await Promise.all([getReleaseDeploys(releaseId), getProjectLock(projectId), getWorkerStatus()]);
  const latestRun = runs[0] ? await getRunDetail(runs[0].id) : null;
  return { runs, latestRun, lock, worker };
}

export type DeployPanelData = Awaited<ReturnType<typeof getDeployPanelData>>;

/**
 * The project page's live part: its current release, the lock, the latest 10 runs and the pipelines; null for an
 * unknown project. JSON-safe (dates as ISO strings).
 */
export async function getProjectDeploys(projectId: string) {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) return null;
  const [currentRelease, lock, runs, pipelines] = await Promise.all([
    getCurrentRelease(project.id),
    getProjectLock(project.id),
    getProjectRuns(project.id, { take: 10 }),
    getLatestPipelines(project.id),
  ]);
  return { currentRelease, lock, runs, pipelines };
}

export type ProjectDeploys = NonNullable<Awaited<ReturnType<typeof getProjectDeploys>>>;

/** The project page's facts: the project, or null for an unknown slug. */
export async function getProjectForDeploys(slug: string) {
  if (!slug || slug.length > 100) return null;
  return db.project.findUnique({
    where: { slug },
    select: { id: true, slug: true, name: true, description: true, repositoryUrl: true, baselineVersion: true, archivedAt: true },
  });
}

/**
 * The project's current release (the newest one still on its way: not released or cancelled, and not rolled back
 * unless its incident note is still missing) with what the deploy panel shows about it; null when there is none.
 */
async function getCurrentRelease(projectId: string) {
  const currentRelease = await db.release.findFirst({
    where: {
      projectId,
      OR: [{ status: { notIn: ["RELEASED", "ROLLED_BACK", "CANCELLED"] } }, { status: "ROLLED_BACK", closedAt: null }],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true, version: true, title: true, status: true, projectId: true, monitoringAt: true, monitoringWindowHours: true, closedAt: true,
      items: { where: { phase: "ROLLBACK" }, orderBy: { position: "asc" }, select: incidentItemSelect },
    },
  });
  if (!currentRelease) return null;
  const { items, monitoringAt, closedAt, ...release } = currentRelease;
  return {
    ...release,
    monitoringAt: iso(monitoringAt),
    closedAt: iso(closedAt),
    closeRefusal: closeRolledBackRefusal(currentRelease, items),
  };
}
