"use client";

import { useId, useState, type ReactNode } from "react";
import { failureText, useAction, type ActionHandle } from "@/components/actions/use-action";
import { Button } from "@/components/ui/button";
import { GuardedButton } from "@/components/ui/guarded-button";
import { Tab, TabList, TabPanel } from "@/components/ui/tabs";
import { AlertTriangleIcon, BanIcon, HandIcon, SkipIcon, XCircleIcon } from "@/components/ui/icons";
import { can } from "@/lib/auth/permissions";
import { approveStepAction, cancelRunAction, retryStepAction, skipStepAction } from "@/lib/deploys/actions";
import { approvalPolicyOf, approvalRefusal, describeApprovalPolicy } from "@/lib/deploys/approval-rules";
import { elapsedMs, formatClock, formatDuration, runKindLabels, stepKindLabels, stepStatusLabels } from "@/lib/deploys/format";
import { DEPLOY_LIMITS } from "@/lib/deploys/limits";
import { releaseStatusLabels } from "@/lib/releases/rules";
import { runChangeKeys } from "@/lib/deploys/queries-client";
import { isRunActive, runOffers, type RunIntent } from "@/lib/deploys/rules";
import type { DeployUser, RunDetail, RunStepView } from "@/lib/deploys/types";
import { cn } from "@/lib/utils";
import { StepStatusIcon } from "./step-status-icon";
import { ReasonDialog } from "./reason-dialog";
import { RollbackButton } from "./rollback-button";
import { RunStatusBadge } from "./run-status-badge";
import { ProbeResults } from "./probe-results";
import { StepLog } from "./step-log";
import { useNow } from "./use-now";

export interface RunViewProps {
  /** The run, from the query cache (kept current by live events): the release's deploys, or the run itself. */
  run: RunDetail;
  user: DeployUser;
  /** "panel": compact, inside the deploy panel; "page": the full-page run view with a tall log. */
  variant?: "panel" | "page";
  /** Called when a rollback is started from this run's actions, with the rollback run's id. */
  onRollbackStarted?: (runId: string) => void;
  /** Extra controls for the header (e.g. the panel's "Open full log" link). */
  headerExtra?: ReactNode;
  /** The run's title (default "Deploy of 0.5.0"); the run page, whose h1 says that, passes "Steps and log". */
  title?: string;
  /** Heading level of the run's title, to fit the page outline. */
  headingLevel?: "h2" | "h3" | "h4";
}

/** The step to show when the reader has not picked one: the one that needs attention, else the latest one that ran. */
function focusStep(run: RunDetail): RunStepView | undefined {
  return (
    run.steps.find((s) => s.status === "RUNNING" || s.status === "WAITING") ??
    run.steps.find((s) => s.status === "FAILED" || s.status === "INTERRUPTED") ??
    [...run.steps].reverse().find((s) => s.status !== "PENDING") ??
    run.steps[0]
  );
}

/** One line under a step's name: status, duration (counting while it runs or waits), attempt. */
function StepMeta({ step, now, ended }: { step: RunStepView; now: number | null; ended: boolean }) {
  const label = step.status === "PENDING" && ended ? "Not run" : step.status === "WAITING" && step.kind !== "APPROVAL" ? "Waiting" : stepStatusLabels[step.status];
  const parts: ReactNode[] = [<span key="status">{label}</span>];
  const ms = elapsedMs(step.startedAt, step.finishedAt, step.status === "RUNNING" || step.status === "WAITING" ? now : null);
  if (ms !== null) parts.push(<span key="duration" className="tabular-nums">{formatDuration(ms)}</span>);
  if (step.attempt > 1) parts.push(<span key="attempt">attempt {step.attempt}</span>);
  return (
    <span className="flex flex-wrap items-center gap-x-1.5 text-xs text-muted">
      {parts.map((part, index) => (
        <span key={index} className="inline-flex items-center gap-1.5">
          {index > 0 ? <span aria-hidden="true">·</span> : null}
          {part}
        </span>
      ))}
    </span>
  );
}

