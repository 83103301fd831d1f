// What the deploy UI reads: run detail (no step configuration leaves the server, only approval
// instructions and wait lengths), log pages with string ids, run summaries, the lock, flags, pipelines.
import { afterAll, describe, expect, it } from "vitest";
import { insertLogBatch } from "@/lib/deploys/log-chunks";
import type { Prisma } from "@/lib/generated/prisma/client";
import { seedDemo } from "@/lib/seed/demo";
import { createTestDatabase } from "../support/database";

const { prisma, url } = await createTestDatabase();
process.env.DATABASE_URL = url;
await seedDemo(prisma, { password: "test-password-1" });
// Imported after DATABASE_URL is set: lib/db reads it on first use.
const queries = await import("@/lib/deploys/queries");
const { db } = await import("@/lib/db");
afterAll(() => db.$disconnect());

const release = await prisma.release.findFirstOrThrow({ where: { version: "0.5.0" } });
const manager = await prisma.user.findUniqueOrThrow({ where: { email: "manager@demo.local" } });
const admin = await prisma.user.findUniqueOrThrow({ where: { email: "admin@demo.local" } });
const pipeline = await prisma.pipeline.findFirstOrThrow({ where: { projectId: release.projectId, kind: "DEPLOY" } });

const run = await prisma.deployRun.create({
  data: {
    releaseId: release.id,
    projectId: release.projectId,
    pipelineId: pipeline.id,
    kind: "DEPLOY",
    status: "WAITING",
    requestKey: "queries-test-key",
    startedById: manager.id,
    startedAt: new Date("2026-11-25T09:14:00Z"),
    steps: {
      create: [
        {
          position: 0,
          name: "Back up the database",
          kind: "SHELL",
          status: "SUCCEEDED",
          attempt: 1,
          idempotent: true,
          config: { command: "backup.sh", env: [{ name: "TOKEN", value: "s3cr3t", secret: true }], timeoutSeconds: 60 } as Prisma.InputJsonValue,
        },
        { position: 1, name: "Soak", kind: "WAIT", status: "SUCCEEDED", attempt: 1, config: { seconds: 30 } },
        { position: 2, name: "Verify", kind: "APPROVAL", status: "WAITING", attempt: 1, config: { instructions: "Check the dashboards" } },
        { position: 3, name: "Enable the flag", kind: "FLAG", config: { flagKey: "X", enabled: true } },
      ],
    },
  },
  include: { steps: { orderBy: { position: "asc" } } },
});
await prisma.deployLock.create({ data: { projectId: release.projectId, runId: run.id, heldById: manager.id, acquiredAt: new Date("2026-11-25T09:14:00Z") } });
const backupStep = run.steps[0]!;
// Two chunks, as the worker writes them (one per flushed batch).
await insertLogBatch(
  prisma,
  Array.from({ length: 7 }, (_, i) => ({ stepId: backupStep.id, attempt: 1, stream: i === 3 ? ("STDERR" as const) : ("STDOUT" as const), line: `line ${i + 1}`, at: Date.now() })).slice(0, 4),
);
await insertLogBatch(
  prisma,
  Array.from({ length: 3 }, (_, i) => ({ stepId: backupStep.id, attempt: 1, stream: "STDOUT" as const, line: `line ${i + 5}`, at: Date.now() })),
);

