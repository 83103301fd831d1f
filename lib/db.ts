// The one Prisma client. Components never import this; they call lib/<domain>/queries.ts.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";

export function createPrismaClient(connectionString: string, poolSize = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: poolSize }) });
}

// Reused across hot reloads in development, where modules are re-evaluated.
const globalForPrisma = globalThis as unknown as { preflightPrisma?: PrismaClient };

function getPrisma(): PrismaClient {
  if (!globalForPrisma.preflightPrisma) {
    const env = getEnv();
    globalForPrisma.preflightPrisma = createPrismaClient(env.DATABASE_URL, env.PREFLIGHT_DB_POOL_SIZE);
  }
  return globalForPrisma.preflightPrisma;
}

// Created on first use so that importing a module (e.g. during `next build`) needs no database.
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getPrisma();
    const value = Reflect.get(client, property, client) as unknown;
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});
