// PROBE steps against a real Prometheus (Debian's `prometheus` binary, started by tests/support/prometheus-server.ts
// on a loopback port, scraping every second an exporter whose values this test sets). Without the binary this
// file fails, saying how to install it. The waits between checks go through a clock the test controls: its
// sleeps return at once (and may change the exporter's values first), so a probe's checks take no real time
// beyond the queries; time itself stays real, because Prometheus evaluates queries at the time it is given.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startDeployAction } from "@/lib/deploys/actions";
import { processRun } from "@/lib/deploys/engine";
import { outboundPolicy } from "@/lib/deploys/outbound-guard";
import { probeStepSchema, type PipelineStep, type ProbeStep } from "@/lib/deploys/pipeline-schema";
import { runProbe, type ProbeCheck, type ProbeClock } from "@/lib/deploys/probes";
import { listReleaseProbeResults } from "@/lib/deploys/queries";
import { closeQueueSender } from "@/lib/deploys/queue";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createActionDatabase } from "../support/database";
import { actingUser, createCast } from "../support/acting-user";
import { act, createScenario, inProcessEngine, logOf, runIdOf, stepsOf } from "../support/deploy-fixtures";
import { startPrometheus, type PrometheusServer } from "../support/prometheus-server";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma } = await createActionDatabase();
const { manager } = await createCast(prisma, "manager");

let prometheus: PrometheusServer;
let health: { url: string; server: Server; status: string };
/** When Prometheus had first scraped app_latency_seconds: a baseline window must not reach before it. */
let latencySince = 0;

