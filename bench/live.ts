// npm run bench:live: how long a change takes to reach every open browser, through the real path: a server
// action (updateItemAction over HTTP, as the browser sends it) writes the change and its audit event, the
// trigger NOTIFYs, the web process's one LISTEN connection relays it to N Server-Sent Events clients.
//
//   npx next build && npm run bench:live                 1, 100 and 1,000 clients
//   npm run bench:live -- --sizes 1,100 --ticks 40      other sizes / number of changes
//   npm run bench:live -- --no-docs                     do not update docs/PERFORMANCE.md
//   npm run bench:live -- --docs-file <path>            update another PERFORMANCE.md
//   npm run bench:live -- --cpu-prof <dir>              write a CPU profile of the web process there
//   npm run bench:live -- --verbose                     one line per change too
//
// Runs on a throwaway PostgreSQL (DATABASE_URL's server when set, else an embedded one) with the demo seeded,
// and the BUILT web app (`next start`, production). Latency per client and change = from just before the
// action request is sent to that client's receipt of the matching audit event. The floor is a raw NOTIFY from
// one pg client to a LISTENing one on the same machine. Results go to docs/PERFORMANCE.md, "## Live updates".
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { register } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { act, signInOverHttp, startNextWeb, stopProcess, type NextWeb } from "./support";

// Server modules import "server-only", which throws outside Next's server bundle: resolve it to nothing here.
register(
  `data:text/javascript,${encodeURIComponent(
    'export async function resolve(specifier, context, next) { return specifier === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : next(specifier, context); }',
  )}`,
);

const { createPrismaClient } = await import("@/lib/db");
const { applyMigrations } = await import("@/lib/db/migrations");
const { withScratchPostgres } = await import("@/lib/db/scratch");
const { prepareQueue } = await import("@/lib/deploys/queue");
const { seedDemo } = await import("@/lib/seed/demo");
const { auditTypes } = await import("@/lib/audit/events/types");

const root = path.resolve(import.meta.dirname, "..");
const argValue = (name: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const SIZES = (argValue("--sizes") ?? "1,100,1000").split(",").map(Number);
const TICKS = Number(argValue("--ticks") ?? 20);
const FLOOR_SAMPLES = 200;
const EVENT_TIMEOUT_MS = 15_000;
const PASSWORD = "bench-live-password";
const MANAGER = "manager@demo.local";
const writeDocs = !process.argv.includes("--no-docs");
const verbose = process.argv.includes("--verbose");
// Where the results go; another checkout's docs when benchmarking from a copy of the project.
const docsFile = path.resolve(argValue("--docs-file") ?? path.join(import.meta.dirname, "..", "docs", "PERFORMANCE.md"));

const manifestPath = path.join(root, ".next", "server", "server-reference-manifest.json");
if (!existsSync(path.join(root, ".next", "BUILD_ID")) || !existsSync(manifestPath)) {
  console.error("bench:live runs the built web app: run `npx next build` first.");
  process.exit(1);
}

// ------------------------------------------------------------------------------------------ statistics

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const ms = (value: number) => `${value.toFixed(1)} ms`;

// ------------------------------------------------------------------------------------------- web process

type WebProcess = NextWeb;

const startWeb = (databaseUrl: string): Promise<WebProcess> =>
  startNextWeb({ databaseUrl, env: { PREFLIGHT_SSE_MAX_PER_USER: "2000" }, cpuProfDir: argValue("--cpu-prof") });

/** CPU time (user + system) the process and its descendants have used so far, in ms. */
function cpuMs(pid: number): number {
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  const visit = (id: number) => {
    try {
      const fields = readFileSync(`/proc/${id}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
      for (const task of readdirSync(`/proc/${id}/task`)) {
        const children = readFileSync(`/proc/${id}/task/${task}/children`, "utf8").trim();
        for (const child of children ? children.split(/\s+/) : []) visit(Number(child));
      }
    } catch {
      // gone
    }
  };
  visit(pid);
  return (ticks / ticksPerSecond) * 1000;
}

/** Resident memory of the process and its descendants (next start may fork), in MB. */
function rssMb(pid: number): number {
  let kb = 0;
  const visit = (id: number) => {
    try {
      const status = readFileSync(`/proc/${id}/status`, "utf8");
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${id}/task`)) {
        const children = readFileSync(`/proc/${id}/task/${task}/children`, "utf8").trim();
        for (const child of children ? children.split(/\s+/) : []) visit(Number(child));
      }
    } catch {
      // gone
    }
  };
  visit(pid);
  return kb / 1024;
}

// -------------------------------------------------------------------------------------------- SSE clients

interface Expected {
  tick: number;
  type: string;
  itemId: string;
  sentAt: number;
}

