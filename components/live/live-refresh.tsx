"use client";

// For server-rendered lists: re-renders the page (router.refresh, which keeps client state and scroll) when a
// live audit event of `scope` arrives, at most once per second however many events come in a burst.
//
//   <LiveRefresh scope={{ all: true }} types={["release.*", "item.*"]} since={await latestAuditEventId()} />
//
// (Read `since` with latestAuditEventId() from lib/audit/cursor.ts BEFORE the page's data, so that a change
// made between the render and the connection still refreshes the page.)
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useLiveEvents, type LiveAuditNotice, type LiveScope } from "@/components/live/use-live-events";

export const LIVE_REFRESH_INTERVAL_MS = 1_000;

export interface LiveRefreshProps {
  scope: LiveScope;
  /** Audit event types that refresh the page: exact ("release.created") or by prefix ("deploy.*"). All when omitted. */
  types?: readonly string[];
  /** The audit log position the page was rendered at (see useLiveEvents). */
  since?: string;
}

/** Whether an audit event type is one of `types` (exact names, or prefixes written as "deploy.*"). */
export function matchesEventType(type: string, types: readonly string[] | undefined): boolean {
  if (!types) return true;
  return types.some((pattern) => (pattern.endsWith("*") ? type.startsWith(pattern.slice(0, -1)) : type === pattern));
}

export function LiveRefresh({ scope, types, since }: LiveRefreshProps) {
  const router = useRouter();
  const lastRefresh = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );

  // Throttled, trailing edge included: the last event of a burst is never left unrendered.
  const scheduleRefresh = () => {
    if (pending.current) return;
    const wait = lastRefresh.current + LIVE_REFRESH_INTERVAL_MS - Date.now();
    const refresh = () => {
      pending.current = null;
      lastRefresh.current = Date.now();
      router.refresh();
    };
    if (wait <= 0) refresh();
    else pending.current = setTimeout(refresh, wait);
  };

  useLiveEvents(
    scope,
    (notice: LiveAuditNotice) => {
      if (matchesEventType(notice.type, types)) scheduleRefresh();
    },
    { since, onResync: scheduleRefresh },
  );

  return null;
}
