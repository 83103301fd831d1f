// How a PROBE step runs: an HTTP check or a Prometheus query (HTTP API, /api/v1/query), at once and then every
// intervalSeconds until durationSeconds have passed. Every check is reported (the engine stores it as a
// ProbeResult); the step fails as soon as failAfter checks in a row have failed, with the last check's reason.
// Every request goes through the outbound guard, like HTTP steps. Time comes from a clock the caller may
// replace (tests), so the waiting in between is under control.
import { redactUrl } from "@/lib/secrets/redact-url";
import type { LogStream } from "@/lib/generated/prisma/enums";
import { guardedFetch, OutboundRefusedError, type OutboundPolicy } from "./outbound-guard";
import { interpolate, PROBE_DEFAULT_BASELINE, PROBE_DEFAULT_STATUS, type ProbeStep } from "./pipeline-schema";
import { checkJsonCondition, checkMetricCondition, formatMetric, parseJsonCondition, parseMetricCondition, parsePromDuration, probeCheckCount, type MetricCondition } from "./probe-conditions";

export interface ProbeClock {
  now: () => number;
  /** Resolves after `ms` (or at once when `signal` is aborted). */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const systemClock: ProbeClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done, { once: true });
    }),
};

/** One check's result, as stored. */
export interface ProbeCheck {
  at: Date;
  ok: boolean;
  /** The query's value, or the HTTP status code. */
  value: number | null;
  baseline: number | null;
  message: string;
}

export interface ProbeContext {
  variables: Record<string, string>;
  secrets: Record<string, string>;
  signal: AbortSignal;
  log: (stream: LogStream, line: string) => void;
  policy: OutboundPolicy;
  clock: ProbeClock;
  record: (check: ProbeCheck) => Promise<void>;
}

export type ProbeOutcome = { status: "SUCCEEDED" } | { status: "FAILED"; error: string } | { status: "CANCELLED"; error: string };

interface CheckAnswer {
  ok: boolean;
  value: number | null;
  baseline: number | null;
  message: string;
  /** A refusal by the outbound rules: no later check can do better. */
  final?: boolean;
}

export async function runProbe(step: ProbeStep, ctx: ProbeContext): Promise<ProbeOutcome> {
  const { config } = step;
  const count = probeCheckCount(config);
  const target = config.check === "PROMETHEUS" ? `${config.label ?? "value"} of ${config.query} on ${shownUrl(config.url, ctx)}` : `GET ${shownUrl(config.url, ctx)}`;
  ctx.log("SYSTEM", `Probing ${target}: ${count} check${count === 1 ? "" : "s"}, every ${config.intervalSeconds} s for ${config.durationSeconds} s; fails after ${config.failAfter} failed check${config.failAfter === 1 ? "" : "s"} in a row`);
  const started = ctx.clock.now();
  let failedInRow = 0;
  for (let i = 0; i < count; i++) {
    if (i > 0) await ctx.clock.sleep(started + i * config.intervalSeconds * 1000 - ctx.clock.now(), ctx.signal);
    if (ctx.signal.aborted) return { status: "CANCELLED", error: "Cancelled while probing" };
    const at = new Date(ctx.clock.now());
    const answer = config.check === "PROMETHEUS" ? await checkPrometheus(step, ctx, at) : await checkHttp(step, ctx);
    if (ctx.signal.aborted) return { status: "CANCELLED", error: "Cancelled while probing" };
    await ctx.record({ at, ok: answer.ok, value: answer.value, baseline: answer.baseline, message: answer.message });
    ctx.log(answer.ok ? "SYSTEM" : "STDERR", `Check ${i + 1} of ${count}: ${answer.ok ? "ok" : "failed"}: ${answer.message}`);
    if (answer.ok) {
      failedInRow = 0;
      continue;
    }
    failedInRow++;
    if (answer.final) return { status: "FAILED", error: answer.message };
    if (failedInRow >= config.failAfter) return { status: "FAILED", error: config.failAfter > 1 ? `${answer.message} (${failedInRow} failed checks in a row)` : answer.message };
  }
  return { status: "SUCCEEDED" };
}

