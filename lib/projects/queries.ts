import "server-only";
import semver from "semver";
import { db } from "@/lib/db";
import { getChecklistProgress } from "@/lib/releases/queries";

const RELEASES_PER_PROJECT = 5;

/** Projects for the home page, each with its latest releases and their checklist progress (3 queries). */
export async function listProjectsWithRecentReleases() {
  const projects = await db.project.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      slug: true,
      name: true,
      description: true,
      repositoryUrl: true,
      _count: { select: { releases: true } },
      releases: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: RELEASES_PER_PROJECT,
        select: {
          id: true,
          version: true,
          title: true,
          status: true,
          plannedAt: true,
          releasedAt: true,
          // The date of the outcome (lib/releases/outcome.ts keyDateOf): never "Released" for a rolled-back release.
          deployingAt: true,
          monitoringAt: true,
          failedAt: true,
          rollingBackAt: true,
          rolledBackAt: true,
          cancelledAt: true,
          releaseManager: { select: { name: true } },
        },
      },
    },
  });
  const progress = await getChecklistProgress(projects.flatMap((p) => p.releases.map((r) => r.id)));
  return projects.map((project) => ({
    ...project,
    releases: project.releases.map((release) => ({ ...release, progress: progress.get(release.id)! })),
  }));
}

export type ProjectWithRecentReleases = Awaited<ReturnType<typeof listProjectsWithRecentReleases>>[number];

/**
 * Projects for the "new release" form (1 query): each with its last released version (the create action
 * warns when a new version is not newer) and a suggested next version (the next minor after the highest
 * version any of its releases has).
 */
export async function listProjectOptions() {
  const projects = await db.project.findMany({
    orderBy: { name: "asc" },
    select: { id: true, slug: true, name: true, releases: { select: { version: true, status: true } } },
  });
  const highest = (versions: string[]) => versions.filter((v) => semver.valid(v)).sort(semver.rcompare)[0] ?? null;
  return projects.map(({ releases, ...project }) => {
    const lastReleased = highest(releases.filter((r) => r.status === "RELEASED").map((r) => r.version));
    const latest = highest(releases.map((r) => r.version));
    return { ...project, lastReleased, suggestedVersion: latest ? semver.inc(latest, "minor") : "0.1.0" };
  });
}

export type ProjectOption = Awaited<ReturnType<typeof listProjectOptions>>[number];
