// PROBE steps without Prometheus: the condition languages, the step schema and the YAML round trip, and the
// check loop (interval, duration, failAfter, the outbound guard) against a local HTTP server with a clock the
// test controls. Real Prometheus queries are in tests/integration/probes.test.ts.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { outboundPolicy } from "@/lib/deploys/outbound-guard";
import { describePipelineProblems, pipelineStepsSchema, probeStepSchema, type ProbeStep } from "@/lib/deploys/pipeline-schema";
import { parsePipelineYaml } from "@/lib/deploys/pipeline-yaml";
import { pipelineToYaml } from "@/lib/deploys/pipeline-yaml-text";
import { checkJsonCondition, checkMetricCondition, parseJsonCondition, parseMetricCondition, parsePromDuration, probeCheckCount } from "@/lib/deploys/probe-conditions";
import { runProbe, type ProbeCheck, type ProbeClock } from "@/lib/deploys/probes";
import { summarisePipelineSteps } from "@/lib/deploys/pipeline-summary";
import { draftProblems, draftsFromSteps, withProbeCheck } from "@/lib/deploys/step-drafts";
import { executeStep } from "@/lib/deploys/executors";
import { findPrometheus, PROMETHEUS_MISSING } from "../support/prometheus-server";

describe("JSON conditions", () => {
  const holds = (condition: string, body: unknown) => {
    const parsed = parseJsonCondition(condition);
    if (!parsed.ok) throw new Error(parsed.message);
    return checkJsonCondition(body, parsed.condition);
  };

  it("checks a value at a dotted path, with indexes and quoted keys", () => {
    expect(holds('$.status == "ok"', { status: "ok" })).toBeNull();
    expect(holds("$.checks[1].latencyMs < 200", { checks: [{}, { latencyMs: 120 }] })).toBeNull();
    expect(holds('$["odd key"] != false', { "odd key": true })).toBeNull();
    expect(holds("$.ready == true", { ready: true })).toBeNull();
    expect(holds("$.error == null", { error: null })).toBeNull();
  });

  it("says why a condition does not hold", () => {
    expect(holds('$.status == "ok"', { status: "degraded" })).toBe('$.status is "degraded", expected == "ok"');
    expect(holds('$.db.status == "ok"', { status: "ok" })).toBe("$.db.status is missing from the response");
    expect(holds("$.checks == 1", { checks: [] })).toBe("$.checks is a list, not a value to compare");
    expect(holds("$.latency < 200", { latency: "fast" })).toBe('$.latency is "fast", expected < 200');
  });

  it("never reads inherited properties", () => {
    expect(holds("$.constructor == null", {})).toBe("$.constructor is missing from the response");
    expect(holds("$.length == 0", [])).toBe("$.length is missing from the response");
  });

  it("refuses what is not a condition, with a reason", () => {
    expect(parseJsonCondition("status == ok")).toMatchObject({ ok: false, message: expect.stringContaining("is not a path") });
    expect(parseJsonCondition('$.status == ok')).toMatchObject({ ok: false, message: expect.stringContaining("is not a JSON value") });
    expect(parseJsonCondition('$.status < "ok"')).toMatchObject({ ok: false, message: "< compares numbers: put a number after it" });
    expect(parseJsonCondition("$.a == {}")).toMatchObject({ ok: false });
    expect(parseJsonCondition("$.a")).toMatchObject({ ok: false, message: expect.stringContaining("Write a condition like") });
    expect(parseJsonCondition("process.exit() == 1")).toMatchObject({ ok: false });
  });
});

