"use client";

// The home page's "what is deploying now" strip: every active deploy and rollback run across projects, kept
// current by live events (deploy and rollback events make deployingNowQuery stale) without a reload. Its live
// subscription is the home page's.
import Link from "next/link";
import { useSuspenseQuery } from "@tanstack/react-query";
import { LiveStatusIndicator } from "@/components/live/live-status";
import { useLiveEvents } from "@/components/live/use-live-events";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Progress } from "@/components/ui/progress";
import type { DeployingNowRun } from "@/lib/deploys/now";
import { deployingNowQuery } from "@/lib/deploys/queries-client";
import { formatDateTime } from "@/lib/format";
import type { RunStatus } from "@/lib/generated/prisma/enums";

const runStatusStyles: Partial<Record<RunStatus, { label: string; tone: BadgeTone; pulse?: boolean }>> = {
  QUEUED: { label: "Queued", tone: "neutral" },
  RUNNING: { label: "Running", tone: "info", pulse: true },
  WAITING: { label: "Waiting for approval", tone: "warning" },
  NEEDS_DECISION: { label: "Needs a decision", tone: "danger" },
  CANCELLING: { label: "Cancelling", tone: "warning", pulse: true },
};

export interface DeployingNowProps {
  /** liveCursor() read before the page's data: what changes after it is replayed on connecting. */
  since: string;
}

export function DeployingNow({ since }: DeployingNowProps) {
  const status = useLiveEvents({ all: true }, undefined, { since });
  const { data: runs } = useSuspenseQuery(deployingNowQuery());

  return (
    <section aria-labelledby="deploying-now-title" className="rounded-lg border border-border bg-surface shadow-xs">
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-2.5">
        <div className="flex min-w-0 items-baseline gap-3">
          <h2 id="deploying-now-title" className="text-sm font-semibold tracking-tight">
            Deploying now
          </h2>
          {runs.length === 0 ? <p className="text-sm text-muted">Nothing is deploying</p> : null}
        </div>
        <LiveStatusIndicator status={status} />
      </div>
      {runs.length > 0 ? (
        <ul className="divide-y divide-border border-t border-border">
          {runs.map((run) => (
            <DeployingNowRow key={run.runId} run={run} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function DeployingNowRow({ run }: { run: DeployingNowRun }) {
  const style = runStatusStyles[run.status] ?? { label: run.status.toLowerCase(), tone: "neutral" as const };
  const step = run.currentStep;
  const done = step ? step.position : run.totalSteps;
  const since = run.startedAt ?? run.createdAt;
  return (
    <li className="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center sm:gap-6">
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <Link href={`/releases/${run.release.id}`} className="rounded-sm font-medium text-link underline-offset-2 hover:underline">
            {run.project.name} <span className="font-mono">{run.release.version}</span>
          </Link>
          {run.kind === "ROLLBACK" ? <Badge tone="warning">Rollback</Badge> : null}
          <Badge tone={style.tone} dot={style.pulse ? "pulse" : true}>
            {style.label}
          </Badge>
        </div>
        <p className="truncate text-sm">
          {step ? (
            <>
              <span className="text-muted tabular-nums">
                Step {step.position + 1} of {run.totalSteps}:
              </span>{" "}
              {step.name}
            </>
          ) : (
            <span className="text-muted">Finishing…</span>
          )}
        </p>
        <p className="text-xs text-muted">
          {run.startedAt ? "Started" : "Queued"} by {run.startedBy.name} · <time dateTime={since}>{formatDateTime(new Date(since))}</time>
        </p>
      </div>
      <div className="w-full sm:w-40">
        <Progress
          label={`Steps of ${run.project.name} ${run.release.version}`}
          hideLabel
          value={done}
          max={Math.max(run.totalSteps, 1)}
          valueText={`${done} of ${run.totalSteps} steps done`}
          tone={run.status === "NEEDS_DECISION" ? "danger" : run.status === "WAITING" || run.status === "CANCELLING" ? "warning" : "primary"}
        />
        <span aria-hidden="true" className="mt-1 block text-xs text-muted tabular-nums">
          {done}/{run.totalSteps} steps done
        </span>
      </div>
    </li>
  );
}
