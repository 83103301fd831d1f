// The monitoring window as words. Pure: usable on the server and in client components. (Phase labels
// live with the lifecycle rules in lib/releases/rules.ts, role labels with the permission table.)

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** 24 → "24 hours", 48 → "2 days", 168 → "1 week", 36 → "36 hours". */
export function formatMonitoringWindow(hours: number): string {
  if (hours > 0 && hours % 168 === 0) return plural(hours / 168, "week");
  if (hours >= 48 && hours % 24 === 0) return plural(hours / 24, "day");
  return plural(hours, "hour");
}
