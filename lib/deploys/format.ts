// Wording for deploy runs: durations, countdowns, clock times (UTC, like the rest of Preflight) and the
// labels of run and step statuses. Pure: shared by server pages and client components.
import type { RunKind, RunStatus, StepKind, StepStatus } from "@/lib/generated/prisma/enums";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** "< 0.1 s", "0.4 s", "12 s", "3 min 5 s", "2 h 5 min". */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 100) return "< 0.1 s";
  if (safe < 10_000) return `${(safe / 1000).toFixed(1)} s`;
  if (safe < MINUTE) return `${Math.floor(safe / 1000)} s`;
  if (safe < HOUR) {
    const minutes = Math.floor(safe / MINUTE);
    const seconds = Math.floor((safe % MINUTE) / 1000);
    return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
  }
  const hours = Math.floor(safe / HOUR);
  const minutes = Math.floor((safe % HOUR) / MINUTE);
  return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
}

/** How long ago, coarsely, for "has not reported for 2 min": "a few seconds", "2 min", "3 h 5 min". */
export function formatElapsed(ms: number): string {
  if (ms < MINUTE) return `${Math.max(1, Math.floor(ms / 1000))} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  const hours = Math.floor(ms / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
}

/** Time left in a window: "23 h 12 min left", "5 min left", "less than a minute left". */
export function formatRemaining(ms: number): string {
  if (ms < MINUTE) return "less than a minute left";
  const hours = Math.floor(ms / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  if (hours === 0) return `${minutes} min left`;
  return `${hours} h ${minutes} min left`;
}

const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const clockSeconds = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" });
const dayMonth = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const dayKey = (date: Date) => date.toISOString().slice(0, 10);

/**
 * "09:14 UTC" on the day of `now`, "24 Nov, 09:14 UTC" on another day. Without `now` (server render,
 * before the browser's clock is known) the time alone.
 */
export function formatClock(value: string | Date, now: number | null = null): string {
  const date = typeof value === "string" ? new Date(value) : value;
  const time = `${clock.format(date)} UTC`;
  if (now === null || dayKey(date) === dayKey(new Date(now))) return time;
  return `${dayMonth.format(date)}, ${time}`;
}

/** "09:14:03" (UTC), for log lines. */
export function formatLogTime(value: string): string {
  return clockSeconds.format(new Date(value));
}

export const runStatusLabels: Record<RunStatus, string> = {
  QUEUED: "Queued",
  RUNNING: "Running",
  WAITING: "Waiting for approval",
  NEEDS_DECISION: "Needs a decision",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  CANCELLING: "Cancelling",
  CANCELLED: "Cancelled",
};

export const stepStatusLabels: Record<StepStatus, string> = {
  PENDING: "Pending",
  RUNNING: "Running",
  WAITING: "Waiting for approval",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  SKIPPED: "Skipped",
  CANCELLED: "Cancelled",
  INTERRUPTED: "Interrupted",
};

export const stepKindLabels: Record<StepKind, string> = {
  SHELL: "Command",
  HTTP: "HTTP check",
  WAIT: "Wait",
  APPROVAL: "Approval",
  FLAG: "Feature flag",
  NOTIFY: "Notification",
  PROBE: "Probe",
};

export const runKindLabels: Record<RunKind, string> = {
  DEPLOY: "Deploy",
  ROLLBACK: "Rollback",
};

/** Milliseconds a step or run took (or has taken so far, given `now`); null before it started. */
export function elapsedMs(startedAt: string | null, finishedAt: string | null, now: number | null): number | null {
  if (!startedAt) return null;
  const end = finishedAt ? Date.parse(finishedAt) : now;
  if (end === null) return null;
  return end - Date.parse(startedAt);
}
