// Release history on a real PostgreSQL: the demo seed plus releases in a second project, with dates,
// statuses and rollbacks chosen to sit on the edges of each filter.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient, type ReleaseStatus } from "@/lib/generated/prisma/client";
import { createReleaseFromSnapshot } from "@/lib/releases/create";
import {
  listProjectsForFilter,
  listReleaseHistory,
  parseHistoryFilters,
  type HistoryFilters,
  type ReleaseHistoryRow,
} from "@/lib/releases/history";
import { seedDemo } from "@/lib/seed/demo";
import { getTemplateSnapshot } from "@/lib/templates/snapshot";
import { createTestDatabase } from "../support/database";

const { prisma, url } = await createTestDatabase();

const NOW = new Date("2026-03-15T12:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;

// lib/db.ts's `db` uses the client in this global when there is one: give it a client that reports every
// SQL statement, so the tests count what listReleaseHistory really sends.
const queries: string[] = [];
const counted = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 5 }), log: [{ emit: "event", level: "query" }] });
counted.$on("query", (event) => queries.push(event.query));
const globalForPrisma = globalThis as unknown as { preflightPrisma?: PrismaClient };

/** Runs `fn` and returns how many SQL statements it sent. */
async function countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; count: number }> {
  queries.length = 0;
  const result = await fn();
  return { result, count: queries.length };
}

const ids = new Map<string, string>(); // "project/version" → id

async function addRelease(input: {
  project: string;
  version: string;
  title: string;
  status: ReleaseStatus;
  createdAt: string;
  dates?: Partial<Record<"releasedAt" | "rollingBackAt" | "rolledBackAt" | "cancelledAt" | "failedAt", string>>;
  runs?: ("DEPLOY" | "ROLLBACK")[];
  withChecklist?: boolean;
}): Promise<string> {
  const project = await prisma.project.findUniqueOrThrow({ where: { slug: input.project } });
  const manager = await prisma.user.findUniqueOrThrow({ where: { email: "manager@demo.local" } });
  let id: string;
  if (input.withChecklist) {
    const template = await prisma.checklistTemplate.findFirstOrThrow({ where: { isDefault: true } });
    const snapshot = (await getTemplateSnapshot(prisma, template.id))!;
    id = (
      await prisma.$transaction((tx) =>
        createReleaseFromSnapshot(tx, {
          projectId: project.id,
          version: input.version,
          title: input.title,
          releaseManagerId: manager.id,
          createdById: manager.id,
          snapshot,
        }),
      )
    ).id;
  } else {
    id = (
      await prisma.release.create({
        data: {
          projectId: project.id,
          version: input.version,
          title: input.title,
          releaseManagerId: manager.id,
          createdById: manager.id,
          templateName: "None",
          templateSnapshot: {},
        },
      })
    ).id;
  }
  const dates = Object.fromEntries(Object.entries(input.dates ?? {}).map(([key, value]) => [key, new Date(value)]));
  await prisma.release.update({ where: { id }, data: { status: input.status, createdAt: new Date(input.createdAt), ...dates } });
  for (const kind of input.runs ?? []) {
    await prisma.deployRun.create({
      data: { releaseId: id, projectId: project.id, kind, status: "SUCCEEDED", requestKey: `${id}-${kind}`, startedById: manager.id },
    });
  }
  ids.set(`${input.project}/${input.version}`, id);
  return id;
}

