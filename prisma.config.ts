import { defineConfig } from "prisma/config";

// Used by the Prisma CLI only (generate; migrate where the native engine exists). The app and
// scripts/db-migrate.ts read DATABASE_URL themselves.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/preflight" },
});
