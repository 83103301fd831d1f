"use client";

import { useMutation, useMutationState, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { inlineMarkdownToText } from "@/lib/markdown/inline";
import { transitionReleaseAction, updateItemAction } from "@/lib/releases/actions";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import type { ItemChange } from "@/lib/releases/schemas";
import { releaseStatusLabels } from "@/lib/releases/rules";
import { revokeSignoffAction, signOffAction } from "@/lib/signoffs/actions";
import { useAnnouncer } from "./announcer";
import {
  ActionFailure,
  applyItemChange,
  failureMessage,
  normaliseItem,
  releaseKey,
  releaseMutationKey,
  replaceItem,
  runAction,
  type Item,
  type Release,
  type Viewer,
} from "./release-data";

const itemMutationKey = (releaseId: string) => [...releaseMutationKey(releaseId), "item"] as const;

/** Refetches the release (and its timeline) once no other change to it is still on its way. */
function refreshWhenIdle(queryClient: QueryClient, releaseId: string) {
  // This mutation still counts itself while settling.
  if (queryClient.isMutating({ mutationKey: releaseMutationKey(releaseId) }) <= 1) {
    void queryClient.invalidateQueries({ queryKey: releaseKey(releaseId) });
  }
}

export interface ItemMutationVariables {
  itemId: string;
  change: ItemChange;
}

const changeWords: Record<ItemChange["kind"], string> = {
  tick: "Ticked",
  untick: "Unticked",
  annotate: "Saved the note on",
  not_applicable: "Marked not applicable:",
};

/**
 * Ticking, unticking, annotating and marking N/A, optimistically: the change shows at once (ticked by
 * the current user, now); if the server refuses, the item goes back to what it was and the server's
 * message is announced; on a conflict the release is refetched so the other person's change shows.
 */
export function useItemMutation(releaseId: string, viewer: Viewer) {
  const queryClient = useQueryClient();
  const { announce } = useAnnouncer();
  const key = releaseKey(releaseId);

  return useMutation({
    mutationKey: itemMutationKey(releaseId),
    mutationFn: async ({ itemId, change }: ItemMutationVariables) => {
      // The version the user saw: the last one the server confirmed for this item.
      const rowVersion = queryClient.getQueryData<Release>(key)?.items.find((i) => i.id === itemId)?.rowVersion;
      if (rowVersion === undefined) throw new ActionFailure("not_found", "That checklist item is no longer on this release.");
      return runAction(updateItemAction, { itemId, rowVersion, change });
    },
    onMutate: async ({ itemId, change }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Release>(key)?.items.find((i) => i.id === itemId);
      queryClient.setQueryData<Release>(key, (release) =>
        release ? replaceItem(release, itemId, (item) => applyItemChange(item, change, viewer, new Date())) : release,
      );
      return { previous };
    },
    onError: (error, { itemId }, context) => {
      const previous: Item | undefined = context?.previous;
      if (previous) queryClient.setQueryData<Release>(key, (release) => (release ? replaceItem(release, itemId, () => previous) : release));
      announce(failureMessage(error), "error");
      if (error instanceof ActionFailure && (error.code === "conflict" || error.code === "not_found")) {
        void queryClient.invalidateQueries({ queryKey: key });
      }
    },
    onSuccess: (fresh, { itemId, change }) => {
      queryClient.setQueryData<Release>(key, (release) => (release ? replaceItem(release, itemId, (item) => ({ ...item, ...normaliseItem(fresh) })) : release));
      const title = queryClient.getQueryData<Release>(key)?.items.find((i) => i.id === itemId)?.title;
      if (title) announce(`${changeWords[change.kind]} “${inlineMarkdownToText(title)}”`);
    },
    onSettled: () => refreshWhenIdle(queryClient, releaseId),
  });
}

/** Ids of items with a change on its way to the server (their checkbox waits for it). */
export function usePendingItemIds(releaseId: string): Set<string> {
  const ids = useMutationState({
    filters: { mutationKey: itemMutationKey(releaseId), status: "pending" },
    select: (mutation) => (mutation.state.variables as ItemMutationVariables | undefined)?.itemId,
  });
  return new Set(ids.filter((id): id is string => typeof id === "string"));
}

/** Non-optimistic changes (lifecycle, sign-offs): wait for the server, then refetch. */
export function useReleaseChange<V, T>(releaseId: string, mutationFn: (variables: V) => Promise<T>, describe: (variables: V, data: T) => string) {
  const queryClient = useQueryClient();
  const { announce } = useAnnouncer();
  return useMutation({
    mutationKey: [...releaseMutationKey(releaseId), "change"],
    mutationFn,
    onSuccess: (data, variables) => announce(describe(variables, data), "success"),
    onError: (error) => {
      if (error instanceof ActionFailure && (error.code === "conflict" || error.code === "not_found")) {
        void queryClient.invalidateQueries({ queryKey: releaseKey(releaseId) });
      }
    },
    onSettled: () => refreshWhenIdle(queryClient, releaseId),
  });
}

export function useReleaseTransition(releaseId: string) {
  return useReleaseChange(
    releaseId,
    (variables: { to: ReleaseStatus; reason?: string }) => runAction(transitionReleaseAction, { releaseId, to: variables.to, reason: variables.reason ?? "" }),
    ({ to }) => `The release is now ${releaseStatusLabels[to].toLowerCase()}.`,
  );
}

export function useSignOff(releaseId: string) {
  return useReleaseChange(
    releaseId,
    (variables: { requirementId: string; title: string; comment: string }) =>
      runAction(signOffAction, { requirementId: variables.requirementId, comment: variables.comment }),
    ({ title }) => `Signed off “${title}”.`,
  );
}

export function useRevokeSignoff(releaseId: string) {
  return useReleaseChange(
    releaseId,
    (variables: { signoffId: string; title: string; reason: string }) => runAction(revokeSignoffAction, { signoffId: variables.signoffId, reason: variables.reason }),
    ({ title }) => `Revoked the sign-off “${title}”.`,
  );
}
