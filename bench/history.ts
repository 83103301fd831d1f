// npm run bench:history: times listReleaseHistory on 10,000 releases (20 projects, 50 checklist items each,
// so 500,000 items; `--releases 100000` for more) in a throwaway PostgreSQL (DATABASE_URL's server when set, else an embedded one), and
// asks PostgreSQL with EXPLAIN ANALYZE which index serves the main query of each case.
//
//   npm run bench:history              figures, query counts and the index per case
//   npm run bench:history -- --plans            also prints every EXPLAIN ANALYZE plan
//   npm run bench:history -- --releases 100000  another number of releases
//
// The figures in docs/PERFORMANCE.md come from this script.
import { register } from "node:module";
import os from "node:os";
import pg from "pg";
import type { PrismaClient } from "@/lib/generated/prisma/client";

// lib/releases/history.ts is server code and imports "server-only", which throws outside Next's server
// bundle. Resolve it to an empty module here, before the dynamic imports below load it.
register(
  `data:text/javascript,${encodeURIComponent(
    'export async function resolve(specifier, context, next) { return specifier === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : next(specifier, context); }',
  )}`,
);

const { PrismaPg } = await import("@prisma/adapter-pg");
const { PrismaClient: Client } = await import("@/lib/generated/prisma/client");
const { applyMigrations } = await import("@/lib/db/migrations");
const { withScratchPostgres } = await import("@/lib/db/scratch");
const { listReleaseHistory } = await import("@/lib/releases/history");
type HistoryFilters = import("@/lib/releases/history").HistoryFilters;

const releasesArg = process.argv.indexOf("--releases");
const RELEASES = releasesArg > 0 ? Number(process.argv[releasesArg + 1]) : 10_000;
if (!Number.isInteger(RELEASES) || RELEASES < 10_000) throw new Error("--releases takes a whole number ≥ 10000");
const PROJECTS = 20;
const ITEMS_PER_RELEASE = 50;
const RUNS = 30;
const WARMUP = 5;
const showPlans = process.argv.includes("--plans");

const NOW = new Date();

