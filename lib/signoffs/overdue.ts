// Sign-offs missing at a break-glass deploy become overdue at the release's due time. The worker's sweep
// records that once per release (release.break_glass_overdue, which the notification sweep turns into one
// notification), marking the release so that later sweeps pass it over. The row lock and the mark make
// concurrent sweeps harmless.
import { auditTypes } from "@/lib/audit/events/types";
import { recordAuditEvent } from "@/lib/audit/record";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { lockRelease, validSignoff } from "@/lib/releases/facts";

/** Requirements still owed after a break-glass deploy, past their due time at `now` (a Prisma where). */
export const overdueRequirementWhere = (now: Date) => ({ dueAfterDeployAt: { not: null, lte: now }, signoffs: { none: validSignoff } });

/**
 * Releases whose owed sign-offs can still be given: a cancelled release takes no sign-off (lib/signoffs/rules.ts),
 * so it is neither listed nor notified as overdue (a Prisma where).
 */
export const owesSignoffsWhere = { status: { not: "CANCELLED" as const } };

export async function noteOverdueBreakGlassSignoffs(db: PrismaClient, now = new Date()): Promise<string[]> {
  const candidates = await db.release.findMany({
    where: { ...owesSignoffsWhere, breakGlassOverdueAt: null, breakGlassSignoffsDueAt: { lte: now }, signoffRequirements: { some: overdueRequirementWhere(now) } },
    orderBy: { breakGlassSignoffsDueAt: "asc" },
    select: { id: true },
    take: 100,
  });
  const noted: string[] = [];
  for (const { id } of candidates) {
    const done = await db.$transaction(async (tx) => {
      if (!(await lockRelease(tx, id))) return false;
      const release = await tx.release.findUniqueOrThrow({
        where: { id },
        select: {
          projectId: true, breakGlassOverdueAt: true, breakGlassSignoffsDueAt: true,
          signoffRequirements: { where: overdueRequirementWhere(now), orderBy: { position: "asc" }, select: { title: true, role: true } },
        },
      });
      if (release.breakGlassOverdueAt || !release.breakGlassSignoffsDueAt || release.signoffRequirements.length === 0) return false;
      await tx.release.update({ where: { id }, data: { breakGlassOverdueAt: now } });
      await recordAuditEvent(tx, {
        type: auditTypes.releaseBreakGlassOverdue,
        releaseId: id,
        projectId: release.projectId,
        payload: {
          dueAt: release.breakGlassSignoffsDueAt.toISOString(),
          missing: release.signoffRequirements.map((r) => ({ requirement: r.title, role: r.role })),
        },
      });
      return true;
    });
    if (done) noted.push(id);
  }
  return noted;
}