function StepNote({ step }: { step: RunStepView }) {
  if ((step.status === "FAILED" || step.status === "INTERRUPTED") && step.error) {
    return <span className={cn("text-xs [overflow-wrap:anywhere]", step.status === "FAILED" ? "text-danger-text" : "text-warning-text")}>{step.error}</span>;
  }
  if (step.status === "SKIPPED" && step.skipReason) return <span className="text-xs text-muted [overflow-wrap:anywhere]">Skipped: {step.skipReason}</span>;
  if (step.status === "RUNNING" && step.kind === "WAIT" && step.skipReason) return <span className="text-xs text-muted">Skip requested: {step.skipReason}</span>;
  if (step.approvedBy) return <span className="text-xs text-muted">Approved by {step.approvedBy.name}</span>;
  return null;
}

/** Ends an error message with a full stop, so that the next sentence reads as one. */
const sentence = (text: string) => (/[.!?)]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** Release statuses in which a run of each kind is still the release's current business. */

interface Decision {
  tone: "info" | "warning" | "danger";
  icon: ReactNode;
  title: string;
  body?: ReactNode;
  actions?: ReactNode;
}

const calloutTones: Record<Decision["tone"], string> = {
  info: "border-info/25 bg-info-soft text-info-text",
  warning: "border-warning/30 bg-warning-soft text-warning-text",
  danger: "border-danger/25 bg-danger-soft text-danger-text",
};

