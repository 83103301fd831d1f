// Deploy logs are stored in chunks (lib/deploys/log-chunks.ts). These tests go through PostgreSQL: the
// writer's rows, the reader's pages, the NOTIFY's last id, and the upgrade of logs stored one row per line.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import { insertLogBatch, linesOfChunks } from "@/lib/deploys/log-chunks";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase } from "../support/database";

// Selects only ids: the upgrade test runs this on the schema before later migrations added columns.
async function newStep(prisma: PrismaClient): Promise<string> {
  const user = await prisma.user.create({ data: { email: `u${Math.random()}@test.local`, name: "Rae", role: "RELEASE_MANAGER" }, select: { id: true } });
  const project = await prisma.project.create({ data: { slug: `p-${Math.random().toString(36).slice(2, 8)}`, name: "P" }, select: { id: true } });
  const release = await prisma.release.create({
    data: { projectId: project.id, version: "1.0.0", title: "R", status: "DEPLOYING", releaseManagerId: user.id, createdById: user.id, templateName: "T", templateSnapshot: {} },
    select: { id: true },
  });
  const run = await prisma.deployRun.create({
    data: { releaseId: release.id, projectId: project.id, kind: "DEPLOY", requestKey: `k-${Math.random()}`, startedById: user.id, steps: { create: { position: 0, name: "Echo", kind: "SHELL", config: {} } } },
    select: { steps: { select: { id: true } } },
  });
  return run.steps[0]!.id;
}

const readAll = async (prisma: PrismaClient, stepId: string) =>
  linesOfChunks(await prisma.stepLogChunk.findMany({ where: { stepId }, orderBy: { id: "asc" } }), null, Number.MAX_SAFE_INTEGER);

describe("step log storage", () => {
  it("stores a batch as one row per step attempt and reads every line back with its time", async () => {
    const { prisma, url } = await createTestDatabase();
    const stepId = await newStep(prisma);
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    const notices: { lastId: string }[] = [];
    listener.on("notification", (m) => notices.push(JSON.parse(m.payload!) as { lastId: string }));
    await listener.query("LISTEN preflight_logs");
    const at = new Date("2026-12-02T10:00:00.123Z");
    const batch = [
      ...Array.from({ length: 3 }, (_, i) => ({ stepId, attempt: 1, stream: "STDOUT" as const, line: `first ${i}`, at: at.getTime() + i })),
      ...Array.from({ length: 2 }, (_, i) => ({ stepId, attempt: 2, stream: "STDERR" as const, line: `second ${i}`, at: at.getTime() + 1000 + i })),
    ];
    await insertLogBatch(prisma, batch);
    expect(await prisma.stepLogChunk.count({ where: { stepId } })).toBe(2);
    const lines = await readAll(prisma, stepId);
    expect(lines.map((l) => [l.attempt, l.stream, l.line, l.at])).toEqual(batch.map((e) => [e.attempt, e.stream, e.line, new Date(e.at).toISOString()]));
    // One NOTIFY for the statement, naming the last line's id: what a live viewer fetches up to.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await listener.end();
    expect(notices.map((n) => n.lastId)).toEqual([lines.at(-1)!.id]);
  });

  it("moves logs stored one row per line into chunks on upgrade, in order, with nothing lost", async () => {
    const { prisma, url } = await createTestDatabase({ empty: true });
    await applyMigrations(url, { through: "20261202021354_deploy_run_queue_and_order" });
    const stepId = await newStep(prisma);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // 5,003 lines (two chunks after the upgrade), a SYSTEM line holding a line break, and times 10 ms apart.
    await client.query(
      `INSERT INTO "StepLogLine" ("stepId", "attempt", "stream", "line", "at")
       SELECT $1, 1, (CASE WHEN n % 2 = 0 THEN 'STDOUT' ELSE 'STDERR' END)::"LogStream", 'line ' || n, timestamp '2026-12-01 09:00:00' + n * interval '10 ms'
       FROM generate_series(1, 5003) AS n`,
      [stepId],
    );
    await client.query(`INSERT INTO "StepLogLine" ("stepId", "attempt", "stream", "line", "at") VALUES ($1, 2, 'SYSTEM', E'Failed:\\nexit 1', timestamp '2026-12-01 10:00:00')`, [stepId]);
    await client.end();
    await applyMigrations(url);
    const lines = await readAll(prisma, stepId);
    expect(lines).toHaveLength(5_004);
    expect(lines[0]).toMatchObject({ attempt: 1, stream: "STDERR", line: "line 1", at: "2026-12-01T09:00:00.010Z" });
    expect(lines[5_002]).toMatchObject({ attempt: 1, stream: "STDERR", line: "line 5003", at: "2026-12-01T09:00:50.030Z" });
    expect(lines[5_003]).toMatchObject({ attempt: 2, stream: "SYSTEM", line: "Failed: exit 1" });
    const ids = lines.map((l) => BigInt(l.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
  });
});
