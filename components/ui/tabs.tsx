"use client";

import type { ComponentProps, KeyboardEvent } from "react";
import { cn } from "@/lib/utils";

// The WAI-ARIA tabs pattern with manual activation: arrow keys (and Home, End) move focus along the tabs, Enter or
// Space (a click) selects one. Only the selected tab is in the page's tab order.

/** The tabs; `orientation` decides which arrow keys move between them. */
export function TabList({ orientation = "horizontal", className, onKeyDown, ...props }: ComponentProps<"div"> & { orientation?: "horizontal" | "vertical" }) {
  function move(event: KeyboardEvent<HTMLDivElement>) {
    onKeyDown?.(event);
    const [back, forward] = orientation === "vertical" ? ["ArrowUp", "ArrowDown"] : ["ArrowLeft", "ArrowRight"];
    const tabs = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]'));
    const index = tabs.indexOf(event.target as HTMLElement);
    if (index < 0) return;
    const next = { [back]: index - 1, [forward]: index + 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    tabs[(next + tabs.length) % tabs.length]?.focus();
  }
  return <div role="tablist" aria-orientation={orientation} onKeyDown={move} className={className} {...props} />;
}

/** One tab: a button that selects its panel. */
export function Tab({ selected, panelId, className, ...props }: ComponentProps<"button"> & { selected: boolean; panelId: string }) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={selected}
      aria-controls={selected ? panelId : undefined}
      tabIndex={selected ? 0 : -1}
      data-state={selected ? "active" : "inactive"}
      className={className}
      {...props}
    />
  );
}

/** The selected tab's panel. */
export function TabPanel({ className, ...props }: ComponentProps<"div">) {
  return <div role="tabpanel" tabIndex={0} className={cn("focus-visible:outline-none", className)} {...props} />;
}
