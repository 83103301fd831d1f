// Deploy logs are stored in chunks (lib/deploys/log-chunks.ts). These tests go through PostgreSQL: the
// writer's rows, the reader's pages, the NOTIFY's last id, and the upgrade of logs stored one row per line.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import { insertLogBatch, linesOfChunks } from "@/lib/deploys/log-chunks";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase } from "../support/database";

// In SQL, naming only the columns the first schema had: the upgrade test runs this on the schema before later
// migrations added columns, and the client would fill in a newer column's static default itself.
async function newStep(prisma: PrismaClient): Promise<string> {
  const id = (what: string) => `${what}-${Math.random().toString(36).slice(2, 10)}`;
  const [user, project, release, run, step] = ["u", "p", "r", "run", "s"].map(id) as [string, string, string, string, string];
  await prisma.$executeRaw`INSERT INTO "User" (id, email, name, role, "updatedAt") VALUES (${user}, ${`${user}@test.local`}, 'Rae', 'RELEASE_MANAGER', now())`;
  await prisma.$executeRaw`INSERT INTO "Project" (id, slug, name, "updatedAt") VALUES (${project}, ${project}, 'P', now())`;
  await prisma.$executeRaw`
    INSERT INTO "Release" (id, "projectId", version, title, status, "releaseManagerId", "createdById", "templateName", "templateSnapshot", "updatedAt")
    VALUES (${release}, ${project}, '1.0.0', 'R', 'DEPLOYING', ${user}, ${user}, 'T', '{}'::jsonb, now())`;
  await prisma.$executeRaw`
    INSERT INTO "DeployRun" (id, "releaseId", "projectId", kind, "requestKey", "startedById") VALUES (${run}, ${release}, ${project}, 'DEPLOY', ${run}, ${user})`;
  await prisma.$executeRaw`INSERT INTO "DeployStep" (id, "runId", position, name, kind, config) VALUES (${step}, ${run}, 0, 'Echo', 'SHELL', '{}'::jsonb)`;
  return step;
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
