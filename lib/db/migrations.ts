// Applies and authors Prisma migrations without Prisma's native schema engine, which this project
// cannot download offline. The same engine ships compiled to WebAssembly inside the `prisma` package;
// @prisma/migrate drives it through a pg driver adapter. These are internal APIs, so the versions are
// pinned exactly in package.json and tests/integration/migrations.test.ts covers them.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { createHash, randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import type { SchemaEngineWasm } from "@prisma/migrate";
import prismaMigrate from "@prisma/migrate";

const projectRoot = path.resolve(import.meta.dirname, "..", "..");
export const migrationsDir = path.join(projectRoot, "prisma", "migrations");
export const schemaPath = path.join(projectRoot, "prisma", "schema.prisma");

const noFilters = { externalTables: [], externalEnums: [] };

type MigrationList = Parameters<SchemaEngineWasm["applyMigrations"]>[0]["migrationsList"];
type DiffInput = Parameters<SchemaEngineWasm["migrateDiff"]>[0];
// SchemaEngineWasm.migrateDiff prints the script to process.stdout; the engine call underneath returns it.
type DiffCapable = { runCommand(command: "diff", input: DiffInput): Promise<{ exitCode: number; stdout?: string }> };

type QueryResult = { fields: { dataTypeID: number }[]; rows: unknown[] };
type RawResult = { columnTypes: number[]; rows: unknown[] };
type PgAdapterInternals = {
  client: { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
  executeScript(script: string): Promise<void>;
  performIO(query: unknown): Promise<QueryResult>;
  queryRaw(query: unknown): Promise<RawResult>;
};

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

// Two gaps in @prisma/adapter-pg that the native engine does not have, mended for the schema engine:
// - it runs a migration script by splitting it at every ";", which breaks dollar-quoted function bodies
//   and applies half a migration when a statement fails. Send the script whole instead: PostgreSQL
//   runs a multi-statement simple query in one implicit transaction.
// - it cannot type the catalog type "char" (pg_constraint.contype and friends) that the engine reads
//   when it describes a database. Its values arrive as one-character strings; report them as Character.
function fitForSchemaEngine<T extends object>(adapter: T): T {
  const internals = adapter as unknown as PgAdapterInternals;
  internals.executeScript = async (script) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  // queryRaw returns performIO's rows array as is, so the rows identify the result across the two calls.
  const charColumnsOf = new WeakMap<unknown[], number[]>();
  const performIO = internals.performIO.bind(adapter);
  internals.performIO = async (query) => {
    const result = await performIO(query);
    const charColumns = result.fields.flatMap((field, index) => (field.dataTypeID === PG_CHAR_OID ? [index] : []));
    if (charColumns.length > 0) {
      for (const index of charColumns) result.fields[index]!.dataTypeID = PG_TEXT_OID;
      charColumnsOf.set(result.rows, charColumns);
    }
    return result;
  };
  const queryRaw = internals.queryRaw.bind(adapter);
  internals.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumnsOf.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return adapter;
}

class PrismaPgWholeScripts extends PrismaPg {
  // The engine's stop() leaves its connections open; we close them ourselves.
  readonly opened: { dispose(): Promise<void> }[] = [];

  constructor(private readonly clientConfig: pg.PoolConfig) {
    super(clientConfig);
  }

  override async connect() {
    const adapter = fitForSchemaEngine(await super.connect());
    this.opened.push(adapter);
    return adapter;
  }

  // adapter-pg's own version drops the shadow database before closing its pool, which PostgreSQL refuses.
  override async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = await new PrismaPgWholeScripts({ ...this.clientConfig, database }).connect();
    const disposeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await disposeShadow();
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
    };
    return shadow;
  }
}

async function withEngine<T>(connectionString: string, run: (engine: SchemaEngineWasm) => Promise<T>): Promise<T> {
  // Fields rather than a connection string, so that { ...config, database } names another database.
  const factory = new PrismaPgWholeScripts({ ...parseIntoClientConfig(connectionString), max: 5 });
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  // @prisma/migrate is CommonJS with lazily defined exports that Node's ESM loader cannot name.
  const engine = await prismaMigrate.SchemaEngineWasm.setup({ adapter });
  try {
    return await run(engine);
  } finally {
    await engine.stop();
    // An adapter the engine already disposed refuses a second dispose; that is fine.
    await Promise.all(factory.opened.map((opened) => opened.dispose().catch(() => undefined)));
  }
}

export async function readMigrationsList(dir = migrationsDir): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: await readFile(path.join(dir, name, "migration.sql"), "utf8").then(
          (ok) => ({ tag: "ok" as const, value: ok }),
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        ),
      },
    })),
  );
  const lockfilePath = path.join(dir, "migration_lock.toml");
  const lockContent = await readFile(lockfilePath, "utf8").catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/**
 * Applies pending migrations; returns the names applied (empty when up to date). `through` stops after
 * that migration (tests of a migration's data conversion start from the schema before it).
 */
export async function applyMigrations(connectionString: string, options: { through?: string } = {}): Promise<string[]> {
  const migrationsList = await readMigrationsList();
  const { through } = options;
  if (through) migrationsList.migrationDirectories = migrationsList.migrationDirectories.filter((d) => d.path <= through);
  // Loading the schema engine takes seconds; most starts have nothing to apply.
  if (await isUpToDate(connectionString, migrationsList)) return [];
  return withEngine(connectionString, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return result.appliedMigrationNames;
  });
}

/**
 * Whether Prisma's own record says every migration here was applied as it is now (same SHA-256 checksum)
 * and nothing else was, with no failed attempt. Anything else goes to the schema engine, which applies,
 * or reports, exactly as before.
 */
async function isUpToDate(connectionString: string, migrationsList: MigrationList): Promise<boolean> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  // A role that may not read the record (the runtime role) leaves the decision to the engine, as before.
  try {
    const exists = await client.query<{ found: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS found");
    if (!exists.rows[0]?.found) return false;
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations",
    );
    if (rows.some((row) => row.finished_at === null && row.rolled_back_at === null)) return false;
    const applied = new Map(rows.filter((row) => row.rolled_back_at === null).map((row) => [row.migration_name, row.checksum]));
    const local = migrationsList.migrationDirectories;
    if (applied.size !== local.length) return false;
    return local.every(
      (migration) => migration.migrationFile.content.tag === "ok" && applied.get(migration.path) === createHash("sha256").update(migration.migrationFile.content.value).digest("hex"),
    );
  } catch {
    return false;
  } finally {
    await client.end();
  }
}

/**
 * SQL that takes a database built from the committed migrations to the schema in schema.prisma.
 * Empty when there is no drift. `connectionString` is used for the shadow database the engine
 * replays the migrations into.
 */
export async function diffMigrationsToSchema(connectionString: string): Promise<string> {
  const migrationsList = await readMigrationsList();
  const schema = await readFile(schemaPath, "utf8");
  return withEngine(connectionString, async (engine) => {
    const result = await (engine as unknown as DiffCapable).runCommand("diff", {
      from: migrationsList.migrationDirectories.length > 0 ? { tag: "migrations", ...migrationsList } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    const sql = result.stdout ?? "";
    return sql.includes("-- This is an empty migration.") ? "" : sql.trim();
  });
}
