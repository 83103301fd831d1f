// Numeric query parameters, range-checked before they reach the database: an out-of-range value is the
// client's mistake (400 with a clear message), never a 500 from a driver that cannot bind it.

/** PostgreSQL's BIGINT maximum: ids above it cannot exist, and binding them fails. */
export const MAX_BIGINT_ID = 9223372036854775807n;

export type ParsedParam<T> = { ok: true; value: T } | { ok: false; message: string };

/** A whole number from `min` to `max` written in plain digits ("1e2", "2.0", "+3" and " 4" are refused). */
export function parseIntegerParam(raw: string | null, name: string, options: { min: number; max: number; fallback: number }): ParsedParam<number> {
  if (raw === null || raw === "") return { ok: true, value: options.fallback };
  const refusal = { ok: false as const, message: `\`${name}\` must be a whole number from ${options.min} to ${options.max}.` };
  if (!/^\d{1,9}$/.test(raw)) return refusal;
  const value = Number(raw);
  return value >= options.min && value <= options.max ? { ok: true, value } : refusal;
}

/** A BIGINT row id (cursor) as a string of digits within range, or null when absent. */
export function parseBigIntIdParam(raw: string | null, name: string): ParsedParam<string | null> {
  if (raw === null || raw === "") return { ok: true, value: null };
  if (!/^\d{1,19}$/.test(raw) || BigInt(raw) > MAX_BIGINT_ID) {
    return { ok: false, message: `\`${name}\` must be a log line id (digits, at most ${MAX_BIGINT_ID}).` };
  }
  return { ok: true, value: raw };
}