beforeAll(async () => {
  process.env.DATABASE_URL = url;
  globalForPrisma.preflightPrisma = counted;

  await seedDemo(prisma, { password: "a-demo-password", now: NOW });
  for (const release of await prisma.release.findMany({ include: { project: true } })) {
    ids.set(`${release.project.slug}/${release.version}`, release.id);
  }
  // The seed creates 0.5.0 at the real clock's time; pin it.
  await prisma.release.update({ where: { id: ids.get("gateway/0.5.0")! }, data: { createdAt: new Date("2026-03-14T09:00:00.000Z") } });
  await prisma.project.create({ data: { slug: "billing", name: "Billing" } });

  await addRelease({ project: "gateway", version: "0.3.0", title: "Audit LOG retention", status: "ROLLED_BACK", createdAt: "2026-02-01T00:00:00.000Z", dates: { releasedAt: "2026-02-03T00:00:00.000Z", rollingBackAt: "2026-02-04T00:00:00.000Z", rolledBackAt: "2026-02-04T02:00:00.000Z" }, runs: ["DEPLOY", "ROLLBACK"] });
  // The deploy failed and a rollback run put the previous version back, without a status change.
  await addRelease({ project: "gateway", version: "0.3.1", title: "Hotfix for the audit export", status: "FAILED", createdAt: "2026-02-05T23:59:59.999Z", dates: { failedAt: "2026-02-06T10:00:00.000Z" }, runs: ["DEPLOY", "ROLLBACK"] });
  await addRelease({ project: "gateway", version: "0.2.0", title: "Structured logging groundwork", status: "CANCELLED", createdAt: "2026-01-10T08:00:00.000Z", dates: { cancelledAt: "2026-01-12T08:00:00.000Z" } });
  await addRelease({ project: "billing", version: "1.0.0", title: "Invoice export", status: "RELEASED", createdAt: "2026-02-10T10:00:00.000Z", dates: { releasedAt: "2026-02-12T16:30:00.000Z" }, runs: ["DEPLOY"], withChecklist: true });
  await addRelease({ project: "billing", version: "1.1.0", title: "Dunning emails, 50% fewer", status: "DRAFT", createdAt: "2026-03-01T09:00:00.000Z" });
  // Three releases created in the same millisecond: the id breaks the tie, and pages of 3 cut through them.
  for (const [version, title, status] of [
    ["1.2.0", "Tax rules for the EU", "ROLLING_BACK"],
    ["1.2.1-RC.1", "Currency rounding", "READY"],
    ["1.2.2", "Receipts in PDF (receipt_v2)", "PREPARING"],
  ] as const) {
    await addRelease({
      project: "billing",
      version,
      title,
      status,
      createdAt: "2026-03-05T12:00:00.000Z",
      dates: status === "ROLLING_BACK" ? { rollingBackAt: "2026-03-06T12:00:00.000Z" } : {},
    });
  }
});

afterAll(async () => {
  if (globalForPrisma.preflightPrisma === counted) delete globalForPrisma.preflightPrisma;
  await counted.$disconnect();
});

const versions = (rows: ReleaseHistoryRow[]) => rows.map((r) => r.version);
const list = (filters: HistoryFilters, take = 25) => listReleaseHistory(filters, { take, now: NOW });

/** Every release in the order the history must show them. */
async function expectedOrder(): Promise<string[]> {
  const all = await prisma.release.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { version: true } });
  return all.map((r) => r.version);
}

