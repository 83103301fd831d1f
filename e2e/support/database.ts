// Direct access to the end-to-end run's embedded database, for arranging state a test needs (never for
// asserting what a user should see: that goes through the browser).
import pg from "pg";

export const e2eDatabaseUrl = `postgresql://preflight:preflight-local@127.0.0.1:${process.env.E2E_PG_PORT ?? "54339"}/preflight`;

export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
