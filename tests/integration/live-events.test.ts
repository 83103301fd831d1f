import { afterAll, describe, expect, it } from "vitest";
import { auditTypes } from "@/lib/audit/events/types";
import { liveCursor } from "@/lib/audit/cursor";
import { recordAuditEvent } from "@/lib/audit/record";
import { insertLogBatch } from "@/lib/deploys/log-chunks";
import { eventBus } from "@/lib/events/bus";
import { openLiveStream } from "@/lib/events/stream";
import { seedDemo } from "@/lib/seed/demo";
import { createTestDatabase } from "../support/database";

const { prisma, url } = await createTestDatabase();
process.env.DATABASE_URL = url;
await seedDemo(prisma, { password: "test-password-1" });
const release = await prisma.release.findFirstOrThrow({ where: { version: "0.5.0" } });
const other = await prisma.release.findFirstOrThrow({ where: { version: "0.4.0" } });
const connections: AbortController[] = [];

afterAll(() => connections.forEach((c) => c.abort()));

/** Opens a stream as a browser would and collects the events it receives. */
async function connect(scope: Parameters<typeof openLiveStream>[2], headers: Record<string, string> = {}, userId = "u1", maxPerUser = 12, query = "") {
  const controller = new AbortController();
  connections.push(controller);
  const opened = await openLiveStream(new Request(`http://localhost/api/events${query}`, { headers, signal: controller.signal }), userId, scope, { maxPerUser });
  if (!opened.ok) throw new Error(opened.message);
  const events: { event: string; id?: string; data: Record<string, string> }[] = [];
  const state = { ended: false };
  const reader = opened.response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) {
        state.ended = true;
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(block.split("\n").filter((l) => !l.startsWith(":")).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]));
        if (fields.event) events.push({ event: fields.event, id: fields.id, data: JSON.parse(fields.data ?? "{}") });
      }
    }
  })();
  return { events, state, response: opened.response, close: () => controller.abort() };
}

/** A checklist tick as the action records it (the item need not exist: notices carry ids only). */
const tick = (releaseId: string, itemId = "item-1") =>
  prisma.auditEvent.create({ data: { type: auditTypes.itemTicked, releaseId, payload: { itemId, title: "Tests pass", phase: "PRE_RELEASE" } } });

/** A tick whose transaction has taken its audit id and waits, uncommitted, until `commit` is called. */
async function slowTick(itemId: string): Promise<{ id: bigint; commit: () => Promise<void> }> {
  let commit: () => void = () => undefined;
  const mayCommit = new Promise<void>((resolve) => (commit = resolve));
  let id: bigint | null = null;
  const done = prisma.$transaction(async (tx) => {
    id = (await tx.auditEvent.create({ data: { type: auditTypes.itemTicked, releaseId: release.id, payload: { itemId, title: "Slow", phase: "PRE_RELEASE" } } })).id;
    await mayCommit;
  });
  const taken = await until(() => id ?? undefined);
  return { id: taken, commit: () => (commit(), done) };
}

let sentinels = 0;
/**
 * Commits one more event of the release and waits until `stream` receives it. PostgreSQL delivers
 * notifications in commit order, so whatever was committed before has arrived by then: a test that
 * expects nothing more to arrive asserts it after this, instead of after a pause that also passes when
 * delivery is broken.
 */
async function sentinel(stream: { events: { event: string; data: Record<string, string> }[] }, releaseId = release.id) {
  const runId = `sentinel-${++sentinels}`;
  await recordAuditEvent(prisma, { type: auditTypes.deployStartRepeated, releaseId, projectId: release.projectId, payload: { runId } });
  await until(() => (stream.events.some((e) => e.event === "audit" && e.data.runId === runId) ? true : undefined));
  return runId;
}

const audits = (stream: { events: { event: string; id?: string; data: Record<string, string> }[] }) => stream.events.filter((e) => e.event === "audit");

