// npm run bench:actions: what one server action costs, over HTTP, as the browser calls it. The action is
// updateItemAction (a tick or untick): next-auth session, the user's role and status, zod, the release's
// lock, the item update with its audit event, commit. After `npx next build`, on the BUILT web app
// (`next start`, production) and a throwaway PostgreSQL (DATABASE_URL's server when set, else an embedded one).
//
//   1 client     one session ticks and unticks one item, one call after another (the row version taken from
//                each call's result): p50 and p95 of the action's HTTP round trip.
//   50 clients   50 callers (one session), each ticking and unticking an item of its own (in 50 releases, so that they do not
//                queue on one release's lock), all at once for a few seconds: actions per second.
//
//   npm run bench:actions -- --ticks 400 --seconds 10 --clients 50
//   npm run bench:actions -- --count-queries      also count the web process's statements to PostgreSQL
//   npm run bench:actions -- --cpu-prof <dir>     write a CPU profile of the web process there
//
// Prints one line: `tick action: p50 … ms p95 … ms; 50 clients: … ticks/s`. Figures in docs/PERFORMANCE.md.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { register } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { act, actionPagePath, findServerAction, percentile, requireBuild, signInOverHttp, startNextWeb, stopProcess, type Session } from "./support";

// Server modules import "server-only", which throws outside Next's server bundle: resolve it to nothing here.
register(
  `data:text/javascript,${encodeURIComponent(
    'export async function resolve(specifier, context, next) { return specifier === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : next(specifier, context); }',
  )}`,
);

requireBuild("bench:actions");
const { createPrismaClient } = await import("@/lib/db");
const { applyMigrations } = await import("@/lib/db/migrations");
const { withScratchPostgres } = await import("@/lib/db/scratch");
const { prepareQueue } = await import("@/lib/deploys/queue");
const { seedDemo } = await import("@/lib/seed/demo");

