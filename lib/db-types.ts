import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/** A Prisma client or an interactive transaction: domain writes take either, so callers choose the transaction. */
export type Db = PrismaClient | Prisma.TransactionClient;
