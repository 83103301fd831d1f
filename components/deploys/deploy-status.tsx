"use client";

// The small pieces around a deploy: is a worker there, who holds the project's deploy lock, how long
// monitoring has left, and closing a rolled-back release once its incident note is written.
import { useQueryClient } from "@tanstack/react-query";
import { failureText, useAction } from "@/components/actions/use-action";
import { refresh } from "@/components/live/use-live-events";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { AlertIcon, ClockIcon, LockIcon } from "@/components/ui/icons";
import { GuardedButton } from "@/components/ui/guarded-button";
import { can } from "@/lib/auth/permissions";
import { closeRolledBackReleaseAction, takeOverLockAction } from "@/lib/deploys/actions";
import { deployKeys } from "@/lib/deploys/queries-client";
import { formatClock, formatElapsed, formatRemaining, runKindLabels } from "@/lib/deploys/format";
import { DEPLOY_LIMITS } from "@/lib/deploys/limits";
import type { DeployUser, ProjectLock, WorkerStatus } from "@/lib/deploys/types";
import { formatDateTime } from "@/lib/format";
import { releaseKeys } from "@/lib/releases/queries-client";
import { monitoringEndsAt } from "@/lib/releases/rules";
import { ReasonDialog } from "./reason-dialog";
import { useNow } from "./use-now";

/** "Worker online", or a warning that deploys will wait because no worker is reporting. */
export function WorkerStatusNotice({ status }: { status: WorkerStatus }) {
  const now = useNow();
  if (status.status === "ok") {
    return (
      <Badge tone="success" dot>
        Worker online
      </Badge>
    );
  }
  const silentFor = status.lastSeenAt && now !== null ? formatElapsed(now - Date.parse(status.lastSeenAt)) : null;
  return (
    <p role="status" className="flex items-start gap-2 rounded-md border border-warning/30 bg-warning-soft px-3 py-2 text-sm text-warning-text">
      <AlertIcon />
      <span>
        {status.status === "none"
          ? "No worker has reported yet: deploys will wait until one starts (npm start runs one beside the web app)."
          : `No worker has reported for ${silentFor ?? "a while"}: deploys will wait.`}
      </span>
    </p>
  );
}

export interface LockNoticeProps {
  lock: ProjectLock;
  user: DeployUser;
}

/** "Locked by Rae Manager since 09:14 UTC for 0.5.0", with "Take over" for admins. */
export function LockNotice({ lock, user }: LockNoticeProps) {
  const queryClient = useQueryClient();
  const now = useNow();
  // The takeover's event names the project, not a release: a release page's stream does not bring it.
  const takeOver = useAction(takeOverLockAction, {
    onSuccess: () => {
      refresh(queryClient, deployKeys.releases);
      refresh(queryClient, deployKeys.project(lock.projectId));
    },
  });
  const manage = can(user, "project.manage");
  return (
    <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 rounded-md border border-border bg-surface-muted px-3 py-2 text-sm">
      <p className="flex min-w-0 items-start gap-2">
        <LockIcon className="mt-0.5 text-muted" />
        <span>
          Locked by <strong className="font-semibold">{lock.holder.name}</strong> since{" "}
          <time dateTime={lock.since} title={formatDateTime(new Date(lock.since))}>
            {formatClock(lock.since, now)}
          </time>{" "}
          for {lock.run.kind === "ROLLBACK" ? `the ${runKindLabels.ROLLBACK.toLowerCase()} of ` : ""}
          <span className="font-mono font-medium">{lock.run.release.version}</span>
          {lock.takeoverReason ? <span className="text-muted"> (taken over: {lock.takeoverReason})</span> : null}
        </span>
      </p>
      {manage.allowed ? (
        <ReasonDialog
          trigger={
            <Button variant="secondary" size="sm">
              Take over
            </Button>
          }
          title="Take over the deploy lock?"
          tone="danger"
          confirmLabel="Take over"
          description={`${lock.holder.name} holds this project's deploy lock for ${lock.run.release.version}. Taking it over makes you its holder; the run itself is not stopped. Do this when the holder is unavailable.`}
          field={{ label: "Reason", required: true, placeholder: "e.g. Rae is off sick; I am finishing the deploy", missingMessage: "Say why you take the lock over.", maxLength: DEPLOY_LIMITS.reasonChars }}
          onConfirm={async (reason) => {
            const outcome = await takeOver.run({ projectId: lock.projectId, reason });
            return outcome.ok ? null : failureText(outcome);
          }}
        />
      ) : null}
    </div>
  );
}