class SseClient {
  connected = false;
  failed: string | null = null;
  /** Latency per tick (ms), when this client received the tick's event. */
  readonly latencies = new Map<number, number>();
  private request: http.ClientRequest | null = null;
  private buffer = "";

  constructor(private readonly onReceive: () => void) {}

  open(options: { port: number; path: string; cookie: string; agent: http.Agent }, expected: () => Expected | null): Promise<void> {
    return new Promise((resolve) => {
      const request = http.request(
        { host: "127.0.0.1", port: options.port, path: options.path, agent: options.agent, headers: { Cookie: options.cookie, Accept: "text/event-stream" } },
        (response) => {
          if (response.statusCode !== 200) {
            this.failed = `HTTP ${response.statusCode}`;
            response.resume();
            return resolve();
          }
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            const at = performance.now();
            this.buffer += chunk;
            let end: number;
            while ((end = this.buffer.indexOf("\n\n")) >= 0) {
              const block = this.buffer.slice(0, end);
              this.buffer = this.buffer.slice(end + 2);
              if (!this.connected && block.includes(": connected")) {
                this.connected = true;
                resolve();
              }
              if (!block.includes("event: audit")) continue;
              const dataLine = block.split("\n").find((line) => line.startsWith("data: "));
              if (!dataLine) continue;
              const notice = JSON.parse(dataLine.slice(6)) as { type: string; itemId: string | null };
              const want = expected();
              if (want && notice.type === want.type && notice.itemId === want.itemId && !this.latencies.has(want.tick)) {
                this.latencies.set(want.tick, at - want.sentAt);
                this.onReceive();
              }
            }
          });
          response.on("error", () => undefined);
          response.on("end", () => {
            if (!this.failed) this.failed = "stream ended";
          });
        },
      );
      request.on("error", (error) => {
        this.failed ??= error.message;
        resolve();
      });
      request.end();
      this.request = request;
    });
  }

  close() {
    this.request?.destroy();
  }
}

// --------------------------------------------------------------------------------------------- the floor

async function measureFloor(databaseUrl: string): Promise<number[]> {
  const listener = new pg.Client({ connectionString: databaseUrl });
  const notifier = new pg.Client({ connectionString: databaseUrl });
  await listener.connect();
  await notifier.connect();
  try {
    await listener.query("LISTEN bench_floor");
    const samples: number[] = [];
    let waiting: ((at: number) => void) | null = null;
    listener.on("notification", () => waiting?.(performance.now()));
    for (let i = 0; i < FLOOR_SAMPLES + 10; i++) {
      const received = new Promise<number>((resolve) => (waiting = resolve));
      const sentAt = performance.now();
      await notifier.query(`NOTIFY bench_floor, '${i}'`);
      const at = await received;
      if (i >= 10) samples.push(at - sentAt); // the first few warm up both connections
    }
    return samples.sort((a, b) => a - b);
  } finally {
    await listener.end();
    await notifier.end();
  }
}

// ------------------------------------------------------------------------------------------------- run

interface SizeResult {
  clients: number;
  p50: number;
  p95: number;
  max: number;
  floorP50: number;
  floorP95: number;
  rssMb: number;
  rssIdleMb: number;
  actionP50: number;
  /** CPU time of the web process per change (the action and relaying its event to every client). */
  cpuPerChange: number;
  /** 1-minute load average when the size started. */
  loadAverage: number;
  missing: number;
  failedClients: number;
  connectSeconds: number;
}

