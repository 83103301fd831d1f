// Reads for the REST API, shaped as its schemas (./schemas.ts). Lists are keyset-paged (./pagination.ts);
// single resources reuse the domain queries the pages use, so the API shows what the UI shows.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { getRunDetail, getStepLogs, listProjectFlags } from "@/lib/deploys/queries";
import type { ProjectFlag, RunDetail } from "@/lib/deploys/types";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import { getChecklistProgress, getReleaseDetail, type ReleaseDetail } from "@/lib/releases/queries";
import { decodeCursor, pageFrom } from "./pagination";
import type { flagSchema, projectSchema, releaseSchema, releaseSummarySchema, runSchema, runSummarySchema, timelineEventSchema } from "./schemas";

type Out<S extends z.ZodType> = z.input<S>;
const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const person = { select: { id: true, name: true } } as const;

// ---------------------------------------------------------------- projects

const projectSelect = { id: true, slug: true, name: true, description: true, repositoryUrl: true, baselineVersion: true, createdAt: true } as const;

function projectOut(project: {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  repositoryUrl: string | null;
  baselineVersion: string | null;
  createdAt: Date;
}): Out<typeof projectSchema> {
  return { ...project, createdAt: project.createdAt.toISOString() };
}

export async function listProjectsPage(page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor, z.object({ slug: z.string().max(100) }));
  const rows = await db.project.findMany({ where: after ? { slug: { gt: after.slug } } : {}, orderBy: { slug: "asc" }, take: page.limit + 1, select: projectSelect });
  const result = pageFrom(rows, page.limit, (row) => ({ slug: row.slug }));
  return { data: result.data.map(projectOut), nextCursor: result.nextCursor };
}

export async function findProject(slug: string) {
  const project = await db.project.findUnique({ where: { slug }, select: projectSelect });
  return project ? projectOut(project) : null;
}

// ---------------------------------------------------------------- releases

const releaseSummarySelect = {
  id: true, version: true, title: true, status: true, plannedAt: true, createdAt: true, updatedAt: true,
  project: { select: { id: true, slug: true, name: true } },
  releaseManager: person,
} as const;

type ReleaseSummaryRow = {
  id: string;
  version: string;
  title: string;
  status: ReleaseStatus;
  plannedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  project: { id: string; slug: string; name: string };
  releaseManager: { id: string; name: string };
};

function releaseSummaryOut(row: ReleaseSummaryRow, progress: { done: number; total: number }): Out<typeof releaseSummarySchema> {
  return { ...row, plannedAt: iso(row.plannedAt), createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(), progress };
}

const releaseCursor = z.object({ at: z.iso.datetime(), id: z.string().max(64) });

