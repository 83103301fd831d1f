"use client";

import { useMutationState, useQueryClient } from "@tanstack/react-query";
import { failureText, useAction, type Failure } from "@/components/actions/use-action";
import { refresh } from "@/components/live/use-live-events";
import type { ActionResult } from "@/lib/actions/define-action";
import { inlineMarkdownToText } from "@/lib/markdown/inline";
import { updateItemAction } from "@/lib/releases/actions";
import { normaliseItem, releaseKeys } from "@/lib/releases/queries-client";
import type { ItemChange } from "@/lib/releases/schemas";
import { useAnnouncer } from "./announcer";
import { applyItemChange, replaceItem, type Release, type Viewer } from "./release-data";

/** Mutation keys (not query keys): every change to one release, and its item changes. */
const releaseMutationKey = (releaseId: string) => ["release", releaseId] as const;
const itemMutationKey = (releaseId: string) => [...releaseMutationKey(releaseId), "item"] as const;

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

/** The release changed in a way the page cannot patch itself (someone else's change won): read it again. */
function staleAfter(failure: Failure): boolean {
  return failure.code === "conflict" || failure.code === "not_found";
}

/**
 * Ticking, unticking, annotating and marking N/A, optimistically: the change shows at once (ticked by the
 * current user, now); the server's answer (the item's new version) replaces it, and the item's own live event
 * then finds that version in the cache and costs nothing. If the server refuses, the item goes back to what it
 * was and the server's message is announced; on a conflict the release is refetched so the other change shows.
 */
export function useItemMutation(releaseId: string, viewer: Viewer) {
  const queryClient = useQueryClient();
  const { announce } = useAnnouncer();
  const key = releaseKeys.detail(releaseId);
  const itemOf = (itemId: string) => queryClient.getQueryData<Release>(key)?.items.find((i) => i.id === itemId);

  const { run } = useAction(updateItemAction as (input: ItemMutationVariables & { rowVersion: number }) => ReturnType<typeof updateItemAction>, {
    mutationKey: itemMutationKey(releaseId),
    optimistic: async ({ itemId, change }) => {
      // A refetch in flight would put the item back as it was before this change.
      await queryClient.cancelQueries({ queryKey: key });
      const previous = itemOf(itemId);
      queryClient.setQueryData<Release>(key, (release) =>
        release ? replaceItem(release, itemId, (item) => applyItemChange(item, change, viewer, new Date())) : release,
      );
      return previous;
    },
    onFailure: (failure, { itemId }, previous) => {
      // Rolled back only while the cache still holds the optimistic version (a newer one from a live event stays).
      if (previous) {
        queryClient.setQueryData<Release>(key, (release) =>
          release ? replaceItem(release, itemId, (item) => (item.rowVersion === previous.rowVersion ? previous : item)) : release,
        );
      }
      announce(failureText(failure), "error");
      if (staleAfter(failure)) refresh(queryClient, key);
    },
    onSuccess: (fresh, { itemId, change }) => {
      queryClient.setQueryData<Release>(key, (release) => (release ? replaceItem(release, itemId, (item) => ({ ...item, ...normaliseItem(fresh) })) : release));
      const title = itemOf(itemId)?.title;
      if (title) announce(`${changeWords[change.kind]} “${inlineMarkdownToText(title)}”`);
    },
    // The status or sign-offs the change may have moved come with its live events; without them, refetch.
    refreshes: () => [key],
  });

  return {
    mutate({ itemId, change }: ItemMutationVariables) {
      // The version the user saw: the last one the server confirmed for this item.
      const rowVersion = itemOf(itemId)?.rowVersion;
      if (rowVersion === undefined) {
        announce("That checklist item is no longer on this release.", "error");
        return;
      }
      void run({ itemId, rowVersion, change });
    },
  };
}

/** Ids of items with a change on its way to the server (their checkbox waits for it). */
export function usePendingItemIds(releaseId: string): Set<string> {
  const ids = useMutationState({
    filters: { mutationKey: itemMutationKey(releaseId), status: "pending" },
    select: (mutation) => (mutation.state.variables as ItemMutationVariables | undefined)?.itemId,
  });
  return new Set(ids.filter((id): id is string => typeof id === "string"));
}

/**
 * A change that waits for the server (lifecycle, sign-offs, the release's details). What it moves arrives with
 * its live events; a conflict refetches the release, so that the other person's change shows.
 */
export function useReleaseChange<I, T>(releaseId: string, action: (input: I) => Promise<ActionResult<T>>) {
  const queryClient = useQueryClient();
  const key = releaseKeys.detail(releaseId);
  return useAction(action, {
    mutationKey: [...releaseMutationKey(releaseId), "change"],
    onFailure: (failure) => {
      if (staleAfter(failure)) refresh(queryClient, key);
    },
    refreshes: () => [key],
  });
}