await withScratchPostgres(async (databaseUrl) => {
  await applyMigrations(databaseUrl);
  await prepareQueue(databaseUrl);
  const prisma = createPrismaClient(databaseUrl, 2);
  await seedDemo(prisma, { password: PASSWORD });
  const release = await prisma.release.findFirstOrThrow({ where: { version: "0.5.0", project: { slug: "gateway" } }, select: { id: true, status: true } });
  // An item the release's status lets anyone with item.tick change (0.5.0 is preparing: a pre-release item).
  const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId: release.id, phase: "PRE_RELEASE", state: "OPEN" }, orderBy: { position: "asc" }, select: { id: true } });

  const web = await startWeb(databaseUrl);
  const results: SizeResult[] = [];
  try {
    const manager = await signInOverHttp(web.base, MANAGER, PASSWORD);
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

    /** One tick or untick through the real server action, with the version read fresh from the database. */
    const changeItem = async (beforeSend: (kind: "tick" | "untick", sentAt: number) => void = () => undefined) => {
      const { rowVersion, state } = await prisma.releaseItem.findUniqueOrThrow({ where: { id: item.id }, select: { rowVersion: true, state: true } });
      const kind = state === "DONE" ? ("untick" as const) : ("tick" as const);
      const sentAt = performance.now();
      beforeSend(kind, sentAt);
      await act(manager, "updateItemAction", { itemId: item.id, rowVersion, change: kind === "tick" ? { kind } : { kind, reason: "bench:live" } }, { id: release.id });
      const actionMs = performance.now() - sentAt;
      return { kind, sentAt, actionMs };
    };
    // Unmeasured warm-up: the first call loads the page's server modules, which a running server has done long ago.
    for (let i = 0; i < 4; i++) await changeItem();
    const rssIdleMb = rssMb(web.child.pid!);

    for (const size of SIZES) {
      let expected: Expected | null = null;
      let received = 0;
      let target = size;
      let onAll: (() => void) | null = null;
      const clients = Array.from(
        { length: size },
        () =>
          new SseClient(() => {
            received += 1;
            if (received >= target) onAll?.();
          }),
      );

      const loadAverage = os.loadavg()[0]!;
      const connectStarted = performance.now();
      // Connect in batches, as browsers arriving over a few seconds would.
      for (let i = 0; i < clients.length; i += 50) {
        await Promise.all(clients.slice(i, i + 50).map((client) => client.open({ port: web.port, path: `/api/events?release=${release.id}`, cookie: manager.cookie, agent }, () => expected)));
      }
      const connectSeconds = (performance.now() - connectStarted) / 1000;
      const refused = clients.filter((c) => !c.connected);
      if (refused.length > 0) console.log(`${size} clients: ${refused.length} could not connect (${refused[0]!.failed})`);
      target = size - refused.length;
      await new Promise((r) => setTimeout(r, 500));
      const rss = rssMb(web.child.pid!);
      const floor = await measureFloor(databaseUrl);

      const actionTimes: number[] = [];
      const cpuBefore = cpuMs(web.child.pid!);
      for (let tick = 0; tick < TICKS; tick++) {
        received = 0;
        const allReceived = new Promise<void>((resolve) => (onAll = resolve));
        const { kind, sentAt, actionMs } = await changeItem((kind, sentAt) => {
          expected = { tick, type: kind === "tick" ? auditTypes.itemTicked : auditTypes.itemUnticked, itemId: item.id, sentAt };
        });
        actionTimes.push(actionMs);
        await Promise.race([
          target === 0 || received >= target ? Promise.resolve() : allReceived,
          new Promise((r) => setTimeout(r, EVENT_TIMEOUT_MS)),
        ]);
        expected = null;
        if (verbose) {
          const got = clients.flatMap((c) => (c.latencies.has(tick) ? [c.latencies.get(tick)!] : [])).sort((a, b) => a - b);
          console.log(`  change ${tick + 1} (${kind}, sent at ${((sentAt - connectStarted) / 1000).toFixed(1)} s): action ${ms(actionMs)}, first client ${ms(got[0] ?? NaN)}, last ${ms(got[got.length - 1] ?? NaN)}, ${got.length}/${target} clients`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }

      const cpuPerChange = (cpuMs(web.child.pid!) - cpuBefore) / TICKS;
      const latencies = clients.flatMap((c) => [...c.latencies.values()]).sort((a, b) => a - b);
      const missing = size * TICKS - latencies.length;
      const result: SizeResult = {
        clients: size,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        max: latencies[latencies.length - 1] ?? NaN,
        floorP50: percentile(floor, 50),
        floorP95: percentile(floor, 95),
        rssMb: rss,
        rssIdleMb,
        actionP50: percentile(actionTimes.sort((a, b) => a - b), 50),
        cpuPerChange,
        loadAverage,
        missing,
        failedClients: clients.filter((c) => c.latencies.size < TICKS).length,
        connectSeconds,
      };
      results.push(result);
      console.log(
        `${size} clients: p50 ${ms(result.p50)} p95 ${ms(result.p95)} max ${ms(result.max)} (floor p95 ${ms(result.floorP95)}) rss ${Math.round(rss)} MB`,
      );
      if (missing > 0) console.log(`${size} clients: FAILED — ${result.failedClients} of ${size} clients missed ${missing} of ${size * TICKS} events`);
      if (verbose) console.log(`  action p50 ${ms(result.actionP50)}, web process CPU ${ms(cpuPerChange)} per change, ${size} connected in ${connectSeconds.toFixed(1)} s`);

      for (const client of clients) client.close();
      await new Promise((r) => setTimeout(r, 1000));
    }
    agent.destroy();
  } finally {
    await stopProcess(web.child);
    await prisma.$disconnect();
  }

  if (writeDocs && results.length > 0) updateDocs(results);
});

// ------------------------------------------------------------------------------------------------- docs