const argValue = (name: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const TICKS = Number(argValue("--ticks") ?? 400);
const WARMUP = 30;
const CLIENTS = Number(argValue("--clients") ?? 50);
const SECONDS = Number(argValue("--seconds") ?? 10);
const countQueries = process.argv.includes("--count-queries");
const PASSWORD = "bench-actions-password";
const MANAGER = "manager@demo.local";
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
const ms = (value: number) => `${value.toFixed(1)} ms`;

console.log(`machine ${os.cpus().length} cores, node ${process.version}, load average ${loadavg()}`);

await withScratchPostgres(async (databaseUrl) => {
  await applyMigrations(databaseUrl);
  await prepareQueue(databaseUrl);
  const prisma = createPrismaClient(databaseUrl, 2);
  await seedDemo(prisma, { password: PASSWORD });
  const manager = await prisma.user.findUniqueOrThrow({ where: { email: MANAGER }, select: { id: true } });
  const project = await prisma.project.findUniqueOrThrow({ where: { slug: "gateway" }, select: { id: true } });
  // One preparing release per client (and one for the single client), with one optional pre-release item: ticking it never moves the release.
  const items: { releaseId: string; itemId: string }[] = [];
  for (let i = 0; i <= CLIENTS; i++) {
    const release = await prisma.release.create({
      data: {
        projectId: project.id,
        version: `9.${i}.0`,
        title: `Bench ${i}`,
        status: "PREPARING",
        preparingAt: new Date(),
        releaseManagerId: manager.id,
        createdById: manager.id,
        templateName: "Bench",
        templateSnapshot: {},
        sections: { create: { phase: "PRE_RELEASE", title: "Bench", position: 0 } },
      },
      select: { id: true, sections: { select: { id: true } } },
    });
    const item = await prisma.releaseItem.create({
      data: { releaseId: release.id, sectionId: release.sections[0]!.id, phase: "PRE_RELEASE", title: `Bench item ${i}`, required: false, position: 0 },
      select: { id: true },
    });
    items.push({ releaseId: release.id, itemId: item.id });
  }

  const countFile = path.join(os.tmpdir(), `preflight-bench-actions-queries-${process.pid}.json`);
  const countEnv: Record<string, string> = countQueries
    ? {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${pathToFileURL(path.join(import.meta.dirname, "count-queries.mjs")).href}`.trim(),
        PREFLIGHT_BENCH_QUERY_COUNT_FILE: countFile,
      }
    : {};
  const { child, base } = await startNextWeb({ databaseUrl, env: countEnv, cpuProfDir: argValue("--cpu-prof") });
  /** The web process's CPU time so far (user + system), in ms: what a call costs, whatever else runs. */
  const cpuMs = () => {
    const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ = 100 on Linux
  };
  const readCounts = async (): Promise<number> => {
    rmSync(countFile, { force: true });
    child.kill("SIGUSR2");
    while (!existsSync(countFile)) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 5));
    return (JSON.parse(readFileSync(countFile, "utf8")) as { total: number }).total;
  };
  try {
    /** A client that flips its own item: tick, untick, tick… with the row version each call returns. */
    const flipper = (session: Session, target: { releaseId: string; itemId: string }) => {
      let rowVersion = 1;
      let ticked = false;
      return async () => {
        const change = ticked ? { kind: "untick", reason: "bench:actions" } : { kind: "tick" };
        const result = await act<{ rowVersion: number }>(session, "updateItemAction", { itemId: target.itemId, rowVersion, change }, { id: target.releaseId });
        rowVersion = result.rowVersion;
        ticked = !ticked;
      };
    };

    // ------------------------------------------------------------------------ one client
    const session = await signInOverHttp(base, MANAGER, PASSWORD);
    const flip = flipper(session, items[CLIENTS]!);
    for (let i = 0; i < WARMUP; i++) await flip();
    const before = countQueries ? await readCounts() : 0;
    if (process.argv.includes("--verbose")) {
      // What one call sends back (the action's result only, unless the page is rendered again with it).
      const action = findServerAction("updateItemAction");
      const response = await fetch(`${base}${actionPagePath(action.pages, { id: items[CLIENTS]!.releaseId })}`, {
        method: "POST",
        headers: { "Next-Action": action.id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Cookie: session.cookie, "Accept-Encoding": "identity" },
        body: JSON.stringify([{ itemId: items[CLIENTS]!.itemId, rowVersion: 0, change: { kind: "tick" } }]),
      });
      const text = await response.text();
      console.log(`one response: HTTP ${response.status}, ${text.length} characters, headers ${JSON.stringify(Object.fromEntries(response.headers))}\n${text.slice(0, 300)}`);
    }
    const durations: number[] = [];
    const cpuBefore = cpuMs();
    for (let i = 0; i < TICKS; i++) {
      const started = performance.now();
      await flip();
      durations.push(performance.now() - started);
    }
    const cpuPerCall = (cpuMs() - cpuBefore) / TICKS;
    const statements = countQueries ? (await readCounts()) - before : 0;
    durations.sort((a, b) => a - b);
    const loadOne = loadavg();

    // ------------------------------------------------------------------------ many clients
    // One sign-in shared by the clients (sign-in is rate-limited per account): each request still decodes and
    // checks the session, as it would for 50 people.
    const flippers = items.slice(0, CLIENTS).map((item) => flipper(session, item));
    // Warm-up: each client's first call (its release's rows are read cold).
    await Promise.all(flippers.map((f) => f()));
    let done = 0;
    const started = performance.now();
    const until = started + SECONDS * 1000;
    await Promise.all(
      flippers.map(async (f) => {
        while (performance.now() < until) {
          await f();
          done += 1;
        }
      }),
    );
    const rate = done / ((performance.now() - started) / 1000);

    console.log(`tick action: p50 ${ms(percentile(durations, 50))} p95 ${ms(percentile(durations, 95))}; ${CLIENTS} clients: ${Math.round(rate)} ticks/s`);
    console.log(`1 client: ${TICKS} calls, max ${ms(durations.at(-1)!)}, web process CPU ${cpuPerCall.toFixed(2)} ms a call, load average ${loadOne}; ${CLIENTS} clients: ${done} calls in ${SECONDS} s, load average ${loadavg()}`);
    if (countQueries) console.log(`round trips per tick ${(statements / TICKS).toFixed(1)} (web process statements to PostgreSQL, 1 client)`);
  } finally {
    await stopProcess(child);
    rmSync(countFile, { force: true });
    await prisma.$disconnect();
  }
});
