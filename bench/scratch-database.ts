// The deploy benchmarks' database: a throwaway PostgreSQL (DATABASE_URL's server when set, else an embedded
// one) with the migrations applied and the deploy queue's schema made, which lib/db (and so every action and
// the worker started with its URL) then uses.
import type { PrismaClient } from "@/lib/generated/prisma/client";

export async function withBenchDatabase(run: (url: string, prisma: PrismaClient) => Promise<void>): Promise<void> {
  // Imported here, not at the top: a benchmark loads its stubs (bench/server-stubs.ts) before lib/.
  const { withScratchPostgres } = await import("@/lib/db/scratch");
  const { applyMigrations } = await import("@/lib/db/migrations");
  const { createPrismaClient } = await import("@/lib/db");
  const { prepareQueue } = await import("@/lib/deploys/queue");
  await withScratchPostgres(async (url) => {
    await applyMigrations(url);
    await prepareQueue(url);
    process.env.DATABASE_URL = url;
    await run(url, createPrismaClient(url, 5));
  });
}
