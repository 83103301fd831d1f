// The conditions a PROBE step checks, parsed and evaluated without eval. Pure, no zod: the step schema, the
// step editor's inline checks and the worker all use it.
//
// - An HTTP probe's JSON condition: `<path> <op> <literal>`, e.g. `$.status == "ok"` or `$.checks.db.latencyMs < 200`.
//   The path is `$` followed by `.name` or `[index]` parts; the literal is JSON (a string in double quotes, a
//   number, true, false or null).
// - A Prometheus probe's condition: `value <op> <number>` (a threshold), or `current <op> [<number> *] baseline`
//   (the same query evaluated earlier, e.g. a day before). `×` may stand for `*`.

export const COMPARISONS = ["==", "!=", "<=", ">=", "<", ">"] as const;
export type Comparison = (typeof COMPARISONS)[number];

export type PathPart = string | number;

export interface JsonCondition {
  path: PathPart[];
  /** As written, for messages: `$.status`. */
  pathText: string;
  op: Comparison;
  expected: string | number | boolean | null;
}

export type MetricCondition =
  | { kind: "threshold"; op: Comparison; threshold: number }
  | { kind: "baseline"; op: Comparison; factor: number };

export type Parsed<T> = { ok: true; condition: T } | { ok: false; message: string };

const OP = /(==|!=|<=|>=|<|>)/;

/** `$`, `$.a.b`, `$.items[0].name`, `$["odd key"]` → its parts; null when it is not such a path. */
export function parseJsonPath(text: string): PathPart[] | null {
  if (!text.startsWith("$")) return null;
  const parts: PathPart[] = [];
  let rest = text.slice(1);
  while (rest.length > 0) {
    let match = /^\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(rest);
    if (match) {
      parts.push(match[1]!);
    } else if ((match = /^\[(\d{1,6})\]/.exec(rest))) {
      parts.push(Number(match[1]));
    } else if ((match = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest))) {
      parts.push(JSON.parse(`"${match[1]}"`) as string);
    } else {
      return null;
    }
    rest = rest.slice(match[0].length);
  }
  return parts;
}

export function parseJsonCondition(text: string): Parsed<JsonCondition> {
  const usage = 'Write a condition like $.status == "ok" (a path from $, then == != < <= > >=, then a JSON value)';
  const trimmed = text.trim();
  const at = trimmed.search(OP);
  if (at <= 0) return { ok: false, message: usage };
  const pathText = trimmed.slice(0, at).trim();
  const op = OP.exec(trimmed.slice(at))![1] as Comparison;
  const literal = trimmed.slice(at + op.length).trim();
  const path = parseJsonPath(pathText);
  if (!path) return { ok: false, message: `“${pathText}” is not a path: start with $ and use .name or [index], e.g. $.checks[0].status` };
  let expected: unknown;
  try {
    expected = JSON.parse(literal);
  } catch {
    return { ok: false, message: `“${literal}” is not a JSON value: quote strings ("ok"), or use a number, true, false or null` };
  }
  if (expected !== null && typeof expected === "object") return { ok: false, message: "Compare with a string, a number, true, false or null" };
  if ((op !== "==" && op !== "!=") && typeof expected !== "number") return { ok: false, message: `${op} compares numbers: put a number after it` };
  return { ok: true, condition: { path, pathText, op, expected: expected as JsonCondition["expected"] } };
}

export function parseMetricCondition(text: string): Parsed<MetricCondition> {
  const usage = "Write a condition like value <= 0.05 (a threshold) or current <= 1.2 * baseline (against the baseline window)";
  const match = /^\s*(value|current)\s*(==|!=|<=|>=|<|>)\s*(.+?)\s*$/.exec(text);
  if (!match) return { ok: false, message: usage };
  const op = match[2] as Comparison;
  const right = match[3]!;
  const number = (word: string) => (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(word) ? Number(word) : null);
  if (/baseline/.test(right)) {
    const factorMatch = /^(?:([^*×\s]+)\s*[*×]\s*)?baseline$/.exec(right) ?? /^baseline\s*[*×]\s*([^*×\s]+)$/.exec(right);
    if (!factorMatch) return { ok: false, message: usage };
    const factor = factorMatch[1] === undefined ? 1 : number(factorMatch[1]);
    if (factor === null || factor <= 0) return { ok: false, message: `“${factorMatch[1]}” is not a positive number to multiply the baseline by` };
    return { ok: true, condition: { kind: "baseline", op, factor } };
  }
  const threshold = number(right);
  if (threshold === null) return { ok: false, message: `“${right}” is not a number: ${usage}` };
  return { ok: true, condition: { kind: "threshold", op, threshold } };
}