async function until<T>(check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("live events", () => {
  it("stream as text/event-stream without proxy buffering", async () => {
    const { response } = await connect({ releaseId: release.id });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    expect(response.headers.get("cache-control")).toContain("no-transform");
  });

  it("deliver an audit event of the release once it commits, and nothing of other releases", async () => {
    const stream = await connect({ releaseId: release.id });
    await new Promise((r) => setTimeout(r, 100));
    await tick(other.id);
    const event = await tick(release.id);
    const received = await until(() => stream.events.find((e) => e.event === "audit"));
    expect(received).toMatchObject({ id: event.id.toString(), data: { type: "item.ticked", releaseId: release.id, itemId: "item-1" } });
    const last = await sentinel(stream);
    expect(audits(stream).map((e) => e.data.runId ?? e.data.itemId)).toEqual(["item-1", last]);
  });

  it("send each event of a release's stream with its timeline entry and the item it names, as the item is now", async () => {
    const manager = await prisma.user.findUniqueOrThrow({ where: { email: "manager@demo.local" } });
    const releaseStream = await connect({ releaseId: release.id });
    const globalStream = await connect({ all: true });
    await new Promise((r) => setTimeout(r, 100));
    const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId: release.id, state: "OPEN" }, orderBy: { position: "asc" } });
    const event = await prisma.$transaction(async (tx) => {
      await tx.releaseItem.update({ where: { id: item.id }, data: { state: "DONE", tickedById: manager.id, tickedAt: new Date(), rowVersion: { increment: 1 } } });
      return tx.auditEvent.create({ data: { type: auditTypes.itemTicked, releaseId: release.id, actorId: manager.id, payload: { itemId: item.id, title: item.title, phase: item.phase } } });
    });
    const detailed = await until(() => releaseStream.events.find((e) => e.id === event.id.toString()));
    expect(detailed.data).toMatchObject({
      type: "item.ticked",
      itemId: item.id,
      detail: {
        at: event.at.toISOString(),
        actor: { id: manager.id, name: "Rae Manager" },
        known: true,
        payload: { itemId: item.id, title: item.title, phase: item.phase },
        item: { id: item.id, state: "DONE", rowVersion: item.rowVersion + 1, tickedBy: { name: "Rae Manager" } },
      },
    });
    // Pages that show no timeline get the plain notice (and refetch what it names).
    const plain = await until(() => globalStream.events.find((e) => e.id === event.id.toString()));
    expect(plain.data).not.toHaveProperty("detail");
  });

  it("never announce a change that was rolled back", async () => {
    const stream = await connect({ releaseId: release.id });
    await new Promise((r) => setTimeout(r, 100));
    await prisma
      .$transaction(async (tx) => {
        await recordAuditEvent(tx, { type: auditTypes.itemTicked, releaseId: release.id, payload: { itemId: "rolled-back", title: "Tests pass", phase: "PRE_RELEASE" } });
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    const last = await sentinel(stream);
    expect(audits(stream).map((e) => e.data.runId)).toEqual([last]);
  });

  it("replay what a reconnecting client missed, from its Last-Event-ID", async () => {
    const first = await prisma.auditEvent.create({ data: { type: auditTypes.releaseEdited, releaseId: release.id, payload: { changes: { title: { from: "Old", to: "New" } } } } });
    const missed1 = await tick(release.id);
    await tick(other.id);
    const missed2 = await prisma.auditEvent.create({
      data: { type: auditTypes.itemUnticked, releaseId: release.id, payload: { itemId: "item-1", title: "Tests pass", phase: "PRE_RELEASE", reason: "Red again" } },
    });
    const otherRelease = await prisma.auditEvent.findFirstOrThrow({ where: { releaseId: other.id }, orderBy: { id: "desc" } });
    const stream = await connect({ releaseId: release.id }, { "Last-Event-ID": first.id.toString() });
    await until(() => (stream.events.some((e) => e.id === missed2.id.toString()) ? true : undefined));
    const ids = stream.events.map((e) => e.id);
    // Both missed events arrive, in order; a few already-seen ones may come again (harmless refetches).
    expect(ids.indexOf(missed1.id.toString())).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(missed2.id.toString())).toBeGreaterThan(ids.indexOf(missed1.id.toString()));
    expect(ids).not.toContain(otherRelease.id.toString());
    expect(stream.events.every((e) => e.data.releaseId === release.id)).toBe(true);
  });

  it("replay to a page nothing its data already had, and what committed after it was read under a lower id", async () => {
    const before = await tick(release.id, "before-the-page");
    // A slow change takes its audit id, and a quicker one commits a higher id before the page reads its cursor.
    const slow = await slowTick("slow");
    const quick = await tick(release.id, "quick");
    const since = await liveCursor();
    expect(since.startsWith(`${quick.id}~`)).toBe(true);
    await slow.commit();
    const after = await tick(release.id, "after-the-page");

    const stream = await connect({ releaseId: release.id }, {}, "u1", 12, `?release=${release.id}&since=${encodeURIComponent(since)}`);
    await sentinel(stream);
    const replayed = audits(stream).map((e) => e.data.itemId ?? e.data.runId);
    // The slow change (lower id, committed after the cursor) and the later one come; what the page had does not.
    expect(replayed.slice(0, 2)).toEqual(["slow", "after-the-page"]);
    expect(replayed).not.toContain("quick");
    expect(audits(stream).map((e) => e.id)).not.toContain(before.id.toString());
    expect(slow.id).toBeLessThan(quick.id);
    expect(after.id).toBeGreaterThan(quick.id);
  });

  it("replay to a page a change that took its id long before the page's newest, and committed after it", async () => {
    const slow = await slowTick("long-slow");
    // More than a reconnect's overlap (50 ids) commits meanwhile.
    for (let i = 0; i < 60; i++) await tick(other.id, `meanwhile-${i}`);
    const since = await liveCursor();
    await slow.commit();
    const stream = await connect({ releaseId: release.id }, {}, "u1", 12, `?release=${release.id}&since=${encodeURIComponent(since)}`);
    await sentinel(stream);
    expect(audits(stream).map((e) => e.data.itemId ?? e.data.runId)[0]).toBe("long-slow");
  });

  it("bound the replay's reading when a forged cursor claims to have seen everything, and ask for a resync", async () => {
    // More events than one replay reads, announced to every open stream before the forged one connects.
    const drain = await connect({ all: true });
    await new Promise((r) => setTimeout(r, 100));
    await prisma.$executeRaw`INSERT INTO "AuditEvent" (type, "releaseId", payload) SELECT 'item.ticked', ${other.id}, '{"itemId":"bulk","title":"Tests pass","phase":"PRE_RELEASE"}'::jsonb FROM generate_series(1, 1600)`;
    await sentinel(drain);
    const stream = await connect({ all: true }, {}, "u1", 12, `?since=${encodeURIComponent("0~9223372036854775806:9223372036854775806:")}`);
    await until(() => (stream.events.some((e) => e.event === "resync") ? true : undefined));
    expect(audits(stream)).toEqual([]);
  });

  it("replay on a browser's reconnect what it missed, still leaving out what its page had", async () => {
    const since = await liveCursor();
    const seen = await tick(release.id, "seen-live");
    const missed = await tick(release.id, "missed");
    const stream = await connect({ releaseId: release.id }, { "Last-Event-ID": seen.id.toString() }, "u1", 12, `?release=${release.id}&since=${encodeURIComponent(since)}`);
    await sentinel(stream);
    const ids = audits(stream).map((e) => e.id);
    // The replay starts a little before the last id seen (the browser drops what it has), never before the page.
    expect(ids).toContain(missed.id.toString());
    expect(ids.every((id) => BigInt(id!) > BigInt(since.split("~")[0]!))).toBe(true);
  });

  it("announce deploy log lines once per batch, for the release's stream", async () => {
    const manager = await prisma.user.findUniqueOrThrow({ where: { email: "manager@demo.local" } });
    const run = await prisma.deployRun.create({
      data: {
        releaseId: release.id,
        projectId: release.projectId,
        kind: "DEPLOY",
        requestKey: "live-test-run",
        startedById: manager.id,
        steps: { create: { position: 0, name: "Echo", kind: "SHELL", config: {} } },
      },
      include: { steps: true },
    });
    const stream = await connect({ releaseId: release.id });
    await new Promise((r) => setTimeout(r, 100));
    await insertLogBatch(prisma, [1, 2, 3].map((n) => ({ stepId: run.steps[0]!.id, attempt: 1, stream: "STDOUT" as const, line: `line ${n}`, at: Date.now() })));
    const log = await until(() => stream.events.find((e) => e.event === "log"));
    expect(log.data).toMatchObject({ stepId: run.steps[0]!.id, runId: run.id, releaseId: release.id });
    await sentinel(stream);
    expect(stream.events.filter((e) => e.event === "log")).toHaveLength(1);
  });

  it("cap live connections per user", async () => {
    const a = await connect({ all: true }, {}, "capped-user", 2);
    await connect({ all: true }, {}, "capped-user", 2);
    await expect(connect({ all: true }, {}, "capped-user", 2)).rejects.toThrow(/Too many live connections/);
    a.close();
    await new Promise((r) => setTimeout(r, 50));
    await expect(connect({ all: true }, {}, "capped-user", 2)).resolves.toBeDefined();
  });

  it("cap connections asked for at the same moment too", async () => {
    const results = await Promise.allSettled([1, 2, 3].map(() => connect({ all: true }, {}, "burst-user", 2)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
  });

  it("give the slot back when the browser left before the stream started", async () => {
    const gone = new AbortController();
    gone.abort();
    const opened = await openLiveStream(new Request("http://localhost/api/events", { signal: gone.signal }), "left-early", { all: true }, { maxPerUser: 1 });
    expect(opened.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    await expect(connect({ all: true }, {}, "left-early", 1)).resolves.toBeDefined();
  });

  it("ignore a Last-Event-ID that cannot be an event id, without leaking the connection", async () => {
    const stream = await connect({ releaseId: release.id }, { "Last-Event-ID": "99999999999999999999" }, "odd-id-user", 1);
    await sentinel(stream);
    expect(stream.state.ended).toBe(false);
    stream.close();
    await new Promise((r) => setTimeout(r, 50));
    await expect(connect({ all: true }, {}, "odd-id-user", 1)).resolves.toBeDefined();
  });

  it("end the stream when the database connection that listens drops, so the browser reconnects and replays", async () => {
    const stream = await connect({ releaseId: release.id }, {}, "reconnect-user");
    await new Promise((r) => setTimeout(r, 50));
    expect(stream.state.ended).toBe(false);
    eventBus.emit("reconnecting");
    await until(() => (stream.state.ended ? true : undefined));
  });
});
