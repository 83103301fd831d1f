"use client";

import { LiveStatusIndicator } from "./live-status";
import { useLiveEvents, type LiveScope } from "./use-live-events";

/** Keeps a page's live data fresh (see useLiveEvents) and shows whether updates are flowing. */
export function LiveSubscription({ scope, className }: { scope: LiveScope; className?: string }) {
  const status = useLiveEvents(scope);
  return <LiveStatusIndicator status={status} className={className} />;
}
