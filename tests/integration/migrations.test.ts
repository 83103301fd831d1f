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
});
