"use client";

import { DropdownMenu } from "radix-ui";
import { MoreIcon } from "@/components/ui/icons";
import { mayMarkNotApplicable } from "@/lib/releases/release-day";
import type { ItemDialogState } from "./item-dialogs";
import type { Item } from "./release-data";

export interface ItemMenuPopupProps {
  item: Item;
  label: string;
  triggerClassName: string;
  onOpen: (kind: ItemDialogState["kind"], item: Item) => void;
}

/** The item's menu, open from the start (it mounts when the person asks for it: see ItemMenu in ./checklist.tsx). */
export function ItemMenuPopup({ item, label, triggerClassName, onOpen }: ItemMenuPopupProps) {
  const itemClasses =
    "flex cursor-pointer items-center rounded-sm px-2.5 py-1.5 text-sm text-foreground outline-none select-none data-[highlighted]:bg-surface-muted";
  return (
    <DropdownMenu.Root modal={false} defaultOpen>
      <DropdownMenu.Trigger aria-label={label} className={triggerClassName}>
        <MoreIcon />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          collisionPadding={8}
          className="z-50 min-w-52 rounded-md border border-border bg-surface p-1 shadow-lg animate-fade-in motion-reduce:animate-none"
        >
          <DropdownMenu.Item className={itemClasses} onSelect={() => onOpen("note", item)}>
            {item.note || item.evidenceUrl ? "Edit note or evidence…" : "Add note or evidence…"}
            <span className="ml-auto pl-4 text-xs text-muted">n</span>
          </DropdownMenu.Item>
          {mayMarkNotApplicable(item) && item.state !== "NOT_APPLICABLE" ? (
            <DropdownMenu.Item className={itemClasses} onSelect={() => onOpen("na", item)}>
              Mark not applicable…
            </DropdownMenu.Item>
          ) : null}
          {item.state !== "OPEN" ? (
            <DropdownMenu.Item className={itemClasses} onSelect={() => onOpen("untick", item)}>
              {item.state === "DONE" ? "Untick…" : "Reopen (clear N/A)…"}
            </DropdownMenu.Item>
          ) : null}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
