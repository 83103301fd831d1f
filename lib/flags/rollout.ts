// A flag's rollout: the share of targeting keys it is on for. Free of zod and of node:crypto, so the flag
// panel (a client component) shares these rules with the server.
//
// A flag row keeps `enabled` (on for some) and `rolloutPercent` together: on = 100 %, off = 0 %, and any
// percentage in between is on for that share of targeting keys. Rows written before percentages (and rows a
// test or a FLAG step writes with `enabled` only) still read right through rolloutOf().

export const ROLLOUT_LIMITS = { minPercent: 0, maxPercent: 100 } as const;

/** The percentage a flag is rolled out to: 0 when it is off, whatever the stored percentage says. */
export function rolloutOf(flag: { enabled: boolean; rolloutPercent: number }): number {
  if (!flag.enabled) return 0;
  return Math.min(ROLLOUT_LIMITS.maxPercent, Math.max(ROLLOUT_LIMITS.minPercent + 1, flag.rolloutPercent));
}

/** The columns to write for a percentage (the toggle's on is 100, its off 0). */
export function rolloutColumns(percent: number): { enabled: boolean; rolloutPercent: number } {
  return { enabled: percent > 0, rolloutPercent: percent };
}

/** The percentage a recorded change set; changes from before percentages said only on or off. */
export function changePercentOf(change: { enabled: boolean; rolloutPercent: number | null }): number {
  return change.rolloutPercent ?? (change.enabled ? 100 : 0);
}

/** "On", "Off" or "25 %": how the panel and the timeline say a percentage. */
export function describeRollout(percent: number): string {
  if (percent <= 0) return "Off";
  if (percent >= 100) return "On";
  return `${percent} %`;
}
