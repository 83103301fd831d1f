// What a release says about its outcome, in one place: the date that stands for it ("Released 29 Nov",
// "Rolled back 30 Nov", never "Released" for a rolled-back release), and the incident note of a rolled-back
// release, which is the note on its rollback section's incident item (one place, not two). Pure: the header,
// the summary, the project page, the export and the close action all ask these.
import type { ChecklistPhase, ItemState, ReleaseStatus } from "@/lib/generated/prisma/enums";

export interface ReleaseDates {
  status: ReleaseStatus;
  plannedAt: Date | null;
  releasedAt: Date | null;
  deployingAt?: Date | null;
  monitoringAt?: Date | null;
  failedAt?: Date | null;
  rollingBackAt?: Date | null;
  rolledBackAt?: Date | null;
  cancelledAt?: Date | null;
}

/** A release's identity and the dates keyDateOf reads, as a Prisma select: every list of releases shows them. */
export const releaseHeadSelect = {
  id: true, version: true, title: true, createdAt: true, status: true, plannedAt: true, deployingAt: true, monitoringAt: true, releasedAt: true,
  failedAt: true, rollingBackAt: true, rolledBackAt: true, cancelledAt: true,
  // Deployed with break-glass (without every sign-off): every list marks it.
  breakGlassAt: true,
} as const;

export interface KeyDate {
  /** "Released", "Rolled back", "Planned"… */
  label: string;
  date: Date | null;
}

/** The date that stands for the release in its current status; the planned date until it has one. */
export function keyDateOf(release: ReleaseDates): KeyDate {
  const byStatus: Partial<Record<ReleaseStatus, KeyDate>> = {
    RELEASED: { label: "Released", date: release.releasedAt },
    ROLLED_BACK: { label: "Rolled back", date: release.rolledBackAt ?? null },
    ROLLING_BACK: { label: "Rollback started", date: release.rollingBackAt ?? null },
    CANCELLED: { label: "Cancelled", date: release.cancelledAt ?? null },
    FAILED: { label: "Failed", date: release.failedAt ?? null },
    MONITORING: { label: "Deployed", date: release.monitoringAt ?? null },
    DEPLOYING: { label: "Deploying since", date: release.deployingAt ?? null },
  };
  const own = byStatus[release.status];
  if (own?.date) return own;
  return { label: "Planned", date: release.plannedAt };
}

export interface IncidentItem {
  id: string;
  phase: ChecklistPhase;
  title: string;
  state: ItemState;
  note: string | null;
  recordsIncident: boolean;
}

/** The columns the incident rules read, for a Prisma select. */
export const incidentItemSelect = { id: true, phase: true, title: true, state: true, note: true, recordsIncident: true } as const;

/** The item whose note is the incident note: the one the template flags, else none. */
export function incidentItemOf<T extends IncidentItem>(items: readonly T[]): T | null {
  return items.find((i) => i.phase === "ROLLBACK" && i.recordsIncident) ?? null;
}

/** The incident note of a rolled-back release, or null while none is written. */
export function incidentNoteOf(items: readonly IncidentItem[]): { text: string; itemTitle: string } | null {
  const item = incidentItemOf(items);
  if (item?.note?.trim()) return { text: item.note.trim(), itemTitle: item.title };
  if (item) return null;
  // A checklist without a flagged item (templates made before the flag): the first rollback note stands in.
  const noted = items.find((i) => i.phase === "ROLLBACK" && i.note?.trim());
  return noted?.note ? { text: noted.note.trim(), itemTitle: noted.title } : null;
}

/** Why a rolled-back release cannot be closed yet, or null when it can. */
export function closeRolledBackRefusal(release: { status: ReleaseStatus; closedAt: Date | null }, items: readonly IncidentItem[]): string | null {
  if (release.status !== "ROLLED_BACK") return "Only a rolled-back release is closed this way.";
  if (release.closedAt) return "This release is already closed.";
  const item = incidentItemOf(items);
  if (item) {
    if (item.state !== "DONE" || !item.note?.trim()) return `Write the incident note on “${item.title}” and tick it before closing this release.`;
    return null;
  }
  if (!items.some((i) => i.phase === "ROLLBACK" && i.state === "DONE" && i.note?.trim())) {
    return "Write the incident note on an emergency rollback item and tick it before closing this release.";
  }
  return null;
}

/** A closed release's checklist (and so its incident note) is locked. */
export function closedChecklistRefusal(release: { closedAt: Date | null }): string | null {
  return release.closedAt ? "This release is closed: its checklist and incident note are locked" : null;
}

/** What the summary tells a rolled-back release to do next. */
export function rolledBackGuidance(items: readonly IncidentItem[], closedAt: Date | null): string {
  if (closedAt) return "Closed: the incident note and the checklist are locked.";
  const refusal = closeRolledBackRefusal({ status: "ROLLED_BACK", closedAt }, items);
  if (refusal) return refusal;
  const note = incidentNoteOf(items);
  return `The incident note is written on “${note?.itemTitle ?? "the rollback item"}”: close the release to lock it.`;
}
