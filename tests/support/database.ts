// A fresh, migrated database per test file, cloned from the template the global setup built.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { parseAuditEvent } from "@/lib/audit/events/payloads";
import { createPrismaClient } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject("adminDatabaseUrl") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates the database now (migrated, or `empty`) and drops it after the file's tests. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `preflight_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${options.empty ? "template0" : inject("templateDatabase")}"`);
  const url = new URL(inject("adminDatabaseUrl"));
  url.pathname = `/${name}`;
  const prisma = createPrismaClient(url.toString(), 5);
  afterAll(async () => {
    try {
      // Whatever the file's tests did, every audit event they caused must read back against the catalogue.
      const unreadable = await auditEventsOutsideTheCatalogue(prisma);
      if (unreadable.length > 0) throw new Error(`Audit events the catalogue (lib/audit/events) cannot read:\n${unreadable.join("\n")}`);
    } finally {
      await prisma.$disconnect();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
  return { url: url.toString(), prisma };
}

/**
 * A fresh database that lib/db (and so every server action) then uses. For action tests: call it at the top of
 * the file, before the tests are collected.
 */
export async function createActionDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  return database;
}

/** Audit rows whose type or payload the catalogue cannot read. Types under "test." are rows a test wrote on purpose. */
export async function auditEventsOutsideTheCatalogue(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.auditEvent.findMany({ where: { NOT: { type: { startsWith: "test." } } }, select: { id: true, type: true, payload: true }, orderBy: { id: "asc" } });
  return rows.filter((row) => !parseAuditEvent(row.type, row.payload).known).map((row) => `#${row.id} ${row.type} ${JSON.stringify(row.payload).slice(0, 300)}`);
}
