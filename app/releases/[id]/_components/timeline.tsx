"use client";

import { safeHttpUrl } from "@/lib/markdown/inline";
import { formatDateTime } from "@/lib/format";
import { describeAuditEvent, type TimelineTone } from "@/lib/audit/events/sentences";
import { cn } from "@/lib/utils";
import type { Timeline } from "./release-data";

const dotClasses: Record<TimelineTone, string> = {
  neutral: "bg-border-strong",
  info: "bg-info",
  success: "bg-success",
  warning: "bg-warning",
  danger: "bg-danger",
};

export interface TimelineSectionProps {
  timeline: Timeline;
  people: ReadonlyMap<string, string>;
  /** Shown when the latest refresh failed (the events shown may be behind). */
  error: string | null;
}

/** Who did what to the release, oldest first. Everything people typed is rendered as text. */
export function TimelineSection({ timeline, people, error }: TimelineSectionProps) {
  return (
    <section id="timeline" aria-labelledby="timeline-heading" className="flex scroll-mt-24 flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 border-b border-border pb-3">
        <h2 id="timeline-heading" className="text-lg font-semibold tracking-tight">
          Timeline
        </h2>
        <span className="text-xs text-muted tabular-nums">
          {timeline.hasOlder ? `Latest ${timeline.events.length} events` : `${timeline.events.length} event${timeline.events.length === 1 ? "" : "s"}`}, oldest first
        </span>
      </div>
      {error ? <p className="text-sm text-danger-text">{error}</p> : null}
      {timeline.hasOlder ? <p className="text-sm text-muted">Older events are not shown.</p> : null}
      {timeline.events.length === 0 ? (
        <p className="text-sm text-muted">Nothing has happened yet.</p>
      ) : (
        <ol className="flex flex-col" data-testid="timeline">
          {timeline.events.map((event, index) => {
            const described = describeAuditEvent(event, { actor: event.actor, people });
            const last = index === timeline.events.length - 1;
            return (
              <li key={event.id} className="relative flex gap-3 pb-4 last:pb-0">
                {/* The line joining the events, and the event's dot. */}
                {last ? null : <span aria-hidden="true" className="absolute top-4 bottom-0 left-[5px] w-px bg-border" />}
                <span aria-hidden="true" className={cn("relative mt-1.5 size-[11px] shrink-0 rounded-full border-2 border-canvas", dotClasses[described.tone])} />
                <div className="flex min-w-0 flex-1 flex-col gap-1">
                  <p className="text-sm text-foreground [overflow-wrap:anywhere]">{described.sentence}</p>
                  <p className="text-xs text-muted">
                    <time dateTime={event.at.toISOString()}>{formatDateTime(event.at)}</time>
                  </p>
                  {described.details.map((detail, detailIndex) => {
                    const href = detail.url ? safeHttpUrl(detail.text) : null;
                    return (
                      <p key={detailIndex} className="rounded-md bg-surface-muted px-3 py-1.5 text-sm whitespace-pre-wrap [overflow-wrap:anywhere]">
                        <span className="font-medium text-muted">{detail.label}: </span>
                        {href ? (
                          <a href={href} rel="noreferrer" target="_blank" className="text-link underline underline-offset-2 hover:no-underline">
                            {detail.text}
                          </a>
                        ) : (
                          detail.text
                        )}
                      </p>
                    );
                  })}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
