import "server-only";
import { releaseHeadSelect } from "@/lib/releases/outcome";
import { auditPayloadSchemas, parseAuditEvent, type ParsedAuditEvent } from "@/lib/audit/events/payloads";
import { auditTypes } from "@/lib/audit/events/types";
import { db } from "@/lib/db";
import { loadReleaseVariables } from "@/lib/projects/release-variables";
import { getPublicUrl } from "@/lib/env";
import { substituteVariables } from "@/lib/projects/variables";
import type { AuditNoticeDetail } from "@/lib/events/notice";
import { overdueRequirementWhere, owesSignoffsWhere } from "@/lib/signoffs/overdue";

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
  id: true, sectionId: true, phase: true, title: true, detail: true, command: true, required: true, state: true, note: true, evidenceUrl: true,
  naReason: true, rowVersion: true, tickedAt: true,
  tickedBy: personSelect,
  stepName: true, recordsIncident: true, automation: true, tickedByIntegration: true, tickedByRunId: true,
} as const;

/** Everything the release page shows, in a fixed number of queries (no per-item lookups). */
export async function getReleaseDetail(id: string) {
  const [release, variables] = await Promise.all([getReleaseRow(id), loadReleaseVariables(db, id, getPublicUrl())]);
  if (!release) return null;
  const approvalFields = (release.templateSnapshot as { approvalFields?: string[] } | null)?.approvalFields ?? [];
  const { templateSnapshot: _snapshot, signoffRequirements, items, ...rest } = release;
  return {
    ...rest,
    approvalFields,
    // Item commands show (and copy) this release's values: `git tag -a v${VERSION}` reads `git tag -a v0.6.0`.
    // Secrets are never filled in here; a reference to nothing stays as written.
    items: items.map((item) => (item.command && variables ? { ...item, command: substituteVariables(item.command, variables) } : item)),
    signoffRequirements: signoffRequirements.map(({ signoffs, ...requirement }) => ({ ...requirement, signoff: signoffs[0] ?? null })),
  };
}

function getReleaseRow(id: string) {
  return db.release.findUnique({
    where: { id },
    select: {
      ...releaseHeadSelect,
      updatedAt: true, preparingAt: true, readyAt: true, cancelReason: true, closeEarlyReason: true, closedAt: true, monitoringWindowHours: true,
      breakGlassBy: personSelect, breakGlassReason: true, breakGlassMissing: true, breakGlassSignoffsDueAt: true, breakGlassOverdueAt: true,
      templateName: true, templateSnapshot: true,
      project: { select: { id: true, slug: true, name: true } },
      releaseManager: personSelect,
      createdBy: personSelect,
      sections: { orderBy: { position: "asc" }, select: { id: true, phase: true, phaseTitle: true, title: true, detail: true } },
      items: { orderBy: [{ position: "asc" }], select: itemSelect },
      signoffRequirements: {
        orderBy: { position: "asc" },
        select: {
          id: true, title: true, role: true, excludeReleaseManager: true, scope: true, dueAfterDeployAt: true,
          signoffs: {
            where: { revokedAt: null },
            orderBy: { signedAt: "desc" },
            take: 1,
            select: { id: true, signedAt: true, comment: true, staleAt: true, staleReason: true, afterBreakGlass: true, signedBy: personSelect },
          },
        },
      },
    },
  });
}

export type ReleaseDetail = NonNullable<Awaited<ReturnType<typeof getReleaseDetail>>>;

/** The release's approved pipeline steps with who approved and their comment, oldest first (for the export). */
export async function getReleaseApprovals(releaseId: string) {
  const events = await db.auditEvent.findMany({
    where: { releaseId, type: auditTypes.stepApproved },
    orderBy: { id: "asc" },
    take: 200,
    select: { at: true, payload: true, actor: { select: { name: true } } },
  });
  return events.map((event) => {
    const parsed = auditPayloadSchemas[auditTypes.stepApproved].safeParse(event.payload);
    const payload = parsed.success ? parsed.data : null;
    return {
      step: payload?.step ?? "a deploy step",
      by: event.actor,
      at: event.at,
      comment: payload?.comment?.trim() ? payload.comment : null,
    };
  });
}
export type ReleaseDetailItem = ReleaseDetail["items"][number];

