// npm run chaos: the chaos scenarios of bench/chaos/scenarios.ts at full size, on a throwaway embedded
// PostgreSQL (or DATABASE_URL's server), with real worker processes (stale-heartbeat bound 3 s, heartbeat
// 0.5 s, as in the integration tests, so recovery is quick to observe). Server actions (starting deploys,
// ticking items) are called in-process through executeAction with a signed-in actor, not over HTTP.
// Prints exactly one line per scenario and exits non-zero when any scenario lost something.
//   npm run chaos -- --verbose     the details under each line too
//   npm run chaos -- --only kills  one scenario (kills, floods, postgres, web, ticks)
//   npm run chaos -- --short       small sizes (what tests/integration/chaos.test.ts runs for "postgres")
// Not part of npm test; the short versions are in tests/integration/chaos.test.ts and deploy-output.test.ts.
import "./server-stubs";
import type { CurrentUser } from "@/lib/auth/session";

const { freePort } = await import("@/lib/db/scratch");
const { startEmbeddedPostgres } = await import("@/lib/db/embedded");
const { chmodSync, mkdtempSync, rmSync } = await import("node:fs");
const os = await import("node:os");
const path = await import("node:path");
const { applyMigrations } = await import("@/lib/db/migrations");
const { createPrismaClient } = await import("@/lib/db");
const { prepareQueue, closeQueueSender } = await import("@/lib/deploys/queue");
const actions = await import("@/lib/actions/define-action");
const { startDeployAction } = await import("@/lib/deploys/actions");
const { updateItemAction } = await import("@/lib/releases/actions");
const scenarios = await import("./chaos/scenarios");
const { removeScratchDirs } = await import("../tests/support/deploy-fixtures");

const verbose = process.argv.includes("--verbose");
const short = process.argv.includes("--short");
const onlyArg = process.argv.indexOf("--only");
const only = onlyArg > 0 ? process.argv[onlyArg + 1] : undefined;

let failed = false;
// PostgreSQL: DATABASE_URL's server when set (then the restart scenario cannot run), else an embedded one
// this script can stop and start.
let restartPostgres: ((downMs: number) => Promise<number>) | null = null;
let cleanup = async () => undefined as unknown;
let url = process.env.DATABASE_URL ?? "";
if (!url) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "preflight-chaos-pg-"));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const dataDir = path.join(dir, "data");
  let server = await startEmbeddedPostgres({ dataDir, port });
  await server.ensureDatabase("chaos");
  url = server.connectionString("chaos");
  restartPostgres = async (downMs) => {
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    server = await startEmbeddedPostgres({ dataDir, port });
    return Date.now();
  };
  cleanup = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
await (async () => {
  await applyMigrations(url);
  await prepareQueue(url);
  process.env.DATABASE_URL = url;
  const prisma = createPrismaClient(url, 10);
  const user = async (email: string, name: string): Promise<CurrentUser> => {
    const row = await prisma.user.create({ data: { email, name, role: "RELEASE_MANAGER" } });
    return { id: row.id, email: row.email, name: row.name, role: row.role };
  };
  const manager = await user("rae@chaos.local", "Rae Manager");
  const second = await user("sam@chaos.local", "Sam Second");
  const definitions = { startDeploy: startDeployAction[actions.actionDefinition]!, updateItem: updateItemAction[actions.actionDefinition]! };
  const ctx: import("./chaos/scenarios").ChaosContext = {
    prisma,
    url,
    manager,
    act: (actor, name, input) => actions.executeAction(definitions[name] as never, input, actor) as never,
  };
  const run = async (name: string, scenario: () => Promise<import("./chaos/scenarios").ChaosResult>) => {
    if (only && only !== name) return;
    try {
      const result = await scenario();
      console.log(result.line);
      if (verbose) for (const detail of result.details) console.log(`  ${detail}`);
      if (!result.ok) failed = true;
    } catch (error) {
      failed = true;
      console.log(`${name}: could not run: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  try {
    await run("kills", () => scenarios.workerKills(ctx, { runs: short ? 6 : 20, wave: short ? 3 : 4, settleMs: 60_000 }));
    await run("floods", () => scenarios.outputFloods(ctx, { yesTimeoutSeconds: short ? 5 : 20 }));
    await run("postgres", async () =>
      restartPostgres
        ? scenarios.postgresRestart(ctx, { runs: short ? 2 : 6, downMs: 2_000, restartPostgres, settleMs: short ? 30_000 : 60_000 })
        : { line: "postgres restart: not run (DATABASE_URL is set; the scenario restarts its own embedded PostgreSQL)", ok: false, details: [] },
    );
    await run("web", () => scenarios.twoWebTwoWorkers(ctx, { runs: short ? 10 : 200, settleMs: 300_000 }));
    await run("ticks", () => scenarios.conflictingTicks(ctx, { ticks: short ? 100 : 1_000, second }));
  } finally {
    await closeQueueSender();
    await prisma.$disconnect();
    removeScratchDirs();
  }
})().finally(() => cleanup());
process.exit(failed ? 1 : 0);
