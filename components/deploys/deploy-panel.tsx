"use client";

import { useState } from "react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { failureText, useAction } from "@/components/actions/use-action";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { AlertIcon, ExternalIcon, RocketIcon } from "@/components/ui/icons";
import { GuardedButton } from "@/components/ui/guarded-button";
import { can } from "@/lib/auth/permissions";
import { startDeployAction } from "@/lib/deploys/actions";
import { isRunActive } from "@/lib/deploys/rules";
import { releaseDeploysQuery, runChangeKeys, workerStatusQuery } from "@/lib/deploys/queries-client";
import type { DeployUser, ProjectLock } from "@/lib/deploys/types";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import { releaseStatusLabels, type BreakGlassVerdict } from "@/lib/releases/rules";
import { BreakGlassButton } from "./break-glass-button";
import { LockNotice, RolledBackClose, MonitoringCountdown, WorkerStatusNotice } from "./deploy-status";
import { newRequestKey } from "./request-key";
import { canRollBack, RollbackButton } from "./rollback-button";
import { RunList } from "./run-list";

// A release that has never been deployed (most of its life) loads no code for showing a run.
const RunView = dynamic(() => import("./run-view").then((m) => m.RunView));

export interface DeployPanelRelease {
  id: string;
  status: ReleaseStatus;
  projectId: string;
  version: string;
  monitoringAt: string | Date | null;
  monitoringWindowHours: number;
  /** Why a rolled-back release cannot be closed yet (lib/releases/outcome.ts), or null when it can. */
  closeRefusal: string | null;
  /** When a rolled-back release was closed (its incident note written); optional where not shown. */
  closedAt?: string | Date | null;
}

export interface DeployPanelProps {
  release: DeployPanelRelease;
  /** The signed-in user: what they may do is asked with `can` (the server decides again). */
  user: DeployUser;
  /** Why the release cannot be deployed although its status would allow it (e.g. readiness blockers). */
  startBlockedReason?: string | null;
  /** Show the lock here (default); off where the page shows the lock itself. */
  showLock?: boolean;
  /** Heading level of the panel's title (default h2). */
  headingLevel?: "h2" | "h3";
  /** Whether a break-glass deploy could start (checkBreakGlassDeploy); omit where it is not offered. */
  breakGlass?: { verdict: BreakGlassVerdict; dueHours?: number };
}

const PREPARING_STATUSES: readonly ReleaseStatus[] = ["DRAFT", "PREPARING", "READY", "FAILED"];

function startDisabledReason({ release, user, startBlockedReason }: DeployPanelProps, lock: ProjectLock | null): string | null {
  const permission = can(user, "deploy.start");
  if (!permission.allowed) return permission.reason;
  if (release.status !== "READY" && release.status !== "FAILED") {
    return release.status === "DRAFT" || release.status === "PREPARING"
      ? `Only a ready release can be deployed: finish the pre-release checklist and sign-offs first (this one is ${releaseStatusLabels[release.status].toLowerCase()})`
      : `A ${releaseStatusLabels[release.status].toLowerCase()} release cannot be deployed`;
  }
  if (startBlockedReason) return startBlockedReason;
  if (lock && lock.run.release.id !== release.id) {
    return `${lock.holder.name} holds this project's deploy lock for ${lock.run.release.version}: wait for that ${lock.run.kind === "ROLLBACK" ? "rollback" : "deploy"} to end`;
  }
  if (lock && isRunActive(lock.run.status)) return "A deploy of this release is still going: let it end or cancel it first";
  return null;
}

/**
 * Everything about deploying one release: start (or retry) the deploy, the project's lock, the latest run
 * with its steps and live log and what can be done about it, monitoring, emergency rollback, and the
 * incident note after a rollback.
 */
