import { useId } from "react";
import { cn } from "@/lib/utils";

export type ProgressTone = "primary" | "success" | "warning" | "danger";

const toneClasses: Record<ProgressTone, string> = {
  primary: "bg-primary",
  success: "bg-success",
  warning: "bg-warning",
  danger: "bg-danger",
};

export type ProgressProps = {
  /** Accessible name, shown above the bar unless `hideLabel`. */
  label: string;
  /** Current value; `null` for an indeterminate bar. */
  value: number | null;
  max?: number;
  /** Human value text, e.g. "7 of 12 items". Announced as aria-valuetext. Defaults to a percentage. */
  valueText?: string;
  hideLabel?: boolean;
  tone?: ProgressTone;
  className?: string;
};

export function Progress({
  label,
  value,
  max = 100,
  valueText,
  hideLabel = false,
  tone = "primary",
  className,
}: ProgressProps) {
  const labelId = useId();
  const clamped = value === null ? null : Math.min(Math.max(value, 0), max);
  const percent = clamped === null || max <= 0 ? 0 : (clamped / max) * 100;
  const text = clamped === null ? "In progress" : (valueText ?? `${Math.round(percent)}%`);

  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <div className={cn("flex items-baseline justify-between gap-3 text-sm", hideLabel && "sr-only")}>
        <span id={labelId} className="font-medium text-foreground">
          {label}
        </span>
        {/* Determinate values are announced via aria-valuetext on the bar itself. */}
        <span aria-hidden={clamped !== null || undefined} className="text-muted tabular-nums">
          {text}
        </span>
      </div>
      {/* The WAI-ARIA progressbar pattern in plain markup (no script needed to show a value). */}
      <div
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={clamped ?? undefined}
        aria-valuetext={text}
        data-state={clamped === null ? "indeterminate" : clamped === max ? "complete" : "loading"}
        className="relative h-2 w-full overflow-hidden rounded-full bg-border"
      >
        <div
          className={cn(
            "h-full w-full rounded-full transition-transform duration-300 motion-reduce:transition-none",
            toneClasses[tone],
            clamped === null && "animate-pulse opacity-60 motion-reduce:animate-none",
          )}
          style={clamped === null ? undefined : { transform: `translateX(-${100 - percent}%)` }}
        />
      </div>
    </div>
  );
}
