// The release page's client-side data: query keys, fetching (dates come back as ISO strings over JSON
// and are turned into Dates here), the facts the lifecycle rules need, and the optimistic item update.
import type { ActionResult } from "@/lib/actions/define-action";
import type { Role } from "@/lib/generated/prisma/enums";
import type { ItemChange } from "@/lib/releases/schemas";
import type { ReleaseDetail, TimelineEvent } from "@/lib/releases/queries";
import type { ReleaseFacts } from "@/lib/releases/rules";

export type Release = ReleaseDetail;
export type Item = ReleaseDetail["items"][number];
export type Section = ReleaseDetail["sections"][number];
export type Requirement = ReleaseDetail["signoffRequirements"][number];
export type Timeline = { events: TimelineEvent[]; hasOlder: boolean };

/** The signed-in user, as the page's client components need them. */
export interface Viewer {
  id: string;
  name: string;
  role: Role;
}

export interface ManagerOption {
  id: string;
  name: string;
}

export const releaseKey = (id: string) => ["release", id] as const;
export const timelineKey = (id: string) => ["release", id, "timeline"] as const;
/** Every mutation of one release shares this key prefix, so the page can tell when the last one settles. */
export const releaseMutationKey = (id: string) => ["release", id] as const;

// ---------------------------------------------------------------- dates over JSON

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
    items: release.items.map(normaliseItem),
    signoffRequirements: release.signoffRequirements.map((requirement) => ({
      ...requirement,
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

async function getJson(url: string, what: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
  } catch {
    throw new Error(`Could not reach Preflight to refresh the ${what}. Check your connection.`);
  }
  const isJson = response.headers.get("content-type")?.includes("application/json") ?? false;
  // Signed out: the sign-in redirect answers with the login page instead of JSON.
  if (response.status === 401 || (!isJson && response.redirected)) throw new Error("Your session has ended. Reload the page to sign in again.");
  if (response.status === 404) throw new Error("This release no longer exists.");
  if (!response.ok || !isJson) throw new Error(`Could not refresh the ${what} (HTTP ${response.status}).`);
  return response.json();
}

export async function fetchRelease(id: string): Promise<Release> {
  return normaliseRelease(await getJson(`/api/releases/${encodeURIComponent(id)}`, "release"));
}

export async function fetchTimeline(id: string): Promise<Timeline> {
  return normaliseTimeline(await getJson(`/api/releases/${encodeURIComponent(id)}/timeline`, "timeline"));
}

// ---------------------------------------------------------------- server actions

/** A refused or failed server action, thrown so TanStack Query treats it as an error. */
export class ActionFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}

/** Calls a server action and returns its data, or throws an ActionFailure with the server's message. */
export async function runAction<T>(action: (input: unknown) => Promise<ActionResult<T>>, input: unknown): Promise<T> {
  let result: ActionResult<T>;
  try {
    result = await action(input);
  } catch {
    throw new ActionFailure("error", "Could not reach Preflight, so nothing was changed. Check your connection and try again.");
  }
  if (!result.ok) throw new ActionFailure(result.code, result.message, result.fieldErrors);
  return result.data;
}

export function failureMessage(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong and nothing was changed.";
}

// ---------------------------------------------------------------- rules

/** What the pure lifecycle rules (lib/releases/rules.ts) need to know about the release. */
export function releaseFacts(release: Release): ReleaseFacts {
  return {
    status: release.status,
    items: release.items,
    signoffs: release.signoffRequirements.map((r) => ({ title: r.title, satisfied: r.signoff !== null && r.signoff.staleAt === null })),
    monitoringAt: release.monitoringAt,
    monitoringWindowHours: release.monitoringWindowHours,
  };
}

/** Settled items (done or N/A) of a list, for progress bars. */
export function settledCount(items: readonly Pick<Item, "state">[]): number {
  return items.filter((item) => item.state !== "OPEN").length;
}

// ---------------------------------------------------------------- optimistic updates

/** The item as it will be once `change` is saved by `viewer`, shown right away. */
export function applyItemChange(item: Item, change: ItemChange, viewer: Viewer, now: Date): Item {
  const by = { id: viewer.id, name: viewer.name };
  switch (change.kind) {
    case "tick":
      return {
        ...item,
        state: "DONE",
        tickedBy: by,
        tickedAt: now,
        naReason: null,
        note: change.note ? change.note : item.note,
        evidenceUrl: change.evidenceUrl ? change.evidenceUrl : item.evidenceUrl,
      };
    case "untick":
      return { ...item, state: "OPEN", tickedBy: null, tickedAt: null, naReason: null };
    case "not_applicable":
      return { ...item, state: "NOT_APPLICABLE", tickedBy: by, tickedAt: now, naReason: change.reason };
    case "annotate":
      return { ...item, note: change.note.trim() || null, evidenceUrl: change.evidenceUrl.trim() || null };
  }
}

export function replaceItem(release: Release, itemId: string, update: (item: Item) => Item): Release {
  return { ...release, items: release.items.map((item) => (item.id === itemId ? update(item) : item)) };
}
