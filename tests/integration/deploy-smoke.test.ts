import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { approveStepAction, startDeployAction } from "@/lib/deploys/actions";
import { closeQueueSender } from "@/lib/deploys/queue";
import { seedDemo } from "@/lib/seed/demo";
import { actingUser } from "../support/acting-user";
import { createTestDatabase } from "../support/database";
import { makeReleaseReady, startWorker, waitFor, type WorkerProcess } from "../support/deploys";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, url } = await createTestDatabase();
let worker: WorkerProcess;
let manager: CurrentUser;
// Stands in for Preflight's /api/health, which the demo pipeline checks.
const health = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" })));

beforeAll(async () => {
  process.env.DATABASE_URL = url;
  await seedDemo(prisma, { password: "test-password-1" });
  const user = await prisma.user.findUniqueOrThrow({ where: { email: "manager@demo.local" } });
  manager = { id: user.id, email: user.email, name: user.name, role: user.role };
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
    const backupLog = await prisma.stepLogLine.findMany({ where: { stepId: done[0]!.id }, orderBy: { id: "asc" } });
    expect(backupLog.map((l) => l.line)).toContain("pg_dump -U postgres > backup_v0.5.0_pre.sql");

    expect(await approveStepAction({ runId, stepId: waiting.id })).toMatchObject({ ok: true });
    const finished = await waitFor(async () => {
      const run = await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } });
      return run.status === "SUCCEEDED" ? run : undefined;
    }, "the run to succeed");
    expect(finished.finishedAt).not.toBeNull();
    expect((await prisma.release.findUniqueOrThrow({ where: { id: release.id } })).status).toBe("MONITORING");
    expect((await prisma.featureFlag.findFirstOrThrow({ where: { key: "INTEGRATIONS_GITHUB_ACTIONS_ENABLED" } })).enabled).toBe(true);
    expect(await prisma.deployLock.count()).toBe(0);
  }, 60_000);
});
