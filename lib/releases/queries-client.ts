// The browser's reads of releases: the one place their query keys are spelled (TanStack Query `queryOptions`),
// how a live event changes them (`keysFor`: what to refetch; `applyReleaseNotice`: what the event itself
// carries, patched into the cache without a request), and the JSON routes' dates turned back into Dates.
import { queryOptions, replaceEqualDeep, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { affectsOf } from "@/lib/audit/events/affects";
import type { AuditNotice } from "@/lib/events/notice";
import { fetchJson, reviveDates } from "@/lib/http/fetch-json";
import type { ReleaseHistoryPage } from "./history";
import type { ReleaseDetail, TimelineEvent } from "./queries";

export type Release = ReleaseDetail;
export type Item = ReleaseDetail["items"][number];
export type Timeline = { events: TimelineEvent[]; hasOlder: boolean };

export const releaseKeys = {
  all: ["releases"] as const,
  detail: (id: string) => ["releases", "detail", id] as const,
  timeline: (id: string) => ["releases", "timeline", id] as const,
  /** Every page of the history list; one page is `history(<its query string>)`. */
  histories: ["releases", "history"] as const,
  history: (search: string) => ["releases", "history", search] as const,
};

// ---------------------------------------------------------------------------------------------- queries

export function releaseQuery(id: string) {
  return queryOptions({
    queryKey: releaseKeys.detail(id),
    queryFn: async ({ signal }) => normaliseRelease(await fetchJson(`/api/releases/${encodeURIComponent(id)}`, "release", signal)),
    // A refetch that started before a live event patched an item must not put the older item back.
    structuralSharing: (old, next) => (old ? replaceEqualDeep(old, keepNewerItems(old as Release, next as Release)) : next),
  });
}

export function releaseTimelineQuery(id: string) {
  return queryOptions({
    queryKey: releaseKeys.timeline(id),
    queryFn: async ({ signal }) => normaliseTimeline(await fetchJson(`/api/releases/${encodeURIComponent(id)}/timeline`, "timeline", signal)),
  });
}

/** One page of /releases: `search` is the page's query string (filters and cursor), as the API route takes it. */
export function releaseHistoryQuery(search: string) {
  return queryOptions({
    queryKey: releaseKeys.history(search),
    queryFn: async ({ signal }) =>
      reviveDates(await fetchJson<ReleaseHistoryPage>(`/api/releases${search ? `?${search}` : ""}`, "releases", signal), ["createdAt", "plannedAt", "releasedAt", "finishedAt", "breakGlassAt"]),
  });
}

// ----------------------------------------------------------------------------------------- live events

/**
 * The release queries an audit event makes stale, from what its type changes (lib/audit/events affectsOf). An
 * event that carries its own details (a release's stream) changes the timeline and the item it names without a
 * request (applyReleaseNotice); everything else the event touches is refetched.
 */
export function keysFor(notice: AuditNotice): QueryKey[] {
  const affects = affectsOf(notice.type);
  const keys: QueryKey[] = [];
  const releaseId = notice.releaseId;
  if (releaseId) {
    const patchesItem = affects.includes("item") && !!notice.detail?.item;
    const staleRelease = affects.includes("release") || affects.includes("signoffs") || affects.includes("items") || (affects.includes("item") && !patchesItem);
    if (staleRelease) keys.push(releaseKeys.detail(releaseId));
    if (affects.includes("timeline") && !notice.detail) keys.push(releaseKeys.timeline(releaseId));
  }
  if (affects.includes("releases-list")) keys.push(releaseKeys.histories);
  return keys;
}

/** Writes what a detailed notice carries into the cache: its timeline entry, and the newer version of its item. */
export function applyReleaseNotice(client: QueryClient, notice: AuditNotice): void {
  const { detail, releaseId } = notice;
  if (!detail || !releaseId) return;
  client.setQueryData<Timeline>(releaseKeys.timeline(releaseId), (timeline) =>
    timeline ? appendToTimeline(timeline, { id: notice.id, known: detail.known, type: notice.type, at: new Date(detail.at), payload: detail.payload, actor: detail.actor } as TimelineEvent) : timeline,
  );
  if (affectsOf(notice.type).includes("item") && detail.item) {
    const item = normaliseItem(detail.item as unknown as Item);
    client.setQueryData<Release>(releaseKeys.detail(releaseId), (release) => (release ? keepNewerItems(release, { ...release, items: release.items.map((i) => (i.id === item.id ? { ...i, ...item } : i)) }) : release));
  }
}

/** `next`, except for items `current` has a newer version of (rowVersion only grows). */
export function keepNewerItems(current: Release, next: Release): Release {
  const versions = new Map(current.items.map((item) => [item.id, item]));
  let changed = false;
  const items = next.items.map((item) => {
    const mine = versions.get(item.id);
    if (mine && mine.rowVersion > item.rowVersion) {
      changed = true;
      return mine;
    }
    return item;
  });
  return changed ? { ...next, items } : next;
}

/** The timeline with `event` in its place (oldest first), once, keeping the page's length. */
export function appendToTimeline(timeline: Timeline, event: TimelineEvent): Timeline {
  if (timeline.events.some((e) => e.id === event.id)) return timeline;
  const events = [...timeline.events, event].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  const limit = Math.max(timeline.events.length, 100);
  return events.length > limit ? { events: events.slice(-limit), hasOlder: true } : { ...timeline, events };
}

// ---------------------------------------------------------------------------------------- dates over JSON

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === "") return null;
  if (value instanceof Date) return value;
  const date = new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date;
}

type Fresh = Pick<Item, "id" | "state" | "note" | "evidenceUrl" | "naReason" | "rowVersion" | "tickedAt" | "tickedBy">;

export function normaliseItem<T extends Partial<Fresh>>(item: T): T {
  return { ...item, tickedAt: toDate(item.tickedAt) };
}

/** A release as the API route returns it (dates as strings) → the shape the server renders with. */
export function normaliseRelease(json: unknown): Release {
  const release = json as Release;
  return {
    ...release,
    plannedAt: toDate(release.plannedAt),
    createdAt: toDate(release.createdAt) ?? new Date(0),
    updatedAt: toDate(release.updatedAt) ?? new Date(0),
    preparingAt: toDate(release.preparingAt),
    readyAt: toDate(release.readyAt),
    deployingAt: toDate(release.deployingAt),
    monitoringAt: toDate(release.monitoringAt),
    releasedAt: toDate(release.releasedAt),
    failedAt: toDate(release.failedAt),
    rollingBackAt: toDate(release.rollingBackAt),
    rolledBackAt: toDate(release.rolledBackAt),
    cancelledAt: toDate(release.cancelledAt),
    closedAt: toDate(release.closedAt),
    breakGlassAt: toDate(release.breakGlassAt),
    breakGlassSignoffsDueAt: toDate(release.breakGlassSignoffsDueAt),
    breakGlassOverdueAt: toDate(release.breakGlassOverdueAt),
    items: release.items.map(normaliseItem),
    signoffRequirements: release.signoffRequirements.map((requirement) => ({
      ...requirement,
      dueAfterDeployAt: toDate(requirement.dueAfterDeployAt),
      signoff: requirement.signoff
        ? { ...requirement.signoff, signedAt: toDate(requirement.signoff.signedAt) ?? new Date(0), staleAt: toDate(requirement.signoff.staleAt) }
        : null,
    })),
  };
}

export function normaliseTimeline(json: unknown): Timeline {
  const timeline = json as Timeline;
  return { ...timeline, events: timeline.events.map((event) => ({ ...event, at: toDate(event.at) ?? new Date(0) })) };
}
