"use client";

// Subscribes the page to live notices over Server-Sent Events and turns each into a TanStack Query cache
// invalidation by key, so every open browser shows a change within a moment. The server replays what a
// reconnecting client missed from the audit log (Last-Event-ID).
//
// Every hook in a tab that asks for the same scope shares ONE EventSource (the server caps a user's open
// streams, PREFLIGHT_SSE_MAX_PER_USER), which stays open for a moment after the last hook unmounts so that a
// client-side navigation between two pages with the same scope does not reconnect.
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

export interface LiveAuditNotice {
  id: string;
  type: string;
  releaseId: string | null;
  projectId: string | null;
  runId: string | null;
  stepId: string | null;
  itemId: string | null;
}

export interface LiveLogNotice {
  stepId: string;
  runId: string;
  releaseId: string;
  lastId: string;
}

export type LiveScope = { releaseId: string } | { projectId: string } | { all: true };
export type LiveStatus = "connecting" | "live" | "reconnecting";

/** The query keys a notice makes stale. Pages use these same keys for their queries. */
export function keysForAudit(notice: LiveAuditNotice): unknown[][] {
  const keys: unknown[][] = [["releases"]];
  if (/^(deploy|rollback)\./.test(notice.type) || notice.type === "release.status_changed") keys.push(["deploying-now"]);
  if (notice.releaseId) keys.push(["release", notice.releaseId], ["timeline", notice.releaseId], ["release-deploys", notice.releaseId]);
  if (notice.runId) keys.push(["run", notice.runId]);
  if (notice.projectId && (notice.type.startsWith("flag.") || notice.type.startsWith("deploy."))) {
    keys.push(["flags", notice.projectId], ["lock", notice.projectId]);
  }
  return keys;
}

export function liveEventsUrl(scope: LiveScope): string {
  if ("releaseId" in scope) return `/api/events?release=${encodeURIComponent(scope.releaseId)}`;
  if ("projectId" in scope) return `/api/events?project=${encodeURIComponent(scope.projectId)}`;
  return "/api/events";
}

export interface LiveEventsOptions {
  /**
   * The audit log position the page's server-rendered data is as of (latestAuditEventId(), read before the
   * data): the stream starts by replaying what changed since, so nothing between render and connect is lost.
   */
  since?: string;
  /** Called when live updates cannot say what changed (too much missed, or no position to replay from). */
  onResync?: () => void;
}

interface Subscriber {
  queryClient: QueryClient;
  onAudit: (notice: LiveAuditNotice) => void;
  onResync: () => void;
  onStatus: (status: LiveStatus) => void;
}

const RETRY_MIN_MS = 1_000;
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
  private recent: LiveAuditNotice[] = [];
  /** Every notice after this id is in `recent` (null: unknown, e.g. after a resync). */
  private coveredFrom: bigint | null = null;
  lingerTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly url: string,
    since: string | undefined,
  ) {
    this.lastEventId = since && /^\d+$/.test(since) ? since : null;
    this.coveredFrom = this.lastEventId === null ? null : BigInt(this.lastEventId);
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
    this.source?.close();
    this.source = null;
  }

  private setStatus(status: LiveStatus) {
    this.status = status;
    for (const subscriber of this.subscribers) subscriber.onStatus(status);
  }

  /** Invalidates `keys` in each distinct query client once (normally there is one per tab). */
  private invalidate(keys: unknown[][]) {
    const clients = new Set([...this.subscribers].map((s) => s.queryClient));
    for (const client of clients) for (const queryKey of keys) void client.invalidateQueries({ queryKey });
  }

  /** Refetches all live data: used when the stream cannot say what changed. */
  private resync() {
    this.recent = [];
    this.coveredFrom = null;
    for (const client of new Set([...this.subscribers].map((s) => s.queryClient))) void client.invalidateQueries();
    for (const subscriber of this.subscribers) subscriber.onResync();
  }

  private open() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.source?.close();
    // A new EventSource does not carry the previous one's Last-Event-ID header; the server takes it as a parameter.
    const target = this.lastEventId
      ? `${this.url}${this.url.includes("?") ? "&" : "?"}lastEventId=${encodeURIComponent(this.lastEventId)}`
      : this.url;
    const source = new EventSource(target);
    this.source = source;
    source.onopen = () => {
      this.retryDelay = RETRY_MIN_MS;
      // Back after an interruption with no position to replay from (no `since`, no event yet): refetch instead.
      if (this.interrupted && this.lastEventId === null) this.resync();
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
      const notice = JSON.parse(message.data) as LiveAuditNotice;
      this.coveredFrom ??= BigInt(notice.id) - 1n;
      this.recent.push(notice);
      if (this.recent.length > RECENT_LIMIT) this.coveredFrom = BigInt(this.recent.shift()!.id);
      this.invalidate(keysForAudit(notice));
      for (const subscriber of this.subscribers) subscriber.onAudit(notice);
    });
    source.addEventListener("log", (event) => {
      const notice = JSON.parse((event as MessageEvent<string>).data) as LiveLogNotice;
      this.invalidate([["logs", notice.stepId], ["run", notice.runId]]);
    });
    // The server could not replay everything that was missed: refetch all live data.
    source.addEventListener("resync", () => this.resync());
  }

  /**
   * A page joining this (already open) stream rendered its data as of `since`: hand it what the stream received
   * after that, which arrived before its queries existed. Further back than the recent notices reach: resync it.
   */
  catchUp(subscriber: Subscriber, since: string | undefined) {
    if (!since || !/^\d+$/.test(since) || this.lastEventId === null || BigInt(this.lastEventId) <= BigInt(since)) return;
    const after = BigInt(since);
    if (this.coveredFrom === null || after < this.coveredFrom) {
      void subscriber.queryClient.invalidateQueries();
      subscriber.onResync();
      return;
    }
    for (const notice of this.recent) {
      if (BigInt(notice.id) <= after) continue;
      for (const queryKey of keysForAudit(notice)) void subscriber.queryClient.invalidateQueries({ queryKey });
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
 * Keeps the TanStack Query keys of `scope` fresh (see keysForAudit) and calls `onAudit` for each audit notice
 * (the latest `onAudit` passed, so an inline function is fine). Returns the connection's status.
 */
export function useLiveEvents(scope: LiveScope, onAudit?: (notice: LiveAuditNotice) => void, options: LiveEventsOptions = {}): LiveStatus {
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