describe("metric conditions", () => {
  it("reads a threshold and a baseline comparison", () => {
    expect(parseMetricCondition("value <= 0.05")).toEqual({ ok: true, condition: { kind: "threshold", op: "<=", threshold: 0.05 } });
    expect(parseMetricCondition("current <= 1.2 * baseline")).toEqual({ ok: true, condition: { kind: "baseline", op: "<=", factor: 1.2 } });
    expect(parseMetricCondition("current <= 1.2 × baseline")).toEqual({ ok: true, condition: { kind: "baseline", op: "<=", factor: 1.2 } });
    expect(parseMetricCondition("current >= baseline * 0.8")).toEqual({ ok: true, condition: { kind: "baseline", op: ">=", factor: 0.8 } });
    expect(parseMetricCondition("current < baseline")).toEqual({ ok: true, condition: { kind: "baseline", op: "<", factor: 1 } });
  });

  it("refuses what it cannot read", () => {
    expect(parseMetricCondition("rate <= 1")).toMatchObject({ ok: false });
    expect(parseMetricCondition("value <= lots")).toMatchObject({ ok: false, message: expect.stringContaining("“lots” is not a number") });
    expect(parseMetricCondition("current <= -2 * baseline")).toMatchObject({ ok: false, message: expect.stringContaining("positive number") });
  });

  it("fails with a sentence a person can act on", () => {
    const threshold = { kind: "threshold", op: "<=", threshold: 0.05 } as const;
    expect(checkMetricCondition("error rate", threshold, 0.0833333)).toBe("error rate 0.0833 > threshold 0.05");
    expect(checkMetricCondition("error rate", threshold, 0.01)).toBeNull();
    expect(checkMetricCondition("error rate", threshold, NaN)).toContain("NaN");
    const baseline = { kind: "baseline", op: "<=", factor: 1.2 } as const;
    expect(checkMetricCondition("p95 latency", baseline, 0.45, 0.4)).toBeNull();
    expect(checkMetricCondition("p95 latency", baseline, 0.6, 0.4)).toBe("p95 latency 0.6 > 1.2 × baseline 0.4 = 0.48");
    expect(checkMetricCondition("p95 latency", baseline, 0.6, NaN)).toContain("baseline is NaN");
  });

  it("reads Prometheus durations for the baseline window", () => {
    expect(parsePromDuration("1d")).toBe(86_400_000);
    expect(parsePromDuration("30s")).toBe(30_000);
    expect(parsePromDuration("1x")).toBeNull();
    expect(parsePromDuration("0s")).toBeNull();
  });
});

const prometheusProbe = { name: "Error rate", kind: "PROBE", config: { check: "PROMETHEUS", url: "http://prometheus:9090", query: "sum(rate(errors[5m]))", condition: "value <= 0.05" } };
const httpProbe = { name: "Health", kind: "PROBE", config: { check: "HTTP", url: "${PREFLIGHT_URL}/api/health", jsonCondition: '$.status == "ok"' } };

describe("the PROBE step schema", () => {
  it("fills in the defaults", () => {
    expect(probeStepSchema.parse(prometheusProbe).config).toEqual({
      ...prometheusProbe.config,
      intervalSeconds: 30,
      durationSeconds: 300,
      failAfter: 1,
      timeoutSeconds: 10,
    });
    expect(probeStepSchema.parse(httpProbe)).toMatchObject({ idempotent: true, config: { url: "${PREFLIGHT_URL}/api/health", failAfter: 1 } });
    expect(probeStepSchema.parse(httpProbe).config).not.toHaveProperty("baselineOffset");
  });

  it("names each problem at its field", () => {
    const steps = [
      { name: "Error rate", kind: "PROBE", config: { check: "PROMETHEUS", url: "ftp://x", condition: "value <= lots", baselineOffset: "yesterday", intervalSeconds: 0 } },
      { name: "Health", kind: "PROBE", config: { check: "HTTP", url: "https://x", jsonCondition: "$.status == ok", query: "up" } },
    ];
    const result = pipelineStepsSchema.safeParse(steps);
    expect(result.success).toBe(false);
    expect(describePipelineProblems(steps, result.error!)).toEqual([
      "step 1 (Error rate) › config.url: Use an http(s) URL (or ${PREFLIGHT_URL}/…, a ${VARIABLE} or ${secret:NAME} holding one)",
      "step 1 (Error rate) › config.condition: “lots” is not a number: Write a condition like value <= 0.05 (a threshold) or current <= 1.2 * baseline (against the baseline window)",
      "step 1 (Error rate) › config.baselineOffset: Write a duration like 1d, 1h or 30s",
      "step 1 (Error rate) › config.intervalSeconds: The interval must be at least 1 second",
      "step 1 (Error rate) › config.query: Write the PromQL query",
      "step 2 (Health) › config.jsonCondition: “ok” is not a JSON value: quote strings (\"ok\"), or use a number, true, false or null",
      "step 2 (Health) › config.query: A query is for Prometheus probes",
    ]);
    const missing = pipelineStepsSchema.safeParse([{ name: "Q", kind: "PROBE", config: { check: "PROMETHEUS", url: "http://p:9090" } }, { ...httpProbe, config: { ...httpProbe.config, query: "up" } }]);
    expect(describePipelineProblems([], missing.error!)).toEqual([
      "step 1 › config.query: Write the PromQL query",
      "step 1 › config.condition: Write the condition, e.g. value <= 0.05 or current <= 1.2 * baseline",
      "step 2 › config.query: A query is for Prometheus probes",
    ]);
  });

  it("goes through YAML and back unchanged", () => {
    const steps = pipelineStepsSchema.parse([prometheusProbe, httpProbe, { ...prometheusProbe, config: { ...prometheusProbe.config, condition: "current <= 1.2 * baseline", baselineOffset: "1w", label: "error rate" } }]);
    const parsed = parsePipelineYaml(pipelineToYaml(steps));
    expect(parsed).toMatchObject({ ok: true });
    expect(pipelineStepsSchema.parse((parsed as { steps: unknown }).steps)).toEqual(steps);
  });

  it("the example in docs/OPERATIONS.md is a valid pipeline, summarised for readers", () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, "../../docs/OPERATIONS.md"), "utf8");
    const yaml = /### PROBE steps[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    const parsed = parsePipelineYaml(yaml ?? "");
    expect(parsed).toMatchObject({ ok: true });
    expect(summarisePipelineSteps((parsed as { steps: unknown }).steps).map((s) => s.details)).toEqual([
      ['GET ${PREFLIGHT_URL}/api/health, expects 200 with $.status == "ok"', "13 checks: every 10 s for 120 s; fails after 1 failed check in a row"],
      [
        'Queries http://prometheus:9090: sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])), expects current <= 1.2 * baseline (baseline 1d earlier)',
        "16 checks: every 60 s for 900 s; fails after 2 failed checks in a row",
      ],
    ]);
  });

  it("is checked in the form while it is typed, with the server's words", () => {
    const drafts = draftsFromSteps([{ ...prometheusProbe, config: { ...prometheusProbe.config, condition: "value <= lots", baselineOffset: "1x" } }, { ...httpProbe, config: { ...httpProbe.config, jsonCondition: "$.a ==" } }]);
    expect(draftProblems(drafts)).toEqual([
      "step 1 (Error rate) › config.condition: “lots” is not a number: Write a condition like value <= 0.05 (a threshold) or current <= 1.2 * baseline (against the baseline window)",
      "step 1 (Error rate) › config.baselineOffset: Write a duration like 1d, 1h or 30s",
      "step 2 (Health) › config.jsonCondition: “” is not a JSON value: quote strings (\"ok\"), or use a number, true, false or null",
    ]);
    expect(withProbeCheck({ check: "PROMETHEUS", url: "u", query: "up", condition: "value <= 1", intervalSeconds: 5 }, "HTTP")).toEqual({ check: "HTTP", url: "u", intervalSeconds: 5 });
  });
});

