"use client";

import { Fragment, useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ArrowDownIcon } from "@/components/ui/icons";
import { formatLogTime } from "@/lib/deploys/format";
import type { LogLine, RunStepView } from "@/lib/deploys/types";
import { cn } from "@/lib/utils";
import { stepIsLive, useStepLogs } from "./hooks";

const streamClasses: Record<LogLine["stream"], string> = {
  STDOUT: "text-foreground",
  STDERR: "bg-danger-soft text-danger-text",
  SYSTEM: "text-muted",
};

/** Within this many pixels of the bottom counts as "following" the log. */
const STICK_THRESHOLD = 24;

export interface StepLogProps {
  step: RunStepView;
  /** Height of the scrolling area, e.g. "h-80" in the panel, taller on the run page. */
  heightClassName?: string;
  className?: string;
}

/**
 * A step's log, streaming while the step runs: monospace, stderr tinted, Preflight's own (SYSTEM) lines
 * muted, following new lines unless the reader scrolled up. Secrets were masked by the worker.
 * Key it by step id so that switching steps starts at the bottom again.
 */
export function StepLog({ step, heightClassName = "h-80", className }: StepLogProps) {
  const started = step.status !== "PENDING" || step.attempt > 0;
  const logs = useStepLogs(started ? step.id : null, { live: stepIsLive(step.status) });
  const lines = logs.data?.lines ?? [];
  const dropped = logs.data?.dropped ?? 0;

  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [showJump, setShowJump] = useState(false);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [lines.length]);

  function onScroll() {
    const element = scroller.current;
    if (!element) return;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_THRESHOLD;
    following.current = atBottom;
    setShowJump(!atBottom);
  }

  function jumpToLatest() {
    const element = scroller.current;
    if (!element) return;
    following.current = true;
    setShowJump(false);
    element.scrollTop = element.scrollHeight;
  }

  const severalAttempts = new Set(lines.map((line) => line.attempt)).size > 1;

  return (
    <div className={cn("relative min-w-0", className)}>
      <div
        ref={scroller}
        onScroll={onScroll}
        role="log"
        aria-label={`Log of ${step.name}`}
        // New lines are not read out one by one; the step's status change is announced instead.
        aria-live="off"
        tabIndex={0}
        className={cn(
          "overflow-auto rounded-md border border-border bg-surface-muted/60 py-2 font-mono text-xs leading-5",
          heightClassName,
        )}
      >
        {!started ? (
          <p className="px-3 text-muted">This step has not started yet.</p>
        ) : logs.isPending ? (
          <p role="status" className="px-3 text-muted">
            Loading the log…
          </p>
        ) : lines.length === 0 ? (
          <p className="px-3 text-muted">{step.status === "RUNNING" ? "Waiting for output…" : "This step wrote no output."}</p>
        ) : (
          <>
            {dropped > 0 ? <p className="px-3 pb-1 text-muted">… {dropped.toLocaleString("en-GB")} earlier lines not shown</p> : null}
            {lines.map((line, index) => {
              const separator = severalAttempts && (index === 0 || lines[index - 1]?.attempt !== line.attempt);
              return (
                <Fragment key={line.id}>
                  {separator ? (
                    <p className="mt-1 border-t border-border px-3 pt-1 font-sans text-[11px] font-semibold tracking-wide text-muted uppercase first:mt-0 first:border-0 first:pt-0">
                      Attempt {line.attempt}
                    </p>
                  ) : null}
                  <div className={cn("flex gap-3 px-3", streamClasses[line.stream])} data-stream={line.stream.toLowerCase()}>
                    <time dateTime={line.at} className="shrink-0 text-muted/80 tabular-nums select-none" title={`${line.at} (${line.stream.toLowerCase()})`}>
                      {formatLogTime(line.at)}
                    </time>
                    <span className={cn("min-w-0 whitespace-pre-wrap [overflow-wrap:anywhere]", line.stream === "SYSTEM" && "italic")}>
                      {line.stream === "STDERR" ? <span className="sr-only">stderr: </span> : null}
                      {line.line}
                    </span>
                  </div>
                </Fragment>
              );
            })}
          </>
        )}
      </div>
      {showJump ? (
        <Button variant="secondary" size="sm" onClick={jumpToLatest} className="absolute right-3 bottom-3 shadow-md">
          <ArrowDownIcon />
          Jump to latest
        </Button>
      ) : null}
      {logs.error ? (
        <p role="status" className="mt-1 text-xs text-warning-text">
          {logs.error.message}
        </p>
      ) : null}
    </div>
  );
}