describe("deploy queries", () => {
  it("returns a run with its steps in order, and no step configuration beyond instructions and wait lengths", async () => {
    const detail = (await queries.getRunDetail(run.id))!;
    expect(detail.steps.map((s) => s.name)).toEqual(["Back up the database", "Soak", "Verify", "Enable the flag"]);
    expect(detail.startedBy).toEqual({ id: manager.id, name: "Rae Manager" });
    expect(detail.pipelineVersion).toBe(1);
    expect(detail.release).toMatchObject({ version: "0.5.0", status: "PREPARING" });
    expect(detail.steps[1]?.waitSeconds).toBe(30);
    expect(detail.steps[2]?.instructions).toBe("Check the dashboards");
    expect(JSON.stringify(detail)).not.toContain("s3cr3t");
    expect(JSON.stringify(detail)).not.toContain("backup.sh");
    expect(detail.startedAt).toBe("2026-11-25T09:14:00.000Z");
    expect(await queries.getRunDetail("no-such-run")).toBeNull();
  });

  it("pages through a step's log with string ids", async () => {
    const first = await queries.getStepLogs(backupStep.id, { take: 5 });
    expect(first.lines.map((l) => l.line)).toEqual(["line 1", "line 2", "line 3", "line 4", "line 5"]);
    expect(first.hasMore).toBe(true);
    expect(typeof first.lines[0]?.id).toBe("string");
    expect(first.lines[3]?.stream).toBe("STDERR");
    const rest = await queries.getStepLogs(backupStep.id, { afterId: first.lines.at(-1)!.id, take: 5 });
    expect(rest.lines.map((l) => l.line)).toEqual(["line 6", "line 7"]);
    expect(rest.hasMore).toBe(false);
    expect((await queries.getStepLogs(backupStep.id, { afterId: rest.lines.at(-1)!.id })).lines).toEqual([]);
    expect(await queries.stepExists(backupStep.id)).toBe(true);
    expect(await queries.stepExists("nope")).toBe(false);
  });

  it("summarises the release's runs with step counts, and the project's lock", async () => {
    const [summary] = await queries.getReleaseDeploys(release.id);
    expect(summary).toMatchObject({ id: run.id, status: "WAITING", totalSteps: 4, stepCounts: { SUCCEEDED: 2, WAITING: 1, PENDING: 1 } });
    expect(await queries.getProjectRuns(release.projectId)).toHaveLength(1);
    expect(await queries.getProjectLock(release.projectId)).toEqual({
      projectId: release.projectId,
      holder: { id: manager.id, name: "Rae Manager" },
      since: "2026-11-25T09:14:00.000Z",
      takeoverReason: null,
      run: { id: run.id, kind: "DEPLOY", status: "WAITING", release: { id: release.id, version: "0.5.0" } },
    });
  });

  it("lists flags with their latest change, and the latest pipelines", async () => {
    const flag = await prisma.featureFlag.findFirstOrThrow({ where: { projectId: release.projectId } });
    await prisma.flagChange.create({ data: { flagId: flag.id, enabled: true, releaseId: release.id, reason: "Deploy step", at: new Date("2026-11-25T09:00:00Z") } });
    await prisma.flagChange.create({ data: { flagId: flag.id, enabled: false, actorId: manager.id, reason: "Kill switch", at: new Date("2026-11-25T10:00:00Z") } });
    const [listed] = await queries.listProjectFlags(release.projectId);
    expect(listed?.lastChange).toEqual({ enabled: false, percent: 0, at: "2026-11-25T10:00:00.000Z", actor: { id: manager.id, name: "Rae Manager" }, reason: "Kill switch", release: null });

    await prisma.pipeline.create({ data: { projectId: release.projectId, kind: "DEPLOY", version: 2, steps: [], createdById: admin.id } });
    const latest = await queries.getLatestPipelines(release.projectId);
    expect(latest.DEPLOY).toMatchObject({ version: 2, createdBy: { name: "Ada Admin" } });
    expect(latest.ROLLBACK?.version).toBe(1);
  });

  it("finds the project's current release, and keeps a rolled-back one until it is closed (after its incident note)", async () => {
    expect((await queries.getProjectDeploys(release.projectId))?.currentRelease?.version).toBe("0.5.0");
    await prisma.release.update({ where: { id: release.id }, data: { status: "ROLLED_BACK" } });
    expect((await queries.getProjectDeploys(release.projectId))?.currentRelease?.version).toBe("0.5.0");
    await prisma.release.update({ where: { id: release.id }, data: { incidentNote: "Migration failed" } });
    expect((await queries.getProjectDeploys(release.projectId))?.currentRelease?.version).toBe("0.5.0");
    await prisma.release.update({ where: { id: release.id }, data: { closedAt: new Date() } });
    expect((await queries.getProjectDeploys(release.projectId))?.currentRelease).toBeNull();
    expect(await queries.getProjectForDeploys("nope")).toBeNull();
    expect(await queries.getProjectDeploys("nope")).toBeNull();
  });
});
