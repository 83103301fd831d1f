// Read-only access to the end-to-end run's embedded database: ids a fixture needs, and what a user cannot see
// (a stored secret's ciphertext, sign-in attempts). Specs create their data through the app's actions
// (./fixtures.ts) and never edit the shared demo with SQL: these connections refuse writes.
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

// The embedded cluster's superuser password is random per data folder (PREFLIGHT_DATA_DIR in playwright.config.ts).
const passwordFile = path.resolve(import.meta.dirname, "..", "..", ".data", "e2e", "pg-superuser-password");

/** The e2e database as its owner, read when first needed (the server creates the password at start). */
export function e2eDatabaseUrl(): string {
  const password = encodeURIComponent(readFileSync(passwordFile, "utf8").trim());
  return `postgresql://preflight:${password}@127.0.0.1:${process.env.E2E_PG_PORT ?? "54339"}/preflight`;
}

export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl(), options: "-c default_transaction_read_only=on" });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