function shownUrl(url: string, ctx: ProbeContext): string {
  // As written, secrets by name, without userinfo or literal query values.
  try {
    return interpolate(redactUrl(url), ctx.variables);
  } catch {
    return redactUrl(url);
  }
}

const requestSignal = (ctx: ProbeContext, timeoutSeconds: number) => AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutSeconds * 1000)]);

function failureOf(error: unknown, what: string, timeoutSeconds: number): CheckAnswer {
  if (error instanceof OutboundRefusedError) return { ok: false, value: null, baseline: null, message: error.message, final: true };
  const message =
    error instanceof Error && (error.name === "TimeoutError" || (error.name === "AbortError" && /timeout/i.test(String(error.cause ?? error.message))))
      ? `timed out after ${timeoutSeconds} s`
      : error instanceof Error
        ? (error.message || error.name)
        : String(error);
  return { ok: false, value: null, baseline: null, message: `${what} is unreachable: ${message}` };
}

// Bodies read: enough for a health document or one instant query's result.
const HTTP_BODY_CAP = 64 * 1024;
const PROMETHEUS_BODY_CAP = 256 * 1024;

async function checkHttp(step: ProbeStep, ctx: ProbeContext): Promise<CheckAnswer> {
  const { config } = step;
  const shown = shownUrl(config.url, ctx);
  const condition = config.jsonCondition !== undefined ? parseJsonCondition(config.jsonCondition) : null;
  if (condition && !condition.ok) return { ok: false, value: null, baseline: null, message: condition.message, final: true };
  let response;
  try {
    const url = interpolate(config.url, ctx.variables, ctx.secrets);
    response = await guardedFetch(url, { method: "GET", headers: { accept: "application/json" }, maxBodyBytes: condition ? HTTP_BODY_CAP : 0, signal: requestSignal(ctx, config.timeoutSeconds) }, ctx.policy);
  } catch (error) {
    if (ctx.signal.aborted) return { ok: false, value: null, baseline: null, message: "Cancelled" };
    return failureOf(error, shown, config.timeoutSeconds);
  }
  const status = response.status;
  const expected = config.expectStatus ?? PROBE_DEFAULT_STATUS;
  if (status !== expected) return { ok: false, value: status, baseline: null, message: `${shown} answered HTTP ${status}, expected ${expected}` };
  if (!condition) return { ok: true, value: status, baseline: null, message: `HTTP ${status}` };
  if (response.truncated) return { ok: false, value: status, baseline: null, message: `The response is larger than ${HTTP_BODY_CAP / 1024} KB: ${config.jsonCondition} cannot be checked` };
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return { ok: false, value: status, baseline: null, message: `HTTP ${status}, but the response is not JSON: ${config.jsonCondition} cannot be checked` };
  }
  const problem = checkJsonCondition(body, condition.condition);
  return problem ? { ok: false, value: status, baseline: null, message: `HTTP ${status}, but ${problem}` } : { ok: true, value: status, baseline: null, message: `HTTP ${status}, ${config.jsonCondition}` };
}

/** One instant query's single number, or why there is none. */
type QueryAnswer = { ok: true; value: number } | { ok: false; answer: CheckAnswer };

