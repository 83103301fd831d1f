"use client";

import { LiveStatusIndicator } from "./live-status";
import { useLiveEvents, type LiveScope } from "./use-live-events";

export interface LiveSubscriptionProps {
  scope: LiveScope;
  /** The audit log position the page's data was read at (liveCursor(), read before the data). */
  since: string;
  className?: string;
}

/** Keeps a page's queries current with the live events of `scope` (see useLiveEvents) and shows whether they flow. */
export function LiveSubscription({ scope, since, className }: LiveSubscriptionProps) {
  const status = useLiveEvents(scope, undefined, { since });
  return <LiveStatusIndicator status={status} className={className} />;
}
