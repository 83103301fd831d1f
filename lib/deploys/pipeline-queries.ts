// The pipelines page's reads beyond the latest version: every saved version, the diff between two of them,
// and a dry run of the latest version for one release of the project.
import "server-only";
import { db } from "@/lib/db";
import type { PipelineKind } from "@/lib/generated/prisma/enums";
import { loadReleaseVariables } from "@/lib/projects/release-variables";
import { getPublicUrl } from "@/lib/env";
import { dryRunPipeline, type DryRunStep } from "./dry-run";
import { diffPipelineVersions, type PipelineDiff } from "./pipeline-diff";
import { pipelineStepsSchema } from "./pipeline-schema";
import { maskSecretEnvValues } from "./secret-env";

export interface PipelineVersionSummary {
  kind: PipelineKind;
  version: number;
  steps: number;
  createdAt: string;
  createdBy: string | null;
}

/** Version history, newest first, per kind (the latest 100 of each). */
export async function listPipelineVersions(projectId: string): Promise<Record<PipelineKind, PipelineVersionSummary[]>> {
  const rows = await db.pipeline.findMany({
    where: { projectId },
    orderBy: [{ kind: "asc" }, { version: "desc" }],
    select: { kind: true, version: true, steps: true, createdAt: true, createdBy: { select: { name: true } } },
    take: 200,
  });
  const byKind: Record<PipelineKind, PipelineVersionSummary[]> = { DEPLOY: [], ROLLBACK: [] };
  for (const row of rows) {
    if (byKind[row.kind].length >= 100) continue;
    byKind[row.kind].push({
      kind: row.kind,
      version: row.version,
      steps: Array.isArray(row.steps) ? row.steps.length : 0,
      createdAt: row.createdAt.toISOString(),
      createdBy: row.createdBy?.name ?? null,
    });
  }
  return byKind;
}

/** The line diff between two versions of one pipeline, or null when either does not exist. */
export async function getPipelineDiff(projectId: string, kind: PipelineKind, from: number, to: number): Promise<PipelineDiff | null> {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) return null;
  const rows = await db.pipeline.findMany({ where: { projectId, kind, version: { in: [from, to] } }, select: { version: true, steps: true } });
  const stepsOf = (version: number) => rows.find((r) => r.version === version)?.steps;
  if (stepsOf(from) === undefined || stepsOf(to) === undefined) return null;
  // Secret environment values are write-only: a change to one is not shown.
  return diffPipelineVersions(maskSecretEnvValues(stepsOf(from)), maskSecretEnvValues(stepsOf(to)));
}

export interface DryRunRelease {
  id: string;
  version: string;
  title: string;
}

/** Releases to dry-run a pipeline for: the project's latest 50. */
export async function listDryRunReleases(projectId: string): Promise<DryRunRelease[]> {
  return db.release.findMany({ where: { projectId }, orderBy: { createdAt: "desc" }, take: 50, select: { id: true, version: true, title: true } });
}

export type DryRunResult =
  | { ok: true; release: DryRunRelease; pipelineVersion: number; steps: DryRunStep[] }
  | { ok: false; message: string };

/** The latest `kind` pipeline with the release's variables filled in. Nothing runs, nothing is written. */
export async function getPipelineDryRun(projectId: string, kind: PipelineKind, releaseId: string): Promise<DryRunResult> {
  if (!releaseId || releaseId.length > 64) return { ok: false, message: "Choose a release of this project." };
  const release = await db.release.findUnique({ where: { id: releaseId }, select: { id: true, version: true, title: true, projectId: true } });
  if (!release || release.projectId !== projectId) return { ok: false, message: "That release is not a release of this project." };
  const pipeline = await db.pipeline.findFirst({ where: { projectId, kind }, orderBy: { version: "desc" }, select: { version: true, steps: true } });
  if (!pipeline) return { ok: false, message: `This project has no ${kind === "DEPLOY" ? "deploy" : "rollback"} pipeline yet.` };
  const steps = pipelineStepsSchema.safeParse(pipeline.steps);
  if (!steps.success) return { ok: false, message: `Version ${pipeline.version} of this pipeline no longer passes the step schema; save it again.` };
  const variables = await loadReleaseVariables(db, release.id, getPublicUrl());
  if (!variables) return { ok: false, message: "That release does not exist (any more)." };
  return { ok: true, release: { id: release.id, version: release.version, title: release.title }, pipelineVersion: pipeline.version, steps: dryRunPipeline(steps.data, { RUN_ID: "(the run's id)", ...variables }) };
}
