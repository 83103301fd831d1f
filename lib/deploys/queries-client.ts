// The browser's reads of deploys: the one place their query keys are spelled (TanStack Query `queryOptions`)
// and which of them a live event makes stale (`keysFor`). Deploy data is JSON-safe already (./types.ts).
import { queryOptions, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { affectsOf, type AuditAffect } from "@/lib/audit/events/affects";
import type { AuditNotice, LogNotice } from "@/lib/events/notice";
import { fetchJson } from "@/lib/http/fetch-json";
import { releaseKeys } from "@/lib/releases/queries-client";
import type { DeployingNowRun } from "./now";
import type { DeployPanelData, ProjectDeploys } from "./queries";
import type { LogLine, ProbeResultsPage, ProjectFlag, RollbackPreflightView, RunDetail, StepLogsPage, WorkerStatus } from "./types";

export const deployKeys = {
  all: ["deploys"] as const,
  run: (runId: string) => ["deploys", "run", runId] as const,
  logs: (stepId: string) => ["deploys", "logs", stepId] as const,
  /** A PROBE step's stored checks. */
  probes: (stepId: string) => ["deploys", "probes", stepId] as const,
  /** Every release's deploy panel (the project's lock shows in each). */
  releases: ["deploys", "release"] as const,
  release: (releaseId: string) => ["deploys", "release", releaseId] as const,
  project: (projectId: string) => ["deploys", "project", projectId] as const,
  flags: (projectId: string) => ["deploys", "flags", projectId] as const,
  now: ["deploys", "now"] as const,
  rollbackPreflight: (releaseId: string) => ["deploys", "rollback-preflight", releaseId] as const,
  worker: ["deploys", "worker"] as const,
};

export function runQuery(runId: string) {
  return queryOptions({
    queryKey: deployKeys.run(runId),
    queryFn: ({ signal }) => fetchJson<RunDetail>(`/api/runs/${encodeURIComponent(runId)}`, "deploy run", signal),
  });
}

/** A release's deploy panel: its runs (the newest in full), the project's lock and the worker's state. */
export function releaseDeploysQuery(releaseId: string) {
  return queryOptions({
    queryKey: deployKeys.release(releaseId),
    queryFn: ({ signal }) => fetchJson<DeployPanelData>(`/api/releases/${encodeURIComponent(releaseId)}/deploys`, "deploys", signal),
  });
}

/** What a rollback of the release would do and check, read when its dialog opens (never from the cache). */
export function rollbackPreflightQuery(releaseId: string) {
  return queryOptions({
    queryKey: deployKeys.rollbackPreflight(releaseId),
    queryFn: ({ signal }) => fetchJson<RollbackPreflightView>(`/api/releases/${encodeURIComponent(releaseId)}/rollback-preflight`, "rollback checks", signal),
    staleTime: 0,
    gcTime: 0,
  });
}

export function projectDeploysQuery(projectId: string) {
  return queryOptions({
    queryKey: deployKeys.project(projectId),
    queryFn: ({ signal }) => fetchJson<ProjectDeploys>(`/api/projects/${encodeURIComponent(projectId)}/deploys`, "project's deploys", signal),
  });
}

export function projectFlagsQuery(projectId: string) {
  return queryOptions({
    queryKey: deployKeys.flags(projectId),
    queryFn: ({ signal }) => fetchJson<ProjectFlag[]>(`/api/projects/${encodeURIComponent(projectId)}/flags`, "feature flags", signal),
  });
}

export function deployingNowQuery() {
  return queryOptions({
    queryKey: deployKeys.now,
    queryFn: ({ signal }) => fetchJson<DeployingNowRun[]>("/api/deploying-now", "running deploys", signal),
  });
}

interface HealthResponse {
  worker?: { status: WorkerStatus["status"]; lastSeenAt: string | null };
}

/** Whether a worker is reporting (from /api/health): heartbeats are not events, so this one is polled. */
export function workerStatusQuery() {
  return queryOptions({
    queryKey: deployKeys.worker,
    queryFn: async ({ signal }): Promise<WorkerStatus> => {
      const health = await fetchJson<HealthResponse>("/api/health", "worker status", signal);
      return { status: health.worker?.status ?? "none", lastSeenAt: health.worker?.lastSeenAt ?? null };
    },
    refetchInterval: 30_000,
    retry: false,
  });
}

/** A PROBE step's latest checks (a bounded page: the chart and list show the newest). */
export function probeResultsQuery(releaseId: string, stepId: string) {
  return queryOptions({
    queryKey: deployKeys.probes(stepId),
    queryFn: ({ signal }) =>
      fetchJson<ProbeResultsPage>(`/api/releases/${encodeURIComponent(releaseId)}/probe-results?step=${encodeURIComponent(stepId)}`, "probe results", signal),
  });
}

export interface StepLogState {
  lines: LogLine[];
  /** Older lines left out to keep the page light (the first ones of a very long log). */
  dropped: number;
}

/** At most this many lines are kept in the page per step. */
export const MAX_LOG_LINES = 5000;
const MAX_PAGES_PER_FETCH = 20;

/**
 * A step's log lines. Each fetch asks only for the lines after the last one the cache has (`?after=`) and
 * appends them, so a "new lines" event costs one small request, never the whole log again.
 */
export function stepLogsQuery(client: QueryClient, stepId: string) {
  return queryOptions({
    queryKey: deployKeys.logs(stepId),
    queryFn: async ({ signal }): Promise<StepLogState> => {
      const previous = client.getQueryData<StepLogState>(deployKeys.logs(stepId));
      let lines = previous?.lines ?? [];
      let dropped = previous?.dropped ?? 0;
      let after = lines.at(-1)?.id;
      for (let page = 0; page < MAX_PAGES_PER_FETCH; page++) {
        const url = `/api/steps/${encodeURIComponent(stepId)}/logs${after ? `?after=${after}` : ""}`;
        const data = await fetchJson<StepLogsPage>(url, "log", signal);
        if (data.lines.length > 0) {
          lines = lines.concat(data.lines);
          after = data.lines.at(-1)!.id;
        }
        if (!data.hasMore) break;
      }
      if (lines.length > MAX_LOG_LINES) {
        dropped += lines.length - MAX_LOG_LINES;
        lines = lines.slice(-MAX_LOG_LINES);
      }
      return previous && previous.lines.length === lines.length && previous.dropped === dropped ? previous : { lines, dropped };
    },
    // Refetching only asks for new lines, so a remount may always check.
    staleTime: 0,
  });
}

// ----------------------------------------------------------------------------------------- live events

/**
 * What starting, deciding on or ending a run makes stale (the run, its release's panel and status, the project's
 * page): refetched after an action only when live updates are not flowing to bring them.
 */
export function runChangeKeys(run: { id?: string; releaseId: string; projectId: string }): QueryKey[] {
  return [...(run.id ? [deployKeys.run(run.id)] : []), deployKeys.release(run.releaseId), deployKeys.project(run.projectId), releaseKeys.detail(run.releaseId)];
}

/** The deploy queries an audit event makes stale, from what its type changes (lib/audit/events affectsOf). */
export function keysFor(notice: AuditNotice): QueryKey[] {
  const affects = new Set(affectsOf(notice.type));
  const keys: QueryKey[] = [];
  const { projectId, releaseId, runId, stepId } = notice;
  if (affects.has("run") && runId) keys.push(deployKeys.run(runId));
  // A release's panel shows its runs, the newest in full.
  if ((affects.has("run") || affects.has("runs")) && releaseId) keys.push(deployKeys.release(releaseId));
  // The project's lock shows in every release's panel.
  if (affects.has("lock")) keys.push(deployKeys.releases);
  // A new attempt of a step starts a new log.
  if (affects.has("logs") && stepId) keys.push(deployKeys.logs(stepId));
  // The project page: its runs, its lock, its pipelines, and its current release with its status.
  if (projectId && ["runs", "lock", "pipelines", "release", "releases-list"].some((affect) => affects.has(affect as AuditAffect))) {
    keys.push(deployKeys.project(projectId));
  }
  if (affects.has("flags") && projectId) keys.push(deployKeys.flags(projectId));
  if (affects.has("deploying-now")) keys.push(deployKeys.now);
  return keys;
}

/**
 * New log lines: the step's log (fetched from its last line on), and a PROBE step's checks: each check is
 * stored before its log line is written, so the line's notice means a new result (no query: nothing fetched).
 */
export function logKeysFor(notice: LogNotice): QueryKey[] {
  return [deployKeys.logs(notice.stepId), deployKeys.probes(notice.stepId)];
}