export function DeployPanel(props: DeployPanelProps) {
  const { release, user, showLock = true, headingLevel: Heading = "h2", breakGlass } = props;
  // The release's runs (the newest in full) and the project's lock, kept current by the release's live events.
  const { data: deploys } = useSuspenseQuery(releaseDeploysQuery(release.id));
  const { runs, latestRun: currentRun, lock } = deploys;
  const { data: workerNow } = useQuery({ ...workerStatusQuery(), initialData: deploys.worker });

  // One key per rendered button: a double click (or a retried request) starts one run.
  const [requestKey, setRequestKey] = useState(newRequestKey);
  // The new run shows when its live event (or, without live updates, the refetch) brings it.
  const start = useAction(startDeployAction, { refreshes: () => runChangeKeys({ releaseId: release.id, projectId: release.projectId }) });

  const disabledReason = startDisabledReason(props, lock);
  const retry = release.status === "FAILED";

  async function startDeploy() {
    if (start.pending) return;
    const outcome = await start.run({ releaseId: release.id, requestKey });
    if (outcome.ok) setRequestKey(newRequestKey());
  }

  // The failed run offers its own "Start rollback" beside Retry and Skip.
  const runOffersRollback = currentRun?.kind === "DEPLOY" && (currentRun.status === "FAILED" || currentRun.status === "NEEDS_DECISION");
  const showStart = PREPARING_STATUSES.includes(release.status);
  const showRollback = canRollBack(release.status) && !runOffersRollback;
  const earlierRuns = runs.filter((run) => run.id !== currentRun?.id);
  const SubHeading = Heading === "h2" ? "h3" : "h4";

  return (
    <Card role="region" aria-labelledby={`deploy-panel-${release.id}`}>
      <CardHeader>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle as={Heading} id={`deploy-panel-${release.id}`}>
            Deploy
          </CardTitle>
          {workerNow.status === "ok" ? <WorkerStatusNotice status={workerNow} /> : null}
        </div>
        <CardDescription>The deploy pipeline runs on Preflight&apos;s worker; every step and decision is recorded.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {workerNow.status !== "ok" ? <WorkerStatusNotice status={workerNow} /> : null}
        {showLock && lock ? <LockNotice lock={lock} user={user} /> : null}

        {showStart || showRollback ? (
          <div className="flex flex-wrap items-center gap-2">
            {showStart ? (
              <GuardedButton
                onClick={() => void startDeploy()}
                pending={start.pending}
                disabledReason={disabledReason}
                // Beside a failed run's own Retry step, running everything again is the lesser option.
                variant={retry && runOffersRollback ? "secondary" : "primary"}
              >
                <RocketIcon />
                {start.pending ? "Starting…" : retry ? "Retry deploy" : "Start deploy"}
              </GuardedButton>
            ) : null}
            {/* Offered only where it would start: the ordinary deploy's reason says what else is missing. */}
            {showStart && breakGlass?.verdict.allowed ? (
              <BreakGlassButton
                release={{ id: release.id, projectId: release.projectId, version: release.version }}
                user={user}
                verdict={breakGlass.verdict}
                dueHours={breakGlass.dueHours}
              />
            ) : null}
            {showRollback ? (
              <RollbackButton
                release={release}
                user={user}
                // While a deploy is running normally, the emergency exit stays available but quiet.
                variant={release.status === "FAILED" || release.status === "DEPLOYING" ? "secondary" : "danger"}
              />
            ) : null}
          </div>
        ) : null}
        {showStart && disabledReason ? <p className="-mt-2 text-sm text-muted">{disabledReason}.</p> : null}
        {retry && !disabledReason ? <p className="-mt-2 text-sm text-muted">The last deploy failed. Retry deploy runs the whole pipeline again from the first step.</p> : null}
        {start.failure ? (
          <p role="alert" className="flex gap-2 rounded-md border border-danger/25 bg-danger-soft px-3 py-2 text-sm text-danger-text">
            <AlertIcon />
            <span className="min-w-0 [overflow-wrap:anywhere]">{failureText(start.failure)}</span>
          </p>
        ) : null}

        {release.status === "MONITORING" && release.monitoringAt ? (
          <MonitoringCountdown monitoringAt={release.monitoringAt} monitoringWindowHours={release.monitoringWindowHours} />
        ) : null}

        {release.status === "ROLLING_BACK" || release.status === "ROLLED_BACK" ? (
          <RolledBackClose
            key={release.id}
            releaseId={release.id}
            closeRefusal={release.closeRefusal}
            canClose={release.status === "ROLLED_BACK"}
            closedAt={release.closedAt ?? null}
            user={user}
          />
        ) : null}

        {currentRun ? (
          <div className="border-t border-border pt-4">
            <RunView
              key={currentRun.id}
              run={currentRun}
              user={user}
              headingLevel={SubHeading}
              headerExtra={
                // Not prefetched: the run changes every second, so a prefetched page would be stale on arrival, and
                // the link re-renders with each live event (bench:web saw the prefetch aborted and sent again).
                <Link
                  href={`/releases/${release.id}/deploys/${currentRun.id}`}
                  prefetch={false}
                  className="inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-sm font-medium text-link underline-offset-2 hover:underline"
                >
                  <ExternalIcon />
                  Open full log
                </Link>
              }
            />
          </div>
        ) : (
          <p className="text-sm text-muted">No deploys of {release.version} yet.</p>
        )}

        {earlierRuns.length > 0 ? (
          <div className="flex flex-col gap-2 border-t border-border pt-4">
            <SubHeading className="text-sm font-semibold">Earlier runs</SubHeading>
            <RunList runs={earlierRuns} caption={`Earlier deploy runs of ${release.version}`} showRelease={false} />
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
