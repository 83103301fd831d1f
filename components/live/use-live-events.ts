// Subscribes the page to live notices over Server-Sent Events and turns each into TanStack Query cache updates:
// what the event itself carries is written into the cache (lib/releases/queries-client.ts applyReleaseNotice),
// and the queries it makes stale (each domain's keysFor, summed in keysForNotice) are refetched, so every open
// browser shows a change within a moment. The server replays what a reconnecting client missed from the audit
// log (Last-Event-ID).
//
// Every hook in a tab that asks for the same scope shares ONE EventSource (the server caps a user's open
// streams, PREFLIGHT_SSE_MAX_PER_USER), which stays open for a moment after the last hook unmounts so that a
// client-side navigation between two pages with the same scope does not reconnect.
import { useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { keysFor as deployKeysFor, logKeysFor } from "@/lib/deploys/queries-client";
import { cursorEventId } from "@/lib/events/cursor";
import type { AuditNotice, LiveScope, LogNotice } from "@/lib/events/notice";
import { keysFor as projectKeysFor } from "@/lib/projects/queries-client";
import { applyReleaseNotice, keysFor as releaseKeysFor } from "@/lib/releases/queries-client";
import { keysFor as templateKeysFor } from "@/lib/templates/queries-client";

export type { AuditNotice, LiveScope };
export type LiveStatus = "connecting" | "live" | "reconnecting";

/** The query keys an audit notice makes stale: every domain's own `keysFor`, summed. */
export function keysForNotice(notice: AuditNotice): QueryKey[] {
  return [...releaseKeysFor(notice), ...deployKeysFor(notice), ...projectKeysFor(notice), ...templateKeysFor(notice)];
}

/** Queries to refetch once their fetch in flight ends (it may have started before the change). */
const refetchAfterFlight = new Set<string>();

/**
 * Refetches the active queries under `queryKey` (the others are only marked stale) without cancelling a fetch
 * in flight, which would throw a request away: a query already fetching is refetched once more when it ends.
 */
export function refresh(client: QueryClient, queryKey: QueryKey): void {
  for (const query of client.getQueryCache().findAll({ queryKey })) {
    if (query.state.fetchStatus !== "fetching" || refetchAfterFlight.has(query.queryHash)) continue;
    refetchAfterFlight.add(query.queryHash);
    void (query.promise ?? Promise.resolve())
      .catch(() => undefined)
      .finally(() => {
        refetchAfterFlight.delete(query.queryHash);
        void client.invalidateQueries({ queryKey: query.queryKey, exact: true }, { cancelRefetch: false });
      });
  }
  void client.invalidateQueries({ queryKey }, { cancelRefetch: false });
}

/** Whether live updates are flowing in this tab: then a change shows through its own event, no refetch needed. */
export function isLive(): boolean {
  return [...connections.values()].some((connection) => connection.status === "live");
}

export function liveEventsUrl(scope: LiveScope): string {
  if ("releaseId" in scope) return `/api/events?release=${encodeURIComponent(scope.releaseId)}`;
  if ("projectId" in scope) return `/api/events?project=${encodeURIComponent(scope.projectId)}`;
  return "/api/events";
}

export interface LiveEventsOptions {
  /**
   * The audit log position the page's server-rendered data is as of (liveCursor(), read before the
   * data): the stream starts by replaying what changed since, so nothing between render and connect is lost.
   */
  since?: string;
  /** Called when live updates cannot say what changed (too much missed, or no position to replay from). */
  onResync?: () => void;
}

interface Subscriber {
  queryClient: QueryClient;
  onAudit: (notice: AuditNotice) => void;
  onResync: () => void;
  onStatus: (status: LiveStatus) => void;
}

const RETRY_MIN_MS = 1_000;
/** How long notices are gathered before their refetches start (see invalidate). */
const BATCH_MS = 25;
const RETRY_MAX_MS = 30_000;
/** How long a stream nobody listens to any more stays open (covers navigating to a page with the same scope). */
const LINGER_MS = 5_000;
/** Recent notices kept per stream, for a page that joins an open stream with a `since` older than its position. */
const RECENT_LIMIT = 200;

/** One EventSource for one scope URL, shared by every hook of the tab that uses that scope. */
class LiveConnection {
  readonly subscribers = new Set<Subscriber>();
  status: LiveStatus = "connecting";
  private source: EventSource | null = null;
  private lastEventId: string | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = RETRY_MIN_MS;
  private interrupted = false;
  private recent: AuditNotice[] = [];
  /** The ids in `recent`: a reconnect's replay starts a little before the last id seen, so some come twice. */
  private received = new Set<string>();
  /** Every notice after this id is in `recent` (null: unknown, e.g. after a resync). */
  private coveredFrom: bigint | null = null;
  /** The cursor the first page's data was read at (lib/events/cursor.ts): its replay leaves out what that data had. */
  private readonly since: string | null;
  lingerTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly url: string,
    since: string | undefined,
  ) {
    this.since = cursorEventId(since) === null ? null : since!;
    this.coveredFrom = this.since === null ? null : BigInt(cursorEventId(this.since)!);
  }

  start() {
    window.addEventListener("offline", this.onOffline);
    window.addEventListener("online", this.onOnline);
    this.open();
  }

  stop() {
    window.removeEventListener("offline", this.onOffline);
    window.removeEventListener("online", this.onOnline);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.source?.close();
    this.source = null;
  }

  private setStatus(status: LiveStatus) {
    this.status = status;
    for (const subscriber of this.subscribers) subscriber.onStatus(status);
  }

  private pendingKeys = new Map<string, QueryKey>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  private clients(): Set<QueryClient> {
    return new Set([...this.subscribers].map((s) => s.queryClient));
  }

  /**
   * Refetches `keys` in each distinct query client (normally one per tab), a moment later: the several events
   * one change writes (an untick, the sign-off it makes stale, the status it moves) arrive together and cost
   * one refetch per query.
   */
  private invalidate(keys: QueryKey[]) {
    for (const key of keys) this.pendingKeys.set(JSON.stringify(key), key);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      const pending = [...this.pendingKeys.values()];
      this.pendingKeys.clear();
      for (const client of this.clients()) for (const key of pending) refresh(client, key);
    }, BATCH_MS);
  }

  private receive(notice: AuditNotice) {
    for (const client of this.clients()) applyReleaseNotice(client, notice);
    this.invalidate(keysForNotice(notice));
  }

  /** Refetches all live data: used when the stream cannot say what changed. */
  private resync() {
    this.recent = [];
    this.received.clear();
    this.coveredFrom = null;
    for (const client of this.clients()) void client.invalidateQueries(undefined, { cancelRefetch: false });
    for (const subscriber of this.subscribers) subscriber.onResync();
  }

  private open() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.source?.close();
    // A new EventSource does not carry the previous one's Last-Event-ID header; the server takes it as a parameter.
    const position = [
      ...(this.since ? [`since=${encodeURIComponent(this.since)}`] : []),
      ...(this.lastEventId ? [`lastEventId=${encodeURIComponent(this.lastEventId)}`] : []),
    ];
    const target = position.length > 0 ? `${this.url}${this.url.includes("?") ? "&" : "?"}${position.join("&")}` : this.url;
    const source = new EventSource(target);
    this.source = source;
    source.onopen = () => {
      this.retryDelay = RETRY_MIN_MS;
      // Back after an interruption with no position to replay from (no `since`, no event yet): refetch instead.
      if (this.interrupted && this.lastEventId === null && this.since === null) this.resync();
      this.interrupted = false;
      this.setStatus("live");
    };
    source.onerror = () => {
      if (this.source !== source) return;
      this.interrupted = true;
      this.setStatus("reconnecting");
      // After a dropped connection the browser reconnects by itself (sending Last-Event-ID). After a refused one
      // (an HTTP error: a restarting proxy, a signed-out session, the connection cap) it gives up: retry here.
      if (source.readyState === EventSource.CLOSED) this.scheduleRetry();
    };
    source.addEventListener("audit", (event) => {
      const message = event as MessageEvent<string>;
      if (message.lastEventId) this.lastEventId = message.lastEventId;
      const notice = JSON.parse(message.data) as AuditNotice;
      if (this.received.has(notice.id)) return;
      this.coveredFrom ??= BigInt(notice.id) - 1n;
      this.recent.push(notice);
      this.received.add(notice.id);
      if (this.recent.length > RECENT_LIMIT) {
        const oldest = this.recent.shift()!;
        this.received.delete(oldest.id);
        // Notices arrive in commit order, not id order: the position covered only moves forward.
        if (this.coveredFrom === null || BigInt(oldest.id) > this.coveredFrom) this.coveredFrom = BigInt(oldest.id);
      }
      this.receive(notice);
      for (const subscriber of this.subscribers) subscriber.onAudit(notice);
    });
    source.addEventListener("log", (event) => {
      this.invalidate(logKeysFor(JSON.parse((event as MessageEvent<string>).data) as LogNotice));
    });
    // The server could not replay everything that was missed: refetch all live data.
    source.addEventListener("resync", () => this.resync());
  }

  /**
   * A page joining this (already open) stream rendered its data as of `since`: hand it what the stream received
   * after that, which arrived before its queries existed. Further back than the recent notices reach: resync it.
   */
  catchUp(subscriber: Subscriber, since: string | undefined) {
    const sinceId = cursorEventId(since);
    if (sinceId === null || this.lastEventId === null || BigInt(this.lastEventId) <= BigInt(sinceId)) return;
    const after = BigInt(sinceId);
    if (this.coveredFrom === null || after < this.coveredFrom) {
      void subscriber.queryClient.invalidateQueries(undefined, { cancelRefetch: false });
      subscriber.onResync();
      return;
    }
    for (const notice of this.recent) {
      if (BigInt(notice.id) <= after) continue;
      applyReleaseNotice(subscriber.queryClient, notice);
      for (const queryKey of keysForNotice(notice)) refresh(subscriber.queryClient, queryKey);
      subscriber.onAudit(notice);
    }
  }

  private scheduleRetry() {
    if (this.retryTimer) return;
    this.source?.close();
    this.source = null;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  // A connection can look open long after the network went away (sleep, Wi-Fi change): drop it when the
  // browser says it is offline, and reconnect (with the last id, to catch up) as soon as it is back.
  private onOffline = () => {
    this.interrupted = true;
    this.setStatus("reconnecting");
    this.scheduleRetry();
  };

  private onOnline = () => {
    this.retryDelay = RETRY_MIN_MS;
    this.open();
  };
}

