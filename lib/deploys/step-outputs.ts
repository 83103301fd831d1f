// What a shell step reports back to Preflight: `key=value` lines it appends to the file named by
// $PREFLIGHT_OUTPUT (like GitHub Actions' $GITHUB_OUTPUT). Read from a file, not from the log, so that nothing a
// command prints (a dependency's output, an echoed input) can pass for a report. Known key: `migrations` (how many
// database migrations a migrate step applied), read by the rollback preflight.

export const STEP_OUTPUT_LIMITS = { bytes: 16 * 1024, keys: 50, valueChars: 1_000 } as const;
const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The `key=value` lines of a step's output file; the last value of a key wins, and malformed lines are ignored. */
export function parseStepOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const equals = line.indexOf("=");
    if (equals <= 0) continue;
    const key = line.slice(0, equals).trim();
    if (!KEY.test(key)) continue;
    if (!Object.hasOwn(outputs, key) && Object.keys(outputs).length >= STEP_OUTPUT_LIMITS.keys) continue;
    outputs[key] = line.slice(equals + 1).trim().slice(0, STEP_OUTPUT_LIMITS.valueChars);
  }
  return outputs;
}

/** The number of migrations a step reported, or null when it reported none (or something that is not a count). */
export function reportedMigrations(outputs: unknown): number | null {
  if (!outputs || typeof outputs !== "object") return null;
  const value = (outputs as Record<string, unknown>).migrations;
  return typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : null;
}
