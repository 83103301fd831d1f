"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { LiveStatusIndicator } from "@/components/live/live-status";
import { useLiveEvents } from "@/components/live/use-live-events";
import { ReleaseStatusBadge } from "@/components/releases/release-status-badge";
import { Card, CardContent } from "@/components/ui/card";
import { runKindLabels } from "@/lib/deploys/format";
import { runQuery } from "@/lib/deploys/queries-client";
import type { DeployUser } from "@/lib/deploys/types";
import { RunView } from "./run-view";

export interface RunPageViewProps {
  runId: string;
  user: DeployUser;
  /** The audit log position the server read the run at (see useLiveEvents). */
  since: string;
}

/**
 * The full-page run view: the run (from the query cache, kept current by its release's live events) with a
 * tall log; a rollback started from it opens its own page.
 */
export function RunPageView({ runId, user, since }: RunPageViewProps) {
  const router = useRouter();
  const { data: run } = useSuspenseQuery(runQuery(runId));
  const status = useLiveEvents({ releaseId: run.releaseId }, undefined, { since });
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
        <nav aria-label="Breadcrumb" className="text-sm">
          <ol className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-muted">
            <li>
              <Link href={`/projects/${run.project.slug}`} className="rounded-sm text-link underline-offset-2 hover:underline">
                {run.project.name}
              </Link>
            </li>
            <li aria-hidden="true">/</li>
            <li>
              <Link href={`/releases/${run.release.id}`} className="rounded-sm font-mono text-link underline-offset-2 hover:underline">
                {run.release.version}
              </Link>
            </li>
            <li aria-hidden="true">/</li>
            <li aria-current="page">{runKindLabels[run.kind]} run</li>
          </ol>
        </nav>
        <LiveStatusIndicator status={status} />
      </div>
      <header className="flex flex-col gap-1">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">
            {runKindLabels[run.kind]} of {run.release.version}
          </h1>
          <ReleaseStatusBadge status={run.release.status} />
        </div>
        <p className="text-sm text-muted [overflow-wrap:anywhere]">{run.release.title}</p>
      </header>
      <Card>
        <CardContent className="pt-5">
          <RunView
            run={run}
            user={user}
            variant="page"
            headingLevel="h2"
            title="Steps and log"
            onRollbackStarted={(rollbackRunId) => router.push(`/releases/${run.releaseId}/deploys/${rollbackRunId}`)}
          />
        </CardContent>
      </Card>
    </div>
  );
}