const connections = new Map<string, LiveConnection>();

function subscribe(url: string, since: string | undefined, subscriber: Subscriber): () => void {
  let connection = connections.get(url);
  if (!connection) {
    connection = new LiveConnection(url, since);
    connections.set(url, connection);
    connection.start();
  }
  if (connection.lingerTimer) clearTimeout(connection.lingerTimer);
  connection.lingerTimer = null;
  connection.subscribers.add(subscriber);
  subscriber.onStatus(connection.status);
  connection.catchUp(subscriber, since);
  const current = connection;
  return () => {
    current.subscribers.delete(subscriber);
    if (current.subscribers.size > 0) return;
    current.lingerTimer = setTimeout(() => {
      if (current.subscribers.size > 0) return;
      current.stop();
      connections.delete(url);
    }, LINGER_MS);
  };
}

/**
 * Keeps the TanStack Query keys of `scope` fresh (see keysForNotice) and calls `onAudit` for each audit notice
 * (the latest `onAudit` passed, so an inline function is fine). Returns the connection's status.
 */
export function useLiveEvents(scope: LiveScope, onAudit?: (notice: AuditNotice) => void, options: LiveEventsOptions = {}): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const url = liveEventsUrl(scope);
  const { since, onResync } = options;
  const callbacks = useRef({ onAudit, onResync });
  useEffect(() => {
    callbacks.current = { onAudit, onResync };
  });

  useEffect(
    () =>
      subscribe(url, since, {
        queryClient,
        onAudit: (notice) => callbacks.current.onAudit?.(notice),
        onResync: () => callbacks.current.onResync?.(),
        onStatus: setStatus,
      }),
    // `since` only matters when the stream opens; a later render's newer value must not reconnect it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [url, queryClient],
  );

  return status;
}
