"use client";

// The one way the browser calls a server action (lib/actions/define-action.ts). The server's typed result comes
// back as it is, its failure codes a union the UI can tell apart, plus "unreachable" when the request never got
// an answer; pending state, an optional optimistic update with its rollback, and refetching what the change
// made stale when live updates are not flowing (when they are, the change's own live event does it, once).
import { useCallback } from "react";
import { useMutation, useQueryClient, type MutationKey, type QueryKey } from "@tanstack/react-query";
import { isLive, refresh } from "@/components/live/use-live-events";
import type { ActionFailureCode, ActionResult } from "@/lib/actions/define-action";

/** The one sentence for an action whose request never got an answer (offline, server down). */
export const UNREACHABLE_MESSAGE = "Could not reach Preflight, so nothing was changed. Check your connection and try again.";

export type FailureCode = ActionFailureCode | "unreachable";

export interface Failure {
  ok: false;
  code: FailureCode;
  message: string;
  fieldErrors?: Record<string, string[]>;
}

export type Outcome<T> = { ok: true; data: T } | Failure;

/** A refused or failed action, thrown inside TanStack Query so that its rollback runs. */
export class ActionFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/** The message for a failure, with its field errors when the message alone is generic ("Check the highlighted fields"). */
export function failureText(failure: Failure): string {
  const details = Object.values(failure.fieldErrors ?? {}).flat();
  return failure.code === "invalid" && details.length > 0 ? details.join(" ") : failure.message;
}

function failureOf(error: unknown): Failure {
  if (error instanceof ActionFailure) return error.failure;
  return { ok: false, code: "error", message: error instanceof Error && error.message ? error.message : "Something went wrong and nothing was changed." };
}

type Action<I, T> = (input: I) => Promise<ActionResult<T>>;

/** Calls `action`; a request that gets no answer comes back as an "unreachable" failure instead of throwing. */
export async function callAction<I, T>(action: Action<I, T>, input: I): Promise<Outcome<T>> {
  try {
    return await action(input);
  } catch {
    return { ok: false, code: "unreachable", message: UNREACHABLE_MESSAGE };
  }
}

export interface UseActionOptions<I, T, C> {
  /** Groups the calls (e.g. every change to one release), for useMutationState and isMutating. */
  mutationKey?: MutationKey;
  /** The optimistic update, applied before the action is sent; what it returns is handed to `onFailure` to undo it. */
  optimistic?: (input: I) => C | Promise<C>;
  onSuccess?: (data: T, input: I, context: C | undefined) => void;
  /** Runs on any failure (refused, or unreachable) before `run` resolves: undo the optimistic update here. */
  onFailure?: (failure: Failure, input: I, context: C | undefined) => void;
  /** What the change makes stale, refetched after success unless live updates are flowing (its event does it then). */
  refreshes?: (data: T, input: I) => QueryKey[];
}

export interface ActionHandle<I, T> {
  /** Calls the action; resolves with its outcome, never throws. */
  run: (input: I) => Promise<Outcome<T>>;
  pending: boolean;
  /** The last call's data, when it succeeded. */
  data: T | undefined;
  /** The last call's failure, until the next call (or `reset`). */
  failure: Failure | null;
  reset: () => void;
}

export function useAction<I, T, C = undefined>(action: Action<I, T>, options: UseActionOptions<I, T, C> = {}): ActionHandle<I, T> {
  const queryClient = useQueryClient();
  const { mutationKey, optimistic, onSuccess, onFailure, refreshes } = options;
  const mutation = useMutation<T, ActionFailure, I, C>({
    mutationKey,
    mutationFn: async (input) => {
      const outcome = await callAction(action, input);
      if (!outcome.ok) throw new ActionFailure(outcome);
      return outcome.data;
    },
    onMutate: optimistic ? (input) => optimistic(input) : undefined,
    onError: (error, input, context) => onFailure?.(failureOf(error), input, context),
    onSuccess: (data, input, context) => {
      if (refreshes && !isLive()) for (const key of refreshes(data, input)) refresh(queryClient, key);
      onSuccess?.(data, input, context);
    },
  });
  const { mutateAsync, isPending, data, error, reset } = mutation;
  const run = useCallback(
    async (input: I): Promise<Outcome<T>> => {
      try {
        return { ok: true, data: await mutateAsync(input) };
      } catch (thrown) {
        return failureOf(thrown);
      }
    },
    [mutateAsync],
  );
  return { run, pending: isPending, data, failure: error ? failureOf(error) : null, reset };
}
