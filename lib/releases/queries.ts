import "server-only";
import { db } from "@/lib/db";

/**
 * Done/total checklist items per release, in one grouped query for any number of releases. The
 * emergency-rollback phase is left out: it is only worked through when a release is rolled back.
 */
export async function getChecklistProgress(releaseIds: string[]): Promise<Map<string, { done: number; total: number }>> {
  const progress = new Map(releaseIds.map((id) => [id, { done: 0, total: 0 }]));
  if (releaseIds.length === 0) return progress;
  const groups = await db.releaseItem.groupBy({
    by: ["releaseId", "state"],
    where: { releaseId: { in: releaseIds }, phase: { not: "ROLLBACK" } },
    _count: { _all: true },
  });
  for (const group of groups) {
    const entry = progress.get(group.releaseId)!;
    entry.total += group._count._all;
    // N/A counts as settled: nothing left to do for it.
    if (group.state !== "OPEN") entry.done += group._count._all;
  }
  return progress;
}

export interface ListReleasesOptions {
  /** Page size. */
  take: number;
}

/**
 * Releases across all projects, newest first (createdAt, then id, matching the index), with their
 * checklist progress (2 queries). `hasMore` says whether older releases exist beyond `take`.
 */
export async function listReleases({ take }: ListReleasesOptions) {
  const rows = await db.release.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    select: {
      id: true,
      version: true,
      title: true,
      status: true,
      plannedAt: true,
      releasedAt: true,
      createdAt: true,
      project: { select: { id: true, slug: true, name: true } },
      releaseManager: { select: { name: true } },
    },
  });
  const hasMore = rows.length > take;
  const releases = hasMore ? rows.slice(0, take) : rows;
  const progress = await getChecklistProgress(releases.map((r) => r.id));
  return {
    releases: releases.map((release) => ({ ...release, progress: progress.get(release.id)! })),
    hasMore,
  };
}

export type ReleaseListEntry = Awaited<ReturnType<typeof listReleases>>["releases"][number];