export function compare(actual: number | string | boolean | null, op: Comparison, expected: number | string | boolean | null): boolean {
  switch (op) {
    case "==":
      return actual === expected;
    case "!=":
      return actual !== expected;
    default:
      if (typeof actual !== "number" || typeof expected !== "number") return false;
      return op === "<" ? actual < expected : op === "<=" ? actual <= expected : op === ">" ? actual > expected : actual >= expected;
  }
}

/** The words for a failed comparison: `<=` fails as `>`. */
const negated: Record<Comparison, string> = { "==": "≠", "!=": "=", "<=": ">", ">=": "<", "<": "≥", ">": "≤" };

/** The value at `path` in parsed JSON; `found: false` when some part is missing. Own properties only. */
export function valueAtPath(value: unknown, path: readonly PathPart[]): { found: boolean; value: unknown } {
  let current: unknown = value;
  for (const part of path) {
    if (typeof part === "number" ? !Array.isArray(current) || part >= current.length : current === null || typeof current !== "object" || Array.isArray(current) || !Object.hasOwn(current, part)) {
      return { found: false, value: undefined };
    }
    current = (current as Record<string | number, unknown>)[part];
  }
  return { found: true, value: current };
}

/** Checks a JSON body against a condition: null when it holds, else why not. */
export function checkJsonCondition(body: unknown, condition: JsonCondition): string | null {
  const { found, value } = valueAtPath(body, condition.path);
  if (!found) return `${condition.pathText} is missing from the response`;
  const scalar = value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : undefined;
  if (scalar === undefined) return `${condition.pathText} is ${Array.isArray(value) ? "a list" : "an object"}, not a value to compare`;
  if (compare(scalar, condition.op, condition.expected)) return null;
  return `${condition.pathText} is ${JSON.stringify(scalar)}, expected ${condition.op} ${JSON.stringify(condition.expected)}`;
}

/** Shows a metric value briefly: 0.0833333 → 0.0833. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
}

/**
 * Checks a query's value (and the baseline's, for a baseline condition): null when it holds, else why not,
 * e.g. "error rate 0.083 > threshold 0.05" (the probe's label first).
 */
export function checkMetricCondition(label: string, condition: MetricCondition, value: number, baseline?: number): string | null {
  if (Number.isNaN(value)) return `${label} is NaN (no data to divide by?): a probe needs a number`;
  if (condition.kind === "threshold") {
    return compare(value, condition.op, condition.threshold) ? null : `${label} ${formatMetric(value)} ${negated[condition.op]} threshold ${formatMetric(condition.threshold)}`;
  }
  if (baseline === undefined || Number.isNaN(baseline)) return `${label}: the baseline is ${baseline === undefined ? "missing" : "NaN"}, so nothing to compare with`;
  const limit = condition.factor * baseline;
  if (compare(value, condition.op, limit)) return null;
  const times = condition.factor === 1 ? "baseline" : `${formatMetric(condition.factor)} × baseline ${formatMetric(baseline)}`;
  return `${label} ${formatMetric(value)} ${negated[condition.op]} ${times} = ${formatMetric(limit)}`;
}

/** A Prometheus duration (`30s`, `5m`, `1h`, `1d`, `1w`) in milliseconds; null when it is not one. */
export function parsePromDuration(text: string): number | null {
  const match = /^(\d{1,6})(ms|s|m|h|d|w)$/.exec(text.trim());
  if (!match) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as "ms" | "s" | "m" | "h" | "d" | "w"];
  const ms = Number(match[1]) * unit;
  return ms > 0 ? ms : null;
}

/** How many checks a probe makes: one at once, then one per interval while the duration lasts. */
export function probeCheckCount(config: { intervalSeconds: number; durationSeconds: number }): number {
  return Math.floor(config.durationSeconds / config.intervalSeconds) + 1;
}
