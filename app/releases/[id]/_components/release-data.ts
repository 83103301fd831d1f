// The release page's client-side shapes: the facts the lifecycle rules need, and the optimistic item update.
// Reading and caching the release is lib/releases/queries-client.ts.
import type { Role } from "@/lib/generated/prisma/enums";
import type { Item, Release } from "@/lib/releases/queries-client";
import type { ItemChange } from "@/lib/releases/schemas";
import type { ReleaseFacts } from "@/lib/releases/rules";

export type { Item, Release, Timeline } from "@/lib/releases/queries-client";
export type Section = Release["sections"][number];
export type Requirement = Release["signoffRequirements"][number];

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
