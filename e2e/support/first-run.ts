// The first-run instance (playwright.config.ts, second web server): an embedded database with nothing seeded,
// reached as a real installation reaches its database, through DATABASE_URL.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { emptyPgPort } from "../../playwright.config";

const root = path.resolve(import.meta.dirname, "..", "..");

function emptyDatabaseUrl(): string {
  const password = encodeURIComponent(readFileSync(path.join(root, ".data", "e2e-empty", "pg-superuser-password"), "utf8").trim());
  return `postgresql://preflight:${password}@127.0.0.1:${emptyPgPort}/preflight`;
}

/** `npm run user:create`, exactly as the README tells the first admin; returns what it printed. */
export async function userCreate(args: { email: string; name: string; role: string; password: string }): Promise<string> {
  const { stdout } = await promisify(execFile)(
    "npm",
    ["run", "--silent", "user:create", "--", "--email", args.email, "--name", args.name, "--role", args.role, "--password", args.password],
    { cwd: root, env: { ...process.env, DATABASE_URL: emptyDatabaseUrl(), MIGRATION_DATABASE_URL: "" } },
  );
  return stdout.trim();
}