function updateDocs(results: SizeResult[]) {
  const file = docsFile;
  const cpus = os.cpus();
  const date = new Date().toISOString().slice(0, 10);
  const rows = results.map(
    (r) =>
      `| ${r.clients.toLocaleString("en")} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.floorP95.toFixed(1)} | ${Math.round(r.p95 / r.floorP95).toLocaleString("en")}× | ${r.actionP50.toFixed(1)} | ${r.cpuPerChange.toFixed(1)} | ${Math.round(r.rssMb)} | ${r.loadAverage.toFixed(1)} | ${r.missing === 0 ? "all" : `${r.missing} missed`} |`,
  );
  const at100 = results.find((r) => r.clients === 100);
  const atMost = results[results.length - 1]!;
  const section = [
    "## Live updates",
    "",
    "`npm run bench:live` (`bench/live.ts`, after `npx next build`) starts a throwaway PostgreSQL (embedded unless",
    "`DATABASE_URL` is set) with the migrations, the pg-boss queue and the demo, and ONE built web process (`next start`,",
    "production). It signs in as the release manager through next-auth's credentials endpoints and opens N Server-Sent",
    "Events streams `/api/events?release=<0.5.0>` (plain `http.request`, one socket each). Then it ticks and unticks a",
    `checklist item ${TICKS} times, one change at a time, through the real server action: \`updateItemAction\` over HTTP with`,
    "the `Next-Action` header, as a browser sends it (the row version read fresh each time; 4 unmeasured changes first,",
    "which load the page's server modules). **Latency** = from just before the action request is sent to each client's",
    "receipt of the matching `audit` event, over all clients × changes. It includes the action itself (session,",
    "permission, the transaction with its audit event, commit): the \"action\" column is the action's own HTTP round",
    "trip, which ends after the event has usually reached the clients. The **floor** is a raw `NOTIFY` from one pg",
    `client to a \`LISTEN\`ing one on the same database (${FLOOR_SAMPLES} samples). **Web CPU** is the web process's CPU time`,
    `(/proc) per change: the action plus relaying its event to every stream. **RSS** is the web process's resident`,
    `memory with the N streams open (${Math.round(results[0]!.rssIdleMb)} MB before any).`,
    "",
    `Run of ${date}: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "CPU"}), Node ${process.version}, PostgreSQL ${process.env.DATABASE_URL ? "from DATABASE_URL" : "embedded"} on the same machine.`,
    "The machine was shared with other builds and test runs (1-minute load average in the table): a single slow change",
    `(contention, GC) decides p95 and max, since p95 over ${TICKS} changes is about the second-slowest change. On this`,
    "machine under a load average of 7–10, 100 clients measured p95 32–190 ms and 1,000 clients 57–382 ms; every client",
    "still received every event.",
    "",
    "| Clients | p50 ms | p95 ms | max ms | floor p95 ms | p95 / floor | action p50 ms | web CPU ms / change | RSS MB | load avg | events received |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :--- |",
    ...rows,
    "",
    at100
      ? `**Goal: p95 ≤ 150 ms at 100 clients on 2 cores** — ${at100.p95 <= 150 ? "met" : "missed"} (${at100.p95.toFixed(1)} ms). ${atMost.clients.toLocaleString("en")} clients: ${atMost.missing === 0 ? "all served, every client received every event" : `${atMost.missing} events missed`}.`
      : "**Goal: p95 ≤ 150 ms at 100 clients on 2 cores** (not measured in this run).",
    "",
    "Where the time goes. The floor is well under a millisecond, so the ratio to it mostly measures the server action:",
    "session (next-auth JWT decryption), permission, release lock, the item update and its audit event, commit —",
    "15–25 ms on a quiet machine, and most of the latency at 1 and 100 clients. The relay itself is one `LISTEN`",
    "connection per process and, per event and client, a scope check, formatting and one write to the client's",
    "socket through the route's `ReadableStream` (Web Streams into Node's HTTP response): about 20–40 µs of CPU per",
    "client, so the last of 1,000 clients gets the event some 20–40 ms after the first. A CPU profile (`-- --cpu-prof",
    "<dir>`) at 1,000 clients shows that time in Web Streams plumbing, async hooks and `writev`, not in JSON: encoding",
    "each notice once for all clients instead of once per client saved about 5 % of the web CPU per change.",
    "",
  ].join("\n");

  const existing = existsSync(file) ? readFileSync(file, "utf8") : "# Performance\n";
  // Replace our section (up to the next "## " heading) and leave every other section as it is.
  const start = existing.search(/^## Live updates[ \t]*$/m);
  let next: string;
  if (start >= 0) {
    const rest = existing.slice(start + 1);
    const after = rest.search(/^## /m);
    const end = after >= 0 ? start + 1 + after : existing.length;
    next = `${existing.slice(0, start)}${section}\n${existing.slice(end).replace(/^\n+/, "")}`.replace(/\n+$/, "\n");
  } else {
    next = `${existing.replace(/\n*$/, "\n\n")}${section}`;
  }
  writeFileSync(file, next);
  console.log(`Wrote the results to ${path.relative(process.cwd(), file)} (## Live updates).`);
}
