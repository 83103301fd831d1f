import { AlertTriangleIcon, BanIcon, CheckCircleIcon, CircleIcon, HandIcon, SkipIcon, SpinnerIcon, XCircleIcon } from "@/components/ui/icons";
import type { StepStatus } from "@/lib/generated/prisma/enums";
import { cn } from "@/lib/utils";

const stepIconClasses: Record<StepStatus, string> = {
  PENDING: "text-muted",
  RUNNING: "text-info",
  WAITING: "text-warning",
  SUCCEEDED: "text-success",
  FAILED: "text-danger",
  SKIPPED: "text-muted",
  CANCELLED: "text-muted",
  INTERRUPTED: "text-warning",
};

/** The icon for a step's status, in its tone. */
export function StepStatusIcon({ status, className }: { status: StepStatus; className?: string }) {
  const classes = cn(stepIconClasses[status], className);
  switch (status) {
    case "PENDING":
      return <CircleIcon className={classes} />;
    case "RUNNING":
      return <SpinnerIcon className={classes} />;
    case "WAITING":
      return <HandIcon className={classes} />;
    case "SUCCEEDED":
      return <CheckCircleIcon className={classes} />;
    case "FAILED":
      return <XCircleIcon className={classes} />;
    case "SKIPPED":
      return <SkipIcon className={classes} />;
    case "CANCELLED":
      return <BanIcon className={classes} />;
    case "INTERRUPTED":
      return <AlertTriangleIcon className={classes} />;
  }
}