async function queryPrometheus(step: ProbeStep, ctx: ProbeContext, time: Date, what: string): Promise<QueryAnswer> {
  const { config } = step;
  const base = shownUrl(config.url, ctx);
  const fail = (message: string): QueryAnswer => ({ ok: false, answer: { ok: false, value: null, baseline: null, message } });
  let response;
  try {
    const url = `${interpolate(config.url, ctx.variables, ctx.secrets).replace(/\/+$/, "")}/api/v1/query`;
    // POST with a form body, as the HTTP API allows: a long query stays out of URLs (and access logs).
    const body = new URLSearchParams({ query: config.query!, time: (time.getTime() / 1000).toFixed(3), timeout: `${config.timeoutSeconds}s` }).toString();
    response = await guardedFetch(
      url,
      { method: "POST", headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" }, body, maxBodyBytes: PROMETHEUS_BODY_CAP, signal: requestSignal(ctx, config.timeoutSeconds) },
      ctx.policy,
    );
  } catch (error) {
    if (ctx.signal.aborted) return fail("Cancelled");
    return { ok: false, answer: failureOf(error, `Prometheus at ${base}`, config.timeoutSeconds) };
  }
  let parsed: { status?: unknown; error?: unknown; errorType?: unknown; data?: { resultType?: unknown; result?: unknown } };
  try {
    parsed = JSON.parse(response.body) as typeof parsed;
  } catch {
    return fail(`Prometheus at ${base} answered HTTP ${response.status} without a query result${response.truncated ? ` (more than ${PROMETHEUS_BODY_CAP / 1024} KB)` : ""}: is it a Prometheus server?`);
  }
  if (parsed.status !== "success") {
    return fail(`Prometheus refused the ${what} query (HTTP ${response.status}${typeof parsed.errorType === "string" ? `, ${parsed.errorType}` : ""}): ${typeof parsed.error === "string" ? parsed.error : "no reason given"}`);
  }
  const { resultType, result } = parsed.data ?? {};
  let raw: unknown;
  if (resultType === "scalar") {
    raw = Array.isArray(result) ? result[1] : undefined;
  } else if (resultType === "vector" && Array.isArray(result)) {
    if (result.length === 0) return fail(`The ${what} query returned no data (an empty result is not a pass): ${config.query}`);
    if (result.length > 1) return fail(`The ${what} query returned ${result.length} series; a probe needs one number (wrap it in sum(…) or max(…))`);
    const sample = (result[0] as { value?: unknown }).value;
    raw = Array.isArray(sample) ? sample[1] : undefined;
  } else {
    return fail(`The ${what} query returned a ${String(resultType)}; a probe needs an instant vector of one series or a scalar`);
  }
  // Prometheus writes sample values as strings: "0.05", "NaN", "+Inf".
  const value = typeof raw === "string" ? (/^nan$/i.test(raw) ? NaN : Number(raw.replace(/^\+?Inf$/i, "Infinity").replace(/^-Inf$/i, "-Infinity"))) : NaN;
  if (Number.isNaN(value)) return fail(`The ${what} query's value is NaN (a division by zero, e.g. no requests?): a probe needs a number`);
  return { ok: true, value };
}

async function checkPrometheus(step: ProbeStep, ctx: ProbeContext, at: Date): Promise<CheckAnswer> {
  const { config } = step;
  const label = config.label ?? "value";
  const parsed = parseMetricCondition(config.condition ?? "");
  if (!parsed.ok) return { ok: false, value: null, baseline: null, message: parsed.message, final: true };
  const condition: MetricCondition = parsed.condition;
  const current = await queryPrometheus(step, ctx, at, "current");
  if (!current.ok) return current.answer;
  if (condition.kind === "threshold") {
    const problem = checkMetricCondition(label, condition, current.value);
    return { ok: problem === null, value: current.value, baseline: null, message: problem ?? `${label} ${formatMetric(current.value)} ${condition.op} threshold ${formatMetric(condition.threshold)}` };
  }
  const offset = config.baselineOffset ?? PROBE_DEFAULT_BASELINE;
  const offsetMs = parsePromDuration(offset) ?? 86_400_000;
  // The same query evaluated `baselineOffset` earlier: like PromQL's `offset`, for any query.
  const baseline = await queryPrometheus(step, ctx, new Date(at.getTime() - offsetMs), `baseline (${offset} earlier)`);
  if (!baseline.ok) return { ...baseline.answer, value: current.value };
  const problem = checkMetricCondition(label, condition, current.value, baseline.value);
  const limit = condition.factor * baseline.value;
  return {
    ok: problem === null,
    value: current.value,
    baseline: baseline.value,
    message: problem ?? `${label} ${formatMetric(current.value)} ${condition.op} ${formatMetric(condition.factor)} × baseline ${formatMetric(baseline.value)} = ${formatMetric(limit)}`,
  };
}
