// Metrics follow what really happens: a deploy waiting in the queue, a real worker process running it
// (scraped on its own /metrics port), the action that started it, and a failed sign-in. Both scrapes are
// parsed as the Prometheus text format. The web process's own wiring (HTTP routes, live connections) is
// scraped in e2e/metrics.spec.ts.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { attemptPasswordSignIn } from "@/lib/auth/sign-in";
import { startDeployAction } from "@/lib/deploys/actions";
import { closeQueueSender } from "@/lib/deploys/queue";
import { freePort } from "@/lib/db/scratch";
import { registerDatabaseGauges } from "@/lib/metrics/database";
import { startMetricsListener } from "@/lib/metrics/listener";
import { metrics } from "@/lib/metrics/registry";
import { actingUser, createUser } from "../support/acting-user";
import { createTestDatabase } from "../support/database";
import { act, createScenario, removeScratchDirs, runIdOf, shell, waitForRun } from "../support/deploy-fixtures";
import { startWorker, waitFor, type WorkerProcess } from "../support/deploys";
import { parsePrometheusText, type Scrape } from "../support/prometheus";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, url } = await createTestDatabase();
const TOKEN = "worker-metrics-token-0123456789";
let manager: CurrentUser;
let web: { port: number; close: () => Promise<void> };
let worker: WorkerProcess | null = null;
let workerMetricsPort: number;

const scrape = async (port: number, token?: string): Promise<Scrape> => {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
};

beforeAll(async () => {
  process.env.DATABASE_URL = url;
  manager = await createUser(prisma, "RELEASE_MANAGER");
  // What the web process serves: this process's registry, with the gauges read from the database.
  registerDatabaseGauges(prisma);
  web = await startMetricsListener({ port: 0, host: "127.0.0.1", token: null }, metrics.registry);
  workerMetricsPort = await freePort();
});

afterAll(async () => {
  await worker?.stop();
  await web.close();
  await closeQueueSender();
  removeScratchDirs();
});

describe("metrics", () => {
  it("show a deploy waiting with no worker, then the worker's steps by kind and outcome", async () => {
    const idle = await scrape(web.port);
    expect(idle.value("preflight_deploy_queue_depth")).toBe(0);
    expect(idle.value("preflight_deploy_queue_lag_seconds")).toBe(0);
    expect(idle.value("preflight_worker_heartbeat_age_seconds")).toBe(Infinity);
    const startsBefore = idle.sum("preflight_action_duration_seconds_count", { action: "startDeploy", outcome: "ok" });

    const scenario = await createScenario(prisma, manager, { deploy: [shell("Build", "true"), shell("Migrate", "exit 3")] });
    const runId = runIdOf(await act(manager, startDeployAction, { releaseId: scenario.releaseId, requestKey: randomUUID() }));
    // Refused: the project's deploy lock is held by the run just started.
    const refused = await act(manager, startDeployAction, { releaseId: scenario.releaseId, requestKey: randomUUID() });
    expect(refused.ok).toBe(false);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const waiting = await scrape(web.port);
    expect(waiting.value("preflight_deploy_queue_depth")).toBe(1);
    expect(waiting.value("preflight_deploy_queue_lag_seconds")).toBeGreaterThanOrEqual(1);
    expect(waiting.sum("preflight_action_duration_seconds_count", { action: "startDeploy", outcome: "ok" })).toBe(startsBefore + 1);
    expect(waiting.sum("preflight_action_duration_seconds_count", { action: "startDeploy" })).toBe(startsBefore + 2);

    worker = startWorker(url, { PREFLIGHT_WORKER_METRICS_PORT: String(workerMetricsPort), PREFLIGHT_METRICS_TOKEN: TOKEN });
    await waitFor(async () => worker!.output().includes("metrics listening"), "the worker's metrics listener");
    await waitForRun(prisma, runId, "FAILED", 30_000);

    // The worker's own listener asks for the token.
    expect((await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`)).status).toBe(401);
    const ran = await scrape(workerMetricsPort, TOKEN);
    expect(ran.value("preflight_deploy_step_duration_seconds_count", { kind: "SHELL", outcome: "SUCCEEDED" })).toBe(1);
    expect(ran.value("preflight_deploy_step_duration_seconds_count", { kind: "SHELL", outcome: "FAILED" })).toBe(1);
    expect(ran.value("preflight_worker_active_runs")).toBe(0);
    expect(ran.value("process_resident_memory_bytes")).toBeGreaterThan(0);

    const after = await scrape(web.port);
    expect(after.value("preflight_deploy_queue_depth")).toBe(0);
    expect(after.value("preflight_deploy_queue_lag_seconds")).toBe(0);
    expect(after.value("preflight_worker_heartbeat_age_seconds")).toBeLessThan(15);
  });

  it("count failed sign-ins by reason", async () => {
    const before = await scrape(web.port);
    await attemptPasswordSignIn(prisma, { email: manager.email, password: "wrong password", ip: "203.0.113.9" });
    await attemptPasswordSignIn(prisma, { email: "nobody@test.local", password: "wrong password", ip: "203.0.113.9" });
    const after = await scrape(web.port);
    for (const reason of ["no_password", "unknown_email"]) {
      expect(after.sum("preflight_sign_in_failures_total", { reason })).toBe(before.sum("preflight_sign_in_failures_total", { reason }) + 1);
    }
  });

  it("appear in the worker's log as JSON lines carrying the run and the step", async () => {
    const lines = worker!
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.msg === "worker started")).toMatchObject({ level: "info", process: "worker" });
    const steps = lines.filter((line) => line.msg === "step finished");
    expect(steps.map(({ step, outcome }) => ({ step, outcome }))).toEqual([
      { step: "Build", outcome: "SUCCEEDED" },
      { step: "Migrate", outcome: "FAILED" },
    ]);
    const [build, migrate] = await prisma.deployStep.findMany({ where: { name: { in: ["Build", "Migrate"] } }, orderBy: { position: "asc" } });
    expect(steps[0]).toMatchObject({ runId: build!.runId, stepId: build!.id, kind: "SHELL" });
    expect(steps[1]).toMatchObject({ runId: migrate!.runId, stepId: migrate!.id });
  });
});