beforeAll(async () => {
  // Fails (never skips) without the binary: the message says `apt-get install -y prometheus`.
  prometheus = await startPrometheus();
  prometheus.exporter.set("app_error_ratio", 0.01);
  prometheus.exporter.set("app_latency_seconds", 1);
  await prometheus.waitForValue("app_error_ratio", 0.01);
  await prometheus.waitForValue("app_latency_seconds", 1);
  latencySince = Date.now();
  const server = createServer((_request, response) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: health.status, version: "1.2.3" })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  health = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`, server, status: "ok" };
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  health?.server.close();
  await closeQueueSender();
});

/**
 * A clock whose sleeps return at once, after running `onSleep` (with the sleep's number, 1-based), and move
 * its time on by the time slept. It runs ahead of real time by the sleeps: Prometheus answers a query at a
 * later time with the latest samples, which is what a threshold check wants.
 */
function testClock(onSleep: (n: number) => Promise<void> = async () => undefined): ProbeClock & { sleeps: number[] } {
  const sleeps: number[] = [];
  let ahead = 0;
  return {
    sleeps,
    now: () => Date.now() + ahead,
    sleep: async (ms) => {
      sleeps.push(Math.round(ms / 1000));
      ahead += Math.max(0, ms);
      await onSleep(sleeps.length);
    },
  };
}

const prometheusProbe = (config: Record<string, unknown>): ProbeStep =>
  probeStepSchema.parse({ kind: "PROBE", name: "Error rate", config: { check: "PROMETHEUS", url: prometheus.url, query: "app_error_ratio", condition: "value <= 0.05", label: "error rate", durationSeconds: 0, ...config } });

async function probe(step: ProbeStep, { clock = testClock(), allow = "127.0.0.1" }: { clock?: ProbeClock; allow?: string } = {}) {
  const checks: ProbeCheck[] = [];
  const outcome = await runProbe(step, {
    variables: {},
    secrets: {},
    signal: new AbortController().signal,
    log: () => undefined,
    policy: outboundPolicy(undefined, allow),
    clock,
    record: async (check) => void checks.push(check),
  });
  return { outcome, checks };
}

describe("a Prometheus threshold probe", () => {
  it("passes while the value is under the threshold, then fails when the exporter's value changes", async () => {
    const clock = testClock(async (n) => {
      // Before the third check: the service starts failing.
      if (n === 2) {
        prometheus.exporter.set("app_error_ratio", 0.083);
        await prometheus.waitForValue("app_error_ratio", 0.083);
      }
    });
    const { outcome, checks } = await probe(prometheusProbe({ intervalSeconds: 10, durationSeconds: 60 }), { clock });
    expect(outcome).toEqual({ status: "FAILED", error: "error rate 0.083 > threshold 0.05" });
    expect(checks.map((c) => [c.ok, c.value, c.message])).toEqual([
      [true, 0.01, "error rate 0.01 <= threshold 0.05"],
      [true, 0.01, "error rate 0.01 <= threshold 0.05"],
      [false, 0.083, "error rate 0.083 > threshold 0.05"],
    ]);
    expect(clock.sleeps).toEqual([10, 10]);
    prometheus.exporter.set("app_error_ratio", 0.01);
    await prometheus.waitForValue("app_error_ratio", 0.01);
  });

  it("fails with a clear message on an empty result, NaN, several series or a query Prometheus refuses", async () => {
    expect((await probe(prometheusProbe({ query: "app_no_such_metric" }))).outcome).toEqual({
      status: "FAILED",
      error: "The current query returned no data (an empty result is not a pass): app_no_such_metric",
    });
    expect((await probe(prometheusProbe({ query: "(app_error_ratio - app_error_ratio) / (app_error_ratio - app_error_ratio)" }))).outcome).toEqual({
      status: "FAILED",
      error: "The current query's value is NaN (a division by zero, e.g. no requests?): a probe needs a number",
    });
    expect((await probe(prometheusProbe({ query: '{job="probe-test", __name__=~"app_.*"}' }))).outcome).toEqual({
      status: "FAILED",
      error: "The current query returned 2 series; a probe needs one number (wrap it in sum(…) or max(…))",
    });
    expect((await probe(prometheusProbe({ query: "sum(app_error_ratio" }))).outcome).toMatchObject({
      status: "FAILED",
      error: expect.stringMatching(/^Prometheus refused the current query \(HTTP 400, bad_data\): .*unclosed left parenthesis/),
    });
    // A scalar result is a number too.
    expect((await probe(prometheusProbe({ query: "scalar(app_error_ratio)" }))).outcome).toEqual({ status: "SUCCEEDED" });
  });

  it("says plainly that an unreachable Prometheus is unreachable", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { outcome, checks } = await probe(prometheusProbe({ url: `http://127.0.0.1:${port}` }));
    expect(outcome).toEqual({ status: "FAILED", error: `Prometheus at http://127.0.0.1:${port} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}` });
    expect(checks).toMatchObject([{ ok: false, value: null, message: outcome.status === "FAILED" ? outcome.error : "" }]);
  });

  it("is refused by the outbound guard when the installation does not allow the address", async () => {
    const { outcome } = await probe(prometheusProbe({}), { allow: "" });
    expect(outcome).toMatchObject({ status: "FAILED", error: expect.stringMatching(/^Refused: 127\.0\.0\.1 is a loopback address; allow it with PREFLIGHT_OUTBOUND_ALLOW$/) });
  });
});

describe("a Prometheus baseline probe", () => {
  it("compares the query now with the same query a configurable window earlier", async () => {
    // A 1d baseline is not available in a test: a 5 s window, once Prometheus has more than 5 s of samples.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, latencySince + 6_000 - Date.now())));
    const latency = (config: Record<string, unknown> = {}) =>
      prometheusProbe({ query: "app_latency_seconds", label: "latency", condition: "current <= 1.2 * baseline", baselineOffset: "5s", ...config });
    const steady = await probe(latency());
    expect(steady.outcome).toEqual({ status: "SUCCEEDED" });
    expect(steady.checks).toMatchObject([{ ok: true, value: 1, baseline: 1, message: "latency 1 <= 1.2 × baseline 1 = 1.2" }]);

    prometheus.exporter.set("app_latency_seconds", 2);
    await prometheus.waitForValue("app_latency_seconds", 2);
    const slower = await probe(latency());
    expect(slower.outcome).toEqual({ status: "FAILED", error: "latency 2 > 1.2 × baseline 1 = 1.2" });
    expect(slower.checks).toMatchObject([{ ok: false, value: 2, baseline: 1 }]);

    // Before Prometheus had any sample: no baseline is a failure, not a pass.
    expect((await probe(latency({ baselineOffset: "1h" }))).outcome).toEqual({ status: "FAILED", error: "The baseline (1h earlier) query returned no data (an empty result is not a pass): app_latency_seconds" });
  });
});

