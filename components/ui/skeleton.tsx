import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

/**
 * A placeholder block. Purely decorative (hidden from assistive tech): put a
 * `role="status"` with visually hidden "Loading…" text around a group of skeletons.
 */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      aria-hidden="true"
      className={cn("animate-pulse rounded-md bg-border motion-reduce:animate-none", className)}
      {...props}
    />
  );
}
