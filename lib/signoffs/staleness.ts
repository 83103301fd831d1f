// Keeps sign-offs in step with the items they attest (scope.ts): unticking a recorded item makes the
// sign-offs that recorded it stale; ticking it again restores those not renewed meanwhile. Called by the
// item action in its transaction, with the release locked; every change is audited.
import { auditTypes } from "@/lib/audit/events/types";
import type { AuditEventDraft } from "@/lib/audit/record";
import type { Db } from "@/lib/db-types";
import { isRestorable } from "./scope";

type Audit = (event: AuditEventDraft) => Promise<unknown>;

interface ItemRef {
  id: string;
  title: string;
  release: { id: string; projectId: string };
}

export async function markSignoffsStale(tx: Db, audit: Audit, item: ItemRef, now = new Date()): Promise<number> {
  const stale = await tx.signoff.findMany({
    where: { releaseId: item.release.id, revokedAt: null, staleAt: null, checklistState: { array_contains: [item.id] } },
    select: { id: true, requirement: { select: { title: true } } },
  });
  if (stale.length === 0) return 0;
  const staleReason = `“${item.title}” was unticked after signing`;
  await tx.signoff.updateMany({ where: { id: { in: stale.map((s) => s.id) } }, data: { staleAt: now, staleReason } });
  for (const signoff of stale) {
    await audit({
      type: auditTypes.signoffStale,
      releaseId: item.release.id,
      projectId: item.release.projectId,
      payload: { signoffId: signoff.id, requirement: signoff.requirement.title, itemId: item.id, reason: staleReason },
    });
  }
  return stale.length;
}

/** Restores stale (not revoked, not renewed) sign-offs that recorded `item` once all they recorded is done again. */
export async function restoreSignoffs(tx: Db, audit: Audit, item: ItemRef): Promise<number> {
  const candidates = await tx.signoff.findMany({
    where: { releaseId: item.release.id, revokedAt: null, staleAt: { not: null }, checklistState: { array_contains: [item.id] } },
    select: { id: true, checklistState: true, requirement: { select: { title: true } } },
  });
  if (candidates.length === 0) return 0;
  const done = await tx.releaseItem.findMany({ where: { releaseId: item.release.id, state: "DONE" }, select: { id: true } });
  const doneIds = new Set(done.map((i) => i.id));
  let restored = 0;
  for (const signoff of candidates.filter((s) => isRestorable(s.checklistState, doneIds))) {
    await tx.signoff.update({ where: { id: signoff.id }, data: { staleAt: null, staleReason: null } });
    await audit({
      type: auditTypes.signoffRestored,
      releaseId: item.release.id,
      projectId: item.release.projectId,
      payload: { signoffId: signoff.id, requirement: signoff.requirement.title, itemId: item.id, reason: `“${item.title}” was ticked again before the sign-off was renewed` },
    });
    restored += 1;
  }
  return restored;
}