/** "Monitoring: 23 h 12 min left" until monitoringEndsAt, then that the window is over. */
export function MonitoringCountdown({ monitoringAt, monitoringWindowHours }: { monitoringAt: string | Date; monitoringWindowHours: number }) {
  const now = useNow();
  const endsAt = monitoringEndsAt({ monitoringAt: new Date(monitoringAt), monitoringWindowHours })!;
  const left = now === null ? null : endsAt.getTime() - now;
  return (
    <div className="flex items-start gap-2 rounded-md border border-info/25 bg-info-soft px-3 py-2 text-sm text-info-text">
      <ClockIcon className="mt-0.5" />
      <p>
        <span className="font-semibold">Monitoring:</span>{" "}
        {left === null ? (
          `${monitoringWindowHours} h window`
        ) : left > 0 ? (
          <span className="tabular-nums">{formatRemaining(left)}</span>
        ) : (
          "the window is over; the release can be closed"
        )}
        <span className="text-info-text/80"> (ends {formatDateTime(endsAt)})</span>
      </p>
    </div>
  );
}

export interface RolledBackCloseProps {
  releaseId: string;
  /** Why it cannot be closed yet (closeRolledBackRefusal), or null when it can. */
  closeRefusal: string | null;
  /** The release is rolled back (not still rolling back): only then can it be closed. */
  canClose?: boolean;
  closedAt?: string | Date | null;
  user: DeployUser;
}

/**
 * Closing a rolled-back release. The incident note itself is the note on the rollback section's incident item
 * (one place): this only says what is missing and closes the release, which locks the note and the checklist.
 */
export function RolledBackClose({ releaseId, closeRefusal, canClose = false, closedAt = null, user }: RolledBackCloseProps) {
  const close = useAction(closeRolledBackReleaseAction, { refreshes: () => [releaseKeys.detail(releaseId)] });
  const closed = closedAt ? new Date(closedAt) : close.data ? new Date(close.data.closedAt) : null;
  const permission = can(user, "release.edit");

  return (
    <div className="flex flex-col gap-2" data-testid="rolled-back-close">
      {closed ? null : !canClose ? (
        <p className="text-sm text-muted">When the rollback ends, write the incident note in the emergency rollback items; closing the release then locks it.</p>
      ) : closeRefusal ? (
        <p className="flex items-start gap-2 text-sm text-warning-text">
          <AlertIcon />
          {closeRefusal}
        </p>
      ) : (
        <p className="text-sm text-muted">The incident note is written in the emergency rollback items. Closing the release locks it.</p>
      )}
      {close.failure ? <p className="text-sm text-danger-text">{failureText(close.failure)}</p> : null}
      <div className="flex flex-wrap items-center gap-3">
        {canClose && !closed ? (
          <GuardedButton
            size="sm"
            variant="secondary"
            pending={close.pending}
            onClick={() => void close.run({ releaseId })}
            disabledReason={!permission.allowed ? permission.reason : closeRefusal}
          >
            {close.pending ? "Closing…" : "Close release"}
          </GuardedButton>
        ) : null}
        {closed ? <span className="text-sm text-muted">Closed {formatDateTime(closed)}: the incident note and the checklist are locked.</span> : null}
        <span role="status" className="text-sm text-success-text">
          {close.data ? "Release closed: the incident note is locked." : ""}
        </span>
      </div>
    </div>
  );
}
