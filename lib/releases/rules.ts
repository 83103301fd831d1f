// The release lifecycle as pure functions: which transitions exist, what each requires, and what may be
// ticked in which status. The server enforces these; the release page asks the same functions to say
// what blocks the next step.
import type { ChecklistPhase, ItemState, ReleaseStatus } from "@/lib/generated/prisma/enums";
import { openReleaseDayItems } from "./release-day";

export const releaseStatuses = [
  "DRAFT",
  "PREPARING",
  "READY",
  "DEPLOYING",
  "MONITORING",
  "RELEASED",
  "FAILED",
  "ROLLING_BACK",
  "ROLLED_BACK",
  "CANCELLED",
] as const satisfies readonly ReleaseStatus[];

export const releaseStatusLabels: Record<ReleaseStatus, string> = {
  DRAFT: "Draft",
  PREPARING: "Preparing",
  READY: "Ready",
  DEPLOYING: "Deploying",
  MONITORING: "Monitoring",
  RELEASED: "Released",
  FAILED: "Failed",
  ROLLING_BACK: "Rolling back",
  ROLLED_BACK: "Rolled back",
  CANCELLED: "Cancelled",
};

/** The order phases are worked through (and shown) in. */
export const PHASES: readonly ChecklistPhase[] = ["PRE_RELEASE", "RELEASE_DAY", "POST_RELEASE", "ROLLBACK"];

export const phaseLabels: Record<ChecklistPhase, string> = {
  PRE_RELEASE: "Pre-release",
  RELEASE_DAY: "Release day",
  POST_RELEASE: "Post-release",
  ROLLBACK: "Emergency rollback",
};

/** The statuses a release can move to from each status (by a person or by the deploy worker). */
export const transitions: Record<ReleaseStatus, readonly ReleaseStatus[]> = {
  DRAFT: ["PREPARING", "CANCELLED"],
  PREPARING: ["READY", "CANCELLED"],
  READY: ["PREPARING", "DEPLOYING", "CANCELLED"],
  DEPLOYING: ["MONITORING", "FAILED", "ROLLING_BACK"],
  MONITORING: ["RELEASED", "ROLLING_BACK"],
  RELEASED: ["ROLLING_BACK"],
  FAILED: ["DEPLOYING", "ROLLING_BACK", "CANCELLED"],
  ROLLING_BACK: ["ROLLED_BACK", "FAILED"],
  ROLLED_BACK: [],
  CANCELLED: [],
};

/**
 * Statuses only a deploy or rollback run moves a release to (lib/lifecycle/write.ts moveRun): a person starts
 * the run, never the status.
 */
export const RUN_DRIVEN_STATUSES: readonly ReleaseStatus[] = ["DEPLOYING", "MONITORING", "FAILED", "ROLLING_BACK", "ROLLED_BACK"];

export function isRunDriven(status: ReleaseStatus): boolean {
  return RUN_DRIVEN_STATUSES.includes(status);
}

/** Column on Release that records when each status was entered. */
export const statusTimestampField = {
  DRAFT: "createdAt",
  PREPARING: "preparingAt",
  READY: "readyAt",
  DEPLOYING: "deployingAt",
  MONITORING: "monitoringAt",
  RELEASED: "releasedAt",
  FAILED: "failedAt",
  ROLLING_BACK: "rollingBackAt",
  ROLLED_BACK: "rolledBackAt",
  CANCELLED: "cancelledAt",
} as const satisfies Record<ReleaseStatus, string>;

export const TERMINAL_STATUSES: readonly ReleaseStatus[] = ["RELEASED", "ROLLED_BACK", "CANCELLED"];

export interface ChecklistItemFacts {
  phase: ChecklistPhase;
  required: boolean;
  state: ItemState;
}

export interface SignoffFacts {
  title: string;
  /** A valid, non-stale, non-revoked sign-off is in. */
  satisfied: boolean;
}

export interface ReleaseFacts {
  status: ReleaseStatus;
  items: readonly ChecklistItemFacts[];
  signoffs: readonly SignoffFacts[];
  monitoringAt?: Date | null;
  monitoringWindowHours?: number;
}

export interface TransitionRequest {
  to: ReleaseStatus;
  /** Free text the transition needs: the cancel reason, or the reason to close monitoring early. */
  reason?: string;
  now?: Date;
}

export type Verdict = { allowed: true } | { allowed: false; reason: string; blockers: string[] };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Required items of a phase that are neither done nor marked N/A. */
export function openRequiredItems(items: readonly ChecklistItemFacts[], phase: ChecklistPhase): number {
  return items.filter((i) => i.phase === phase && i.required && i.state === "OPEN").length;
}

/** What stands between the release and READY: open required pre-release items and missing sign-offs. */
export function readinessBlockers(facts: ReleaseFacts): string[] {
  const blockers: string[] = [];
  const openItems = openRequiredItems(facts.items, "PRE_RELEASE");
  if (openItems > 0) blockers.push(`${plural(openItems, "required pre-release item")}`);
  const missing = facts.signoffs.filter((s) => !s.satisfied).length;
  if (missing > 0) blockers.push(`${plural(missing, "sign-off")}`);
  return blockers;
}

function joinBlockers(blockers: string[]): string {
  const list = blockers.length <= 2 ? blockers.join(" and ") : `${blockers.slice(0, -1).join(", ")} and ${blockers.at(-1)}`;
  return `${list} remaining`;
}

export function monitoringEndsAt(facts: Pick<ReleaseFacts, "monitoringAt" | "monitoringWindowHours">): Date | null {
  if (!facts.monitoringAt) return null;
  return new Date(facts.monitoringAt.getTime() + (facts.monitoringWindowHours ?? 24) * 60 * 60 * 1000);
}

