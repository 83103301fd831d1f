// A Server-Sent Events stream of live notices for one release, one project or everything, with replay
// of missed audit events from the audit log (Last-Event-ID), heartbeats, and a per-user connection cap.
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { errorSummary, log } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";
import { getAuditNoticeDetails } from "@/lib/releases/queries";
import { eventBus, type LiveNotice } from "./bus";
import { parseLiveCursor } from "./cursor";
import type { AuditNoticeDetail, LiveScope } from "./notice";

type AuditLiveNotice = Extract<LiveNotice, { kind: "audit" }>;

export const HEARTBEAT_MS = 15_000;
/** How often an open stream re-checks that its user may still see it (also on every `user.*` event). */
export const RECHECK_MS = 30_000;
const REPLAY_LIMIT = 500;
// Audit ids are taken at insert but seen at commit: a slow transaction can commit a lower id after the
// client saw a higher one. A page's cursor carries the snapshot its data was read under, which says which
// events it lacks (lib/events/cursor.ts): the replay looks SNAPSHOT_WINDOW ids back for them. A reconnecting
// browser's Last-Event-ID is a plain id: the replay starts REPLAY_OVERLAP ids before it, and the browser skips
// the notices it already has. Both assume no transaction holds an audit id that far back while it runs.
const REPLAY_OVERLAP = 50n;
const SNAPSHOT_WINDOW = 1_000n;
const openByUser = new Map<string, number>();

/** The audit ids a stream has sent, the last few thousand: enough to drop a notice that comes twice. */
class RecentIds {
  private readonly ids = new Set<string>();
  /** Whether `id` is new (and remembers it). */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > 5_000) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}

function matches(scope: LiveScope, notice: LiveNotice): boolean {
  if ("releaseId" in scope) return notice.releaseId === scope.releaseId;
  if ("projectId" in scope) return notice.projectId === scope.projectId;
  return notice.kind === "audit";
}

