"use client";

import { useCallback, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { AlertIcon, ExternalIcon, RocketIcon } from "@/components/ui/icons";
import { GuardedButton } from "@/components/ui/guarded-button";
import { can } from "@/lib/auth/permissions";
import { startDeployAction } from "@/lib/deploys/actions";
import { isRunActive } from "@/lib/deploys/rules";
import type { DeployUser, ProjectLock, RunDetail, RunSummary, WorkerStatus } from "@/lib/deploys/types";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import { releaseStatusLabels } from "@/lib/releases/rules";
import { callAction, failureText, newRequestKey } from "./call-action";
import { LockNotice, RolledBackClose, MonitoringCountdown, WorkerStatusNotice } from "./deploy-status";
import { useRun, useWorkerStatus } from "./hooks";
import { canRollBack, RollbackButton } from "./rollback-button";
import { RunList } from "./run-list";
import { RunView } from "./run-view";

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
  /** The release's runs, newest first (getReleaseDeploys / getDeployPanelData). */
  runs: RunSummary[];
  /** The newest run in full, so that it shows without a loading state (getDeployPanelData). */
  latestRun?: RunDetail | null;
  /** The project's deploy lock (getProjectLock). */
  lock: ProjectLock | null;
  /** Whether a worker is reporting (getWorkerStatus); rechecked every 10 s. */
  worker: WorkerStatus;
  /** Why the release cannot be deployed although its status would allow it (e.g. readiness blockers). */
  startBlockedReason?: string | null;
  /** Show the lock here (default); off where the page shows the lock itself. */
  showLock?: boolean;
  /**
   * Called when a deploy action changed the release (status, lock, flags…), so the page refetches what it
   * shows around the panel. Default: router.refresh().
   */
  onReleaseChanged?: () => void;
  /** Heading level of the panel's title (default h2). */
  headingLevel?: "h2" | "h3";
}

const PREPARING_STATUSES: readonly ReleaseStatus[] = ["DRAFT", "PREPARING", "READY", "FAILED"];

function startDisabledReason(props: DeployPanelProps): string | null {
  const { release, user, lock, startBlockedReason } = props;
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
  const { release, user, runs, latestRun, lock, worker, showLock = true, headingLevel: Heading = "h2" } = props;
  const router = useRouter();
  const { onReleaseChanged } = props;
  const changed = useCallback(() => (onReleaseChanged ? onReleaseChanged() : router.refresh()), [onReleaseChanged, router]);

  // One key per rendered button: a double click (or a retried request) starts one run.
  const [requestKey, setRequestKey] = useState(newRequestKey);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);

  // A run started from here shows at once; when the page's list of runs changes, it takes over again.
  const [startedRunId, setStartedRunId] = useState<string | null>(null);
  const [newestKnown, setNewestKnown] = useState(runs[0]?.id);
  if (runs[0]?.id !== newestKnown) {
    setNewestKnown(runs[0]?.id);
    setStartedRunId(null);
  }
  const currentRunId = startedRunId ?? runs[0]?.id ?? null;
  const { data: currentRun } = useRun(currentRunId, latestRun);

  const { data: workerNow } = useWorkerStatus(worker);
  const disabledReason = startDisabledReason(props);
  const retry = release.status === "FAILED";

  async function startDeploy() {
    if (starting) return;
    setStarting(true);
    setStartError(null);
    const result = await callAction(startDeployAction, { releaseId: release.id, requestKey });
    setStarting(false);
    if (!result.ok) {
      setStartError(failureText(result));
      return;
    }
    setRequestKey(newRequestKey());
    setStartedRunId(result.data.runId);
    changed();
  }

  function rollbackStarted(runId: string) {
    setStartedRunId(runId);
    changed();
  }

  // The failed run offers its own "Start rollback" beside Retry and Skip.
  const runOffersRollback = currentRun?.kind === "DEPLOY" && (currentRun.status === "FAILED" || currentRun.status === "NEEDS_DECISION");
  const showStart = PREPARING_STATUSES.includes(release.status);
  const showRollback = canRollBack(release.status) && !runOffersRollback;
  const earlierRuns = runs.filter((run) => run.id !== currentRunId);
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
        {showLock && lock ? <LockNotice lock={lock} user={user} onChanged={changed} /> : null}

        {showStart || showRollback ? (
          <div className="flex flex-wrap items-center gap-2">
            {showStart ? (
              <GuardedButton
                onClick={() => void startDeploy()}
                pending={starting}
                disabledReason={disabledReason}
                // Beside a failed run's own Retry step, running everything again is the lesser option.
                variant={retry && runOffersRollback ? "secondary" : "primary"}
              >
                <RocketIcon />
                {starting ? "Starting…" : retry ? "Retry deploy" : "Start deploy"}
              </GuardedButton>
            ) : null}
            {showRollback ? (
              <RollbackButton
                release={release}
                user={user}
                onStarted={rollbackStarted}
                // While a deploy is running normally, the emergency exit stays available but quiet.
                variant={release.status === "FAILED" || release.status === "DEPLOYING" ? "secondary" : "danger"}
              />
            ) : null}
          </div>
        ) : null}
        {showStart && disabledReason ? <p className="-mt-2 text-sm text-muted">{disabledReason}.</p> : null}
        {retry && !disabledReason ? <p className="-mt-2 text-sm text-muted">The last deploy failed. Retry deploy runs the whole pipeline again from the first step.</p> : null}
        {startError ? (
          <p role="alert" className="flex gap-2 rounded-md border border-danger/25 bg-danger-soft px-3 py-2 text-sm text-danger-text">
            <AlertIcon />
            <span className="min-w-0 [overflow-wrap:anywhere]">{startError}</span>
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
            onSaved={changed}
          />
        ) : null}

        {currentRunId ? (
          <div className="border-t border-border pt-4">
            <RunView
              key={currentRunId}
              runId={currentRunId}
              initialRun={latestRun}
              user={user}
              onChanged={changed}
              onRollbackStarted={rollbackStarted}
              headingLevel={SubHeading}
              headerExtra={
                <Link
                  href={`/releases/${release.id}/deploys/${currentRunId}`}
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
