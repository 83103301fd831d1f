// The variables of one release, read from the database: used by the worker for its steps and by the release
// page for its item commands, so both fill in the same values.
import type { Db } from "@/lib/db-types";
import { previousReleasedVersion, releaseVariables } from "./variables";

/** Every variable's value for the release (see releaseVariables), or null for an unknown release. */
export async function loadReleaseVariables(db: Db, releaseId: string, publicUrl: string): Promise<Record<string, string> | null> {
  const release = await db.release.findUnique({
    where: { id: releaseId },
    select: {
      id: true,
      version: true,
      project: {
        select: {
          slug: true,
          baselineVersion: true,
          variables: { select: { name: true, value: true } },
          releases: { where: { status: "RELEASED" }, select: { version: true } },
        },
      },
    },
  });
  if (!release) return null;
  return releaseVariables({
    version: release.version,
    previousVersion: previousReleasedVersion(release.project.releases.map((r) => r.version), release.version, release.project.baselineVersion),
    projectSlug: release.project.slug,
    releaseId: release.id,
    publicUrl,
    projectVariables: release.project.variables,
  });
}