/** Whether the release may move to `request.to`, and if not, a sentence saying why. */
export function checkTransition(facts: ReleaseFacts, request: TransitionRequest): Verdict {
  const { status } = facts;
  const { to } = request;
  const refuse = (reason: string, blockers: string[] = []): Verdict => ({ allowed: false, reason, blockers });

  if (!transitions[status].includes(to)) {
    return refuse(`A ${releaseStatusLabels[status].toLowerCase()} release cannot become ${releaseStatusLabels[to].toLowerCase()}`);
  }

  switch (to) {
    case "READY":
    case "DEPLOYING": {
      const blockers = readinessBlockers(facts);
      if (blockers.length > 0) return refuse(joinBlockers(blockers), blockers);
      return { allowed: true };
    }
    case "RELEASED": {
      const blockers: string[] = [];
      // Release day must be settled too: items the deploy did not tick need a person (or N/A with a reason).
      const openReleaseDay = openReleaseDayItems(facts.items);
      if (openReleaseDay > 0) blockers.push(plural(openReleaseDay, "required release-day item"));
      const openItems = openRequiredItems(facts.items, "POST_RELEASE");
      if (openItems > 0) blockers.push(plural(openItems, "required post-release item"));
      const endsAt = monitoringEndsAt(facts);
      const now = request.now ?? new Date();
      const windowOpen = endsAt !== null && now < endsAt;
      if (windowOpen && !request.reason?.trim()) {
        blockers.push("the monitoring window (give a reason to close it early)");
      }
      if (blockers.length > 0) return refuse(joinBlockers(blockers), blockers);
      return { allowed: true };
    }
    case "CANCELLED":
      if (!request.reason?.trim()) return refuse("Say why the release is cancelled");
      return { allowed: true };
    default:
      return { allowed: true };
  }
}

/** Statuses in which items of each phase may be ticked, unticked or annotated. */
export const editablePhases: Record<ReleaseStatus, readonly ChecklistPhase[]> = {
  DRAFT: ["PRE_RELEASE"],
  PREPARING: ["PRE_RELEASE"],
  READY: ["PRE_RELEASE", "RELEASE_DAY"],
  DEPLOYING: ["RELEASE_DAY", "ROLLBACK"],
  MONITORING: ["RELEASE_DAY", "POST_RELEASE", "ROLLBACK"],
  RELEASED: ["POST_RELEASE", "ROLLBACK"],
  FAILED: ["RELEASE_DAY", "ROLLBACK"],
  ROLLING_BACK: ["ROLLBACK"],
  ROLLED_BACK: ["ROLLBACK"],
  CANCELLED: [],
};

export function checkItemEditable(status: ReleaseStatus, phase: ChecklistPhase): Verdict {
  if (editablePhases[status].includes(phase)) return { allowed: true };
  if (status === "CANCELLED") return { allowed: false, reason: "This release is cancelled: its checklist is closed", blockers: [] };
  return {
    allowed: false,
    reason: `${phaseLabels[phase]} items cannot be changed while the release is ${releaseStatusLabels[status].toLowerCase()}`,
    blockers: [],
  };
}

/** Unticking a required pre-release item of a READY release sends it back to PREPARING. */
export function statusAfterItemChange(status: ReleaseStatus, item: ChecklistItemFacts, nextState: ItemState): ReleaseStatus {
  if (status === "READY" && item.phase === "PRE_RELEASE" && item.required && nextState === "OPEN") return "PREPARING";
  return status;
}

// ---------------------------------------------------------------------------------------------- break-glass

/**
 * Statuses an admin may deploy from without the full sign-offs: a release still preparing only because
 * sign-offs are missing, a ready one, or a failed one being deployed again. The other gates stand.
 */
export const BREAK_GLASS_FROM: readonly ReleaseStatus[] = ["PREPARING", "READY", "FAILED"];

export type BreakGlassVerdict = { allowed: true; missing: string[] } | { allowed: false; reason: string };

/**
 * Whether a break-glass deploy may start: only missing sign-offs are bypassed. The status rules and the
 * pre-release checklist still hold, and there must be a sign-off to bypass (otherwise it is a plain deploy).
 */
export function checkBreakGlassDeploy(facts: ReleaseFacts): BreakGlassVerdict {
  if (!BREAK_GLASS_FROM.includes(facts.status)) {
    return { allowed: false, reason: `A ${releaseStatusLabels[facts.status].toLowerCase()} release cannot be deployed` };
  }
  const openItems = openRequiredItems(facts.items, "PRE_RELEASE");
  if (openItems > 0) {
    return { allowed: false, reason: `${plural(openItems, "required pre-release item")} remaining: a break-glass deploy bypasses only missing sign-offs` };
  }
  const missing = facts.signoffs.filter((s) => !s.satisfied).map((s) => s.title);
  if (missing.length === 0) return { allowed: false, reason: "Every sign-off is in: start an ordinary deploy instead" };
  return { allowed: true, missing };
}

export const HOUR_MS = 60 * 60 * 1000;

/** When the sign-offs missing at a break-glass deploy at `at` become overdue. */
export function breakGlassDueAt(at: Date, hours: number): Date {
  return new Date(at.getTime() + hours * HOUR_MS);
}

/** "3 h later", "45 min later", "2 days later": how long after the break-glass deploy something came. */
export function describeDelay(fromMs: number, toMs: number): string {
  const minutes = Math.max(0, Math.round((toMs - fromMs) / 60_000));
  if (minutes < 60) return `${minutes} min later`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h later`;
  return `${Math.round(hours / 24)} days later`;
}
