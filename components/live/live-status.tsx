import type { LiveStatus } from "@/components/live/use-live-events";
import { cn } from "@/lib/utils";

const labels: Record<LiveStatus, string> = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…" };

/** A small dot and word saying whether live updates are flowing (the status `useLiveEvents` returns). */
export function LiveStatusIndicator({ status, className }: { status: LiveStatus; className?: string }) {
  return (
    <span
      role="status"
      title={status === "live" ? "Changes appear here without reloading" : "Live updates are paused; they catch up when the connection is back"}
      className={cn("inline-flex items-center gap-1.5 text-xs font-medium whitespace-nowrap text-muted", className)}
    >
      <span
        aria-hidden="true"
        className={cn(
          "size-2 rounded-full",
          status === "live" && "bg-success",
          status === "connecting" && "bg-border-strong",
          status === "reconnecting" && "animate-pulse bg-warning motion-reduce:animate-none",
        )}
      />
      {labels[status]}
    </span>
  );
}
