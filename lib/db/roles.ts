// Least privilege in the database. Migrations (and pg-boss's schema) are created by an owner role; the app
// connects as a runtime role that can read and write rows and nothing more: no DDL, no superuser switches
// (session_replication_role), and on the audit log only SELECT and INSERT — no UPDATE, DELETE or TRUNCATE.
// The embedded database creates the runtime role itself; an external PostgreSQL names it in DATABASE_URL
// and the owner in MIGRATION_DATABASE_URL (docs/OPERATIONS.md).
import pg from "pg";

/** The embedded database's runtime role. */
export const RUNTIME_ROLE = "preflight_app";

/** The user name in a connection string. */
export function userOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates (or re-keys) a login role without any privilege of its own. Needs a role with CREATEROLE. */
export async function ensureRuntimeRole(superuserUrl: string, role: string, password: string): Promise<void> {
  await withClient(superuserUrl, async (client) => {
    const name = pg.escapeIdentifier(role);
    const secret = pg.escapeLiteral(password);
    const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
    const attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
    await client.query(exists.rowCount ? `ALTER ROLE ${name} ${attributes} PASSWORD ${secret}` : `CREATE ROLE ${name} ${attributes} PASSWORD ${secret}`);
  });
}

/**
 * Grants the runtime role what the app needs on the database `ownerUrl` points at, run as the owner after
 * every migration (so new tables are covered). Idempotent.
 */
export async function grantRuntimePrivileges(ownerUrl: string, role: string): Promise<void> {
  if (role === userOf(ownerUrl)) return;
  await withClient(ownerUrl, async (client) => {
    const name = pg.escapeIdentifier(role);
    const database = pg.escapeIdentifier((await client.query<{ db: string }>("SELECT current_database() AS db")).rows[0]!.db);
    const schemas = (await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname IN ('public', 'pgboss', 'preflight_internal')")).rows.map((r) => r.nspname);
    const statements = [
      `GRANT CONNECT ON DATABASE ${database} TO ${name}`,
      // Nobody but the owner creates objects (PostgreSQL 15+ does this already; older servers did not).
      `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
    ];
    for (const schema of schemas.map((s) => pg.escapeIdentifier(s))) {
      statements.push(
        `GRANT USAGE ON SCHEMA ${schema} TO ${name}`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${name}`,
        `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${name}`,
        `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${name}`,
      );
    }
    statements.push(
      // The audit log is append-only for the app: the trigger refuses changes, and so do the privileges
      // (a trigger alone can be switched off by a superuser or the table's owner).
      `REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEvent" FROM ${name}`,
      `REVOKE ALL ON "_prisma_migrations" FROM ${name}`,
    );
    await client.query("BEGIN");
    try {
      for (const statement of statements) await client.query(statement);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  });
}
