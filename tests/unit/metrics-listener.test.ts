// /metrics: off unless a port is set, loopback unless a token protects it, and the token checked on every
// scrape; what it serves is the Prometheus text format (parsed here, and by promtool when installed).
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metricsConfigFromEnv, startMetricsListener, type MetricsListenerConfig } from "@/lib/metrics/listener";
import { countSignInFailure, metrics, observeAction, observeStep } from "@/lib/metrics/registry";
import { parsePrometheusText } from "../support/prometheus";

const TOKEN = "0123456789abcdef0123";

describe("metrics settings", () => {
  it("are off unless a port is set", () => {
    expect(metricsConfigFromEnv({}, "web")).toEqual({ ok: true, config: null });
    expect(metricsConfigFromEnv({ PREFLIGHT_METRICS_PORT: "9464" }, "worker")).toEqual({ ok: true, config: null });
  });

  it("listen on loopback by default, without a token", () => {
    expect(metricsConfigFromEnv({ PREFLIGHT_METRICS_PORT: "9464" }, "web")).toEqual({ ok: true, config: { port: 9464, host: "127.0.0.1", token: null } });
    expect(metricsConfigFromEnv({ PREFLIGHT_WORKER_METRICS_PORT: "9465", PREFLIGHT_METRICS_HOST: "::1" }, "worker")).toMatchObject({ ok: true, config: { port: 9465, host: "::1" } });
  });

  it("refuse to listen beyond loopback without a token", () => {
    for (const host of ["0.0.0.0", "::", "10.0.0.5", "metrics.internal"]) {
      const result = metricsConfigFromEnv({ PREFLIGHT_METRICS_PORT: "9464", PREFLIGHT_METRICS_HOST: host }, "web");
      expect(result).toEqual({ ok: false, problem: expect.stringContaining("set PREFLIGHT_METRICS_TOKEN") });
    }
    expect(metricsConfigFromEnv({ PREFLIGHT_METRICS_PORT: "9464", PREFLIGHT_METRICS_HOST: "0.0.0.0", PREFLIGHT_METRICS_TOKEN: TOKEN }, "web")).toEqual({
      ok: true,
      config: { port: 9464, host: "0.0.0.0", token: TOKEN },
    });
  });

  it("refuse a bad port or a short token", () => {
    expect(metricsConfigFromEnv({ PREFLIGHT_METRICS_PORT: "http" }, "web")).toMatchObject({ ok: false, problem: expect.stringContaining("PREFLIGHT_METRICS_PORT") });
    expect(metricsConfigFromEnv({ PREFLIGHT_METRICS_PORT: "70000" }, "web")).toMatchObject({ ok: false });
    expect(metricsConfigFromEnv({ PREFLIGHT_METRICS_PORT: "9464", PREFLIGHT_METRICS_TOKEN: "short" }, "web")).toMatchObject({ ok: false, problem: expect.stringContaining("16 characters") });
  });
});

describe("the metrics listener", () => {
  let open: { port: number; close: () => Promise<void> };
  let openWithToken: { port: number; close: () => Promise<void> };
  const start = (config: Partial<MetricsListenerConfig>) => startMetricsListener({ port: 0, host: "127.0.0.1", token: null, ...config }, metrics.registry);

  beforeAll(async () => {
    open = await start({});
    openWithToken = await start({ token: TOKEN });
  });
  afterAll(async () => {
    await open.close();
    await openWithToken.close();
  });

  const scrape = (port: number, headers: Record<string, string> = {}, path = "/metrics") => fetch(`http://127.0.0.1:${port}${path}`, { headers });

  it("serves the registry in the Prometheus text format, with values that follow what happened", async () => {
    const before = parsePrometheusText(await (await scrape(open.port)).text());
    observeAction("tickItem", "ok", 0.012);
    observeStep("SHELL", "FAILED", 2.5);
    countSignInFailure("bad_password");
    const response = await scrape(open.port);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const after = parsePrometheusText(await response.text());
    expect(after.types.get("preflight_action_duration_seconds")).toBe("histogram");
    expect(after.sum("preflight_action_duration_seconds_count", { action: "tickItem", outcome: "ok" })).toBe(before.sum("preflight_action_duration_seconds_count", { action: "tickItem", outcome: "ok" }) + 1);
    expect(after.sum("preflight_deploy_step_duration_seconds_count", { kind: "SHELL", outcome: "FAILED" })).toBe(before.sum("preflight_deploy_step_duration_seconds_count", { kind: "SHELL", outcome: "FAILED" }) + 1);
    expect(after.sum("preflight_sign_in_failures_total", { reason: "bad_password" })).toBe(before.sum("preflight_sign_in_failures_total", { reason: "bad_password" }) + 1);
    expect(after.value("process_cpu_user_seconds_total")).toBeGreaterThan(0);
  });

  it("answers only GET /metrics", async () => {
    expect((await scrape(open.port, {}, "/")).status).toBe(404);
    expect((await scrape(open.port, {}, "/api/health")).status).toBe(404);
  });

  it("asks for the bearer token when one is set, and refuses a wrong one", async () => {
    expect((await scrape(openWithToken.port)).status).toBe(401);
    expect((await scrape(openWithToken.port, { Authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await scrape(openWithToken.port, { Authorization: TOKEN })).status).toBe(401);
    const ok = await scrape(openWithToken.port, { Authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("preflight_http_request_duration_seconds");
  });

  // promtool comes with Debian's prometheus package (.ci/run installs it); skipped where it is missing.
  const promtool = spawnSync("promtool", ["--version"]).status === 0;
  it.skipIf(!promtool)("passes `promtool check metrics` (needs Debian's prometheus package)", async () => {
    observeAction("tickItem", "ok", 0.01);
    const text = await (await scrape(open.port)).text();
    // Exit 1: the text does not parse. Exit 3: lint findings, allowed for prom-client's own nodejs_* names
    // ("should not have _total suffix") but not for Preflight's.
    const result = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    const findings = `${result.stdout}${result.stderr}`;
    expect(result.status, findings).not.toBe(1);
    expect(findings.split("\n").filter((line) => line.startsWith("preflight_"))).toEqual([]);
  });
});