/** A project's releases, newest first, optionally of some statuses or one version. */
export async function listReleasesPage(projectId: string, page: { limit: number; cursor?: string; status?: ReleaseStatus[]; version?: string }) {
  const after = decodeCursor(page.cursor, releaseCursor);
  const rows = await db.release.findMany({
    where: {
      projectId,
      ...(page.status?.length ? { status: { in: page.status } } : {}),
      ...(page.version ? { version: page.version } : {}),
      ...(after ? { OR: [{ createdAt: { lt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
    select: releaseSummarySelect,
  });
  const result = pageFrom(rows, page.limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
  const progress = await getChecklistProgress(result.data.map((r) => r.id));
  return { data: result.data.map((row) => releaseSummaryOut(row, progress.get(row.id)!)), nextCursor: result.nextCursor };
}

export async function getRelease(id: string): Promise<Out<typeof releaseSchema> | null> {
  const [detail, summary] = await Promise.all([getReleaseDetail(id), db.release.findUnique({ where: { id }, select: releaseSummarySelect })]);
  if (!detail || !summary) return null;
  const progress = (await getChecklistProgress([id])).get(id)!;
  return {
    ...releaseSummaryOut(summary, progress),
    templateName: detail.templateName,
    sections: detail.sections.map((s) => ({ id: s.id, phase: s.phase, title: s.title })),
    items: detail.items.map((item) => ({
      id: item.id,
      sectionId: item.sectionId,
      phase: item.phase,
      title: item.title,
      detail: item.detail,
      command: item.command,
      required: item.required,
      state: item.state,
      note: item.note,
      evidenceUrl: item.evidenceUrl,
      naReason: item.naReason,
      rowVersion: item.rowVersion,
      tickedAt: iso(item.tickedAt),
      tickedBy: item.tickedBy,
      tickedByDeploy: item.tickedByRunId !== null,
    })),
    signoffs: detail.signoffRequirements.map(signoffOut),
    breakGlass: detail.breakGlassAt
      ? {
          at: detail.breakGlassAt.toISOString(),
          by: detail.breakGlassBy,
          reason: detail.breakGlassReason ?? "",
          missingSignoffs: detail.breakGlassMissing,
          signoffsDueAt: iso(detail.breakGlassSignoffsDueAt),
          overdueAt: iso(detail.breakGlassOverdueAt),
        }
      : null,
  };
}

function signoffOut(requirement: ReleaseDetail["signoffRequirements"][number]) {
  const { signoff } = requirement;
  return {
    id: requirement.id,
    title: requirement.title,
    role: requirement.role,
    excludeReleaseManager: requirement.excludeReleaseManager,
    status: !signoff ? ("missing" as const) : signoff.staleAt ? ("stale" as const) : ("signed" as const),
    dueAfterDeployAt: iso(requirement.dueAfterDeployAt),
    signoff: signoff
      ? {
          id: signoff.id,
          signedBy: signoff.signedBy,
          signedAt: signoff.signedAt.toISOString(),
          comment: signoff.comment,
          staleAt: iso(signoff.staleAt),
          staleReason: signoff.staleReason,
          afterBreakGlass: signoff.afterBreakGlass,
        }
      : null,
  };
}

export async function getReleaseSignoffs(releaseId: string) {
  const detail = await getReleaseDetail(releaseId);
  return detail ? detail.signoffRequirements.map(signoffOut) : null;
}

export async function releaseExists(id: string): Promise<boolean> {
  return (await db.release.count({ where: { id } })) > 0;
}

/** The item as the API shows it after a change. */
export async function getItem(id: string) {
  const item = await db.releaseItem.findUnique({ where: { id }, select: { releaseId: true } });
  if (!item) return null;
  return (await getRelease(item.releaseId))?.items.find((i) => i.id === id) ?? null;
}

// ---------------------------------------------------------------- deploys

function runSummaryOut(run: Pick<RunDetail, "id" | "kind" | "status" | "releaseId" | "pipelineVersion" | "startedBy" | "createdAt" | "startedAt" | "finishedAt">): Out<typeof runSummarySchema> {
  return { id: run.id, kind: run.kind, status: run.status, releaseId: run.releaseId, pipelineVersion: run.pipelineVersion, startedBy: run.startedBy, createdAt: run.createdAt, startedAt: run.startedAt, finishedAt: run.finishedAt };
}

export async function getRun(id: string): Promise<(Out<typeof runSchema> & { projectId: string }) | null> {
  const run = await getRunDetail(id);
  if (!run) return null;
  return {
    ...runSummaryOut(run),
    projectId: run.projectId,
    cancelledBy: run.cancelledBy,
    cancelReason: run.cancelReason,
    latest: run.latest,
    steps: run.steps.map((step) => ({
      id: step.id,
      position: step.position,
      name: step.name,
      kind: step.kind,
      status: step.status,
      attempt: step.attempt,
      startedAt: step.startedAt,
      finishedAt: step.finishedAt,
      exitCode: step.exitCode,
      error: step.error,
      skipReason: step.skipReason,
      approvedBy: step.approvedBy,
      approvedAt: step.approvedAt,
    })),
  };
}

/** The release's deploy and rollback runs, newest first. */
export async function listRunsPage(releaseId: string, page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor, z.object({ sequence: z.string().regex(/^\d{1,19}$/) }));
  const rows = await db.deployRun.findMany({
    where: { releaseId, ...(after ? { sequence: { lt: BigInt(after.sequence) } } : {}) },
    orderBy: { sequence: "desc" },
    take: page.limit + 1,
    select: { id: true, kind: true, status: true, releaseId: true, sequence: true, createdAt: true, startedAt: true, finishedAt: true, startedBy: person, pipeline: { select: { version: true } } },
  });
  const result = pageFrom(rows, page.limit, (row) => ({ sequence: row.sequence.toString() }));
  return {
    data: result.data.map((row) =>
      runSummaryOut({ ...row, pipelineVersion: row.pipeline?.version ?? null, createdAt: row.createdAt.toISOString(), startedAt: iso(row.startedAt), finishedAt: iso(row.finishedAt) }),
    ),
    nextCursor: result.nextCursor,
  };
}

export async function getRunStepLogs(runId: string, stepId: string, page: { after: string | null; limit: number }) {
  const step = await db.deployStep.findFirst({ where: { id: stepId, runId }, select: { id: true } });
  return step ? getStepLogs(step.id, { afterId: page.after, take: page.limit }) : null;
}

// ---------------------------------------------------------------- flags

function flagOut(flag: ProjectFlag): Out<typeof flagSchema> {
  const change = flag.lastChange;
  return {
    key: flag.key,
    description: flag.description,
    enabled: flag.enabled,
    rolloutPercent: flag.rolloutPercent,
    updatedAt: flag.updatedAt,
    lastChange: change ? { enabled: change.enabled, rolloutPercent: change.percent, at: change.at, by: change.actor, reason: change.reason, releaseId: change.release?.id ?? null } : null,
  };
}

export async function listFlags(projectId: string) {
  return (await listProjectFlags(projectId)).map(flagOut);
}

export async function findFlag(projectId: string, key: string) {
  const flag = (await listProjectFlags(projectId)).find((f) => f.key === key);
  return flag ? { id: flag.id, ...flagOut(flag) } : null;
}

// ---------------------------------------------------------------- timeline

/** The release's audit events, newest first, with who did each and the API token it was done with. */
export async function timelinePage(releaseId: string, page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor, z.object({ id: z.string().regex(/^\d{1,19}$/) }));
  const rows = await db.auditEvent.findMany({
    where: { releaseId, ...(after ? { id: { lt: BigInt(after.id) } } : {}) },
    orderBy: { id: "desc" },
    take: page.limit + 1,
    select: { id: true, at: true, type: true, payload: true, actor: person, apiTokenId: true, apiTokenName: true },
  });
  const result = pageFrom(rows, page.limit, (row) => ({ id: row.id.toString() }));
  return {
    data: result.data.map((row): Out<typeof timelineEventSchema> => ({
      id: row.id.toString(),
      at: row.at.toISOString(),
      type: row.type,
      actor: row.actor,
      apiToken: row.apiTokenId ? { id: row.apiTokenId, name: row.apiTokenName ?? "" } : null,
      payload: row.payload && typeof row.payload === "object" && !Array.isArray(row.payload) ? (row.payload as Record<string, unknown>) : {},
    })),
    nextCursor: result.nextCursor,
  };
}
