// A fresh, migrated database per test file, cloned from the template the global setup built.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
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
    await prisma.$disconnect();
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  return { url: url.toString(), prisma };
}