function format(notice: LiveNotice): string {
  const { kind, ...data } = notice;
  return kind === "audit" ? `id: ${notice.id}\nevent: audit\ndata: ${JSON.stringify(data)}\n\n` : `event: log\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Where a stream's replay starts: after `afterId`, leaving out what the page's data already has (the events its
 * snapshot saw).
 */
interface ReplayFrom {
  afterId: bigint;
  seenBy: string | null;
}

/**
 * The replay a stream owes its browser: after the last event it saw (the Last-Event-ID header of the browser's own
 * reconnect, else the `lastEventId` parameter of the page's) or else its page's cursor (`since`), whose snapshot
 * keeps out what the page's data already had.
 */
function replayFrom(header: string | null, lastEventId: string | null, since: string | null): ReplayFrom | null {
  const page = parseLiveCursor(since);
  const last = parseLiveCursor(header)?.id ?? parseLiveCursor(lastEventId)?.id;
  if (last !== undefined) return { afterId: before(last, REPLAY_OVERLAP), seenBy: page?.snapshot ?? null };
  if (!page) return null;
  return { afterId: before(page.id, page.snapshot ? SNAPSHOT_WINDOW : REPLAY_OVERLAP), seenBy: page.snapshot };
}

const before = (id: bigint, by: bigint) => (id > by ? id - by : 0n);

async function missedEvents(scope: LiveScope, from: ReplayFrom): Promise<{ notices: AuditLiveNotice[]; truncated: boolean }> {
  const inScope =
    "releaseId" in scope ? Prisma.sql`AND "releaseId" = ${scope.releaseId}` : "projectId" in scope ? Prisma.sql`AND "projectId" = ${scope.projectId}` : Prisma.empty;
  const seen = from.seenBy ? Prisma.sql`pg_visible_in_snapshot(txid, ${from.seenBy}::pg_snapshot)` : Prisma.sql`false`;
  // The limit bounds the rows read, before the snapshot leaves some out: a cursor whose snapshot saw everything
  // (a forged one) costs a bounded scan and a resync, not a pass over the whole table.
  const scanLimit = Number(SNAPSHOT_WINDOW) + REPLAY_LIMIT + 1;
  const scanned = await db.$queryRaw<{ id: bigint; type: string; releaseId: string | null; projectId: string | null; payload: unknown; seen: boolean }[]>`
    SELECT id, type, "releaseId", "projectId", CASE WHEN seen THEN NULL ELSE payload END AS payload, seen FROM (
      SELECT id, type, "releaseId", "projectId", payload, ${seen} AS seen FROM "AuditEvent"
      WHERE id > ${from.afterId} ${inScope}
      ORDER BY id LIMIT ${scanLimit}
    ) AS recent ORDER BY id`;
  const rows = scanned.filter((row) => !row.seen);
  const truncated = scanned.length >= scanLimit || rows.length > REPLAY_LIMIT;
  const field = (payload: unknown, key: string) => {
    const value = payload && typeof payload === "object" ? (payload as Record<string, unknown>)[key] : undefined;
    return typeof value === "string" ? value : null;
  };
  return {
    truncated,
    notices: rows.slice(0, REPLAY_LIMIT).map((row) => ({
      kind: "audit",
      id: row.id.toString(),
      type: row.type,
      releaseId: row.releaseId,
      projectId: row.projectId,
      runId: field(row.payload, "runId"),
      stepId: field(row.payload, "stepId"),
      itemId: field(row.payload, "itemId"),
    })),
  };
}

// A release's stream carries each event's details (the timeline entry, the item it names), read once per process
// for every stream of the release: remembered by event id for the last few hundred events.
const DETAIL_CACHE_SIZE = 500;
const detailCache = new Map<string, Promise<AuditNoticeDetail | undefined>>();

/** `notices` with their details; one without (not found, or the read failed) is sent as it is. */
async function withDetails(notices: LiveNotice[]): Promise<LiveNotice[]> {
  const audits = notices.filter((n): n is AuditLiveNotice => n.kind === "audit");
  const pending = new Map(audits.flatMap((n) => (detailCache.has(n.id) ? [[n.id, detailCache.get(n.id)!] as const] : [])));
  const missing = audits.filter((n) => !pending.has(n.id));
  if (missing.length > 0) {
    const loading = getAuditNoticeDetails(missing);
    for (const notice of missing) {
      const detail = loading.then((details) => details.get(notice.id));
      pending.set(notice.id, detail);
      detailCache.set(notice.id, detail);
      if (detailCache.size > DETAIL_CACHE_SIZE) detailCache.delete(detailCache.keys().next().value!);
    }
    // A failed read is not remembered: the next stream tries again.
    loading.catch((error: unknown) => {
      log.error({ error: errorSummary(error) }, "live: reading event details failed");
      for (const notice of missing) detailCache.delete(notice.id);
    });
  }
  return Promise.all(
    notices.map(async (notice) => {
      if (notice.kind !== "audit") return notice;
      const detail = await pending.get(notice.id)!.catch(() => undefined);
      return detail ? { ...notice, detail } : notice;
    }),
  );
}

export type OpenStreamResult = { ok: true; response: Response } | { ok: false; status: number; message: string };

export interface StreamOptions {
  /** Open streams one user may hold in this process (PREFLIGHT_SSE_MAX_PER_USER). */
  maxPerUser: number;
  /**
   * Whether the user who opened the stream may still read it (not disabled, demoted, signed out everywhere
   * or past the session's end). Asked every `recheckMs` and on every `user.*` event; on "no" the stream ends.
   */
  stillAllowed?: () => Promise<boolean>;
  recheckMs?: number;
}

export async function openLiveStream(request: Request, userId: string, scope: LiveScope, options: StreamOptions): Promise<OpenStreamResult> {
  const open = openByUser.get(userId) ?? 0;
  if (open >= options.maxPerUser) return { ok: false, status: 429, message: `Too many live connections (${open}); close some tabs.` };
  // Counted now, before the first await: counted only once the stream starts, concurrent requests would all
  // pass the check above. Given back exactly once, however the stream ends (or fails to start).
  openByUser.set(userId, open + 1);
  metrics.sseConnections.inc();
  let counted = true;
  const uncount = () => {
    if (!counted) return;
    counted = false;
    metrics.sseConnections.dec();
    const left = (openByUser.get(userId) ?? 1) - 1;
    if (left > 0) openByUser.set(userId, left);
    else openByUser.delete(userId);
  };
  try {
    await eventBus.ensureListening();
  } catch (error) {
    uncount();
    throw error;
  }

  const url = new URL(request.url);
  const from = replayFrom(request.headers.get("last-event-id"), url.searchParams.get("lastEventId"), url.searchParams.get("since"));
  const encoder = new TextEncoder();
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start: async (controller) => {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      // Sent in order, each after its details (on a release's stream) are read.
      const withDetail = "releaseId" in scope;
      let queue = Promise.resolve();
      const deliver = (notices: LiveNotice[]) => {
        queue = queue.then(async () => {
          for (const notice of withDetail ? await withDetails(notices) : notices) send(format(notice));
        });
      };
      // Subscribe before replaying, buffer, then drop what the replay already sent: nothing is lost. Ids are
      // remembered, not compared: a lower id can commit after a higher one was sent.
      let buffered: LiveNotice[] | null = [];
      const sent = new RecentIds();
      let checking = false;
      const recheck = () => {
        if (!options.stillAllowed || checking || closed) return;
        checking = true;
        options
          .stillAllowed()
          .then((allowed) => {
            if (!allowed) cleanup();
          })
          // A failed check ends the stream too: the browser reconnects and is authenticated afresh.
          .catch(() => cleanup())
          .finally(() => {
            checking = false;
          });
      };
      const onNotice = (notice: LiveNotice) => {
        // A user was disabled, demoted or had their password changed: maybe this stream's own user.
        if (notice.kind === "audit" && notice.type.startsWith("user.")) recheck();
        if (!matches(scope, notice)) return;
        if (buffered) buffered.push(notice);
        else if (notice.kind === "log" || sent.add(notice.id)) deliver([notice]);
      };
      const heartbeat = setInterval(() => send(`: ping ${Date.now()}\n\n`), HEARTBEAT_MS);
      const recheckTimer = options.stillAllowed ? setInterval(recheck, options.recheckMs ?? RECHECK_MS) : undefined;
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        clearInterval(recheckTimer);
        eventBus.off("notice", onNotice);
        eventBus.off("reconnecting", cleanup);
        uncount();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      request.signal.addEventListener("abort", cleanup, { once: true });
      eventBus.on("notice", onNotice);
      // The LISTEN connection dropped: whatever is announced until it is back never reaches this stream.
      // Ending it makes the browser reconnect with its Last-Event-ID, and the replay below brings the gap.
      eventBus.on("reconnecting", cleanup);
      // A browser that left while the stream was being set up: "abort" has fired already and will not again.
      if (request.signal.aborted) return cleanup();

      send(`retry: 2000\n: connected\n\n`);
      if (from !== null) {
        let missed: Awaited<ReturnType<typeof missedEvents>>;
        try {
          missed = await missedEvents(scope, from);
        } catch (error) {
          // Not left half-open (listener and count held): the browser reconnects and the replay is tried again.
          log.error({ error: errorSummary(error) }, "live replay failed");
          return cleanup();
        }
        const { notices, truncated } = missed;
        // Too much missed: tell the page to reload its data instead of replaying it all.
        if (truncated) send(`event: resync\ndata: {}\n\n`);
        else deliver(notices.filter((notice) => sent.add(notice.id)));
      }
      const pending = buffered;
      buffered = null;
      for (const notice of pending) onNotice(notice);
    },
    cancel: () => cleanup(),
  });

  return {
    ok: true,
    response: new Response(stream, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        // nginx and similar proxies must not buffer the stream.
        "X-Accel-Buffering": "no",
      },
    }),
  };
}
