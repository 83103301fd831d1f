import "server-only";
import { releaseHeadSelect } from "@/lib/releases/outcome";
import semver from "semver";
import { db } from "@/lib/db";
import { getChecklistProgress } from "@/lib/releases/queries";
import { setupSteps, type SetupFacts } from "./setup";

const RELEASES_PER_PROJECT = 5;

/** What a project says about itself on every page that shows it. */
const projectCardSelect = { id: true, slug: true, name: true, description: true, repositoryUrl: true } as const;

/** Active projects for the home page, each with its latest releases and their checklist progress (3 queries). */
export async function listProjectsWithRecentReleases() {
  const projects = await db.project.findMany({
    where: { archivedAt: null },
    orderBy: { name: "asc" },
    select: {
      ...projectCardSelect,
      _count: { select: { releases: true } },
      releases: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: RELEASES_PER_PROJECT,
        select: {
          // With the date of the outcome (keyDateOf): never "Released" for a rolled-back release.
          ...releaseHeadSelect,
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
 * Active projects for the "new release" form (1 query): each with its default template, its last released
 * version (the create action warns when a new version is not newer) and a suggested next version (the next
 * minor after the highest version any of its releases has).
 */
export async function listProjectOptions() {
  const projects = await db.project.findMany({
    where: { archivedAt: null },
    orderBy: { name: "asc" },
    select: { id: true, slug: true, name: true, defaultTemplateId: true, releases: { select: { version: true, status: true } } },
  });
  const highest = (versions: string[]) => versions.filter((v) => semver.valid(v)).sort(semver.rcompare)[0] ?? null;
  return projects.map(({ releases, ...project }) => {
    const lastReleased = highest(releases.filter((r) => r.status === "RELEASED").map((r) => r.version));
    const latest = highest(releases.map((r) => r.version));
    return { ...project, lastReleased, suggestedVersion: latest ? semver.inc(latest, "minor") : "0.1.0" };
  });
}

export type ProjectOption = Awaited<ReturnType<typeof listProjectOptions>>[number];

/** How many projects exist, archived ones included (none: the installation is not set up yet). */
export async function countProjects(): Promise<number> {
  return db.project.count();
}

/** The enabled admins' names, for pages that say who can set things up. */
export async function listAdminNames(): Promise<string[]> {
  const admins = await db.user.findMany({ where: { role: "ADMIN", disabledAt: null }, orderBy: { name: "asc" }, select: { name: true } });
  return admins.map((a) => a.name);
}

/** A project's own fields for its set-up page, archived or not; null when unknown. */
export async function getProjectSettings(slug: string) {
  if (!slug || slug.length > 100) return null;
  return db.project.findUnique({
    where: { slug },
    select: {
      ...projectCardSelect,
      baselineVersion: true,
      backupMaxAgeHours: true,
      archivedAt: true,
      defaultTemplate: { select: { id: true, name: true, archivedAt: true } },
      _count: { select: { releases: true } },
    },
  });
}

export type ProjectSettings = NonNullable<Awaited<ReturnType<typeof getProjectSettings>>>;

/** What the set-up steps of these projects depend on (lib/projects/setup.ts), by project id (4 queries). */
export async function getSetupFacts(projectIds: string[]): Promise<Map<string, SetupFacts>> {
  if (projectIds.length === 0) return new Map();
  const [projects, pipelines, users] = await Promise.all([
    db.project.findMany({
      where: { id: { in: projectIds } },
      select: { id: true, defaultTemplate: { select: { name: true, archivedAt: true } }, _count: { select: { flags: true } } },
    }),
    db.pipeline.groupBy({ by: ["projectId", "kind"], where: { projectId: { in: projectIds } }, _max: { version: true } }),
    db.user.count({ where: { disabledAt: null } }),
  ]);
  const latest = (projectId: string, kind: "DEPLOY" | "ROLLBACK") =>
    pipelines.find((p) => p.projectId === projectId && p.kind === kind)?._max.version ?? null;
  return new Map(
    projects.map((project) => [
      project.id,
      {
        template: project.defaultTemplate && !project.defaultTemplate.archivedAt ? { name: project.defaultTemplate.name } : null,
        pipelines: { deploy: latest(project.id, "DEPLOY"), rollback: latest(project.id, "ROLLBACK") },
        flags: project._count.flags,
        users,
      },
    ]),
  );
}

/** Every project, archived ones last, with its set-up steps (the first-run page's list). */
export async function listProjectsForSetup() {
  const projects = await db.project.findMany({
    orderBy: [{ archivedAt: { sort: "desc", nulls: "first" } }, { name: "asc" }],
    select: { id: true, slug: true, name: true, archivedAt: true },
  });
  const facts = await getSetupFacts(projects.map((p) => p.id));
  return projects.map((project) => ({ ...project, steps: setupSteps(facts.get(project.id) ?? null) }));
}

/** The project's variables with who set each last and when. */
export async function listProjectVariables(projectId: string) {
  const variables = await db.projectVariable.findMany({
    where: { projectId },
    orderBy: { name: "asc" },
    select: { name: true, value: true, updatedAt: true, updatedBy: { select: { name: true } } },
  });
  return variables.map((v) => ({ name: v.name, value: v.value, updatedAt: v.updatedAt.toISOString(), updatedBy: v.updatedBy?.name ?? null }));
}

export type ProjectVariableRow = Awaited<ReturnType<typeof listProjectVariables>>[number];
