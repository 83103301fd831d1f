"use client";

// Where the deploy UI gets its data. Changes are pushed: the page's live subscription
// (components/live/use-live-events.ts) invalidates these keys when a run, a step or its log changes, and
// these queries refetch. A slow poll remains as a backstop while a run is active.
import { useEffect, useRef } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { RunStatus, StepStatus } from "@/lib/generated/prisma/enums";
import type { LogLine, RunDetail, StepLogsPage, WorkerStatus } from "@/lib/deploys/types";

// The keys live events invalidate (keysForAudit and the log handler in use-live-events.ts).
export const runKey = (runId: string) => ["run", runId] as const;
export const stepLogsKey = (stepId: string) => ["logs", stepId] as const;
export const workerStatusKey = ["deploys", "worker"] as const;

/** A fetch that failed, with a sentence for the person looking at the page. */
export class FetchProblem extends Error {}

async function getJson<T>(url: string, what: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store", signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new FetchProblem(`Could not reach Preflight to refresh the ${what}. Retrying…`);
  }
  const isJson = response.headers.get("content-type")?.includes("application/json") ?? false;
  // Signed out: the sign-in redirect answers with the login page instead of JSON.
  if (response.status === 401 || (!isJson && response.redirected)) throw new FetchProblem("Your session has ended. Reload the page to sign in again.");
  if (!response.ok || !isJson) {
    const body = isJson ? ((await response.json()) as { error?: string }) : null;
    throw new FetchProblem(body?.error ?? `Could not refresh the ${what} (HTTP ${response.status}).`);
  }
  return (await response.json()) as T;
}

/** Backstop refetch while a run is active, in case the live stream is down; live events do the rest. */
export function runPollInterval(status: RunStatus | undefined): number | false {
  switch (status) {
    case undefined:
    case "QUEUED":
    case "RUNNING":
    case "CANCELLING":
      return 10_000;
    case "WAITING":
    case "NEEDS_DECISION":
    case "FAILED":
      return 30_000;
    case "SUCCEEDED":
    case "CANCELLED":
      return false;
  }
}

/** A deploy run with its steps, kept fresh while it is active. `initialData` is the server-rendered run. */
export function useRun(runId: string | null, initialData?: RunDetail | null) {
  return useQuery({
    queryKey: runKey(runId ?? ""),
    queryFn: ({ signal }) => getJson<RunDetail>(`/api/runs/${encodeURIComponent(runId!)}`, "deploy run", signal),
    enabled: !!runId,
    initialData: initialData && initialData.id === runId ? initialData : undefined,
    refetchInterval: (query) => (query.state.status === "error" ? 3000 : runPollInterval(query.state.data?.status)),
    retry: 1,
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

/** Whether a step's log may still grow. */
export function stepIsLive(status: StepStatus | undefined): boolean {
  return status === "RUNNING";
}

/**
 * A step's log lines. Each fetch asks only for the lines after the last one it has (`?after=`), so
 * each pushed "new lines" event costs one small request. `live` while the step runs; when it stops being live,
 * one more fetch picks up its last lines.
 */
export function useStepLogs(stepId: string | null, { live }: { live: boolean }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: stepLogsKey(stepId ?? ""),
    enabled: !!stepId,
    queryFn: async ({ signal }): Promise<StepLogState> => {
      const previous = queryClient.getQueryData<StepLogState>(stepLogsKey(stepId!));
      let lines = previous?.lines ?? [];
      let dropped = previous?.dropped ?? 0;
      let after = lines.at(-1)?.id;
      for (let page = 0; page < MAX_PAGES_PER_FETCH; page++) {
        const url = `/api/steps/${encodeURIComponent(stepId!)}/logs${after ? `?after=${after}` : ""}`;
        const data = await getJson<StepLogsPage>(url, "log", signal);
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
    refetchInterval: live ? 10_000 : false,
    retry: 1,
  });

  const wasLive = useRef(live);
  useEffect(() => {
    if (wasLive.current && !live && stepId) void queryClient.invalidateQueries({ queryKey: stepLogsKey(stepId) });
    wasLive.current = live;
  }, [live, stepId, queryClient]);

  return query;
}

interface HealthResponse {
  worker?: { status: WorkerStatus["status"]; lastSeenAt: string | null };
}

/** Whether a worker is reporting, rechecked every 10 s (from /api/health). */
export function useWorkerStatus(initialData: WorkerStatus) {
  return useQuery({
    queryKey: workerStatusKey,
    queryFn: async ({ signal }): Promise<WorkerStatus> => {
      const health = await getJson<HealthResponse>("/api/health", "worker status", signal);
      return { status: health.worker?.status ?? "none", lastSeenAt: health.worker?.lastSeenAt ?? null };
    },
    initialData,
    refetchInterval: 10_000,
    retry: false,
  });
}
