// "What is deploying now": the active deploy and rollback runs across all projects, for the home page strip
// (components/live/deploying-now.tsx) and GET /api/deploying-now. Two bounded queries whatever the number of
// runs: the runs (at most DEPLOYING_NOW_LIMIT, with their step totals) and their current steps.
import "server-only";
import { db } from "@/lib/db";
import type { RunKind, RunStatus, StepStatus } from "@/lib/generated/prisma/enums";
import { ACTIVE_RUN_STATUSES } from "./rules";
import type { PersonRef } from "./types";

/** More active runs than this is not a strip any more; the oldest are shown (project locks keep it to one per project). */
export const DEPLOYING_NOW_LIMIT = 20;

export interface DeployingNowStep {
  id: string;
  name: string;
  /** 0-based, as stored; show position + 1. */
  position: number;
  status: StepStatus;
}

/** JSON-safe (dates as ISO strings): the same shape serves the server-rendered initial data and the route. */
export interface DeployingNowRun {
  runId: string;
  kind: RunKind;
  status: RunStatus;
  project: { id: string; slug: string; name: string };
  release: { id: string; version: string };
  /** The first step that has not finished: running, waiting, interrupted, or next in line. Null when every step is done. */
  currentStep: DeployingNowStep | null;
  totalSteps: number;
  startedBy: PersonRef;
  /** When the run was requested (it may still be queued). */
  createdAt: string;
  /** When a worker picked it up; null while queued. */
  startedAt: string | null;
}

// Steps that are behind the run: the current step is the first one (by position) not among these.
const DONE_STEP_STATUSES: StepStatus[] = ["SUCCEEDED", "SKIPPED", "CANCELLED"];

export async function listDeployingNow(): Promise<DeployingNowRun[]> {
  const runs = await db.deployRun.findMany({
    where: { status: { in: [...ACTIVE_RUN_STATUSES] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: DEPLOYING_NOW_LIMIT,
    select: {
      id: true, kind: true, status: true, createdAt: true, startedAt: true,
      project: { select: { id: true, slug: true, name: true } },
      release: { select: { id: true, version: true } },
      startedBy: { select: { id: true, name: true } },
      _count: { select: { steps: true } },
    },
  });
  if (runs.length === 0) return [];

  // One query for every run's current step: the lowest position not yet done, per run.
  const steps = await db.$queryRaw<(DeployingNowStep & { runId: string })[]>`
    SELECT DISTINCT ON ("runId") "runId", id, name, position, status::text AS status
    FROM "DeployStep"
    WHERE "runId" = ANY(${runs.map((run) => run.id)}::text[])
      AND status::text <> ALL(${DONE_STEP_STATUSES}::text[])
    ORDER BY "runId", position ASC`;
  const currentByRun = new Map(steps.map(({ runId, ...step }) => [runId, step]));

  return runs.map((run) => ({
    runId: run.id,
    kind: run.kind,
    status: run.status,
    project: run.project,
    release: run.release,
    currentStep: currentByRun.get(run.id) ?? null,
    totalSteps: run._count.steps,
    startedBy: run.startedBy,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt ? run.startedAt.toISOString() : null,
  }));
}
