// What the deploy UI receives: plain JSON-safe shapes (dates as ISO strings, BigInt ids as strings), so the
// same types serve a server component's initial props and the route handlers' JSON. Pure module: the
// queries in ./queries.ts produce these, client components import them.
import type { ApprovalPolicy } from "./approval-rules";
import type { LogStream, PipelineKind, ReleaseStatus, Role, RunKind, RunStatus, StepKind, StepStatus } from "@/lib/generated/prisma/enums";

export interface PersonRef {
  id: string;
  name: string;
}

export interface RunStepView {
  id: string;
  position: number;
  name: string;
  kind: StepKind;
  status: StepStatus;
  /** Safe to run again after an interruption without a person deciding. */
  idempotent: boolean;
  attempt: number;
  startedAt: string | null;
  finishedAt: string | null;
  exitCode: number | null;
  error: string | null;
  /** Why the step was skipped; on a RUNNING wait step, a skip that the worker has not picked up yet. */
  skipReason: string | null;
  approvedBy: PersonRef | null;
  approvedAt: string | null;
  /** APPROVAL steps: what to check before approving. (A step's configuration is never sent whole: it may hold secrets.) */
  instructions: string | null;
  /** WAIT steps: how long the wait is. */
  waitSeconds: number | null;
  /** APPROVAL steps: who may approve (lib/deploys/approval-rules.ts). */
  approval: ApprovalPolicy | null;
}

export interface RunApproval {
  stepId: string;
  stepName: string;
  by: PersonRef | null;
  at: string;
}

export interface RunDetail {
  id: string;
  kind: RunKind;
  status: RunStatus;
  releaseId: string;
  projectId: string;
  release: {
    id: string;
    version: string;
    title: string;
    status: ReleaseStatus;
    monitoringAt: string | null;
    monitoringWindowHours: number;
  };
  project: { id: string; slug: string; name: string };
  pipelineVersion: number | null;
  startedBy: PersonRef;
  cancelledBy: PersonRef | null;
  cancelReason: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  heartbeatAt: string | null;
  /** The release's newest run: only it can still move the release, or be retried. */
  latest: boolean;
  steps: RunStepView[];
  approvals: RunApproval[];
}

export interface LogLine {
  /** Line ids (chunk id × LOG_CHUNK_MAX_LINES + index, see log-chunks.ts) are BigInt; strings here (ascending, usable as `after`). */
  id: string;
  attempt: number;
  stream: LogStream;
  line: string;
  at: string;
}

export interface StepLogsPage {
  lines: LogLine[];
  /** More lines exist after the last one returned (ask again with `after` = the last id). */
  hasMore: boolean;
}

export type StepCounts = Partial<Record<StepStatus, number>>;

export interface RunSummary {
  id: string;
  kind: RunKind;
  status: RunStatus;
  release: { id: string; version: string };
  startedBy: PersonRef;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  pipelineVersion: number | null;
  totalSteps: number;
  stepCounts: StepCounts;
}

export interface ProjectLock {
  projectId: string;
  holder: PersonRef;
  since: string;
  takeoverReason: string | null;
  run: { id: string; kind: RunKind; status: RunStatus; release: { id: string; version: string } };
}

export interface FlagChangeView {
  enabled: boolean;
  /** The rollout percentage this change set (0–100). */
  percent: number;
  at: string;
  /** Null when a pipeline step (deploy or rollback) changed the flag; the run is named in `reason`. */
  actor: PersonRef | null;
  reason: string | null;
  release: { id: string; version: string } | null;
}

export interface ProjectFlag {
  id: string;
  key: string;
  description: string | null;
  enabled: boolean;
  /** The share of targeting keys it is on for, 0–100 (0 when off; lib/flags/rollout.ts). */
  rolloutPercent: number;
  /** What the flag started as (its definition's default). */
  defaultEnabled: boolean;
  createdAt: string;
  /** The admin who defined it; null when a FLAG step created it. */
  createdBy: { id: string; name: string } | null;
  updatedAt: string;
  lastChange: FlagChangeView | null;
}

export interface PipelineView {
  id: string;
  kind: PipelineKind;
  version: number;
  /** The stored steps, as saved (validated JSON). */
  steps: unknown;
  createdAt: string;
  createdBy: PersonRef | null;
}

export interface LatestPipelines {
  DEPLOY: PipelineView | null;
  ROLLBACK: PipelineView | null;
}

export interface WorkerStatus {
  status: "ok" | "stale" | "none";
  /** When the most recently seen worker last reported. */
  lastSeenAt: string | null;
}


/** The signed-in user as the deploy components need them (permissions are asked with `can`). */
export interface DeployUser {
  id: string;
  role: Role;
  /** For attributing an optimistic change ("Disabled by …") before the server's answer arrives. */
  name?: string;
}

/** One check of a PROBE step (a ProbeResult row). */
export interface ProbeResultView {
  id: string;
  stepId: string;
  runId: string;
  attempt: number;
  at: string;
  ok: boolean;
  /** A query's value, or an HTTP check's status code; null when the check got no value (unreachable…). */
  value: number | null;
  baseline: number | null;
  message: string;
}

export interface ProbeResultsPage {
  /** Oldest first (chart order). */
  results: ProbeResultView[];
  /** Older results exist: ask again with `before` = the first result's id. */
  hasMore: boolean;
}

// ------------------------------------------------------------------------------------- rollback preflight

export type PreflightCheckState = "pass" | "fail" | "unchecked";

/** One thing a rollback needs, checked before it starts (lib/deploys/rollback-preflight.ts). */
export interface PreflightCheck {
  id: "previous-version" | "backup" | "migrations";
  label: string;
  state: PreflightCheckState;
  message: string;
}

export interface RollbackPlanStep {
  name: string;
  kind: StepKind;
  /** Why this step will not run (it is created as skipped); null when it runs. */
  skipReason: string | null;
}

/** A rollback's preflight as the dialog shows it. */
export interface RollbackPreflightView {
  checks: PreflightCheck[];
  /** The checks that stop the rollback unless overridden with a reason. */
  failed: PreflightCheck[];
  /** The steps the rollback run will have, in order: the flags turned off first, then the pipeline's. */
  steps: RollbackPlanStep[];
}
