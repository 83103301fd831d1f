import "server-only";
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
