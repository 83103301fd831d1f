import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { approveStepAction, startDeployAction } from "@/lib/deploys/actions";
import { closeQueueSender } from "@/lib/deploys/queue";
import { logOf } from "../support/deploy-fixtures";
import { actingUser } from "../support/acting-user";
import { createDemoDatabase } from "../support/releases";
import { makeReleaseReady, startWorker, waitFor, type WorkerProcess } from "../support/deploys";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, url, f } = await createDemoDatabase();
const { manager, lead } = f.users;
let worker: WorkerProcess;
// Stands in for Preflight's /api/health, which the demo pipeline checks.
const health = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" })));

beforeAll(async () => {
  await new Promise<void>((resolve) => health.listen(0, "127.0.0.1", resolve));
  const address = health.address();
  const port = typeof address === "object" && address ? address.port : 0;
  worker = startWorker(url, { NEXTAUTH_URL: `http://127.0.0.1:${port}` });
});

afterAll(async () => {
  await worker.stop();
  await closeQueueSender();
  health.close();
});

describe("the demo deploy, end to end with a real worker", () => {
  it("runs every step in order, waits for approval, enables the flag and moves the release to monitoring", async () => {
    const release = await prisma.release.findFirstOrThrow({ where: { version: "0.5.0" } });
    await makeReleaseReady(prisma, release.id, manager.id);
    actingUser.current = manager;
    const started = await startDeployAction({ releaseId: release.id, requestKey: randomUUID() });
    expect(started).toMatchObject({ ok: true });
    const runId = started.ok ? started.data.runId : "";

    const waiting = await waitFor(async () => {
      const step = await prisma.deployStep.findFirst({ where: { runId, status: "WAITING" } });
      return step ?? undefined;
    }, "the approval step", 30_000);
    expect(waiting.name).toBe("Post-deployment verification");
    const done = await prisma.deployStep.findMany({ where: { runId, status: "SUCCEEDED" }, orderBy: { position: "asc" } });
    expect(done.map((s) => s.name)).toEqual(["Back up the database", "Pull the new version", "Run migrations", "Restart services", "Wait for health"]);
    const backupLog = await logOf(prisma, done[0]!.id);
    expect(backupLog.map((l) => l.line)).toContain("pg_dump -U postgres > backup_v0.5.0_pre.sql");

    // Release day follows the deploy: items bound to the steps that succeeded are ticked by "Deploy" (no person),
    // with the run as evidence; the human ones (tag, CI build) are still open.
    const itemOf = (title: string) => prisma.releaseItem.findFirstOrThrow({ where: { releaseId: release.id, title } });
    expect(await itemOf("Database migrations applied")).toMatchObject({
      state: "DONE",
      tickedById: null,
      tickedByRunId: runId,
      evidenceUrl: `/releases/${release.id}/deploys/${runId}`,
      stepName: "Run migrations",
    });
    expect(await itemOf("Health endpoints responding")).toMatchObject({ state: "DONE", tickedByRunId: runId });
    expect(await itemOf("Version correct")).toMatchObject({ state: "OPEN", stepName: "Post-deployment verification" });
    expect(await itemOf("Watch GitHub Actions workflow")).toMatchObject({ state: "OPEN", stepName: null });
    const tick = await prisma.auditEvent.findFirstOrThrow({ where: { releaseId: release.id, type: "item.ticked", payload: { path: ["step"], equals: "Run migrations" } } });
    expect(tick).toMatchObject({ actorId: null, payload: { by: "deploy", runId, title: "Database migrations applied" } });

    // The demo's verification is the engineering lead's, and four-eyes: the manager who started the run cannot approve it.
    expect(await approveStepAction({ runId, stepId: waiting.id })).toEqual({
      ok: false,
      code: "forbidden",
      message: "Only an engineering lead can approve “Post-deployment verification”.",
    });
    actingUser.current = lead;
    expect(await approveStepAction({ runId, stepId: waiting.id, comment: "Dashboards green" })).toMatchObject({ ok: true });
    expect(await itemOf("Version correct")).toMatchObject({ state: "DONE", tickedById: null, tickedByRunId: runId });
    const approved = await prisma.auditEvent.findFirstOrThrow({ where: { releaseId: release.id, type: "deploy.step_approved" } });
    expect(approved).toMatchObject({ actorId: lead.id, payload: { step: "Post-deployment verification", comment: "Dashboards green" } });
    const finished = await waitFor(async () => {
      const run = await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } });
      return run.status === "SUCCEEDED" ? run : undefined;
    }, "the run to succeed");
    expect(finished.finishedAt).not.toBeNull();
    expect((await prisma.release.findUniqueOrThrow({ where: { id: release.id } })).status).toBe("MONITORING");
    expect((await prisma.featureFlag.findFirstOrThrow({ where: { key: "INTEGRATIONS_GITHUB_ACTIONS_ENABLED" } })).enabled).toBe(true);
    expect(await prisma.deployLock.count()).toBe(0);
    expect(await itemOf("Gradual Feature Rollout")).toMatchObject({ state: "DONE", tickedByRunId: runId });
    // The five release-day items no step ticks wait for a person before monitoring can end.
    const open = await prisma.releaseItem.findMany({ where: { releaseId: release.id, phase: "RELEASE_DAY", state: "OPEN" }, select: { title: true } });
    expect(open.map((i) => i.title).sort()).toEqual(
      ["Check images pushed to ghcr.io", "Create Git Tag (triggers release workflow)", "Verify Docker images built successfully", "Verify GitHub Release created", "Watch GitHub Actions workflow"].sort(),
    );
  }, 60_000);
});