/** Users, 20 projects, RELEASES releases over ~3 years, 4 sections and 50 items each, deploy and rollback runs. */
async function seed(client: pg.Client): Promise<void> {
  const now = NOW.toISOString();
  await client.query(`
    INSERT INTO "User" (id, email, name, role, "updatedAt")
    SELECT 'user' || u, 'manager' || u || '@bench.local', (ARRAY['Rae Manager','Sam Ortiz','Kim Lee','Ana Silva','Joe Park'])[u], 'RELEASE_MANAGER', now()
    FROM generate_series(1, 5) u`);
  await client.query(`
    INSERT INTO "Project" (id, slug, name, "updatedAt")
    SELECT 'proj' || p, 'project-' || p, 'Project ' || lpad(p::text, 2, '0'), now()
    FROM generate_series(1, ${PROJECTS}) p`);

  // Release g is created 150 minutes after release g-1 (ties every 50th, to exercise the id tie-break).
  // Older releases are mostly released; some rolled back, cancelled or failed; the newest 60 are in flight.
  await client.query(
    `
    INSERT INTO "Release" (id, "projectId", version, title, status, "releaseManagerId", "createdById", "plannedAt",
      "templateName", "templateSnapshot", "createdAt", "updatedAt", "releasedAt", "rollingBackAt", "rolledBackAt", "cancelledAt", "failedAt")
    SELECT id, "projectId", version, CASE WHEN rare THEN 'Kubernetes 1.31 upgrade' ELSE title_common END, status::"ReleaseStatus", manager, manager, "createdAt" + interval '3 days',
      'Bench template', '{}'::jsonb, "createdAt", "createdAt",
      CASE WHEN status IN ('RELEASED', 'ROLLED_BACK') THEN "createdAt" + (2 + g % 5) * interval '1 day' END,
      CASE WHEN status = 'ROLLED_BACK' THEN "createdAt" + (3 + g % 5) * interval '1 day' END,
      CASE WHEN status = 'ROLLED_BACK' THEN "createdAt" + (3 + g % 5) * interval '1 day' + interval '40 minutes' END,
      CASE WHEN status = 'CANCELLED' THEN "createdAt" + interval '1 day' END,
      CASE WHEN status = 'FAILED' THEN "createdAt" + interval '2 days' END
    FROM (
      SELECT g,
        'rel' || lpad(g::text, 6, '0') AS id,
        'proj' || (1 + g % ${PROJECTS}) AS "projectId",
        ((g / ${PROJECTS}) / 100) || '.' || ((g / ${PROJECTS}) / 10 % 10) || '.' || ((g / ${PROJECTS}) % 10) AS version,
        (ARRAY['Webhook retries and structured logs', 'Billing export to CSV', 'Search reindex on deploy', 'Faster dashboard queries',
               'GitHub Actions integration', 'dbt metrics in the gateway', 'Audit log retention', 'SSO with OIDC providers',
               'Rate limiting per token', 'Dark mode polish', 'Postgres 18 upgrade', 'Flaky test quarantine',
               'Feature flags for rollouts', 'Release notes generator', 'On-call handover checklist', 'Kafka consumer lag alerts'])[1 + (g * 13) % 16]
          AS title_common,
        'user' || (1 + g % 5) AS manager,
        -- Three releases with a title nothing else shares: the "few matches" search.
        g IN (17, 4711, 9001) AS rare,
        CASE
          WHEN g > ${RELEASES - 60} THEN (ARRAY['DRAFT','PREPARING','READY','DEPLOYING','MONITORING','FAILED'])[1 + g % 6]
          WHEN (g * 37) % 100 < 4 THEN 'ROLLED_BACK'
          WHEN (g * 37) % 100 < 9 THEN 'CANCELLED'
          WHEN (g * 37) % 100 < 10 THEN 'FAILED'
          ELSE 'RELEASED'
        END AS status,
        date_trunc('minute', $1::timestamp - (${RELEASES} - g - (CASE WHEN g % 50 = 0 THEN 1 ELSE 0 END)) * interval '150 minutes') AS "createdAt"
      FROM generate_series(1, ${RELEASES}) g
    ) r`,
    [now],
  );

  await client.query(`
    INSERT INTO "ReleaseSection" (id, "releaseId", phase, title, position)
    SELECT r.id || '-s' || s, r.id, (ARRAY['PRE_RELEASE','RELEASE_DAY','POST_RELEASE','ROLLBACK'])[s + 1]::"ChecklistPhase", 'Section ' || s, s
    FROM "Release" r CROSS JOIN generate_series(0, 3) s`);

  // 20 pre-release, 15 release-day, 10 post-release and 5 rollback items. Finished releases are fully
  // ticked; cancelled ones partly; in-flight ones somewhere along the way.
  await client.query(`
    INSERT INTO "ReleaseItem" (id, "releaseId", "sectionId", phase, title, position, state, "updatedAt")
    SELECT r.id || '-i' || i, r.id, r.id || '-s' || x.s, (ARRAY['PRE_RELEASE','RELEASE_DAY','POST_RELEASE','ROLLBACK'])[x.s + 1]::"ChecklistPhase",
      'Checklist item ' || i, i,
      (CASE
        WHEN x.s = 3 THEN CASE WHEN r.status = 'ROLLED_BACK' THEN 'DONE' WHEN r.status = 'RELEASED' THEN 'NOT_APPLICABLE' ELSE 'OPEN' END
        WHEN r.status IN ('RELEASED', 'ROLLED_BACK') THEN 'DONE'
        WHEN r.status = 'CANCELLED' THEN CASE WHEN i < 8 THEN 'DONE' ELSE 'OPEN' END
        ELSE CASE WHEN i < (substr(r.id, 4)::int % 40) THEN 'DONE' ELSE 'OPEN' END
      END)::"ItemState",
      r."createdAt"
    FROM "Release" r
    CROSS JOIN generate_series(0, ${ITEMS_PER_RELEASE - 1}) i
    CROSS JOIN LATERAL (SELECT CASE WHEN i < 20 THEN 0 WHEN i < 35 THEN 1 WHEN i < 45 THEN 2 ELSE 3 END AS s) x`);

  await client.query(`
    INSERT INTO "DeployRun" (id, "releaseId", "projectId", kind, status, "requestKey", "startedById", "createdAt")
    SELECT r.id || '-deploy', r.id, r."projectId", 'DEPLOY', 'SUCCEEDED', r.id || '-deploy', r."releaseManagerId", r."createdAt" + interval '2 days'
    FROM "Release" r WHERE r.status IN ('RELEASED', 'ROLLED_BACK', 'FAILED', 'DEPLOYING', 'MONITORING')`);
  // Rollback runs for the rolled-back releases, and for one failed release in three (a rollback that failed).
  await client.query(`
    INSERT INTO "DeployRun" (id, "releaseId", "projectId", kind, status, "requestKey", "startedById", "createdAt")
    SELECT r.id || '-rollback', r.id, r."projectId", 'ROLLBACK', CASE WHEN r.status = 'FAILED' THEN 'FAILED' ELSE 'SUCCEEDED' END::"RunStatus",
      r.id || '-rollback', r."releaseManagerId", r."createdAt" + interval '3 days'
    FROM "Release" r WHERE r.status = 'ROLLED_BACK' OR (r.status = 'FAILED' AND substr(r.id, 4)::int % 3 = 0)`);

  await client.query("VACUUM ANALYZE");
}

