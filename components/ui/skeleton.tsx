import type { ComponentProps, ReactNode } from "react";
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

/** A loading page or widget: its skeletons, announced once to assistive tech as `label` ("Loading the release…"). */
export function SkeletonGroup({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div role="status" className={cn("flex flex-col", className)}>
      <span className="sr-only">{label}</span>
      {children}
    </div>
  );
}

/** A page's header while it loads: breadcrumb, title and a line under it. */
export function PageHeaderSkeleton() {
  return (
    <div className="flex flex-col gap-3">
      <Skeleton className="h-4 w-40" />
      <Skeleton className="h-8 w-64 max-w-full" />
      <Skeleton className="h-4 w-96 max-w-full" />
    </div>
  );
}
