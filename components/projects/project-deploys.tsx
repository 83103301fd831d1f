"use client";

import Link from "next/link";
import { Suspense, type ReactNode } from "react";
import { useSuspenseQuery } from "@tanstack/react-query";
import { DeployPanel } from "@/components/deploys/deploy-panel";
import { LockNotice } from "@/components/deploys/deploy-status";
import { FlagPanel } from "@/components/deploys/flag-panel";
import { RunList } from "@/components/deploys/run-list";
import { LiveStatusIndicator } from "@/components/live/live-status";
import { useLiveEvents } from "@/components/live/use-live-events";
import { ReleaseStatusBadge } from "@/components/releases/release-status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { projectDeploysQuery } from "@/lib/deploys/queries-client";
import type { DeployUser, PipelineView } from "@/lib/deploys/types";
import { formatDateTime } from "@/lib/format";

export interface ProjectDeploysViewProps {
  project: { id: string; slug: string; name: string };
  viewer: DeployUser;
  /** Whether the viewer may edit the pipelines. */
  manage: boolean;
  /** The audit log position the server read the data at (see useLiveEvents). */
  since: string;
  /** What is left of the project's set-up, for admins (rendered by the server page), or nothing. */
  setup?: ReactNode;
}

function PipelineLine({ label, pipeline }: { label: string; pipeline: PipelineView | null }) {
  const steps = Array.isArray(pipeline?.steps) ? pipeline.steps.length : 0;
  return (
    <div className="flex items-start justify-between gap-3 py-2 first:pt-0 last:pb-0">
      <div className="flex min-w-0 flex-col">
        <span className="text-sm font-medium">{label}</span>
        <span className="text-xs text-muted">
          {pipeline
            ? `${steps} step${steps === 1 ? "" : "s"} · saved ${formatDateTime(new Date(pipeline.createdAt))}${pipeline.createdBy ? ` by ${pipeline.createdBy.name}` : ""}`
            : "None yet"}
        </span>
      </div>
      {pipeline ? <Badge tone="info">v{pipeline.version}</Badge> : <Badge tone="warning">Missing</Badge>}
    </div>
  );
}

/**
 * The project page's live part: the lock, the current release with its deploy panel, the flags, the pipelines
 * and the latest runs, from the query cache (prefetched by the server, kept current by the project's live events).
 */
export function ProjectDeploysView({ project, viewer, manage, since, setup }: ProjectDeploysViewProps) {
  const status = useLiveEvents({ projectId: project.id }, undefined, { since });
  const { data } = useSuspenseQuery(projectDeploysQuery(project.id));
  const { currentRelease: current, lock, runs, pipelines } = data;

  return (
    <>
      <div className="-mt-4 flex flex-wrap items-center justify-between gap-3">
        {lock ? <LockNotice lock={lock} user={viewer} /> : <span />}
        <LiveStatusIndicator status={status} />
      </div>

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <section aria-labelledby="current-release" className="flex min-w-0 flex-col gap-3">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <h2 id="current-release" className="text-lg font-semibold tracking-tight">
              {current ? (
                <>
                  Current release:{" "}
                  <Link href={`/releases/${current.id}`} className="font-mono text-link underline-offset-2 hover:underline">
                    {current.version}
                  </Link>
                </>
              ) : (
                "Current release"
              )}
            </h2>
            {current ? <ReleaseStatusBadge status={current.status} /> : null}
            {current ? <span className="min-w-0 truncate text-sm text-muted">{current.title}</span> : null}
          </div>
          {current ? (
            // A release that became current since the page loaded brings its panel's data with it.
            <Suspense key={current.id} fallback={<Skeleton className="h-48 w-full" />}>
              <DeployPanel release={current} user={viewer} showLock={false} headingLevel="h3" />
            </Suspense>
          ) : (
            <p className="rounded-lg border border-dashed border-border-strong px-4 py-6 text-sm text-muted">
              No release of {project.name} is on its way: the latest ones are released, rolled back or cancelled.
            </p>
          )}
        </section>

        <div className="flex min-w-0 flex-col gap-6">
          {setup}
          <FlagPanel projectId={project.id} user={viewer} />
          <Card role="region" aria-labelledby="pipelines-title">
            <CardHeader>
              <CardTitle id="pipelines-title">Pipelines</CardTitle>
              <CardDescription>What a deploy and a rollback of {project.name} run, step by step.</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              <div className="flex flex-col divide-y divide-border">
                <PipelineLine label="Deploy" pipeline={pipelines.DEPLOY} />
                <PipelineLine label="Rollback" pipeline={pipelines.ROLLBACK} />
              </div>
              <Button asChild variant="secondary" size="sm" className="self-start">
                <Link href={`/projects/${project.slug}/pipelines`}>{manage ? "Edit pipelines" : "View pipelines"}</Link>
              </Button>
            </CardContent>
          </Card>
        </div>
      </div>

      <section aria-labelledby="recent-runs" className="flex flex-col gap-3">
        <h2 id="recent-runs" className="text-lg font-semibold tracking-tight">
          Recent runs
        </h2>
        {runs.length === 0 ? (
          <p className="text-sm text-muted">No deploys of {project.name} yet.</p>
        ) : (
          <Card>
            <CardContent className="pt-3 pb-3">
              <RunList runs={runs} caption={`Recent deploy and rollback runs of ${project.name}, newest first`} />
            </CardContent>
          </Card>
        )}
      </section>
    </>
  );
}