export const TIMELINE_PAGE_SIZE = 100;

export type TimelineEvent = { id: string; at: Date; actor: { id: string; name: string } | null } & ParsedAuditEvent;

/**
 * The release's latest audit events, oldest first, with who did each. Each payload is read against the
 * catalogue; a row it cannot read (an old type, an old payload) comes back as unknown, never as an error.
 */
export async function getReleaseTimeline(releaseId: string, options: { take?: number } = {}): Promise<{ events: TimelineEvent[]; hasOlder: boolean }> {
  const take = options.take ?? TIMELINE_PAGE_SIZE;
  const rows = await db.auditEvent.findMany({
    where: { releaseId },
    orderBy: { id: "desc" },
    take: take + 1,
    select: { id: true, at: true, type: true, payload: true, actor: personSelect },
  });
  const hasOlder = rows.length > take;
  return {
    events: (hasOlder ? rows.slice(0, take) : rows).reverse().map((row) => ({ id: row.id.toString(), at: row.at, actor: row.actor, ...parseAuditEvent(row.type, row.payload) })),
    hasOlder,
  };
}

/**
 * What a release's live stream sends with each audit event (lib/events/stream.ts): the event as the timeline shows
 * it (its payload read against the catalogue, as getReleaseTimeline reads it), and the current state of the
 * checklist item it names, so that an open page needs no request for either. Two queries for any number of
 * events; an id that is not in the log (any more) is left out.
 */
export async function getAuditNoticeDetails(events: { id: string; itemId: string | null }[]): Promise<Map<string, AuditNoticeDetail>> {
  const details = new Map<string, AuditNoticeDetail>();
  if (events.length === 0) return details;
  const itemIds = [...new Set(events.flatMap((e) => (e.itemId ? [e.itemId] : [])))];
  const [rows, items] = await Promise.all([
    db.auditEvent.findMany({ where: { id: { in: events.map((e) => BigInt(e.id)) } }, select: { id: true, at: true, type: true, payload: true, actor: personSelect } }),
    itemIds.length > 0 ? db.releaseItem.findMany({ where: { id: { in: itemIds } }, select: itemSelect }) : [],
  ]);
  const itemsById = new Map(items.map((item) => [item.id, item]));
  const itemOf = new Map(events.map((e) => [e.id, e.itemId]));
  for (const row of rows) {
    const id = row.id.toString();
    const itemId = itemOf.get(id);
    const { known, payload } = parseAuditEvent(row.type, row.payload);
    details.set(id, {
      at: row.at.toISOString(),
      actor: row.actor,
      known,
      payload,
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

/**
 * Releases deployed with break-glass whose owed sign-offs are past due and still missing, with who must sign
 * (the home page's "overdue sign-offs"), oldest due first. Two bounded queries.
 */
export async function listOverdueBreakGlassSignoffs(now = new Date(), take = 20) {
  const releases = await db.release.findMany({
    where: { ...owesSignoffsWhere, breakGlassAt: { not: null }, signoffRequirements: { some: overdueRequirementWhere(now) } },
    orderBy: [{ breakGlassSignoffsDueAt: "asc" }, { id: "asc" }],
    take,
    select: {
      id: true, version: true, breakGlassAt: true, breakGlassSignoffsDueAt: true,
      project: { select: { slug: true, name: true } },
      signoffRequirements: { where: overdueRequirementWhere(now), orderBy: { position: "asc" }, select: { id: true, title: true, role: true } },
    },
  });
  return releases;
}

export type OverdueBreakGlassRelease = Awaited<ReturnType<typeof listOverdueBreakGlassSignoffs>>[number];