// ------------------------------------------------------------------------------------------------ in a deploy

describe("PROBE steps in a deploy", () => {
  it("run in order, store every check, and fail the run with the probe's reason", async () => {
    health.status = "ok";
    prometheus.exporter.set("app_error_ratio", 0.2);
    await prometheus.waitForValue("app_error_ratio", 0.2);
    const steps = [
      { kind: "PROBE", name: "Health", config: { check: "HTTP", url: health.url, jsonCondition: '$.status == "ok"', intervalSeconds: 5, durationSeconds: 10 } },
      { kind: "PROBE", name: "Health degraded", config: { check: "HTTP", url: health.url, jsonCondition: '$.version == "2.0.0"', durationSeconds: 0 } },
    ] as PipelineStep[];
    const scenario = await createScenario(prisma, manager, { deploy: steps });
    const runId = runIdOf(await act(manager, startDeployAction, { releaseId: scenario.releaseId, requestKey: randomUUID() }));
    await processRun(runId, inProcessEngine(prisma, { outboundAllow: "127.0.0.1", clock: testClock() }));

    const [passed, failed] = await stepsOf(prisma, runId);
    expect(passed).toMatchObject({ kind: "PROBE", status: "SUCCEEDED" });
    expect(failed).toMatchObject({ kind: "PROBE", status: "FAILED", error: 'HTTP 200, but $.version is "1.2.3", expected == "2.0.0"' });
    expect(await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "FAILED" });
    expect((await logOf(prisma, failed!.id)).map((l) => l.line)).toContain('Check 1 of 1: failed: HTTP 200, but $.version is "1.2.3", expected == "2.0.0"');

    const page = await listReleaseProbeResults(scenario.releaseId);
    expect(page.hasMore).toBe(false);
    expect(page.results.map((r) => [r.stepId, r.ok, r.value, r.message])).toEqual([
      [passed!.id, true, 200, 'HTTP 200, $.status == "ok"'],
      [passed!.id, true, 200, 'HTTP 200, $.status == "ok"'],
      [passed!.id, true, 200, 'HTTP 200, $.status == "ok"'],
      [failed!.id, false, 200, 'HTTP 200, but $.version is "1.2.3", expected == "2.0.0"'],
    ]);
    expect(page.results.every((r) => r.runId === runId && r.attempt === 1)).toBe(true);

    // Bounded pages, newest first, then older ones with `before`.
    const newest = await listReleaseProbeResults(scenario.releaseId, { take: 3 });
    expect(newest).toMatchObject({ hasMore: true });
    expect(newest.results.map((r) => r.id)).toEqual(page.results.slice(1).map((r) => r.id));
    const older = await listReleaseProbeResults(scenario.releaseId, { take: 3, before: newest.results[0]!.id });
    expect(older).toEqual({ results: page.results.slice(0, 1), hasMore: false });
    expect((await listReleaseProbeResults(scenario.releaseId, { stepId: failed!.id })).results).toHaveLength(1);
  });

  it("a Prometheus probe over the error-rate threshold fails its deploy step, its result stored", async () => {
    const scenario = await createScenario(prisma, manager, {
      deploy: [{ kind: "PROBE", name: "Error rate", config: { check: "PROMETHEUS", url: prometheus.url, query: "app_error_ratio", condition: "value <= 0.05", label: "error rate", durationSeconds: 0 } } as PipelineStep],
    });
    const runId = runIdOf(await act(manager, startDeployAction, { releaseId: scenario.releaseId, requestKey: randomUUID() }));
    await processRun(runId, inProcessEngine(prisma, { outboundAllow: "127.0.0.1", clock: testClock() }));
    const [step] = await stepsOf(prisma, runId);
    expect(step).toMatchObject({ status: "FAILED", error: "error rate 0.2 > threshold 0.05" });
    expect(await prisma.probeResult.findMany({ where: { stepId: step!.id }, select: { ok: true, value: true, baseline: true, message: true, releaseId: true } })).toEqual([
      { ok: false, value: 0.2, baseline: null, message: "error rate 0.2 > threshold 0.05", releaseId: scenario.releaseId },
    ]);
  });
});