describe("release history filters", () => {
  it("lists every release newest first with no filters", async () => {
    const { rows, nextCursor, prevCursor } = await list({});
    expect(versions(rows)).toEqual(await expectedOrder());
    expect(rows).toHaveLength(10);
    expect(versions(rows)[0]).toBe("0.5.0");
    expect(versions(rows).at(-1)).toBe("0.2.0");
    expect(nextCursor).toBeNull();
    expect(prevCursor).toBeUndefined();
  });

  it("combines status, project, search and dates (all must match)", async () => {
    expect(versions((await list({ status: ["RELEASED"] })).rows)).toEqual(["0.4.0", "1.0.0"]);
    expect(versions((await list({ status: ["RELEASED"], project: "billing" })).rows)).toEqual(["1.0.0"]);
    expect(versions((await list({ status: ["RELEASED", "FAILED"], project: "gateway" })).rows)).toEqual(["0.4.0", "0.3.1"]);
    expect(versions((await list({ project: "gateway", q: "audit" })).rows)).toEqual(["0.3.1", "0.3.0"]);
    expect(versions((await list({ project: "gateway", q: "audit", status: ["ROLLED_BACK"] })).rows)).toEqual(["0.3.0"]);
    expect(versions((await list({ project: "billing", from: "2026-03-01", to: "2026-03-05" })).rows)).toHaveLength(4);
    expect(versions((await list({ project: "billing", from: "2026-03-01", to: "2026-03-05", q: "receipts" })).rows)).toEqual(["1.2.2"]);
    expect((await list({ project: "billing", q: "audit" })).rows).toEqual([]);
    expect((await list({ project: "no-such-project" })).rows).toEqual([]);
  });

  it("searches version and title, case-insensitively, as a substring", async () => {
    expect(versions((await list({ q: "AUDIT log" })).rows)).toEqual(["0.3.0"]);
    expect(versions((await list({ q: "rc.1" })).rows)).toEqual(["1.2.1-RC.1"]);
    expect(versions((await list({ q: "0.4" })).rows)).toEqual(["0.4.0"]);
    expect(versions((await list({ q: "EXPORT" })).rows)).toEqual(["1.0.0", "0.3.1"]);
    // LIKE wildcards in the search are plain characters.
    expect(versions((await list({ q: "50%" })).rows)).toEqual(["1.1.0"]);
    expect(versions((await list({ q: "%" })).rows)).toEqual(["1.1.0"]);
    expect(versions((await list({ q: "_" })).rows)).toEqual(["1.2.2"]);
    expect((await list({ q: "\\" })).rows).toEqual([]);
  });

  it("searches project names and the names of the people who manage or created a release", async () => {
    // Every billing release: 1.0.0, 1.1.0, 1.2.0, 1.2.1-RC.1, 1.2.2 (the project's name, not in any title).
    expect(versions((await list({ q: "billinG" })).rows).sort()).toEqual(["1.0.0", "1.1.0", "1.2.0", "1.2.1-RC.1", "1.2.2"]);
    const quinn = await prisma.user.create({ data: { email: "quinn@demo.local", name: "Quinn Zhou", role: "RELEASE_MANAGER" } });
    await prisma.release.update({ where: { id: ids.get("billing/1.1.0")! }, data: { releaseManagerId: quinn.id } });
    try {
      expect(versions((await list({ q: "zhou" })).rows)).toEqual(["1.1.0"]);
      // The other filters still apply to a name match.
      expect((await list({ q: "zhou", status: ["RELEASED"] })).rows).toEqual([]);
    } finally {
      await prisma.release.update({ where: { id: ids.get("billing/1.1.0")! }, data: { releaseManagerId: (await prisma.user.findUniqueOrThrow({ where: { email: "manager@demo.local" } })).id } });
      await prisma.user.delete({ where: { id: quinn.id } });
    }
  });

  it("takes date ranges as whole UTC days, both ends included", async () => {
    // 0.3.0 was created at 2026-02-01T00:00:00.000Z, 0.3.1 at 2026-02-05T23:59:59.999Z.
    expect(versions((await list({ from: "2026-02-01", to: "2026-02-05" })).rows)).toEqual(["0.3.1", "0.3.0"]);
    expect(versions((await list({ from: "2026-02-02", to: "2026-02-05" })).rows)).toEqual(["0.3.1"]);
    expect(versions((await list({ from: "2026-02-01", to: "2026-02-04" })).rows)).toEqual(["0.3.0"]);
    expect(versions((await list({ from: "2026-02-05", to: "2026-02-05" })).rows)).toEqual(["0.3.1"]);
    expect(versions((await list({ to: "2026-01-31" })).rows)).toEqual(["0.2.0"]);
    expect((await list({ from: "2026-03-02" })).rows).toHaveLength(4); // 0.5.0 and the three of 5 March
  });
});

