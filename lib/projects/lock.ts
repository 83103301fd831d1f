// Row locks on a project, so that archiving and creating a release cannot pass each other: archiving holds
// the row exclusively while it checks for releases in progress; creating a release holds it shared (releases
// of one project can still be created side by side) while it checks the project is not archived.
import type { Db } from "@/lib/db-types";

export interface LockedProject {
  id: string;
  name: string;
  archivedAt: Date | null;
}

/** Locks the project's row until the transaction ends; null when there is no such project. */
export async function lockProject(db: Db, projectId: string, mode: "share" | "update"): Promise<LockedProject | null> {
  const rows =
    mode === "update"
      ? await db.$queryRaw<LockedProject[]>`SELECT id, name, "archivedAt" FROM "Project" WHERE id = ${projectId} FOR UPDATE`
      : await db.$queryRaw<LockedProject[]>`SELECT id, name, "archivedAt" FROM "Project" WHERE id = ${projectId} FOR SHARE`;
  return rows[0] ?? null;
}
