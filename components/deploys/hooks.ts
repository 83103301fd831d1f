"use client";

import { useEffect, useRef } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { deployKeys, stepLogsQuery } from "@/lib/deploys/queries-client";
import type { StepStatus } from "@/lib/generated/prisma/enums";

/** Whether a step's log may still grow. */
export function stepIsLive(status: StepStatus | undefined): boolean {
  return status === "RUNNING";
}

/**
 * A step's log lines, fetched from the last line the page has whenever a live "new lines" event names the step
 * (lib/deploys/queries-client.ts). When the step stops being live, one more fetch picks up its last lines.
 */
export function useStepLogs(stepId: string | null, { live }: { live: boolean }) {
  const queryClient = useQueryClient();
  const query = useQuery({ ...stepLogsQuery(queryClient, stepId ?? ""), enabled: !!stepId, retry: 1 });

  const wasLive = useRef(live);
  useEffect(() => {
    if (wasLive.current && !live && stepId) void queryClient.invalidateQueries({ queryKey: deployKeys.logs(stepId) }, { cancelRefetch: false });
    wasLive.current = live;
  }, [live, stepId, queryClient]);

  return query;
}
