import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

export type EmptyStateProps = {
  /** Decorative icon (an inline SVG); hidden from assistive tech. */
  icon?: ReactNode;
  title: string;
  description?: ReactNode;
  /** Usually a `<Button>` (or `<Button asChild><Link/></Button>`). */
  action?: ReactNode;
  /** Heading level for the title, to fit the page outline. */
  as?: "h2" | "h3";
  className?: string;
};

export function EmptyState({ icon, title, description, action, as: Heading = "h2", className }: EmptyStateProps) {
  return (
    <div
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed border-border-strong px-6 py-12 text-center",
        className,
      )}
    >
      {icon ? (
        <div
          aria-hidden="true"
          className="flex size-12 items-center justify-center rounded-full bg-surface-muted text-muted [&_svg]:size-6"
        >
          {icon}
        </div>
      ) : null}
      <div className="flex max-w-md flex-col gap-1">
        <Heading className="text-base font-semibold text-foreground">{title}</Heading>
        {description ? <p className="text-sm text-muted">{description}</p> : null}
      </div>
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