/** A running deploy run: its steps (status, duration, attempt), the selected step's log, and what can be done now. */
export function RunView({ run, user, variant = "panel", onRollbackStarted, headerExtra, title, headingLevel = "h3" }: RunViewProps) {
  const now = useNow();
  const [chosenStepId, setChosenStepId] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const tabsId = useId();
  const changes = { refreshes: () => runChangeKeys(run) };
  const cancel = useAction(cancelRunAction, changes);
  const approve = useAction(approveStepAction, changes);
  const retry = useAction(retryStepAction, changes);
  const skip = useAction(skipStepAction, changes);

  const focus = focusStep(run);
  const selected = run.steps.find((s) => s.id === chosenStepId) ?? focus;
  const following = !chosenStepId || chosenStepId === focus?.id;
  const active = isRunActive(run.status);
  const runMs = elapsedMs(run.startedAt, run.finishedAt, active ? now : null);
  const Heading = headingLevel;
  const kindWord = runKindLabels[run.kind].toLowerCase();

  /** Runs an action; returns an error message, or null once it is done (the run follows through its live events). */
  async function act(handle: ActionHandle<unknown, unknown>, input: unknown, success: string): Promise<string | null> {
    const outcome = await handle.run(input);
    if (!outcome.ok) return failureText(outcome);
    setAnnouncement(success);
    return null;
  }

  // What this run's state offers this person, from the same rules the server applies. An older run (a
  // newer one, e.g. a rollback, now owns the release) is history: nothing is left to decide on it.
  const superseded = !run.latest && !isRunActive(run.status);
  const firstStuck = run.steps.find((s) => s.status === "FAILED" || s.status === "INTERRUPTED");
  const offers = runOffers({ status: run.status, kind: run.kind, releaseStatus: run.release.status, latest: run.latest, hasStuckStep: !!firstStuck }, user);
  const offer = (intent: RunIntent) => offers.find((o) => o.intent === intent);
  const cancelOffer = offer("cancel");
  const mayCancel = cancelOffer ?? offer("retry") ?? can(user, "deploy.cancel");
  const waitingApproval = run.status === "WAITING" ? run.steps.find((s) => s.status === "WAITING" && s.kind === "APPROVAL") : undefined;
  const approvalPolicy = waitingApproval?.approval ?? approvalPolicyOf(null);
  // The same rule the approve action applies: the step's approver roles and four-eyes.
  const approvePermission = can(user, "deploy.approve");
  const approveRefusal = !waitingApproval
    ? null
    : approvePermission.allowed
      ? approvalRefusal(user, { name: waitingApproval.name, policy: approvalPolicy }, { startedById: run.startedBy.id })
      : approvePermission.reason;
  const mayApprove = approveRefusal === null ? { allowed: true as const, reason: undefined } : { allowed: false as const, reason: approveRefusal };
  const runningWait = run.status === "RUNNING" ? run.steps.find((s) => s.status === "RUNNING" && s.kind === "WAIT") : undefined;
  const stuckStep = offer("retry") ? firstStuck : undefined;

  const cancellable = cancelOffer !== undefined;
  const cancelButton = cancellable ? (
    mayCancel.allowed ? (
      <ReasonDialog
        trigger={
          <GuardedButton variant="secondary" size="sm">
            <BanIcon />
            Cancel {kindWord}
          </GuardedButton>
        }
        title={`Cancel this ${kindWord}?`}
        tone="danger"
        confirmLabel={`Cancel ${kindWord}`}
        cancelLabel={run.status === "FAILED" ? "Keep it" : "Keep it running"}
        description={
          run.status === "RUNNING"
            ? "The running step's processes are stopped (TERM, then KILL after a grace period) and the steps not yet run are cancelled. The release is marked failed: you can deploy again or roll back."
            : "The steps not yet run are cancelled and the project's deploy lock is released. The release is marked failed: you can deploy again or roll back."
        }
        field={{ label: "Reason", required: false, placeholder: "Why stop here?", maxLength: DEPLOY_LIMITS.reasonChars }}
        onConfirm={(reason) => act(cancel, { runId: run.id, reason }, `${runKindLabels[run.kind]} cancellation requested.`)}
      />
    ) : (
      <GuardedButton variant="secondary" size="sm" disabledReason={mayCancel.reason}>
        <BanIcon />
        Cancel {kindWord}
      </GuardedButton>
    )
  ) : run.status === "CANCELLING" ? (
    <GuardedButton variant="secondary" size="sm" disabledReason="Cancelling: the worker is stopping the running step">
      <BanIcon />
      Cancelling…
    </GuardedButton>
  ) : null;

  let decision: Decision | null = null;
  if (waitingApproval) {
    decision = {
      tone: "warning",
      icon: <HandIcon className="mt-0.5" />,
      title: `“${waitingApproval.name}” is waiting for approval`,
      body: (
        <>
          {waitingApproval.instructions ? <p className="whitespace-pre-line text-foreground">{waitingApproval.instructions}</p> : null}
          <p className="text-xs text-muted">{describeApprovalPolicy(approvalPolicy)}.</p>
        </>
      ),
      actions: mayApprove.allowed ? (
        <ReasonDialog
          trigger={<GuardedButton size="sm">Approve</GuardedButton>}
          title={`Approve “${waitingApproval.name}”?`}
          confirmLabel="Approve"
          description="The deploy continues with the next step once you approve. Your name (and comment) are recorded on the run."
          field={{ label: "Comment", required: false, placeholder: "e.g. checked dashboards, error rate normal", maxLength: DEPLOY_LIMITS.commentChars }}
          onConfirm={(comment) => act(approve, { runId: run.id, stepId: waitingApproval.id, comment }, `Approved “${waitingApproval.name}”.`)}
        >
          {waitingApproval.instructions ? (
            <div className="rounded-md border border-border bg-surface-muted px-3 py-2 text-sm">
              <p className="mb-1 text-xs font-semibold tracking-wide text-muted uppercase">Check before approving</p>
              <p className="whitespace-pre-line">{waitingApproval.instructions}</p>
            </div>
          ) : null}
        </ReasonDialog>
      ) : (
        <GuardedButton size="sm" disabledReason={mayApprove.reason}>
          Approve
        </GuardedButton>
      ),
    };
  } else if (runningWait) {
    decision = {
      tone: "info",
      icon: <HandIcon className="mt-0.5" />,
      title: `Waiting${runningWait.waitSeconds ? ` ${formatDuration(runningWait.waitSeconds * 1000)}` : ""} (“${runningWait.name}”)`,
      body: runningWait.skipReason ? <p>Skip requested: {runningWait.skipReason}. The worker ends the wait within a second or two.</p> : null,
      actions: runningWait.skipReason ? null : mayCancel.allowed ? (
        <ReasonDialog
          trigger={
            <GuardedButton variant="secondary" size="sm">
              <SkipIcon />
              Skip wait
            </GuardedButton>
          }
          title={`Skip the wait “${runningWait.name}”?`}
          confirmLabel="Skip wait"
          description="The run goes on with the next step at once. The skip and your reason are recorded."
          field={{ label: "Reason", required: true, placeholder: "Why not wait?", missingMessage: "Say why the wait is skipped.", maxLength: DEPLOY_LIMITS.reasonChars }}
          onConfirm={(reason) => act(skip, { runId: run.id, stepId: runningWait.id, reason }, "Skip requested.")}
        />
      ) : (
        <GuardedButton variant="secondary" size="sm" disabledReason={mayCancel.reason}>
          <SkipIcon />
          Skip wait
        </GuardedButton>
      ),
    };
  } else if (stuckStep) {
    const interrupted = run.status === "NEEDS_DECISION" || stuckStep.status === "INTERRUPTED";
    const stepActions = mayCancel.allowed ? (
      <>
        <ReasonDialog
          trigger={<GuardedButton size="sm">Retry step</GuardedButton>}
          title={`Retry “${stuckStep.name}”?`}
          confirmLabel="Retry step"
          description={
            stuckStep.idempotent
              ? "The step runs again (a new attempt), then the run carries on from there."
              : "This step is not marked safe to re-run. Check in its log what the interrupted attempt already did before running it again."
          }
          onConfirm={() => act(retry, { runId: run.id }, `Retrying “${stuckStep.name}”.`)}
        />
        <ReasonDialog
          trigger={
            <GuardedButton variant="secondary" size="sm">
              <SkipIcon />
              Skip step
            </GuardedButton>
          }
          title={`Skip “${stuckStep.name}”?`}
          confirmLabel="Skip step"
          description="The run carries on with the next step; this one is recorded as skipped with your reason."
          field={{ label: "Reason", required: true, placeholder: "e.g. migration applied by hand", missingMessage: "Say why the step is skipped.", maxLength: DEPLOY_LIMITS.reasonChars }}
          onConfirm={(reason) => act(skip, { runId: run.id, stepId: stuckStep.id, reason }, `Skipped “${stuckStep.name}”.`)}
        />
      </>
    ) : (
      <>
        <GuardedButton size="sm" disabledReason={mayCancel.reason}>
          Retry step
        </GuardedButton>
        <GuardedButton variant="secondary" size="sm" disabledReason={mayCancel.reason}>
          <SkipIcon />
          Skip step
        </GuardedButton>
      </>
    );
    decision = {
      tone: interrupted ? "warning" : "danger",
      icon: interrupted ? <AlertTriangleIcon className="mt-0.5" /> : <XCircleIcon className="mt-0.5" />,
      title: interrupted ? "A step that is not safe to re-run was interrupted: decide" : `“${stuckStep.name}” failed`,
      body: (
        <p className="text-foreground [overflow-wrap:anywhere]">
          {interrupted ? <>“{stuckStep.name}”: </> : null}
          {sentence(stuckStep.error ?? "No error was recorded")} Retry the step, skip it{run.kind === "DEPLOY" ? ", or roll the release back" : ""}.
        </p>
      ),
      actions: (
        <>
          {stepActions}
          {offer("rollback") ? (
            <RollbackButton
              release={{ ...run.release, projectId: run.projectId }}
              user={user}
              label="Start rollback"
              size="sm"
              onStarted={(rollbackRunId) => {
                setAnnouncement("Rollback started.");
                onRollbackStarted?.(rollbackRunId);
              }}
            />
          ) : null}
        </>
      ),
    };
  }

  return (
    <section aria-labelledby={`run-${run.id}-title`} className="@container flex min-w-0 flex-col gap-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <Heading id={`run-${run.id}-title`} className="text-base font-semibold tracking-tight">
              {title ?? `${runKindLabels[run.kind]} of ${run.release.version}`}
            </Heading>
            <span role="status">
              <RunStatusBadge status={run.status} />
            </span>
          </div>
          <p className="text-sm text-muted">
            Started by {run.startedBy.name}{" "}
            <time dateTime={run.startedAt ?? run.createdAt} title={run.startedAt ?? run.createdAt}>
              at {formatClock(run.startedAt ?? run.createdAt, now)}
            </time>
            {run.pipelineVersion ? ` · pipeline v${run.pipelineVersion}` : ""}
            {runMs !== null ? ` · ${formatDuration(runMs)}` : ""}
          </p>
          {run.status === "CANCELLED" || run.status === "CANCELLING" ? (
            <p className="text-sm text-muted">
              {run.status === "CANCELLING" ? "Cancel requested" : "Cancelled"}
              {run.cancelledBy ? ` by ${run.cancelledBy.name}` : ""}
              {run.cancelReason ? `: ${run.cancelReason}` : ""}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {headerExtra}
          {cancelButton}
        </div>
      </div>

      {superseded && run.status === "FAILED" ? (
        <p className="text-sm text-muted">
          This {kindWord} failed and the release has moved on since (it is {releaseStatusLabels[run.release.status].toLowerCase()}): nothing is left to decide here.
        </p>
      ) : null}

      {run.status === "QUEUED" ? (
        <p className="text-sm text-muted">Queued: the worker picks the run up within a few seconds.</p>
      ) : null}

      {decision ? (
        <div role="region" aria-label="Needs your decision" className={cn("flex flex-col gap-3 rounded-md border px-4 py-3 text-sm", calloutTones[decision.tone])}>
          <div className="flex gap-2">
            {decision.icon}
            <div className="flex min-w-0 flex-col gap-1">
              <p className="font-semibold">{decision.title}</p>
              {decision.body}
            </div>
          </div>
          {decision.actions ? <div className="flex flex-wrap gap-2 pl-6">{decision.actions}</div> : null}
        </div>
      ) : null}

      {run.steps.length === 0 ? (
        <p className="text-sm text-muted">This run has no steps.</p>
      ) : (
        <div className="grid min-w-0 gap-4 @2xl:grid-cols-[minmax(0,17rem)_minmax(0,1fr)]">
          <div className="flex min-w-0 flex-col gap-2">
            <TabList orientation="vertical" aria-label={`Steps of the ${kindWord}`} className="flex flex-col">
              {run.steps.map((step, index) => (
                <Tab
                  key={step.id}
                  id={`${tabsId}-tab-${step.id}`}
                  selected={step.id === selected?.id}
                  panelId={`${tabsId}-panel`}
                  // Picking the step being followed pins it, so it stays when the run moves on.
                  onClick={() => setChosenStepId(step.id)}
                  className={cn(
                    "group relative flex w-full cursor-pointer items-start gap-2.5 rounded-md px-2 py-1.5 text-left transition-colors",
                    "hover:bg-surface-muted data-[state=active]:bg-surface-muted data-[state=active]:ring-1 data-[state=active]:ring-border-strong",
                  )}
                >
                  {/* The line joining the steps' icons. */}
                  {index < run.steps.length - 1 ? <span aria-hidden="true" className="absolute top-7 bottom-[-0.375rem] left-[15px] w-px bg-border-strong" /> : null}
                  <span className="relative z-10 mt-0.5 rounded-full bg-surface group-data-[state=active]:bg-surface-muted">
                    <StepStatusIcon status={step.status} />
                  </span>
                  <span className="flex min-w-0 flex-col gap-0.5">
                    <span className={cn("text-sm font-medium [overflow-wrap:anywhere]", step.status === "PENDING" && "text-muted")}>{step.name}</span>
                    <StepMeta step={step} now={now} ended={superseded} />
                    <StepNote step={step} />
                  </span>
                </Tab>
              ))}
            </TabList>
            {!following && active ? (
              <Button variant="ghost" size="sm" className="self-start" onClick={() => setChosenStepId(null)}>
                Follow the current step
              </Button>
            ) : null}
          </div>
          {selected ? (
            <TabPanel id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-tab-${selected.id}`} className="flex min-w-0 flex-col gap-2">
              <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                <p className="text-sm font-medium">
                  Step {selected.position + 1}: {selected.name}
                </p>
                <p className="text-xs text-muted">
                  {stepKindLabels[selected.kind]}
                  {selected.idempotent ? " · safe to re-run" : " · not safe to re-run"}
                  {selected.attempt > 0 ? ` · attempt ${selected.attempt}` : ""}
                  {selected.exitCode !== null ? ` · exit code ${selected.exitCode}` : ""}
                </p>
              </div>
              {selected.kind === "PROBE" ? <ProbeResults key={`probe-${selected.id}`} releaseId={run.releaseId} step={selected} /> : null}
              <StepLog key={selected.id} step={selected} heightClassName={variant === "page" ? "h-[60vh] min-h-80" : "h-72"} />
            </TabPanel>
          ) : null}
        </div>
      )}

      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </section>
  );
}
