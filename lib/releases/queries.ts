import "server-only";
import { db } from "@/lib/db";
import type { AuditNoticeDetail } from "@/lib/events/notice";

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

const personSelect = { select: { id: true, name: true } } as const;

/** A checklist item as the release page shows it (getReleaseDetail, and live events that name an item). */
const itemSelect = {
  id: true,
  sectionId: true,
  phase: true,
  title: true,
  detail: true,
  command: true,
  required: true,
  state: true,
  note: true,
  evidenceUrl: true,
  naReason: true,
  rowVersion: true,
  tickedAt: true,
  tickedBy: personSelect,
  stepName: true,
  recordsIncident: true,
  tickedByRunId: true,
} as const;

/** Everything the release page shows, in a fixed number of queries (no per-item lookups). */
export async function getReleaseDetail(id: string) {
  const release = await db.release.findUnique({
    where: { id },
    select: {
      id: true,
      version: true,
      title: true,
      status: true,
      plannedAt: true,
      createdAt: true,
      updatedAt: true,
      preparingAt: true,
      readyAt: true,
      deployingAt: true,
      monitoringAt: true,
      releasedAt: true,
      failedAt: true,
      rollingBackAt: true,
      rolledBackAt: true,
      cancelledAt: true,
      cancelReason: true,
      closeEarlyReason: true,
      closedAt: true,
      monitoringWindowHours: true,
      templateName: true,
      templateSnapshot: true,
      project: { select: { id: true, slug: true, name: true } },
      releaseManager: personSelect,
      createdBy: personSelect,
      sections: { orderBy: { position: "asc" }, select: { id: true, phase: true, phaseTitle: true, title: true, detail: true } },
      items: { orderBy: [{ position: "asc" }], select: itemSelect },
      signoffRequirements: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          title: true,
          role: true,
          excludeReleaseManager: true,
          scope: true,
          signoffs: {
            where: { revokedAt: null },
            orderBy: { signedAt: "desc" },
            take: 1,
            select: { id: true, signedAt: true, comment: true, staleAt: true, staleReason: true, signedBy: personSelect },
          },
        },
      },
    },
  });
  if (!release) return null;
  const approvalFields = (release.templateSnapshot as { approvalFields?: string[] } | null)?.approvalFields ?? [];
  const { templateSnapshot: _snapshot, signoffRequirements, ...rest } = release;
  return {
    ...rest,
    approvalFields,
    signoffRequirements: signoffRequirements.map(({ signoffs, ...requirement }) => ({ ...requirement, signoff: signoffs[0] ?? null })),
  };
}

export type ReleaseDetail = NonNullable<Awaited<ReturnType<typeof getReleaseDetail>>>;

/** The release's approved pipeline steps with who approved and their comment, oldest first (for the export). */
export async function getReleaseApprovals(releaseId: string) {
  const events = await db.auditEvent.findMany({
    where: { releaseId, type: "deploy.step_approved" },
    orderBy: { id: "asc" },
    take: 200,
    select: { at: true, payload: true, actor: { select: { name: true } } },
  });
  return events.map((event) => {
    const payload = (event.payload ?? {}) as { step?: unknown; comment?: unknown };
    return {
      step: typeof payload.step === "string" ? payload.step : "a deploy step",
      by: event.actor,
      at: event.at,
      comment: typeof payload.comment === "string" && payload.comment.trim() ? payload.comment : null,
    };
  });
}
export type ReleaseDetailItem = ReleaseDetail["items"][number];

export const TIMELINE_PAGE_SIZE = 100;

/** The release's audit events, oldest first, with who did each; `before` pages back from an event id. */
export async function getReleaseTimeline(releaseId: string, options: { take?: number } = {}) {
  const take = options.take ?? TIMELINE_PAGE_SIZE;
  const events = await db.auditEvent.findMany({
    where: { releaseId },
    orderBy: { id: "desc" },
    take: take + 1,
    select: { id: true, at: true, type: true, payload: true, actor: personSelect },
  });
  const hasOlder = events.length > take;
  return {
    events: (hasOlder ? events.slice(0, take) : events).reverse().map((e) => ({ ...e, id: e.id.toString() })),
    hasOlder,
  };
}

export type TimelineEvent = Awaited<ReturnType<typeof getReleaseTimeline>>["events"][number];

/**
 * What a release's live stream sends with each audit event (lib/events/stream.ts): the event as the timeline shows
 * it, and the current state of the checklist item it names, so that an open page needs no request for either.
 * Two queries for any number of events; an id that is not in the log (any more) is left out.
 */
export async function getAuditNoticeDetails(events: { id: string; itemId: string | null }[]): Promise<Map<string, AuditNoticeDetail>> {
  const details = new Map<string, AuditNoticeDetail>();
  if (events.length === 0) return details;
  const itemIds = [...new Set(events.flatMap((e) => (e.itemId ? [e.itemId] : [])))];
  const [rows, items] = await Promise.all([
    db.auditEvent.findMany({ where: { id: { in: events.map((e) => BigInt(e.id)) } }, select: { id: true, at: true, payload: true, actor: personSelect } }),
    itemIds.length > 0 ? db.releaseItem.findMany({ where: { id: { in: itemIds } }, select: itemSelect }) : [],
  ]);
  const itemsById = new Map(items.map((item) => [item.id, item]));
  const itemOf = new Map(events.map((e) => [e.id, e.itemId]));
  for (const row of rows) {
    const id = row.id.toString();
    const itemId = itemOf.get(id);
    details.set(id, {
      at: row.at.toISOString(),
      actor: row.actor,
      payload: row.payload,
      ...(itemId ? { item: JSON.parse(JSON.stringify(itemsById.get(itemId) ?? null)) as Record<string, unknown> | null } : {}),
    });
  }
  return details;
}

/** People who can manage a release: enabled release managers and admins. */
export async function listReleaseManagers() {
  return db.user.findMany({
    where: { role: { in: ["RELEASE_MANAGER", "ADMIN"] }, disabledAt: null },
    orderBy: { name: "asc" },
    select: { id: true, name: true, role: true },
  });
}