interface Case {
  name: string;
  filters: () => HistoryFilters;
}

interface QueryLog {
  query: string;
  params: string;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Index names (and sequential scans) of the plan's nodes on the Release table. */
function releaseAccess(plan: string): string {
  const found = new Set<string>();
  for (const match of plan.matchAll(/(?:Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) "?([\w]+)"?/g)) {
    const name = match[1]!;
    if (/^Release_/.test(name)) found.add(`index: ${name}`);
  }
  if (/Seq Scan on "?Release"?\b/.test(plan)) found.add("seq scan!");
  return found.size > 0 ? [...found].join(", ") : "no Release access found";
}

async function main() {
  console.log(`Release history benchmark: ${RELEASES.toLocaleString("en")} releases, ${PROJECTS} projects, ${(RELEASES * ITEMS_PER_RELEASE).toLocaleString("en")} items`);
  console.log(`Machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at start`);
  await withScratchPostgres(async (url) => {
    const started = Date.now();
    await applyMigrations(url);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const existing = await admin.query<{ n: string }>('SELECT count(*) AS n FROM "Release"');
      if (Number(existing.rows[0]?.n) > 0) throw new Error("The scratch database already has releases; point DATABASE_URL at an empty database");
      await seed(admin);
      const pgVersion = (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version;
      console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s (PostgreSQL ${pgVersion})\n`);

      // The client lib/db.ts's `db` uses (it takes the global when one is set), with every query logged.
      const log: QueryLog[] = [];
      const prisma: PrismaClient<"query"> = new Client({
        adapter: new PrismaPg({ connectionString: url, max: 10 }),
        log: [{ emit: "event", level: "query" }],
      });
      prisma.$on("query", (event) => log.push({ query: event.query, params: event.params }));
      (globalThis as unknown as { preflightPrisma?: PrismaClient }).preflightPrisma = prisma as unknown as PrismaClient;
      process.env.DATABASE_URL = url;

      // Following "Older" 40 times from the first page: the cursor of page 41 (releases 1,001–1,025).
      let deepCursor = (await listReleaseHistory({})).nextCursor;
      for (let follows = 1; follows < 40; follows++) {
        if (!deepCursor) throw new Error(`Ran out of pages after ${follows} follows`);
        deepCursor = (await listReleaseHistory({ cursor: deepCursor })).nextCursor;
      }
      if (!deepCursor) throw new Error("Ran out of pages");
      const deep = deepCursor;

      const range = { from: "2025-03-01", to: "2025-03-31" };
      const cases: Case[] = [
        { name: "first page", filters: () => ({}) },
        { name: "deep page (41st)", filters: () => ({ cursor: deep }) },
        { name: "status Rolled back", filters: () => ({ status: ["ROLLED_BACK"] }) },
        { name: "status Failed, Rolled back", filters: () => ({ status: ["FAILED", "ROLLED_BACK"] }) },
        { name: "project filter", filters: () => ({ project: "project-7" }) },
        { name: "search common (\"billing\")", filters: () => ({ q: "billing" }) },
        { name: "search few matches (\"kubernetes\", 3 rows)", filters: () => ({ q: "kubernetes" }) },
        { name: "search no match", filters: () => ({ q: "no-such-release" }) },
        { name: "search project name (\"project 07\", 1 in 20)", filters: () => ({ q: "project 07" }) },
        { name: "search person (\"ortiz\", 1 in 5)", filters: () => ({ q: "ortiz" }) },
        { name: "search two letters (\"zq\", no trigram)", filters: () => ({ q: "zq" }) },
        { name: "date range (1 month)", filters: () => ({ from: range.from, to: range.to }) },
        { name: "project + status + search", filters: () => ({ project: "project-6", status: ["RELEASED"], q: "export" }) },
      ];

      const plans: string[] = [];
      const runCases = async (list: Case[]) => {
        for (const benchCase of list) {
          const filters = benchCase.filters();
          for (let i = 0; i < WARMUP; i++) await listReleaseHistory(filters);
          const times: number[] = [];
          const queryCounts = new Set<number>();
          let rows = 0;
          for (let i = 0; i < RUNS; i++) {
            log.length = 0;
            const t0 = performance.now();
            const result = await listReleaseHistory(filters);
            times.push(performance.now() - t0);
            queryCounts.add(log.length);
            rows = result.rows.length;
          }
          times.sort((a, b) => a - b);
          const queries = [...queryCounts].join("/");

          // EXPLAIN ANALYZE the releases query of the last run, with the parameters Prisma sent.
          const main = log.find((entry) => /FROM "public"\."Release"/.test(entry.query));
          let access = "releases query not captured";
          let execution = "";
          if (main) {
            const params = JSON.parse(main.params) as unknown[];
            const result = await admin.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, FORMAT TEXT) ${main.query}`, params);
            const plan = result.rows.map((r) => r["QUERY PLAN"]).join("\n");
            access = releaseAccess(plan);
            execution = `, releases query ${/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? "?"} ms in PostgreSQL`;
            plans.push(`--- ${benchCase.name}\n${main.query}\n${main.params}\n${plan}`);
          }
          console.log(
            `${benchCase.name}: p50 ${percentile(times, 50).toFixed(1)} ms p95 ${percentile(times, 95).toFixed(1)} ms (${queries} queries, ${rows} rows${execution}) ${access}`,
          );
        }
      };
      await runCases(cases);

      // The other two queries, once, for the record.
      log.length = 0;
      await listReleaseHistory({});
      for (const entry of log.filter((e) => !/FROM "public"\."Release"/.test(e.query))) {
        const result = await admin.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, FORMAT TEXT) ${entry.query}`, JSON.parse(entry.params) as unknown[]);
        const plan = result.rows.map((r) => r["QUERY PLAN"]).join("\n");
        const indexes = [...plan.matchAll(/(?:Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) "?([\w]+)"?/g)].map((m) => m[1]);
        const table = /FROM "public"\."(\w+)"/.exec(entry.query)?.[1] ?? "?";
        console.log(`  ${table} query (first page): ${indexes.length ? `index: ${[...new Set(indexes)].join(", ")}` : ""}${/Seq Scan/.test(plan) ? " seq scan!" : ""}`);
        plans.push(`--- first page, ${table}\n${entry.query}\n${entry.params}\n${plan}`);
      }
      if (showPlans) console.log(`\n${plans.join("\n\n")}`);
      await prisma.$disconnect();
    } finally {
      await admin.end();
    }
  });
}

await main();
