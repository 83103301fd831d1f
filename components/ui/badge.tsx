import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

export type BadgeTone = "neutral" | "info" | "success" | "warning" | "danger";

const toneClasses: Record<BadgeTone, { badge: string; dot: string }> = {
  neutral: { badge: "border-border bg-surface-muted text-foreground", dot: "bg-muted" },
  info: { badge: "border-info/25 bg-info-soft text-info-text", dot: "bg-info" },
  success: { badge: "border-success/25 bg-success-soft text-success-text", dot: "bg-success" },
  warning: { badge: "border-warning/30 bg-warning-soft text-warning-text", dot: "bg-warning" },
  danger: { badge: "border-danger/25 bg-danger-soft text-danger-text", dot: "bg-danger" },
};

export type BadgeProps = ComponentProps<"span"> & {
  tone?: BadgeTone;
  /** Show a leading status dot. `"pulse"` animates it for in-progress states. */
  dot?: boolean | "pulse";
};

export function Badge({ tone = "neutral", dot = false, className, children, ...props }: BadgeProps) {
  const classes = toneClasses[tone];
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap",
        classes.badge,
        className,
      )}
      {...props}
    >
      {dot ? (
        <span
          aria-hidden="true"
          className={cn(
            "size-1.5 rounded-full",
            classes.dot,
            dot === "pulse" && "animate-pulse motion-reduce:animate-none",
          )}
        />
      ) : null}
      {children}
    </span>
  );
}
