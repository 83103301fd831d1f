// Small inline icons for the deploy UI (decorative: always aria-hidden; the text next to them says it).
import type { ComponentProps } from "react";
import type { RunStatus, StepStatus } from "@/lib/generated/prisma/enums";
import { cn } from "@/lib/utils";

type IconProps = ComponentProps<"svg">;

function Icon({ children, className, ...props }: IconProps) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className={cn("size-4 shrink-0", className)}
      {...props}
    >
      {children}
    </svg>
  );
}

export const CheckCircleIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="m8 12.5 2.5 2.5L16 9.5" />
  </Icon>
);

export const XCircleIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="m9 9 6 6M15 9l-6 6" />
  </Icon>
);

export const SpinnerIcon = ({ className, ...props }: IconProps) => (
  <Icon className={cn("animate-spin motion-reduce:animate-none", className)} {...props}>
    <path d="M12 3a9 9 0 1 0 9 9" />
  </Icon>
);

export const HandIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="M10 9v6M14 9v6" />
  </Icon>
);

export const SkipIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="m9 8.5 4 3.5-4 3.5M15 8.5v7" />
  </Icon>
);

export const BanIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="m5.7 5.7 12.6 12.6" />
  </Icon>
);

export const AlertTriangleIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
    <path d="M12 9v4M12 17h.01" />
  </Icon>
);

export const CircleIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="12" cy="12" r="9" strokeDasharray="3 3" />
  </Icon>
);

export const ClockIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </Icon>
);

export const LockIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect x="4" y="11" width="16" height="10" rx="2" />
    <path d="M8 11V7a4 4 0 0 1 8 0v4" />
  </Icon>
);

export const RocketIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M5 15c-1.5 1.3-2 5-2 5s3.7-.5 5-2c.7-.8.7-2.1-.1-2.9a2.2 2.2 0 0 0-2.9-.1z" />
    <path d="m12 15-3-3a22 22 0 0 1 2-4A12.9 12.9 0 0 1 22 2c0 2.7-.8 7.5-6 11a22.4 22.4 0 0 1-4 2z" />
    <path d="M9 12H4s.6-3 2-4c1.6-1.1 5 0 5 0M12 15v5s3-.6 4-2c1.1-1.6 0-5 0-5" />
  </Icon>
);

export const UndoIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M9 14 4 9l5-5" />
    <path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />
  </Icon>
);

export const ExternalIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M14 4h6v6M20 4l-9 9" />
    <path d="M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5" />
  </Icon>
);

export const ArrowDownIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M12 5v14M6 13l6 6 6-6" />
  </Icon>
);

export const FlagIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M4 22V4M4 4h13l-2 4 2 4H4" />
  </Icon>
);

export const ServerIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect x="3" y="4" width="18" height="7" rx="1.5" />
    <rect x="3" y="13" width="18" height="7" rx="1.5" />
    <path d="M7 7.5h.01M7 16.5h.01" />
  </Icon>
);

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

export const runStatusTones: Record<RunStatus, { tone: "neutral" | "info" | "success" | "warning" | "danger"; pulse?: boolean }> = {
  QUEUED: { tone: "info", pulse: true },
  RUNNING: { tone: "info", pulse: true },
  WAITING: { tone: "warning" },
  NEEDS_DECISION: { tone: "warning" },
  SUCCEEDED: { tone: "success" },
  FAILED: { tone: "danger" },
  CANCELLING: { tone: "warning", pulse: true },
  CANCELLED: { tone: "neutral" },
};