describe("release history pages", () => {
  it("visits every release exactly once, in order, across pages of 3, and goes back with Newer", async () => {
    const expected = await expectedOrder();
    const pages: { versions: string[]; prevCursor?: string }[] = [];
    let cursor: string | undefined;
    let guard = 0;
    do {
      const page = await list(cursor ? { cursor } : {}, 3);
      pages.push({ versions: versions(page.rows), prevCursor: page.prevCursor });
      cursor = page.nextCursor ?? undefined;
    } while (cursor && ++guard < 20);

    expect(pages.map((p) => p.versions)).toEqual([expected.slice(0, 3), expected.slice(3, 6), expected.slice(6, 9), expected.slice(9)]);
    expect(pages.flatMap((p) => p.versions)).toEqual(expected);
    expect(pages[0]!.prevCursor).toBeUndefined();
    // The three releases created in the same millisecond are split across pages 1 and 2 and none is lost.
    expect(pages[0]!.versions.filter((v) => v.startsWith("1.2."))).toHaveLength(2);
    expect(pages[1]!.versions.filter((v) => v.startsWith("1.2."))).toHaveLength(1);

    // Newer from the last page walks back through the same pages to the first, which has no Newer link.
    let back = pages.at(-1)!.prevCursor;
    for (let index = pages.length - 2; index >= 0; index--) {
      expect(back).toBeDefined();
      const page = await list({ cursor: back }, 3);
      expect(versions(page.rows)).toEqual(pages[index]!.versions);
      expect(page.nextCursor).not.toBeNull();
      back = page.prevCursor;
    }
    expect(back).toBeUndefined();
  });

  it("pages within filters, and a cursor read back from the URL works like the original", async () => {
    const billing = await prisma.release.findMany({
      where: { project: { slug: "billing" } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { version: true },
    });
    const first = await list({ project: "billing" }, 2);
    expect(versions(first.rows)).toEqual(billing.slice(0, 2).map((r) => r.version));
    const { filters, messages } = parseHistoryFilters(new URLSearchParams({ project: "billing", cursor: first.nextCursor! }));
    expect(messages).toEqual([]);
    const second = await list(filters, 2);
    expect(versions(second.rows)).toEqual(billing.slice(2, 4).map((r) => r.version));
    const third = await list({ project: "billing", cursor: second.nextCursor! }, 2);
    expect(versions(third.rows)).toEqual(["1.0.0"]);
    expect(third.nextCursor).toBeNull();
    expect(third.prevCursor).toBeDefined();
  });
});

describe("release history rows", () => {
  it("flags releases that were rolled back: by status, by the rollingBackAt mark or by a rollback run", async () => {
    const { rows } = await list({});
    const rolledBack = Object.fromEntries(rows.map((r) => [r.version, r.rolledBack]));
    expect(rolledBack).toEqual({
      "0.5.0": false,
      "1.1.0": false,
      "1.2.0": true, // ROLLING_BACK
      "1.2.1-RC.1": false,
      "1.2.2": false,
      "0.4.0": false,
      "1.0.0": false, // a deploy run only
      "0.3.1": true, // FAILED, but a rollback run ran
      "0.3.0": true, // ROLLED_BACK
      "0.2.0": false,
    });
  });

  it("gives project, manager, dates, duration and checklist progress", async () => {
    const { rows } = await list({});
    const byVersion = new Map(rows.map((r) => [r.version, r]));

    const shipped = byVersion.get("0.4.0")!;
    expect(shipped.project).toMatchObject({ slug: "gateway", name: "Gateway" });
    expect(shipped.releaseManager.name).toBe("Rae Manager");
    expect(shipped.status).toBe("RELEASED");
    expect(shipped.inProgress).toBe(false);
    expect(shipped.finishedAt).toEqual(shipped.releasedAt);
    expect(shipped.durationMs).toBe(shipped.releasedAt!.getTime() - shipped.createdAt.getTime());
    expect(shipped.durationMs).toBe(3 * DAY + 60 * 60 * 1000);
    expect(shipped.plannedAt).toEqual(new Date(NOW.getTime() - 21 * DAY));
    expect(shipped.progress).toEqual({ done: 45, total: 45 });

    const current = byVersion.get("0.5.0")!;
    expect(current.inProgress).toBe(true);
    expect(current.finishedAt).toBeNull();
    expect(current.durationMs).toBe(NOW.getTime() - new Date("2026-03-14T09:00:00.000Z").getTime());
    expect(current.progress).toEqual({ done: 6, total: 45 });

    expect(byVersion.get("0.3.0")!.finishedAt).toEqual(new Date("2026-02-04T02:00:00.000Z"));
    expect(byVersion.get("0.2.0")!.finishedAt).toEqual(new Date("2026-01-12T08:00:00.000Z"));
    expect(byVersion.get("0.2.0")!.durationMs).toBe(2 * DAY);
    // Failed is not final: it can be redeployed or rolled back.
    expect(byVersion.get("0.3.1")!.inProgress).toBe(true);
    expect(byVersion.get("1.0.0")!.progress).toEqual({ done: 0, total: 45 });
    expect(byVersion.get("1.1.0")!.progress).toEqual({ done: 0, total: 0 });
  });

  it("lists projects for the filter by name", async () => {
    expect(await listProjectsForFilter()).toEqual([
      { slug: "billing", name: "Billing" },
      { slug: "gateway", name: "Gateway" },
    ]);
  });
});

describe("invalid filters", () => {
  it("are reported and ignored while the valid ones apply", async () => {
    const { filters, messages } = parseHistoryFilters({
      q: "x".repeat(101),
      status: ["released", "SHIPPED"],
      project: "not a slug!",
      from: "2026-02-30",
      to: "yesterday",
      cursor: "not-a-cursor",
    });
    expect(filters).toEqual({ status: ["RELEASED"] });
    expect(messages).toHaveLength(6);
    expect(messages.join(" ")).toMatch(/“SHIPPED” is not a release status/);
    expect(versions((await list(filters)).rows)).toEqual(["0.4.0", "1.0.0"]);
  });

  it("drop a date range that ends before it starts, with a message saying so", async () => {
    const { filters, messages } = parseHistoryFilters({ from: "2026-03-01", to: "2026-02-01", project: "billing" });
    expect(filters).toEqual({ project: "billing" });
    expect(messages.map((m) => m.replaceAll("\u00a0", " "))).toEqual(["The start date (1 Mar 2026) is after the end date (1 Feb 2026), so the date range was ignored."]);
    expect((await list(filters)).rows).toHaveLength(5);
  });
});

describe("query count", () => {
  it("is the same for every page size and filter (no per-row queries)", async () => {
    const counts = new Map<string, number>();
    for (const [label, filters, take] of [
      ["1 row", {}, 1],
      ["3 rows", {}, 3],
      ["all rows", {}, 100],
      ["filtered", { project: "gateway", status: ["RELEASED", "ROLLED_BACK", "FAILED"], from: "2026-01-01" }, 25],
    ] as [string, HistoryFilters, number][]) {
      const { result, count } = await countQueries(() => list(filters, take));
      expect(result.rows.length).toBeGreaterThan(0);
      counts.set(label, count);
    }
    // Releases, their projects, their managers (Prisma loads each relation with one IN query), checklist
    // progress and rollback runs: five statements, whatever the page size.
    expect(new Set(counts.values())).toEqual(new Set([5]));
    // A search first looks the words up in project and people's names: two more, whatever the page size.
    for (const take of [1, 100]) {
      const searched = await countQueries(() => list({ project: "gateway", status: ["RELEASED", "ROLLED_BACK", "FAILED"], q: "a" }, take));
      expect(searched.result.rows.length).toBeGreaterThan(0);
      expect(searched.count).toBe(7);
    }

    // A page of nothing skips the progress and rollback queries.
    const empty = await countQueries(() => list({ q: "nothing matches this" }));
    expect(empty.result.rows).toEqual([]);
    expect(empty.count).toBeLessThanOrEqual(7);
  });
});
