// Human labels for checklist phases, sign-off roles and the monitoring window. Pure: usable on the
// server and in client components.
import type { ChecklistPhase, Role } from "@/lib/generated/prisma/enums";

/** The order phases are worked through (and shown) in. */
export const PHASES: readonly ChecklistPhase[] = ["PRE_RELEASE", "RELEASE_DAY", "POST_RELEASE", "ROLLBACK"];

/** Shown when a section has no `phaseTitle` of its own. */
export const phaseLabels: Record<ChecklistPhase, string> = {
  PRE_RELEASE: "Pre-release",
  RELEASE_DAY: "Release day",
  POST_RELEASE: "Post-release",
  ROLLBACK: "Emergency rollback",
};

export const roleLabels: Record<Role, string> = {
  ADMIN: "Admin",
  RELEASE_MANAGER: "Release manager",
  ENGINEERING_LEAD: "Engineering lead",
  VIEWER: "Viewer",
};

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** 24 → "24 hours", 48 → "2 days", 168 → "1 week", 36 → "36 hours". */
export function formatMonitoringWindow(hours: number): string {
  if (hours > 0 && hours % 168 === 0) return plural(hours / 168, "week");
  if (hours >= 48 && hours % 24 === 0) return plural(hours / 24, "day");
  return plural(hours, "hour");
}
