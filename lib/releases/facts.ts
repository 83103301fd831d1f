// What the lifecycle rules need to know about a release, read inside the caller's transaction.
import type { Db } from "@/lib/db-types";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import type { ReleaseFacts } from "./rules";

/** A sign-off requirement holds when it has a sign-off that is neither revoked nor stale. */
export const validSignoff = { revokedAt: null, staleAt: null } as const;

export async function loadReleaseFacts(db: Db, releaseId: string): Promise<(ReleaseFacts & { id: string; releaseManagerId: string; projectId: string; version: string }) | null> {
  const release = await db.release.findUnique({
    where: { id: releaseId },
    select: {
      id: true, status: true, version: true, projectId: true, releaseManagerId: true, monitoringAt: true, monitoringWindowHours: true,
      items: { select: { phase: true, required: true, state: true } },
      signoffRequirements: {
        orderBy: { position: "asc" },
        select: { title: true, signoffs: { where: validSignoff, select: { id: true }, take: 1 } },
      },
    },
  });
  if (!release) return null;
  return {
    ...release,
    signoffs: release.signoffRequirements.map((r) => ({ title: r.title, satisfied: r.signoffs.length > 0 })),
  };
}

/** Takes the release's row lock so that concurrent changes to one release apply one after another. */
export async function lockRelease(db: Db, releaseId: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id FROM "Release" WHERE id = ${releaseId} FOR UPDATE`;
  return rows.length > 0;
}

/**
 * Takes the row lock of the item's release (an item never changes release) and reads what an item change
 * checks about it, in one statement; null when the item does not exist.
 */
export async function lockReleaseOfItem(
  db: Db,
  itemId: string,
): Promise<{ id: string; status: ReleaseStatus; projectId: string; closedAt: Date | null } | null> {
  const rows = await db.$queryRaw<{ id: string; status: string; projectId: string; closedAt: Date | null }[]>`
    SELECT id, status::text AS status, "projectId", "closedAt" FROM "Release"
    WHERE id = (SELECT "releaseId" FROM "ReleaseItem" WHERE id = ${itemId}) FOR UPDATE`;
  const row = rows[0];
  return row ? { ...row, status: row.status as ReleaseStatus } : null;
}
