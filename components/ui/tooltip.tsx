"use client";

import type { ReactElement, ReactNode } from "react";
import { Tooltip as TooltipPrimitive } from "radix-ui";
import { cn } from "@/lib/utils";

export type TooltipProps = {
  /** The hint, e.g. why an action is unavailable. */
  content: ReactNode;
  /** A single focusable element (rendered as the trigger via `asChild`). */
  children: ReactElement;
  side?: "top" | "right" | "bottom" | "left";
  className?: string;
};

/**
 * A short hint shown on hover and keyboard focus. Needs the `Tooltip.Provider` from
 * `app/providers.tsx`.
 *
 * For "why is this disabled" hints, give the button `aria-disabled` rather than `disabled`:
 * a disabled `<button>` can't be focused or hovered, so the hint would never appear.
 * Don't put essential information only in a tooltip (touch users can't open it).
 */
export function Tooltip({ content, children, side = "top", className }: TooltipProps) {
  return (
    <TooltipPrimitive.Root>
      <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
      <TooltipPrimitive.Portal>
        <TooltipPrimitive.Content
          side={side}
          sideOffset={6}
          collisionPadding={8}
          className={cn(
            "z-50 max-w-xs rounded-md bg-foreground px-2.5 py-1.5 text-xs leading-snug font-medium text-canvas shadow-md",
            "animate-fade-in motion-reduce:animate-none",
            className,
          )}
        >
          {content}
          <TooltipPrimitive.Arrow className="fill-foreground" width={10} height={5} />
        </TooltipPrimitive.Content>
      </TooltipPrimitive.Portal>
    </TooltipPrimitive.Root>
  );
}
