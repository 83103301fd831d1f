import pg from "pg";
import { describe, expect, it } from "vitest";
import { applyMigrations, diffMigrationsToSchema, readMigrationsList } from "@/lib/db/migrations";
import { createTestDatabase } from "../support/database";

describe("migrations", () => {
  it("produce exactly the schema in schema.prisma (no drift)", async () => {
    const { url } = await createTestDatabase();
    expect(await diffMigrationsToSchema(url)).toBe("");
  });

  it("are recorded in Prisma's _prisma_migrations table and a second run applies nothing", async () => {
    const { url } = await createTestDatabase();
    // The template was migrated by the global setup; applying again must be a no-op.
    expect(await applyMigrations(url)).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const applied = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name",
    );
    await client.end();
    const committed = (await readMigrationsList()).migrationDirectories.map((d) => d.path);
    expect(applied.rows.map((r) => r.migration_name)).toEqual(committed);
    expect(committed.length).toBeGreaterThan(0);
  });

  it("keep the audit log append-only", async () => {
    const { prisma } = await createTestDatabase();
    const event = await prisma.auditEvent.create({ data: { type: "test.event", payload: { n: 1 } } });
    await expect(prisma.auditEvent.update({ where: { id: event.id }, data: { type: "rewritten" } })).rejects.toThrow(/append-only/);
    await expect(prisma.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
    expect((await prisma.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).type).toBe("test.event");
  });

  it("turn flags from before percentage rollouts into 100 % (on) and 0 % (off), history included", async () => {
    const { url, prisma } = await createTestDatabase({ empty: true });
    await applyMigrations(url, { through: "20261202123456_project_baseline_version" });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`INSERT INTO "Project" (id, slug, name, "updatedAt") VALUES ('p1', 'gateway', 'Gateway', now())`);
    await client.query(
      `INSERT INTO "FeatureFlag" (id, "projectId", key, enabled, "updatedAt") VALUES ('f-on', 'p1', 'on-flag', true, now()), ('f-off', 'p1', 'off-flag', false, now())`,
    );
    await client.query(`INSERT INTO "FlagChange" (id, "flagId", enabled) VALUES ('c1', 'f-on', true), ('c2', 'f-off', false)`);
    await client.end();
    await applyMigrations(url);
    const flags = await prisma.featureFlag.findMany({ orderBy: { key: "asc" }, select: { key: true, enabled: true, rolloutPercent: true } });
    expect(flags).toEqual([
      { key: "off-flag", enabled: false, rolloutPercent: 0 },
      { key: "on-flag", enabled: true, rolloutPercent: 100 },
    ]);
    const changes = await prisma.flagChange.findMany({ orderBy: { id: "asc" }, select: { id: true, rolloutPercent: true } });
    expect(changes).toEqual([{ id: "c1", rolloutPercent: 100 }, { id: "c2", rolloutPercent: 0 }]);
  });
});