// ------------------------------------------------------------------------------------------------ the check loop

const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

/** A health endpoint answering the statuses and bodies in `answers`, one per request (the last one repeats). */
async function healthServer(answers: { status: number; body: unknown }[]): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((_request, response) => {
    const answer = answers[Math.min(requests++, answers.length - 1)]!;
    response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`, requests: () => requests };
}

/** A clock whose sleeps pass at once (and are noted): a 5-minute probe takes milliseconds. */
function manualClock(start = Date.parse("2026-12-02T12:00:00Z")): ProbeClock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += Math.max(0, ms);
    },
  };
}

function probe(url: string, config: Partial<ProbeStep["config"]> = {}): ProbeStep {
  return probeStepSchema.parse({ name: "Health", kind: "PROBE", config: { check: "HTTP", url, jsonCondition: '$.status == "ok"', intervalSeconds: 10, durationSeconds: 60, ...config } });
}

async function run(step: ProbeStep, { allow = "127.0.0.1", signal = new AbortController().signal } = {}) {
  const clock = manualClock();
  const checks: ProbeCheck[] = [];
  const lines: string[] = [];
  const outcome = await runProbe(step, {
    variables: {},
    secrets: {},
    signal,
    log: (_stream, line) => lines.push(line),
    policy: outboundPolicy(undefined, allow),
    clock,
    record: async (check) => void checks.push(check),
  });
  return { outcome, checks, lines, clock };
}

const ok = { status: 200, body: { status: "ok" } };
const degraded = { status: 200, body: { status: "degraded" } };

describe("a probe's checks", () => {
  it("checks at once and then every interval for the duration, and passes when every check passes", async () => {
    const server = await healthServer([ok]);
    const { outcome, checks, clock, lines } = await run(probe(server.url));
    expect(outcome).toEqual({ status: "SUCCEEDED" });
    expect(probeCheckCount({ intervalSeconds: 10, durationSeconds: 60 })).toBe(7);
    expect(checks.map((c) => [c.ok, c.value, c.message])).toEqual(Array(7).fill([true, 200, 'HTTP 200, $.status == "ok"']));
    expect(checks.map((c) => c.at.toISOString().slice(11, 19))).toEqual(["12:00:00", "12:00:10", "12:00:20", "12:00:30", "12:00:40", "12:00:50", "12:01:00"]);
    expect(clock.sleeps).toEqual(Array(6).fill(10_000));
    expect(lines[0]).toBe(`Probing GET ${server.url}: 7 checks, every 10 s for 60 s; fails after 1 failed check in a row`);
  });

  it("fails at the first failed check by default, with the reason", async () => {
    const server = await healthServer([ok, ok, degraded, ok]);
    const { outcome, checks } = await run(probe(server.url));
    expect(outcome).toEqual({ status: "FAILED", error: 'HTTP 200, but $.status is "degraded", expected == "ok"' });
    expect(checks.map((c) => c.ok)).toEqual([true, true, false]);
    expect(server.requests()).toBe(3);
  });

  it("with failAfter, tolerates fewer failed checks in a row, and fails at that many", async () => {
    const tolerant = await run(probe((await healthServer([ok, degraded, ok, { status: 503, body: {} }, ok])).url, { failAfter: 2 }));
    expect(tolerant.outcome).toEqual({ status: "SUCCEEDED" });
    expect(tolerant.checks.map((c) => c.ok)).toEqual([true, false, true, false, true, true, true]);
    const failing = await run(probe((await healthServer([ok, { status: 503, body: {} }])).url, { failAfter: 2 }));
    expect(failing.outcome).toMatchObject({ status: "FAILED", error: expect.stringMatching(/answered HTTP 503, expected 200 \(2 failed checks in a row\)$/) });
    expect(failing.checks.map((c) => [c.ok, c.value])).toEqual([[true, 200], [false, 503], [false, 503]]);
  });

  it("goes through the outbound guard: a loopback target is refused unless allowed, and no later check is tried", async () => {
    const server = await healthServer([ok]);
    const { outcome, checks } = await run(probe(server.url, { failAfter: 3 }), { allow: "" });
    expect(outcome).toMatchObject({ status: "FAILED", error: expect.stringMatching(/^Refused: .*loopback address; allow it with PREFLIGHT_OUTBOUND_ALLOW$/) });
    expect(checks).toHaveLength(1);
    expect(server.requests()).toBe(0);
  });

  it("says plainly when the target is unreachable", async () => {
    const server = await healthServer([ok]);
    const port = new URL(server.url).port;
    servers.pop()!.close();
    const { outcome } = await run(probe(server.url, { durationSeconds: 0 }));
    expect(outcome).toEqual({ status: "FAILED", error: `${server.url} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}` });
  });

  it("stops when the run is cancelled", async () => {
    const server = await healthServer([ok]);
    const controller = new AbortController();
    controller.abort();
    const { outcome, checks } = await run(probe(server.url), { signal: controller.signal });
    expect(outcome).toEqual({ status: "CANCELLED", error: "Cancelled while probing" });
    expect(checks).toEqual([]);
  });
});

describe("secrets in a probe", () => {
  it("are filled in for the request and masked in the stored check and the log", async () => {
    const server = await healthServer([ok]);
    const url = new URL(server.url);
    const secretUrl = `${url.origin}/health?token=s3cr3t-token`;
    const checks: ProbeCheck[] = [];
    const lines: string[] = [];
    const step = probeStepSchema.parse({ name: "Health", kind: "PROBE", config: { check: "HTTP", url: "${secret:HEALTH_URL}", jsonCondition: '$.status == "down"', durationSeconds: 0 } });
    const outcome = await executeStep(step, {
      variables: {},
      signal: new AbortController().signal,
      log: (_stream, line) => lines.push(line),
      skipRequested: () => null,
      setFlag: async () => null,
      killGraceMs: 100,
      allowShell: false,
      outboundAllow: "127.0.0.1",
      loadSecrets: async () => ({ HEALTH_URL: secretUrl }),
      recordProbeResult: async (check) => void checks.push(check),
      clock: manualClock(),
    });
    expect(outcome).toEqual({ status: "FAILED", error: 'HTTP 200, but $.status is "ok", expected == "down"' });
    expect(server.requests()).toBe(1);
    expect(checks).toHaveLength(1);
    expect(lines.join("\n")).toContain("Probing GET ${secret:HEALTH_URL}");
    expect(JSON.stringify([checks, lines])).not.toContain("s3cr3t-token");
  });
});

describe("the Prometheus test helper", () => {
  it("fails, saying how to install Prometheus, when the server binary is missing (tests are never skipped)", () => {
    expect(() => findPrometheus("/nonexistent", [])).toThrow(PROMETHEUS_MISSING);
    expect(PROMETHEUS_MISSING).toContain("apt-get install -y prometheus");
  });
});
